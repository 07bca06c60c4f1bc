//! `kubectl logs` (kubectl 1.33, `pkg/cmd/logs`; the kubelet's `validateContainerLogStatus`).
//! A container's log is what its process wrote ([`crate::nodes::process`]): `echo` lines of a
//! `sh -c` command, a loop's lines each time round; a program kubeplay does not simulate (a
//! server image) has written nothing kubeplay knows, and stderr says so. The rest is kubectl's
//! and the kubelet's: which run (the current container, the last one while it waits to be
//! restarted, `--previous`), `--tail`, `--since`, `--since-time`, `--timestamps`, `--prefix`,
//! `--limit-bytes`; which pod a `TYPE/NAME` picks (`podutils.ByLogging`, "Found N pods, using
//! pod/X"), which container (the default-container annotation, else the first, "Defaulted
//! container …"), and the API server's and kubelet's refusals (a container waiting to start,
//! no previous container, an unknown container, a missing object).

use super::args::{self, boolean, flag, short, short_bool};
use super::columns::go_sort;
use super::resource::Resource;
use super::selector::Selector;
use crate::api::{ContainerState, ContainerStatus, ObjKey, Pod, PodPhase, Time};
use crate::output::CommandOutput;
use crate::sim::Cluster;

const FLAGS: &[args::Flag] = &[
    short("container", 'c'),
    boolean("all-containers"),
    short_bool("follow", 'f'),
    short_bool("previous", 'p'),
    short("selector", 'l'),
    flag("tail"),
    flag("since"),
    flag("since-time"),
    boolean("timestamps"),
    flag("limit-bytes"),
    boolean("prefix"),
    boolean("ignore-errors"),
    flag("max-log-requests"),
    flag("pod-running-timeout"),
    boolean("insecure-skip-tls-verify-backend"),
    boolean("all-pods"),
];

const USAGE: &str = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";

/// What the terminal is told when a container runs a program kubeplay does not simulate.
const NOT_SIMULATED: &str =
    "kubeplay: the program in this container is not simulated, so its log is empty\n";

pub fn logs(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "logs") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    match run(cluster, &p) {
        Ok(out) => out,
        Err(e) => CommandOutput::failure(e),
    }
}

fn run(cluster: &Cluster, p: &args::Parsed) -> Result<CommandOutput, String> {
    // pflag's typed flags, read before the command runs
    for name in ["tail", "limit-bytes", "max-log-requests"] {
        p.int(name, "logs")?;
    }
    for name in ["since", "pod-running-timeout"] {
        p.duration_ms(name, "logs")?;
    }
    let ns = p.namespace();
    let selector = p.get("selector").filter(|s| !s.is_empty());
    let all_containers = p.bool("all-containers", false)?;
    let previous = p.bool("previous", false)?;
    let mut container = p.get("container").map(str::to_string);
    // Complete: `logs POD [CONTAINER]`, `logs TYPE/NAME`, or `-l`
    match (p.positional.as_slice(), selector) {
        ([], None) => return Err(USAGE.into()),
        ([_, c], None) if container.is_none() => container = Some(c.clone()),
        ([_, _], None) => {
            return Err("error: only one of -c or an inline [CONTAINER] arg is allowed".into())
        }
        ([_, _, _, ..], None) => return Err(USAGE.into()),
        ([_, ..], Some(_)) => {
            return Err("error: only a selector (-l) or a POD name is allowed".into())
        }
        _ => {}
    }
    // LogsOptions.Validate, in its order
    let since = p.duration_ms("since", "logs")?.unwrap_or(0);
    if p.get("since-time").is_some_and(|t| !t.is_empty()) && since != 0 {
        return Err("error: at most one of `sinceTime` or `sinceSeconds` may be specified".into());
    }
    if since < 0 {
        return Err("error: --since must be greater than 0".into());
    }
    if p.int("tail", "logs")?.is_some_and(|t| t < -1) {
        return Err("error: --tail must be greater than or equal to -1".into());
    }
    if p.int("limit-bytes", "logs")?.is_some_and(|b| b < 0) {
        return Err("error: --limit-bytes must be greater than 0".into());
    }
    if all_containers && container.is_some() {
        return Err(
            "error: --all-containers=true should not be specified with container name".into(),
        );
    }
    if p.duration_ms("pod-running-timeout", "logs")?
        .is_some_and(|t| t <= 0)
    {
        return Err("error: --pod-running-timeout must be higher than zero".into());
    }
    let mut out = CommandOutput::new();
    let pods: Vec<&Pod> = match (p.positional.first(), selector) {
        (_, Some(sel)) => {
            let sel = Selector::parse(sel).map_err(|e| format!("error: {e}"))?;
            let store = cluster.store();
            store
                .pods
                .in_namespace(&ns)
                .filter(|pod| sel.matches(&pod.metadata.labels))
                .collect()
        }
        (Some(target), None) => vec![pod_for(cluster, target, &ns, &mut out)?],
        (None, None) => Vec::new(),
    };
    if pods.is_empty() {
        out.err(format!("No resources found in {ns} namespace.\n"));
        return Ok(out);
    }
    let options = LogOptions {
        tail: p.int("tail", "logs")?.unwrap_or(-1),
        since: match (since, p.get("since-time").filter(|t| !t.is_empty())) {
            (0, None) => None,
            (0, Some(t)) => Some(
                crate::kubectl::printers::timefmt::parse_rfc3339(t).ok_or_else(|| {
                    format!("error: parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{t}\" as \"2006\"")
                })?,
            ),
            (ms, _) => Some(cluster.now() - ms),
        },
        timestamps: p.bool("timestamps", false)?,
        prefix: p.bool("prefix", false)?,
        limit_bytes: p.int("limit-bytes", "logs")?.filter(|b| *b > 0),
    };
    let mut errors = Vec::new();
    let mut not_simulated = false;
    for pod in pods {
        let name_of = |c: crate::api::ContainerView| c.name.to_string();
        let init: Vec<String> = crate::api::init_containers_of(&pod.spec)
            .into_iter()
            .map(name_of)
            .collect();
        let regular: Vec<String> = crate::api::containers_of(&pod.spec)
            .into_iter()
            .map(name_of)
            .collect();
        // init containers' logs come first with --all-containers
        let names: Vec<String> = init.iter().chain(&regular).cloned().collect();
        let chosen: Vec<String> = if all_containers {
            names.clone()
        } else if let Some(c) = &container {
            vec![c.clone()]
        } else {
            // FindOrDefaultContainerByName: the annotation's container, else (said so) the first
            // regular one, out of AllContainerNames (init containers marked)
            let annotated = pod
                .metadata
                .annotations
                .get("kubectl.kubernetes.io/default-container")
                .filter(|d| names.contains(d));
            let default = annotated.or(regular.first()).cloned().unwrap_or_default();
            if annotated.is_none() && names.len() > 1 && selector.is_none() {
                let all: Vec<String> = regular
                    .iter()
                    .cloned()
                    .chain(init.iter().map(|i| format!("{i} (init)")))
                    .collect();
                out.err(format!(
                    "Defaulted container {} out of: {}\n",
                    crate::api::yaml::go_quote(&default),
                    all.join(", ")
                ));
            }
            vec![default]
        };
        for c in chosen {
            if !names.contains(&c) {
                errors.push(format!(
                    "error: container {c} is not valid for pod {}",
                    pod.metadata.name
                ));
                continue;
            }
            match kubelet_refusal(pod, &c, previous) {
                Some(e) => errors.push(format!("Error from server (BadRequest): {e}")),
                None => {
                    let (text, opaque) = container_log(cluster, pod, &c, previous, &options);
                    out.out(text);
                    not_simulated |= opaque;
                }
            }
        }
    }
    if not_simulated {
        out.err(NOT_SIMULATED);
    }
    // the requests are read one after the other: the first failure ends the command unless
    // --ignore-errors
    if !p.bool("ignore-errors", false)? {
        errors.truncate(1);
    }
    for e in errors {
        out.fail(e);
    }
    Ok(out)
}

/// The pod a `POD` or `TYPE/NAME` argument stands for (`LogsForObject`).
pub(super) fn pod_for<'a>(
    cluster: &'a Cluster,
    target: &str,
    ns: &'a str,
    out: &mut CommandOutput,
) -> Result<&'a Pod, String> {
    let (r, name) = match target.split_once('/') {
        Some((kind, name)) => match Resource::parse(kind) {
            Some(r) => (r, name),
            None => {
                return Err(format!(
                    "error: the server doesn't have a resource type \"{kind}\""
                ))
            }
        },
        None => (Resource::Pod, target),
    };
    let missing = || {
        format!(
            "error: error from server (NotFound): {} \"{name}\" not found in namespace \"{ns}\"",
            r.qualified_plural()
        )
    };
    let store = cluster.store();
    if r == Resource::Pod {
        return store.pods.get(&ObjKey::new(ns, name)).ok_or_else(missing);
    }
    let obj = cluster.object_value(r, ns, name).ok_or_else(missing)?;
    // SelectorsForObject: a Service's label map, the workloads' label selector
    let selector: crate::api::LabelSelector = match r {
        Resource::Service => obj.pointer("/spec/selector").and_then(|m| {
            serde_json::from_value(m.clone())
                .ok()
                .map(crate::api::LabelSelector::from_labels)
        }),
        Resource::Deployment
        | Resource::ReplicaSet
        | Resource::StatefulSet
        | Resource::DaemonSet
        | Resource::Job => obj
            .pointer("/spec/selector")
            .and_then(|s| serde_json::from_value(s.clone()).ok()),
        other => {
            return Err(format!(
                "error: cannot get the logs from *v1.{}: selector for *v1.{} not implemented",
                other.kind(),
                other.kind()
            ))
        }
    }
    .unwrap_or_default();
    let mut pods: Vec<&Pod> = store
        .pods
        .in_namespace(ns)
        .filter(|p| selector.matches(&p.metadata.labels))
        .collect();
    if pods.is_empty() {
        // GetFirstPod waits --pod-running-timeout (20s) for one to appear
        return Err("error: timed out waiting for the condition".into());
    }
    go_sort(&mut pods, &|a, b| by_logging(a, b));
    if pods.len() > 1 {
        out.err(format!(
            "Found {} pods, using pod/{}\n",
            pods.len(),
            pods[0].metadata.name
        ));
    }
    Ok(pods[0])
}

/// A container's whole current log, as `kubectl run --attach` falls back to printing it
/// (`logOpts`) when the pod has already completed.
pub(super) fn whole_log(cluster: &Cluster, pod: &Pod, container: &str) -> String {
    let all = LogOptions {
        tail: -1,
        since: None,
        timestamps: false,
        prefix: false,
        limit_bytes: None,
    };
    container_log(cluster, pod, container, false, &all).0
}

/// The flags that shape one container's log.
struct LogOptions {
    /// Lines from the end; -1 for all.
    tail: i64,
    /// Only lines written at or after this instant.
    since: Option<Time>,
    timestamps: bool,
    prefix: bool,
    limit_bytes: Option<i64>,
}

/// One container's log as the kubelet serves it, and whether its program is one kubeplay
/// does not simulate (with nothing to show).
fn container_log(
    cluster: &Cluster,
    pod: &Pod,
    container: &str,
    previous: bool,
    o: &LogOptions,
) -> (String, bool) {
    let Some(status) = pod.status.container_status(container) else {
        return (String::new(), false);
    };
    let Some((started, until, restarts)) = run_of(status, previous, cluster.now()) else {
        return (String::new(), false);
    };
    let process = cluster.process_for(pod, container, restarts, started);
    let mut lines = process.log(started, until);
    // what the app logged of the requests it answered, in time order after what it wrote then
    let run = (pod.metadata.uid.clone(), container.to_string(), restarts);
    if let Some(requests) = cluster.app_logs.get(&run) {
        lines.extend(requests.iter().filter(|(at, _)| *at <= until).cloned());
        lines.sort_by_key(|(at, _)| *at);
    }
    if let Some(since) = o.since {
        lines.retain(|(at, _)| *at >= since);
    }
    if o.tail >= 0 {
        let drop = lines.len().saturating_sub(o.tail as usize);
        lines.drain(..drop);
    }
    let mut text = String::new();
    for (at, line) in &lines {
        if o.prefix {
            text.push_str(&format!("[pod/{}/{container}] ", pod.metadata.name));
        }
        if o.timestamps {
            text.push_str(&crate::kubectl::printers::timefmt::rfc3339_nano_fixed(*at));
            text.push(' ');
        }
        text.push_str(line);
        text.push('\n');
    }
    if let Some(limit) = o.limit_bytes {
        let mut cut = (limit as usize).min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    let known = crate::nodes::kubelet::container_spec(&pod.spec, container)
        .is_some_and(|(spec, _)| crate::nodes::process::log_is_known(spec));
    (text, process.opaque && lines.is_empty() && !known)
}

/// The run of a container whose log is read: the current one, or while it waits to be
/// restarted the one that exited; `--previous` the one before. Its start, its end (or now),
/// and its restart count (which run it is).
fn run_of(status: &ContainerStatus, previous: bool, now: Time) -> Option<(Time, Time, i32)> {
    let run = |s: &ContainerState| match s {
        ContainerState::Running { started_at } => Some((*started_at, now)),
        ContainerState::Terminated(t) => Some((t.started_at, t.finished_at)),
        ContainerState::Waiting(_) => None,
    };
    let n = status.restart_count;
    // the last state is the run before the current one, or, while the container waits to be
    // restarted, the run that exited last
    let last_run = match status.state {
        ContainerState::Waiting(_) => n,
        _ => n - 1,
    };
    let last = || {
        status
            .last_state
            .as_deref()
            .and_then(run)
            .map(|(a, b)| (a, b, last_run))
    };
    if previous {
        last()
    } else {
        run(&status.state).map(|(a, b)| (a, b, n)).or_else(last)
    }
}

/// `podutils.ByLogging.Less`: assigned before unassigned, Running before Unknown before
/// Pending, ready before not, ready longer before shorter, more restarts before fewer, older
/// before newer.
fn by_logging(a: &Pod, b: &Pod) -> bool {
    let node = |p: &Pod| p.node_name.as_deref().unwrap_or("").to_string();
    let (na, nb) = (node(a), node(b));
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return !na.is_empty();
    }
    let rank = |p: &Pod| match p.status.phase {
        PodPhase::Running => 0,
        PodPhase::Unknown => 1,
        PodPhase::Pending => 2,
        _ => 3,
    };
    // phases outside the map rank as Running (Go's zero value)
    let rank = |p: &Pod| match rank(p) {
        3 => 0,
        r => r,
    };
    if rank(a) != rank(b) {
        return rank(a) < rank(b);
    }
    if a.is_ready() != b.is_ready() {
        return a.is_ready();
    }
    if a.is_ready() && b.is_ready() {
        let (ta, tb) = (a.ready_since(), b.ready_since());
        if ta != tb {
            return after_or_zero(tb, ta);
        }
    }
    let restarts = |p: &Pod| {
        p.status
            .container_statuses
            .iter()
            .map(|c| c.restart_count)
            .max()
            .unwrap_or(0)
    };
    if restarts(a) != restarts(b) {
        return restarts(a) > restarts(b);
    }
    let (ca, cb) = (a.metadata.creation_timestamp, b.metadata.creation_timestamp);
    if ca != cb {
        return after_or_zero(Some(cb), Some(ca));
    }
    false
}

/// `afterOrZero(t1, t2)`: t1 is zero, or after t2 (second precision, as the API stores it).
fn after_or_zero(t1: Option<Time>, t2: Option<Time>) -> bool {
    match (t1, t2) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => a.div_euclid(1000) > b.div_euclid(1000),
    }
}

/// The kubelet's refusal to serve a container's log (`validateContainerLogStatus`), if any.
fn kubelet_refusal(pod: &Pod, container: &str, previous: bool) -> Option<String> {
    let name = &pod.metadata.name;
    // an unscheduled pod: the API server has no node to ask, and the stream is empty
    pod.node_name.as_ref()?;
    let Some(status) = pod.status.container_status(container) else {
        return Some(format!(
            "container {} in pod {} is waiting to start: ContainerCreating",
            crate::api::yaml::go_quote(container),
            crate::api::yaml::go_quote(name)
        ));
    };
    let q = crate::api::yaml::go_quote;
    if previous {
        let had = matches!(
            status.last_state.as_deref(),
            Some(ContainerState::Terminated(_))
        );
        return (!had).then(|| {
            format!(
                "previous terminated container {} in pod {} not found",
                q(container),
                q(name)
            )
        });
    }
    match &status.state {
        // a restarting container: its last run's log
        ContainerState::Waiting(_)
            if matches!(
                status.last_state.as_deref(),
                Some(ContainerState::Terminated(_))
            ) =>
        {
            None
        }
        ContainerState::Waiting(w) => {
            let why = match w.reason.as_str() {
                "ErrImagePull" => "image can't be pulled".to_string(),
                "ImagePullBackOff" => "trying and failing to pull image".to_string(),
                r => r.to_string(),
            };
            Some(format!(
                "container {} in pod {} is waiting to start: {why}",
                q(container),
                q(name)
            ))
        }
        // validateContainerLogStatus: a terminated state with no container behind it (one
        // that never started, ContainerStatusUnknown) has no log to read
        ContainerState::Terminated(t) if t.container_id.is_empty() => Some(format!(
            "container {} in pod {} is terminated",
            q(container),
            q(name)
        )),
        _ => None,
    }
}
