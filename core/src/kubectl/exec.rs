//! `kubectl exec` (kubectl 1.33, `pkg/cmd/exec`) of single commands: the command runs in the
//! container's shell ([`crate::nodes::process`]) against the container's files, which kubeplay
//! keeps per volume. A file written on a PersistentVolumeClaim's mount stays with the claim, so
//! the StatefulSet Basics tutorial's stable storage shows: `echo "$(hostname)" >
//! /usr/share/nginx/html/index.html`, delete the pod, and the new web-0 still serves `web-0`.
//! A file elsewhere lives as long as the container. Inside, a few programs are simulated:
//! `cat`, `ls`, `curl http://localhost/…` against nginx (and the Kubernetes Basics tutorial's
//! bootcamp app on 8080), `env`, besides the shell's own (`hostname`, `echo`, `date`,
//! `printenv NAME`, …). `kubectl exec -ti POD -- bash` opens a session ([`super::tty`]).

use super::args::{self, boolean, flag, short, short_bool};
use super::logs::pod_for;
use crate::api::{ContainerState, ObjKey, Pod, PodPhase, Time};
use crate::nodes::kubelet::{container_spec, with_context};
use crate::nodes::process::{exec, image_name, is_shell, ExecHost};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;
use std::collections::BTreeMap;

const FLAGS: &[args::Flag] = &[
    short("container", 'c'),
    short_bool("stdin", 'i'),
    short_bool("tty", 't'),
    short_bool("quiet", 'q'),
    short("filename", 'f'),
    flag("pod-running-timeout"),
    boolean("keepalive"),
];

/// Where nginx serves from.
const DOCROOT: &str = "/usr/share/nginx/html";

pub fn exec_cmd(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let (before, command) = super::args::split_dashes(raw);
    let p = match args::parse(before, FLAGS, "exec") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let mut out = CommandOutput::new();
    let target = match p.positional.as_slice() {
        [] => return CommandOutput::failure("error: pod, type/name or --filename must be specified"),
        [t] => t.clone(),
        _ => {
            return CommandOutput::failure(
                "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
            )
        }
    };
    if command.is_empty() {
        return CommandOutput::failure(
            "error: you must specify at least one command for the container",
        );
    }
    let ns = p.namespace();
    let pod = match pod_for(cluster, &target, &ns, &mut CommandOutput::new()) {
        Ok(pod) => pod.clone(),
        Err(e) => return CommandOutput::failure(not_found_text(e)),
    };
    if matches!(pod.status.phase, PodPhase::Succeeded | PodPhase::Failed) {
        return CommandOutput::failure(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}",
            pod.status.phase.as_str()
        ));
    }
    let quiet = p.bool("quiet", false).unwrap_or(false);
    let container = choose_container(&pod, p.get("container"), quiet, &mut out);
    let Some((spec, _)) = container_spec(&pod.spec, &container) else {
        out.fail(format!(
            "Error from server (BadRequest): container {container} is not valid for pod {}",
            pod.metadata.name
        ));
        return out;
    };
    let running = pod
        .status
        .container_status(&container)
        .is_some_and(|cs| matches!(cs.state, ContainerState::Running { .. }));
    if pod.node_name.is_none() {
        out.fail(format!(
            "Error from server (BadRequest): pod {} does not have a host assigned",
            pod.metadata.name
        ));
        return out;
    }
    if !running {
        out.fail(format!(
            "error: unable to upgrade connection: container not found ({})",
            crate::api::yaml::go_quote(&container)
        ));
        return out;
    }
    let interactive = p.bool("stdin", false).unwrap_or(false);
    if interactive && command.len() == 1 && is_shell(&command[0]) {
        if !p.bool("tty", false).unwrap_or(false) {
            out.fail(
                "error: kubeplay: a shell reading commands needs a terminal: kubectl exec -ti POD -- sh",
            );
            return out;
        }
        super::tty::open_exec(cluster, &pod, &container, &command[0]);
        return out;
    }
    let spec = spec.clone();
    let (ran, status, _) = run_in_container(cluster, &pod, &container, &spec, &command, None);
    out.extend(ran);
    if status != 0 {
        out.fail(format!("command terminated with exit code {status}"));
        out.exit_code = status;
    }
    out
}

/// The container a command names with `-c`, else the pod's default
/// (`podcmd.FindOrDefaultContainerByName`: the `kubectl.kubernetes.io/default-container`
/// annotation, else the first, with a note naming the others unless `--quiet`).
pub(super) fn choose_container(
    pod: &Pod,
    asked: Option<&str>,
    quiet: bool,
    out: &mut CommandOutput,
) -> String {
    if let Some(c) = asked {
        return c.to_string();
    }
    let names: Vec<String> = crate::api::containers_of(&pod.spec)
        .iter()
        .map(|c| c.name.to_string())
        .collect();
    let annotated = pod
        .metadata
        .annotations
        .get("kubectl.kubernetes.io/default-container")
        .filter(|d| names.contains(d))
        .cloned();
    let inits = crate::api::init_containers_of(&pod.spec);
    let default = annotated
        .clone()
        .or(names.first().cloned())
        .unwrap_or_default();
    if annotated.is_none() && (names.len() > 1 || !inits.is_empty()) && !quiet {
        let all: Vec<String> = names
            .iter()
            .cloned()
            .chain(inits.iter().map(|i| format!("{} (init)", i.name)))
            .collect();
        out.err(format!(
            "Defaulted container {} out of: {}\n",
            crate::api::yaml::go_quote(&default),
            all.join(", ")
        ));
    }
    default
}

/// Runs `command` in the running `container` (whose spec is `spec`) of `pod`: what it writes,
/// its exit status, and the directory it ended in. An interactive shell's line runs from its
/// working directory (`terminal`), with its output on the terminal; `kubectl exec`'s from
/// `/`. Files it writes stay with the container or its volume; requests it makes of apps are
/// logged by them.
pub(super) fn run_in_container(
    cluster: &mut Cluster,
    pod: &Pod,
    container: &str,
    spec: &Value,
    command: &[String],
    terminal: Option<&str>,
) -> (CommandOutput, i32, String) {
    let store = cluster.store();
    // the environment the kubelet resolved from ConfigMaps and Secrets (as they are now), and
    // the Service variables of when the container started
    let started = match pod.status.container_status(container).map(|cs| &cs.state) {
        Some(ContainerState::Running { started_at }) => Some(*started_at),
        _ => None,
    };
    let env = crate::nodes::config_sources::kubelet_env(store, pod, spec, started).ok();
    let mut host = Host::new(cluster, pod, container, spec);
    host.env = env.clone().unwrap_or_default();
    if let Some(cwd) = terminal {
        host.cwd = cwd.to_string();
        host.terminal = true;
    }
    let result = with_context(store, pod, cluster.now(), env.as_deref(), |ctx| {
        exec(spec, ctx, command, &mut host)
    });
    let Host {
        files,
        stderr,
        logged,
        cwd,
        ..
    } = host;
    cluster.exec_files.extend(files);
    cluster.log_requests(logged);
    let mut out = CommandOutput::new();
    out.out(result.stdout);
    out.err(result.stderr);
    out.err(stderr);
    if result.not_simulated {
        out.err("kubeplay: part of this command is not simulated, so it printed nothing more\n");
    }
    (out, result.status, cwd)
}

/// The Kubernetes Basics app's source, `/server.js` of the `kubernetes-bootcamp` images (what
/// the tutorial's `cat server.js` shows); the version is the image tag's.
fn bootcamp_server_js(version: &str) -> String {
    [
        "var http = require('http');",
        "var requests=0;",
        "var podname= process.env.HOSTNAME;",
        "var startTime;",
        "var host;",
        "var handleRequest = function(request, response) {",
        "  response.setHeader('Content-Type', 'text/plain');",
        "  response.writeHead(200);",
        "  response.write(\"Hello Kubernetes bootcamp! | Running on: \");",
        "  response.write(host);",
        &format!("  response.end(\" | v={version}\\n\");"),
        "  console.log(\"Running On:\" ,host, \"| Total Requests:\", ++requests,\"| App Uptime:\", (new Date() - startTime)/1000 , \"seconds\", \"| Log Time:\",new Date());",
        "}",
        "var www = http.createServer(handleRequest);",
        "www.listen(8080,function () {",
        "    startTime = new Date();;",
        "    host = process.env.HOSTNAME;",
        "    console.log (\"Kubernetes Bootcamp App Started At:\",startTime, \"| Running On: \" ,host, \"\\n\" );",
        "});",
        "",
    ]
    .join("\n")
}

/// What the pod answers an HTTP GET of `path` on `port` (from the node, the API server's
/// proxy or a port-forward): the first running container that serves it; None when nothing
/// listens there.
pub(crate) fn http_get(
    cluster: &mut Cluster,
    pod: &ObjKey,
    port: u16,
    path: &str,
    client: (String, &'static str),
) -> Option<String> {
    let pod = cluster.store().pods.get(pod)?.clone();
    let url = format!("http://localhost:{port}/{path}");
    let mut answer = None;
    for c in crate::api::containers_of(&pod.spec) {
        let running = pod
            .status
            .container_status(c.name)
            .is_some_and(|cs| matches!(cs.state, ContainerState::Running { .. }));
        let Some((spec, _)) = container_spec(&pod.spec, c.name).filter(|_| running) else {
            continue;
        };
        let mut host = Host::new(cluster, &pod, c.name, spec);
        host.client = Some(client.clone());
        if let Some((body, 0)) = host.curl(&[&url]) {
            answer = Some((body, host.logged));
            break;
        }
    }
    let (body, logged) = answer?;
    cluster.log_requests(logged);
    Some(body)
}

impl Cluster {
    /// Keeps what apps logged of requests, for `kubectl logs`.
    fn log_requests(&mut self, logged: Vec<RequestLog>) {
        for (run, at, line) in logged {
            self.app_logs.entry(run).or_default().push((at, line));
        }
        // the logs of pods that went go with them, now and then (requests are commands)
        if self.app_logs.len() > 256 {
            let live: std::collections::BTreeSet<&str> = self
                .store
                .pods
                .iter()
                .map(|p| p.metadata.uid.as_str())
                .collect();
            let gone: Vec<(String, String, i32)> = self
                .app_logs
                .keys()
                .filter(|(uid, _, _)| !live.contains(uid.as_str()))
                .cloned()
                .collect();
            for run in gone {
                self.app_logs.remove(&run);
            }
        }
    }
}

/// A request line an app logged: its container run (pod UID, container, restarts), when, what.
type RequestLog = ((String, String, i32), Time, String);

/// `pod_for`'s errors are the logs command's wording; exec's lookup says them as the API does.
pub(super) fn not_found_text(e: String) -> String {
    match e.strip_prefix("error: error from server (NotFound): ") {
        Some(rest) => {
            let what = rest.split(" in namespace").next().unwrap_or(rest);
            format!("Error from server (NotFound): {what}")
        }
        None => e,
    }
}

/// Where a file lives: a claim's volume (outlives pods), a pod's volume, or the container.
fn space_of(pod: &Pod, container: &Value, path: &str) -> (String, String) {
    let mounts = container
        .get("volumeMounts")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let best = mounts
        .iter()
        .filter_map(|m| {
            let at = m.get("mountPath")?.as_str()?.trim_end_matches('/');
            let inside = path == at || path.starts_with(&format!("{at}/"));
            let name = m.get("name")?.as_str()?.to_string();
            inside.then(|| (at.len(), at.to_string(), name))
        })
        .max_by_key(|(len, _, _)| *len);
    let ns = &pod.metadata.namespace;
    if let Some((_, at, volume)) = best {
        let rest = path[at.len()..].to_string();
        let claim = pod
            .spec
            .get("volumes")
            .and_then(Value::as_array)
            .and_then(|v| {
                v.iter()
                    .find(|v| v.get("name").and_then(Value::as_str) == Some(&volume))
            })
            .and_then(|v| v.pointer("/persistentVolumeClaim/claimName"))
            .and_then(Value::as_str);
        return match claim {
            Some(c) => (format!("pvc {ns}/{c}"), rest),
            None => (format!("pod {} {volume}", pod.metadata.uid), rest),
        };
    }
    let restarts = pod
        .status
        .container_status(container.get("name").and_then(Value::as_str).unwrap_or(""))
        .map_or(0, |cs| cs.restart_count);
    (
        format!(
            "container {} {} {restarts}",
            pod.metadata.uid,
            container.get("name").and_then(Value::as_str).unwrap_or("")
        ),
        path.to_string(),
    )
}

/// The container as `kubectl exec` sees it: its files (the cluster's, with this command's
/// writes on top) and the programs of its image.
struct Host<'a> {
    pod: &'a Pod,
    container: &'a Value,
    now: Time,
    known: &'a BTreeMap<(String, String), String>,
    /// The ConfigMaps and Secrets behind the pod's `configMap`/`secret` volumes.
    store: &'a crate::store::Store,
    files: BTreeMap<(String, String), String>,
    stderr: String,
    /// What the kubelet put in the container's environment (its `env`, `envFrom` and Service
    /// variables), in order.
    env: Vec<(String, String)>,
    /// What the apps logged before this command, and what they log of its requests.
    app_logs: &'a crate::sim::AppLogs,
    logged: Vec<RequestLog>,
    /// Who sends the requests when they come from outside the container (address, user
    /// agent); None for a `curl` run in it.
    client: Option<(String, &'static str)>,
    /// The working directory relative paths start from (`cd`; an interactive shell keeps it
    /// from line to line).
    cwd: String,
    /// Standard output is a terminal (an interactive shell's): `ls` lays names out in a row.
    terminal: bool,
}

impl<'a> Host<'a> {
    fn new(cluster: &'a Cluster, pod: &'a Pod, _name: &str, container: &'a Value) -> Self {
        Self {
            pod,
            container,
            now: cluster.now(),
            known: &cluster.exec_files,
            store: cluster.store(),
            files: BTreeMap::new(),
            stderr: String::new(),
            env: Vec::new(),
            app_logs: &cluster.app_logs,
            logged: Vec::new(),
            client: None,
            cwd: "/".to_string(),
            terminal: false,
        }
    }

    /// This container's current run (pod UID, container, restart count) and its start.
    fn container_run(&self) -> Option<((String, String, i32), Time)> {
        let name = self.container.get("name").and_then(Value::as_str)?;
        let status = self.pod.status.container_status(name)?;
        let ContainerState::Running { started_at } = status.state else {
            return None;
        };
        Some((
            (
                self.pod.metadata.uid.clone(),
                name.to_string(),
                status.restart_count,
            ),
            started_at,
        ))
    }

    /// nginx's access log line for a GET of `path` (the image's `main` log_format, on
    /// stdout): who asked, when, the status and the body's size, the user agent.
    fn log_access(&mut self, url: &str, path: &str, status: u16, bytes: usize) {
        let Some((run, _)) = self.container_run() else {
            return;
        };
        let image = self
            .container
            .get("image")
            .and_then(Value::as_str)
            .unwrap_or("");
        let (addr, agent) = match &self.client {
            Some((addr, agent)) => (addr.clone(), *agent),
            // curl tries ::1 first for localhost; nginx listens there from 1.19
            None if url.contains("localhost")
                && crate::nodes::process::nginx::listens_on_ipv6(image) =>
            {
                ("::1".to_string(), CONTAINER_CURL)
            }
            None => ("127.0.0.1".to_string(), CONTAINER_CURL),
        };
        let c = crate::kubectl::printers::timefmt::civil(self.now);
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = MONTHS[(c.month as usize).clamp(1, 12) - 1];
        let line = format!(
            "{addr} - - [{:02}/{month}/{:04}:{:02}:{:02}:{:02} +0000] \"GET /{path} HTTP/1.1\" {status} {bytes} \"-\" \"{agent}\" \"-\"",
            c.day, c.year, c.hour, c.minute, c.second
        );
        self.logged.push((run, self.now, line));
    }

    /// `env` / `printenv` alone: the process environment as containerd builds it (its default
    /// `PATH`, then `HOSTNAME`, the image's `ENV`, the kubelet's variables) with the `HOME` runc
    /// adds for root.
    fn environment(&self) -> String {
        let hostname = self.hostname();
        let mut out = format!(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME={hostname}\n"
        );
        for (k, v) in image_env(self.image()).iter().copied() {
            if !self.env.iter().any(|(n, _)| n == k) {
                out.push_str(&format!("{k}={v}\n"));
            }
        }
        for (k, v) in &self.env {
            out.push_str(&format!("{k}={v}\n"));
        }
        if !self.env.iter().any(|(n, _)| n == "HOME") {
            out.push_str("HOME=/root\n");
        }
        out
    }

    /// GKE's hello-app (`gcr.io/google-samples/hello-app:1.0|2.0`, the Expose-an-External-IP
    /// tutorial) greets with its version and hostname on any path, and logs each request with
    /// Go's log timestamp.
    fn hello_app_reply(&mut self, path: &str) -> Option<String> {
        if self.image() != "hello-app" || !self.runs_image_command() {
            return None;
        }
        let tag = self.image_tag();
        let version = match tag.as_str() {
            "2.0" => "2.0.0",
            _ => "1.0.0",
        };
        let (run, _) = self.container_run()?;
        let c = crate::kubectl::printers::timefmt::civil(self.now);
        let line = format!(
            "{:04}/{:02}/{:02} {:02}:{:02}:{:02} Serving request: /{path}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
        self.logged.push((run, self.now, line));
        let hostname = self.hostname();
        Some(format!(
            "Hello, world!\nVersion: {version}\nHostname: {hostname}\n"
        ))
    }

    /// The Kubernetes Basics tutorial's app (`kubernetes-bootcamp`, a Node.js server on 8080)
    /// answers with the pod's hostname and the version its tag names, and logs the request
    /// with its count, its uptime in seconds and the time (server.js's `handleRequest`).
    fn bootcamp_reply(&mut self) -> Option<String> {
        if self.image() != "kubernetes-bootcamp" || !self.runs_image_command() {
            return None;
        }
        let (run, started_at) = self.container_run()?;
        let count = self.app_logs.get(&run).map_or(0, Vec::len)
            + self.logged.iter().filter(|(r, _, _)| *r == run).count()
            + 1;
        let host = self.hostname();
        let line = format!(
            "Running On: {host} | Total Requests: {count} | App Uptime: {} seconds | Log Time: {}",
            js_number_ms((self.now - started_at).max(0)),
            crate::kubectl::printers::timefmt::js_iso(self.now)
        );
        self.logged.push((run, self.now, line));
        let tag = self.image_tag();
        let version = tag.strip_prefix('v').unwrap_or("1");
        let hostname = self.hostname();
        Some(format!(
            "Hello Kubernetes bootcamp! | Running on: {hostname} | v={version}\n"
        ))
    }

    /// The pod's hostname (a StatefulSet pod's own, else its name).
    fn hostname(&self) -> &str {
        self.pod.hostname().unwrap_or(&self.pod.metadata.name)
    }

    /// The tag of the container's image (`latest` when it names none).
    fn image_tag(&self) -> String {
        let image = self
            .container
            .get("image")
            .and_then(Value::as_str)
            .unwrap_or("");
        crate::nodes::registry::ImageRef::parse(image)
            .tag
            .unwrap_or_default()
    }

    fn image(&self) -> &str {
        image_name(
            self.container
                .get("image")
                .and_then(Value::as_str)
                .unwrap_or(""),
        )
    }

    /// Whether the container runs the command its image ships (no `command`/`args`).
    fn runs_image_command(&self) -> bool {
        let own = |k: &str| {
            self.container
                .get(k)
                .and_then(Value::as_array)
                .is_none_or(|a| a.is_empty())
        };
        own("command") && own("args")
    }

    /// nginx running its own command, as the image ships it.
    fn serves_nginx(&self) -> bool {
        matches!(self.image(), "nginx" | "nginx-slim") && self.runs_image_command()
    }

    /// `path` from the working directory, without `.` and `..` steps.
    fn resolve(&self, path: &str) -> String {
        let joined = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("{}/{path}", self.cwd)
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        format!("/{}", parts.join("/"))
    }

    fn read(&self, path: &str) -> Option<String> {
        let resolved = self.resolve(path);
        let path = resolved.as_str();
        let key = space_of(self.pod, self.container, path);
        if let Some(f) = self.files.get(&key).or_else(|| self.known.get(&key)) {
            return Some(f.clone());
        }
        // a key of a `configMap`/`secret` volume is a file of its mount
        let volume = key
            .0
            .strip_prefix("pod ")
            .and_then(|r| r.split_once(' '))
            .map(|(_, v)| v);
        if let Some(f) = volume.and_then(|v| {
            crate::nodes::config_sources::volume_file(
                self.store,
                self.pod,
                v,
                key.1.trim_start_matches('/'),
            )
        }) {
            return Some(f);
        }
        // a file of the image or of the pod kubeplay can tell
        let hostname = self.hostname();
        match path {
            "/etc/hostname" => Some(format!("{hostname}\n")),
            "/etc/hosts" => Some(self.hosts_file()),
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace" => {
                Some(self.pod.metadata.namespace.clone())
            }
            "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt" => {
                Some(crate::controllers::configmaps::ROOT_CA_PEM.to_string())
            }
            // the bootcamp image's app, in its working directory `/`
            "/server.js" if self.image() == "kubernetes-bootcamp" => {
                let tag = self.image_tag();
                Some(bootcamp_server_js(tag.strip_prefix('v').unwrap_or("1")))
            }
            p if self.serves_nginx()
                && p == format!("{DOCROOT}/index.html")
                && !key.0.starts_with("pvc")
                && !key.0.starts_with("pod") =>
            {
                Some(WELCOME_PAGE.to_string())
            }
            _ => None,
        }
    }

    /// The kubelet's hosts file: a StatefulSet pod with a subdomain gets its FQDN.
    fn hosts_file(&self) -> String {
        let ip = self.pod.status.pod_ip.as_deref().unwrap_or("");
        let name = self.hostname();
        let names = match self.pod.subdomain() {
            Some(sub) => format!(
                "{name}.{sub}.{}.svc.cluster.local\t{name}",
                self.pod.metadata.namespace
            ),
            None => name.to_string(),
        };
        format!(
            "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{ip}\t{names}\n"
        )
    }

    fn busybox(&self) -> bool {
        matches!(self.image(), "busybox" | "alpine")
    }

    fn cat(&mut self, paths: &[&String]) -> (String, i32) {
        let mut out = String::new();
        let mut status = 0;
        for p in paths {
            match self.read(p) {
                Some(content) => out.push_str(&content),
                None => {
                    status = 1;
                    self.stderr.push_str(&if self.busybox() {
                        format!("cat: can't open '{p}': No such file or directory\n")
                    } else {
                        format!("cat: {p}: No such file or directory\n")
                    });
                }
            }
        }
        (out, status)
    }

    /// `curl http://localhost[:80]/PATH` against nginx's document root.
    fn curl(&mut self, args: &[&String]) -> Option<(String, i32)> {
        let url = args.iter().find(|a| !a.starts_with('-'))?;
        let rest = url.strip_prefix("http://").unwrap_or(url);
        let (host_port, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
        let (host, port) = host_port.split_once(':').unwrap_or((host_port, "80"));
        if !matches!(host, "localhost" | "127.0.0.1") {
            return None;
        }
        if port == "8080" {
            if let Some(reply) = self.bootcamp_reply() {
                return Some((reply, 0));
            }
            if let Some(reply) = self.hello_app_reply(path) {
                return Some((reply, 0));
            }
        }
        if !self.serves_nginx() || port != "80" {
            self.stderr.push_str(&format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"));
            return Some((String::new(), 7));
        }
        // nginx serves the file the path names; the query is not part of it
        let file_path = path.split(['?', '#']).next().unwrap_or("");
        let file = match file_path {
            "" => "index.html".to_string(),
            p if p.ends_with('/') => format!("{p}index.html"),
            p => p.to_string(),
        };
        let version = self.nginx_version();
        let (body, status) = match self.read(&format!("{DOCROOT}/{file}")) {
            Some(body) => (body, 200),
            // an empty volume on the document root: nginx lists no directory
            None if file_path.is_empty() || file_path.ends_with('/') => {
                (error_page("403 Forbidden", &version), 403)
            }
            None => (error_page("404 Not Found", &version), 404),
        };
        self.log_access(url, path, status, body.len());
        Some((body, 0))
    }

    fn nginx_version(&self) -> String {
        let tag = self.image_tag();
        let numeric = !tag.is_empty()
            && tag
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if self.image() == "nginx" && numeric && tag.matches('.').count() == 2 {
            format!("nginx/{tag}")
        } else {
            "nginx".to_string()
        }
    }

    fn ls(&mut self, paths: &[&String]) -> Option<(String, i32)> {
        let dir = self.resolve(paths.first().map_or(".", |p| p.as_str()));
        let dir = dir.trim_end_matches('/');
        let (space, rel) = space_of(self.pod, self.container, &format!("{dir}/x"));
        let prefix = rel.strip_suffix('x').unwrap_or(&rel).to_string();
        let mut entries: Vec<String> = self
            .known
            .keys()
            .chain(self.files.keys())
            .filter(|(s, p)| *s == space && p.starts_with(&prefix))
            .filter_map(|(_, p)| p[prefix.len()..].split('/').next().map(str::to_string))
            .filter(|e| !e.is_empty())
            .collect();
        // the image's pages, where nginx serves them from its own directory
        if self.serves_nginx()
            && dir == DOCROOT
            && !space.starts_with("pvc")
            && !space.starts_with("pod")
        {
            entries.extend(["50x.html".to_string(), "index.html".to_string()]);
        }
        if entries.is_empty() && !space.starts_with("pvc") && !space.starts_with("pod") {
            // the image's own directories are not simulated
            return None;
        }
        entries.sort();
        entries.dedup();
        // on a terminal GNU ls lays short lists out in one row, two spaces apart
        let row = entries.join("  ");
        if self.terminal && row.chars().count() < 80 {
            return Some((format!("{row}\n"), 0));
        }
        Some((entries.iter().map(|e| format!("{e}\n")).collect(), 0))
    }
}

impl ExecHost for Host<'_> {
    fn run(&mut self, argv: &[String]) -> Option<(String, i32)> {
        let (cmd, args) = argv.split_first()?;
        let args: Vec<&String> = args.iter().collect();
        let paths: Vec<&String> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('-'))
            .collect();
        match cmd.rsplit('/').next().unwrap_or(cmd) {
            "cat" if !paths.is_empty() => Some(self.cat(&paths)),
            "curl" => self.curl(&args),
            "ls" => self.ls(&paths),
            "pwd" => Some((format!("{}\n", self.cwd), 0)),
            "env" | "printenv" if args.is_empty() => Some((self.environment(), 0)),
            _ => None,
        }
    }

    fn write_file(&mut self, path: &str, content: &str, append: bool) {
        let path = self.resolve(path);
        let key = space_of(self.pod, self.container, &path);
        let old = if append {
            self.read(&path).unwrap_or_default()
        } else {
            String::new()
        };
        self.files.insert(key, old + content);
    }

    fn chdir(&mut self, dir: &str) {
        self.cwd = if dir.is_empty() {
            "/root".to_string()
        } else {
            self.resolve(dir)
        };
    }

    fn now(&self) -> Time {
        self.now
    }
}

/// The user agent of the curl the tutorials' images ship (Debian bookworm's).
const CONTAINER_CURL: &str = "curl/7.88.1";

/// The terminal's curl (Ubuntu 24.04's), which the API server's proxy passes on.
pub(crate) const HOST_CURL: &str = "curl/8.5.0";

/// Milliseconds as seconds the way JavaScript prints `ms / 1000` (`446.976`, `60`, `1.5`).
fn js_number_ms(ms: i64) -> String {
    let whole = ms / 1000;
    let frac = ms % 1000;
    if frac == 0 {
        return whole.to_string();
    }
    format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
}

/// The `ENV` of images whose environment the tutorials print (`kubectl exec … -- env`), besides
/// `PATH`: the bootcamp image is node 6.3.1's.
fn image_env(image: &str) -> &'static [(&'static str, &'static str)] {
    match image {
        "kubernetes-bootcamp" => &[("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "6.3.1")],
        _ => &[],
    }
}

fn error_page(status: &str, version: &str) -> String {
    format!("<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n<center><h1>{status}</h1></center>\r\n<hr><center>{version}</center>\r\n</body>\r\n</html>\r\n")
}

/// The official nginx image's default page.
const WELCOME_PAGE: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";
