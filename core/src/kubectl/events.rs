//! `kubectl events` (kubectl 1.33, `pkg/cmd/events`): the Events of a namespace (or all, `-A`),
//! optionally only those about one object (`--for TYPE/NAME`) or of some types (`--types`),
//! oldest first by last timestamp (Go's unstable `sort.Sort` over the list order, so ties land
//! where kubectl's do), as `LAST SEEN  TYPE  REASON  OBJECT  MESSAGE` with OBJECT as
//! `Kind/name`. `-o yaml|json` print the EventList. `--watch` is refused.

use super::args::{self, boolean, flag, short, short_bool};
use super::columns::go_sort;
use super::printers::duration::human_duration;
use super::printers::json::to_json;
use super::printers::yaml::to_yaml;
use super::printers::TabWriter;
use super::resource::Resource;
use crate::api::codec::event_to_value;
use crate::api::{Event, Time};
use crate::output::CommandOutput;
use crate::sim::Cluster;
use serde_json::{json, Value};

const FLAGS: &[args::Flag] = &[
    short_bool("all-namespaces", 'A'),
    flag("for"),
    flag("types"),
    boolean("no-headers"),
    short("output", 'o'),
    short_bool("watch", 'w'),
    flag("chunk-size"),
    boolean("allow-missing-template-keys"),
    boolean("show-managed-fields"),
];

pub fn events(cluster: &mut Cluster, args: &[String]) -> CommandOutput {
    let p = match args::parse(args, FLAGS, "events") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let all_namespaces = match p.bool("all-namespaces", false) {
        Ok(b) => b,
        Err(e) => return CommandOutput::failure(e),
    };
    let no_headers = match p.bool("no-headers", false) {
        Ok(b) => b,
        Err(e) => return CommandOutput::failure(e),
    };
    let output = p.get("output").unwrap_or("").to_string();
    const FORMATS: &str = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";
    if !matches!(output.as_str(), "" | "yaml" | "json") {
        return CommandOutput::failure(if FORMATS.split(',').any(|f| f == output) {
            format!("error: \"kubectl events -o {output}\" is not available in kubeplay (json and yaml are)")
        } else {
            format!("error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: {FORMATS}")
        });
    }
    let types: Vec<String> = p
        .all("types")
        .iter()
        .flat_map(|t| t.split(','))
        .map(str::to_string)
        .collect();
    if types
        .iter()
        .any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning"))
    {
        return CommandOutput::failure("error: valid --types are Normal or Warning");
    }
    let target = match p.get("for").filter(|f| !f.is_empty()) {
        None => None,
        Some(f) => match f.split_once('/') {
            Some((kind, name)) if !name.contains('/') && !kind.is_empty() && !name.is_empty() => {
                match Resource::parse(kind) {
                    Some(r) => Some((r.kind(), name.to_string())),
                    None => {
                        return CommandOutput::failure(format!(
                            "the server doesn't have a resource type \"{kind}\""
                        ))
                    }
                }
            }
            _ => return CommandOutput::failure("error: --for must be in resource/name form"),
        },
    };
    if p.bool("watch", false).unwrap_or(false) {
        return CommandOutput::failure(
            "error: \"kubectl events --watch\" is not available in kubeplay; use \"kubectl get events --watch\"",
        );
    }
    let namespace = p.namespace();
    let store = cluster.store();
    let listed: Box<dyn Iterator<Item = &Event>> = if all_namespaces {
        Box::new(store.events.iter())
    } else {
        Box::new(store.events.in_namespace(&namespace))
    };
    let mut events: Vec<&Event> = listed
        .filter(|e| {
            target
                .as_ref()
                .is_none_or(|(kind, name)| e.involved.kind == *kind && *e.involved.name == **name)
        })
        .filter(|e| types.is_empty() || types.iter().any(|t| t.eq_ignore_ascii_case(e.type_)))
        .collect();
    // SortableEvents: by eventTime(), which is the last timestamp (second precision in the API).
    go_sort(&mut events, &|a, b| {
        sort_time(a).div_euclid(1000) < sort_time(b).div_euclid(1000)
    });
    let mut out = CommandOutput::new();
    if output == "yaml" || output == "json" {
        let items: Vec<Value> = events.iter().map(|e| event_to_value(e)).collect();
        let rv = store.resource_version().to_string();
        out.out(if output == "yaml" {
            to_yaml(&json!({
                "apiVersion": "v1",
                "items": items,
                "kind": "EventList",
                "metadata": {"resourceVersion": rv},
            }))
        } else {
            event_list_json(&items, &rv)
        });
        return out;
    }
    if events.is_empty() {
        out.err(if all_namespaces {
            "No events found.\n".to_string()
        } else {
            format!("No events found in {namespace} namespace.\n")
        });
        return out;
    }
    let now = cluster.now();
    let mut text = String::new();
    if !no_headers {
        if all_namespaces {
            text.push_str("NAMESPACE\t");
        }
        text.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    }
    for e in events {
        if all_namespaces {
            text.push_str(&e.metadata.namespace);
            text.push('\t');
        }
        text.push_str(&format!(
            "{}\t{}\t{}\t{}/{}\t{}\n",
            interval(e, now),
            e.type_,
            e.reason,
            e.involved.kind,
            e.involved.name,
            e.message.trim()
        ));
    }
    out.out(TabWriter::kubectl_get().format(&text));
    out
}

/// `eventTime()`: the last timestamp, else the first (kubeplay's Events have no eventTime).
fn sort_time(e: &Event) -> Time {
    if e.last_timestamp != 0 {
        e.last_timestamp
    } else {
        e.first_timestamp
    }
}

/// `getInterval`: the age of the first timestamp, or `LAST (xN over FIRST)` for a repeated Event.
fn interval(e: &Event, now: Time) -> String {
    let since = |t: Time| {
        if t == 0 {
            "<unknown>".to_string()
        } else {
            human_duration(now - t)
        }
    };
    if e.count > 1 {
        format!(
            "{} (x{} over {})",
            since(e.last_timestamp),
            e.count,
            since(e.first_timestamp)
        )
    } else {
        since(e.first_timestamp)
    }
}

/// The EventList as kubectl's JSON printer writes the typed object: fields in the Go structs'
/// order (`kind`, `apiVersion`, `metadata`, `involvedObject`, …), not sorted.
fn event_list_json(items: &[Value], resource_version: &str) -> String {
    const EVENT: &[&str] = &[
        "kind",
        "apiVersion",
        "metadata",
        "involvedObject",
        "reason",
        "message",
        "source",
        "firstTimestamp",
        "lastTimestamp",
        "count",
        "type",
        "eventTime",
        "reportingComponent",
        "reportingInstance",
    ];
    const NESTED: &[(&str, &[&str])] = &[
        (
            "metadata",
            &[
                "name",
                "namespace",
                "uid",
                "resourceVersion",
                "creationTimestamp",
            ],
        ),
        (
            "involvedObject",
            &[
                "kind",
                "namespace",
                "name",
                "uid",
                "apiVersion",
                "fieldPath",
            ],
        ),
        ("source", &["component", "host"]),
    ];
    let mut out = format!(
        "{{\n    \"kind\": \"EventList\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {{\n        \"resourceVersion\": {}\n    }},\n    \"items\": [",
        to_json(&json!(resource_version))
    );
    for (i, item) in items.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str("        {");
        let fields: Vec<(&str, &Value)> = EVENT
            .iter()
            .filter_map(|k| item.get(*k).map(|v| (*k, v)))
            .collect();
        for (j, (key, value)) in fields.iter().enumerate() {
            out.push_str(if j == 0 { "\n" } else { ",\n" });
            out.push_str(&format!("            {}: ", to_json(&json!(key))));
            match NESTED.iter().find(|(k, _)| k == key) {
                Some((_, order)) => {
                    out.push('{');
                    let inner: Vec<(&str, &Value)> = order
                        .iter()
                        .filter_map(|k| value.get(*k).map(|v| (*k, v)))
                        .collect();
                    for (n, (k, v)) in inner.iter().enumerate() {
                        out.push_str(if n == 0 { "\n" } else { ",\n" });
                        out.push_str(&format!(
                            "                {}: {}",
                            to_json(&json!(k)),
                            to_json(v)
                        ));
                    }
                    out.push_str("\n            }");
                }
                None => out.push_str(&to_json(value)),
            }
        }
        out.push_str("\n        }");
    }
    out.push_str(if items.is_empty() {
        "]\n}\n"
    } else {
        "\n    ]\n}\n"
    });
    out
}
