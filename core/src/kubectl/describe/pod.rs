//! `kubectl describe pod` (k8s.io/kubectl/pkg/describe `describePod`, v1.33) and the container
//! blocks (`describeContainers`) that pod templates share.

use super::*;
use crate::api::gourl;

/// `describePod`: the pod's header, its init, regular and ephemeral containers with their
/// statuses, readiness gates, conditions, volumes, QoS class, node selectors, tolerations,
/// topology spread constraints and Events.
pub(super) fn pod(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    let now = c.now();
    let spec = v.get("spec").unwrap_or(&Value::Null);
    head(&mut o, v, false);
    if let Some(p) = spec.get("priority") {
        put!(o, 0, "Priority:\t{}\n", txt(Some(p)));
    }
    for (k, title) in [
        ("/priorityClassName", "Priority Class Name"),
        ("/runtimeClassName", "Runtime Class Name"),
        ("/serviceAccountName", "Service Account"),
    ] {
        if !st(spec, k).is_empty() {
            put!(o, 0, "{title}:\t{}\n", st(spec, k));
        }
    }
    match st(spec, "/nodeName") {
        "" => o.put(0, "Node:\t<none>\n"),
        n => put!(o, 0, "Node:\t{n}/{}\n", st(v, "/status/hostIP")),
    }
    if let Some(t) = time(v, "/status/startTime") {
        put!(o, 0, "Start Time:\t{}\n", rfc1123z(t));
    }
    meta_labels(&mut o, v);
    let phase = st(v, "/status/phase");
    if let (Some(t), false) = (
        time(v, "/metadata/deletionTimestamp"),
        phase == "Failed" || phase == "Succeeded",
    ) {
        put!(
            o,
            0,
            "Status:\tTerminating (lasts {})\n",
            since(now, Some(t))
        );
        put!(
            o,
            0,
            "Termination Grace Period:\t{}s\n",
            num(v, "/metadata/deletionGracePeriodSeconds")
        );
    } else {
        put!(o, 0, "Status:\t{phase}\n");
    }
    for (k, title) in [("/status/reason", "Reason"), ("/status/message", "Message")] {
        if !st(v, k).is_empty() {
            put!(o, 0, "{title}:\t{}\n", st(v, k));
        }
    }
    if let Some(sp) = spec.pointer("/securityContext/seccompProfile") {
        put!(o, 0, "SeccompProfile:\t{}\n", st(sp, "/type"));
        if st(sp, "/type") == "Localhost" {
            put!(o, 0, "LocalhostProfile:\t{}\n", st(sp, "/localhostProfile"));
        }
    }
    put!(o, 0, "IP:\t{}\n", st(v, "/status/podIP"));
    let ips = arr(v, "/status/podIPs");
    if ips.is_empty() {
        o.put(0, "IPs:\t<none>\n");
    } else {
        o.put(0, "IPs:\n");
        for ip in ips {
            put!(o, 1, "IP:\t{}\n", st(ip, "/ip"));
        }
    }
    if let Some(ctl) = controller(v) {
        put!(o, 0, "Controlled By:\t{ctl}\n");
    }
    if !st(v, "/status/nominatedNodeName").is_empty() {
        put!(
            o,
            0,
            "NominatedNodeName:\t{}\n",
            st(v, "/status/nominatedNodeName")
        );
    }
    if let Some(r) = spec.get("resources") {
        o.put(0, "Resources:\n");
        resources(&mut o, Some(r), 1);
    }
    if !arr(spec, "/initContainers").is_empty() {
        containers(
            &mut o,
            "Init Containers",
            arr(spec, "/initContainers"),
            arr(v, "/status/initContainerStatuses"),
            Some(v),
            "",
        );
    }
    containers(
        &mut o,
        "Containers",
        arr(spec, "/containers"),
        arr(v, "/status/containerStatuses"),
        Some(v),
        "",
    );
    let ephemeral = arr(spec, "/ephemeralContainers");
    if !ephemeral.is_empty() {
        containers(
            &mut o,
            "Ephemeral Containers",
            ephemeral,
            arr(v, "/status/ephemeralContainerStatuses"),
            Some(v),
            "",
        );
    }
    let conds = arr(v, "/status/conditions");
    let gates = arr(spec, "/readinessGates");
    if !gates.is_empty() {
        o.put(0, "Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let t = st(g, "/conditionType");
            let s = conds
                .iter()
                .find(|c| st(c, "/type") == t)
                .map_or("<none>", |c| st(c, "/status"));
            put!(o, 1, "{t} \t{s} \n");
        }
    }
    if !conds.is_empty() {
        o.put(0, "Conditions:\n  Type\tStatus\n");
        for c in conds {
            put!(o, 1, "{} \t{} \n", st(c, "/type"), st(c, "/status"));
        }
    }
    volumes(&mut o, arr(spec, "/volumes"), "");
    let qos = st(v, "/status/qosClass");
    put!(
        o,
        0,
        "QoS Class:\t{}\n",
        if qos.is_empty() { "BestEffort" } else { qos }
    );
    labels_ml(&mut o, "Node-Selectors", &smap(spec, "/nodeSelector"));
    tolerations(&mut o, "Tolerations", arr(spec, "/tolerations"));
    topology(&mut o, arr(spec, "/topologySpreadConstraints"), "");
    events(&mut o, own_events(c, v, None, show));
    o.finish()
}

/// `DescribeProbe`. An HTTP probe is printed as a Go `url.URL{Scheme, Host, Path}.String()`:
/// `net.JoinHostPort(host, port)` (brackets around a host with a colon), the path escaped as
/// `URL.EscapedPath` does and a `/` put between host and a relative path.
fn probe(p: &Value) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        num(p, "/initialDelaySeconds"),
        num(p, "/timeoutSeconds"),
        num(p, "/periodSeconds"),
        num(p, "/successThreshold"),
        num(p, "/failureThreshold")
    );
    if let Some(e) = p.get("exec") {
        let cmd: Vec<String> = arr(e, "/command").iter().map(|x| txt(Some(x))).collect();
        format!("exec [{}] {attrs}", cmd.join(" "))
    } else if let Some(h) = p.get("httpGet") {
        let (host, port, scheme) = (
            st(h, "/host"),
            txt(h.get("port")),
            st(h, "/scheme").to_lowercase(),
        );
        let hp = match (port.is_empty(), host.contains(':')) {
            (true, _) => host.to_string(),
            (false, true) => format!("[{host}]:{port}"),
            (false, false) => format!("{host}:{port}"),
        };
        let path = st(h, "/path");
        let mut url = if scheme.is_empty() {
            String::new()
        } else {
            format!("{scheme}:")
        };
        if !scheme.is_empty() || !hp.is_empty() {
            if !hp.is_empty() || !path.is_empty() {
                url += "//";
            }
            url += &gourl::escape(hp.as_bytes(), gourl::Mode::Host);
        }
        if !path.is_empty() && !path.starts_with('/') && !hp.is_empty() {
            url.push('/');
        }
        if path == "*" {
            url.push('*');
        } else {
            url += &gourl::escape(path.as_bytes(), gourl::Mode::Path);
        }
        format!("http-get {url} {attrs}")
    } else if let Some(t) = p.get("tcpSocket") {
        format!(
            "tcp-socket {}:{} {attrs}",
            st(t, "/host"),
            txt(t.get("port"))
        )
    } else if let Some(g) = p.get("grpc") {
        format!(
            "grpc <pod>:{} {} {attrs}",
            num(g, "/port"),
            st(g, "/service")
        )
    } else {
        format!("unknown {attrs}")
    }
}

/// `describeStatus`: one container state, Running, Terminated or (otherwise) Waiting.
fn container_state(o: &mut W, name: &str, s: Option<&Value>) {
    let s = s.unwrap_or(&Value::Null);
    if let Some(r) = s.get("running") {
        put!(o, 2, "{name}:\tRunning\n");
        put!(o, 3, "Started:\t{}\n", date(time(r, "/startedAt")));
    } else if let Some(t) = s.get("terminated") {
        put!(o, 2, "{name}:\tTerminated\n");
        for (k, title) in [("/reason", "Reason"), ("/message", "Message")] {
            if !st(t, k).is_empty() {
                put!(o, 3, "{title}:\t{}\n", st(t, k));
            }
        }
        put!(o, 3, "Exit Code:\t{}\n", num(t, "/exitCode"));
        if num(t, "/signal") > 0 {
            put!(o, 3, "Signal:\t{}\n", num(t, "/signal"));
        }
        put!(o, 3, "Started:\t{}\n", date(time(t, "/startedAt")));
        put!(o, 3, "Finished:\t{}\n", date(time(t, "/finishedAt")));
    } else {
        put!(o, 2, "{name}:\tWaiting\n");
        if !st(s, "/waiting/reason").is_empty() {
            put!(o, 3, "Reason:\t{}\n", st(s, "/waiting/reason"));
        }
    }
}

/// `EnvValueRetriever`: the value kubectl prints for a `fieldRef` env var. It first converts the
/// field path with `scheme.Scheme.ConvertFieldLabel`, and kubectl's scheme registers no field
/// label conversion for Pods, so `runtime.DefaultMetaV1FieldSelectorConversion` accepts only
/// `metadata.name` and `metadata.namespace`; every other path (labels, annotations, uid,
/// status.podIP, spec.nodeName, …) errors and prints as empty (checked against kubectl 1.33).
fn field_value(pod: &Value, f: &Value) -> String {
    let api_version_ok = st(f, "/apiVersion").matches('/').count() <= 1;
    match st(f, "/fieldPath") {
        "metadata.name" if api_version_ok => st(pod, "/metadata/name").to_string(),
        "metadata.namespace" if api_version_ok => st(pod, "/metadata/namespace").to_string(),
        _ => String::new(),
    }
}

/// `resourcehelper.ExtractContainerResourceValue` for the container being described: cpu in
/// divisor milli-units, memory, ephemeral-storage and `hugepages-<size>` in divisor units, each
/// rounded up; anything else is an error, printed as empty.
fn resource_value(c: &Value, r: &Value) -> String {
    let res = st(r, "/resource");
    let Some((kind, name)) = res
        .split_once('.')
        .filter(|(k, _)| *k == "limits" || *k == "requests")
    else {
        return String::new();
    };
    let q = c
        .pointer(&format!("/resources/{kind}/{name}"))
        .map(|v| qty(&txt(Some(v))))
        .unwrap_or(Some(Qty { nano: 0, fmt: 0 }));
    let div = r
        .get("divisor")
        .and_then(|d| qty(&txt(Some(d))))
        .filter(|d| d.nano != 0)
        .unwrap_or(Qty { nano: NANO, fmt: 0 });
    let Some(q) = q else { return String::new() };
    let v = match name {
        "cpu" => (q.milli() as f64 / div.milli() as f64).ceil(),
        "memory" | "ephemeral-storage" => (q.value() as f64 / div.value() as f64).ceil(),
        n if n.starts_with("hugepages-") => (q.value() as f64 / div.value() as f64).ceil(),
        _ => return String::new(),
    };
    let v = (v as i64).to_string();
    if v == "0" && (res == "limits.cpu" || res == "limits.memory") {
        "node allocatable".into()
    } else {
        v
    }
}

/// `describeContainers`.
pub(super) fn containers(
    o: &mut W,
    label: &str,
    cs: &[Value],
    statuses: &[Value],
    pod: Option<&Value>,
    space: &str,
) {
    put!(
        o,
        0,
        "{space}{label}:{}\n",
        if cs.is_empty() { " <none>" } else { "" }
    );
    for c in cs {
        let name = st(c, "/name");
        let status = statuses.iter().rev().find(|s| st(s, "/name") == name);
        put!(o, 1, "{}{name}:\n", if space.is_empty() { "" } else { " " });
        if let Some(s) = status {
            put!(o, 2, "Container ID:\t{}\n", st(s, "/containerID"));
        }
        put!(o, 2, "Image:\t{}\n", st(c, "/image"));
        if let Some(s) = status {
            put!(o, 2, "Image ID:\t{}\n", st(s, "/imageID"));
        }
        let ports = arr(c, "/ports");
        for (field, one, many) in [
            ("/containerPort", "Port", "Ports"),
            ("/hostPort", "Host Port", "Host Ports"),
        ] {
            let s = ports
                .iter()
                .map(|p| format!("{}/{}", num(p, field), st(p, "/protocol")))
                .collect::<Vec<_>>()
                .join(", ");
            if s.contains(',') {
                put!(o, 2, "{many}:\t{s}\n");
            } else {
                put!(o, 2, "{one}:\t{}\n", or_none(&s));
            }
        }
        if let Some(sp) = c.pointer("/securityContext/seccompProfile") {
            put!(o, 2, "SeccompProfile:\t{}\n", st(sp, "/type"));
            if st(sp, "/type") == "Localhost" {
                put!(o, 3, "LocalhostProfile:\t{}\n", st(sp, "/localhostProfile"));
            }
        }
        for (k, title) in [("/command", "Command"), ("/args", "Args")] {
            let xs = arr(c, k);
            if !xs.is_empty() {
                put!(o, 2, "{title}:\n");
                for x in xs {
                    for line in txt(Some(x)).split('\n') {
                        put!(o, 3, "{line}\n");
                    }
                }
            }
        }
        if let Some(s) = status {
            container_state(o, "State", s.get("state"));
            if s.pointer("/lastState/terminated").is_some() {
                container_state(o, "Last State", s.get("lastState"));
            }
            put!(o, 2, "Ready:\t{}\n", tf(truthy(s, "/ready")));
            put!(o, 2, "Restart Count:\t{}\n", num(s, "/restartCount"));
        }
        resources(o, c.get("resources"), 2);
        for (k, title) in [
            ("livenessProbe", "Liveness"),
            ("readinessProbe", "Readiness"),
            ("startupProbe", "Startup"),
        ] {
            if let Some(p) = c.get(k) {
                put!(o, 2, "{title}:\t{}\n", probe(p));
            }
        }
        let env_from = arr(c, "/envFrom");
        if !env_from.is_empty() {
            o.put(2, "Environment Variables from:\n");
            for e in env_from {
                let (from, r) = match (e.get("configMapRef"), e.get("secretRef")) {
                    (Some(r), _) => ("ConfigMap", r),
                    (_, Some(r)) => ("Secret", r),
                    _ => ("", &Value::Null),
                };
                let (name, opt, prefix) =
                    (st(r, "/name"), truthy(r, "/optional"), st(e, "/prefix"));
                if prefix.is_empty() {
                    put!(o, 3, "{name}\t{from}\tOptional: {opt}\n");
                } else {
                    put!(
                        o,
                        3,
                        "{name}\t{from} with prefix '{prefix}'\tOptional: {opt}\n"
                    );
                }
            }
        }
        let env = arr(c, "/env");
        put!(
            o,
            2,
            "Environment:{}\n",
            if env.is_empty() { "\t<none>" } else { "" }
        );
        for e in env {
            let n = st(e, "/name");
            let Some(from) = e.get("valueFrom") else {
                for (i, line) in st(e, "/value").split('\n').enumerate() {
                    if i == 0 {
                        put!(o, 3, "{n}:\t{line}\n");
                    } else {
                        put!(o, 3, "\t{line}\n");
                    }
                }
                continue;
            };
            if let Some(f) = from.get("fieldRef") {
                let v = pod.map(|p| field_value(p, f)).unwrap_or_default();
                put!(
                    o,
                    3,
                    "{n}:\t{v} ({}:{})\n",
                    st(f, "/apiVersion"),
                    st(f, "/fieldPath")
                );
            } else if let Some(r) = from.get("resourceFieldRef") {
                put!(
                    o,
                    3,
                    "{n}:\t{} ({})\n",
                    resource_value(c, r),
                    st(r, "/resource")
                );
            } else if let Some(r) = from.get("secretKeyRef") {
                put!(
                    o,
                    3,
                    "{n}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                    st(r, "/key"),
                    st(r, "/name"),
                    truthy(r, "/optional")
                );
            } else if let Some(r) = from.get("configMapKeyRef") {
                put!(
                    o,
                    3,
                    "{n}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                    st(r, "/key"),
                    st(r, "/name"),
                    truthy(r, "/optional")
                );
            }
        }
        let mut mounts: Vec<&Value> = arr(c, "/volumeMounts").iter().collect();
        let none = if mounts.is_empty() { "\t<none>" } else { "" };
        put!(o, 2, "Mounts:{none}\n");
        go_sort(&mut mounts, |a, b| {
            st(a, "/mountPath") < st(b, "/mountPath")
        });
        for m in mounts {
            let mut flags = vec![if truthy(m, "/readOnly") {
                "ro".to_string()
            } else {
                "rw".to_string()
            }];
            if !st(m, "/subPath").is_empty() {
                flags.push(format!("path={:?}", st(m, "/subPath")));
            }
            put!(
                o,
                3,
                "{} from {} ({})\n",
                st(m, "/mountPath"),
                st(m, "/name"),
                flags.join(",")
            );
        }
        let mut devices: Vec<&Value> = arr(c, "/volumeDevices").iter().collect();
        if !devices.is_empty() {
            put!(o, 2, "Devices:{none}\n");
            go_sort(&mut devices, |a, b| {
                st(a, "/devicePath") < st(b, "/devicePath")
            });
            for d in devices {
                put!(o, 3, "{} from {}\n", st(d, "/devicePath"), st(d, "/name"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn http_probes_print_as_go_urls() {
        let p = |h: Value| probe(&json!({"httpGet": h, "timeoutSeconds": 1, "periodSeconds": 10}));
        let attrs = "delay=0s timeout=1s period=10s #success=0 #failure=0";
        assert_eq!(
            p(json!({"path": "/a b?c=d#e%", "port": 80, "scheme": "HTTP"})),
            format!("http-get http://:80/a%20b%3Fc=d%23e%25 {attrs}")
        );
        assert_eq!(
            p(json!({"path": "healthz", "port": "http", "host": "::1", "scheme": "HTTPS"})),
            format!("http-get https://[::1]:http/healthz {attrs}")
        );
        assert_eq!(
            p(json!({"path": "*", "port": 8080, "scheme": "HTTP"})),
            format!("http-get http://:8080/* {attrs}")
        );
    }

    #[test]
    fn field_refs_resolve_only_name_and_namespace() {
        let pod = json!({"metadata": {"name": "p", "namespace": "ns", "uid": "u",
                                      "labels": {"a": "b"}}});
        let f = |path: &str| field_value(&pod, &json!({"apiVersion": "v1", "fieldPath": path}));
        assert_eq!(f("metadata.name"), "p");
        assert_eq!(f("metadata.namespace"), "ns");
        for other in [
            "metadata.uid",
            "metadata.labels",
            "metadata.labels['a']",
            "status.podIP",
        ] {
            assert_eq!(f(other), "", "{other}");
        }
    }

    #[test]
    fn resource_field_refs() {
        let c = json!({"resources": {"limits": {"cpu": "500m", "hugepages-2Mi": "4Mi"}}});
        let r = |res: &str, div: Option<&str>| {
            let mut r = json!({"resource": res});
            if let Some(d) = div {
                r["divisor"] = json!(d);
            }
            resource_value(&c, &r)
        };
        assert_eq!(r("limits.cpu", None), "1");
        assert_eq!(r("limits.cpu", Some("1m")), "500");
        assert_eq!(r("limits.memory", None), "node allocatable");
        assert_eq!(r("limits.hugepages-2Mi", Some("1Mi")), "4");
        assert_eq!(r("status.cpu", None), "");
    }
}
