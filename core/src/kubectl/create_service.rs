//! `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME [--tcp=P[:T]]…`
//! (alias `svc`): kubectl 1.33's `staging/src/k8s.io/kubectl/pkg/cmd/create/create_service.go`.
//! The Service is built client-side (label and selector `app=NAME`, one TCP port per `--tcp`
//! pair, named after the pair) and created through the API server's write path, which
//! allocates its cluster IP and node ports.

use super::args::{self, flag};
use super::generate::{self, Generated};
use super::resource::Resource;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Map, Value};

/// The subcommands: the word, the Service type, and the flag only that subcommand has.
const TYPES: &[(&str, &str, Option<args::Flag>)] = &[
    ("clusterip", "ClusterIP", Some(flag("clusterip"))),
    ("nodeport", "NodePort", Some(flag("node-port"))),
    ("loadbalancer", "LoadBalancer", None),
    ("externalname", "ExternalName", Some(flag("external-name"))),
];

/// Whether `word` names one of the subcommands (for the help lookup).
pub(super) fn is_subcommand(word: &str) -> bool {
    TYPES.iter().any(|(name, _, _)| *name == word)
}

pub fn create_service(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    // raw: [flags…] service|svc [flags…] SUBCOMMAND [NAME] [flags…]; the words are read with
    // every subcommand's flags known, then the line is parsed again with its own
    let own_flags: Vec<args::Flag> = TYPES.iter().filter_map(|t| t.2).collect();
    let all_flags = generate::generator_flags(&[&[flag("tcp")], &own_flags[..]].concat());
    let words = generate::create_words(raw, &all_flags, "create service");
    let Some(&(sub, service_type, own_flag)) = words
        .get(1)
        .and_then(|w| TYPES.iter().find(|(name, _, _)| name == w))
    else {
        return super::create_parent_without_subcommand(raw, &words, "create service");
    };
    let command = format!("create service {sub}");
    let own: Vec<args::Flag> = std::iter::once(flag("tcp")).chain(own_flag).collect();
    let flags = generate::generator_flags(&own);
    let mut p = match args::parse(raw, &flags, &command) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    if service_type == "ExternalName" && !p.has("external-name") {
        return CommandOutput::failure("error: required flag(s) \"external-name\" not set");
    }
    let node_port = match p.int("node-port", &command) {
        Ok(n) => n.unwrap_or(0),
        Err(e) => return CommandOutput::failure(e),
    };
    // drop the `service` word: what is left is what `create service SUB` was given
    p.positional.remove(0);
    let (name, dry_run, output) = match generate::name_and_mode(&p, &command) {
        Ok(x) => x,
        Err(out) => return out,
    };
    let tcp: Vec<String> = p
        .all("tcp")
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::to_string)
        .collect();
    let cluster_ip = p.get("clusterip").unwrap_or("");
    let external_name = p.get("external-name").unwrap_or("");
    // Validate
    if cluster_ip != "None" && tcp.is_empty() && service_type != "ExternalName" {
        return CommandOutput::failure("error: at least one tcp port specifier must be provided");
    }
    if service_type == "ExternalName"
        && !crate::api::validation::dns1123_subdomain(external_name).is_empty()
    {
        return CommandOutput::failure(format!(
            "error: invalid service external name {external_name}"
        ));
    }
    // Run: createService
    let mut ports = Vec::new();
    for pair in &tcp {
        let (port, target) = match parse_ports(pair) {
            Ok(x) => x,
            Err(e) => return CommandOutput::failure(format!("error: {e}")),
        };
        let mut sp = Map::new();
        sp.insert("name".into(), json!(pair.replace(':', "-")));
        sp.insert("protocol".into(), json!("TCP"));
        sp.insert("port".into(), json!(port));
        sp.insert("targetPort".into(), target);
        if node_port != 0 {
            sp.insert("nodePort".into(), json!(node_port));
        }
        ports.push(Value::Object(sp));
    }
    let ns = p.namespace();
    let mut metadata = Map::new();
    metadata.insert("name".into(), json!(name));
    if p.has("namespace") {
        metadata.insert("namespace".into(), json!(ns));
    }
    metadata.insert("labels".into(), json!({"app": name}));
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.insert("ports".into(), Value::Array(ports));
    }
    spec.insert("selector".into(), json!({"app": name}));
    if !cluster_ip.is_empty() {
        spec.insert("clusterIP".into(), json!(cluster_ip));
    }
    spec.insert("type".into(), json!(service_type));
    if !external_name.is_empty() {
        spec.insert("externalName".into(), json!(external_name));
    }
    let mut shown_meta = metadata.clone();
    shown_meta.insert("creationTimestamp".into(), Value::Null);
    let object = json!({"apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec});
    let client_yaml = json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": shown_meta,
        "spec": spec,
        "status": {"loadBalancer": {}},
    });
    let generated = Generated {
        resource: Resource::Service,
        namespace: ns,
        printed: format!("service/{name}"),
        verb: "created",
        object,
        client_yaml,
    };
    // `fmt.Errorf("failed to create %s service: %v", o.Type, err)`
    generate::finish(cluster, generated, dry_run, output, |e| {
        format!(
            "error: failed to create {service_type} service: {}",
            super::create_deployment::status_message(&e.message, "Service", "Service")
        )
    })
}

/// `parsePorts`: `PORT` or `PORT:TARGET`, the target a port number or a port name, with the
/// errors of `utilsnet.ParsePort`, `strconv.Atoi` and the port validators.
fn parse_ports(pair: &str) -> Result<(u16, Value), String> {
    let mut parts = pair.split(':');
    let first = parts.next().unwrap_or("");
    let port = parse_uint16(first)?;
    let Some(target) = parts.next() else {
        return Ok((port, json!(port)));
    };
    let errors = match go_atoi(target) {
        Some(n) if (1..=65535).contains(&n) => return Ok((port, json!(n))),
        Some(_) => vec!["must be between 1 and 65535, inclusive"],
        None => {
            let errors = port_name_errors(target);
            if errors.is_empty() {
                return Ok((port, json!(target)));
            }
            errors
        }
    };
    Err(errors.join(","))
}

/// `strconv.ParseUint(s, 10, 16)` with its error text (zero is allowed here).
fn parse_uint16(s: &str) -> Result<u16, String> {
    let quoted = crate::api::yaml::go_quote(s);
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.ParseUint: parsing {quoted}: invalid syntax"
        ));
    }
    s.parse::<u16>()
        .map_err(|_| format!("strconv.ParseUint: parsing {quoted}: value out of range"))
}

/// `strconv.Atoi`: an optional sign and decimal digits that fit in an int64.
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// `validation.IsValidPortName`'s messages, in its order.
fn port_name_errors(name: &str) -> Vec<&'static str> {
    let mut errors = Vec::new();
    if name.len() > 15 {
        errors.push("must be no more than 15 characters");
    }
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        errors.push("must contain at least one letter (a-z)");
    }
    if name.contains("--") {
        errors.push("must not contain consecutive hyphens");
    }
    if name.starts_with('-') || name.ends_with('-') {
        errors.push("must not begin or end with a hyphen");
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    /// create_service_test.go's `TestCreateService…` port cases, and the errors kubectl 1.33
    /// prints for malformed `--tcp` pairs.
    /// A `--tcp` pair and what `parsePorts` makes of it.
    type Case = (&'static str, Result<(u16, Value), &'static str>);

    #[test]
    fn parse_ports_as_kubectl() {
        let cases: &[Case] = &[
            ("5678:8080", Ok((5678, json!(8080)))),
            ("80", Ok((80, json!(80)))),
            ("0", Ok((0, json!(0)))),
            ("443:https", Ok((443, json!("https")))),
            ("80:90:100", Ok((80, json!(90)))),
            ("80:+90", Ok((80, json!(90)))),
            ("abc", Err("strconv.ParseUint: parsing \"abc\": invalid syntax")),
            ("", Err("strconv.ParseUint: parsing \"\": invalid syntax")),
            (":80", Err("strconv.ParseUint: parsing \"\": invalid syntax")),
            ("70000", Err("strconv.ParseUint: parsing \"70000\": value out of range")),
            ("80:0", Err("must be between 1 and 65535, inclusive")),
            ("80:-5", Err("must be between 1 and 65535, inclusive")),
            ("80:70000", Err("must be between 1 and 65535, inclusive")),
            ("80:Bad_x", Err("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")),
            ("80:abcdefghijklmnopq", Err("must be no more than 15 characters")),
            ("80:", Err("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-),must contain at least one letter (a-z)")),
            ("80:a--b", Err("must not contain consecutive hyphens")),
            ("80:-ab", Err("must not begin or end with a hyphen")),
        ];
        for (pair, want) in cases {
            let got = parse_ports(pair);
            assert_eq!(got, want.clone().map_err(str::to_string), "{pair}");
        }
    }
}
