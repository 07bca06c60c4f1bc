//! `kubectl get` tables of StatefulSets, ControllerRevisions, PersistentVolumeClaims,
//! PersistentVolumes and Endpoints (the server's printers, spec §9.2).

use super::{age, images_of, row, scoped, Row};
use crate::controllers::endpoints::format_endpoints;
use crate::kubectl::resource::Resource;
use crate::sim::Cluster;
use serde_json::Value;

pub(super) fn columns(r: Resource) -> &'static [(&'static str, bool)] {
    match r {
        Resource::StatefulSet => &[
            ("NAME", false),
            ("READY", false),
            ("AGE", false),
            ("CONTAINERS", true),
            ("IMAGES", true),
        ],
        Resource::ControllerRevision => &[
            ("NAME", false),
            ("CONTROLLER", false),
            ("REVISION", false),
            ("AGE", false),
        ],
        Resource::PersistentVolumeClaim => &[
            ("NAME", false),
            ("STATUS", false),
            ("VOLUME", false),
            ("CAPACITY", false),
            ("ACCESS MODES", false),
            ("STORAGECLASS", false),
            ("VOLUMEATTRIBUTESCLASS", false),
            ("AGE", false),
            ("VOLUMEMODE", true),
        ],
        Resource::PersistentVolume => &[
            ("NAME", false),
            ("CAPACITY", false),
            ("ACCESS MODES", false),
            ("RECLAIM POLICY", false),
            ("STATUS", false),
            ("CLAIM", false),
            ("STORAGECLASS", false),
            ("VOLUMEATTRIBUTESCLASS", false),
            ("REASON", false),
            ("AGE", false),
            ("VOLUMEMODE", true),
        ],
        _ => &[("NAME", false), ("ENDPOINTS", false), ("AGE", false)],
    }
}

/// `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, comma-joined.
fn access_modes(v: Option<&Value>) -> String {
    let modes: Vec<&str> = v
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(m, _)| modes.contains(m))
    .map(|(_, s)| *s)
    .collect::<Vec<_>>()
    .join(",")
}

fn s(v: &Value, p: &str) -> String {
    match v.pointer(p) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(x) => x.to_string(),
    }
}

fn or_unset(v: String) -> String {
    if v.is_empty() {
        "<unset>".into()
    } else {
        v
    }
}

pub(super) fn rows(c: &Cluster, r: Resource, ns: Option<&str>, name: Option<&str>) -> Vec<Row> {
    let now = c.now();
    let st = c.store();
    let mut out = Vec::new();
    match r {
        Resource::StatefulSet => {
            for x in scoped(&st.statefulsets, ns, name) {
                let (cn, im) = images_of(&x.spec.template.spec);
                out.push(row(
                    &x.metadata,
                    vec![
                        x.metadata.name.clone(),
                        format!("{}/{}", x.status.ready_replicas, x.spec.replicas),
                        age(now, x.metadata.creation_timestamp),
                        cn,
                        im,
                    ],
                ));
            }
        }
        Resource::ControllerRevision => {
            for x in scoped(&st.controllerrevisions, ns, name) {
                let controller = x.metadata.controller_ref().map_or("<none>".into(), |o| {
                    let group = o.api_version.rsplit_once('/').map_or("", |(g, _)| g);
                    let kind = o.kind.to_lowercase();
                    if group.is_empty() {
                        format!("{kind}/{}", o.name)
                    } else {
                        format!("{kind}.{group}/{}", o.name)
                    }
                });
                out.push(row(
                    &x.metadata,
                    vec![
                        x.metadata.name.clone(),
                        controller,
                        x.revision.to_string(),
                        age(now, x.metadata.creation_timestamp),
                    ],
                ));
            }
        }
        Resource::PersistentVolumeClaim => {
            for x in scoped(&st.pvcs, ns, name) {
                let bound = !x.volume_name().is_empty();
                let phase = if x.metadata.deletion_timestamp.is_some() {
                    "Terminating".to_string()
                } else {
                    x.phase().to_string()
                };
                out.push(row(
                    &x.metadata,
                    vec![
                        x.metadata.name.clone(),
                        phase,
                        x.volume_name().to_string(),
                        if bound {
                            s(&x.status, "/capacity/storage")
                        } else {
                            String::new()
                        },
                        if bound {
                            access_modes(x.status.get("accessModes"))
                        } else {
                            String::new()
                        },
                        s(&x.spec, "/storageClassName"),
                        or_unset(s(&x.spec, "/volumeAttributesClassName")),
                        age(now, x.metadata.creation_timestamp),
                        or_unset(s(&x.spec, "/volumeMode")),
                    ],
                ));
            }
        }
        Resource::PersistentVolume => {
            for x in st
                .pvs
                .iter()
                .filter(|x| name.is_none_or(|n| x.metadata.name == n))
            {
                let claim = match (
                    s(&x.spec, "/claimRef/namespace"),
                    s(&x.spec, "/claimRef/name"),
                ) {
                    (n, c) if n.is_empty() && c.is_empty() => String::new(),
                    (n, c) => format!("{n}/{c}"),
                };
                let phase = if x.metadata.deletion_timestamp.is_some() {
                    "Terminating".to_string()
                } else {
                    s(&x.status, "/phase")
                };
                out.push(row(
                    &x.metadata,
                    vec![
                        x.metadata.name.clone(),
                        s(&x.spec, "/capacity/storage"),
                        access_modes(x.spec.get("accessModes")),
                        s(&x.spec, "/persistentVolumeReclaimPolicy"),
                        phase,
                        claim,
                        s(&x.spec, "/storageClassName"),
                        or_unset(s(&x.spec, "/volumeAttributesClassName")),
                        s(&x.status, "/reason"),
                        age(now, x.metadata.creation_timestamp),
                        or_unset(s(&x.spec, "/volumeMode")),
                    ],
                ));
            }
        }
        _ => {
            for k in c.endpoints_names(ns) {
                if name.is_some_and(|n| n != k.name()) {
                    continue;
                }
                let Some(ep) = c.endpoints_value(k.namespace(), k.name()) else {
                    continue;
                };
                let meta = crate::api::codec::meta_from_value(&ep);
                let created = st
                    .services
                    .get(&k)
                    .map_or(0, |s| s.metadata.creation_timestamp);
                out.push(row(
                    &meta,
                    vec![
                        k.name().to_string(),
                        format_endpoints(&ep),
                        age(now, created),
                    ],
                ));
            }
        }
    }
    out
}
