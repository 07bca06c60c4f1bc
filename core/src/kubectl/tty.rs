//! Interactive shells in containers: `kubectl exec -ti POD -- bash` (the Kubernetes Basics
//! tutorial's "cat server.js", "curl http://localhost:8080", "exit") and `kubectl run -ti …`
//! with a shell (StatefulSet Basics' `busybox:1.28` pod for `nslookup web-0.nginx`).
//!
//! While a session is open, every line the terminal reads goes to the container's shell
//! ([`Cluster::prompt`] is the shell's prompt, as the terminal shows it), until `exit` or
//! `logout`: then `kubectl exec` returns the shell's status, `kubectl run` ends its pod's
//! container and finishes as an attached run does ([`super::run::end_attached`]), and
//! `kubectl attach` ends the container, whose restart policy decides what follows. Each line
//! runs as `SHELL -c LINE` in the container ([`super::exec::run_in_container`]) from the
//! session's working directory, which `cd` moves: files written stay, but a line's variables
//! do not carry over to the next.

use super::run::Attach;
use crate::api::{ContainerState, ObjKey, Pod};
use crate::nodes::process::{interactive_not_found, interactive_prompt, is_bash};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;

/// An open interactive shell.
#[derive(Debug, Clone)]
pub(crate) struct TtySession {
    pod: ObjKey,
    uid: String,
    container: String,
    /// The container's restart count when the session began: a restarted container is a new
    /// process, which the session is not attached to.
    restarts: i32,
    /// The shell, as the command named it (`bash`, `/bin/sh`).
    program: String,
    /// The shell's working directory (`cd`), which its prompt shows.
    cwd: String,
    hostname: String,
    /// bash says `exit` as an interactive shell leaves.
    says_exit: bool,
    /// `$?` of the last line, what a bare `exit` returns.
    last_status: i32,
    /// Lines the shell has read (dash numbers its complaints with it).
    lines: u32,
    image: String,
    /// What the shell's exit ends.
    ending: Ending,
}

/// The command a session belongs to, which decides what its end prints.
#[derive(Debug, Clone)]
enum Ending {
    /// `kubectl exec`: the shell's status is the command's.
    Exec,
    /// `kubectl run -ti`: the pod's container ends with the shell ([`super::run::end_attached`]).
    Run(Attach),
    /// `kubectl attach -ti`: the container ends with the shell; its restart policy decides what
    /// follows (`--quiet` drops the resume hint).
    Attach { quiet: bool },
}

impl Cluster {
    /// The prompt of the container shell a `kubectl exec -ti`/`kubectl run -ti` session opened,
    /// while it is open: the terminal shows it instead of its own, and its lines go there.
    /// Whether a container's shell holds the terminal ([`Cluster::prompt`] is its prompt).
    pub fn in_container_shell(&self) -> bool {
        self.tty.is_some()
    }

    pub fn prompt(&self) -> Option<String> {
        self.tty
            .as_ref()
            .map(|s| interactive_prompt(&s.image, &s.program, &s.hostname, &s.cwd))
    }
}

/// The running container's restart count.
fn running_restarts(pod: &Pod, container: &str) -> Option<i32> {
    pod.status
        .container_status(container)
        .filter(|cs| matches!(cs.state, ContainerState::Running { .. }))
        .map(|cs| cs.restart_count)
}

fn session(pod: &Pod, container: &str, program: &str, ending: Ending) -> Option<TtySession> {
    let spec = crate::nodes::kubelet::container_spec(&pod.spec, container)?.0;
    let image = spec.get("image").and_then(Value::as_str).unwrap_or("");
    let hostname = pod.hostname().unwrap_or(&pod.metadata.name);
    Some(TtySession {
        pod: pod.metadata.key(),
        uid: pod.metadata.uid.clone(),
        container: container.to_string(),
        restarts: running_restarts(pod, container)?,
        program: program.to_string(),
        cwd: "/".to_string(),
        hostname: hostname.to_string(),
        says_exit: is_bash(image, program),
        last_status: 0,
        lines: 0,
        image: image.to_string(),
        ending,
    })
}

/// `kubectl exec -ti POD -- SHELL`: the session begins (kubectl prints nothing of its own).
pub(super) fn open_exec(cluster: &mut Cluster, pod: &Pod, container: &str, program: &str) {
    cluster.tty = session(pod, container, program, Ending::Exec);
}

/// `kubectl run -ti` of a shell, once its pod runs: whether the session began.
pub(super) fn open_run(cluster: &mut Cluster, pod: &Pod, how: Attach) -> bool {
    let Some(container) = crate::api::containers_of(&pod.spec)
        .first()
        .map(|c| c.name.to_string())
    else {
        return false;
    };
    open(cluster, pod, &container, Ending::Run(how))
}

/// `kubectl attach -ti` to a container whose shell reads its terminal: whether the session
/// began.
pub(super) fn open_attach(cluster: &mut Cluster, pod: &Pod, container: &str, quiet: bool) -> bool {
    open(cluster, pod, container, Ending::Attach { quiet })
}

fn open(cluster: &mut Cluster, pod: &Pod, container: &str, ending: Ending) -> bool {
    let Some((spec, _)) = crate::nodes::kubelet::container_spec(&pod.spec, container) else {
        return false;
    };
    let program = shell_of(spec);
    cluster.tty = session(pod, container, &program, ending);
    cluster.tty.is_some()
}

/// The shell a container runs: its one word, or the image's (`sh`).
fn shell_of(container: &Value) -> String {
    ["command", "args"]
        .iter()
        .filter_map(|k| container.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .next()
        .unwrap_or("sh")
        .to_string()
}

/// One line typed in the session.
pub(crate) fn input(cluster: &mut Cluster, line: &str) -> CommandOutput {
    let Some(mut session) = cluster.tty.take() else {
        return CommandOutput::new();
    };
    let pod = cluster
        .store()
        .pods
        .get(&session.pod)
        .filter(|p| p.metadata.uid == session.uid)
        .cloned();
    let attached = pod
        .as_ref()
        .and_then(|p| running_restarts(p, &session.container))
        == Some(session.restarts);
    let (Some(pod), true) = (pod, attached) else {
        // the container was stopped under the session (deleted, evicted, restarted)
        let mut out = CommandOutput::new();
        out.fail("command terminated with exit code 137");
        out.exit_code = 137;
        return out;
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    session.lines += 1;
    match words.as_slice() {
        [] => {
            cluster.tty = Some(session);
            CommandOutput::new()
        }
        ["exit" | "logout"] => leave(cluster, &session, session.last_status),
        ["exit", code] => match code.parse::<i64>() {
            // the status is the low byte, as the kernel keeps it
            Ok(code) => leave(cluster, &session, code.rem_euclid(256) as i32),
            Err(_) => {
                let complaint = format!(
                    "{}: exit: {code}: numeric argument required\n",
                    session.program.rsplit('/').next().unwrap_or("sh")
                );
                leave_saying(cluster, &session, 2, &complaint)
            }
        },
        // the images kubeplay runs ship neither kubectl nor kubeplay's own commands
        [program @ ("kubectl" | "sim"), ..] => {
            let mut out = CommandOutput::new();
            out.err(interactive_not_found(
                &session.image,
                &session.program,
                program,
                session.lines,
            ));
            out.exit_code = 127;
            session.last_status = 127;
            cluster.tty = Some(session);
            out
        }
        _ => {
            let Some((spec, _)) =
                crate::nodes::kubelet::container_spec(&pod.spec, &session.container)
            else {
                return CommandOutput::new();
            };
            let spec = spec.clone();
            let command = [session.program.clone(), "-c".into(), line.to_string()];
            let (mut out, status, cwd) = super::exec::run_in_container(
                cluster,
                &pod,
                &session.container,
                &spec,
                &command,
                Some(&session.cwd),
            );
            session.last_status = status;
            session.cwd = cwd;
            out.exit_code = status;
            cluster.tty = Some(session);
            out
        }
    }
}

/// The shell exits with `code`: the session ends as its command does.
fn leave(cluster: &mut Cluster, session: &TtySession, code: i32) -> CommandOutput {
    leave_saying(cluster, session, code, "")
}

/// [`leave`], with what the shell says of its `exit` (after bash's `exit`).
fn leave_saying(
    cluster: &mut Cluster,
    session: &TtySession,
    code: i32,
    complaint: &str,
) -> CommandOutput {
    let mut out = CommandOutput::new();
    if session.says_exit {
        out.err("exit\n");
    }
    out.err(complaint);
    if let Ending::Exec = session.ending {
        if code != 0 {
            out.fail(format!("command terminated with exit code {code}"));
            out.exit_code = code;
        }
        return out;
    }
    cluster.kubelet_container_exited(
        &session.pod,
        &session.uid,
        &session.container,
        session.restarts,
        code,
    );
    match &session.ending {
        Ending::Run(how) => super::run::end_attached(cluster, &session.pod, how, code, &mut out),
        Ending::Attach { quiet } => {
            let always = cluster
                .store()
                .pods
                .get(&session.pod)
                .and_then(|p| p.spec.get("restartPolicy").and_then(Value::as_str))
                .is_none_or(|r| r == "Always");
            if always && !quiet {
                out.out(super::attach::resume_hint(
                    session.pod.name(),
                    &session.container,
                ));
            }
        }
        Ending::Exec => {}
    }
    out
}
