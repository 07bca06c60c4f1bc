//! Reaching the apps from the learner's terminal, as the Kubernetes Basics tutorial does:
//! `kubectl proxy` (the API server on localhost:8001, `/version` and the pod and Service
//! `…/proxy/` paths, and the objects' REST endpoints in `rest.rs`), `kubectl port-forward`, and
//! the terminal's `curl` (`-X`, `-d`, `-H`, `-A`) to those and to a NodePort on a node's IP. A
//! real proxy or port-forward keeps its terminal busy; the tutorial runs it in a second
//! terminal, so here it starts and the prompt comes back, and starting another on the same
//! local port replaces it (the learner cannot Ctrl-C this one).
//!
//! The cluster is kind-like: pod and Service IPs are not routed to the terminal's host, so a
//! `curl` to one says so instead of hanging. What an app answers is the container's
//! (`exec::http_get`: nginx's pages, the bootcamp app's greeting); a Service picks its ready
//! endpoints in turn (kube-proxy picks at random; in turn keeps a session replayable).

use super::args::{self, flag, short};
use super::exec::{http_get, HOST_CURL};
use super::logs::pod_for;
use super::rest;
use crate::api::{LabelSelector, ObjKey, Pod, Service};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::Value;

/// The API server's `/version` (kind's v1.33.1 node image; 1.33 reports the emulated and
/// minimum compatibility versions, KEP-4330), in `version.Info`'s field order.
pub const SERVER_VERSION_FIELDS: [(&str, &str); 13] = [
    ("major", "1"),
    ("minor", "33"),
    ("emulationMajor", "1"),
    ("emulationMinor", "33"),
    ("minCompatibilityMajor", "1"),
    ("minCompatibilityMinor", "32"),
    ("gitVersion", super::SERVER_VERSION),
    ("gitCommit", "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828"),
    ("gitTreeState", "clean"),
    ("buildDate", "2025-05-15T08:27:33Z"),
    ("goVersion", "go1.24.2"),
    ("compiler", "gc"),
    ("platform", "linux/amd64"),
];

/// `fields` as a JSON object indented by `indent` spaces per level, starting at `depth`.
pub fn json_object(fields: &[(&str, &str)], indent: usize, depth: usize) -> String {
    let pad = " ".repeat(indent * (depth + 1));
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{pad}\"{k}\": \"{v}\""))
        .collect();
    format!("{{\n{}\n{}}}", body.join(",\n"), " ".repeat(indent * depth))
}

/// `kubectl proxy [--port=8001]`.
pub fn proxy(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let flags = [
        short("port", 'p'),
        flag("address"),
        flag("accept-hosts"),
        flag("api-prefix"),
        short("www", 'w'),
        flag("www-prefix"),
        flag("reject-paths"),
        flag("reject-methods"),
        short("unix-socket", 'u'),
        args::boolean("disable-filter"),
        flag("keepalive"),
        flag("append-server-path"),
    ];
    let p = match args::parse(raw, &flags, "proxy") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let port = match p.get("port").map(str::parse::<u16>) {
        None => 8001,
        Some(Ok(port)) => port,
        Some(Err(_)) => {
            return CommandOutput::failure(format!(
                "error: invalid argument \"{}\" for \"-p, --port\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax\nSee 'kubectl proxy --help' for usage.",
                p.get("port").unwrap_or(""),
                p.get("port").unwrap_or("")
            ))
        }
    };
    let address = p.get("address").unwrap_or("127.0.0.1");
    // the earlier one (which a learner stops with Ctrl-C) makes way
    cluster.forwards.remove(&port);
    cluster.proxy_port = Some(port);
    let mut out = CommandOutput::new();
    out.out(format!("Starting to serve on {address}:{port}\n"));
    out
}

/// `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE…`: a Service's port is translated to its
/// pod's target port, as kubectl does before it dials the pod.
pub fn port_forward(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let flags = [flag("address"), flag("pod-running-timeout")];
    let p = match args::parse(raw, &flags, "port-forward") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let Some((target, ports)) = p
        .positional
        .split_first()
        .filter(|(_, ports)| !ports.is_empty())
    else {
        return CommandOutput::failure(
            "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples",
        );
    };
    let ns = p.namespace();
    let pod = match pod_for(cluster, target, &ns, &mut CommandOutput::new()) {
        Ok(pod) => pod.clone(),
        Err(e) => return CommandOutput::failure(super::exec::not_found_text(e)),
    };
    let service = target
        .split_once('/')
        .filter(|(kind, _)| matches!(*kind, "svc" | "service" | "services"))
        .and_then(|(_, name)| {
            cluster
                .store()
                .services
                .get(&ObjKey::new(&ns, name))
                .cloned()
        });
    let mut pairs = Vec::new();
    for spec in ports {
        // client-go's parsePorts: LOCAL:REMOTE, REMOTE alone, or :REMOTE for a free local port
        let (local, remote) = match spec.split(':').collect::<Vec<_>>().as_slice() {
            [one] => (*one, *one),
            ["", remote] => ("0", *remote),
            [local, remote] => (*local, *remote),
            _ => return CommandOutput::failure(format!("error: invalid port format '{spec}'")),
        };
        let parse = |s: &str, which: &str| {
            s.parse::<u16>().map_err(|_| {
                format!(
                    "error: Error parsing {which} port '{s}': strconv.ParseUint: parsing \"{s}\": {}",
                    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
                        "value out of range"
                    } else {
                        "invalid syntax"
                    }
                )
            })
        };
        let (local, remote) = match (parse(local, "local"), parse(remote, "remote")) {
            (Ok(l), Ok(r)) => (l, r),
            (Err(e), _) | (_, Err(e)) => return CommandOutput::failure(e),
        };
        if remote == 0 {
            return CommandOutput::failure("error: Remote port must be > 0");
        }
        // port 0: the kernel's next free port (Linux's ephemeral range starts at 32768)
        let local = if local == 0 {
            (32768..=u16::MAX)
                .find(|p| !cluster.forwards.contains_key(p) && cluster.proxy_port != Some(*p))
                .unwrap_or(32768)
        } else {
            local
        };
        let remote = match &service {
            Some(svc) => match target_port(svc, &pod, remote) {
                Some(port) => port,
                None => {
                    return CommandOutput::failure(format!(
                        "error: Service {} does not have a service port {remote}",
                        svc.metadata.name
                    ))
                }
            },
            None => remote,
        };
        pairs.push((local, remote));
    }
    if pod.status.phase != crate::api::PodPhase::Running {
        return CommandOutput::failure(format!(
            "error: unable to forward port because pod is not running. Current status={}",
            pod.status.phase.as_str()
        ));
    }
    let address = p.get("address").unwrap_or("localhost");
    let mut out = CommandOutput::new();
    for (local, remote) in pairs {
        if cluster.proxy_port == Some(local) {
            cluster.proxy_port = None;
        }
        cluster.forwards.insert(local, (pod.metadata.key(), remote));
        if address == "localhost" {
            out.out(format!(
                "Forwarding from 127.0.0.1:{local} -> {remote}\nForwarding from [::1]:{local} -> {remote}\n"
            ));
        } else {
            out.out(format!("Forwarding from {address}:{local} -> {remote}\n"));
        }
    }
    out
}

/// The container port a Service port reaches on `pod`: the endpoints controller's reading of
/// `targetPort` (a number, a container port's name, or the port itself when absent).
fn target_port(svc: &Service, pod: &Pod, port: u16) -> Option<u16> {
    let entry = svc
        .spec
        .get("ports")
        .and_then(Value::as_array)?
        .iter()
        .find(|p| p.get("port").and_then(Value::as_u64) == Some(u64::from(port)))?;
    crate::controllers::endpoints::target_port(pod, entry).and_then(|p| u16::try_from(p).ok())
}

/// A parsed `http://host[:port]/path` (curl's default scheme is http).
struct Url<'a> {
    host: &'a str,
    port: u16,
    path: &'a str,
}

fn parse_url(url: &str) -> Result<Url<'_>, String> {
    let rest = match url.split_once("://") {
        Some(("http", rest)) => rest,
        Some((scheme, _)) => {
            return Err(format!(
                "curl: (1) Protocol \"{scheme}\" not supported or disabled in libcurl"
            ))
        }
        None => url,
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => match port.parse::<u16>() {
            Ok(p) => (host, p),
            Err(_) => return Err(
                "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535"
                    .into(),
            ),
        },
        None => (authority, 80),
    };
    if host.is_empty() {
        return Err("curl: (3) URL rejected: No host part in the URL".into());
    }
    Ok(Url { host, port, path })
}

/// curl's own User-Agent (Debian bookworm's curl, as in kind's node image).
const CURL_USER_AGENT: &str = "curl/7.88.1";

/// What a curl command line asks for besides its URL.
#[derive(Default)]
struct CurlRequest {
    /// `-X`; otherwise GET, or POST with a body.
    method: Option<String>,
    /// `-d` (several joined by `&`, as curl does).
    body: Option<String>,
    /// `-H 'Content-Type: …'`; curl sends `application/x-www-form-urlencoded` with `-d`.
    content_type: Option<String>,
    /// `-A` or `-H 'User-Agent: …'`.
    user_agent: Option<String>,
}

impl CurlRequest {
    fn header(&mut self, h: &str) {
        let Some((name, value)) = h.split_once(':') else {
            return;
        };
        let value = Some(value.trim().to_string());
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => self.content_type = value,
            "user-agent" => self.user_agent = value,
            _ => {}
        }
    }

    fn data(&mut self, d: &str) {
        self.body = Some(match self.body.take() {
            Some(b) => format!("{b}&{d}"),
            None => d.to_string(),
        });
    }

    /// One option that takes a value (`-X`, `-d`, `-H`, `-A`, or one whose value is ignored).
    fn option(&mut self, flag: &str, value: &str) {
        match flag {
            "-X" | "--request" => self.method = Some(value.to_string()),
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" => self.data(value),
            "-H" | "--header" => self.header(value),
            "-A" | "--user-agent" => self.user_agent = Some(value.to_string()),
            _ => {}
        }
    }
}

/// curl's options that take a value (the next word, or the rest of a short option's word).
fn takes_value(flag: &str) -> bool {
    matches!(
        flag,
        "-X" | "--request"
            | "-d"
            | "--data"
            | "--data-raw"
            | "--data-binary"
            | "--data-ascii"
            | "-H"
            | "--header"
            | "-A"
            | "--user-agent"
            | "-m"
            | "--max-time"
            | "-o"
            | "--output"
            | "-u"
            | "--user"
            | "-e"
            | "--referer"
            | "-b"
            | "--cookie"
            | "-w"
            | "--write-out"
    )
}

/// The URL (the first word that is not an option) and the request options of a curl line.
fn curl_args(raw: &[String]) -> (Option<String>, CurlRequest) {
    let mut url = None;
    let mut req = CurlRequest::default();
    let mut it = raw.iter();
    while let Some(a) = it.next() {
        if a.starts_with("--") {
            if takes_value(a) {
                let v = it.next().cloned().unwrap_or_default();
                req.option(a, &v);
            }
            continue;
        }
        let Some(letters) = a.strip_prefix('-') else {
            url = url.or(Some(a.clone()));
            continue;
        };
        // short options run together (`-sX DELETE`, `-XDELETE`): the first that takes a value
        // takes the rest of the word, or else the next word
        for (i, c) in letters.char_indices() {
            let flag = format!("-{c}");
            if takes_value(&flag) {
                let rest = &letters[i + c.len_utf8()..];
                let v = if rest.is_empty() {
                    it.next().cloned().unwrap_or_default()
                } else {
                    rest.to_string()
                };
                req.option(&flag, &v);
                break;
            }
        }
    }
    (url, req)
}

/// The terminal's `curl URL` with `-X`, `-d`, `-H` and `-A` (other flags, such as `-s` and `-L`,
/// change nothing here).
pub fn curl(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let (url, req) = curl_args(raw);
    let Some(url) = url else {
        return CommandOutput::failure(
            "curl: try 'curl --help' or 'curl --manual' for more information",
        )
        .with_code(2);
    };
    let url = match parse_url(&url) {
        Ok(u) => u,
        Err(e) => return CommandOutput::failure(e).with_code(3),
    };
    let local = matches!(url.host, "localhost" | "127.0.0.1");
    let mut out = CommandOutput::new();
    if local && cluster.proxy_port == Some(url.port) {
        out.out(api_proxy(cluster, url.path, &req));
        return out;
    }
    if local {
        if let Some((key, remote)) = cluster.forwards.get(&url.port).cloned() {
            // the port-forward dials the pod's port from inside its network namespace
            let client = ("127.0.0.1".to_string(), HOST_CURL);
            let reply = http_get(cluster, &key, remote, url.path, client);
            return match reply {
                Some(body) => {
                    out.out(body);
                    out
                }
                // the pod is gone or nothing listens: the forward drops the connection
                None => CommandOutput::failure("curl: (52) Empty reply from server").with_code(52),
            };
        }
        return refused(url.host, url.port);
    }
    if cluster
        .store()
        .nodes
        .iter()
        .any(|(_, n)| n.internal_ip == url.host)
    {
        return match node_port(cluster, url.port, url.path) {
            Some(body) => {
                out.out(body);
                out
            }
            None => refused(url.host, url.port),
        };
    }
    let ip = crate::api::gourl::is_ip_literal(url.host);
    if ip && (url.host.starts_with("10.96.") || url.host.starts_with("10.244.")) {
        return CommandOutput::failure(format!(
            "kubeplay: {} is a cluster address, which is not routed to this terminal (a kind cluster's are not): reach the app through kubectl port-forward, kubectl proxy, a NodePort on a node's IP, or kubectl exec … -- curl",
            url.host
        ))
        .with_code(28);
    }
    if ip {
        return refused(url.host, url.port);
    }
    CommandOutput::failure(format!("curl: (6) Could not resolve host: {}", url.host)).with_code(6)
}

fn refused(host: &str, port: u16) -> CommandOutput {
    CommandOutput::failure(format!(
        "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
    ))
    .with_code(7)
}

/// How a request reaches a Service.
#[derive(Clone, Copy)]
enum Via {
    ApiServer,
    NodePort,
}

/// The control-plane node's address, where the API server (host network) dials pods from.
const API_SERVER_ADDRESS: &str = "172.18.0.2";

/// The `.1` of the pod's node's pod CIDR (`10.244.N.1`).
fn gateway_of(pod: &Pod) -> String {
    let ip = pod.status.pod_ip.as_deref().unwrap_or("10.244.0.0");
    match ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.1"),
        None => ip.to_string(),
    }
}

/// A NodePort: every node forwards it to one of the Service's ready endpoints.
fn node_port(cluster: &mut Cluster, port: u16, path: &str) -> Option<String> {
    let svc = cluster
        .store()
        .services
        .iter()
        .find(|s| {
            s.spec
                .get("ports")
                .and_then(Value::as_array)
                .is_some_and(|ps| {
                    ps.iter()
                        .any(|p| p.get("nodePort").and_then(Value::as_u64) == Some(u64::from(port)))
                })
        })?
        .clone();
    let service_port = svc
        .spec
        .get("ports")
        .and_then(Value::as_array)?
        .iter()
        .find(|p| p.get("nodePort").and_then(Value::as_u64) == Some(u64::from(port)))?
        .get("port")?
        .as_u64()
        .and_then(|p| u16::try_from(p).ok())?;
    through_service(cluster, &svc, service_port, path, Via::NodePort)
}

/// One of the Service's ready endpoints, in turn, answers on the target port.
fn through_service(
    cluster: &mut Cluster,
    svc: &Service,
    port: u16,
    path: &str,
    via: Via,
) -> Option<String> {
    let selector = LabelSelector::from_labels(svc.selector()?);
    let mut ready: Vec<&Pod> = cluster
        .store()
        .pods
        .in_namespace(&svc.metadata.namespace)
        .filter(|p| p.is_active() && p.is_ready() && selector.matches(&p.metadata.labels))
        .collect();
    if ready.is_empty() {
        return None;
    }
    ready.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    let pod = ready[(cluster.connections % ready.len() as u64) as usize].clone();
    cluster.connections += 1;
    let target = target_port(svc, &pod, port)?;
    // through the API server: its node's address; through a NodePort: kube-proxy
    // masquerades the connection to the endpoint's node gateway
    let client = match via {
        Via::ApiServer => (API_SERVER_ADDRESS.to_string(), HOST_CURL),
        Via::NodePort => (gateway_of(&pod), HOST_CURL),
    };
    http_get(cluster, &pod.metadata.key(), target, path, client)
}

/// What the API server answers `kubectl proxy`'s client at `path`: `/version`, the health
/// checks, the pod and Service proxies, and the REST endpoints of the objects (`rest.rs`).
fn api_proxy(cluster: &mut Cluster, full_path: &str, curl: &CurlRequest) -> String {
    let (path, query) = full_path.split_once('?').unwrap_or((full_path, ""));
    let request = rest::Request {
        method: curl
            .method
            .as_deref()
            .unwrap_or(if curl.body.is_some() { "POST" } else { "GET" }),
        path,
        query,
        body: curl.body.as_deref(),
        content_type: curl.content_type.as_deref().or(curl
            .body
            .as_ref()
            .map(|_| "application/x-www-form-urlencoded")),
        user_agent: curl.user_agent.as_deref().unwrap_or(CURL_USER_AGENT),
    };
    let pretty = rest::is_pretty(&request);
    match path.trim_end_matches('/') {
        // `responsewriters.WriteRawJSON`: always indented, no newline after it
        "version" => return json_object(&SERVER_VERSION_FIELDS, 2, 0),
        "healthz" | "livez" | "readyz" => return "ok".into(),
        _ => {}
    }
    let parts: Vec<&str> = path.splitn(7, '/').collect();
    if let ["api", "v1", "namespaces", ns, resource @ ("pods" | "services"), name_port, rest @ ..] =
        parts.as_slice()
    {
        let (name, port) = name_port.split_once(':').unwrap_or((name_port, ""));
        let rest = rest.first().copied().unwrap_or("");
        let (sub, tail) = rest.split_once('/').unwrap_or((rest, ""));
        if sub == "proxy" {
            let key = ObjKey::new(ns, name);
            return if *resource == "pods" {
                match cluster.store().pods.get(&key).cloned() {
                    None => status_not_found("pods", name, pretty),
                    Some(pod) => {
                        let port = port.parse().ok().or_else(|| first_port(&pod)).unwrap_or(80);
                        let ip = pod.status.pod_ip.clone().unwrap_or_default();
                        let client = (API_SERVER_ADDRESS.to_string(), HOST_CURL);
                        http_get(cluster, &key, port, tail, client).unwrap_or_else(|| {
                            status_unavailable(&format!(
                                "error trying to reach service: dial tcp {ip}:{port}: connect: connection refused"
                            ), pretty)
                        })
                    }
                }
            } else {
                match cluster.store().services.get(&key).cloned() {
                    None => status_not_found("services", name, pretty),
                    Some(svc) => {
                        let port = port.parse().ok().or_else(|| {
                            svc.spec
                                .pointer("/ports/0/port")?
                                .as_u64()
                                .and_then(|p| u16::try_from(p).ok())
                        });
                        port.and_then(|port| {
                            through_service(cluster, &svc, port, tail, Via::ApiServer)
                        })
                        .unwrap_or_else(|| {
                            status_unavailable(
                                &format!("no endpoints available for service \"{name}\""),
                                pretty,
                            )
                        })
                    }
                }
            };
        }
    }
    if let Some(answer) = rest::serve(cluster, &request) {
        return answer;
    }
    format!(
        "kubeplay: kubectl proxy here serves /version, /healthz, the pods/NAME[:PORT]/proxy/ and services/NAME[:PORT]/proxy/ paths, and GET and DELETE of the objects of the kinds kubeplay has (`kubectl api-resources`) under /api/v1 and /apis/GROUP/VERSION ({} {path:?} asked)\n",
        request.method
    )
}

/// The first declared port of the pod's first container that declares one (the API server's
/// default for a pod proxy without a port; 80 when none).
fn first_port(pod: &Pod) -> Option<u16> {
    pod.spec
        .get("containers")?
        .as_array()?
        .iter()
        .find_map(|c| c.pointer("/ports/0/containerPort")?.as_u64())
        .and_then(|p| u16::try_from(p).ok())
}

fn status_not_found(resource: &str, name: &str, pretty: bool) -> String {
    let status = rest::failure(
        &format!("{resource} \"{name}\" not found"),
        "NotFound",
        Some(serde_json::json!({"name": name, "kind": resource})),
        404,
    );
    rest::encode(&status, pretty)
}

fn status_unavailable(message: &str, pretty: bool) -> String {
    let status = rest::failure(message, "ServiceUnavailable", None, 503);
    rest::encode(&status, pretty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_options_as_curl_reads_them() {
        let words = |line: &str| line.split(' ').map(str::to_string).collect::<Vec<_>>();
        let (url, req) = curl_args(&words(
            "-sX DELETE localhost:8001/x -H Content-Type:application/json -d a -dB -Auser",
        ));
        assert_eq!(url.as_deref(), Some("localhost:8001/x"));
        assert_eq!(req.method.as_deref(), Some("DELETE"));
        assert_eq!(req.content_type.as_deref(), Some("application/json"));
        assert_eq!(req.body.as_deref(), Some("a&B"));
        assert_eq!(req.user_agent.as_deref(), Some("user"));
        let (url, req) = curl_args(&words("--request PUT -o out --data-raw x http://h/ y"));
        assert_eq!(url.as_deref(), Some("http://h/"));
        assert_eq!(req.method.as_deref(), Some("PUT"));
        assert_eq!(req.body.as_deref(), Some("x"));
        assert_eq!(curl_args(&words("-s -")).0, None);
    }
}
