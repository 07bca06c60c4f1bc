//! `kubectl rollout status|history|undo|restart|pause|resume` for the kinds whose history is
//! ControllerRevisions, StatefulSets and DaemonSets (spec §9.3–§9.5): their status viewers,
//! history from the revisions they control, rollback by re-applying a revision's template.

use super::args::Parsed;
use super::printers::duration::parse_go_duration;
use super::printers::timefmt::rfc3339;
use super::printers::TabWriter;
use super::resource::Resource;
use crate::api::daemonset::DaemonSet;
use crate::api::{ControllerRevision, LabelSelector, ObjectMeta, PodTemplateSpec, StatefulSet};
use crate::controllers::daemon::DsWatch;
use crate::controllers::deployment::util::CHANGE_CAUSE;
use crate::controllers::statefulset::history::{revision_data, revision_template};
use crate::controllers::statefulset::StsWatch;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

/// How long a blocking `rollout status` waits (virtual time) when no `--timeout` is given.
const DEFAULT_WAIT_MS: i64 = 3_600_000;

/// A kind whose rollout history is ControllerRevisions.
#[derive(Debug, Clone)]
pub enum Workload {
    StatefulSet(StatefulSet),
    DaemonSet(DaemonSet),
}

impl Workload {
    fn resource(&self) -> Resource {
        match self {
            Workload::StatefulSet(_) => Resource::StatefulSet,
            Workload::DaemonSet(_) => Resource::DaemonSet,
        }
    }

    fn meta(&self) -> &ObjectMeta {
        match self {
            Workload::StatefulSet(s) => &s.metadata,
            Workload::DaemonSet(d) => &d.metadata,
        }
    }

    fn selector(&self) -> &LabelSelector {
        match self {
            Workload::StatefulSet(s) => &s.spec.selector,
            Workload::DaemonSet(d) => &d.spec.selector,
        }
    }

    fn template(&self) -> &PodTemplateSpec {
        match self {
            Workload::StatefulSet(s) => &s.spec.template,
            Workload::DaemonSet(d) => &d.spec.template,
        }
    }

    fn status_message(&self) -> Result<(String, bool), String> {
        match self {
            Workload::StatefulSet(s) => status_message(s),
            Workload::DaemonSet(d) => daemonset_status_message(d),
        }
    }

    /// `statefulset.apps/web`: the name printer's form.
    fn prefix(&self) -> String {
        format!(
            "{}/{}",
            self.resource().qualified_singular(),
            self.meta().name
        )
    }

    /// The live object as the API serves it.
    fn fetch(&self, cluster: &Cluster) -> Result<Value, String> {
        let m = self.meta();
        cluster
            .object_value(self.resource(), &m.namespace, &m.name)
            .ok_or_else(|| super::not_found(self.resource(), &m.name))
    }
}

/// The workload of kind `r` named `key`, if it is one of these kinds and exists.
pub fn lookup(cluster: &Cluster, r: Resource, key: &crate::api::ObjKey) -> Option<Workload> {
    let s = cluster.store();
    match r {
        Resource::StatefulSet => s.statefulsets.get(key).cloned().map(Workload::StatefulSet),
        Resource::DaemonSet => s.daemonsets.get(key).cloned().map(Workload::DaemonSet),
        _ => None,
    }
}

pub fn run(
    cluster: &mut Cluster,
    sub: &str,
    w: Workload,
    p: &Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let what = || {
        format!(
            "error: {} \"{}\"",
            w.resource().qualified_plural(),
            w.meta().name
        )
    };
    match sub {
        "status" => status(cluster, w, p, out),
        "history" => history(cluster, &w, p, out),
        "undo" => undo(cluster, &w, p, out),
        "restart" => restart(cluster, &w, p, out),
        "pause" => Err(format!("{} pausing is not supported", what())),
        _ => Err(format!("{} resuming is not supported", what())),
    }
}

/// `DaemonSetStatusViewer.Status` (spec §9.3, upstream TestDaemonSetStatusViewerStatus).
pub fn daemonset_status_message(d: &DaemonSet) -> Result<(String, bool), String> {
    if d.spec.update_strategy.type_ != "RollingUpdate" {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let st = &d.status;
    let n = &d.metadata.name;
    if d.metadata.generation > st.observed_generation {
        return Ok((
            "Waiting for daemon set spec update to be observed...\n".into(),
            false,
        ));
    }
    if st.updated_number_scheduled < st.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set {n:?} rollout to finish: {} out of {} new pods have been updated...\n",
                st.updated_number_scheduled, st.desired_number_scheduled
            ),
            false,
        ));
    }
    if st.number_available < st.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set {n:?} rollout to finish: {} of {} updated pods are available...\n",
                st.number_available, st.desired_number_scheduled
            ),
            false,
        ));
    }
    Ok((format!("daemon set {n:?} successfully rolled out\n"), true))
}

/// The StatefulSet status viewer (spec §9.3): (message, done) or an error.
pub fn status_message(s: &StatefulSet) -> Result<(String, bool), String> {
    let us = &s.spec.update_strategy;
    if us.type_ != "RollingUpdate" {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let st = &s.status;
    if st.observed_generation == 0 || s.metadata.generation > st.observed_generation {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    let replicas = s.spec.replicas;
    if st.ready_replicas < replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...\n",
                replicas - st.ready_replicas
            ),
            false,
        ));
    }
    if let Some(ru) = &us.rolling_update {
        if let Some(partition) = ru.partition {
            if st.updated_replicas < replicas - partition {
                return Ok((format!("Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n", st.updated_replicas, replicas - partition), false));
            }
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...\n",
                st.updated_replicas
            ),
            true,
        ));
    }
    if st.update_revision != st.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...\n",
                st.updated_replicas, st.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...\n",
            st.current_replicas, st.current_revision
        ),
        true,
    ))
}

fn status(
    cluster: &mut Cluster,
    w: Workload,
    p: &Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let watch = p.bool("watch", true)?;
    let timeout_ms = match p.get("timeout") {
        Some(t) => parse_go_duration(t)
            .map_err(|e| format!("invalid argument \"{t}\" for \"--timeout\" flag: {e}"))?
            as i64,
        None => 0,
    }
    .min(super::wait::MAX_FOLLOW_MS);
    let (msg, done) = w.status_message().map_err(|e| format!("error: {e}"))?;
    out.out(msg);
    if done || !watch {
        return Ok(());
    }
    let key = w.meta().key();
    let r = w.resource();
    let deadline = cluster.now()
        + if timeout_ms > 0 {
            timeout_ms
        } else {
            DEFAULT_WAIT_MS
        };
    match r {
        Resource::DaemonSet => {
            cluster.ds_watch = Some(DsWatch {
                key: key.clone(),
                seen: Vec::new(),
            })
        }
        _ => {
            cluster.sts_watch = Some(StsWatch {
                key: key.clone(),
                seen: Vec::new(),
            })
        }
    }
    let result = loop {
        match cluster.next_timer_at() {
            Some(t) if t <= deadline => {
                cluster.step();
            }
            None if timeout_ms <= 0 => {
                super::rollout::wait_interrupted(out);
                break Ok(());
            }
            _ => {
                cluster.advance_to(deadline);
                break Err("timed out waiting for the condition".to_string());
            }
        }
        let seen: Vec<Workload> = match r {
            Resource::DaemonSet => cluster
                .ds_watch
                .as_mut()
                .map(|w| std::mem::take(&mut w.seen))
                .unwrap_or_default()
                .into_iter()
                .map(Workload::DaemonSet)
                .collect(),
            _ => cluster
                .sts_watch
                .as_mut()
                .map(|w| std::mem::take(&mut w.seen))
                .unwrap_or_default()
                .into_iter()
                .map(Workload::StatefulSet)
                .collect(),
        };
        if lookup(cluster, r, &key).is_none() {
            break Err("object has been deleted".to_string());
        }
        let mut finished = None;
        for s in seen {
            match s.status_message() {
                Ok((m, done)) => {
                    out.out(m);
                    if done {
                        finished = Some(Ok(()));
                        break;
                    }
                }
                Err(e) => {
                    finished = Some(Err(e));
                    break;
                }
            }
        }
        if let Some(f) = finished {
            break f;
        }
    };
    cluster.sts_watch = None;
    cluster.ds_watch = None;
    result.map_err(|e| format!("error: {e}"))
}

/// `statefulSetHistory` / `daemonSetHistory`: revisions its selector matches and it controls,
/// by revision.
fn revisions(cluster: &Cluster, w: &Workload) -> Vec<ControllerRevision> {
    let mut v: Vec<ControllerRevision> = cluster
        .store()
        .controllerrevisions
        .owned_iter(&w.meta().uid)
        .filter(|r| w.selector().matches(&r.metadata.labels))
        .cloned()
        .collect();
    crate::sort::sort_by_key(&mut v, |r| r.revision);
    v
}

fn parse_i64(flag: &str, v: &str) -> Result<i64, String> {
    v.parse().map_err(|_| {
        format!("invalid argument \"{v}\" for \"--{flag}\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax")
    })
}

fn history(
    cluster: &mut Cluster,
    w: &Workload,
    p: &Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let revs = revisions(cluster, w);
    let prefix = w.prefix();
    let want = p
        .get("revision")
        .map(|v| parse_i64("revision", v))
        .transpose()?;
    if let Some(o) = p.get("output").filter(|o| !o.is_empty()) {
        // with -o, `applyRevision`: the object with each revision's template, by revision
        // (a later ControllerRevision of the same number replaces an earlier one)
        let live = w.fetch(cluster)?;
        let mut by_revision = std::collections::BTreeMap::new();
        for r in &revs {
            by_revision.insert(r.revision, r);
        }
        let want = want.unwrap_or(0);
        let objects = by_revision
            .into_iter()
            .filter(|(v, _)| want <= 0 || *v == want)
            .map(|(_, r)| {
                let mut obj = live.clone();
                obj["spec"]["template"] =
                    crate::api::codec::template_to_value(&revision_template(r));
                (prefix.clone(), obj)
            })
            .collect();
        return super::rollout::print_history_objects(out, o, want, objects);
    }
    if revs.is_empty() {
        out.out(format!("{prefix} \nNo rollout history found.\n"));
        return Ok(());
    }
    if let Some(want) = want.filter(|w| *w > 0) {
        let Some(r) = revs.iter().rev().find(|r| r.revision == want) else {
            return Err("error: unable to find the specified revision".into());
        };
        out.out(format!("{prefix} with revision #{want}\n"));
        out.out(super::describe::pod_template_raw(&revision_template(r)));
        out.out("\n");
        return Ok(());
    }
    let mut text = String::from("REVISION\tCHANGE-CAUSE\n");
    let mut seen = std::collections::BTreeMap::new();
    for r in &revs {
        seen.insert(r.revision, r);
    }
    for (v, r) in seen {
        let cause = r
            .metadata
            .annotations
            .get(CHANGE_CAUSE)
            .filter(|c| !c.is_empty())
            .cloned()
            .unwrap_or("<none>".into());
        text.push_str(&format!("{v}\t{cause}\n"));
    }
    out.out(format!(
        "{prefix} \n{}\n",
        TabWriter::rollout_history().format(&text)
    ));
    Ok(())
}

fn undo(
    cluster: &mut Cluster,
    w: &Workload,
    p: &Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let to = p
        .get("to-revision")
        .map(|v| parse_i64("to-revision", v))
        .transpose()?
        .unwrap_or(0);
    let not_found = || format!("error: unable to find specified revision {to} in history");
    if to < 0 {
        return Err(not_found());
    }
    let revs = revisions(cluster, w);
    if to == 0 && revs.len() <= 1 {
        return Err("error: no last revision to roll back to".into());
    }
    let target = if to == 0 {
        &revs[revs.len() - 2]
    } else {
        revs.iter()
            .find(|r| r.revision == to)
            .ok_or_else(not_found)?
    };
    let prefix = w.prefix();
    let template = revision_template(target);
    let dry = super::patch::dry_run(p).unwrap_or_default();
    // rollout_undo.go prints `info.Object`: the object as fetched, before the rollback
    let mut v = w.fetch(cluster)?;
    let fetched = Some(v.clone());
    let print = super::rollout::print_changed;
    if dry == Some("client") {
        let operation = format!(
            "will roll back to {} (dry run)",
            super::describe::pod_template_raw(&template)
        );
        return print(out, p, &prefix, &operation, fetched);
    }
    if revision_data(w.template()) == target.data {
        let operation =
            format!("skipped rollback (current template already matches revision {to})");
        return print(out, p, &prefix, &operation, fetched);
    }
    if dry == Some("server") {
        return print(out, p, &prefix, "rolled back (server dry run)", fetched);
    }
    v["spec"]["template"] = crate::api::codec::template_to_value(&template);
    cluster
        .update_value(v)
        .map_err(|e| format!("error: failed restoring revision {to}: {}", e.message))?;
    print(out, p, &prefix, "rolled back", fetched)
}

fn restart(
    cluster: &mut Cluster,
    w: &Workload,
    p: &Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let n = &w.meta().name;
    let now = rfc3339(cluster.now());
    const KEY: &str = "kubectl.kubernetes.io/restartedAt";
    if w.template().metadata.annotations.get(KEY) == Some(&now) {
        return Err(format!("error: failed to create patch for {n}: if restart has already been triggered within the past second, please wait before attempting to trigger another"));
    }
    let mut v = w.fetch(cluster)?;
    let meta = &mut v["spec"]["template"]["metadata"];
    if !meta.get("annotations").is_some_and(Value::is_object) {
        meta["annotations"] = json!({});
    }
    meta["annotations"][KEY] = json!(now);
    cluster.update_value(v).map_err(|e| e.to_kubectl())?;
    let stored = w.fetch(cluster).ok();
    super::rollout::print_changed(out, p, &w.prefix(), "restarted", stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upstream TestDaemonSetStatusViewerStatus (spec upstream-test-cases K2).
    #[test]
    fn daemonset_status_viewer_table() {
        let cases = [
            // generation, observed, updated, desired, available, message, done
            (0, 1, 0, 1, 0, "Waiting for daemon set \"foo\" rollout to finish: 0 out of 1 new pods have been updated...\n", false),
            (1, 1, 2, 2, 1, "Waiting for daemon set \"foo\" rollout to finish: 1 of 2 updated pods are available...\n", false),
            (1, 1, 2, 2, 2, "daemon set \"foo\" successfully rolled out\n", true),
            (2, 1, 2, 2, 2, "Waiting for daemon set spec update to be observed...\n", false),
        ];
        for (generation, observed, updated, desired, available, msg, done) in cases {
            let mut d = DaemonSet::default();
            d.metadata.name = "foo".into();
            d.metadata.generation = generation;
            d.spec.update_strategy.type_ = "RollingUpdate".into();
            d.status.observed_generation = observed;
            d.status.updated_number_scheduled = updated;
            d.status.desired_number_scheduled = desired;
            d.status.number_available = available;
            assert_eq!(
                daemonset_status_message(&d),
                Ok((msg.to_string(), done)),
                "generation {generation}"
            );
        }
        let mut on_delete = DaemonSet::default();
        on_delete.spec.update_strategy.type_ = "OnDelete".into();
        assert_eq!(
            daemonset_status_message(&on_delete),
            Err("rollout status is only available for RollingUpdate strategy type".into())
        );
    }
}
