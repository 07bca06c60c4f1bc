//! `kubectl run NAME --image=IMAGE [--env=K=V] [--port=P] [--labels=K=V,…] [--restart=…]
//! [--image-pull-policy=…] [--command] [-- COMMAND|ARGS…]`: kubectl 1.33's
//! `staging/src/k8s.io/kubectl/pkg/cmd/run/run.go` with the BasicPod generator
//! (`generate/versioned/run.go`). The Pod is built client-side (label `run=NAME` unless
//! `--labels`, one container named NAME, `dnsPolicy: ClusterFirst`) and created through the API
//! server's write path like `create -f`. With `-i`/`--attach` it waits for the pod as run.go
//! does and prints what the container wrote (`logOpts`; the command's whole output, since the
//! simulated processes run ahead), then the exit status of a `Never`/`OnFailure` pod, and
//! with `--rm` deletes it. Interactive shells, and processes that keep running, are refused
//! with the cluster left as it was.

use super::args::{self, boolean, flag, short, short_bool};
use super::generate::{self, Generated};
use super::patch;
use super::resource::Resource;
use crate::api::server::ApiError;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};

const FLAGS: &[args::Flag] = &[
    flag("image"),
    flag("port"),
    flag("env"),
    short("labels", 'l'),
    flag("restart"),
    flag("image-pull-policy"),
    boolean("command"),
    flag("dry-run"),
    short("output", 'o'),
    short_bool("stdin", 'i'),
    short_bool("tty", 't'),
    boolean("attach"),
    boolean("leave-stdin-open"),
    boolean("rm"),
    boolean("privileged"),
    boolean("save-config"),
    flag("field-manager"),
    flag("template"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
    boolean("record"),
    short_bool("quiet", 'q'),
    flag("pod-running-timeout"),
    flag("overrides"),
    flag("override-type"),
];

const COMMAND: &str = "run";

fn usage_error(message: &str) -> CommandOutput {
    CommandOutput::failure(format!(
        "error: {message}\nSee 'kubectl {COMMAND} -h' for help and examples"
    ))
}

pub fn run(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let (before, trailing) = super::args::split_dashes(raw);
    let p = match args::parse(before, FLAGS, COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    // cobra checks the required flag before the command runs
    if !p.has("image") {
        return CommandOutput::failure("error: required flag(s) \"image\" not set");
    }
    let Some(name) = p.positional.first().cloned() else {
        return usage_error("NAME is required for run");
    };
    // words after NAME (without `--`) are the container's arguments too
    let mut words: Vec<String> = p.positional[1..].to_vec();
    words.extend(trailing);
    let flag_on = |f: &str| p.bool(f, false).unwrap_or(false);
    let interactive = flag_on("stdin");
    // --attach defaults to true with -i/--stdin
    let attach = p.bool("attach", interactive).unwrap_or(interactive);
    let output = p.get("output").filter(|o| !o.is_empty());
    let dry_run = match patch::dry_run(&p).and_then(|d| patch::check_output(output).map(|_| d)) {
        Ok(d) => d,
        Err(e) => return CommandOutput::failure(format!("error: {}", e.text())),
    };
    if dry_run.is_some() && attach {
        return usage_error("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
    }
    if flag_on("rm") && !attach {
        return usage_error("--rm should only be used for attached containers");
    }
    let image = p.get("image").unwrap_or("");
    if image.is_empty() {
        return CommandOutput::failure("error: --image is required");
    }
    if !valid_reference(image) {
        return CommandOutput::failure(format!(
            "error: Invalid image name \"{image}\": invalid reference format"
        ));
    }
    if flag_on("tty") && !interactive {
        return usage_error("-i/--stdin is required for containers with -t/--tty=true");
    }
    let restart = match p.get("restart").unwrap_or("") {
        // getRestartPolicy: an interactive pod restarts on failure only
        "" if interactive => "OnFailure",
        "" | "Always" => "Always",
        "OnFailure" => "OnFailure",
        "Never" => "Never",
        other => return usage_error(&format!("invalid restart policy: {other}")),
    };
    let pull_policy = match p.get("image-pull-policy").unwrap_or("") {
        "" => None,
        "Always" => Some("Always"),
        "IfNotPresent" => Some("IfNotPresent"),
        "Never" => Some("Never"),
        other => return usage_error(&format!("invalid image pull policy: {other}")),
    };
    let port = match p.get("port").filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => match v.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                return CommandOutput::failure(format!(
                    "error: strconv.Atoi: parsing \"{v}\": invalid syntax"
                ))
            }
        },
    };
    let mut env = Vec::new();
    for e in p.all("env") {
        match e.split_once('=') {
            Some((k, v)) if !k.is_empty() => env.push((k.to_string(), v.to_string())),
            _ => return CommandOutput::failure(format!("error: invalid env: {e}")),
        }
    }
    let labels = match p.get("labels").filter(|l| !l.is_empty()) {
        None => vec![("run".to_string(), name.clone())],
        Some(spec) => match parse_labels(spec) {
            Ok(l) => l,
            Err(e) => return CommandOutput::failure(format!("error: {e}")),
        },
    };

    // the Recorder: the command line as the new object's change-cause
    let change_cause = p
        .bool("record", false)
        .unwrap_or(false)
        .then(|| super::apply::change_cause(COMMAND, &p, before));
    let pod = BasicPod {
        change_cause,
        name: name.clone(),
        namespace: p.has("namespace").then(|| p.namespace()),
        labels,
        image: image.to_string(),
        pull_policy,
        words,
        command: flag_on("command"),
        port,
        env,
        restart,
        stdin: interactive,
        leave_stdin_open: flag_on("leave-stdin-open"),
        tty: flag_on("tty"),
    };
    // a shell reading commands: a session on a terminal (-t), refused without one
    let interactive_shell =
        interactive && crate::nodes::process::is_lone_shell(&Value::Object(pod.container()));
    if interactive_shell && !pod.tty {
        return CommandOutput::failure(
            "error: kubeplay: a shell reading commands needs a terminal: kubectl run NAME -ti --image=IMAGE -- sh",
        );
    }
    let timeout = match p.duration_ms("pod-running-timeout", COMMAND) {
        Ok(t) => t.unwrap_or(60_000),
        Err(e) => return CommandOutput::failure(e),
    };
    // GetPodRunningTimeoutFlag
    if timeout <= 0 {
        return CommandOutput::failure("error: --pod-running-timeout must be higher than zero");
    }
    let (object, client_yaml) = match override_pod(&p, pod.value(), pod.shown()) {
        Ok(x) => x,
        Err(e) => return CommandOutput::failure(e),
    };
    let generated = Generated {
        resource: Resource::Pod,
        namespace: p.namespace(),
        printed: format!("pod/{name}"),
        verb: "created",
        object,
        client_yaml,
    };
    if attach {
        let how = Attach {
            remove: flag_on("rm"),
            shell: interactive_shell,
            tty: flag_on("tty"),
            quiet: flag_on("quiet"),
            restart,
            timeout,
        };
        return attach_run(cluster, generated, &name, &how);
    }
    generate::finish(cluster, generated, dry_run, output, ApiError::to_kubectl)
}

/// How `kubectl run` attaches to the pod it creates.
#[derive(Debug, Clone)]
pub(crate) struct Attach {
    remove: bool,
    /// The container is a shell reading commands from the terminal: a session.
    shell: bool,
    tty: bool,
    quiet: bool,
    restart: &'static str,
    /// `--pod-running-timeout`, in ms.
    timeout: i64,
}

/// How long an attached command may run before kubeplay says it keeps running.
const ATTACH_LIMIT_MS: i64 = 3_600_000;

/// run.go's attach path: create (printing nothing), wait until the pod runs and is ready or
/// has completed (`handleAttachPod`), show the container's output, wait for the exit status
/// of a `Never`/`OnFailure` pod, and with `--rm` delete the pod on the way out (its message
/// comes before the exit error, as the deferred removal does). A shell on a terminal
/// (`-ti` with `sh`, or an image whose command is one) opens a session instead, which ends
/// the same way when the learner leaves it ([`end_attached`]).
fn attach_run(cluster: &mut Cluster, g: Generated, name: &str, how: &Attach) -> CommandOutput {
    let before = cluster.clone();
    let ns = g.namespace.clone();
    let created = generate::finish(cluster, g, None, None, ApiError::to_kubectl);
    if created.exit_code != 0 {
        return created;
    }
    let key = crate::api::ObjKey::new(&ns, name);
    let started =
        |c: &Cluster| completed(c, &key) || c.store().pods.get(&key).is_some_and(|p| p.is_ready());
    let mut out = CommandOutput::new();
    // the wait follows the virtual clock timer by timer: a day of it at most
    let deadline = cluster.now() + how.timeout.min(86_400_000);
    if !super::wait::follow_until(cluster, deadline, |c| Ok(started(c))).unwrap_or(false) {
        remove(cluster, name, &ns, how, &mut out);
        out.fail("error: timed out waiting for the condition");
        return out;
    }
    let attached = !completed(cluster, &key);
    if attached && how.shell {
        if let Some(pod) = cluster.store().pods.get(&key).cloned() {
            if super::tty::open_run(cluster, &pod, how.clone()) {
                if !how.quiet {
                    out.err("If you don't see a command prompt, try pressing enter.\n");
                }
                return out;
            }
        }
    }
    if attached {
        let limit = cluster.now() + ATTACH_LIMIT_MS;
        let ended = |c: &Cluster| {
            let pod = c.store().pods.get(&key);
            completed(c, &key)
                || (how.restart == "Always"
                    && pod.is_some_and(|p| {
                        p.status
                            .container_statuses
                            .iter()
                            .any(|cs| cs.restart_count > 0)
                    }))
        };
        if !super::wait::follow_until(cluster, limit, |c| Ok(ended(c))).unwrap_or(false) {
            *cluster = before;
            return CommandOutput::failure(format!(
                "error: kubeplay: the container of pod/{name} keeps running, and attaching to a running process is not available; run it without -i/--attach and follow it with kubectl logs -f"
            ));
        }
        // an attached TTY says so before the stream (attach.go); the stream is the whole run here
        if how.tty && !how.quiet {
            out.err("If you don't see a command prompt, try pressing enter.\n");
        }
    }
    if let Some(pod) = cluster.store().pods.get(&key) {
        out.out(super::logs::whole_log(cluster, pod, name));
    }
    finish_attached(cluster, name, &ns, how, &mut out);
    out
}

/// Whether the pod has completed (`podCompleted`).
fn completed(c: &Cluster, key: &crate::api::ObjKey) -> bool {
    c.store().pods.get(key).is_some_and(|p| {
        matches!(
            p.status.phase,
            crate::api::PodPhase::Succeeded | crate::api::PodPhase::Failed
        )
    })
}

/// The session's shell exited with `code`: its container ends, and `kubectl run` finishes as
/// after any attached run (attach.go's resume hint for a pod that restarts, the exit status of
/// a `Never`/`OnFailure` pod, `--rm`).
pub(crate) fn end_attached(
    cluster: &mut Cluster,
    key: &crate::api::ObjKey,
    how: &Attach,
    code: i32,
    out: &mut CommandOutput,
) {
    let name = key.name().to_string();
    if how.restart == "Always" && !how.quiet {
        out.out(super::attach::resume_hint(&name, &name));
    }
    // waitForPod: until the kubelet reports the exit (a container restarting after a failure
    // never completes: kubectl would wait until interrupted)
    if how.restart == "Never" || (how.restart == "OnFailure" && code == 0) {
        let limit = cluster.now() + 60_000;
        let _ = super::wait::follow_until(cluster, limit, |c| Ok(completed(c, key)));
    }
    finish_attached(cluster, &name, key.namespace(), how, out);
}

/// The end of an attached run: the exit status of a `Never`/`OnFailure` pod, reported after
/// the deferred `--rm` deletion.
fn finish_attached(
    cluster: &mut Cluster,
    name: &str,
    ns: &str,
    how: &Attach,
    out: &mut CommandOutput,
) {
    let key = crate::api::ObjKey::new(ns, name);
    let wait_exit = matches!(how.restart, "Never" | "OnFailure");
    let exit = if wait_exit {
        cluster.store().pods.get(&key).and_then(|pod| {
            let status = pod.status.container_statuses.first();
            match (pod.status.phase, status.map(|s| &s.state)) {
                (crate::api::PodPhase::Failed, Some(crate::api::ContainerState::Terminated(t)))
                    if t.exit_code != 0 =>
                {
                    Some((
                        // "%s\n%s" with the (unset) termination message
                        format!("pod {ns}/{name} terminated ({})\n", t.reason),
                        t.exit_code,
                    ))
                }
                (crate::api::PodPhase::Failed, _) => Some((
                    format!("pod {ns}/{name} failed with unknown exit code\n"),
                    1,
                )),
                _ => None,
            }
        })
    } else {
        None
    };
    remove(cluster, name, ns, how, out);
    if let Some((message, code)) = exit {
        out.err(message);
        out.exit_code = code;
    }
}

/// `--rm`: the deferred `removeCreatedObjects` (no waiting for the deletion, its message
/// unless `--quiet`).
fn remove(cluster: &mut Cluster, name: &str, ns: &str, how: &Attach, out: &mut CommandOutput) {
    if !how.remove {
        return;
    }
    let args: Vec<String> = ["pod", name, "--wait=false", "-n", ns]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let none = |p: &str| Err(format!("error: the path \"{p}\" does not exist"));
    let ctx = super::Ctx {
        stdin: None,
        read_file: &none,
    };
    let deleted = super::mutate::delete(cluster, &args, &ctx);
    if !how.quiet {
        out.extend(deleted);
    }
}

/// What the BasicPod generator puts in the Pod.
struct BasicPod {
    /// `kubernetes.io/change-cause` with `--record`.
    change_cause: Option<String>,
    name: String,
    namespace: Option<String>,
    labels: Vec<(String, String)>,
    image: String,
    pull_policy: Option<&'static str>,
    /// The container's args, or its command with `--command`.
    words: Vec<String>,
    command: bool,
    port: Option<i32>,
    env: Vec<(String, String)>,
    restart: &'static str,
    stdin: bool,
    leave_stdin_open: bool,
    tty: bool,
}

impl BasicPod {
    fn container(&self) -> Map<String, Value> {
        let mut c = Map::new();
        c.insert("name".into(), json!(self.name));
        c.insert("image".into(), json!(self.image));
        if !self.words.is_empty() {
            let key = if self.command { "command" } else { "args" };
            c.insert(key.into(), json!(self.words));
        }
        if let Some(port) = self.port {
            c.insert("ports".into(), json!([{ "containerPort": port }]));
        }
        if !self.env.is_empty() {
            let env: Vec<Value> = self
                .env
                .iter()
                .map(|(k, v)| json!({"name": k, "value": v}))
                .collect();
            c.insert("env".into(), Value::Array(env));
        }
        if let Some(pp) = self.pull_policy {
            c.insert("imagePullPolicy".into(), json!(pp));
        }
        // BasicPod: Stdin, StdinOnce (unless --leave-stdin-open) and TTY
        if self.stdin {
            c.insert("stdin".into(), json!(true));
            if !self.leave_stdin_open {
                c.insert("stdinOnce".into(), json!(true));
            }
        }
        if self.tty {
            c.insert("tty".into(), json!(true));
        }
        c
    }

    fn labels(&self) -> Value {
        Value::Object(crate::sort::json_map(
            self.labels.iter().map(|(k, v)| (k.clone(), json!(v))),
        ))
    }

    /// The object sent to the API server.
    fn value(&self) -> Value {
        let mut v = json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": self.name, "labels": self.labels()},
            "spec": {
                "containers": [Value::Object(self.container())],
                "dnsPolicy": "ClusterFirst",
                "restartPolicy": self.restart,
            },
        });
        if let Some(ns) = &self.namespace {
            v["metadata"]["namespace"] = json!(ns);
        }
        if let Some(cause) = &self.change_cause {
            v["metadata"]["annotations"] = json!({ super::apply::CHANGE_CAUSE: cause });
        }
        v
    }

    /// `--dry-run=client -o yaml`: the Go object marshalled, so its zero-valued structs show.
    fn shown(&self) -> Value {
        let mut v = self.value();
        v["metadata"]["creationTimestamp"] = Value::Null;
        v["spec"]["containers"][0]["resources"] = json!({});
        v["status"] = json!({});
        v
    }
}

/// `--overrides` (`cmdutil.Overrider`): the generated pod patched by a JSON merge patch (the
/// default `--override-type=merge`), a strategic merge patch or a JSON patch, before it is
/// sent or printed.
fn override_pod(p: &args::Parsed, object: Value, shown: Value) -> Result<(Value, Value), String> {
    let Some(text) = p.get("overrides").filter(|o| !o.is_empty()) else {
        return Ok((object, shown));
    };
    let kind = p.get("override-type").unwrap_or("merge");
    let apply = |doc: Value| -> Result<Value, String> {
        match kind {
            "merge" => {
                let patch: Value = serde_json::from_str(text)
                    .map_err(|_| "error: Invalid JSON Patch".to_string())?;
                Ok(super::patch::merge_patch(doc, &patch))
            }
            "strategic" => {
                let patch: Value = serde_json::from_str(text).map_err(|e| format!("error: {e}"))?;
                let (Value::Object(d), Value::Object(pm)) = (doc, patch) else {
                    return Err("error: Invalid JSON Patch".into());
                };
                super::patch::strategic_merge(d, pm, "Pod")
                    .map(Value::Object)
                    .map_err(|e| format!("error: {e:?}"))
            }
            "json" => {
                let ops: Vec<Value> =
                    serde_json::from_str(text).map_err(|e| format!("error: {e}"))?;
                super::patch::json_patch(doc, &ops).map_err(|e| format!("error: {e}"))
            }
            other => Err(format!("error: invalid override type: {other}")),
        }
    };
    let mut shown = apply(shown)?;
    // the patched pod is decoded into the typed object before printing: every container shows
    // its (zero) resources again
    for c in shown
        .pointer_mut("/spec/containers")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if let Some(c) = c.as_object_mut() {
            c.entry("resources").or_insert_with(|| json!({}));
        }
    }
    Ok((apply(object)?, shown))
}

/// `generate.ParseLabels`: `k=v` pairs separated by commas, sorted as a Go map marshals (also
/// expose's `--labels` and `--selector`).
pub(super) fn parse_labels(spec: &str) -> Result<Vec<(String, String)>, String> {
    let mut labels: Vec<(String, String)> = Vec::new();
    for pair in spec.split(',') {
        let parts: Vec<&str> = pair.split('=').collect();
        let [k, v] = parts[..] else {
            return Err(format!("unexpected label spec: {pair}"));
        };
        if k.is_empty() {
            return Err(format!("unexpected label spec: {pair}"));
        }
        match labels.iter_mut().find(|(key, _)| key == k) {
            Some(existing) => existing.1 = v.to_string(),
            None => labels.push((k.to_string(), v.to_string())),
        }
    }
    crate::sort::sort(&mut labels);
    Ok(labels)
}

/// distribution/reference's `ReferenceRegexp`: `[domain/]path[:tag][@digest]`, path components
/// lowercase alphanumerics joined by `.`, `_`, `__` or dashes.
pub fn valid_reference(image: &str) -> bool {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let Some((alg, hex)) = d.split_once(':') else {
            return false;
        };
        let alg_ok = alg.split(['-', '_', '+', '.']).all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !alg_ok || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
    }
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        if !(t.starts_with(word)
            && t.len() <= 128
            && t.chars().all(|c| word(c) || c == '.' || c == '-'))
        {
            return false;
        }
    }
    let components: Vec<&str> = name.split('/').collect();
    let path_ok = |c: &str| {
        let b = c.as_bytes();
        if b.is_empty() || !is_alnum_lower(b[0]) || !is_alnum_lower(b[b.len() - 1]) {
            return false;
        }
        let mut i = 0;
        while i < b.len() {
            if is_alnum_lower(b[i]) {
                i += 1;
                continue;
            }
            // a separator: `.`, `_`, `__` or one or more `-`, between alphanumerics
            let start = i;
            while i < b.len() && !is_alnum_lower(b[i]) {
                i += 1;
            }
            let sep = &c[start..i];
            if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-')) {
                return false;
            }
        }
        true
    };
    if components.iter().all(|c| path_ok(c)) {
        return true;
    }
    components.len() > 1
        && valid_domain(components[0])
        && components[1..].iter().all(|c| path_ok(c))
}

fn is_alnum_lower(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `DomainRegexp`: dot-separated host labels (letters, digits, inner dashes), optional `:port`.
fn valid_domain(d: &str) -> bool {
    let (host, port) = match d.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (d, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::valid_reference;

    #[test]
    fn image_references() {
        for ok in [
            "nginx",
            "nginx:1.16.1",
            "library/nginx:latest",
            "docker.io/library/nginx",
            "localhost:5000/team/app:v2",
            "registry.k8s.io/pause:3.10",
            "k8s.gcr.io/nginx-slim:0.7",
            "my_app__x.y-z--w",
            "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "Registry.Example.com/app",
        ] {
            assert!(valid_reference(ok), "{ok}");
        }
        for bad in [
            "Bad Image",
            "Nginx",
            "nginx:",
            ":tag",
            "nginx:-x",
            "nginx/",
            "-nginx",
            "nginx..x",
            "nginx@sha256:abc",
            "a/b:c:d",
        ] {
            assert!(!valid_reference(bad), "{bad}");
        }
    }
}
