//! `kubectl rollout status|history|undo|pause|resume|restart` for Deployments (spec §9.1,
//! §9.3–§9.5). Blocking `status` moves the virtual clock and prints a line per watch event.

use super::args::{self, boolean, flag, short};
use super::patch::{finish, verbatim, Fail};
use super::printers::timefmt::rfc3339;
use super::printers::TabWriter;
use super::resource::Resource;
use crate::api::{Deployment, ObjKey, ReplicaSet};
use crate::controllers::deployment::util::{
    equal_ignore_hash, revision_of, CHANGE_CAUSE, POD_TEMPLATE_HASH, SKIP_ANNOTATIONS,
};
use crate::output::CommandOutput;
use crate::sim::{Cluster, Watch};
use serde_json::{json, Value};

/// How long a blocking `rollout status` waits (virtual time) when no `--timeout` is given.
/// A real kubectl would wait forever; a script must end.
const DEFAULT_WAIT_MS: i64 = 3_600_000;

const FLAGS: &[args::Flag] = &[
    boolean("watch"),
    short("watch", 'w'),
    flag("timeout"),
    flag("revision"),
    flag("to-revision"),
    flag("dry-run"),
    short("output", 'o'),
    short("filename", 'f'),
    short("selector", 'l'),
    boolean("record"),
    flag("field-manager"),
];

pub fn rollout(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let sub = raw.iter().position(|a| !a.starts_with('-'));
    let known = |n: &str| {
        matches!(
            n,
            "status" | "history" | "undo" | "pause" | "resume" | "restart"
        )
    };
    let Some(sub) = sub.filter(|&i| known(&raw[i])) else {
        // cobra: the `rollout` command's own flags, then DefaultSubCommandRun
        let p = match args::parse(raw, &[], "rollout") {
            Ok(p) => p,
            Err(e) => return CommandOutput::failure(e),
        };
        if p.positional.is_empty() {
            return super::subcommand_help("rollout");
        }
        return CommandOutput::failure(format!(
            "error: unknown command {}\nSee 'kubectl rollout -h' for help and examples",
            crate::api::yaml::go_quote(&p.positional.join(" "))
        ));
    };
    let name = raw[sub].clone();
    let mut rest: Vec<String> = raw[..sub].to_vec();
    rest.extend(raw[sub + 1..].iter().cloned());
    let command = format!("rollout {name}");
    let flags: Vec<args::Flag> = FLAGS
        .iter()
        .copied()
        .filter(|f| !(f.name == "watch" && f.short.is_some()))
        .collect();
    let mut flags = flags;
    if name == "status" {
        flags.retain(|f| f.name != "watch");
        flags.push(args::short_bool("watch", 'w'));
    }
    // each subcommand has its own flags
    let own: &[&str] = match name.as_str() {
        "status" => &["watch", "timeout", "revision"],
        "history" => &["revision", "output"],
        "undo" => &["to-revision", "dry-run", "output"],
        _ => &["output", "field-manager"],
    };
    flags.retain(|f| matches!(f.name, "filename" | "selector") || own.contains(&f.name));
    let p = match args::parse(&rest, &flags, &command) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    // pflag's typed flags and the commands' Validate run before anything is fetched
    let typed = p
        .int("revision", &command)
        .and_then(|r| p.int("to-revision", &command).map(|_| r))
        .and_then(|r| p.duration_ms("timeout", &command).map(|_| r));
    match typed {
        Err(e) => return CommandOutput::failure(e),
        Ok(Some(r)) if r < 0 && name == "history" => {
            return CommandOutput::failure(format!(
                "error: revision must be a positive integer: {r}"
            ))
        }
        Ok(_) => {}
    }
    if name == "undo" {
        if let Err(super::patch::Fail::Plain(e) | super::patch::Fail::Server(e)) =
            super::patch::dry_run(&p)
        {
            return CommandOutput::failure(format!("error: {e}"));
        }
    }
    let targets = match super::resource_args(&p.positional) {
        Ok(t) => t,
        Err(e) => return CommandOutput::failure(e),
    };
    if targets.is_empty() {
        return CommandOutput::failure("error: required resource not specified".to_string());
    }
    let ns = p.namespace();
    let targets = match every_named(cluster, targets, &p, &ns, &name) {
        Ok(t) => t,
        Err(out) => return out,
    };
    let mut out = CommandOutput::new();
    // ContinueOnError: errors are printed after the visit, as one aggregate
    let mut errors = Vec::new();
    for (r, n) in targets {
        if matches!(r, Resource::StatefulSet | Resource::DaemonSet) {
            let key = ObjKey::new(ns.clone(), n.clone());
            let Some(w) = super::rollout_revisions::lookup(cluster, r, &key) else {
                errors.push(verbatim(super::not_found(r, &n)));
                continue;
            };
            if let Err(e) = super::rollout_revisions::run(cluster, &name, w, &p, &mut out) {
                errors.push(verbatim(e));
            }
            continue;
        }
        if r != Resource::Deployment {
            // kubectl fetches the object first, then finds no helper for its kind
            if cluster.object_value(r, &ns, &n).is_none() {
                errors.push(verbatim(super::not_found(r, &n)));
            } else {
                errors.push(verbatim(unsupported(r, &name, &n)));
            }
            continue;
        }
        let key = ObjKey::new(ns.clone(), n.clone());
        let Some(d) = cluster.store().deployments.get(&key).cloned() else {
            errors.push(verbatim(super::not_found(r, &n)));
            continue;
        };
        let res = match name.as_str() {
            "status" => status(cluster, d, &p, &mut out),
            "history" => history(cluster, &d, &p, &mut out),
            "undo" => undo(cluster, &d, &p, &mut out),
            "pause" => pause_resume(cluster, &d, true, &p, &mut out),
            "resume" => pause_resume(cluster, &d, false, &p, &mut out),
            _ => restart(cluster, &d, &p, &mut out),
        };
        match res {
            // pause.go and resume.go word their patch errors with the `error: ` in them, so
            // each line of several keeps it
            Err(e) if matches!(name.as_str(), "pause" | "resume") => errors.push(Fail::Server(e)),
            Err(e) => errors.push(verbatim(e)),
            Ok(()) => {}
        }
    }
    finish(&mut out, errors);
    out
}

/// The objects a rollout subcommand visits: the named ones, or every one of a type given
/// alone, narrowed by `-l` (`ResourceTypeOrNameArgs(true, …)`). Visiting nothing is not an
/// error: history and undo print nothing, the others say there were no resources.
fn every_named(
    cluster: &Cluster,
    targets: Vec<(Resource, Option<String>)>,
    p: &args::Parsed,
    ns: &str,
    sub: &str,
) -> Result<Vec<(Resource, String)>, CommandOutput> {
    let every =
        super::select_objects(cluster, targets, p, ns, true).map_err(CommandOutput::failure)?;
    // resource_args names every target or none, and select_objects names the ones it lists
    let every: Vec<(Resource, String)> = every
        .into_iter()
        .filter_map(|(r, n)| Some((r, n?)))
        .collect();
    if every.is_empty() {
        let mut out = CommandOutput::new();
        if !matches!(sub, "history" | "undo") {
            out.err(format!("No resources found in {ns} namespace.\n"));
        }
        return Err(out);
    }
    Ok(every)
}

/// kubectl's error for a kind it has no rollout helper for (polymorphichelpers: the status
/// viewer, history viewer and rollbacker lookups, and the pause/resume/restart patch functions).
fn unsupported(r: Resource, sub: &str, name: &str) -> String {
    let group_kind = match r.group() {
        "" => r.kind().to_string(),
        g => format!("{}.{g}", r.kind()),
    };
    // GroupKindElement.Accept knows these kinds (their visitors may still have no helper)
    let visitable = matches!(
        r,
        Resource::Deployment
            | Resource::ReplicaSet
            | Resource::Pod
            | Resource::StatefulSet
            | Resource::DaemonSet
    );
    let verb = |v: &str| {
        let res = match r.group() {
            "" => r.plural().to_string(),
            g => format!("{}.{g}", r.plural()),
        };
        format!(
            "error: {res} {} {v} is not supported",
            crate::api::yaml::go_quote(name)
        )
    };
    match sub {
        "status" => format!("error: no status viewer has been implemented for {group_kind}"),
        "pause" => verb("pausing"),
        "resume" => verb("resuming"),
        "restart" => verb("restarting"),
        "history" if visitable => format!(
            "error: no history viewer has been implemented for \"{group_kind}\""
        ),
        "undo" if visitable => {
            format!("error: no rollbacker has been implemented for \"{group_kind}\"")
        }
        "history" | "undo" => format!(
            "error: error retrieving {} for \"{group_kind}\", no visitor method exists for {{{} {}}}",
            if sub == "undo" { "rollbacker" } else { "history" },
            r.group(),
            r.kind()
        ),
        _ => format!("error: {group_kind} is not supported"),
    }
}

/// The Deployment status viewer (spec §9.3): (message, done) or an error.
pub fn status_message(d: &Deployment, revision: Option<i64>) -> Result<(String, bool), String> {
    let n = &d.metadata.name;
    if let Some(want) = revision {
        let cur: i64 = d
            .metadata
            .annotations
            .get("deployment.kubernetes.io/revision")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if want > 0 && cur != want {
            return Err(format!(
                "desired revision ({want}) is different from the running revision ({cur})"
            ));
        }
    }
    if d.metadata.generation > d.status.observed_generation {
        return Ok((
            "Waiting for deployment spec update to be observed...\n".into(),
            false,
        ));
    }
    if d.status
        .condition("Progressing")
        .is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
    {
        return Err(format!("deployment \"{n}\" exceeded its progress deadline"));
    }
    let s = &d.status;
    let spec = d.spec.replicas;
    if s.updated_replicas < spec {
        return Ok((format!("Waiting for deployment \"{n}\" rollout to finish: {} out of {spec} new replicas have been updated...\n", s.updated_replicas), false));
    }
    if s.replicas > s.updated_replicas {
        return Ok((format!("Waiting for deployment \"{n}\" rollout to finish: {} old replicas are pending termination...\n", s.replicas - s.updated_replicas), false));
    }
    if s.available_replicas < s.updated_replicas {
        return Ok((format!("Waiting for deployment \"{n}\" rollout to finish: {} of {} updated replicas are available...\n", s.available_replicas, s.updated_replicas), false));
    }
    Ok((
        format!("deployment \"{n}\" successfully rolled out\n"),
        true,
    ))
}

fn status(
    cluster: &mut Cluster,
    d: Deployment,
    p: &args::Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let revision = p.int("revision", "rollout status")?;
    let watch = p.bool("watch", true)?;
    let timeout_ms = p
        .duration_ms("timeout", "rollout status")?
        .unwrap_or(0)
        .min(super::wait::MAX_FOLLOW_MS);
    let (msg, done) = status_message(&d, revision).map_err(|e| format!("error: {e}"))?;
    out.out(msg);
    if done || !watch {
        return Ok(());
    }
    if d.spec.paused && timeout_ms <= 0 {
        // only a command could resume it, and none can run while kubectl waits
        wait_interrupted(out);
        return Ok(());
    }
    let key = d.metadata.key();
    let deadline = cluster.now()
        + if timeout_ms > 0 {
            timeout_ms
        } else {
            DEFAULT_WAIT_MS
        };
    cluster.watch = Some(Watch {
        key: key.clone(),
        seen: Vec::new(),
    });
    let result = loop {
        let next = cluster.next_timer_at();
        match next {
            Some(t) if t <= deadline => {
                cluster.step();
            }
            None if timeout_ms <= 0 => {
                wait_interrupted(out);
                break Ok(());
            }
            _ => {
                cluster.advance_to(deadline);
                break Err("timed out waiting for the condition".to_string());
            }
        }
        let seen = cluster
            .watch
            .as_mut()
            .map(|w| std::mem::take(&mut w.seen))
            .unwrap_or_default();
        if !cluster.store().deployments.contains(&key) {
            break Err("object has been deleted".to_string());
        }
        let mut finished = None;
        for dep in seen {
            match status_message(&dep, revision) {
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
    cluster.watch = None;
    result.map_err(|e| format!("error: {e}"))
}

/// A `rollout status` without `--timeout` waits until interrupted, and nothing pending in the
/// cluster can change what it waits for (a paused rollout, a pod that will never be ready): the
/// terminal gets its prompt back at once, clock unchanged, as after a Ctrl-C (exit 130).
pub(super) fn wait_interrupted(out: &mut CommandOutput) {
    out.err("kubeplay: nothing pending in the cluster can finish this rollout; kubectl would wait here until interrupted (Ctrl-C)\n");
    out.exit_code = 130;
}

/// RSs controlled by the Deployment (label selector + controllerRef), sorted by revision.
fn owned_replicasets(cluster: &Cluster, d: &Deployment) -> Vec<ReplicaSet> {
    let mut rss: Vec<ReplicaSet> = cluster
        .store()
        .replicasets
        .owned_by(&d.metadata.uid)
        .iter()
        .filter_map(|k| cluster.store().replicasets.get(k))
        .filter(|rs| d.spec.selector.matches(&rs.metadata.labels))
        .cloned()
        .collect();
    crate::sort::sort_by(&mut rss, crate::controllers::deployment::util::by_creation);
    rss
}

fn history(
    cluster: &mut Cluster,
    d: &Deployment,
    p: &args::Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let rss = owned_replicasets(cluster, d);
    let mut revs: Vec<(i64, &ReplicaSet)> = rss
        .iter()
        .filter_map(|r| revision_of(r).map(|v| (v, r)))
        .collect();
    crate::sort::sort_by_key(&mut revs, |(v, _)| *v);
    let prefix = format!("deployment.apps/{}", d.metadata.name);
    if let Some(o) = p.get("output").filter(|o| !o.is_empty()) {
        // with -o the history's objects themselves: the ReplicaSets, oldest revision first
        let want = p.int("revision", "rollout history")?.unwrap_or_default();
        let chosen: Vec<(String, Value)> = revs
            .iter()
            .filter(|(v, _)| want <= 0 || *v == want)
            .map(|(_, rs)| {
                let obj = cluster
                    .object_value(
                        Resource::ReplicaSet,
                        &rs.metadata.namespace,
                        &rs.metadata.name,
                    )
                    .unwrap_or_default();
                (format!("replicaset.apps/{}", rs.metadata.name), obj)
            })
            .collect();
        return print_history_objects(out, o, want, chosen);
    }
    if let Some(rv) = p.get("revision") {
        let want = p.int("revision", "rollout history")?.unwrap_or_default();
        let _ = rv;
        if want > 0 {
            let Some((_, rs)) = revs.iter().find(|(v, _)| *v == want) else {
                return Err("error: unable to find the specified revision".into());
            };
            let mut template = rs.spec.template.clone();
            if let Some(cause) = rs.metadata.annotations.get(CHANGE_CAUSE) {
                template
                    .metadata
                    .annotations
                    .insert(CHANGE_CAUSE.into(), cause.clone());
            }
            // the NamePrinter's `NAME OPERATION\n`, the operation being `with revision #N\n`
            // and the template (ending in a newline): a blank line closes it
            out.out(format!(
                "{prefix} with revision #{want}\n{}\n",
                super::describe::pod_template_raw(&template)
            ));
            return Ok(());
        }
    }
    if revs.is_empty() {
        out.out(format!("{prefix} \nNo rollout history found.\n"));
        return Ok(());
    }
    let mut text = String::from("REVISION\tCHANGE-CAUSE\n");
    for (v, rs) in &revs {
        let cause = rs
            .metadata
            .annotations
            .get(CHANGE_CAUSE)
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

/// `rollout history -o FORMAT`: the revisions' objects (a Deployment's ReplicaSets, a
/// StatefulSet with each revision applied), oldest first, or only `--revision`'s. The history
/// viewers read them with the typed clientset, so `-o json` is in Go struct field order.
pub(super) fn print_history_objects(
    out: &mut CommandOutput,
    o: &str,
    revision: i64,
    objects: Vec<(String, Value)>,
) -> Result<(), String> {
    let template = o.strip_prefix("jsonpath=");
    if template.is_none() {
        super::patch::check_output(Some(o)).map_err(|e| format!("error: {}", e.text()))?;
    }
    if revision > 0 && objects.is_empty() {
        return Err("error: unable to find the specified revision".into());
    }
    let mut count = 0;
    for (printed, obj) in objects {
        match template {
            Some(t) => out.out(
                super::jsonpath::print(t, &obj, false, true).map_err(|e| format!("error: {e}"))?,
            ),
            None => super::patch::print_typed_object(out, Some(o), &printed, "", &obj, &mut count),
        }
    }
    Ok(())
}

/// What `rollout undo|pause|resume|restart` print once the change is made: with `-o`, the
/// typed object (`WithScheme(scheme.Scheme, …)`: Go struct field order in JSON); otherwise
/// the name printer's `<kind>/<name> <operation>`. kubectl builds the printer only after the
/// patch, so a bad `-o` fails after the change.
pub(super) fn print_changed(
    out: &mut CommandOutput,
    p: &args::Parsed,
    printed: &str,
    operation: &str,
    obj: Option<Value>,
) -> Result<(), String> {
    let o = p.get("output").filter(|o| !o.is_empty());
    super::patch::check_output(o).map_err(|e| format!("error: {}", e.text()))?;
    match (o, obj) {
        (Some(_), Some(v)) => {
            super::patch::print_typed_object(out, o, printed, operation, &v, &mut 0)
        }
        _ => out.out(format!("{printed} {operation}\n")),
    }
    Ok(())
}

fn undo(
    cluster: &mut Cluster,
    d: &Deployment,
    p: &args::Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let to = p.int("to-revision", "rollout undo")?.unwrap_or(0);
    let dry = super::patch::dry_run(p).unwrap_or_default();
    if to < 0 {
        return Err(format!(
            "error: unable to find specified revision {to} in history"
        ));
    }
    let rss = owned_replicasets(cluster, d);
    let target = if to > 0 {
        rss.iter()
            .find(|r| revision_of(r) == Some(to))
            .ok_or(format!(
                "error: unable to find specified revision {to} in history"
            ))?
    } else {
        type Revisioned<'a> = Option<(i64, &'a ReplicaSet)>;
        let (mut latest, mut previous): (Revisioned, Revisioned) = (None, None);
        for rs in &rss {
            let Some(v) = revision_of(rs) else { continue };
            match latest {
                None => latest = Some((v, rs)),
                Some((lv, _)) if v > lv => {
                    previous = latest;
                    latest = Some((v, rs));
                }
                _ => {
                    if previous.is_none_or(|(pv, _)| v > pv) {
                        previous = Some((v, rs));
                    }
                }
            }
        }
        previous.map(|(_, rs)| rs).ok_or(format!(
            "error: no rollout history found for deployment \"{}\"",
            d.metadata.name
        ))?
    };
    let prefix = format!("deployment.apps/{}", d.metadata.name);
    // rollout_undo.go prints `info.Object`: the Deployment as fetched, before the rollback
    let mut v = cluster
        .object_value(
            Resource::Deployment,
            &d.metadata.namespace,
            &d.metadata.name,
        )
        .ok_or_else(|| super::not_found(Resource::Deployment, &d.metadata.name))?;
    let fetched = Some(v.clone());
    if dry == Some("client") {
        let operation = format!(
            "{} (dry run)",
            super::describe::pod_template_raw(&target.spec.template)
        );
        return print_changed(out, p, &prefix, &operation, fetched);
    }
    if d.spec.paused {
        return Err("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into());
    }
    if equal_ignore_hash(&target.spec.template, &d.spec.template) {
        let operation =
            format!("skipped rollback (current template already matches revision {to})");
        return print_changed(out, p, &prefix, &operation, fetched);
    }
    let mut template = target.spec.template.clone();
    template.metadata.labels.remove(POD_TEMPLATE_HASH);
    v["spec"]["template"] = crate::api::codec::template_to_value(&template);
    let mut annotations = serde_json::Map::new();
    for (k, val) in &d.metadata.annotations {
        if SKIP_ANNOTATIONS.contains(&k.as_str()) {
            annotations.insert(k.clone(), json!(val));
        }
    }
    for (k, val) in &target.metadata.annotations {
        if !SKIP_ANNOTATIONS.contains(&k.as_str()) {
            annotations.insert(k.clone(), json!(val));
        }
    }
    v["metadata"]["annotations"] = Value::Object(annotations);
    if dry == Some("server") {
        return print_changed(out, p, &prefix, "rolled back (server dry run)", fetched);
    }
    cluster.update_value(v).map_err(|e| e.to_kubectl())?;
    print_changed(out, p, &prefix, "rolled back", fetched)
}

fn pause_resume(
    cluster: &mut Cluster,
    d: &Deployment,
    pause: bool,
    p: &args::Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let n = &d.metadata.name;
    if pause && d.spec.paused {
        return Err(format!("error: deployments.apps \"{n}\" is already paused"));
    }
    if !pause && !d.spec.paused {
        return Err(format!("error: deployments.apps \"{n}\" is not paused"));
    }
    let mut v = cluster
        .object_value(Resource::Deployment, &d.metadata.namespace, n)
        .ok_or_else(|| super::not_found(Resource::Deployment, n))?;
    if pause {
        v["spec"]["paused"] = json!(true);
    } else if let Some(s) = v.get_mut("spec").and_then(Value::as_object_mut) {
        s.remove("paused");
    }
    cluster.update_value(v).map_err(|e| e.to_kubectl())?;
    // the patch's answer (`info.Refresh(obj, true)`) is what `-o` prints
    let stored = cluster.object_value(Resource::Deployment, &d.metadata.namespace, n);
    let operation = if pause { "paused" } else { "resumed" };
    print_changed(out, p, &format!("deployment.apps/{n}"), operation, stored)
}

fn restart(
    cluster: &mut Cluster,
    d: &Deployment,
    p: &args::Parsed,
    out: &mut CommandOutput,
) -> Result<(), String> {
    let n = &d.metadata.name;
    if d.spec.paused {
        return Err(format!("error: deployments.apps \"{n}\" can't restart paused deployment (run rollout resume first)"));
    }
    let now = rfc3339(cluster.now());
    const KEY: &str = "kubectl.kubernetes.io/restartedAt";
    if d.spec.template.metadata.annotations.get(KEY) == Some(&now) {
        return Err(format!("error: failed to create patch for {n}: if restart has already been triggered within the past second, please wait before attempting to trigger another"));
    }
    let mut v = cluster
        .object_value(Resource::Deployment, &d.metadata.namespace, n)
        .ok_or_else(|| super::not_found(Resource::Deployment, n))?;
    let meta = &mut v["spec"]["template"]["metadata"];
    if !meta.get("annotations").is_some_and(Value::is_object) {
        meta["annotations"] = json!({});
    }
    meta["annotations"][KEY] = json!(now);
    cluster.update_value(v).map_err(|e| e.to_kubectl())?;
    let stored = cluster.object_value(Resource::Deployment, &d.metadata.namespace, n);
    print_changed(out, p, &format!("deployment.apps/{n}"), "restarted", stored)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Upstream's TestDeploymentStatusViewerStatus (spec test tables K1), name "foo".
    #[test]
    fn deployment_status_viewer_matches_upstream() {
        // generation, spec replicas, observed generation, replicas, updated, available
        type Counts = (i64, i32, i64, i32, i32, i32);
        let cases: [(Counts, &str, bool); 5] = [
            ((0, 1, 1, 1, 0, 1), "Waiting for deployment \"foo\" rollout to finish: 0 out of 1 new replicas have been updated...\n", false),
            ((1, 1, 1, 2, 1, 2), "Waiting for deployment \"foo\" rollout to finish: 1 old replicas are pending termination...\n", false),
            ((1, 2, 1, 2, 2, 1), "Waiting for deployment \"foo\" rollout to finish: 1 of 2 updated replicas are available...\n", false),
            ((1, 2, 1, 2, 2, 2), "deployment \"foo\" successfully rolled out\n", true),
            ((2, 2, 1, 2, 2, 2), "Waiting for deployment spec update to be observed...\n", false),
        ];
        for ((generation, spec, observed, replicas, updated, available), message, done) in cases {
            let mut d = Deployment::default();
            d.metadata.name = "foo".into();
            d.metadata.generation = generation;
            d.spec.replicas = spec;
            d.status.observed_generation = observed;
            d.status.replicas = replicas;
            d.status.updated_replicas = updated;
            d.status.available_replicas = available;
            assert_eq!(
                status_message(&d, None),
                Ok((message.to_string(), done)),
                "generation {generation}, spec {spec}, replicas {replicas}/{updated}/{available}"
            );
        }
    }
}
