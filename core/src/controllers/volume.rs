//! Storage: the default StorageClass `standard` (kind's local-path provisioner, binding mode
//! WaitForFirstConsumer, reclaim policy Delete), PVC admission, provisioning and binding when
//! the first pod using a claim is scheduled, the pvc/pv-protection finalizers, and reclaiming.

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
        let pv = ObjKey::new("", p.volume_name());
        self.watched("PersistentVolume", &pv, true);
        if self.store.pvs.remove(&pv).is_some() {
            self.store.next_resource_version();
        }
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
    pub(crate) fn admit_pv(&mut self, p: &mut PersistentVolume) {
        p.metadata.finalizers.push(PV_PROTECTION.into());
        p.status = json!({"phase": "Available"});
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
