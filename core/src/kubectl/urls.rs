//! `-f https://…`: kubectl downloads manifests given as http(s) URLs (cli-runtime's
//! `FilenameParam` hands any value starting with `http://` or `https://` to a `URLVisitor`, which
//! GETs it with up to three attempts). Tutorials lean on this — `kubectl apply -f
//! https://k8s.io/examples/controllers/nginx-deployment.yaml` — but core does no IO, so the
//! well-known tutorial manifests are embedded here, byte for byte as the kubernetes/website
//! repository serves them (`content/en/examples/…`, reached through the `k8s.io/examples/…` and
//! `kubernetes.io/examples/…` redirects or raw.githubusercontent.com). Every other URL fails the
//! way kubectl v1.33 fails without network access: the host does not resolve.

use crate::api::yaml::go_quote;

/// The embedded manifests: path under `content/en/examples/` → the file's text.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "admin/resource/quota-mem-cpu.yaml",
        include_str!("urls/admin/resource/quota-mem-cpu.yaml"),
    ),
    (
        "admin/resource/quota-mem-cpu-pod.yaml",
        include_str!("urls/admin/resource/quota-mem-cpu-pod.yaml"),
    ),
    (
        "admin/resource/quota-mem-cpu-pod-2.yaml",
        include_str!("urls/admin/resource/quota-mem-cpu-pod-2.yaml"),
    ),
    (
        "admin/resource/quota-pod.yaml",
        include_str!("urls/admin/resource/quota-pod.yaml"),
    ),
    (
        "admin/resource/quota-pod-deployment.yaml",
        include_str!("urls/admin/resource/quota-pod-deployment.yaml"),
    ),
    (
        "admin/resource/memory-defaults.yaml",
        include_str!("urls/admin/resource/memory-defaults.yaml"),
    ),
    (
        "admin/resource/memory-defaults-pod.yaml",
        include_str!("urls/admin/resource/memory-defaults-pod.yaml"),
    ),
    (
        "admin/resource/memory-defaults-pod-2.yaml",
        include_str!("urls/admin/resource/memory-defaults-pod-2.yaml"),
    ),
    (
        "admin/resource/memory-defaults-pod-3.yaml",
        include_str!("urls/admin/resource/memory-defaults-pod-3.yaml"),
    ),
    (
        "pods/storage/pv-volume.yaml",
        include_str!("urls/pods/storage/pv-volume.yaml"),
    ),
    (
        "pods/storage/pv-claim.yaml",
        include_str!("urls/pods/storage/pv-claim.yaml"),
    ),
    (
        "pods/storage/pv-pod.yaml",
        include_str!("urls/pods/storage/pv-pod.yaml"),
    ),
    (
        "controllers/nginx-deployment.yaml",
        include_str!("urls/controllers/nginx-deployment.yaml"),
    ),
    (
        "application/job/cronjob.yaml",
        include_str!("urls/application/job/cronjob.yaml"),
    ),
    (
        "controllers/job.yaml",
        include_str!("urls/controllers/job.yaml"),
    ),
    (
        "controllers/daemonset.yaml",
        include_str!("urls/controllers/daemonset.yaml"),
    ),
    (
        "controllers/frontend.yaml",
        include_str!("urls/controllers/frontend.yaml"),
    ),
    (
        "application/deployment.yaml",
        include_str!("urls/application/deployment.yaml"),
    ),
    (
        "application/simple_deployment.yaml",
        include_str!("urls/application/simple_deployment.yaml"),
    ),
    (
        "application/update_deployment.yaml",
        include_str!("urls/application/update_deployment.yaml"),
    ),
    (
        "application/deployment-update.yaml",
        include_str!("urls/application/deployment-update.yaml"),
    ),
    (
        "application/deployment-scale.yaml",
        include_str!("urls/application/deployment-scale.yaml"),
    ),
    (
        "application/web/web.yaml",
        include_str!("urls/application/web/web.yaml"),
    ),
    (
        "pods/simple-pod.yaml",
        include_str!("urls/pods/simple-pod.yaml"),
    ),
    (
        "application/web/web-parallel.yaml",
        include_str!("urls/application/web/web-parallel.yaml"),
    ),
    (
        "pods/commands.yaml",
        include_str!("urls/pods/commands.yaml"),
    ),
    (
        "pods/probe/exec-liveness.yaml",
        include_str!("urls/pods/probe/exec-liveness.yaml"),
    ),
    (
        "pods/probe/http-liveness.yaml",
        include_str!("urls/pods/probe/http-liveness.yaml"),
    ),
    (
        "pods/probe/tcp-liveness-readiness.yaml",
        include_str!("urls/pods/probe/tcp-liveness-readiness.yaml"),
    ),
    (
        "service/load-balancer-example.yaml",
        include_str!("urls/service/load-balancer-example.yaml"),
    ),
    ("pods/pod-rs.yaml", include_str!("urls/pods/pod-rs.yaml")),
    (
        "controllers/hpa-rs.yaml",
        include_str!("urls/controllers/hpa-rs.yaml"),
    ),
    (
        "pods/pod-nginx.yaml",
        include_str!("urls/pods/pod-nginx.yaml"),
    ),
    (
        "pods/pod-nginx-specific-node.yaml",
        include_str!("urls/pods/pod-nginx-specific-node.yaml"),
    ),
    (
        "pods/pod-nginx-required-affinity.yaml",
        include_str!("urls/pods/pod-nginx-required-affinity.yaml"),
    ),
    (
        "pods/pod-nginx-preferred-affinity.yaml",
        include_str!("urls/pods/pod-nginx-preferred-affinity.yaml"),
    ),
    (
        "pods/probe/grpc-liveness.yaml",
        include_str!("urls/pods/probe/grpc-liveness.yaml"),
    ),
    (
        "pods/init-containers.yaml",
        include_str!("urls/pods/init-containers.yaml"),
    ),
    (
        "pods/resource/memory-request-limit.yaml",
        include_str!("urls/pods/resource/memory-request-limit.yaml"),
    ),
    (
        "pods/resource/memory-request-limit-2.yaml",
        include_str!("urls/pods/resource/memory-request-limit-2.yaml"),
    ),
    (
        "pods/resource/memory-request-limit-3.yaml",
        include_str!("urls/pods/resource/memory-request-limit-3.yaml"),
    ),
    (
        "pods/resource/cpu-request-limit.yaml",
        include_str!("urls/pods/resource/cpu-request-limit.yaml"),
    ),
    (
        "pods/resource/cpu-request-limit-2.yaml",
        include_str!("urls/pods/resource/cpu-request-limit-2.yaml"),
    ),
    (
        "application/php-apache.yaml",
        include_str!("urls/application/php-apache.yaml"),
    ),
    (
        "application/hpa/php-apache.yaml",
        include_str!("urls/application/hpa/php-apache.yaml"),
    ),
];

/// Pages the website no longer serves: the 2016 Deployment guide's
/// `https://kubernetes.io/docs/user-guide/nginx-deployment.yaml` has neither a file nor a rule
/// in the website's `static/_redirects` (its `/docs/user-guide/` rule matches that exact path
/// only), so Netlify answers 404 and kubectl reports the status.
const GONE: &[&str] = &["/docs/user-guide/nginx-deployment.yaml"];

/// Resolves `-f` value `arg` when it is a URL: `None` when it is not one (kubectl's test is a
/// case-sensitive `http://`/`https://` prefix; `HTTPS://x` is a path), else the manifest text or
/// kubectl's complete error message (`error: …`, `Unable to connect to the server: …`).
pub fn fetch(arg: &str) -> Option<Result<String, String>> {
    if !(arg.starts_with("http://") || arg.starts_with("https://")) {
        return None;
    }
    Some(get(arg))
}

fn get(arg: &str) -> Result<String, String> {
    let url = parse(arg).map_err(|e| {
        format!(
            "error: the URL passed to filename {} is not valid: parse {}: {e}",
            go_quote(arg),
            go_quote(arg)
        )
    })?;
    if let Some(text) = embedded(&url) {
        return Ok(text.to_string());
    }
    if is_website(url.hostname) && GONE.contains(&url.path) {
        // cli-runtime's readHttpWithRetries: `unable to read URL %q, server reported %s,
        // status code=%d`, printed by cmdutil.CheckErr with its `error: ` prefix.
        return Err(format!(
            "error: unable to read URL {}, server reported 404 Not Found, status code=404",
            go_quote(arg)
        ));
    }
    Err(unreachable(&url))
}

/// The parts of a URL Go's `url.Parse` yields that matter here.
struct Url<'a> {
    https: bool,
    /// `host[:port]` as written (brackets kept), without userinfo.
    host: &'a str,
    /// The host name without port and brackets.
    hostname: &'a str,
    port: &'a str,
    path: &'a str,
}

/// Go's `net/url.Parse` for an `http(s)://` string, down to its error texts (the subset that
/// can fail for such input: control characters, bad `%` escapes, `[` without `]`, a non-numeric
/// port, characters not allowed in a host name).
fn parse(s: &str) -> Result<Url<'_>, String> {
    if s.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let rest = s.split_once("://").map_or(s, |(_, r)| r);
    let rest = rest.split_once('#').map_or(rest, |(r, _)| r);
    let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    check_escapes(path)?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (hostname, port) = if let Some(inner) = host.strip_prefix('[') {
        let Some(close) = inner.rfind(']') else {
            return Err("missing ']' in host".into());
        };
        let after = &inner[close + 1..];
        if !valid_optional_port(after) {
            return Err(format!("invalid port {} after host", go_quote(after)));
        }
        (&inner[..close], after.strip_prefix(':').unwrap_or(""))
    } else {
        match host.rfind(':') {
            Some(i) => {
                if !valid_optional_port(&host[i..]) {
                    return Err(format!("invalid port {} after host", go_quote(&host[i..])));
                }
                (&host[..i], &host[i + 1..])
            }
            None => (host, ""),
        }
    };
    check_escapes(host)?;
    for c in host.bytes() {
        let allowed =
            c >= 0x80 || c.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"%".contains(&c);
        if !allowed {
            return Err(format!(
                "invalid character {} in host name",
                go_quote(&(c as char).to_string())
            ));
        }
    }
    Ok(Url {
        https: s.starts_with("https:"),
        host,
        hostname,
        port,
        path,
    })
}

/// Go's `unescape`: every `%` starts two hex digits.
fn check_escapes(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let ok =
                i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit();
            if !ok {
                let end = (i + 3).min(b.len());
                let bad = String::from_utf8_lossy(&b[i..end]).into_owned();
                return Err(format!("invalid URL escape {}", go_quote(&bad)));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// Go's `validOptionalPort`: empty, or `:` followed by digits only.
fn valid_optional_port(p: &str) -> bool {
    p.is_empty()
        || p.strip_prefix(':')
            .is_some_and(|d| d.bytes().all(|c| c.is_ascii_digit()))
}

/// Hosts that serve the kubernetes/website examples under `/examples/` (`k8s.io/*` redirects
/// to `kubernetes.io/*`).
fn is_website(hostname: &str) -> bool {
    matches!(
        hostname.to_ascii_lowercase().as_str(),
        "k8s.io" | "kubernetes.io" | "www.kubernetes.io"
    )
}

fn embedded(url: &Url) -> Option<&'static str> {
    let host = url.hostname.to_ascii_lowercase();
    let example = if is_website(&host) {
        url.path.strip_prefix("/examples/")
    } else if host == "raw.githubusercontent.com" {
        url.path
            .strip_prefix("/kubernetes/website/main/content/en/examples/")
    } else {
        None
    }?;
    let default_port = match url.port {
        "" => true,
        "443" => url.https,
        "80" => !url.https,
        _ => false,
    };
    if !default_port {
        return None;
    }
    EXAMPLES
        .iter()
        .find(|(p, _)| *p == example)
        .map(|(_, text)| *text)
}

/// What `http.Get` fails with when nothing is reachable, as kubectl prints it: its
/// `standardErrorMessage` turns a `*url.Error` into `Unable to connect to the server: <cause>`,
/// or `The connection to the server <host> was refused - did you specify the right host or
/// port?` when the cause says "connection refused". Go's DNS error names the resolver
/// (`lookup k8s.io on 10.255.255.53:53: no such host`); without one (`DNSError.Server` empty) it
/// reads `lookup k8s.io: no such host`, the deterministic text used here.
fn unreachable(url: &Url) -> String {
    if url.host.is_empty() {
        return "Unable to connect to the server: http: no Host in request URL".into();
    }
    if !url.port.is_empty() && url.port.parse::<u32>().map_or(true, |p| p > 65535) {
        return format!(
            "Unable to connect to the server: dial tcp: address {}: invalid port",
            url.port
        );
    }
    let name = url.hostname;
    let loopback = name.is_empty()
        || name.eq_ignore_ascii_case("localhost")
        || name == "::1"
        || (name.starts_with("127.") && is_ipv4(name));
    if loopback {
        return format!(
            "The connection to the server {} was refused - did you specify the right host or port?",
            url.host
        );
    }
    if is_ipv4(name) || name.contains(':') {
        let port = match (url.port, url.https) {
            ("", true) => "443",
            ("", false) => "80",
            (p, _) => p,
        };
        let addr = if name.contains(':') {
            format!("[{name}]:{port}")
        } else {
            format!("{name}:{port}")
        };
        return format!(
            "Unable to connect to the server: dial tcp {addr}: connect: network is unreachable"
        );
    }
    format!(
        "Unable to connect to the server: dial tcp: lookup {}: no such host",
        ascii_host(name)
    )
}

fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// net/http dials `idna.Lookup.ToASCII(host)`: ASCII names as written, other labels lowercased
/// and Punycode-encoded (`bücher.de` → `xn--bcher-kva.de`).
fn ascii_host(host: &str) -> String {
    if host.is_ascii() {
        return host.to_string();
    }
    host.split('.')
        .map(|label| {
            if label.is_ascii() {
                label.to_ascii_lowercase()
            } else {
                format!("xn--{}", punycode(&label.to_lowercase()))
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// RFC 3492 Punycode encoding of one label.
fn punycode(label: &str) -> String {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
        delta /= if first { 700 } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + 38)
    }
    fn digit(d: u32) -> char {
        char::from_u32(if d < 26 { d + 97 } else { d + 22 }).unwrap_or('a')
    }
    let input: Vec<u32> = label.chars().map(|c| c as u32).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    while (handled as usize) < input.len() {
        let Some(m) = input.iter().copied().filter(|&c| c >= n).min() else {
            break;
        };
        delta = delta.saturating_add((m - n).saturating_mul(handled + 1));
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.saturating_add(1);
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.saturating_add(1);
        n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NGINX: &str = "https://k8s.io/examples/controllers/nginx-deployment.yaml";

    #[test]
    fn embedded_examples_resolve_from_every_mirror() {
        let text = fetch(NGINX).unwrap().unwrap();
        assert!(text.starts_with("apiVersion: apps/v1\nkind: Deployment\n"));
        for url in [
            "http://k8s.io/examples/controllers/nginx-deployment.yaml",
            "https://kubernetes.io/examples/controllers/nginx-deployment.yaml",
            "https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/controllers/nginx-deployment.yaml",
        ] {
            assert_eq!(fetch(url).unwrap().unwrap(), text, "{url}");
        }
    }

    #[test]
    fn paths_are_not_urls() {
        assert!(fetch("nginx.yaml").is_none());
        assert!(fetch("HTTPS://k8s.io/x.yaml").is_none());
        assert!(fetch("-").is_none());
    }

    #[test]
    fn failures_read_like_kubectl_offline() {
        let err = |u: &str| fetch(u).unwrap().unwrap_err();
        assert_eq!(
            err("https://k8s.io/x.yaml"),
            "Unable to connect to the server: dial tcp: lookup k8s.io: no such host"
        );
        assert_eq!(
            err("https://"),
            "Unable to connect to the server: http: no Host in request URL"
        );
        assert_eq!(
            err("http://[::1"),
            "error: the URL passed to filename \"http://[::1\" is not valid: parse \"http://[::1\": missing ']' in host"
        );
        assert_eq!(
            err("https://a b/x"),
            "error: the URL passed to filename \"https://a b/x\" is not valid: parse \"https://a b/x\": invalid character \" \" in host name"
        );
        assert_eq!(
            err("https://k8s.io:99999/x"),
            "Unable to connect to the server: dial tcp: address 99999: invalid port"
        );
        assert_eq!(
            err("http://127.0.0.1:1/x.yaml"),
            "The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?"
        );
        assert_eq!(
            err("https://bücher.de/x.yaml"),
            "Unable to connect to the server: dial tcp: lookup xn--bcher-kva.de: no such host"
        );
        assert_eq!(
            err("https://kubernetes.io/docs/user-guide/nginx-deployment.yaml"),
            "error: unable to read URL \"https://kubernetes.io/docs/user-guide/nginx-deployment.yaml\", server reported 404 Not Found, status code=404"
        );
    }

    /// The web playground's `read_file` knows no files at all; URLs resolve before it is asked.
    #[test]
    fn urls_resolve_before_the_hosts_read_file() {
        let mut c = crate::Cluster::new(crate::ClusterConfig::default());
        let no_files = |p: &str| Err(format!("error: the path \"{p}\" does not exist"));
        let out = c.exec(&format!("kubectl apply -f {NGINX}"), None, &no_files);
        assert_eq!(out.exit_code, 0, "{}", out.combined());
        assert_eq!(out.stdout(), "deployment.apps/nginx-deployment created\n");
        let out = c.exec("kubectl apply -f nginx.yaml", None, &no_files);
        assert_eq!(
            out.stderr(),
            "error: the path \"nginx.yaml\" does not exist\n"
        );
    }

    #[test]
    fn punycode_matches_rfc_samples() {
        assert_eq!(punycode("bücher"), "bcher-kva");
        assert_eq!(punycode("münchen"), "mnchen-3ya");
        assert_eq!(punycode("例え"), "r8jz45g");
    }
}
