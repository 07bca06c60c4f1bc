//! `kubectl attach` (kubectl 1.33, `pkg/cmd/attach`): back into the shell of a container started
//! with a terminal (`kubectl run -ti … -- sh`), as the hint `kubectl run` prints when such a
//! session ends says. Attaching opens a session ([`super::tty`]); following a running process's
//! output is left to `kubectl logs -f`.

use super::args::{self, flag, short, short_bool};
use super::exec::{choose_container, not_found_text};
use super::logs::pod_for;
use crate::api::{ContainerState, PodPhase};
use crate::nodes::kubelet::container_spec;
use crate::nodes::process::waits_on_terminal;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;

const FLAGS: &[args::Flag] = &[
    short("container", 'c'),
    short_bool("stdin", 'i'),
    short_bool("tty", 't'),
    short_bool("quiet", 'q'),
    flag("pod-running-timeout"),
];

/// What attach.go prints when a session with a pod that restarts its containers ends.
pub(super) fn resume_hint(pod: &str, container: &str) -> String {
    format!("Session ended, resume using 'kubectl attach {pod} -c {container} -i -t' command when the pod is running\n")
}

pub fn attach(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "attach") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    // cobra's argument check, then Complete's
    let target = match p.positional.as_slice() {
        [] => return CommandOutput::failure("Error: at least 1 argument is required for attach"),
        [t] => t.clone(),
        [kind, name] => format!("{kind}/{name}"),
        more => {
            return CommandOutput::failure(format!(
                "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {}: [{}]",
                more.len(),
                more.join(" ")
            ))
        }
    };
    match p.duration_ms("pod-running-timeout", "attach") {
        Err(e) => return CommandOutput::failure(e),
        Ok(Some(t)) if t <= 0 => {
            return CommandOutput::failure(
                "error: --pod-running-timeout must be higher than zero\nSee 'kubectl attach -h' for help and examples",
            )
        }
        Ok(_) => {}
    }
    let mut out = CommandOutput::new();
    let ns = p.namespace();
    let pod = match pod_for(cluster, &target, &ns, &mut out) {
        Ok(pod) => pod.clone(),
        Err(e) => return CommandOutput::failure(not_found_text(e)),
    };
    if matches!(pod.status.phase, PodPhase::Succeeded | PodPhase::Failed) {
        out.fail(format!(
            "error: cannot attach a container in a completed pod; current phase is {}",
            pod.status.phase.as_str()
        ));
        return out;
    }
    let quiet = p.bool("quiet", false).unwrap_or(false);
    let container = choose_container(&pod, p.get("container"), quiet, &mut out);
    let Some((spec, _)) = container_spec(&pod.spec, &container) else {
        out.fail(format!(
            "error: container {container} not found in pod {}",
            pod.metadata.name
        ));
        return out;
    };
    let has = |k: &str| spec.get(k).and_then(Value::as_bool) == Some(true);
    let mut tty = p.bool("tty", false).unwrap_or(false);
    if tty && !has("tty") {
        tty = false;
        if !quiet {
            out.err(format!(
                "error: Unable to use a TTY - container {container} did not allocate one\n"
            ));
        }
    } else if !tty && has("tty") {
        // a container started with a TTY is attached with one
        tty = true;
    }
    let stdin = p.bool("stdin", false).unwrap_or(false);
    let running = pod
        .status
        .container_status(&container)
        .is_some_and(|cs| matches!(cs.state, ContainerState::Running { .. }));
    if running
        && stdin
        && tty
        && waits_on_terminal(spec)
        && super::tty::open_attach(cluster, &pod, &container, quiet)
    {
        if !quiet {
            out.err("If you don't see a command prompt, try pressing enter.\n");
        }
        return out;
    }
    out.fail(format!(
        "error: kubeplay: only a shell started with a terminal (kubectl run -ti … -- sh) can be attached to; follow other containers with kubectl logs -f {}",
        pod.metadata.name
    ));
    out
}
