//! `kubectl create namespace NAME` (alias `ns`): kubectl 1.33's
//! `staging/src/k8s.io/kubectl/pkg/cmd/create/create_namespace.go`. The Namespace is built
//! client-side and created through the API server's write path (which validates the name).

use super::args::{self, boolean, flag, short};
use super::autoscale::Ordered;
use super::patch;
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    flag("dry-run"),
    short("output", 'o'),
    boolean("save-config"),
    flag("validate"),
    flag("field-manager"),
    flag("template"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
];

const COMMAND: &str = "create namespace";

pub fn create_namespace(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, COMMAND) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    // positional[0] is the generator word itself
    let names = &p.positional[1.min(p.positional.len())..];
    if names.len() != 1 {
        return CommandOutput::failure(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl {COMMAND} -h' for help and examples",
            names.len()
        ));
    }
    let name = names[0].clone();
    let output = p.get("output").filter(|o| !o.is_empty());
    let dry_run = match patch::dry_run(&p).and_then(|d| patch::check_output(output).map(|_| d)) {
        Ok(d) => d,
        Err(e) => return CommandOutput::failure(format!("error: {}", e.text())),
    };
    let printed = format!("namespace/{name}");
    let mut out = CommandOutput::new();
    if dry_run == Some("client") {
        match output {
            Some("yaml") => out.out(super::printers::yaml::to_yaml(&json!({
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {"creationTimestamp": null, "name": name},
                "spec": {},
                "status": {},
            }))),
            Some("json") => {
                use Ordered::{Obj, Val};
                let doc = Obj(vec![
                    ("kind".into(), Val(json!("Namespace"))),
                    ("apiVersion".into(), Val(json!("v1"))),
                    (
                        "metadata".into(),
                        Obj(vec![
                            ("name".into(), Val(json!(name))),
                            ("creationTimestamp".into(), Val(Value::Null)),
                        ]),
                    ),
                    ("spec".into(), Obj(vec![])),
                    ("status".into(), Obj(vec![])),
                ]);
                let mut s = String::new();
                doc.write(&mut s, 0);
                s.push('\n');
                out.out(s);
            }
            Some("name") => out.out(format!("{printed}\n")),
            _ => out.out(format!("{printed} created (dry run)\n")),
        }
        return out;
    }
    let namespace = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}});
    let mut scratch;
    let target = if dry_run == Some("server") {
        scratch = cluster.clone();
        &mut scratch
    } else {
        &mut *cluster
    };
    match target.create_value(namespace, "") {
        Ok(created) => {
            let v = target
                .object_value(Resource::Namespace, "", &created)
                .unwrap_or_default();
            let operation = format!("created{}", patch::dry_suffix(dry_run));
            patch::print_object(&mut out, output, &printed, &operation, &v, &mut 0);
        }
        Err(e) => {
            out.fail(e.to_kubectl());
            return out;
        }
    }
    out
}
