//! `kubectl events` (kubectl 1.33, `pkg/cmd/events`): the Events of a namespace (or all, `-A`),
//! optionally only those about one object (`--for TYPE/NAME`) or of some types (`--types`),
//! oldest first by last timestamp (Go's unstable `sort.Sort` over the list order, so ties land
//! where kubectl's do), as `LAST SEEN  TYPE  REASON  OBJECT  MESSAGE` with OBJECT as
//! `Kind/name`. `-o yaml|json` print the EventList. `--watch` follows the cluster ([`watch`]).

use super::args::{self, boolean, flag, short, short_bool};
use super::columns::go_sort;
use super::get::watch::{follow_events, request_timeout};
use super::printers::duration::human_duration;
use super::printers::json::to_json;
use super::printers::timefmt::parse_rfc3339;
use super::printers::yaml::to_yaml;
use super::printers::TabWriter;
use super::resource::Resource;
use crate::api::codec::event_to_value;
use crate::api::{Event, Time};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    short_bool("all-namespaces", 'A'),
    flag("for"),
    flag("types"),
    boolean("no-headers"),
    short("output", 'o'),
    short_bool("watch", 'w'),
    flag("chunk-size"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
];

pub fn events(cluster: &mut Cluster, args: &[String]) -> CommandOutput {
    let p = match args::parse(args, FLAGS, "events") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let all_namespaces = match p.bool("all-namespaces", false) {
        Ok(b) => b,
        Err(e) => return CommandOutput::failure(e),
    };
    let no_headers = match p.bool("no-headers", false) {
        Ok(b) => b,
        Err(e) => return CommandOutput::failure(e),
    };
    let output = p.get("output").unwrap_or("").to_string();
    const FORMATS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";
    if !matches!(output.as_str(), "" | "yaml" | "json") {
        return CommandOutput::failure(if FORMATS.split(',').any(|f| f == output) {
            format!("error: \"kubectl events -o {output}\" is not available in kubeplay (json and yaml are)")
        } else {
            format!("error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: {FORMATS}")
        });
    }
    let types: Vec<String> = p
        .all("types")
        .iter()
        .flat_map(|t| t.split(','))
        .map(str::to_string)
        .collect();
    if types
        .iter()
        .any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning"))
    {
        return CommandOutput::failure("error: valid --types are Normal or Warning");
    }
    let target = match p.get("for").filter(|f| !f.is_empty()) {
        None => None,
        Some(f) => match f.split_once('/') {
            Some((kind, name)) if !name.contains('/') && !kind.is_empty() && !name.is_empty() => {
                match Resource::parse(kind) {
                    Some(r) => Some((r.kind(), name.to_string())),
                    None => {
                        return CommandOutput::failure(format!(
                            "the server doesn't have a resource type \"{kind}\""
                        ))
                    }
                }
            }
            _ => return CommandOutput::failure("error: --for must be in resource/name form"),
        },
    };
    let namespace = p.namespace();
    if p.bool("watch", false).unwrap_or(false) {
        let timeout = match request_timeout(&p) {
            Ok(t) => t,
            Err(e) => return CommandOutput::failure(e),
        };
        let printer = WatchPrinter {
            output,
            all_namespaces,
            headers: !no_headers,
            printed: 0,
            widths: Vec::new(),
            out: CommandOutput::new(),
        };
        let scope = (!all_namespaces).then_some(namespace);
        return watch(cluster, scope, target, &types, printer, timeout);
    }
    let store = cluster.store();
    let scope = (!all_namespaces).then_some(namespace.as_str());
    let mut events: Vec<&Event> = events_about(store, scope, &target)
        .into_iter()
        .filter(|e| types.is_empty() || types.iter().any(|t| t.eq_ignore_ascii_case(e.type_)))
        .collect();
    // SortableEvents: by eventTime()
    go_sort(&mut events, &|a, b| sort_time(a) < sort_time(b));
    let mut out = CommandOutput::new();
    if output == "yaml" || output == "json" {
        let items: Vec<Value> = events.iter().map(|e| event_to_value(e)).collect();
        let rv = store.resource_version().to_string();
        out.out(if output == "yaml" {
            to_yaml(&json!({
                "apiVersion": "v1",
                "items": items,
                "kind": "EventList",
                "metadata": {"resourceVersion": rv},
            }))
        } else {
            event_list_json(&items, &rv)
        });
        return out;
    }
    if events.is_empty() {
        out.err(if all_namespaces {
            "No events found.\n".to_string()
        } else {
            format!("No events found in {namespace} namespace.\n")
        });
        return out;
    }
    let now = cluster.now();
    let mut text = String::new();
    if !no_headers {
        if all_namespaces {
            text.push_str("NAMESPACE\t");
        }
        text.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    }
    for e in events {
        let row = Row {
            namespace: &e.metadata.namespace,
            interval: interval(
                e.count.into(),
                e.stored_time(e.first_timestamp),
                e.stored_time(e.last_timestamp),
                now,
            ),
            type_: e.type_,
            reason: e.reason,
            kind: e.involved.kind,
            name: &e.involved.name,
            message: &e.message,
        };
        row.write(&mut text, all_namespaces);
    }
    out.out(TabWriter::kubectl_get().format(&text));
    out
}

/// `eventTime()` as read from the API: an events.k8s.io Event's series' lastObservedTime or
/// its eventTime (the scheduler's, which has no lastTimestamp); else the last timestamp.
fn sort_time(e: &Event) -> Time {
    let t = if e.last_timestamp != 0 && (!e.is_events_k8s_io() || e.count > 1) {
        e.last_timestamp
    } else {
        e.first_timestamp
    };
    e.stored_time(t)
}

/// `getInterval`: the age of the first timestamp, or `LAST (xN over FIRST)` for a repeated Event;
/// the times as the API holds them ([`Event::stored_time`]).
fn interval(count: i64, first: Time, last: Time, now: Time) -> String {
    let since = |t: Time| {
        if t == 0 {
            "<unknown>".to_string()
        } else {
            human_duration(now - t)
        }
    };
    if count > 1 {
        format!("{} (x{count} over {})", since(last), since(first))
    } else {
        since(first)
    }
}

/// One line of `EventPrinter.printOneEvent`.
struct Row<'a> {
    namespace: &'a str,
    interval: String,
    type_: &'a str,
    reason: &'a str,
    kind: &'a str,
    name: &'a str,
    message: &'a str,
}

impl Row<'_> {
    fn write(&self, text: &mut String, all_namespaces: bool) {
        if all_namespaces {
            text.push_str(self.namespace);
            text.push('\t');
        }
        text.push_str(&format!(
            "{}\t{}\t{}\t{}/{}\t{}\n",
            self.interval,
            self.type_,
            self.reason,
            self.kind,
            self.name,
            self.message.trim()
        ));
    }
}

/// `kubectl events --watch`'s printer, made once for the whole watch: the EventPrinter writes
/// its header before the first event only, into one tabwriter flushed after every event (so it
/// remembers column widths); `-o yaml` separates documents with `---`, `-o json` writes each
/// Event indented.
struct WatchPrinter {
    output: String,
    all_namespaces: bool,
    headers: bool,
    printed: usize,
    widths: Vec<usize>,
    out: CommandOutput,
}

impl WatchPrinter {
    /// `now`: the instant printed at, `None` for an event as it happens (the instant of the
    /// Event's last write).
    fn print(&mut self, v: &Value, now: Option<Time>) {
        match self.output.as_str() {
            "yaml" => {
                if self.printed > 0 {
                    self.out.out("---\n");
                }
                self.out.out(to_yaml(v));
            }
            "json" => self.out.out(format!("{}\n", event_json(v, ""))),
            _ => {
                let text_of = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default();
                let time_of = |k: &str| parse_rfc3339(text_of(k)).unwrap_or(0);
                // getInterval: an events.k8s.io Event (the scheduler's) has an eventTime and no
                // first/last timestamps
                let first = match v.get("eventTime").and_then(Value::as_str) {
                    Some(t) => parse_rfc3339(t).unwrap_or(0),
                    None => time_of("firstTimestamp"),
                };
                let series_last = v
                    .pointer("/series/lastObservedTime")
                    .and_then(Value::as_str)
                    .and_then(parse_rfc3339);
                let last = match (series_last, time_of("lastTimestamp")) {
                    (Some(t), _) => t,
                    (None, 0) => first,
                    (None, t) => t,
                };
                let involved = |k: &str| {
                    v.pointer(&format!("/involvedObject/{k}"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                };
                let mut text = String::new();
                if self.headers && self.printed == 0 {
                    if self.all_namespaces {
                        text.push_str("NAMESPACE\t");
                    }
                    text.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
                }
                let row = Row {
                    namespace: v
                        .pointer("/metadata/namespace")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                    interval: interval(
                        v.pointer("/series/count")
                            .or_else(|| v.get("count"))
                            .and_then(Value::as_i64)
                            .unwrap_or(1),
                        first,
                        last,
                        now.unwrap_or(last.max(first)),
                    ),
                    type_: text_of("type"),
                    reason: text_of("reason"),
                    kind: involved("kind"),
                    name: involved("name"),
                    message: text_of("message"),
                };
                row.write(&mut text, self.all_namespaces);
                self.out
                    .out(TabWriter::kubectl_get().format_flush(&text, &mut self.widths));
            }
        }
        self.printed += 1;
    }
}

/// `runWatch`: no list first. The watch opens with an ADDED event for every Event that matches
/// (the watch cache's initial events, in key order: namespace, then name), then reports each
/// write as it happens, DELETED ones left out; `--types` filters on the client. The watch
/// follows the virtual clock as `kubectl get --watch` does (`get/watch.rs`).
fn watch(
    cluster: &mut Cluster,
    scope: Option<String>,
    target: Option<(&'static str, String)>,
    types: &[String],
    mut printer: WatchPrinter,
    timeout: Option<i64>,
) -> CommandOutput {
    let wanted = |v: &Value| {
        let t = v.get("type").and_then(Value::as_str).unwrap_or_default();
        types.is_empty() || types.iter().any(|x| x.eq_ignore_ascii_case(t))
    };
    // the list order is the key order the watch cache sends its initial events in
    let initial = events_about(cluster.store(), scope.as_deref(), &target);
    let now = cluster.now();
    for v in initial
        .into_iter()
        .map(event_to_value)
        .filter(|v| wanted(v))
    {
        printer.print(&v, Some(now));
    }
    let fields = target
        .map(|(kind, name)| {
            vec![
                ("involvedObject.kind".to_string(), true, kind.to_string()),
                ("involvedObject.name".to_string(), true, name),
            ]
        })
        .unwrap_or_default();
    follow_events(cluster, scope, fields, timeout, |event, v| {
        if event != "DELETED" && wanted(v) {
            printer.print(v, None);
        }
    });
    printer.out
}

/// The Events of `scope` (every namespace when `None`) about `target` (`--for`), if given, in
/// the API's list order (namespace, then name).
fn events_about<'a>(
    store: &'a crate::store::Store,
    scope: Option<&str>,
    target: &Option<(&'static str, String)>,
) -> Vec<&'a Event> {
    let about = |e: &Event| {
        target
            .as_ref()
            .is_none_or(|(kind, name)| e.involved.kind == *kind && *e.involved.name == **name)
    };
    store
        .events
        .listed(|e| scope.is_none_or(|ns| e.metadata.namespace == ns) && about(e))
        .collect()
}

/// The EventList as kubectl's JSON printer writes the typed object: fields in the Go structs'
/// order (`kind`, `apiVersion`, `metadata`, `involvedObject`, …), not sorted.
fn event_list_json(items: &[Value], resource_version: &str) -> String {
    let mut out = format!(
        "{{\n    \"kind\": \"EventList\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {{\n        \"resourceVersion\": {}\n    }},\n    \"items\": [",
        to_json(&json!(resource_version))
    );
    for (i, item) in items.iter().enumerate() {
        out.push_str(if i == 0 { "\n        " } else { ",\n        " });
        out.push_str(&event_json(item, "        "));
    }
    out.push_str(if items.is_empty() {
        "]\n}\n"
    } else {
        "\n    ]\n}\n"
    });
    out
}

/// One Event as `json.MarshalIndent` writes the typed object (fields in the Go structs' order),
/// every line after the first indented by `indent`.
fn event_json(item: &Value, indent: &str) -> String {
    const EVENT: &[&str] = &[
        "kind",
        "apiVersion",
        "metadata",
        "involvedObject",
        "reason",
        "message",
        "source",
        "firstTimestamp",
        "lastTimestamp",
        "count",
        "type",
        "eventTime",
        "series",
        "action",
        "reportingComponent",
        "reportingInstance",
    ];
    const NESTED: &[(&str, &[&str])] = &[
        (
            "metadata",
            &[
                "name",
                "namespace",
                "uid",
                "resourceVersion",
                "creationTimestamp",
            ],
        ),
        (
            "involvedObject",
            &[
                "kind",
                "namespace",
                "name",
                "uid",
                "apiVersion",
                "resourceVersion",
                "fieldPath",
            ],
        ),
        ("source", &["component", "host"]),
        ("series", &["count", "lastObservedTime"]),
    ];
    let mut out = String::from("{");
    let fields: Vec<(&str, &Value)> = EVENT
        .iter()
        .filter_map(|k| item.get(*k).map(|v| (*k, v)))
        .collect();
    for (j, (key, value)) in fields.iter().enumerate() {
        out.push_str(if j == 0 { "\n" } else { ",\n" });
        out.push_str(&format!("{indent}    {}: ", to_json(&json!(key))));
        match NESTED.iter().find(|(k, _)| k == key) {
            Some((_, order)) => {
                out.push('{');
                let inner: Vec<(&str, &Value)> = order
                    .iter()
                    .filter_map(|k| value.get(*k).map(|v| (*k, v)))
                    .collect();
                for (n, (k, v)) in inner.iter().enumerate() {
                    out.push_str(if n == 0 { "\n" } else { ",\n" });
                    out.push_str(&format!(
                        "{indent}        {}: {}",
                        to_json(&json!(k)),
                        to_json(v)
                    ));
                }
                // an empty struct (the scheduler's source) is `{}`, as MarshalIndent writes it
                if !inner.is_empty() {
                    out.push_str(&format!("\n{indent}    "));
                }
                out.push('}');
            }
            None => out.push_str(&to_json(value)),
        }
    }
    out.push_str(&format!("\n{indent}}}"));
    out
}
