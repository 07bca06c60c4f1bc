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

/// `storageutil.GetPersistentVolumeClaimClass`: the beta annotation
/// `volume.beta.kubernetes.io/storage-class` first, then `spec.storageClassName`.
fn claim_class(v: &Value) -> String {
    match v.pointer("/metadata/annotations/volume.beta.kubernetes.io~1storage-class") {
        Some(c) => txt(Some(c)),
        None => st(v, "/spec/storageClassName").to_string(),
    }
}

/// describe.go's `printPersistentVolumeClaim` on a writer nested `level` deep: a full claim
/// (`now` given: `Status` and `Finalizers`, Name and Namespace printed by the caller) or an
/// ephemeral volume's claim template (`now` None). Capacity and access modes come from the
/// status only once the claim names a volume; `DataSource` is the claim's `spec.dataSource`.
pub(super) fn print_pvc(o: &mut W, level: usize, v: &Value, now: Option<i64>) {
    put!(o, level, "StorageClass:\t{}\n", claim_class(v));
    if let Some(now) = now {
        match time(v, "/metadata/deletionTimestamp") {
            Some(t) => put!(
                o,
                level,
                "Status:\tTerminating (lasts {})\n",
                since(now, Some(t))
            ),
            None => put!(o, level, "Status:\t{}\n", st(v, "/status/phase")),
        }
    }
    put!(o, level, "Volume:\t{}\n", st(v, "/spec/volumeName"));
    labels_at(o, level, "Labels", &smap(v, "/metadata/labels"));
    annotations_at(o, level, "Annotations", &smap(v, "/metadata/annotations"));
    if now.is_some() {
        put!(
            o,
            level,
            "Finalizers:\t{}\n",
            go_list(v, "/metadata/finalizers")
        );
    }
    let bound = !st(v, "/spec/volumeName").is_empty();
    let (cap, access) = if bound {
        (
            v.pointer("/status/capacity/storage")
                .map_or("0".into(), qty_text),
            modes(v, "/status/accessModes"),
        )
    } else {
        (String::new(), String::new())
    };
    put!(o, level, "Capacity:\t{cap}\n");
    put!(o, level, "Access Modes:\t{access}\n");
    if let Some(m) = v.pointer("/spec/volumeMode") {
        put!(o, level, "VolumeMode:\t{}\n", txt(Some(m)));
    }
    if let Some(d) = v.pointer("/spec/dataSource") {
        o.put(level, "DataSource:\n");
        if let Some(g) = d.get("apiGroup") {
            put!(o, level + 1, "APIGroup:\t{}\n", txt(Some(g)));
        }
        put!(o, level + 1, "Kind:\t{}\n", st(d, "/kind"));
        put!(o, level + 1, "Name:\t{}\n", st(d, "/name"));
    }
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
            put!(o, 1, "StorageClass:\t{}\n", claim_class(t));
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
    head(&mut o, v, false);
    print_pvc(&mut o, 0, v, Some(c.now()));
    let (ns, name) = (st(v, "/metadata/namespace"), st(v, "/metadata/name"));
    let users: Vec<String> = c
        .store()
        .pods
        .in_namespace(ns)
        .filter(|p| claims_in(&p.spec).iter().any(|x| x == name))
        .map(|p| p.metadata.name.clone())
        .collect();
    pods_ml(&mut o, "Used By", &users);
    // describePersistentVolumeClaim: the claim's conditions (a resize in progress)
    let conds = arr(v, "/status/conditions");
    if !conds.is_empty() {
        o.put(0, "Conditions:\n");
        o.put(
            1,
            "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n",
        );
        o.put(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for cd in conds {
            put!(
                o,
                1,
                "{} \t{} \t{} \t{} \t{} \t{}\n",
                st(cd, "/type"),
                st(cd, "/status"),
                date(time(cd, "/lastProbeTime")),
                date(time(cd, "/lastTransitionTime")),
                st(cd, "/reason"),
                st(cd, "/message")
            );
        }
    }
    events(
        &mut o,
        own_events(c, v, Some("PersistentVolumeClaim"), show),
    );
    o.finish()
}

/// `describePersistentVolume`'s `Source:` block for the sources a playground's volumes have
/// (hostPath, gcePersistentDisk, awsElasticBlockStore, nfs, local, csi); the other in-tree
/// plugins print `<unknown>` here, as kubectl does for a source it does not know.
fn pv_source(o: &mut W, spec: &Value) {
    if let Some(h) = spec.get("hostPath") {
        put!(
            o,
            2,
            "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
            st(h, "/path"),
            h.get("type").map_or("<none>".into(), |t| txt(Some(t)))
        );
    } else if let Some(g) = spec.get("gcePersistentDisk") {
        put!(o, 2, "Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n", st(g, "/pdName"), st(g, "/fsType"), num(g, "/partition"), truthy(g, "/readOnly"));
    } else if let Some(a) = spec.get("awsElasticBlockStore") {
        put!(o, 2, "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n", st(a, "/volumeID"), st(a, "/fsType"), num(a, "/partition"), truthy(a, "/readOnly"));
    } else if let Some(n) = spec.get("nfs") {
        put!(o, 2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n", st(n, "/server"), st(n, "/path"), truthy(n, "/readOnly"));
    } else if let Some(l) = spec.get("local") {
        put!(o, 2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n", st(l, "/path"));
    } else if let Some(c) = spec.get("csi") {
        // printCSIPersistentVolumeSource
        put!(o, 2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    VolumeHandle:\t{}\n    ReadOnly:\t{}\n", st(c, "/driver"), st(c, "/fsType"), st(c, "/volumeHandle"), truthy(c, "/readOnly"));
        csi_attributes(o, &smap(c, "/volumeAttributes"));
    } else {
        o.put(1, "<unknown>\n");
    }
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
    put!(o, 0, "StorageClass:\t{}\n", claim_class(v));
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
    pv_source(&mut o, v.get("spec").unwrap_or(&Value::Null));
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
