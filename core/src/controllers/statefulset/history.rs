//! ControllerRevisions (spec §1.4, §8.2; upstream `pkg/controller/history` and the revision half
//! of `stateful_set_control.go`): snapshots of the template, their hashes and numbers, rollback
//! by re-numbering an equal old revision, and history truncation.

use super::utils::{revision_of, HASH_LABEL};
use crate::api::codec::template_to_value;
use crate::api::{ControllerRevision, ObjKey, Pod, PodTemplateSpec, StatefulSet};
use crate::controllers::deployment::util::safe_encode;
use crate::controllers::replicaset::controller_ref;
use crate::sim::Cluster;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;

/// `getPatch`: `{"spec":{"template":{…,"$patch":"replace"}}}` — what a revision stores, and what
/// `kubectl rollout undo` compares and applies.
pub fn revision_data(template: &PodTemplateSpec) -> Value {
    let mut t = template_to_value(template);
    if let Some(o) = t.as_object_mut() {
        o.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": t}})
}

/// The template a revision restores (`ApplyRevision`, template part).
pub fn revision_template(r: &ControllerRevision) -> PodTemplateSpec {
    let mut t = r
        .data
        .pointer("/spec/template")
        .cloned()
        .unwrap_or(Value::Null);
    if let Some(o) = t.as_object_mut() {
        o.remove("$patch");
    }
    serde_json::from_value(t).unwrap_or_default()
}

/// `HashControllerRevision` (PRODUCT §4.3: SHA-256 instead of FNV): the data bytes, then the
/// collision count in decimal; first 4 bytes as u32, SafeEncoded.
pub fn hash_revision(data: &Value, collision_count: Option<i32>) -> String {
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(data).unwrap_or_default());
    if let Some(c) = collision_count {
        h.update(c.to_string());
    }
    let d = h.finalize();
    safe_encode(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
}

/// `ControllerRevisionName`: the parent name cut to 223 characters, `-`, the hash.
pub fn revision_name(parent: &str, hash: &str) -> String {
    format!("{}-{hash}", parent.chars().take(223).collect::<String>())
}

/// `newRevision`: labels from the template, the hash label, the set's annotations, a controller
/// reference; not stored.
pub fn new_revision(set: &StatefulSet, revision: i64, collision_count: i32) -> ControllerRevision {
    let data = revision_data(&set.spec.template);
    let hash = hash_revision(&data, Some(collision_count));
    let mut r = ControllerRevision {
        data,
        revision,
        ..Default::default()
    };
    let m = &mut r.metadata;
    m.name = revision_name(&set.metadata.name, &hash);
    m.namespace = set.metadata.namespace.clone();
    m.labels = set.spec.template.metadata.labels.clone();
    m.labels.insert(HASH_LABEL.into(), hash);
    m.annotations = set.metadata.annotations.clone();
    m.owner_references.push(controller_ref(
        "apps/v1",
        "StatefulSet",
        &set.metadata.name,
        &set.metadata.uid,
    ));
    r
}

/// `EqualRevision`: hash labels (when both carry one) and data equal.
pub fn equal_revision(a: &ControllerRevision, b: &ControllerRevision) -> bool {
    if let (Some(x), Some(y)) = (
        a.metadata.labels.get(HASH_LABEL),
        b.metadata.labels.get(HASH_LABEL),
    ) {
        if x != y {
            return false;
        }
    }
    a.data == b.data
}

/// `SortControllerRevisions`: by revision, then creation time, then name.
pub fn by_revision(a: &ControllerRevision, b: &ControllerRevision) -> Ordering {
    (
        a.revision,
        a.metadata.creation_timestamp / 1000,
        &a.metadata.name,
    )
        .cmp(&(
            b.revision,
            b.metadata.creation_timestamp / 1000,
            &b.metadata.name,
        ))
}

impl Cluster {
    /// `ListControllerRevisions`: revisions in the set's namespace its selector matches, owned
    /// by it or by nobody; sorted.
    pub(crate) fn list_revisions(&self, set: &StatefulSet) -> Vec<ControllerRevision> {
        let uid = &set.metadata.uid;
        let sel = &set.spec.selector;
        let mut out: Vec<ControllerRevision> = self
            .store
            .controllerrevisions
            .owned_iter(uid)
            .chain(
                self.store
                    .controllerrevisions
                    .owned_iter("")
                    .filter(|r| r.metadata.namespace == set.metadata.namespace),
            )
            .filter(|r| !sel.is_empty() && sel.matches(&r.metadata.labels))
            .cloned()
            .collect();
        crate::sort::sort_by(&mut out, by_revision);
        out
    }

    /// `adoptOrphanRevisions`.
    pub(crate) fn adopt_orphan_revisions(&mut self, set: &StatefulSet) {
        if set.metadata.deletion_timestamp.is_some() {
            return;
        }
        for mut r in self.list_revisions(set) {
            if r.metadata.controller_ref().is_none() {
                r.metadata.owner_references.push(controller_ref(
                    "apps/v1",
                    "StatefulSet",
                    &set.metadata.name,
                    &set.metadata.uid,
                ));
                self.write_controllerrevision(r);
            }
        }
    }

    /// `getStatefulSetRevisions`: (current, update, collisionCount), creating or re-numbering
    /// the update revision as needed.
    pub(crate) fn statefulset_revisions(
        &mut self,
        set: &StatefulSet,
        revisions: &[ControllerRevision],
    ) -> (ControllerRevision, ControllerRevision, i32) {
        let mut collision = set.status.collision_count.unwrap_or(0);
        let next = revisions.last().map_or(1, |r| r.revision + 1);
        let candidate = new_revision(set, next, collision);
        let equal: Vec<&ControllerRevision> = revisions
            .iter()
            .filter(|r| equal_revision(r, &candidate))
            .collect();
        let update = match (equal.last(), revisions.last()) {
            (Some(e), Some(last)) if equal_revision(last, e) => last.clone(),
            (Some(e), _) => {
                let mut r = (*e).clone();
                r.revision = next;
                self.write_controllerrevision(r.clone());
                r
            }
            (None, _) => self.create_revision(set, candidate, &mut collision),
        };
        let current = revisions
            .iter()
            .find(|r| r.metadata.name == set.status.current_revision)
            .cloned()
            .unwrap_or_else(|| update.clone());
        (current, update, collision)
    }

    /// `CreateControllerRevision`: a name taken by different data bumps the collision count and
    /// retries with a new hash; taken by equal data, the existing revision is used.
    fn create_revision(
        &mut self,
        set: &StatefulSet,
        mut r: ControllerRevision,
        collision: &mut i32,
    ) -> ControllerRevision {
        for _ in 0..1000 {
            let hash = hash_revision(&r.data, Some(*collision));
            r.metadata.name = revision_name(&set.metadata.name, &hash);
            let key = r.metadata.key();
            match self.store.controllerrevisions.get(&key) {
                Some(existing) if existing.data == r.data => return existing.clone(),
                Some(_) => *collision += 1,
                None => {
                    let mut meta = self.new_meta(&r.metadata.namespace, &r.metadata.name);
                    meta.generation = 0;
                    meta.labels = std::mem::take(&mut r.metadata.labels);
                    meta.annotations = std::mem::take(&mut r.metadata.annotations);
                    meta.owner_references = std::mem::take(&mut r.metadata.owner_references);
                    r.metadata = meta;
                    self.write_controllerrevision(r.clone());
                    return r;
                }
            }
        }
        r
    }

    /// `truncateHistory`: keeps the live revisions (current, update, every pod's) and the
    /// `revisionHistoryLimit` newest others.
    pub(crate) fn truncate_history(
        &mut self,
        set: &StatefulSet,
        pods: &[Pod],
        revisions: &[ControllerRevision],
        current: &str,
        update: &str,
    ) {
        let live = |name: &str| {
            name == current || name == update || pods.iter().any(|p| revision_of(p) == name)
        };
        let history: Vec<&ControllerRevision> = revisions
            .iter()
            .filter(|r| !live(&r.metadata.name))
            .collect();
        let limit = set.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
        if history.len() <= limit {
            return;
        }
        for r in &history[..history.len() - limit] {
            self.remove_controllerrevision(&r.metadata.key());
        }
    }

    pub(crate) fn write_controllerrevision(&mut self, mut r: ControllerRevision) {
        r.metadata.resource_version = self.store.next_resource_version();
        let key = r.metadata.key();
        self.store.controllerrevisions.put(r);
        self.watched("ControllerRevision", &key, false);
    }

    /// Removes a revision; its StatefulSet looks again (`deleteRevision` enqueues the owner).
    pub(crate) fn remove_controllerrevision(&mut self, key: &ObjKey) {
        self.watched("ControllerRevision", key, true);
        if let Some(r) = self.store.controllerrevisions.remove(key) {
            self.store.next_resource_version();
            if let Some(o) = r
                .metadata
                .controller_ref()
                .filter(|o| o.kind == "StatefulSet")
            {
                self.statefulset_queue
                    .add(ObjKey::new(key.namespace(), o.name.clone()));
            }
        }
    }
}
