//! `kubectl get --watch|-w`, `--watch-only` and `--output-watch-events`, as kubectl v1.33's
//! `GetOptions.watch` (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go) does them:
//!
//! - one resource type only (the builder's `SingleResourceType`: "you may only specify a single
//!   resource type"; `TYPE/NAME` arguments of different types: "watch is only supported on
//!   individual resources and resource collections - more than 1 resource was found");
//! - `--sort-by` is ignored with a warning; no "No resources found" line;
//! - the list is printed first (unless `--watch-only`) through one tabwriter that the watch keeps
//!   using, flushed once for the list and once per event. The writer remembers column widths
//!   (`printers.GetNewTabWriter` sets `tabwriter.RememberWidths`), so event rows line up with the
//!   header unless a cell is wider than any before it. The header is printed once, with the first
//!   row printed (`HumanReadablePrinter.printedHeaders`), so an empty list followed by an ADDED
//!   event prints the header then;
//! - every event is printed with the same printer: one table row (no header), or the object for
//!   `-o name|yaml|json|jsonpath|go-template|custom-columns` (YAML documents separated by `---`);
//!   `--output-watch-events` prefixes an EVENT column (or wraps the object as a `WatchEvent`).
//!
//! Events: the API server sends one per write that bumps an object's resourceVersion and the
//! last state of a deleted object. kubeplay's write helpers (sim, controllers) call
//! [`crate::sim::Cluster::watched`], which, only while a watch runs, renders the row of the object
//! as written, at that virtual instant (so AGE is the age at the event). An object that stops
//! matching the label/field selector is reported DELETED, one that starts matching ADDED.
//! Watched kinds: Pods, ReplicaSets, Deployments, StatefulSets, ControllerRevisions,
//! PersistentVolumeClaims, PersistentVolumes, Events and Nodes (Ready transitions). Services,
//! Namespaces and Endpoints (computed when read) print their list and no events.
//!
//! A real watch runs until interrupted. Here the command follows the virtual clock, timer by
//! timer, until nothing pending can change the watched objects (see [`settled`]: the cluster is
//! settled as `sim settle` defines it and, for a pod watch, no watched pod is crash-looping,
//! being probed or in image pull back-off) or until `--request-timeout` (kubectl applies it to
//! the watch request; at most `wait::MAX_FOLLOW_MS`, a week) or
//! [`DEFAULT_WATCH_MS`] of virtual time has passed; then it returns with exit code 0, as an
//! interrupted watch does. The clock stays at the last instant the watch followed.

use super::{columns_of, field_value, rows, table_text, Format, Item};
use crate::api::ObjKey;
use crate::kubectl::args::Parsed;
use crate::kubectl::printers::TabWriter;
use crate::kubectl::resource::Resource;
use crate::kubectl::selector::Selector;
use crate::kubectl::{columns, gotemplate, jsonpath};
use crate::output::CommandOutput;
use crate::sim::{Cluster, Timer};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// How long a watch follows the cluster without `--request-timeout`: 10 minutes of virtual time
/// (the same bound as `sim settle`).
pub const DEFAULT_WATCH_MS: i64 = 600_000;

/// What `render` fetched and checked before the watch starts.
pub(super) struct Start {
    pub(super) r: Resource,
    /// Names asked for (`get pod a b`, `get pod/a`); empty for the whole collection.
    pub(super) names: Vec<String>,
    /// The namespace watched; `None` for `-A`.
    pub(super) scope: Option<String>,
    pub(super) selector: Option<Selector>,
    pub(super) fields: Option<Vec<(String, bool, String)>>,
    /// The printer or the field selector needs each object's JSON.
    pub(super) need_obj: bool,
    pub(super) format: Format,
    /// The initial list.
    pub(super) items: Vec<Item>,
}

/// The watch the cluster feeds while `kubectl get -w` runs: its filters, the objects the client
/// has seen (to tell ADDED from MODIFIED), and the events not printed yet.
#[derive(Debug, Clone)]
pub struct GetWatch {
    /// `Resource::kind()` of the watched type.
    pub(crate) kind: &'static str,
    r: Resource,
    names: Vec<String>,
    scope: Option<String>,
    selector: Option<Selector>,
    fields: Option<Vec<(String, bool, String)>>,
    need_obj: bool,
    /// Objects the client has seen, with the last state it got (a watch reports an object
    /// that stops matching its selector as DELETED with that previous state).
    known: BTreeMap<ObjKey, Item>,
    events: Vec<(&'static str, Item)>,
}

impl GetWatch {
    fn observe(&mut self, c: &Cluster, key: &ObjKey, deleted: bool) {
        let namespaced = self.r.namespaced();
        if namespaced && self.scope.as_ref().is_some_and(|s| **s != *key.namespace()) {
            return;
        }
        if !self.names.is_empty() && !self.names.iter().any(|n| **n == *key.name()) {
            return;
        }
        let ns = namespaced.then_some(key.namespace());
        let Some(row) = rows(c, self.r, ns, Some(key.name())).into_iter().next() else {
            return;
        };
        let obj = if self.need_obj {
            c.object_value(self.r, key.namespace(), key.name())
                .unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        let matches = !deleted
            && self
                .selector
                .as_ref()
                .is_none_or(|s| s.matches(&row.labels))
            && self.fields.as_ref().is_none_or(|fs| {
                fs.iter().all(|(k, eq, v)| {
                    (field_value(self.r, &obj, k).unwrap_or_default() == *v) == *eq
                })
            });
        let item = Item {
            r: self.r,
            row,
            obj,
        };
        if !matches {
            if let Some(mut last) = self.known.remove(key) {
                // the cacher's DELETED event: the previous object when the selector stopped
                // matching (the server prints its table row now, so AGE is current), the final
                // one when the object was deleted
                if !deleted {
                    if let Some(i) = columns_of(self.r).iter().position(|c| c.0 == "AGE") {
                        last.row.cells[i] = item.row.cells[i].clone();
                    }
                }
                self.events
                    .push(("DELETED", if deleted { item } else { last }));
            }
            return;
        }
        let event = if self.known.contains_key(key) {
            "MODIFIED"
        } else {
            "ADDED"
        };
        self.known.insert(key.clone(), item.clone());
        self.events.push((event, item));
    }
}

/// Called by [`Cluster::watched`] when an object of the watched kind was written, or is about to
/// be removed (`deleted`).
pub(crate) fn record(c: &mut Cluster, key: &ObjKey, deleted: bool) {
    if let Some(mut w) = c.get_watch.take() {
        w.observe(c, key, deleted);
        c.get_watch = Some(w);
    }
}

/// `--watch` or `--watch-only` given (and true).
pub(super) fn requested(p: &Parsed) -> bool {
    p.bool("watch", false).unwrap_or(false) || p.bool("watch-only", false).unwrap_or(false)
}

/// The builder's checks of a watch over more than one type.
pub(super) fn single_type_error(
    positional: &[String],
    targets: &[(Resource, Option<String>)],
) -> Option<String> {
    let kinds: BTreeSet<&str> = targets.iter().map(|(r, _)| r.kind()).collect();
    if kinds.len() < 2 {
        return None;
    }
    Some(if positional.iter().any(|a| a.contains('/')) {
        "error: watch is only supported on individual resources and resource collections - more than 1 resource was found".into()
    } else {
        "error: you may only specify a single resource type".into()
    })
}

/// `--request-timeout` as clientcmd's `ParseTimeout` reads it: a non-negative integer is
/// seconds, anything else a Go duration (a negative one means no timeout, as for `http.Client`);
/// `None` for no timeout.
pub(crate) fn request_timeout(p: &Parsed) -> Result<Option<i64>, String> {
    let Some(v) = p.get("request-timeout") else {
        return Ok(None);
    };
    let ms = match v.parse::<i64>() {
        Ok(s) if s >= 0 => Some(s.saturating_mul(1000)),
        _ => crate::kubectl::printers::duration::parse_go_duration_ns(v)
            .ok()
            .map(|ns| ns / 1_000_000),
    };
    match ms {
        Some(ms) => Ok((ms > 0).then_some(ms.min(crate::kubectl::wait::MAX_FOLLOW_MS))),
        None => Err("error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)".into()),
    }
}

/// The printer kubectl builds once for the watch, with the state it keeps between objects.
struct Printer<'a> {
    p: &'a Parsed,
    r: Resource,
    format: Format,
    with_ns: bool,
    events: bool,
    no_headers: bool,
    /// `HumanReadablePrinter.printedHeaders` (and the custom-columns printer's `lastType`).
    printed_header: bool,
    /// `YAMLPrinter.printCount`.
    printed: usize,
    /// The shared tabwriter's remembered column widths.
    widths: Vec<usize>,
}

impl Printer<'_> {
    /// Prints objects as one `PrintObj` per object followed by one flush.
    fn print(&mut self, out: &mut CommandOutput, items: &[Item], event: &str) {
        if items.is_empty() {
            return;
        }
        if let Format::Table { wide } = self.format {
            let headers = !self.no_headers && !self.printed_header;
            let with_kind = self.p.bool("show-kind", false).unwrap_or(false);
            let mut text = table_text(
                self.r,
                items,
                self.p,
                self.with_ns,
                wide,
                with_kind,
                headers,
            );
            if self.events {
                text = text
                    .lines()
                    .enumerate()
                    .map(|(i, l)| {
                        let e = if i == 0 && headers { "EVENT" } else { event };
                        format!("{e}\t{l}\n")
                    })
                    .collect();
            }
            self.printed_header = true;
            out.out(TabWriter::kubectl_get().format_flush(&text, &mut self.widths));
            return;
        }
        let docs = items.iter().map(|it| {
            if self.events {
                json!({"type": event, "object": it.obj})
            } else {
                it.obj.clone()
            }
        });
        if let Format::Columns(spec) = &self.format {
            // CustomColumnsPrinter writes to the watch's tabwriter: header once, one flush
            let cols = columns::parse_spec(spec).unwrap_or_default();
            let hide = self.no_headers || self.printed_header;
            let docs: Vec<Value> = docs.collect();
            match columns::render_flush(&cols, &docs, hide, &mut self.widths) {
                Ok(s) => out.out(s),
                Err((partial, e)) => {
                    out.out(partial);
                    out.err(format!("error: {e}\n"));
                }
            }
            self.printed_header = true;
            return;
        }
        for (it, doc) in items.iter().zip(docs) {
            match &self.format {
                Format::Table { .. } => {}
                Format::Name => {
                    out.out(format!("{}/{}\n", self.r.qualified_singular(), it.row.name))
                }
                Format::Yaml => {
                    if self.printed > 0 {
                        out.out("---\n");
                    }
                    out.out(crate::kubectl::printers::yaml::to_yaml(&doc));
                }
                // JSONPrinter: a WatchEvent is written with json.Marshal, on one line
                Format::Json => out.out(format!("{}\n", jsonpath::go_json(&doc, !self.events))),
                Format::JsonPath { template, as_json } => {
                    let allow = self
                        .p
                        .bool("allow-missing-template-keys", true)
                        .unwrap_or(true);
                    match jsonpath::print(template, &doc, *as_json, allow) {
                        Ok(s) => out.out(s),
                        Err(e) => out.err(format!("error: {e}\n")),
                    }
                }
                Format::GoTemplate(t) => match gotemplate::render(t, &doc) {
                    Ok(s) => out.out(s),
                    Err(e) => out.err(format!("error: error executing template \"{t}\": {e}\n")),
                },
                Format::Columns(_) => {}
            }
            self.printed += 1;
        }
    }
}

/// Nothing pending could change the watched objects: the cluster is settled as `sim settle`
/// defines it, and no watched pod (for Events: no pod of the watched namespaces) is in image
/// pull back-off (its STATUS keeps alternating between ErrImagePull and ImagePullBackOff, and
/// every retry records Events, which a real watch shows), crash-looping, or being probed.
fn settled(cluster: &Cluster) -> bool {
    if crate::kubectl::simcmd::has_pending_work(cluster) {
        return false;
    }
    let Some(w) = cluster.get_watch.as_ref() else {
        return true;
    };
    let watched = |pod: &ObjKey| match w.r {
        Resource::Pod => w.known.contains_key(pod),
        // each retry records its Events (Pulling, Failed, BackOff)
        Resource::Event => w.scope.as_ref().is_none_or(|s| **s == *pod.namespace()),
        _ => false,
    };
    !cluster.pending_timers().any(|t| match t {
        Timer::PullRetry { pod, .. } | Timer::PullBackOff { pod, .. } => watched(pod),
        // each retry records its Events (FailedMount, Pulled and Failed)
        Timer::MountRetry { pod, .. } | Timer::ConfigRetry { pod, .. } => watched(pod),
        // a crash loop and failing probes keep writing the pod's status (and its Events)
        Timer::ContainerExited { pod, .. }
        | Timer::ContainerSync { pod, .. }
        | Timer::ContainerPulled { pod, .. }
        | Timer::ContainerStarted { pod, .. }
        | Timer::Probe { pod, .. } => watched(pod),
        // a schedule makes Jobs, their pods and Events for ever
        Timer::SyncCronJob(cj) => {
            matches!(
                w.r,
                Resource::CronJob | Resource::Job | Resource::Pod | Resource::Event
            ) && w.scope.as_ref().is_none_or(|s| **s == *cj.namespace())
        }
        _ => false,
    })
}

/// Prints the initial list, then follows the cluster and prints every event (module docs).
pub(super) fn run(
    cluster: &mut Cluster,
    p: &Parsed,
    start: Start,
    mut out: CommandOutput,
) -> CommandOutput {
    let timeout = request_timeout(p).ok().flatten();
    let flag = |n: &str| p.bool(n, false).unwrap_or(false);
    let Start {
        r,
        names,
        scope,
        selector,
        fields,
        need_obj,
        format,
        items,
    } = start;
    let mut printer = Printer {
        p,
        r,
        format,
        with_ns: scope.is_none() && r.namespaced(),
        events: flag("output-watch-events"),
        no_headers: flag("no-headers"),
        printed_header: false,
        printed: 0,
        widths: Vec::new(),
    };
    if !flag("watch-only") {
        printer.print(&mut out, &items, "ADDED");
    }
    let known = items
        .iter()
        .map(|it| {
            let key = ObjKey::new(it.row.namespace.clone(), it.row.name.clone());
            (key, it.clone())
        })
        .collect();
    let watch = GetWatch {
        kind: r.kind(),
        r,
        names,
        scope,
        selector,
        fields,
        need_obj,
        known,
        events: Vec::new(),
    };
    follow(cluster, watch, timeout, |event, item| {
        printer.print(&mut out, std::slice::from_ref(&item), event)
    });
    out
}

/// Installs `watch` and follows the cluster timer by timer (module docs), handing every event
/// to `emit` at the instant it happened; the clock stays where the watch stopped.
fn follow(
    cluster: &mut Cluster,
    watch: GetWatch,
    timeout: Option<i64>,
    mut emit: impl FnMut(&'static str, Item),
) {
    cluster.get_watch = Some(Box::new(watch));
    let deadline = cluster.now() + timeout.unwrap_or(DEFAULT_WATCH_MS);
    loop {
        let settled = settled(cluster);
        let more = match cluster.next_timer_at() {
            _ if settled => false,
            Some(t) if t <= deadline => {
                cluster.step();
                true
            }
            Some(_) => {
                cluster.advance_to(deadline);
                false
            }
            None => false,
        };
        let events = cluster
            .get_watch
            .as_mut()
            .map(|w| std::mem::take(&mut w.events))
            .unwrap_or_default();
        for (event, item) in events {
            emit(event, item);
        }
        if !more {
            break;
        }
    }
    cluster.get_watch = None;
}

/// A watch on the Events of `scope` (all namespaces when `None`) that match the field
/// selector `fields`, for `kubectl events --watch`: `emit` gets each watch event's type and
/// the Event as the API server sends it.
pub(crate) fn follow_events(
    cluster: &mut Cluster,
    scope: Option<String>,
    fields: Vec<(String, bool, String)>,
    timeout: Option<i64>,
    mut emit: impl FnMut(&'static str, &Value),
) {
    let watch = GetWatch {
        kind: Resource::Event.kind(),
        r: Resource::Event,
        names: Vec::new(),
        scope,
        selector: None,
        fields: Some(fields),
        need_obj: true,
        known: BTreeMap::new(),
        events: Vec::new(),
    };
    follow(cluster, watch, timeout, |event, item| {
        emit(event, &item.obj)
    });
}
