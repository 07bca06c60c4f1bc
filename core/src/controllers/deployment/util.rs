//! Deployment arithmetic and helpers (upstream `deployment/util/deployment_util.go`, spec §5):
//! fenceposts, new-RS sizing, proportional fractions, revisions, conditions and predicates.

use crate::api::{
    Deployment, DeploymentCondition, DeploymentStatus, IntOrString, PodTemplateSpec, ReplicaSet,
    Time,
};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

pub const REVISION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
pub const ROLLBACK_TO: &str = "deprecated.deployment.rollback.to";
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const CHANGE_CAUSE: &str = "kubernetes.io/change-cause";
pub const POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// Most characters `revision-history` may hold.
const REVISION_HISTORY_MAX: usize = 2000;
/// "No deadline" sentinel of progressDeadlineSeconds.
pub const MAX_INT32: i32 = i32::MAX;

/// Annotations never copied from a Deployment to its ReplicaSets (spec §2).
pub const SKIP_ANNOTATIONS: [&str; 6] = [
    LAST_APPLIED,
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
    ROLLBACK_TO,
];

pub fn is_rolling(d: &Deployment) -> bool {
    d.spec.strategy.type_ == "RollingUpdate"
}

/// ResolveFenceposts (spec §5.2): surge rounds up, unavailable down; both 0 → unavailable 1.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let zero = IntOrString::Int(0);
    let surge = max_surge.unwrap_or(&zero).scaled_value(desired, true)?;
    let unavailable = max_unavailable
        .unwrap_or(&zero)
        .scaled_value(desired, false)?;
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

fn fenceposts(d: &Deployment) -> (i32, i32) {
    let ru = d.spec.strategy.rolling_update.clone().unwrap_or_default();
    resolve_fenceposts(
        ru.max_surge.as_ref(),
        ru.max_unavailable.as_ref(),
        d.spec.replicas,
    )
    .unwrap_or((0, 0))
}

/// MaxSurge(d): 0 unless RollingUpdate.
pub fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling(d) {
        return 0;
    }
    fenceposts(d).0
}

/// MaxUnavailable(d): 0 unless RollingUpdate with replicas > 0; never more than replicas.
pub fn max_unavailable(d: &Deployment) -> i32 {
    if !is_rolling(d) || d.spec.replicas == 0 {
        return 0;
    }
    fenceposts(d).1.min(d.spec.replicas)
}

/// MinAvailable(d).
pub fn min_available(d: &Deployment) -> i32 {
    if !is_rolling(d) {
        return 0;
    }
    d.spec.replicas - max_unavailable(d)
}

/// NewRSNewReplicas (spec §5.3). Note: surge here is not fencepost-corrected.
pub fn new_rs_new_replicas(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
) -> Result<i32, String> {
    match d.spec.strategy.type_.as_str() {
        "RollingUpdate" => {
            let ru = d.spec.strategy.rolling_update.clone().unwrap_or_default();
            let surge = ru
                .max_surge
                .unwrap_or(IntOrString::Int(0))
                .scaled_value(d.spec.replicas, true)?;
            // int32 arithmetic as in Go (wrapping near 2^31, where the real controller then
            // never scales up)
            let current: i32 = all_rss
                .iter()
                .fold(0i32, |a, r| a.wrapping_add(r.spec.replicas));
            let max_total = d.spec.replicas.wrapping_add(surge);
            if current >= max_total {
                return Ok(new_rs.spec.replicas);
            }
            let scale_up = max_total
                .wrapping_sub(current)
                .min(d.spec.replicas.wrapping_sub(new_rs.spec.replicas));
            Ok(new_rs.spec.replicas.wrapping_add(scale_up))
        }
        "Recreate" => Ok(d.spec.replicas),
        other => Err(format!("deployment type {other:?} isn't supported")),
    }
}

/// Non-negative int32 annotation (spec §5.4 [modern]); anything else counts as missing.
pub fn non_negative_int32_annotation(rs: &ReplicaSet, key: &str) -> Option<i32> {
    rs.metadata
        .annotations
        .get(key)?
        .parse::<i32>()
        .ok()
        .filter(|v| *v >= 0)
}

/// getReplicaSetFraction (spec §5.4).
pub fn replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    if d.spec.replicas == 0 {
        return -rs.spec.replicas;
    }
    let deployment_max = d.spec.replicas as i64 + max_surge(d) as i64;
    let before = match non_negative_int32_annotation(rs, MAX_REPLICAS) {
        Some(v) if v != 0 => v as i64,
        _ => {
            if d.status.replicas == 0 {
                return 0;
            }
            d.status.replicas as i64
        }
    };
    let x = rs.spec.replicas as f64 * deployment_max as f64 / before as f64;
    let rounded = if x < 0.0 {
        (x - 0.5).trunc()
    } else {
        (x + 0.5).trunc()
    };
    rounded as i32 - rs.spec.replicas
}

/// GetReplicaSetProportion (spec §5.4).
pub fn replica_set_proportion(rs: &ReplicaSet, d: &Deployment, to_add: i32, added: i32) -> i32 {
    if rs.spec.replicas == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// Revision number of an RS; None when absent or unparsable.
pub fn revision_of(rs: &ReplicaSet) -> Option<i64> {
    rs.metadata.annotations.get(REVISION)?.parse().ok()
}

/// MaxRevision over RSs (absent annotation counts as 0).
pub fn max_revision(rss: &[&ReplicaSet]) -> i64 {
    rss.iter()
        .filter_map(|r| revision_of(r).or(Some(0)))
        .max()
        .unwrap_or(0)
}

/// LastRevision: the second-highest revision.
pub fn last_revision(rss: &[&ReplicaSet]) -> i64 {
    let (mut max, mut sec) = (0i64, 0i64);
    for r in rss {
        let Some(v) = revision_of(r) else { continue };
        if v >= max {
            sec = max;
            max = v;
        } else if v > sec {
            sec = v;
        }
    }
    sec
}

/// EqualIgnoreHash: templates equal once `pod-template-hash` is dropped from both label sets.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    if a.spec != b.spec
        || a.metadata.annotations != b.metadata.annotations
        || a.metadata.extra != b.metadata.extra
    {
        return false;
    }
    let strip = |t: &PodTemplateSpec| {
        let mut l = t.metadata.labels.clone();
        l.remove(POD_TEMPLATE_HASH);
        l
    };
    strip(a) == strip(b)
}

/// SafeEncodeString over the decimal digits of a u32 (spec §1.2).
pub fn safe_encode(n: u32) -> String {
    const ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";
    n.to_string()
        .bytes()
        .map(|c| ALPHABET[(c as usize) % 27] as char)
        .collect()
}

/// The pod-template-hash (PRODUCT §4.3): SHA-256 of the template's canonical JSON (sorted keys),
/// plus the collision count as in ComputeHash, first 4 bytes as u32, SafeEncoded.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(template).unwrap_or_default());
    if let Some(c) = collision_count {
        h.update((c as u32).to_le_bytes());
        h.update([0u8; 4]);
    }
    let d = h.finalize();
    safe_encode(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
}

/// ByCreationTimestamp: oldest first, then name.
pub fn by_creation(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    (a.metadata.creation_timestamp / 1000, &a.metadata.name)
        .cmp(&(b.metadata.creation_timestamp / 1000, &b.metadata.name))
}

/// `deploymentutil.Revision`: a missing annotation is revision 0; an unparsable one is an error.
fn revision_or_zero(rs: &ReplicaSet) -> Option<i64> {
    match rs.metadata.annotations.get(REVISION) {
        None => Some(0),
        Some(v) => v.parse().ok(),
    }
}

/// ByRevision ascending; unparsable or equal revisions fall back to creation order.
pub fn by_revision(a: &ReplicaSet, b: &ReplicaSet) -> Ordering {
    match (revision_or_zero(a), revision_or_zero(b)) {
        (Some(x), Some(y)) if x != y => x.cmp(&y),
        _ => by_creation(a, b),
    }
}

/// SetNewReplicaSetAnnotations' copy step: every Deployment annotation outside the skip set,
/// when absent or different on the RS. Returns whether anything changed.
pub fn copy_deployment_annotations(d: &Deployment, rs: &mut ReplicaSet) -> bool {
    let mut changed = false;
    for (k, v) in &d.metadata.annotations {
        if SKIP_ANNOTATIONS.contains(&k.as_str()) {
            continue;
        }
        if rs.metadata.annotations.get(k) != Some(v) {
            rs.metadata.annotations.insert(k.clone(), v.clone());
            changed = true;
        }
    }
    changed
}

/// SetNewReplicaSetAnnotations (spec §4.3): copy annotations, raise the revision, keep history.
pub fn set_new_replica_set_annotations(
    d: &Deployment,
    rs: &mut ReplicaSet,
    new_revision: &str,
    exists: bool,
) -> bool {
    let old = rs.metadata.annotations.get(REVISION).cloned();
    // An RS whose revision does not parse is left alone (upstream logs and returns false).
    let Some(old_num) = revision_or_zero(rs) else {
        return false;
    };
    let mut changed = copy_deployment_annotations(d, rs);
    let new_num: i64 = new_revision.parse().unwrap_or(0);
    if old_num < new_num {
        rs.metadata
            .annotations
            .insert(REVISION.into(), new_revision.to_string());
        changed = true;
    }
    if let (Some(old), true) = (old, old_num < new_num) {
        let mut history: Vec<String> = rs
            .metadata
            .annotations
            .get(REVISION_HISTORY)
            .map(|h| {
                h.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        history.push(old);
        let mut joined = history.join(",");
        while joined.len() > REVISION_HISTORY_MAX && history.len() > 1 {
            history.remove(0);
            joined = history.join(",");
        }
        if joined.len() <= REVISION_HISTORY_MAX {
            rs.metadata
                .annotations
                .insert(REVISION_HISTORY.into(), joined);
        }
    }
    if !exists {
        rs.metadata
            .annotations
            .insert(DESIRED_REPLICAS.into(), d.spec.replicas.to_string());
        rs.metadata.annotations.insert(
            MAX_REPLICAS.into(),
            d.spec.replicas.wrapping_add(max_surge(d)).to_string(),
        );
        changed = true;
    }
    changed
}

/// ReplicasAnnotationsNeedUpdate (spec §5.5).
pub fn replicas_annotations_need_update(rs: &ReplicaSet, desired: i32, max: i32) -> bool {
    rs.metadata.annotations.get(DESIRED_REPLICAS) != Some(&desired.to_string())
        || rs.metadata.annotations.get(MAX_REPLICAS) != Some(&max.to_string())
}

/// IsSaturated (spec §5.5).
pub fn is_saturated(d: &Deployment, rs: Option<&ReplicaSet>) -> bool {
    let Some(rs) = rs else { return false };
    let Some(desired) = rs
        .metadata
        .annotations
        .get(DESIRED_REPLICAS)
        .and_then(|v| v.parse::<i32>().ok())
    else {
        return false;
    };
    rs.spec.replicas == d.spec.replicas
        && desired == d.spec.replicas
        && rs.status.available_replicas == d.spec.replicas
}

pub fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec
        .progress_deadline_seconds
        .is_some_and(|s| s != MAX_INT32)
}

/// DeploymentComplete (spec §4.8).
pub fn deployment_complete(d: &Deployment, s: &DeploymentStatus) -> bool {
    s.updated_replicas == d.spec.replicas
        && s.replicas == d.spec.replicas
        && s.available_replicas == d.spec.replicas
        && s.observed_generation >= d.metadata.generation
}

/// DeploymentProgressing (spec §4.8): compares the new status with the stored one.
pub fn deployment_progressing(d: &Deployment, new: &DeploymentStatus) -> bool {
    let old = &d.status;
    new.updated_replicas > old.updated_replicas
        || (new.replicas - new.updated_replicas) < (old.replicas - old.updated_replicas)
        || new.ready_replicas > old.ready_replicas
        || new.available_replicas > old.available_replicas
}

/// DeploymentTimedOut (spec §4.8).
pub fn deployment_timed_out(d: &Deployment, new: &DeploymentStatus, now: Time) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(c) = new.condition("Progressing") else {
        return false;
    };
    match c.reason.as_str() {
        "NewReplicaSetAvailable" => false,
        "ProgressDeadlineExceeded" => true,
        _ => {
            let deadline = d.spec.progress_deadline_seconds.unwrap_or(0) as i64 * 1000;
            (c.last_update_time / 1000) * 1000 + deadline < now
        }
    }
}

/// A new condition stamped now.
pub fn condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
    now: Time,
) -> DeploymentCondition {
    DeploymentCondition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: now,
        last_transition_time: now,
        reason: reason.into(),
        message,
    }
}

/// SetDeploymentCondition (spec §4.8): same status and reason → untouched; same status →
/// keep lastTransitionTime; the replaced condition moves to the end.
pub fn set_condition(status: &mut DeploymentStatus, mut c: DeploymentCondition) {
    if let Some(cur) = status.conditions.iter().find(|x| x.type_ == c.type_) {
        if cur.status == c.status && cur.reason == c.reason {
            return;
        }
        if cur.status == c.status {
            c.last_transition_time = cur.last_transition_time;
        }
    }
    status.conditions.retain(|x| x.type_ != c.type_);
    status.conditions.push(c);
}

pub fn remove_condition(status: &mut DeploymentStatus, type_: &str) {
    status.conditions.retain(|x| x.type_ != type_);
}

#[cfg(test)]
mod tests;
