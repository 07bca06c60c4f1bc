//! Upstream `pkg/controller/daemon/update.go`: the rolling update (maxUnavailable, or maxSurge)
//! and the DaemonSet's ControllerRevisions (spec §1.4: the same `{"spec":{"template":…,
//! "$patch":"replace"}}` data as a StatefulSet's, named `<ds>-<hash>` with the Deployment's
//! template hash).

use super::util::{is_pod_updated, node_should_run, HASH_LABEL};
use super::NodePods;
use crate::api::daemonset::DaemonSet;
use crate::api::{ControllerRevision, ObjKey, Pod};
use crate::controllers::deployment::util::compute_hash;
use crate::controllers::replicaset::controller_ref;
use crate::controllers::statefulset::history::{by_revision, revision_data};
use crate::sim::Cluster;

/// `util.AllowsSurge`: a rolling update with a non-zero maxSurge.
pub fn allows_surge(ds: &DaemonSet) -> bool {
    ds.spec
        .rolling()
        .and_then(|r| r.max_surge.as_ref())
        .is_some_and(|s| s.scaled_value(1, true).unwrap_or(0) != 0)
}

/// `updatedDesiredNodeCounts` (after `util.SurgeCount` / `util.UnavailableCount`, percentages
/// of the desired count rounded up): (maxSurge, maxUnavailable), with unavailable 1 when both
/// come out 0.
pub fn surge_and_unavailable(ds: &DaemonSet, desired: i32) -> (i32, i32) {
    let Some(ru) = ds.spec.rolling() else {
        return (0, 0);
    };
    let scaled = |v: Option<&crate::api::IntOrString>| {
        v.map_or(0, |v| v.scaled_value(desired, true).unwrap_or(0))
    };
    let surge = scaled(ru.max_surge.as_ref());
    let mut unavailable = scaled(ru.max_unavailable.as_ref());
    if desired > 0 && surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable)
}

/// `findUpdatedPodsOnNode`: the node's one current and one old pod (not being deleted); None
/// when it has more than one of either.
fn updated_and_old<'a>(
    pods: &'a [Pod],
    hash: &str,
    generation: i64,
) -> Option<(Option<&'a Pod>, Option<&'a Pod>)> {
    let (mut new, mut old) = (None, None);
    for p in pods
        .iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
    {
        let slot = if is_pod_updated(p, hash, generation) {
            &mut new
        } else {
            &mut old
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(p);
    }
    Some((new, old))
}

impl Cluster {
    /// `rollingUpdate`: without surge, old pods are deleted (the unavailable ones first and
    /// freely, then as many available ones as maxUnavailable leaves room for) and `manage`
    /// creates their replacements once they are gone; with surge, a new pod is created beside
    /// each old one up to maxSurge and the old one goes once the new one is available.
    pub(crate) fn daemon_rolling_update(&mut self, ds: &DaemonSet, pods: &[Pod], hash: &str) {
        let mut by_node: NodePods = Self::nodes_to_daemon_pods(pods, false);
        let spec = super::util::daemon_pod_spec(ds);
        let mut desired = 0;
        let mut should_run = std::collections::BTreeMap::new();
        for node in self.store.nodes.values() {
            let (run, _) = node_should_run(&spec, node);
            should_run.insert(node.metadata.name.clone(), run);
            if run {
                desired += 1;
                by_node.entry(node.metadata.name.clone()).or_default();
            }
        }
        let (max_surge, max_unavailable) = surge_and_unavailable(ds, desired);
        let generation = ds.template_generation;
        let (min_ready, now) = (ds.spec.min_ready_seconds, self.now);
        let available = |p: &Pod| p.is_available(min_ready, now);
        if max_surge == 0 {
            let mut unavailable = 0;
            let mut allowed: Vec<ObjKey> = Vec::new();
            let mut candidates: Vec<ObjKey> = Vec::new();
            for node_pods in by_node.values() {
                let Some((new, old)) = updated_and_old(node_pods, hash, generation) else {
                    unavailable += 1;
                    continue;
                };
                match (new, old) {
                    (None, None) | (Some(_), Some(_)) => unavailable += 1,
                    (Some(new), None) => {
                        if !available(new) {
                            unavailable += 1;
                        }
                    }
                    (None, Some(old)) => {
                        if !available(old) {
                            allowed.push(old.metadata.key());
                        } else if unavailable < max_unavailable {
                            candidates.push(old.metadata.key());
                        }
                    }
                }
            }
            let remaining = (max_unavailable - unavailable).clamp(0, candidates.len() as i32);
            allowed.extend(candidates.into_iter().take(remaining as usize));
            self.sync_daemon_nodes(ds, &allowed, &[], hash);
            return;
        }
        let mut old_to_delete: Vec<ObjKey> = Vec::new();
        let mut should_not_run_to_delete: Vec<ObjKey> = Vec::new();
        let mut candidates: Vec<String> = Vec::new();
        let mut allowed: Vec<String> = Vec::new();
        let (mut surging, mut num_available) = (0, 0);
        for (node, node_pods) in &by_node {
            let Some((new, old)) = updated_and_old(node_pods, hash, generation) else {
                surging += 1;
                continue;
            };
            if let Some(p) = old.or(new) {
                if available(p) {
                    num_available += 1;
                }
            }
            let runs_here = should_run.get(node).copied().unwrap_or(false);
            match (new, old) {
                (_, None) => {}
                (None, Some(old)) => {
                    if !available(old) {
                        if !runs_here {
                            old_to_delete.push(old.metadata.key());
                            continue;
                        }
                        allowed.push(node.clone());
                    } else if !runs_here {
                        should_not_run_to_delete.push(old.metadata.key());
                    } else if surging < max_surge {
                        candidates.push(node.clone());
                    }
                }
                (Some(new), Some(old)) => {
                    if !available(new) {
                        surging += 1;
                        continue;
                    }
                    old_to_delete.push(old.metadata.key());
                }
            }
        }
        let deletable = (num_available - desired).clamp(0, should_not_run_to_delete.len() as i32);
        for key in should_not_run_to_delete
            .into_iter()
            .take(deletable as usize)
        {
            let deleting = self
                .store
                .pods
                .get(&key)
                .is_some_and(|p| p.metadata.deletion_timestamp.is_some());
            if !deleting {
                old_to_delete.push(key);
            }
        }
        let remaining = (max_surge - surging).clamp(0, candidates.len() as i32);
        allowed.extend(candidates.into_iter().take(remaining as usize));
        self.sync_daemon_nodes(ds, &old_to_delete, &allowed, hash);
    }

    /// The revisions the DaemonSet's selector matches in its namespace that it owns, adopting
    /// orphans (`controlledHistories`); by revision.
    fn daemon_revisions(&mut self, ds: &DaemonSet) -> Vec<ControllerRevision> {
        let uid = &ds.metadata.uid;
        let sel = &ds.spec.selector;
        let mut out: Vec<ControllerRevision> = self
            .store
            .controllerrevisions
            .owned_iter(uid)
            .chain(
                self.store
                    .controllerrevisions
                    .owned_iter("")
                    .filter(|r| r.metadata.namespace == ds.metadata.namespace),
            )
            .filter(|r| sel.matches(&r.metadata.labels))
            .cloned()
            .collect();
        for r in out.iter_mut() {
            if r.metadata.controller_ref().is_none() && ds.metadata.deletion_timestamp.is_none() {
                r.metadata.owner_references.push(controller_ref(
                    "apps/v1",
                    "DaemonSet",
                    &ds.metadata.name,
                    uid,
                ));
                self.write_controllerrevision(r.clone());
            }
        }
        crate::sort::sort_by(&mut out, by_revision);
        out
    }

    /// `constructHistory`: the current revision's hash (creating the revision, or renumbering
    /// it past the old ones) and the old revisions. None when a hash collision bumped the
    /// collision count: the next sync tries the new name.
    pub(crate) fn construct_history(
        &mut self,
        ds: &DaemonSet,
    ) -> Option<(String, Vec<ControllerRevision>)> {
        let data = revision_data(&ds.spec.template);
        let mut current = Vec::new();
        let mut old = Vec::new();
        for mut r in self.daemon_revisions(ds) {
            if !r.metadata.labels.contains_key(HASH_LABEL) {
                let name = r.metadata.name.clone();
                r.metadata.labels.insert(HASH_LABEL.into(), name);
                self.write_controllerrevision(r.clone());
            }
            if r.data == data {
                current.push(r);
            } else {
                old.push(r);
            }
        }
        let next = old.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
        let cur = match current.pop() {
            None => self.daemon_snapshot(ds, next)?,
            Some(mut keep) => {
                // dedupCurHistories: the highest revision stays
                for dup in current {
                    self.remove_controllerrevision(&dup.metadata.key());
                }
                if keep.revision < next {
                    keep.revision = next;
                    self.write_controllerrevision(keep.clone());
                }
                keep
            }
        };
        let hash = cur.metadata.labels.get(HASH_LABEL).cloned()?;
        Some((hash, old))
    }

    /// `snapshot`: a new revision `<ds>-<hash>`; a name taken by other data bumps the
    /// collision count.
    fn daemon_snapshot(&mut self, ds: &DaemonSet, revision: i64) -> Option<ControllerRevision> {
        let hash = compute_hash(&ds.spec.template, ds.status.collision_count);
        let name = format!("{}-{hash}", ds.metadata.name);
        let data = revision_data(&ds.spec.template);
        let key = ObjKey::new(ds.metadata.namespace.as_str(), name.as_str());
        if let Some(existing) = self.store.controllerrevisions.get(&key) {
            if existing.data == data {
                return Some(existing.clone());
            }
            let mut d = self.store.daemonsets.get(&ds.metadata.key())?.clone();
            d.status.collision_count = Some(d.status.collision_count.unwrap_or(0) + 1);
            self.write_daemonset(d);
            return None;
        }
        let mut meta = self.new_meta(&ds.metadata.namespace, &name);
        meta.generation = 0;
        meta.labels = ds.spec.template.metadata.labels.clone();
        meta.labels.insert(HASH_LABEL.into(), hash);
        meta.annotations = ds.metadata.annotations.clone();
        meta.owner_references.push(controller_ref(
            "apps/v1",
            "DaemonSet",
            &ds.metadata.name,
            &ds.metadata.uid,
        ));
        let r = ControllerRevision {
            metadata: meta,
            data,
            revision,
        };
        self.write_controllerrevision(r.clone());
        Some(r)
    }

    /// `cleanupHistory`: old revisions beyond `revisionHistoryLimit` go, oldest first, except
    /// those a pod (even a finished one being deleted) still carries the hash of.
    pub(crate) fn cleanup_daemon_history(&mut self, ds: &DaemonSet, old: &[ControllerRevision]) {
        let keep = ds.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
        let mut to_kill = old.len().saturating_sub(keep);
        if to_kill == 0 {
            return;
        }
        let live: std::collections::BTreeSet<String> = self
            .store
            .pods
            .owned_iter(&ds.metadata.uid)
            .filter_map(|p| p.metadata.labels.get(HASH_LABEL).cloned())
            .collect();
        let mut old = old.to_vec();
        crate::sort::sort_by(&mut old, by_revision);
        for r in old {
            if to_kill == 0 {
                break;
            }
            if r.metadata
                .labels
                .get(HASH_LABEL)
                .is_some_and(|h| live.contains(h))
            {
                continue;
            }
            self.remove_controllerrevision(&r.metadata.key());
            to_kill -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::daemonset::{DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
    use crate::api::IntOrString;

    fn ds(surge: Option<IntOrString>, unavailable: Option<IntOrString>) -> DaemonSet {
        let mut d = DaemonSet::default();
        d.spec.update_strategy = DaemonSetUpdateStrategy {
            type_: "RollingUpdate".into(),
            rolling_update: Some(RollingUpdateDaemonSet {
                max_surge: surge,
                max_unavailable: unavailable,
            }),
        };
        d
    }

    /// upstream TestGetUnavailableNumbers / update_test.go: percentages of the desired count
    /// round up; both 0 means unavailable 1.
    #[test]
    fn surge_and_unavailable_counts() {
        let int = |i| Some(IntOrString::Int(i));
        let pct = |s: &str| Some(IntOrString::Str(s.into()));
        assert_eq!(surge_and_unavailable(&ds(int(0), int(1)), 3), (0, 1));
        assert_eq!(surge_and_unavailable(&ds(None, pct("50%")), 5), (0, 3));
        assert_eq!(surge_and_unavailable(&ds(pct("10%"), int(0)), 5), (1, 0));
        assert_eq!(surge_and_unavailable(&ds(int(0), int(0)), 5), (0, 1));
        assert_eq!(surge_and_unavailable(&ds(int(0), int(0)), 0), (0, 0));
        let mut on_delete = ds(None, None);
        on_delete.spec.update_strategy.type_ = "OnDelete".into();
        assert_eq!(surge_and_unavailable(&on_delete, 3), (0, 0));
        assert!(allows_surge(&ds(int(2), int(0))));
        assert!(!allows_surge(&ds(int(0), int(1))));
    }
}
