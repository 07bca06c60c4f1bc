//! `kubectl create quota NAME [--hard=r=q,…] [--scopes=S,…]`: kubectl 1.33's
//! `pkg/cmd/create/create_quota.go`. `--hard` is split at commas and `=` (no trimming; a
//! statement without exactly one `=` is refused), each quantity parsed and shown canonical;
//! `--scopes` is split at commas, an empty one refused, the names left for the API server.

use super::args::{self, flag};
use super::create_deployment::status_message;
use super::generate::{self, Generated};
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};

const FLAGS: &[args::Flag] = &[flag("hard"), flag("scopes")];
const CMD: &str = "create quota";

/// populateResourceListV1 and parseScopes.
fn spec_of(hard: &str, scopes: &str) -> Result<Value, String> {
    let mut spec = json!({});
    if !hard.is_empty() {
        let mut list = Map::new();
        for statement in hard.split(',') {
            let parts: Vec<&str> = statement.split('=').collect();
            if parts.len() != 2 {
                return Err(format!(
                    "Invalid argument syntax {statement}, expected <resource>=<value>"
                ));
            }
            crate::api::schema::parse_quantity(parts[1]).map_err(str::to_string)?;
            list.insert(
                parts[0].to_string(),
                crate::api::quota::canonical(&json!(parts[1])),
            );
        }
        spec["hard"] = Value::Object(list);
    }
    if !scopes.is_empty() {
        let mut list = Vec::new();
        for s in scopes.split(',') {
            if s.is_empty() {
                return Err("invalid resource quota scope \"\"".into());
            }
            list.push(json!(s));
        }
        spec["scopes"] = Value::Array(list);
    }
    Ok(spec)
}

pub fn create_quota(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, &generate::generator_flags(FLAGS), CMD) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (name, dry_run, output) = match generate::name_and_mode(&p, CMD) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let spec = match spec_of(p.get("hard").unwrap_or(""), p.get("scopes").unwrap_or("")) {
        Ok(s) => s,
        Err(e) => return CommandOutput::failure(format!("error: {e}")),
    };
    let ns = p.namespace();
    let mut object = json!({
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": {"name": name},
        "spec": spec,
    });
    if p.has("namespace") {
        object["metadata"]["namespace"] = json!(ns);
    }
    let mut shown = object.clone();
    shown["metadata"]["creationTimestamp"] = Value::Null;
    shown["status"] = json!({});
    let generated = Generated {
        resource: Resource::ResourceQuota,
        namespace: ns,
        printed: format!("resourcequota/{name}"),
        verb: "created",
        object,
        client_yaml: shown,
    };
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create quota: {}",
            status_message(&e.message, "ResourceQuota", "ResourceQuota")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_and_scopes_as_kubectl_parses_them() {
        assert_eq!(
            spec_of("requests.memory=1024Mi,pods=2", "BestEffort").unwrap(),
            json!({"hard": {"requests.memory": "1Gi", "pods": "2"}, "scopes": ["BestEffort"]})
        );
        assert_eq!(
            spec_of("cpu", "").unwrap_err(),
            "Invalid argument syntax cpu, expected <resource>=<value>"
        );
        assert_eq!(
            spec_of("cpu=1", ",").unwrap_err(),
            "invalid resource quota scope \"\""
        );
        assert!(spec_of("cpu=abc", "")
            .unwrap_err()
            .starts_with("quantities must match"));
    }
}
