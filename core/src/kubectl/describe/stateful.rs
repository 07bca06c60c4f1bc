//! `kubectl describe` of StatefulSets, PersistentVolumeClaims, PersistentVolumes and Endpoints
//! (spec §9.6; kubectl's `describeStatefulSet`, `describePersistentVolumeClaim`,
//! `describePersistentVolume`, `describeEndpoints`).

use super::*;
use crate::controllers::volume::claims_in;

/// `printPodsMultiline`: pod names, one per line, `<none>` when empty.
fn pods_ml(o: &mut W, title: &str, pods: &[String]) {
    put!(o, 0, "{title}:\t");
    if pods.is_empty() {
        return o.put(0, "<none>\n");
    }
    for (i, p) in pods.iter().enumerate() {
        put!(o, 0, "{}{p}\n", if i == 0 { "" } else { "\t" });
    }
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(v: &Value, p: &str) -> String {
    format!(
        "[{}]",
        arr(v, p)
            .iter()
            .map(|x| txt(Some(x)))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// `GetAccessModesAsString`.
fn modes(v: &Value, p: &str) -> String {
    let m: Vec<String> = arr(v, p).iter().map(|x| txt(Some(x))).collect();
    [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ]
    .iter()
    .filter(|(l, _)| m.iter().any(|x| x == l))
    .map(|(_, s)| *s)
    .collect::<Vec<_>>()
    .join(",")
}

pub(super) fn statefulset(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, true);
    put!(
        o,
        0,
        "Selector:\t{}\n",
        selector_of(v.pointer("/spec/selector"))
    );
    meta_labels(&mut o, v);
    put!(
        o,
        0,
        "Replicas:\t{} desired | {} total\n",
        num(v, "/spec/replicas"),
        num(v, "/status/replicas")
    );
    put!(
        o,
        0,
        "Update Strategy:\t{}\n",
        st(v, "/spec/updateStrategy/type")
    );
    if let Some(ru) = v.pointer("/spec/updateStrategy/rollingUpdate") {
        if let Some(p) = ru.get("partition") {
            put!(o, 1, "Partition:\t{}\n", txt(Some(p)));
            if let Some(m) = ru.get("maxUnavailable") {
                put!(o, 1, "MaxUnavailable:\t{}\n", txt(Some(m)));
            }
        }
    }
    let uid = st(v, "/metadata/uid");
    let s = c.store();
    let sel: LabelSelector = v
        .pointer("/spec/selector")
        .and_then(|x| serde_json::from_value(x.clone()).ok())
        .unwrap_or_default();
    let mut counts = [0; 4];
    for p in s
        .pods
        .owned_iter(uid)
        .filter(|p| sel.matches(&p.metadata.labels))
    {
        if let Some(i) = ["Running", "Pending", "Succeeded", "Failed"]
            .iter()
            .position(|x| *x == p.status.phase.as_str())
        {
            counts[i] += 1;
        }
    }
    put!(
        o,
        0,
        "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    let (l, a, spec) = template_of(v);
    pod_template(&mut o, &l, &a, spec);
    let templates = arr(v, "/spec/volumeClaimTemplates");
    if templates.is_empty() {
        o.put(0, "Volume Claims:\t<none>\n");
    } else {
        o.put(0, "Volume Claims:\n");
        for t in templates {
            put!(o, 1, "Name:\t{}\n", st(t, "/metadata/name"));
            put!(o, 1, "StorageClass:\t{}\n", st(t, "/spec/storageClassName"));
            labels_ml(&mut o, "  Labels", &smap(t, "/metadata/labels"));
            labels_ml(&mut o, "  Annotations", &smap(t, "/metadata/annotations"));
            let cap = t
                .pointer("/spec/resources/requests/storage")
                .map_or("<default>".into(), qty_text);
            put!(o, 1, "Capacity:\t{cap}\n");
            put!(o, 1, "Access Modes:\t{}\n", go_list(t, "/spec/accessModes"));
        }
    }
    events(&mut o, own_events(c, v, Some("StatefulSet"), show));
    o.finish()
}

pub(super) fn pvc(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    let now = c.now();
    head(&mut o, v, false);
    put!(o, 0, "StorageClass:\t{}\n", st(v, "/spec/storageClassName"));
    match time(v, "/metadata/deletionTimestamp") {
        Some(t) => put!(
            o,
            0,
            "Status:\tTerminating (lasts {})\n",
            since(now, Some(t))
        ),
        None => put!(o, 0, "Status:\t{}\n", st(v, "/status/phase")),
    }
    put!(o, 0, "Volume:\t{}\n", st(v, "/spec/volumeName"));
    meta_labels(&mut o, v);
    put!(
        o,
        0,
        "Finalizers:\t{}\n",
        go_list(v, "/metadata/finalizers")
    );
    let bound = !st(v, "/spec/volumeName").is_empty();
    let cap = if bound {
        v.pointer("/status/capacity/storage")
            .map_or(String::new(), qty_text)
    } else {
        String::new()
    };
    put!(o, 0, "Capacity:\t{cap}\n");
    put!(
        o,
        0,
        "Access Modes:\t{}\n",
        if bound {
            modes(v, "/status/accessModes")
        } else {
            String::new()
        }
    );
    if let Some(m) = v.pointer("/spec/volumeMode") {
        put!(o, 0, "VolumeMode:\t{}\n", txt(Some(m)));
    }
    let (ns, name) = (st(v, "/metadata/namespace"), st(v, "/metadata/name"));
    let users: Vec<String> = c
        .store()
        .pods
        .in_namespace(ns)
        .filter(|p| claims_in(&p.spec).iter().any(|x| x == name))
        .map(|p| p.metadata.name.clone())
        .collect();
    pods_ml(&mut o, "Used By", &users);
    events(
        &mut o,
        own_events(c, v, Some("PersistentVolumeClaim"), show),
    );
    o.finish()
}

pub(super) fn pv(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    let now = c.now();
    put!(o, 0, "Name:\t{}\n", st(v, "/metadata/name"));
    meta_labels(&mut o, v);
    put!(
        o,
        0,
        "Finalizers:\t{}\n",
        go_list(v, "/metadata/finalizers")
    );
    put!(o, 0, "StorageClass:\t{}\n", st(v, "/spec/storageClassName"));
    match time(v, "/metadata/deletionTimestamp") {
        Some(t) => put!(
            o,
            0,
            "Status:\tTerminating (lasts {})\n",
            since(now, Some(t))
        ),
        None => put!(o, 0, "Status:\t{}\n", st(v, "/status/phase")),
    }
    let claim = if v.pointer("/spec/claimRef").is_some() {
        format!(
            "{}/{}",
            st(v, "/spec/claimRef/namespace"),
            st(v, "/spec/claimRef/name")
        )
    } else {
        String::new()
    };
    put!(o, 0, "Claim:\t{claim}\n");
    put!(
        o,
        0,
        "Reclaim Policy:\t{}\n",
        st(v, "/spec/persistentVolumeReclaimPolicy")
    );
    put!(o, 0, "Access Modes:\t{}\n", modes(v, "/spec/accessModes"));
    if let Some(m) = v.pointer("/spec/volumeMode") {
        put!(o, 0, "VolumeMode:\t{}\n", txt(Some(m)));
    }
    put!(
        o,
        0,
        "Capacity:\t{}\n",
        v.pointer("/spec/capacity/storage")
            .map_or("0".into(), qty_text)
    );
    o.put(0, "Node Affinity:\t");
    match v.pointer("/spec/nodeAffinity/required") {
        None => o.put(0, "<none>\n"),
        Some(req) => {
            o.put(0, "\n");
            o.put(1, "Required Terms:\t");
            let terms = arr(req, "/nodeSelectorTerms");
            if terms.is_empty() {
                o.put(0, "<none>\n");
            } else {
                o.put(0, "\n");
                for (i, t) in terms.iter().enumerate() {
                    put!(o, 2, "Term {i}:\t");
                    let exprs = arr(t, "/matchExpressions");
                    if exprs.is_empty() {
                        o.put(0, "<none>\n");
                    }
                    for (j, e) in exprs.iter().enumerate() {
                        if j != 0 {
                            o.put(2, "\t");
                        }
                        let mut s =
                            format!("{} {}", st(e, "/key"), st(e, "/operator").to_lowercase());
                        let vals: Vec<String> =
                            arr(e, "/values").iter().map(|x| txt(Some(x))).collect();
                        if !vals.is_empty() {
                            s = format!("{s} [{}]", vals.join(", "));
                        }
                        put!(o, 0, "{s}\n");
                    }
                }
            }
        }
    }
    put!(o, 0, "Message:\t{}\n", st(v, "/status/message"));
    o.put(0, "Source:\n");
    if let Some(h) = v.pointer("/spec/hostPath") {
        put!(
            o,
            2,
            "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
            st(h, "/path"),
            h.get("type").map_or("<none>".into(), |t| txt(Some(t)))
        );
    }
    events(&mut o, own_events(c, v, Some("PersistentVolume"), show));
    o.finish()
}

pub(super) fn endpoints(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    o.put(0, "Subsets:\n");
    for ss in arr(v, "/subsets") {
        let ips = |p: &str| {
            arr(ss, p)
                .iter()
                .map(|a| st(a, "/ip").to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let ips = |p: &str| match ips(p) {
            s if s.is_empty() => "<none>".to_string(),
            s => s,
        };
        put!(o, 1, "Addresses:\t{}\n", ips("/addresses"));
        put!(o, 1, "NotReadyAddresses:\t{}\n", ips("/notReadyAddresses"));
        let ports = arr(ss, "/ports");
        if !ports.is_empty() {
            o.put(1, "Ports:\n");
            o.put(2, "Name\tPort\tProtocol\n");
            o.put(2, "----\t----\t--------\n");
            for p in ports {
                let name = match st(p, "/name") {
                    "" => "<unset>",
                    n => n,
                };
                put!(
                    o,
                    2,
                    "{name}\t{}\t{}\n",
                    num(p, "/port"),
                    st(p, "/protocol")
                );
            }
        }
        o.put(0, "\n");
    }
    events(&mut o, own_events(c, v, Some("Endpoints"), show));
    o.finish()
}
