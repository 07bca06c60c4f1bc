//! Storage: the default StorageClass `standard` (kind's local-path provisioner, binding mode
//! WaitForFirstConsumer, reclaim policy Delete), PVC admission, provisioning and binding when
//! the first pod using a claim is scheduled, the pvc/pv-protection finalizers, and reclaiming.
//! Claims of any other class (or none, `storageClassName: ""`) bind at once to a static
//! PersistentVolume as upstream's PV controller does (pkg/controller/volume/persistentvolume:
//! `syncUnboundClaim`, `findBestMatchForClaim`, `bind`), retried on its 15 s claim resync.

use crate::api::{ObjKey, PersistentVolume, PersistentVolumeClaim, Pod};
use crate::sim::{involved, Cluster};
use serde_json::{json, Value};

pub const STORAGE_CLASS: &str = "standard";
pub const PROVISIONER: &str = "rancher.io/local-path";
const PROVISIONER_ID: &str =
    "rancher.io/local-path_local-path-provisioner-7dc846544d-x6nbz_5b8a4c1e-2f1d-4b9e-8c3a-0d6e7f9a1b2c";
const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
const PV_PROTECTION: &str = "kubernetes.io/pv-protection";
const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
/// How long the local-path provisioner takes to create a volume (its helper pod), virtual ms.
pub const PROVISION_MS: u64 = 2_000;

/// The PV controller's claim resync (`pvClaimSyncPeriod`, 15 s): an unbound claim of a class
/// without provisioner looks for a volume again.
pub const CLAIM_RESYNC_MS: u64 = 15_000;
const BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";
const BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";

/// `GetAccessModesAsString`'s input as a set: does `have` include every mode of `want`
/// (`CheckAccessModes`)?
fn modes_cover(have: &Value, want: &Value) -> bool {
    let have: Vec<&str> = have
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    want.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .all(|m| have.contains(&m))
}

/// A storage quantity in nano-units, or None when it does not parse.
fn storage_of(v: Option<&Value>) -> Option<i128> {
    v.and_then(crate::api::validation::quantity_nano)
}

/// The claims a pod spec mounts.
pub fn claims_in(spec: &Value) -> Vec<String> {
    spec.get("volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| {
            v.pointer("/persistentVolumeClaim/claimName")
                .and_then(Value::as_str)
        })
        .map(str::to_string)
        .collect()
}

impl Cluster {
    pub(crate) fn write_pvc(&mut self, mut p: PersistentVolumeClaim) {
        p.metadata.resource_version = self.store.next_resource_version();
        let key = p.metadata.key();
        let added = !self.store.pvcs.contains(&key);
        self.store.pvcs.put(p);
        self.watched("PersistentVolumeClaim", &key, false);
        self.claim_event(&key, added);
    }

    pub(crate) fn write_pv(&mut self, mut p: PersistentVolume) {
        p.metadata.resource_version = self.store.next_resource_version();
        let key = p.metadata.key();
        self.store.pvs.put(p);
        self.watched("PersistentVolume", &key, false);
        self.volume_event();
    }

    /// Removes a claim; its dynamically provisioned volume is reclaimed (Delete). StatefulSets of
    /// the namespace look again (a pod may have waited for the claim to go).
    pub(crate) fn remove_pvc(&mut self, key: &ObjKey) {
        self.watched("PersistentVolumeClaim", key, true);
        let Some(p) = self.store.pvcs.remove(key) else {
            return;
        };
        self.store.next_resource_version();
        self.release_volume(&ObjKey::new("", p.volume_name()));
        let sets: Vec<ObjKey> = self
            .store
            .statefulsets
            .in_namespace(key.namespace())
            .map(|s| s.metadata.key())
            .collect();
        for k in sets {
            self.statefulset_queue.add(k);
        }
    }

    /// The bound claim is gone (`syncVolume`): a Retain (or Recycle) volume goes Released and
    /// keeps its claimRef; a Delete volume is deleted (`reclaimVolume`) — by the provisioner
    /// that made it, or by an in-tree plugin (`deleteVolumeOperation`: the hostPath deleter
    /// removes only paths under /tmp/, else the volume is Failed with VolumeFailedDelete); a
    /// volume already being deleted is let go by pv-protection, as it is no longer Bound.
    fn release_volume(&mut self, pv: &ObjKey) {
        let Some(mut v) = self.store.pvs.get(pv).cloned() else {
            return;
        };
        let policy = v
            .spec
            .get("persistentVolumeReclaimPolicy")
            .and_then(Value::as_str)
            .unwrap_or("Retain");
        let now = crate::kubectl::printers::timefmt::rfc3339(self.now);
        let provisioned = v
            .metadata
            .annotations
            .contains_key("pv.kubernetes.io/provisioned-by");
        if policy == "Delete" && !provisioned && v.metadata.deletion_timestamp.is_none() {
            let failure = match v.spec.pointer("/hostPath/path").and_then(Value::as_str) {
                // hostPathDeleter.Delete: regexp `/tmp/.+`, unanchored
                Some(p) if p.find("/tmp/").is_some_and(|i| p.len() > i + 5) => None,
                Some(p) => Some(format!(
                    "host_path deleter only supports /tmp/.+ but received provided {p}"
                )),
                None => Some("no deletable volume plugin matched".to_string()),
            };
            if let Some(msg) = failure {
                v.status = json!({"lastPhaseTransitionTime": now, "message": msg.clone(), "phase": "Failed"});
                let inv = involved(&v, "v1");
                self.write_pv(v);
                self.record_event(
                    inv,
                    "Warning",
                    "VolumeFailedDelete",
                    msg,
                    "persistentvolume-controller",
                    None,
                );
                return;
            }
        }
        if policy == "Delete" || v.metadata.deletion_timestamp.is_some() {
            self.watched("PersistentVolume", pv, true);
            if self.store.pvs.remove(pv).is_some() {
                self.store.next_resource_version();
            }
            return;
        }
        v.status = json!({"lastPhaseTransitionTime": now, "phase": "Released"});
        self.write_pv(v);
    }

    /// Admission of a new claim (DefaultStorageClass, StorageObjectInUseProtection) and the PV
    /// controller's first look at it.
    pub(crate) fn admit_pvc(&mut self, p: &mut PersistentVolumeClaim) {
        if p.spec.get("storageClassName").is_none() {
            p.spec["storageClassName"] = json!(STORAGE_CLASS);
        }
        p.metadata.finalizers.push(PVC_PROTECTION.into());
        if p.spec["storageClassName"] == STORAGE_CLASS {
            self.record_event(
                involved(p, "v1"),
                "Normal",
                "WaitForFirstConsumer",
                "waiting for first consumer to be created before binding".into(),
                "persistentvolume-controller",
                None,
            );
        }
    }

    /// A new volume (`kubectl create` of a PersistentVolume).
    /// The API server adds pv-protection (StorageObjectInUseProtection) and stamps the phase
    /// change; the PV controller's first `syncVolume` finds no claimRef and makes it Available.
    /// A volume pre-bound to a claim (`spec.claimRef`) stays Available until the claim binds.
    pub(crate) fn admit_pv(&mut self, p: &mut PersistentVolume) {
        if !p.metadata.finalizers.iter().any(|f| f == PV_PROTECTION) {
            p.metadata.finalizers.push(PV_PROTECTION.into());
        }
        let now = crate::kubectl::printers::timefmt::rfc3339(self.now);
        p.status = json!({"lastPhaseTransitionTime": now, "phase": "Available"});
    }

    /// `syncUnboundClaim` for a claim that does not wait for the `standard` provisioner: bind
    /// it to the best Available volume, or say why not (FailedBinding when no class is set,
    /// `provisionClaim`'s ProvisioningFailed for a class that does not exist), then look again
    /// at the next resync.
    pub(crate) fn sync_unbound_claim(&mut self, key: &ObjKey) {
        let Some(pvc) = self.store.pvcs.get(key).cloned() else {
            return;
        };
        if !pvc.volume_name().is_empty()
            || pvc.spec["storageClassName"] == STORAGE_CLASS
            || pvc.metadata.deletion_timestamp.is_some()
        {
            return;
        }
        match self.best_volume_for(&pvc) {
            Some(pv) => self.bind_static(pvc, &pv),
            None => {
                let class = pvc
                    .spec
                    .get("storageClassName")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let inv = involved(&pvc, "v1");
                if class.is_empty() {
                    self.record_event(
                        inv,
                        "Normal",
                        "FailedBinding",
                        "no persistent volumes available for this claim and no storage class is set".into(),
                        "persistentvolume-controller",
                        None,
                    );
                } else {
                    self.record_event(
                        inv,
                        "Warning",
                        "ProvisioningFailed",
                        format!("storageclass.storage.k8s.io \"{class}\" not found"),
                        "persistentvolume-controller",
                        None,
                    );
                }
                self.after(
                    CLAIM_RESYNC_MS,
                    crate::sim::Timer::ClaimResync {
                        claim: key.clone(),
                        uid: pvc.metadata.uid.clone(),
                    },
                );
            }
        }
    }

    /// The resync of an unbound claim (its UID ends the chain once it is gone or replaced).
    pub(crate) fn claim_resync(&mut self, key: &ObjKey, uid: &str) {
        if self
            .store
            .pvcs
            .get(key)
            .is_some_and(|p| p.metadata.uid == uid)
        {
            self.sync_unbound_claim(key);
        }
    }

    /// Whether the next resync of this claim would bind it (a volume for it exists now).
    pub(crate) fn claim_would_bind(&self, key: &ObjKey) -> bool {
        self.store
            .pvcs
            .get(key)
            .is_some_and(|p| p.volume_name().is_empty() && self.best_volume_for(p).is_some())
    }

    /// `findBestMatchForClaim` / `FindMatchingVolume` (pkg/controller/volume/persistentvolume/
    /// util): a volume pre-bound to this claim wins; otherwise the smallest Available volume of
    /// the claim's class and volume mode whose capacity covers the request and whose access
    /// modes include the claim's (ties go to the first name, the index's order). Volumes being
    /// deleted, bound or pre-bound to another claim are skipped.
    fn best_volume_for(&self, pvc: &PersistentVolumeClaim) -> Option<String> {
        let class = pvc
            .spec
            .get("storageClassName")
            .and_then(Value::as_str)
            .unwrap_or("");
        let mode = pvc
            .spec
            .get("volumeMode")
            .and_then(Value::as_str)
            .unwrap_or("Filesystem");
        let want = storage_of(pvc.spec.pointer("/resources/requests/storage")).unwrap_or(0);
        let modes = pvc.spec.get("accessModes").cloned().unwrap_or(json!([]));
        let selector = pvc.spec.get("selector").filter(|s| !s.is_null());
        let (ns, name) = (pvc.metadata.namespace.as_str(), pvc.metadata.name.as_str());
        let mut best: Option<(i128, String)> = None;
        for pv in self.store.pvs.iter() {
            if pv.metadata.deletion_timestamp.is_some() {
                continue;
            }
            let size = storage_of(pv.spec.pointer("/capacity/storage")).unwrap_or(0);
            let fits = pv
                .spec
                .get("storageClassName")
                .and_then(Value::as_str)
                .unwrap_or("")
                == class
                && pv
                    .spec
                    .get("volumeMode")
                    .and_then(Value::as_str)
                    .unwrap_or("Filesystem")
                    == mode
                && size >= want
                && modes_cover(pv.spec.get("accessModes").unwrap_or(&Value::Null), &modes);
            if let Some(r) = pv.spec.get("claimRef").filter(|r| !r.is_null()) {
                let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("");
                let mine = s("namespace") == ns
                    && s("name") == name
                    && (s("uid").is_empty() || s("uid") == pvc.metadata.uid.as_str());
                if mine && fits {
                    return Some(pv.metadata.name.clone());
                }
                continue;
            }
            if pv.status.get("phase").and_then(Value::as_str) != Some("Available") {
                continue;
            }
            // a claim with a selector takes only volumes its matchLabels select
            let selected = selector.is_none_or(|sel| {
                sel.get("matchLabels")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .all(|(k, v)| pv.metadata.labels.get(k).map(String::as_str) == v.as_str())
                    && sel.get("matchExpressions").is_none()
            });
            if fits && selected && best.as_ref().is_none_or(|(b, _)| size < *b) {
                best = Some((size, pv.metadata.name.clone()));
            }
        }
        best.map(|(_, n)| n)
    }

    /// `bind`: the volume gets the claimRef (`bindVolumeToClaim`, annotated bound-by-controller)
    /// and goes Bound; the claim gets `spec.volumeName` (`bindClaimToVolume`: bind-completed,
    /// bound-by-controller) and the volume's access modes and capacity in its Bound status.
    fn bind_static(&mut self, mut pvc: PersistentVolumeClaim, pv_name: &str) {
        let Some(mut pv) = self.store.pvs.get(&ObjKey::new("", pv_name)).cloned() else {
            return;
        };
        let now = crate::kubectl::printers::timefmt::rfc3339(self.now);
        let user_ref = pv.spec.get("claimRef").is_some_and(|r| !r.is_null());
        pv.spec["claimRef"] = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "name": pvc.metadata.name.as_str(), "namespace": pvc.metadata.namespace.as_str(),
            "resourceVersion": pvc.metadata.resource_version.to_string(),
            "uid": pvc.metadata.uid.as_str()});
        if !user_ref {
            pv.metadata
                .annotations
                .insert(BOUND_BY_CONTROLLER.into(), "yes".into());
        }
        pv.status = json!({"lastPhaseTransitionTime": now, "phase": "Bound"});
        let (modes, capacity) = (
            pv.spec.get("accessModes").cloned().unwrap_or(json!([])),
            pv.spec.get("capacity").cloned().unwrap_or(json!({})),
        );
        self.write_pv(pv);
        pvc.spec["volumeName"] = json!(pv_name);
        for k in [BIND_COMPLETED, BOUND_BY_CONTROLLER] {
            pvc.metadata.annotations.insert(k.into(), "yes".into());
        }
        pvc.status = json!({"accessModes": modes, "capacity": capacity, "phase": "Bound"});
        self.write_pvc(pvc);
    }

    /// pvc-protection's `podUsesPVC`: only a scheduled pod holds its claims (the kubelet sees
    /// a pod once it is bound, and will not start one whose claim is being deleted).
    fn claim_in_use(&self, ns: &str, name: &str) -> bool {
        self.store.pods.in_namespace(ns).any(|p| {
            p.node_name.is_some()
                && !p.status.phase.is_terminal()
                && claims_in(&p.spec).iter().any(|c| c == name)
        })
    }

    /// Deletes a claim; while a pod uses it, pvc-protection keeps it Terminating.
    pub(crate) fn delete_pvc(&mut self, key: &ObjKey) {
        let Some(mut p) = self.store.pvcs.get(key).cloned() else {
            return;
        };
        if !self.claim_in_use(key.namespace(), key.name()) {
            self.remove_pvc(key);
            return;
        }
        if p.metadata.deletion_timestamp.is_none() {
            p.metadata.deletion_timestamp = Some(self.now);
            p.metadata.deletion_grace_period_seconds = Some(0);
            self.write_pvc(p);
        }
    }

    /// Deletes a volume; while bound to an existing claim, pv-protection keeps it Terminating.
    pub(crate) fn delete_pv(&mut self, key: &ObjKey) {
        let Some(mut p) = self.store.pvs.get(key).cloned() else {
            return;
        };
        let claim = ObjKey::new(
            p.spec
                .pointer("/claimRef/namespace")
                .and_then(Value::as_str)
                .unwrap_or(""),
            p.spec
                .pointer("/claimRef/name")
                .and_then(Value::as_str)
                .unwrap_or(""),
        );
        if !self.store.pvcs.contains(&claim) {
            self.watched("PersistentVolume", key, true);
            if self.store.pvs.remove(key).is_some() {
                self.store.next_resource_version();
            }
            return;
        }
        if p.metadata.deletion_timestamp.is_none() {
            p.metadata.deletion_timestamp = Some(self.now);
            p.metadata.deletion_grace_period_seconds = Some(0);
            self.write_pv(p);
        }
    }

    /// A pod left the API: claims it kept alive (Terminating) go, and claims it owned (a
    /// StatefulSet's `whenScaled: Delete`) are collected.
    pub(crate) fn pod_removed_from_claims(&mut self, pod: &Pod) {
        if self.store.pvcs.is_empty() {
            return;
        }
        let ns = pod.metadata.namespace.clone();
        for c in claims_in(&pod.spec) {
            let key = ObjKey::new(ns.clone(), c);
            let terminating = self
                .store
                .pvcs
                .get(&key)
                .is_some_and(|p| p.metadata.deletion_timestamp.is_some());
            if terminating && !self.claim_in_use(&ns, key.name()) {
                self.remove_pvc(&key);
            }
        }
        for k in self.store.pvcs.owned_by(&pod.metadata.uid) {
            self.delete_pvc(&k);
        }
    }

    /// The scheduler's VolumeBinding filter: why `node` cannot take the pod's claims.
    pub(crate) fn volume_misfit(&self, pod: &Pod, node: &str) -> Option<String> {
        for c in claims_in(&pod.spec) {
            let key = ObjKey::new(pod.metadata.namespace.clone(), c.clone());
            let Some(pvc) = self.store.pvcs.get(&key) else {
                return Some(format!("persistentvolumeclaim \"{c}\" not found"));
            };
            if pvc.metadata.deletion_timestamp.is_some() {
                return Some(format!("persistentvolumeclaim \"{c}\" is being deleted"));
            }
            let bound = self.store.pvs.get(&ObjKey::new("", pvc.volume_name()));
            match bound {
                Some(pv) => {
                    if pv.node().is_some_and(|n| n != node) {
                        return Some("node(s) had volume node affinity conflict".into());
                    }
                }
                None if pvc.spec["storageClassName"] == STORAGE_CLASS => {
                    if pvc
                        .metadata
                        .annotations
                        .get(SELECTED_NODE)
                        .is_some_and(|n| n != node)
                    {
                        return Some("node(s) had volume node affinity conflict".into());
                    }
                }
                None => return Some("pod has unbound immediate PersistentVolumeClaims".into()),
            }
        }
        None
    }

    /// The pod is being bound to `node`: its unbound `standard` claims are provisioned there
    /// first. Returns true when the pod must wait for that (the scheduler binds it when the
    /// volumes are bound, [`PROVISION_MS`] later).
    pub(crate) fn provision_claims(&mut self, pod: &Pod, node: &str) -> bool {
        let mut waiting = false;
        for c in claims_in(&pod.spec) {
            let key = ObjKey::new(pod.metadata.namespace.clone(), c);
            let Some(mut pvc) = self.store.pvcs.get(&key).cloned() else {
                continue;
            };
            if !pvc.volume_name().is_empty() || pvc.spec["storageClassName"] != STORAGE_CLASS {
                continue;
            }
            waiting = true;
            if pvc.metadata.annotations.contains_key(SELECTED_NODE) {
                continue;
            }
            let inv = involved(&pvc, "v1");
            self.record_event(inv.clone(), "Normal", "ExternalProvisioning", format!("Waiting for a volume to be created either by the external provisioner '{PROVISIONER}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."), "persistentvolume-controller", None);
            self.record_event(
                inv,
                "Normal",
                "Provisioning",
                format!(
                    "External provisioner is provisioning volume for claim \"{}/{}\"",
                    key.namespace(),
                    key.name()
                ),
                PROVISIONER_ID,
                None,
            );
            for (k, v) in [
                ("volume.beta.kubernetes.io/storage-provisioner", PROVISIONER),
                (SELECTED_NODE, node),
                ("volume.kubernetes.io/storage-provisioner", PROVISIONER),
            ] {
                pvc.metadata.annotations.insert(k.into(), v.into());
            }
            self.write_pvc(pvc);
        }
        if waiting {
            self.after(
                PROVISION_MS,
                crate::sim::Timer::ClaimsProvisioned {
                    pod: pod.metadata.key(),
                    uid: pod.metadata.uid.clone(),
                },
            );
        }
        waiting
    }

    /// The provisioner is done: each of the pod's claims that waits for it gets its volume on
    /// the selected node and is bound; the scheduler then binds the pod.
    pub(crate) fn claims_provisioned(&mut self, key: &ObjKey, uid: &str) {
        let Some(pod) = self
            .store
            .pods
            .get(key)
            .filter(|p| p.metadata.uid == uid)
            .cloned()
        else {
            return;
        };
        for c in claims_in(&pod.spec) {
            let key = ObjKey::new(pod.metadata.namespace.clone(), c);
            let Some(mut pvc) = self.store.pvcs.get(&key).cloned() else {
                continue;
            };
            let Some(node) = pvc.metadata.annotations.get(SELECTED_NODE).cloned() else {
                continue;
            };
            if !pvc.volume_name().is_empty() {
                continue;
            }
            let uid = pvc.metadata.uid.clone();
            let (ns, name) = (key.namespace(), key.name());
            let pv_name = format!("pvc-{uid}");
            let storage = pvc
                .spec
                .pointer("/resources/requests/storage")
                .cloned()
                .unwrap_or(json!("0"));
            let modes = pvc.spec.get("accessModes").cloned().unwrap_or(json!([]));
            let mode = pvc
                .spec
                .get("volumeMode")
                .cloned()
                .unwrap_or(json!("Filesystem"));
            let mut meta = self.new_meta("", &pv_name);
            meta.generation = 0;
            meta.annotations
                .insert("local.path.provisioner/selected-node".into(), node.clone());
            meta.annotations
                .insert("pv.kubernetes.io/provisioned-by".into(), PROVISIONER.into());
            meta.finalizers.push(PV_PROTECTION.into());
            let spec = json!({
                "accessModes": modes, "capacity": {"storage": storage},
                "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": name, "namespace": ns,
                             "resourceVersion": pvc.metadata.resource_version.to_string(), "uid": uid},
                "hostPath": {"path": format!("/var/local-path-provisioner/{pv_name}_{ns}_{name}"), "type": "DirectoryOrCreate"},
                "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}},
                "persistentVolumeReclaimPolicy": "Delete", "storageClassName": STORAGE_CLASS, "volumeMode": mode});
            let now = crate::kubectl::printers::timefmt::rfc3339(self.now);
            self.write_pv(PersistentVolume {
                metadata: meta,
                spec,
                status: json!({"lastPhaseTransitionTime": now, "phase": "Bound"}),
            });
            self.record_event(
                involved(&pvc, "v1"),
                "Normal",
                "ProvisioningSucceeded",
                format!("Successfully provisioned volume {pv_name}"),
                PROVISIONER_ID,
                None,
            );
            for k in [
                "pv.kubernetes.io/bind-completed",
                "pv.kubernetes.io/bound-by-controller",
            ] {
                pvc.metadata.annotations.insert(k.into(), "yes".into());
            }
            pvc.spec["volumeName"] = json!(pv_name);
            pvc.status = json!({"accessModes": pvc.spec.get("accessModes").cloned().unwrap_or(json!([])),
                                "capacity": {"storage": storage},
                                "phase": "Bound"});
            self.write_pvc(pvc);
        }
        self.schedule_queue.add(key.clone());
    }
}
