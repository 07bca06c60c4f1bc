//! What a pod reads from ConfigMaps and Secrets, as the kubelet resolves it: a container's
//! environment (`makeEnvironmentVariables`, pkg/kubelet/kubelet_pods.go) and the files of
//! `configMap`/`secret` volumes (pkg/volume/configmap and pkg/volume/secret `SetUpAt`,
//! `MakePayload`), with the kubelet's error texts. Pure: reads the store, changes nothing.

use crate::api::{ObjKey, Pod};
use crate::store::Store;
use serde_json::Value;

/// The whole environment the kubelet gives a container that started at `started`: its own
/// variables ([`container_env`]) and then the Service variables ([`service_env`]) it does not
/// set itself (`makeEnvironmentVariables` adds those last).
pub fn kubelet_env(
    store: &Store,
    pod: &Pod,
    container: &Value,
    started: Option<crate::api::Time>,
) -> Result<Vec<(String, String)>, String> {
    let mut env = container_env(store, pod, container)?;
    for (k, v) in service_env(store, pod, started) {
        if !env.iter().any(|(n, _)| *n == k) {
            env.push((k, v));
        }
    }
    Ok(env)
}

/// The Service environment variables the kubelet gives a container
/// (`getServiceEnvVarMap`, pkg/kubelet/kubelet_pods.go; `FromServices`, pkg/kubelet/envvars):
/// the `kubernetes` Service of the default namespace always, and with `enableServiceLinks`
/// (the default) every Service of the pod's namespace, each with a cluster IP. The kubelet
/// reads them when it starts the container, so a Service created after `started` is not
/// there. The kubelet hands them over through a Go map, in no fixed order; here they come
/// Service by Service in name order, each in `FromServices`' order.
pub fn service_env(
    store: &Store,
    pod: &Pod,
    started: Option<crate::api::Time>,
) -> Vec<(String, String)> {
    let ns = pod.metadata.namespace.as_str();
    let links = pod
        .spec
        .get("enableServiceLinks")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let mut services: Vec<&crate::api::Service> = store
        .services
        .in_namespace(ns)
        .filter(|_| links)
        .chain(
            store
                .services
                .get(&ObjKey::new("default", "kubernetes"))
                .filter(|_| ns != "default" || !links),
        )
        .filter(|s| started.is_none_or(|t| s.metadata.creation_timestamp <= t))
        .collect();
    // stable: a Service of the pod's namespace named `kubernetes` wins over the default one
    services.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
    services.dedup_by(|a, b| a.metadata.name == b.metadata.name);
    let mut env = Vec::new();
    for svc in services {
        let ip = str_of(&svc.spec, "clusterIP");
        let ports = svc.spec.get("ports").and_then(Value::as_array);
        let Some(ports) = ports.filter(|p| !p.is_empty() && !ip.is_empty() && ip != "None") else {
            continue;
        };
        let name = svc.metadata.name.to_uppercase().replace('-', "_");
        let port_of = |p: &Value| p.get("port").and_then(Value::as_i64).unwrap_or(0);
        env.push((format!("{name}_SERVICE_HOST"), ip.to_string()));
        env.push((
            format!("{name}_SERVICE_PORT"),
            port_of(&ports[0]).to_string(),
        ));
        for p in ports {
            let port_name = str_of(p, "name");
            if !port_name.is_empty() {
                env.push((
                    format!(
                        "{name}_SERVICE_PORT_{}",
                        port_name.to_uppercase().replace('-', "_")
                    ),
                    port_of(p).to_string(),
                ));
            }
        }
        // makeLinkVariables: Docker-style links, the first port also as `NAME_PORT`
        for (i, p) in ports.iter().enumerate() {
            let protocol = match str_of(p, "protocol") {
                "" => "TCP",
                other => other,
            };
            let port = port_of(p);
            let lower = protocol.to_lowercase();
            let prefix = format!("{name}_PORT_{port}_{protocol}");
            if i == 0 {
                env.push((format!("{name}_PORT"), format!("{lower}://{ip}:{port}")));
            }
            env.push((prefix.clone(), format!("{lower}://{ip}:{port}")));
            env.push((format!("{prefix}_PROTO"), lower));
            env.push((format!("{prefix}_PORT"), port.to_string()));
            env.push((format!("{prefix}_ADDR"), ip.to_string()));
        }
    }
    env
}

fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn optional(v: &Value) -> bool {
    v.get("optional").and_then(Value::as_bool).unwrap_or(false)
}

/// A ConfigMap's or Secret's string values by key (a Secret's decoded), or the kubelet
/// manager's NotFound text (`configmap "x" not found`: its resource is singular).
fn source(
    store: &Store,
    ns: &str,
    secret: bool,
    name: &str,
) -> Result<Vec<(String, String)>, String> {
    let key = ObjKey::new(ns, name);
    if secret {
        let s = store
            .secrets
            .get(&key)
            .ok_or_else(|| format!("secret \"{name}\" not found"))?;
        Ok(s.data
            .keys()
            .map(|k| {
                let v = s.value(k).unwrap_or_default();
                (k.clone(), String::from_utf8_lossy(&v).into_owned())
            })
            .collect())
    } else {
        let c = store
            .configmaps
            .get(&key)
            .ok_or_else(|| format!("configmap \"{name}\" not found"))?;
        Ok(c.data.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}

/// `expansion.Expand`: `$(VAR)` becomes a variable defined before it (else stays as written),
/// `$$` becomes `$`.
pub(crate) fn expand(s: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(r) = after.strip_prefix('$') {
            out.push('$');
            rest = r;
        } else if let Some(r) = after.strip_prefix('(') {
            match r.find(')') {
                Some(end) => {
                    let name = &r[..end];
                    match env.iter().rev().find(|(k, _)| k == name) {
                        Some((_, v)) => out.push_str(v),
                        None => out.push_str(&format!("$({name})")),
                    }
                    rest = &r[end + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = r;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `podFieldSelectorRuntimeValue` for the fields kubeplay knows.
fn field_ref(pod: &Pod, path: &str) -> String {
    match path {
        "metadata.name" => pod.metadata.name.clone(),
        "metadata.namespace" => pod.metadata.namespace.clone(),
        "metadata.uid" => pod.metadata.uid.clone(),
        "spec.nodeName" => pod.node_name.as_deref().unwrap_or_default().to_string(),
        "spec.serviceAccountName" => pod
            .spec
            .get("serviceAccountName")
            .and_then(Value::as_str)
            .unwrap_or("default")
            .to_string(),
        "status.hostIP" => pod
            .status
            .host_ip
            .as_deref()
            .unwrap_or_default()
            .to_string(),
        "status.podIP" => pod.status.pod_ip.as_deref().unwrap_or_default().to_string(),
        // `metadata.labels['key']` and `metadata.annotations['key']`
        p => {
            let (map, rest) = match p.strip_prefix("metadata.labels[") {
                Some(r) => (&pod.metadata.labels, r),
                None => match p.strip_prefix("metadata.annotations[") {
                    Some(r) => (&pod.metadata.annotations, r),
                    None => return String::new(),
                },
            };
            rest.strip_suffix(']')
                .map(|k| k.trim_matches(|c| c == '\'' || c == '"'))
                .and_then(|k| map.get(k))
                .cloned()
                .unwrap_or_default()
        }
    }
}

/// The variables of a container, in the order they were first set (`envFrom` first, `env`
/// overriding it), or the error that keeps the container from being created.
pub fn container_env(
    store: &Store,
    pod: &Pod,
    container: &Value,
) -> Result<Vec<(String, String)>, String> {
    let ns = pod.metadata.namespace.as_str();
    let mut env: Vec<(String, String)> = Vec::new();
    let set = |env: &mut Vec<(String, String)>, k: String, v: String| match env
        .iter_mut()
        .find(|(n, _)| *n == k)
    {
        Some(slot) => slot.1 = v,
        None => env.push((k, v)),
    };
    for from in container
        .get("envFrom")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let prefix = str_of(from, "prefix");
        let (r, secret) = match (from.get("configMapRef"), from.get("secretRef")) {
            (Some(r), _) => (r, false),
            (None, Some(r)) => (r, true),
            _ => continue,
        };
        match source(store, ns, secret, str_of(r, "name")) {
            Ok(pairs) => {
                for (k, v) in pairs {
                    set(&mut env, format!("{prefix}{k}"), v);
                }
            }
            Err(_) if optional(r) => {}
            Err(e) => return Err(e),
        }
    }
    for e in container
        .get("env")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = str_of(e, "name").to_string();
        let value = str_of(e, "value");
        if !value.is_empty() {
            let v = expand(value, &env);
            set(&mut env, name, v);
            continue;
        }
        let Some(from) = e.get("valueFrom") else {
            set(&mut env, name, String::new());
            continue;
        };
        let keyed = match (from.get("configMapKeyRef"), from.get("secretKeyRef")) {
            (Some(r), _) => Some((r, false)),
            (None, Some(r)) => Some((r, true)),
            _ => None,
        };
        let Some((r, secret)) = keyed else {
            if let Some(f) = from.get("fieldRef") {
                let v = field_ref(pod, str_of(f, "fieldPath"));
                set(&mut env, name, v);
            }
            continue;
        };
        let (source_name, key) = (str_of(r, "name"), str_of(r, "key"));
        let pairs = match source(store, ns, secret, source_name) {
            Ok(p) => p,
            Err(_) if optional(r) => continue,
            Err(e) => return Err(e),
        };
        match pairs.into_iter().find(|(k, _)| k == key) {
            Some((_, v)) => set(&mut env, name, v),
            None if optional(r) => {}
            None => {
                let kind = if secret { "Secret" } else { "ConfigMap" };
                return Err(format!(
                    "couldn't find key {key} in {kind} {ns}/{source_name}"
                ));
            }
        }
    }
    Ok(env)
}

/// The `MountVolume.SetUp failed` events of the pod's `configMap`/`secret` volumes that cannot
/// be set up yet (missing object, or a listed key it lacks), in volume order.
pub fn volume_errors(store: &Store, pod: &Pod) -> Vec<String> {
    let ns = pod.metadata.namespace.as_str();
    let mut out = Vec::new();
    for v in pod
        .spec
        .get("volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (src, secret) = match (v.get("configMap"), v.get("secret")) {
            (Some(s), _) => (s, false),
            (None, Some(s)) => (s, true),
            _ => continue,
        };
        let name = str_of(src, if secret { "secretName" } else { "name" });
        let err = match source(store, ns, secret, name) {
            Err(_) if optional(src) => None,
            Err(e) => Some(e),
            Ok(pairs) => src
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|i| str_of(i, "key"))
                .find(|k| !pairs.iter().any(|(p, _)| p == k))
                .filter(|_| !optional(src))
                .map(|k| {
                    if secret {
                        format!("references non-existent secret key: {k}")
                    } else {
                        format!("configmap references non-existent config key: {k}")
                    }
                }),
        };
        if let Some(e) = err {
            out.push(format!(
                "MountVolume.SetUp failed for volume \"{}\" : {e}",
                str_of(v, "name")
            ));
        }
    }
    out
}

/// The content of `rest` (a path inside the mount, without its leading `/`) in a pod's
/// `configMap`/`secret` volume: each key a file, or the `items` paths.
pub fn volume_file(store: &Store, pod: &Pod, volume: &str, rest: &str) -> Option<String> {
    let v = pod
        .spec
        .get("volumes")
        .and_then(Value::as_array)?
        .iter()
        .find(|v| str_of(v, "name") == volume)?;
    let (src, secret) = match (v.get("configMap"), v.get("secret")) {
        (Some(s), _) => (s, false),
        (None, Some(s)) => (s, true),
        _ => return None,
    };
    let name = str_of(src, if secret { "secretName" } else { "name" });
    let pairs = source(store, &pod.metadata.namespace, secret, name).ok()?;
    match src.get("items").and_then(Value::as_array) {
        Some(items) => {
            let item = items.iter().find(|i| str_of(i, "path") == rest)?;
            let key = str_of(item, "key");
            pairs.into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }
        None => pairs.into_iter().find(|(k, _)| k == rest).map(|(_, v)| v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_follows_upstream() {
        let env = vec![("A".to_string(), "x".to_string())];
        assert_eq!(expand("$(A)-$(B)-$$(A)-$", &env), "x-$(B)-$(A)-$");
    }
}
