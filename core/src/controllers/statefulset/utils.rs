//! Helpers of upstream `stateful_set_utils.go`: ordinals and names, pod identity and storage,
//! health predicates, and the PVC retention policy's owner references (spec §1.5, §7, §8.4–§8.6).

use crate::api::{
    ObjectMeta, OwnerReference, PersistentVolumeClaim, Pod, PodIdentity, PodPhase, PodStatus,
    PodTemplateSpec, StatefulSet, Time,
};
use crate::controllers::replicaset::controller_ref;
use serde_json::{json, Value};
use std::rc::Rc;

pub const REVISION_LABEL: &str = "controller-revision-hash";
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// A pod as one sync sees it: stored in the API, or a placeholder not created yet (upstream's
/// pods with an empty phase).
#[derive(Debug, Clone)]
pub struct Member {
    pub pod: Pod,
    pub created: bool,
}

/// `getParentNameAndOrdinal`: `^(.*)-([0-9]+)$`; (\"\", -1) when the name does not match, and
/// ordinal -1 when the digits overflow an int32.
pub fn parent_and_ordinal(name: &str) -> (&str, i64) {
    match name.rfind('-') {
        Some(i) if i + 1 < name.len() && name[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            let ord = name[i + 1..].parse::<i32>().map_or(-1, |v| v as i64);
            (&name[..i], ord)
        }
        _ => ("", -1),
    }
}

pub fn ordinal(pod: &Pod) -> i64 {
    parent_and_ordinal(&pod.metadata.name).1
}

pub fn is_member_of(set: &StatefulSet, pod: &Pod) -> bool {
    parent_and_ordinal(&pod.metadata.name).0 == set.metadata.name
}

pub fn end_ordinal(set: &StatefulSet) -> i64 {
    set.start_ordinal() + set.spec.replicas as i64 - 1
}

pub fn in_ordinal_range(set: &StatefulSet, ord: i64) -> bool {
    ord >= set.start_ordinal() && ord <= end_ordinal(set)
}

pub fn pod_name(set: &StatefulSet, ord: i64) -> String {
    format!("{}-{ord}", set.metadata.name)
}

/// `<claim template>-<set>-<ordinal>`.
pub fn claim_name(template: &str, set: &StatefulSet, ord: i64) -> String {
    format!("{template}-{}-{ord}", set.metadata.name)
}

fn template_name(t: &Value) -> &str {
    t.pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub fn is_running_and_ready(p: &Pod) -> bool {
    p.status.phase == PodPhase::Running && p.is_ready()
}

pub fn is_running_and_available(p: &Pod, min_ready: i32, now: Time) -> bool {
    p.is_available(min_ready, now)
}

pub fn is_terminating(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_some()
}

impl Member {
    pub fn healthy(&self) -> bool {
        self.created && is_running_and_ready(&self.pod) && !is_terminating(&self.pod)
    }

    pub fn revision(&self) -> &str {
        revision_of(&self.pod)
    }
}

pub fn revision_of(p: &Pod) -> &str {
    p.metadata
        .labels
        .get(REVISION_LABEL)
        .map_or("", String::as_str)
}

/// `identityMatches`.
pub fn identity_matches(set: &StatefulSet, p: &Pod) -> bool {
    let (parent, ord) = parent_and_ordinal(&p.metadata.name);
    ord >= 0
        && parent == set.metadata.name
        && p.metadata.name == pod_name(set, ord)
        && p.metadata.namespace == set.metadata.namespace
        && p.metadata.labels.get(POD_NAME_LABEL) == Some(&p.metadata.name)
}

fn volume_claim<'a>(spec: &'a Value, volume: &str) -> Option<&'a str> {
    spec.get("volumes")?
        .as_array()?
        .iter()
        .find(|v| v.get("name").and_then(Value::as_str) == Some(volume))?
        .pointer("/persistentVolumeClaim/claimName")?
        .as_str()
}

/// `storageMatches`: every claim template is mounted from this ordinal's claim.
pub fn storage_matches(set: &StatefulSet, p: &Pod) -> bool {
    let ord = ordinal(p);
    ord >= 0
        && set.spec.volume_claim_templates.iter().all(|t| {
            let name = template_name(t);
            volume_claim(&p.spec, name) == Some(claim_name(name, set, ord).as_str())
        })
}

/// The names of the claims a pod of this set mounts: (volume name, claim name).
pub fn claims_of(set: &StatefulSet, ord: i64) -> Vec<(String, String)> {
    set.spec
        .volume_claim_templates
        .iter()
        .map(|t| {
            let n = template_name(t);
            (n.to_string(), claim_name(n, set, ord))
        })
        .collect()
}

/// `getPersistentVolumeClaims` for one template: the claim a pod's ordinal gets, as JSON
/// (labels: template labels overlaid with the selector's matchLabels).
pub fn new_claim(set: &StatefulSet, template: &Value, ord: i64) -> Value {
    let mut claim = template.clone();
    let name = claim_name(template_name(template), set, ord);
    let meta = &mut claim["metadata"];
    meta["name"] = json!(name);
    meta["namespace"] = json!(set.metadata.namespace);
    let mut labels = meta
        .get("labels")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (k, v) in &set.spec.selector.match_labels {
        labels.insert(k.clone(), json!(v));
    }
    meta["labels"] = Value::Object(labels);
    if let Some(m) = meta.as_object_mut() {
        m.remove("creationTimestamp");
    }
    if let Some(o) = claim.as_object_mut() {
        o.remove("status");
    }
    claim
}

/// `updateStorage`: the set's claim volumes first (template order), then the pod's own others.
fn with_storage(set: &StatefulSet, spec: &Value, ord: i64) -> Value {
    let claims = claims_of(set, ord);
    let mut spec = spec.clone();
    let mut vols: Vec<Value> = claims
        .iter()
        .map(|(v, c)| json!({"name": v, "persistentVolumeClaim": {"claimName": c}}))
        .collect();
    for v in spec
        .get("volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let n = v.get("name").and_then(Value::as_str).unwrap_or("");
        if !claims.iter().any(|(c, _)| c == n) {
            vols.push(v.clone());
        }
    }
    if let Some(o) = spec.as_object_mut() {
        o.insert("volumes".into(), Value::Array(vols));
    }
    spec
}

/// `newStatefulSetPod` + `setPodRevision`: the pod for `ord` from `template`, not yet stored.
pub fn new_pod(set: &StatefulSet, template: &PodTemplateSpec, ord: i64, revision: &str) -> Pod {
    let name = pod_name(set, ord);
    let mut meta = ObjectMeta {
        name: name.clone(),
        generate_name: crate::api::shared_text(&format!("{}-", set.metadata.name)),
        namespace: set.metadata.namespace.clone(),
        labels: template.metadata.labels.clone(),
        annotations: template.metadata.annotations.clone(),
        ..Default::default()
    };
    meta.owner_references = vec![controller_ref(
        "apps/v1",
        "StatefulSet",
        &set.metadata.name,
        &set.metadata.uid,
    )]
    .into();
    meta.labels.insert(POD_NAME_LABEL.into(), name.clone());
    meta.labels.insert(POD_INDEX_LABEL.into(), ord.to_string());
    meta.labels.insert(REVISION_LABEL.into(), revision.into());
    let spec = crate::api::defaults::pod_spec_from_template(&template.spec);
    let spec = if set.spec.volume_claim_templates.is_empty() {
        spec
    } else {
        Rc::new(with_storage(set, &spec, ord))
    };
    Pod {
        metadata: meta,
        status: PodStatus::created(&spec),
        spec,
        node_name: None,
        identity: Some(Box::new(PodIdentity {
            hostname: Some(name),
            subdomain: Some(set.spec.service_name.clone()).filter(|s| !s.is_empty()),
        })),
    }
}

/// `updateIdentity` + `updateStorage` on an existing pod (UpdateStatefulPod's repairs).
pub fn repair(set: &StatefulSet, pod: &mut Pod) {
    let ord = ordinal(pod);
    pod.metadata
        .labels
        .insert(POD_NAME_LABEL.into(), pod.metadata.name.clone());
    pod.metadata
        .labels
        .insert(POD_INDEX_LABEL.into(), ord.to_string());
    if !storage_matches(set, pod) {
        pod.spec = Rc::new(with_storage(set, &pod.spec, ord));
    }
}

// ---------------------------------------------------------------- PVC retention (spec §8.6)

fn matches_ref(r: &OwnerReference, kind: &str, name: &str) -> bool {
    r.kind == kind && r.name == name
}

fn has_ref(claim: &PersistentVolumeClaim, uid: &str) -> bool {
    claim.metadata.owner_references.iter().any(|r| r.uid == uid)
}

/// `hasStaleOwnerRef`: a reference to an object of that kind and name but another UID.
pub fn has_stale_ref(claim: &PersistentVolumeClaim, kind: &str, name: &str, uid: &str) -> bool {
    claim
        .metadata
        .owner_references
        .iter()
        .find(|r| matches_ref(r, kind, name))
        .is_some_and(|r| r.uid != uid)
}

fn has_unexpected_controller(claim: &PersistentVolumeClaim, set: &StatefulSet, pod: &Pod) -> bool {
    if set.retention() == ("Retain", "Retain") {
        return false;
    }
    for r in &claim.metadata.owner_references {
        if matches_ref(r, "StatefulSet", &set.metadata.name) {
            if r.uid != set.metadata.uid {
                return true;
            }
            continue;
        }
        if matches_ref(r, "Pod", &pod.metadata.name) {
            if r.uid != pod.metadata.uid {
                return true;
            }
            continue;
        }
        if r.is_controller() {
            return true;
        }
    }
    false
}

/// `isClaimOwnerUpToDate` (v1.32+: the set and pod references are controller references).
pub fn claim_owner_up_to_date(claim: &PersistentVolumeClaim, set: &StatefulSet, pod: &Pod) -> bool {
    if has_stale_ref(claim, "StatefulSet", &set.metadata.name, &set.metadata.uid)
        || has_stale_ref(claim, "Pod", &pod.metadata.name, &pod.metadata.uid)
    {
        return true;
    }
    let (set_ref, pod_ref) = (
        has_ref(claim, &set.metadata.uid),
        has_ref(claim, &pod.metadata.uid),
    );
    if has_unexpected_controller(claim, set, pod) {
        return !(set_ref || pod_ref);
    }
    let non_controller =
        claim.metadata.owner_references.iter().any(|r| {
            (r.uid == set.metadata.uid || r.uid == pod.metadata.uid) && !r.is_controller()
        });
    if non_controller {
        return false;
    }
    let scaled_down = !in_ordinal_range(set, ordinal(pod));
    match set.retention() {
        ("Delete", "Retain") => set_ref && !pod_ref,
        ("Retain", "Delete") => !set_ref && scaled_down == pod_ref,
        ("Delete", "Delete") => scaled_down != set_ref && scaled_down == pod_ref,
        _ => !set_ref && !pod_ref,
    }
}

/// `updateClaimOwnerRefForSetAndPod`: scrubs the set's and pod's references and adds the ones
/// the policy wants, as controller references.
pub fn update_claim_owner_refs(claim: &mut PersistentVolumeClaim, set: &StatefulSet, pod: &Pod) {
    let unexpected = has_unexpected_controller(claim, set, pod);
    let refs = &mut claim.metadata.owner_references;
    refs.retain(|r| {
        !matches_ref(r, "StatefulSet", &set.metadata.name)
            && !matches_ref(r, "Pod", &pod.metadata.name)
    });
    if unexpected {
        return;
    }
    let scaled_down = !in_ordinal_range(set, ordinal(pod));
    let (set_ref, pod_ref) = match set.retention() {
        ("Delete", "Retain") => (true, false),
        ("Retain", "Delete") => (false, scaled_down),
        ("Delete", "Delete") => (!scaled_down, scaled_down),
        _ => (false, false),
    };
    if set_ref {
        refs.push(controller_ref(
            "apps/v1",
            "StatefulSet",
            &set.metadata.name,
            &set.metadata.uid,
        ));
    }
    if pod_ref {
        refs.push(controller_ref(
            "v1",
            "Pod",
            &pod.metadata.name,
            &pod.metadata.uid,
        ));
    }
}
