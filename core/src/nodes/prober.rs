//! The kubelet's liveness and readiness probes (pkg/kubelet/prober) on the virtual clock.
//!
//! A probe worker ticks every `periodSeconds` from the container's start and probes once the
//! container has run `initialDelaySeconds`. What a probe finds follows from the container's
//! process ([`super::process`]): an `exec` probe reads the files its script made and removed
//! (`cat /tmp/healthy` in the docs' liveness-exec pod), an `httpGet` or `tcpSocket` probe
//! reaches a server image on its port (nginx answers `/` on port 80 and 404 elsewhere; a shell
//! script listens on nothing, so the connection is refused). A `grpc` probe needs a server of
//! the gRPC health protocol, which no image kubeplay simulates is, so it times out. A program
//! kubeplay does not simulate is taken to answer. A probe sent to a `host` other than the
//! pod's IP does not reach the container at all. The outcome only changes when the script
//! touches a file, so the kubelet looks ahead for the first failing tick instead of probing
//! every period: a probe that always succeeds costs nothing.
//!
//! Liveness: `failureThreshold` consecutive failures kill the container ("failed liveness
//! probe, will be restarted"), which restarts by its policy. Readiness: the container is ready
//! after `successThreshold` consecutive successes and unready after `failureThreshold`
//! failures. Each failure is a `Warning Unhealthy` event. Startup probes are taken to succeed.

use super::kubelet::{container_spec, refresh_ready, PodEventTarget};
use super::process::Process;
use crate::api::yaml::go_quote;
use crate::api::{ContainerState, ObjKey, Time};
use crate::sim::Timer;
use serde_json::Value;

/// Which probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeKind {
    Liveness,
    Readiness,
}

impl ProbeKind {
    fn field(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "livenessProbe",
            ProbeKind::Readiness => "readinessProbe",
        }
    }

    /// How the kubelet's events name it.
    pub fn title(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
        }
    }
}

/// A container's probe, with the API defaults.
pub struct Probe<'a> {
    handler: &'a Value,
    pub initial_delay_ms: u64,
    /// `timeoutSeconds`: how long a probe that gets no answer waits.
    pub timeout_s: u64,
    pub period_ms: u64,
    pub success_threshold: u32,
    pub failure_threshold: u32,
}

impl<'a> Probe<'a> {
    pub fn of(container: &'a Value, kind: ProbeKind) -> Option<Self> {
        let p = container.get(kind.field()).filter(|p| p.is_object())?;
        let n = |k: &str, default: i64| p.get(k).and_then(Value::as_i64).unwrap_or(default);
        Some(Self {
            handler: p,
            initial_delay_ms: n("initialDelaySeconds", 0).max(0) as u64 * 1000,
            timeout_s: n("timeoutSeconds", 1).max(1) as u64,
            period_ms: n("periodSeconds", 10).max(1) as u64 * 1000,
            success_threshold: n("successThreshold", 1).max(1) as u32,
            failure_threshold: n("failureThreshold", 3).max(1) as u32,
        })
    }

    /// When (ms into the run) the `k`-th probe is made: the ticks at or after the initial delay.
    pub fn tick(&self, k: u64) -> u64 {
        let first = self.initial_delay_ms.div_ceil(self.period_ms) * self.period_ms;
        first + k * self.period_ms
    }

    /// When (ms into the run) the `k`-th probe's result is known: a gRPC probe that fails waits
    /// out its timeout first (`grpc.DialContext` with `WithBlock` retries until the deadline),
    /// so its event and what follows come `timeoutSeconds` after the tick. The other probes
    /// kubeplay runs answer at once.
    pub fn result_at(&self, t: &Target, k: u64) -> u64 {
        let at = self.tick(k);
        if self.handler.get("grpc").is_some() && outcome(self, t, at).is_err() {
            at + self.timeout_s * 1000
        } else {
            at
        }
    }

    /// The index of the first tick at or after `at_ms`.
    pub fn tick_at_or_after(&self, at_ms: u64) -> u64 {
        let first = self.tick(0);
        at_ms.saturating_sub(first).div_ceil(self.period_ms)
    }
}

/// What a probe sees of the container.
pub struct Target<'a> {
    pub container: &'a Value,
    pub process: &'a Process,
    pub pod_ip: &'a str,
}

/// The first tick (index) from `from` on whose probe fails, within the span the outcome can
/// still change; None when it never fails.
pub fn first_failure(probe: &Probe, t: &Target, from: u64) -> Option<u64> {
    let horizon = t.process.last_file_change().max(AGNHOST_HEALTHY_MS) + probe.period_ms;
    // a script that touches a file years on is not looked at tick by tick
    let last = probe
        .tick_at_or_after(horizon)
        .max(from)
        .min(from + MAX_LOOKAHEAD_TICKS);
    (from..=last).find(|k| outcome(probe, t, probe.tick(*k)).is_err())
}

/// Ticks the look-ahead reads at most.
const MAX_LOOKAHEAD_TICKS: u64 = 100_000;

/// How many ticks in a row up to tick `k` (inclusive) had the result of tick `k`.
pub fn streak(probe: &Probe, t: &Target, k: u64, limit: u32) -> u32 {
    let ok = outcome(probe, t, probe.tick(k)).is_ok();
    let mut n = 0;
    let mut i = k;
    loop {
        if outcome(probe, t, probe.tick(i)).is_ok() != ok {
            return n;
        }
        n += 1;
        if n >= limit || i == 0 {
            return n;
        }
        i -= 1;
    }
}

/// How long the docs' `agnhost liveness` server answers /healthz with 200 before it turns to 500.
const AGNHOST_HEALTHY_MS: u64 = 10_000;

/// One probe `at_ms` into the run: Ok, or the failure's output as the kubelet reports it.
pub fn outcome(probe: &Probe, t: &Target, at_ms: u64) -> Result<(), String> {
    let h = probe.handler;
    if let Some(exec) = h.get("exec") {
        let argv: Vec<String> = exec
            .get("command")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|s| s.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        return exec_outcome(&argv, t, at_ms);
    }
    if let Some(http) = h.get("httpGet") {
        let port = port_of(http.get("port"), t.container);
        let raw_path = http.get("path").and_then(Value::as_str).unwrap_or("/");
        let scheme = http
            .get("scheme")
            .and_then(Value::as_str)
            .unwrap_or("HTTP")
            .to_ascii_lowercase();
        let host = probe_host(http, t);
        let hostport = crate::api::gourl::join_host_port(host, port.unwrap_or(0));
        let url = format!(
            "{scheme}://{hostport}{}",
            crate::api::gourl::url_path(raw_path)
        );
        // the path the server sees, without the query
        let path = raw_path.split(['?', '#']).next().unwrap_or("");
        let refused = || {
            Err(format!(
                "Get {}: {}",
                go_quote(&url),
                dial_error(host, &hostport)
            ))
        };
        if host != t.pod_ip {
            return refused();
        }
        return match server(t) {
            Server::Unknown => Ok(()),
            Server::Nginx if port == Some(80) => match path {
                "/" | "" | "/index.html" => Ok(()),
                _ => Err("HTTP probe failed with statuscode: 404".into()),
            },
            Server::AgnhostLiveness if port == Some(8080) => {
                if path == "/healthz" && at_ms >= AGNHOST_HEALTHY_MS {
                    Err("HTTP probe failed with statuscode: 500".into())
                } else {
                    Ok(())
                }
            }
            _ => refused(),
        };
    }
    if let Some(tcp) = h.get("tcpSocket") {
        let port = port_of(tcp.get("port"), t.container);
        let host = probe_host(tcp, t);
        let refused = || {
            Err(dial_error(
                host,
                &crate::api::gourl::join_host_port(host, port.unwrap_or(0)),
            ))
        };
        if host != t.pod_ip {
            return refused();
        }
        return match (server(t), port) {
            (Server::Unknown, _)
            | (Server::Nginx, Some(80))
            | (Server::AgnhostLiveness, Some(8080)) => Ok(()),
            _ => refused(),
        };
    }
    if let Some(grpc) = h.get("grpc") {
        // pkg/probe/grpc: the kubelet dials the pod IP (a gRPC probe has no `host`) with
        // `WithBlock`, which keeps retrying a refused connection, or a server that does not
        // speak HTTP/2, until the deadline: every failure to connect is a timeout
        let port = grpc.get("port").and_then(Value::as_i64).unwrap_or(0);
        return match server(t) {
            Server::Unknown => Ok(()),
            _ => Err(format!(
                "timeout: failed to connect service {} within {}: context deadline exceeded",
                go_quote(&crate::api::gourl::join_host_port(t.pod_ip, port)),
                go_duration(probe.timeout_s)
            )),
        };
    }
    Ok(())
}

/// Where an `httpGet` or `tcpSocket` probe connects: its `host`, else the pod's IP
/// (`NewRequestForHTTPGetAction`, `runProbe`'s TCP case).
fn probe_host<'a>(handler: &'a Value, t: &Target<'a>) -> &'a str {
    handler
        .get("host")
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty())
        .unwrap_or(t.pod_ip)
}

/// The node's resolver the kubelet (host network) asks: a kind node's `/etc/resolv.conf`
/// points at the Docker network's gateway, which does not know the cluster's Service names.
const NODE_NAMESERVER: &str = "172.18.0.1:53";

/// Why the kubelet's dial to a host that is not the container fails, as Go's `net.OpError`
/// words it: an address (or `localhost`, from the node's /etc/hosts) refuses the connection
/// (nothing of the pod listens there); any other name is unknown to the node's resolver
/// (the pure-Go resolver names the server it asked).
fn dial_error(host: &str, hostport: &str) -> String {
    if host == "localhost" {
        let port = hostport.rsplit(':').next().unwrap_or("0");
        return format!("dial tcp 127.0.0.1:{port}: connect: connection refused");
    }
    if crate::api::gourl::is_ip_literal(host) {
        return format!("dial tcp {hostport}: connect: connection refused");
    }
    format!("dial tcp: lookup {host} on {NODE_NAMESERVER}: no such host")
}

/// Go's `time.Duration.String()` for whole seconds (`1s`, `1m30s`, `1h0m0s`).
fn go_duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s}s"),
        _ => format!("{h}h{m}m{s}s"),
    }
}

/// A probe's port: a number, or the name of one of the container's ports.
fn port_of(port: Option<&Value>, container: &Value) -> Option<i64> {
    match port? {
        Value::Number(n) => n.as_i64(),
        Value::String(name) => name.parse().ok().or_else(|| {
            container
                .get("ports")?
                .as_array()?
                .iter()
                .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
                .get("containerPort")?
                .as_i64()
        }),
        _ => None,
    }
}

/// What listens in the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    /// nginx (or httpd) running its own command: port 80, the default page at `/`.
    Nginx,
    /// The docs' `agnhost liveness` (liveness-http): /healthz on 8080, 500 after 10 s.
    AgnhostLiveness,
    /// A script kubeplay runs: nothing listens.
    Nothing,
    /// A program kubeplay does not simulate: taken to answer.
    Unknown,
}

fn server(t: &Target) -> Server {
    let image = t
        .container
        .get("image")
        .and_then(Value::as_str)
        .unwrap_or("");
    let args = |k: &str| t.container.get(k).and_then(Value::as_array).map(Vec::len);
    let name = super::process::image_name(image);
    if name == "agnhost"
        && t.container.pointer("/args/0").and_then(Value::as_str) == Some("liveness")
    {
        return Server::AgnhostLiveness;
    }
    if !t.process.opaque {
        return Server::Nothing;
    }
    let own_command = args("command").unwrap_or(0) == 0 && args("args").unwrap_or(0) == 0;
    match name {
        "nginx" | "nginx-slim" | "httpd" if own_command => Server::Nginx,
        _ => Server::Unknown,
    }
}

/// An `exec` probe: the commands a probe runs to look at files, read against the files the
/// container's script made; anything else is taken to succeed.
fn exec_outcome(argv: &[String], t: &Target, at_ms: u64) -> Result<(), String> {
    // `sh -c "cat /tmp/healthy"`: one simple command
    let argv: Vec<String> = match argv {
        [sh, c, script, ..] if is_shell(sh) && c == "-c" => {
            script.split_whitespace().map(str::to_string).collect()
        }
        _ => argv.to_vec(),
    };
    let Some((cmd, args)) = argv.split_first() else {
        return Ok(());
    };
    let cmd = cmd.rsplit('/').next().unwrap_or(cmd);
    let busybox = matches!(
        super::process::image_name(
            t.container
                .get("image")
                .and_then(Value::as_str)
                .unwrap_or("")
        ),
        "busybox" | "alpine"
    );
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let missing = || {
        paths
            .iter()
            .find(|p| !exists(t, p, at_ms))
            .map(|p| p.as_str())
    };
    // an image kubeplay does not run keeps its files to itself
    if t.process.opaque && !matches!(cmd, "true" | "false") {
        return Ok(());
    }
    match cmd {
        "true" => Ok(()),
        "false" => Err(String::new()),
        "cat" | "ls" | "head" | "tail" => match missing() {
            None => Ok(()),
            Some(p) if busybox && cmd == "cat" => Err(format!(
                "cat: can't open '{p}': No such file or directory\n"
            )),
            Some(p) if busybox => Err(format!("{cmd}: {p}: No such file or directory\n")),
            Some(p) if cmd == "ls" => Err(format!(
                "ls: cannot access '{p}': No such file or directory\n"
            )),
            Some(p) => Err(format!("{cmd}: {p}: No such file or directory\n")),
        },
        "test" | "[" => match missing() {
            None => Ok(()),
            Some(_) => Err(String::new()),
        },
        _ => Ok(()),
    }
}

/// How a program that handles its stop signal exits: nginx stops gracefully (0); a Go program
/// such as agnhost, as PID 1, has its SIGTERM dropped by the kernel and exits 2.
fn stop_exit_code(container: &Value) -> i32 {
    let image = container.get("image").and_then(Value::as_str).unwrap_or("");
    match super::process::image_name(image) {
        "agnhost" => 2,
        _ => 0,
    }
}

fn is_shell(argv0: &str) -> bool {
    matches!(
        argv0.rsplit('/').next().unwrap_or(argv0),
        "sh" | "bash" | "ash" | "dash"
    )
}

/// Whether a path exists `at_ms` into the run: as the script left it, else as the image has it.
/// A probe at the very instant the script changes a file still sees it as it was.
fn exists(t: &Target, path: &str, at_ms: u64) -> bool {
    t.process
        .file_state(path, at_ms.saturating_sub(1))
        .unwrap_or_else(|| IMAGE_PATHS.contains(&path.trim_end_matches('/')))
}

/// Paths every image kubeplay runs a script in has (a base file system, the service account
/// token the pod mounts).
const IMAGE_PATHS: &[&str] = &[
    "",
    "/bin",
    "/bin/sh",
    "/dev",
    "/dev/null",
    "/etc",
    "/etc/hostname",
    "/etc/hosts",
    "/etc/passwd",
    "/etc/resolv.conf",
    "/proc",
    "/tmp",
    "/usr",
    "/var",
    "/var/run/secrets/kubernetes.io/serviceaccount",
    "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
    "/var/run/secrets/kubernetes.io/serviceaccount/namespace",
    "/var/run/secrets/kubernetes.io/serviceaccount/token",
];

impl crate::sim::Cluster {
    /// After a container started: its liveness probe's first failing tick, and the ticks of a
    /// readiness probe that can fail (one that cannot is the pod's `PodReady` timer).
    pub(super) fn schedule_probes(&mut self, key: &ObjKey, uid: &str, name: &str, p: &Process) {
        let Some(pod) = self.store.pods.get(key) else {
            return;
        };
        if !self.spec_facts.of(&pod.spec).probes {
            return;
        }
        let Some((container, false)) = container_spec(&pod.spec, name) else {
            return;
        };
        // most containers have no probe to schedule
        if container.get("livenessProbe").is_none() && container.get("readinessProbe").is_none() {
            return;
        }
        let Some(cs) = pod.status.container_status(name) else {
            return;
        };
        let restarts = cs.restart_count;
        let target = Target {
            container,
            process: p,
            pod_ip: pod.status.pod_ip.as_deref().unwrap_or(""),
        };
        let mut due = Vec::new();
        if let Some(probe) = Probe::of(container, ProbeKind::Liveness) {
            if let Some(k) = first_failure(&probe, &target, 0) {
                due.push((ProbeKind::Liveness, k, probe.result_at(&target, k)));
            }
        }
        if let Some(probe) = Probe::of(container, ProbeKind::Readiness) {
            if first_failure(&probe, &target, 0).is_some() {
                due.push((ProbeKind::Readiness, 0, probe.result_at(&target, 0)));
            }
        }
        for (kind, tick, at) in due {
            self.after(
                at,
                Timer::Probe {
                    pod: key.clone(),
                    uid: uid.to_string(),
                    container: name.to_string(),
                    kind,
                    restarts,
                    tick,
                },
            );
        }
    }

    /// The running containers of a pod whose readiness probe can fail.
    pub(super) fn probed_readiness(&self, key: &ObjKey) -> Vec<String> {
        let Some(pod) = self.store.pods.get(key) else {
            return Vec::new();
        };
        pod.status
            .container_statuses
            .iter()
            .filter_map(|cs| match cs.state {
                ContainerState::Running { started_at } => Some((cs.name.as_str(), started_at)),
                _ => None,
            })
            .filter(|(name, started_at)| {
                let Some((container, _)) = container_spec(&pod.spec, name) else {
                    return false;
                };
                let Some(probe) = Probe::of(container, ProbeKind::Readiness) else {
                    return false;
                };
                let restarts = pod
                    .status
                    .container_status(name)
                    .map_or(0, |cs| cs.restart_count);
                let process = self.process_for(pod, name, restarts, *started_at);
                let target = Target {
                    container,
                    process: &process,
                    pod_ip: pod.status.pod_ip.as_deref().unwrap_or(""),
                };
                first_failure(&probe, &target, 0).is_some()
            })
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// A probe tick: its event when it fails, then what the streak of results decides.
    pub(crate) fn kubelet_probe(
        &mut self,
        key: &ObjKey,
        uid: &str,
        name: &str,
        kind: ProbeKind,
        restarts: i32,
        tick: u64,
    ) {
        let Some(pod) = self.running_pod(key, uid) else {
            return;
        };
        let Some(cs) = pod
            .status
            .container_status(name)
            .filter(|cs| cs.restart_count == restarts)
        else {
            return;
        };
        let ContainerState::Running { started_at } = cs.state else {
            return;
        };
        let was_ready = cs.ready;
        let Some((container, _)) = container_spec(&pod.spec, name) else {
            return;
        };
        let container = container.clone();
        let Some(probe) = Probe::of(&container, kind) else {
            return;
        };
        let process = self.process_for(pod, name, restarts, started_at);
        let pod_ip = pod.status.pod_ip.clone().unwrap_or_default();
        let grace = container
            .pointer(&format!("/{}/terminationGracePeriodSeconds", kind.field()))
            .and_then(Value::as_i64)
            .unwrap_or_else(|| pod.termination_grace_seconds())
            .max(0) as u64;
        let event_target = PodEventTarget::of(pod);
        let t = Target {
            container: &container,
            process: &process,
            pod_ip: &pod_ip,
        };
        let result = outcome(&probe, &t, probe.tick(tick));
        let limit = probe.success_threshold.max(probe.failure_threshold);
        let run = streak(&probe, &t, tick, limit);
        // the next tick worth looking at
        let mut next = Some(tick + 1);
        if let Err(output) = &result {
            self.kubelet_event(
                &event_target,
                Some(name),
                "Warning",
                "Unhealthy",
                format!("{} probe failed: {output}", kind.title()),
            );
        }
        match (kind, &result) {
            (ProbeKind::Liveness, Ok(())) => next = first_failure(&probe, &t, tick + 1),
            (ProbeKind::Liveness, Err(_)) if run >= probe.failure_threshold => {
                self.kubelet_event(
                    &event_target,
                    Some(name),
                    "Normal",
                    "Killing",
                    format!("Container {name} failed liveness probe, will be restarted"),
                );
                // SIGTERM, and SIGKILL when the grace period ends if it is ignored
                let (wait, code) = if process.ignores_sigterm {
                    (grace * 1000, 137)
                } else {
                    (
                        self.timings.termination_ms.min(grace * 1000),
                        stop_exit_code(&container),
                    )
                };
                self.after(
                    wait,
                    Timer::ContainerExited {
                        pod: key.clone(),
                        uid: uid.to_string(),
                        container: name.to_string(),
                        restarts,
                        code,
                    },
                );
                next = None;
            }
            (ProbeKind::Liveness, Err(_)) => {}
            (ProbeKind::Readiness, _) => {
                let ready = match result {
                    Ok(()) if run >= probe.success_threshold => true,
                    Err(_) if run >= probe.failure_threshold => false,
                    _ => was_ready,
                };
                if ready != was_ready {
                    let now = self.now;
                    self.update_pod(key, |pod| {
                        if let Some(cs) = pod.status.container_status_mut(name) {
                            cs.ready = ready;
                        }
                        refresh_ready(pod, now);
                    });
                }
                // ready for good: nothing left to find
                if ready && first_failure(&probe, &t, tick + 1).is_none() {
                    next = None;
                }
            }
        }
        if let Some(k) = next {
            let at = started_at + probe.result_at(&t, k) as Time;
            self.at(
                at,
                Timer::Probe {
                    pod: key.clone(),
                    uid: uid.to_string(),
                    container: name.to_string(),
                    kind,
                    restarts,
                    tick: k,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nodes::process::{container_process, Context};
    use serde_json::json;

    fn run(container: &Value) -> Process {
        let ctx = Context {
            hostname: "p",
            namespace: "default",
            resolves: &|_, _| false,
            lookup: None,
            env: None,
        };
        container_process(container, ctx)
    }

    fn target<'a>(container: &'a Value, process: &'a Process) -> Target<'a> {
        Target {
            container,
            process,
            pod_ip: "10.244.1.2",
        }
    }

    #[test]
    fn the_docs_liveness_exec_pod_fails_after_the_file_goes() {
        let c = json!({"name": "liveness", "image": "registry.k8s.io/busybox",
            "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
            "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]},
                "initialDelaySeconds": 5, "periodSeconds": 5}});
        let p = run(&c);
        let t = target(&c, &p);
        let probe = Probe::of(&c, ProbeKind::Liveness).expect("probe");
        // ticks at 5, 10, … s; the file is removed at 30 s, which the probe then still sees
        assert_eq!((probe.tick(0), probe.tick(5)), (5_000, 30_000));
        assert_eq!(first_failure(&probe, &t, 0), Some(6));
        assert_eq!(outcome(&probe, &t, 30_000), Ok(()));
        assert_eq!(
            outcome(&probe, &t, 35_000),
            Err("cat: can't open '/tmp/healthy': No such file or directory\n".into())
        );
        assert_eq!(streak(&probe, &t, 8, 3), 3);
        assert_eq!(streak(&probe, &t, 7, 3), 2);
        assert_eq!(streak(&probe, &t, 5, 3), 3, "successes in a row");
    }

    #[test]
    fn http_and_tcp_probes_reach_servers() {
        let nginx = |probe: Value| {
            json!({"name": "web", "image": "nginx:1.14.2",
            "ports": [{"name": "http", "containerPort": 80}], "readinessProbe": probe})
        };
        let check = |c: &Value| {
            let p = run(c);
            let t = target(c, &p);
            outcome(&Probe::of(c, ProbeKind::Readiness).expect("probe"), &t, 0)
        };
        assert_eq!(
            check(&nginx(json!({"httpGet": {"path": "/", "port": "http"}}))),
            Ok(())
        );
        assert_eq!(
            check(&nginx(json!({"httpGet": {"path": "/healthz", "port": 80}}))),
            Err("HTTP probe failed with statuscode: 404".into())
        );
        assert_eq!(
            check(&nginx(json!({"httpGet": {"path": "/", "port": 8080}}))),
            Err("Get \"http://10.244.1.2:8080/\": dial tcp 10.244.1.2:8080: connect: connection refused".into())
        );
        assert_eq!(check(&nginx(json!({"tcpSocket": {"port": 80}}))), Ok(()));
        let sleeper = json!({"name": "s", "image": "busybox", "command": ["sleep", "3600"],
            "readinessProbe": {"tcpSocket": {"port": 80}}});
        assert_eq!(
            check(&sleeper),
            Err("dial tcp 10.244.1.2:80: connect: connection refused".into())
        );
        let unknown = json!({"name": "u", "image": "registry.k8s.io/goproxy:0.1",
            "readinessProbe": {"tcpSocket": {"port": 8080}}});
        assert_eq!(check(&unknown), Ok(()));
        // the docs' liveness-http pod: /healthz answers 200 for 10 s, then 500
        let agnhost = json!({"name": "liveness", "image": "registry.k8s.io/e2e-test-images/agnhost:2.40",
            "args": ["liveness"], "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080},
            "initialDelaySeconds": 3, "periodSeconds": 3}});
        let p = run(&agnhost);
        let t = target(&agnhost, &p);
        let probe = Probe::of(&agnhost, ProbeKind::Liveness).expect("probe");
        assert_eq!(first_failure(&probe, &t, 0), Some(3), "first 500 at 12 s");
        assert_eq!(probe.tick(3), 12_000);
    }

    #[test]
    fn grpc_probes_time_out_without_a_health_server() {
        let c = json!({"name": "web", "image": "nginx:1.14.2",
            "livenessProbe": {"grpc": {"port": 2379, "service": ""}, "periodSeconds": 5}});
        let p = run(&c);
        let t = target(&c, &p);
        let probe = Probe::of(&c, ProbeKind::Liveness).expect("probe");
        let failed = "timeout: failed to connect service \"10.244.1.2:2379\" within 1s: context deadline exceeded";
        assert_eq!(outcome(&probe, &t, 0), Err(failed.into()));
        assert_eq!(first_failure(&probe, &t, 0), Some(0));
        // the failure is known when the timeout has passed
        assert_eq!((probe.tick(2), probe.result_at(&t, 2)), (10_000, 11_000));
        let slow = json!({"name": "s", "image": "busybox", "command": ["sleep", "3600"],
            "readinessProbe": {"grpc": {"port": 9000}, "timeoutSeconds": 90}});
        let p = run(&slow);
        let t = target(&slow, &p);
        let probe = Probe::of(&slow, ProbeKind::Readiness).expect("probe");
        assert_eq!(
            outcome(&probe, &t, 0),
            Err("timeout: failed to connect service \"10.244.1.2:9000\" within 1m30s: context deadline exceeded".into())
        );
        // a program kubeplay does not run (the docs' etcd) is taken to answer
        let etcd = json!({"name": "etcd", "image": "registry.k8s.io/etcd:3.5.1-0",
            "livenessProbe": {"grpc": {"port": 2379}}});
        let p = run(&etcd);
        let t = target(&etcd, &p);
        let probe = Probe::of(&etcd, ProbeKind::Liveness).expect("probe");
        assert_eq!(outcome(&probe, &t, 0), Ok(()));
        assert_eq!(probe.result_at(&t, 1), 10_000);
    }

    #[test]
    fn probes_to_another_host_do_not_reach_the_container() {
        let nginx = |handler: Value| json!({"name": "web", "image": "nginx:1.14.2", "readinessProbe": handler});
        let check = |c: &Value| {
            let p = run(c);
            let t = target(c, &p);
            outcome(&Probe::of(c, ProbeKind::Readiness).expect("probe"), &t, 0)
        };
        assert_eq!(
            check(&nginx(
                json!({"httpGet": {"host": "10.244.1.2", "path": "/", "port": 80}})
            )),
            Ok(())
        );
        assert_eq!(
            check(&nginx(
                json!({"httpGet": {"host": "127.0.0.1", "path": "/", "port": 80}})
            )),
            Err(
                "Get \"http://127.0.0.1:80/\": dial tcp 127.0.0.1:80: connect: connection refused"
                    .into()
            )
        );
        assert_eq!(
            check(&nginx(
                json!({"httpGet": {"host": "localhost", "path": "/", "port": 80}})
            )),
            Err(
                "Get \"http://localhost:80/\": dial tcp 127.0.0.1:80: connect: connection refused"
                    .into()
            )
        );
        assert_eq!(
            check(&nginx(json!({"httpGet": {"host": "web.default.svc", "path": "/", "port": 80}}))),
            Err("Get \"http://web.default.svc:80/\": dial tcp: lookup web.default.svc on 172.18.0.1:53: no such host".into())
        );
        assert_eq!(
            check(&nginx(
                json!({"httpGet": {"host": "fd00::1", "path": "/", "port": 80}})
            )),
            Err(
                "Get \"http://[fd00::1]:80/\": dial tcp [fd00::1]:80: connect: connection refused"
                    .into()
            )
        );
        assert_eq!(
            check(&nginx(
                json!({"tcpSocket": {"host": "127.0.0.1", "port": 80}})
            )),
            Err("dial tcp 127.0.0.1:80: connect: connection refused".into())
        );
        assert_eq!(
            check(&nginx(json!({"tcpSocket": {"host": "db", "port": 5432}}))),
            Err("dial tcp: lookup db on 172.18.0.1:53: no such host".into())
        );
    }

    #[test]
    fn probe_urls_are_escaped_as_go_prints_them() {
        assert_eq!(crate::api::gourl::url_path("/health z"), "/health%20z");
        assert_eq!(crate::api::gourl::url_path("/healthz"), "/healthz");
        assert_eq!(crate::api::gourl::url_path("healthz"), "/healthz");
        assert_eq!(
            crate::api::gourl::url_path("/a%20b"),
            "/a%20b",
            "validly escaped: as written"
        );
        assert_eq!(crate::api::gourl::url_path("/a!b(c)"), "/a!b(c)");
        assert_eq!(crate::api::gourl::url_path("/é"), "/%C3%A9");
        assert_eq!(
            crate::api::gourl::url_path("/x y?a=b c"),
            "/x%20y?a=b c",
            "the query as written"
        );
        assert_eq!(
            crate::api::gourl::url_path("/x#frag ment"),
            "/x#frag%20ment"
        );
        assert_eq!(
            crate::api::gourl::url_path("/50%"),
            "/50%25",
            "unparsable: escaped whole"
        );
        assert_eq!(crate::api::gourl::url_path("/a%zz?q"), "/a%25zz%3Fq");
        assert_eq!(crate::api::gourl::url_path("/tab\tx"), "/tab%09x");
        assert_eq!(go_duration(1), "1s");
        assert_eq!(go_duration(60), "1m0s");
        assert_eq!(go_duration(3661), "1h1m1s");
        let c = json!({"name": "web", "image": "nginx:1.14.2",
            "readinessProbe": {"httpGet": {"path": "/health z", "port": 8080}}});
        let p = run(&c);
        let t = target(&c, &p);
        assert_eq!(
            outcome(&Probe::of(&c, ProbeKind::Readiness).expect("probe"), &t, 0),
            Err("Get \"http://10.244.1.2:8080/health%20z\": dial tcp 10.244.1.2:8080: connect: connection refused".into())
        );
    }
}
