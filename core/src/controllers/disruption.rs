//! The disruption controller (upstream `pkg/controller/disruption/disruption.go`, v1.33) and the
//! eviction subresource that honours its budgets (`pkg/registry/core/pod/storage/eviction.go`).
//!
//! A PodDisruptionBudget is synced when it is written and when a pod its selector matches is
//! added, changed or deleted (`addPod`/`updatePod`/`deletePod` → `getPdbForPod`): a pod event
//! looks only at the budgets of the pod's namespace, and costs nothing while there are none. The
//! sync (`trySync`) counts the matching pods, works out the expected count (`getExpectedPodCount`:
//! the pods' controllers' scale for percentages and maxUnavailable), drops disrupted pods that
//! are gone or overdue (`buildDisruptedPodMap`, DeletionTimeout 2 minutes, rechecked by
//! `Timer::SyncPdb`) and writes the status with its `DisruptionAllowed` condition
//! (component-helpers `UpdateDisruptionAllowedCondition`). A failed count goes through
//! `failSafe`: disruptionsAllowed 0 and a `SyncFailed` condition.

use crate::api::policy::{IntOrPercent, PdbCondition, PdbStatus};
use crate::api::server::ApiError;
use crate::api::{LabelSelector, ObjKey, Pod, PodDisruptionBudget, PodPhase, Time};
use crate::sim::{involved, Cluster, Timer};
use std::collections::BTreeMap;

/// `DeletionTimeout`: how long an evicted pod may take to be seen deleting.
pub const DELETION_TIMEOUT_MS: i64 = 2 * 60 * 1000;
/// `MaxDisruptedPodSize` of the eviction subresource.
const MAX_DISRUPTED_POD_SIZE: usize = 2000;
/// The events' source (`v1.EventSource{Component: "controllermanager"}`).
const SOURCE: &str = "controllermanager";
/// The eviction refusal `NewTooManyRequests` carries.
pub const VIOLATES_BUDGET: &str =
    "Cannot evict pod as it would violate the pod's disruption budget.";

/// What the selector of a budget selects (policy/v1: a null selector selects no pods, an empty
/// one every pod of the namespace).
fn selects(sel: Option<&LabelSelector>, pod: &Pod) -> bool {
    sel.is_some_and(|s| s.matches(&pod.metadata.labels))
}

/// The keys of the budgets of the pod's namespace that select it, as the PDB lister's
/// `GetPodPodDisruptionBudgets` finds them: a null or empty selector matches no pod there (so a
/// budget with an empty selector, which counts every pod of its namespace, is synced only on
/// its own writes, as upstream).
pub(crate) fn budgets_selecting(store: &crate::store::Store, pod: &Pod) -> Vec<ObjKey> {
    store
        .pdbs
        .in_namespace(&pod.metadata.namespace)
        .filter(|p| {
            p.selector()
                .is_some_and(|s| !s.is_empty() && s.matches(&pod.metadata.labels))
        })
        .map(|p| p.metadata.key())
        .collect()
}

/// `metav1.LabelSelector.String()` (generated.pb.go), as `%v` of the selector pointer prints
/// it in the UnmanagedPods event.
fn selector_go_string(sel: Option<&LabelSelector>) -> String {
    let Some(s) = sel else {
        return "nil".into();
    };
    let labels: String = s
        .match_labels
        .iter()
        .map(|(k, v)| format!("{k}: {v},"))
        .collect();
    let exprs: String = s
        .match_expressions
        .iter()
        .map(|e| {
            format!(
                "LabelSelectorRequirement{{Key:{},Operator:{},Values:[{}],}},",
                e.key,
                e.operator,
                e.values.join(" ")
            )
        })
        .collect();
    format!(
        "&LabelSelector{{MatchLabels:map[string]string{{{labels}}},MatchExpressions:[]LabelSelectorRequirement{{{exprs}}},}}"
    )
}

/// `SetStatusCondition` of the `DisruptionAllowed` condition: the transition time moves only
/// when the status changes.
fn set_condition(
    status: &mut PdbStatus,
    allowed: bool,
    reason: &'static str,
    message: String,
    now: Time,
) {
    let observed_generation = status.observed_generation;
    let last_transition_time = match &status.condition {
        Some(c) if c.status == allowed => c.last_transition_time,
        _ => now,
    };
    status.condition = Some(PdbCondition {
        status: allowed,
        reason,
        message,
        observed_generation,
        last_transition_time,
    });
}

/// `UpdateDisruptionAllowedCondition` (component-helpers/apps/poddisruptionbudget).
fn update_disruption_allowed_condition(status: &mut PdbStatus, now: Time) {
    if status.disruptions_allowed > 0 {
        set_condition(status, true, "SufficientPods", String::new(), now);
    } else {
        set_condition(status, false, "InsufficientPods", String::new(), now);
    }
}

/// `ConditionsAreUpToDate`.
fn conditions_up_to_date(p: &PodDisruptionBudget) -> bool {
    let Some(c) = &p.status.condition else {
        return false;
    };
    if p.status.observed_generation != p.metadata.generation {
        return false;
    }
    if p.status.disruptions_allowed > 0 {
        c.status && c.reason == "SufficientPods"
    } else {
        !c.status && c.reason == "InsufficientPods"
    }
}

/// The counts `getExpectedPodCount` returns, or its error text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    pub expected: i32,
    pub desired_healthy: i32,
    /// Pods without a controller (`unmanagedPods`), by name.
    pub unmanaged: Vec<String>,
}

impl Cluster {
    /// Stores a budget's spec or metadata and wakes the controller for it (`addDB`/`updateDB`).
    pub(crate) fn write_pdb(&mut self, mut p: PodDisruptionBudget) {
        p.metadata.resource_version = self.store.next_resource_version();
        let key = p.metadata.key();
        self.store.pdbs.put(p);
        self.watched("PodDisruptionBudget", &key, false);
        self.disruption_queue.add(key);
    }

    /// The status subresource's write (the controller's and the eviction's). The controller's
    /// informer sees it as any update (`updateDB`) and syncs the budget once more, which then
    /// finds nothing to write (its events, such as NoPods, are recorded a second time).
    fn write_pdb_status(&mut self, key: &ObjKey, status: PdbStatus) {
        let Some(mut p) = self.store.pdbs.get(key).cloned() else {
            return;
        };
        if p.status == status {
            return;
        }
        p.status = status;
        p.metadata.resource_version = self.store.next_resource_version();
        self.store.pdbs.put(p);
        self.watched("PodDisruptionBudget", key, false);
        self.disruption_queue.add(key.clone());
    }

    pub(crate) fn remove_pdb(&mut self, key: &ObjKey) {
        self.watched("PodDisruptionBudget", key, true);
        if self.store.pdbs.remove(key).is_some() {
            self.store.next_resource_version();
        }
    }

    /// A pod event wakes the budgets of its namespace that select it (`getPdbForPod`). Nothing
    /// to look at while the store holds no budget.
    pub(crate) fn enqueue_pdbs_for_pod(&mut self, pod: &Pod) {
        if self.store.pdbs.is_empty() {
            return;
        }
        for k in budgets_selecting(&self.store, pod) {
            self.disruption_queue.add(k);
        }
    }

    /// `getExpectedScale`: the sum of the scales of the matching pods' controllers.
    fn expected_scale(&self, pods: &[&Pod]) -> Result<(i32, Vec<String>), String> {
        let s = &self.store;
        let mut scales: BTreeMap<String, i32> = BTreeMap::new();
        let mut unmanaged = Vec::new();
        for pod in pods {
            let Some(r) = pod.metadata.controller_ref() else {
                unmanaged.push(pod.metadata.name.clone());
                continue;
            };
            if scales.contains_key(&r.uid) {
                continue;
            }
            let ns = pod.metadata.namespace.as_str();
            let group = r.api_version.split_once('/').map_or("", |(g, _)| g);
            let found = match r.kind.as_str() {
                // getPodDeployment, then getPodReplicaSet (a ReplicaSet whose Deployment is
                // gone is found through its scale subresource)
                "ReplicaSet" if group == "apps" => s
                    .replicasets
                    .get(&ObjKey::new(ns, r.name.as_str()))
                    .filter(|rs| rs.metadata.uid == r.uid)
                    .map(|rs| {
                        let dep = rs.metadata.controller_ref().and_then(|d| {
                            s.deployments
                                .get(&ObjKey::new(ns, d.name.as_str()))
                                .filter(|x| d.kind == "Deployment" && x.metadata.uid == d.uid)
                        });
                        match dep {
                            Some(d) => (d.metadata.uid.clone(), d.spec.replicas),
                            None => (rs.metadata.uid.clone(), rs.spec.replicas),
                        }
                    }),
                "StatefulSet" if group == "apps" => s
                    .statefulsets
                    .get(&ObjKey::new(ns, r.name.as_str()))
                    .filter(|x| x.metadata.uid == r.uid)
                    .map(|x| (x.metadata.uid.clone(), x.spec.replicas)),
                // getScaleController: served kinds without a scale subresource
                "DaemonSet" if group == "apps" => {
                    return Err("daemonsets.apps does not implement the scale subresource".into())
                }
                "ControllerRevision" if group == "apps" => {
                    return Err(
                        "controllerrevisions.apps does not implement the scale subresource".into(),
                    )
                }
                "Job" if group == "batch" => {
                    return Err("jobs.batch does not implement the scale subresource".into())
                }
                "CronJob" if group == "batch" => {
                    return Err("cronjobs.batch does not implement the scale subresource".into())
                }
                "Deployment" if group == "apps" => s
                    .deployments
                    .get(&ObjKey::new(ns, r.name.as_str()))
                    .filter(|x| x.metadata.uid == r.uid)
                    .map(|x| (x.metadata.uid.clone(), x.spec.replicas)),
                "ReplicationController" | "ReplicaSet" | "StatefulSet" | "Deployment"
                    if matches!(group, "" | "apps" | "extensions") =>
                {
                    None
                }
                kind => {
                    // the REST mapper knows no such kind
                    return Err(format!(
                        "no matches for kind \"{kind}\" in version \"{}\"",
                        r.api_version
                    ));
                }
            };
            match found {
                Some((uid, scale)) => {
                    scales.insert(uid, scale);
                }
                None => {
                    return Err(format!(
                        "found no controllers for pod \"{}\"",
                        pod.metadata.name
                    ))
                }
            }
        }
        let total = scales.values().fold(0i32, |a, n| a.saturating_add(*n));
        Ok((total, unmanaged))
    }

    /// `getExpectedPodCount`.
    pub(crate) fn expected_pod_count(
        &self,
        p: &PodDisruptionBudget,
        pods: &[&Pod],
    ) -> Result<Expected, String> {
        let bad = |v: &serde_json::Value| {
            format!(
                "invalid value for IntOrString: invalid value {}: strconv.Atoi: parsing {}: invalid syntax",
                crate::api::yaml::go_quote(&crate::api::policy::intstr_text(v)),
                crate::api::yaml::go_quote(
                    crate::api::policy::intstr_text(v).trim_end_matches('%')
                )
            )
        };
        if let Some(mu) = p.max_unavailable() {
            let (expected, unmanaged) = self.expected_scale(pods)?;
            let m = IntOrPercent::from_value(mu).ok_or_else(|| bad(mu))?;
            let max = m.scaled(i64::from(expected), true);
            let desired = (i64::from(expected) - max).max(0);
            return Ok(Expected {
                expected,
                desired_healthy: i32::try_from(desired).unwrap_or(i32::MAX),
                unmanaged,
            });
        }
        if let Some(ma) = p.min_available() {
            if !ma.is_string() {
                return Ok(Expected {
                    expected: i32::try_from(pods.len()).unwrap_or(i32::MAX),
                    desired_healthy: i32::try_from(ma.as_i64().unwrap_or(0)).unwrap_or(i32::MAX),
                    unmanaged: Vec::new(),
                });
            }
            let (expected, unmanaged) = self.expected_scale(pods)?;
            let m = IntOrPercent::from_value(ma).ok_or_else(|| bad(ma))?;
            let min = m.scaled(i64::from(expected), true);
            return Ok(Expected {
                expected,
                desired_healthy: i32::try_from(min).unwrap_or(i32::MAX),
                unmanaged,
            });
        }
        Ok(Expected {
            expected: 0,
            desired_healthy: 0,
            unmanaged: Vec::new(),
        })
    }

    /// `sync` / `trySync` of one budget.
    pub(crate) fn sync_pdb(&mut self, key: &ObjKey) {
        let Some(p) = self.store.pdbs.get(key).cloned() else {
            return;
        };
        let now = self.now;
        let sel = p.selector();
        let pods: Vec<&Pod> = self
            .store
            .pods
            .in_namespace(key.namespace())
            .filter(|pod| selects(sel, pod))
            .collect();
        let no_pods = pods.is_empty();
        let counted = self.expected_pod_count(&p, &pods);
        // buildDisruptedPodMap and countHealthyPods
        let mut disrupted = BTreeMap::new();
        let mut overdue = Vec::new();
        let mut recheck: Option<Time> = None;
        let mut healthy = 0i32;
        for pod in &pods {
            if pod.metadata.deletion_timestamp.is_some() {
                continue;
            }
            if let Some(&at) = p.status.disrupted_pods.get(&pod.metadata.name) {
                let due = at + DELETION_TIMEOUT_MS;
                if due < now {
                    overdue.push(pod.metadata.key());
                } else {
                    recheck = Some(recheck.map_or(due, |r: Time| r.min(due)));
                    disrupted.insert(pod.metadata.name.clone(), at);
                }
            }
            let expected_gone = disrupted
                .get(&pod.metadata.name)
                .is_some_and(|at| at + DELETION_TIMEOUT_MS > now);
            if !expected_gone && pod.is_ready() {
                healthy += 1;
            }
        }
        drop(pods);
        if no_pods {
            self.record_event(
                involved(&p, "policy/v1"),
                "Normal",
                "NoPods",
                "No matching pods found".into(),
                SOURCE,
                None,
            );
        }
        let counted = match counted {
            Ok(c) => c,
            Err(e) => {
                self.record_event(
                    involved(&p, "policy/v1"),
                    "Warning",
                    "CalculateExpectedPodCountFailed",
                    format!("Failed to calculate the number of expected pods: {e}"),
                    SOURCE,
                    None,
                );
                // failSafe
                let mut status = p.status.clone();
                status.disruptions_allowed = 0;
                set_condition(&mut status, false, "SyncFailed", e, now);
                self.write_pdb_status(key, status);
                return;
            }
        };
        if !counted.unmanaged.is_empty() {
            self.record_event(
                involved(&p, "policy/v1"),
                "Warning",
                "UnmanagedPods",
                format!("Pods selected by this PodDisruptionBudget (selector: {}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.", selector_go_string(sel)),
                SOURCE,
                None,
            );
        }
        for pod_key in overdue {
            if let Some(pod) = self.store.pods.get(&pod_key).cloned() {
                // (upstream names the budget's namespace twice)
                self.record_event(
                    involved(&pod, "v1"),
                    "Warning",
                    "NotDeleted",
                    format!(
                        "Pod was expected by PDB {}/{} to be deleted but it wasn't",
                        p.metadata.namespace, p.metadata.namespace
                    ),
                    SOURCE,
                    None,
                );
            }
        }
        // updatePdbStatus
        let mut allowed = healthy - counted.desired_healthy;
        if counted.expected <= 0 || allowed <= 0 {
            allowed = 0;
        }
        let s = &p.status;
        let unchanged = s.current_healthy == healthy
            && s.desired_healthy == counted.desired_healthy
            && s.expected_pods == counted.expected
            && s.disruptions_allowed == allowed
            && s.disrupted_pods == disrupted
            && s.observed_generation == p.metadata.generation
            && conditions_up_to_date(&p);
        if !unchanged {
            let mut status = PdbStatus {
                observed_generation: p.metadata.generation,
                disrupted_pods: disrupted,
                disruptions_allowed: allowed,
                current_healthy: healthy,
                desired_healthy: counted.desired_healthy,
                expected_pods: counted.expected,
                condition: p.status.condition.clone(),
            };
            update_disruption_allowed_condition(&mut status, now);
            self.write_pdb_status(key, status);
        }
        if let Some(at) = recheck {
            self.at(at, Timer::SyncPdb(key.clone()));
        }
    }

    /// The eviction subresource (`EvictionREST.Create`): a pod that is finished, pending or
    /// already deleting goes at once; otherwise the one budget selecting it must allow a
    /// disruption (429 when it does not), which the eviction takes (`checkAndDecrement`), unless
    /// the pod is not ready and the budget's unhealthyPodEvictionPolicy lets it go (AlwaysAllow,
    /// or IfHealthyBudget while the budget is met). The pod then gets the DisruptionTarget
    /// condition and is deleted gracefully (`addConditionAndDeletePod`). A dry run
    /// (`dryRun=All`) makes the same checks and changes nothing.
    pub(crate) fn evict_pod(
        &mut self,
        key: &ObjKey,
        grace: Option<i64>,
        dry_run: bool,
    ) -> Result<(), ApiError> {
        self.finish_instant();
        let Some(pod) = self.store.pods.get(key).cloned() else {
            return Err(ApiError::new(
                "NotFound",
                format!("pods \"{}\" not found", key.name()),
            ));
        };
        let can_ignore = matches!(
            pod.status.phase,
            PodPhase::Succeeded | PodPhase::Failed | PodPhase::Pending
        ) || pod.metadata.deletion_timestamp.is_some();
        if !can_ignore {
            let budgets: Vec<PodDisruptionBudget> = self
                .store
                .pdbs
                .in_namespace(key.namespace())
                .filter(|p| {
                    p.selector()
                        .is_some_and(|s| !s.is_empty() && s.matches(&pod.metadata.labels))
                })
                .cloned()
                .collect();
            if budgets.len() > 1 {
                return Err(ApiError::new(
                    "InternalError",
                    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                ));
            }
            if let Some(p) = budgets.first() {
                let st = &p.status;
                let unhealthy_goes = !pod.is_ready()
                    && (p.always_allow_unhealthy()
                        || (st.current_healthy >= st.desired_healthy && st.desired_healthy > 0));
                if !unhealthy_goes {
                    self.check_and_decrement(p, key.name(), dry_run)?;
                }
            }
        }
        // dryRun=All: the checks only, nothing written
        if dry_run {
            return Ok(());
        }
        if pod.metadata.deletion_timestamp.is_none() {
            self.mark_evicted(key);
        }
        self.delete_pod_gracefully(key, grace);
        self.drain();
        Ok(())
    }

    /// `checkAndDecrement`.
    fn check_and_decrement(
        &mut self,
        p: &PodDisruptionBudget,
        pod: &str,
        dry_run: bool,
    ) -> Result<(), ApiError> {
        let st = &p.status;
        let forbidden = |why: &str| {
            ApiError::new(
                "Forbidden",
                format!(
                    "poddisruptionbudgets.policy \"{}\" is forbidden: {why}",
                    p.metadata.name
                ),
            )
        };
        if st.observed_generation < p.metadata.generation {
            return Err(ApiError::new("TooManyRequests", VIOLATES_BUDGET));
        }
        if st.disruptions_allowed < 0 {
            return Err(forbidden("pdb disruptions allowed is negative"));
        }
        if st.disrupted_pods.len() > MAX_DISRUPTED_POD_SIZE {
            return Err(forbidden(
                "DisruptedPods map too big - too many evictions not confirmed by PDB controller",
            ));
        }
        if st.disruptions_allowed == 0 {
            return Err(ApiError::new("TooManyRequests", VIOLATES_BUDGET));
        }
        // a dry run goes no further than the checks
        if dry_run {
            return Ok(());
        }
        let now = self.now;
        let mut status = st.clone();
        status.disruptions_allowed -= 1;
        if status.disruptions_allowed == 0 {
            update_disruption_allowed_condition(&mut status, now);
        }
        status.disrupted_pods.insert(pod.to_string(), now);
        let key = p.metadata.key();
        self.write_pdb_status(&key, status);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cluster, ClusterConfig};

    fn run(c: &mut Cluster, line: &str) -> String {
        let o = c.run(line);
        format!("{}{}", o.stdout(), o.stderr())
    }

    /// `kubectl apply -f -` of a manifest.
    fn apply(c: &mut Cluster, manifest: &str) -> String {
        let o = c.exec(
            "kubectl apply -f -",
            Some(manifest),
            &|p| Err(p.to_string()),
        );
        format!("{}{}", o.stdout(), o.stderr())
    }

    fn status(c: &Cluster, name: &str) -> PdbStatus {
        c.store()
            .pdbs
            .get(&ObjKey::new("default", name))
            .map(|p| p.status.clone())
            .unwrap_or_default()
    }

    fn counts(s: &PdbStatus) -> (i32, i32, i32, i32) {
        (
            s.expected_pods,
            s.current_healthy,
            s.desired_healthy,
            s.disruptions_allowed,
        )
    }

    fn settled_deployment(replicas: u32) -> Cluster {
        let mut c = Cluster::new(ClusterConfig::default());
        run(
            &mut c,
            &format!("kubectl create deployment web --image=nginx --replicas={replicas}"),
        );
        c.advance(60_000);
        c
    }

    #[test]
    fn min_available_equal_to_the_pods_allows_nothing() {
        // disruption_test.go TestNoSelector / TestUnavailable: minAvailable 3 of 3 pods → 0
        let mut c = settled_deployment(3);
        run(
            &mut c,
            "kubectl create pdb b --selector=app=web --min-available=3",
        );
        let s = status(&c, "b");
        assert_eq!(counts(&s), (3, 3, 3, 0));
        let cond = s.condition.unwrap();
        assert_eq!((cond.status, cond.reason), (false, "InsufficientPods"));
        assert_eq!(s.observed_generation, 1);
    }

    #[test]
    fn max_unavailable_uses_the_deployment_scale() {
        let mut c = settled_deployment(3);
        run(
            &mut c,
            "kubectl create pdb b --selector=app=web --max-unavailable=1",
        );
        let s = status(&c, "b");
        assert_eq!(counts(&s), (3, 3, 2, 1));
        assert_eq!(s.condition.unwrap().reason, "SufficientPods");
    }

    #[test]
    fn percentages_round_up() {
        // 50% of 3 → 2 desired (minAvailable), maxUnavailable 50% of 3 → 2 unavailable → 1
        let mut c = settled_deployment(3);
        run(
            &mut c,
            "kubectl create pdb a --selector=app=web --min-available=50%",
        );
        run(
            &mut c,
            "kubectl create pdb m --selector=app=web --max-unavailable=50%",
        );
        assert_eq!(counts(&status(&c, "a")), (3, 3, 2, 1));
        assert_eq!(counts(&status(&c, "m")), (3, 3, 1, 2));
        // scaling the Deployment changes the denominator
        run(&mut c, "kubectl scale deployment web --replicas=5");
        c.advance(60_000);
        assert_eq!(counts(&status(&c, "a")), (5, 5, 3, 2));
    }

    #[test]
    fn a_matching_pod_change_resyncs_the_budget() {
        let mut c = settled_deployment(2);
        run(
            &mut c,
            "kubectl create pdb b --selector=app=web --min-available=1",
        );
        assert_eq!(counts(&status(&c, "b")), (2, 2, 1, 1));
        run(&mut c, "kubectl scale deployment web --replicas=3");
        c.advance(60_000);
        assert_eq!(counts(&status(&c, "b")), (3, 3, 1, 2));
    }

    #[test]
    fn bare_pods_and_daemonsets_for_percentages() {
        let mut c = Cluster::new(ClusterConfig::default());
        run(&mut c, "kubectl run bare --image=nginx --labels=app=bare");
        c.advance(30_000);
        run(
            &mut c,
            "kubectl create pdb b --selector=app=bare --max-unavailable=1",
        );
        // an unmanaged pod is left out of the expected count (UnmanagedPods event)
        assert_eq!(counts(&status(&c, "b")), (0, 1, 0, 0));
        let events = run(
            &mut c,
            "kubectl get events --field-selector reason=UnmanagedPods -o name",
        );
        assert!(events.contains("event/b."), "{events}");
        // no pods at all: NoPods
        run(
            &mut c,
            "kubectl create pdb none --selector=app=none --min-available=1",
        );
        let s = status(&c, "none");
        assert_eq!(counts(&s), (0, 0, 1, 0));
    }

    #[test]
    fn eviction_takes_a_disruption_and_refuses_past_the_budget() {
        let mut c = settled_deployment(3);
        run(
            &mut c,
            "kubectl create pdb b --selector=app=web --min-available=2",
        );
        let pods: Vec<ObjKey> = c.store().pods.iter().map(|p| p.metadata.key()).collect();
        assert_eq!(pods.len(), 3);
        assert_eq!(c.evict_pod(&pods[0], None, false), Ok(()));
        let s = status(&c, "b");
        // the pod is deleting: it left disruptedPods and is not healthy
        assert_eq!(s.disruptions_allowed, 0);
        let err = c.evict_pod(&pods[1], None, false).unwrap_err();
        assert_eq!(
            (err.reason, err.message.as_str()),
            ("TooManyRequests", VIOLATES_BUDGET)
        );
        // once the replacement is ready, one more may go
        c.advance(60_000);
        assert_eq!(status(&c, "b").disruptions_allowed, 1);
        assert_eq!(c.evict_pod(&pods[1], None, false), Ok(()));
        // two budgets over one pod: 500
        run(
            &mut c,
            "kubectl create pdb b2 --selector=app=web --min-available=1",
        );
        let err = c.evict_pod(&pods[2], None, false).unwrap_err();
        assert_eq!(err.reason, "InternalError");
    }

    #[test]
    fn unhealthy_pods_per_policy() {
        let mut c = settled_deployment(2);
        run(
            &mut c,
            "kubectl create pdb b --selector=app=web --min-available=2",
        );
        // a pod that is not ready, the budget met by no one: IfHealthyBudget refuses
        let pods: Vec<ObjKey> = c.store().pods.iter().map(|p| p.metadata.key()).collect();
        c.update_pod(&pods[0], |p| p.status.conditions.clear());
        c.drain();
        let s = status(&c, "b");
        assert_eq!(counts(&s), (2, 1, 2, 0));
        assert!(c.evict_pod(&pods[0], None, false).is_err());
        // AlwaysAllow lets the unhealthy pod go without taking a disruption
        let mut v = c
            .object_value(
                crate::kubectl::resource::Resource::PodDisruptionBudget,
                "default",
                "b",
            )
            .unwrap();
        v["spec"]["unhealthyPodEvictionPolicy"] = serde_json::json!("AlwaysAllow");
        c.update_value(v).unwrap();
        assert_eq!(c.evict_pod(&pods[0], None, false), Ok(()));
        assert!(status(&c, "b").disrupted_pods.is_empty());
    }

    #[test]
    fn empty_selector_counts_every_pod_and_null_selector_none() {
        // disruption_test.go TestNoSelector: minAvailable 3, selector {}, one ready pod →
        // allowed 0, current 1, desired 3, expected 1
        let mut c = Cluster::new(ClusterConfig::default());
        run(&mut c, "kubectl run yo --image=nginx");
        c.advance(30_000);
        let budget = |c: &mut Cluster, name: &str, selector: &str| {
            let out = apply(
                c,
                &format!("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {name}\nspec:\n  minAvailable: 3\n{selector}"),
            );
            assert!(out.contains("created"), "{out}");
        };
        budget(&mut c, "all", "  selector: {}\n");
        budget(&mut c, "none", "");
        assert_eq!(counts(&status(&c, "all")), (1, 1, 3, 0));
        assert_eq!(counts(&status(&c, "none")), (0, 0, 3, 0));
    }

    #[test]
    fn statefulset_percentages() {
        // disruption_test.go TestStatefulSetController: minAvailable 67% of 3 replicas → 3
        // desired (2.01 rounded up)
        let mut c = Cluster::new(ClusterConfig::default());
        let out = apply(
            &mut c,
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 3\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n      - name: c\n        image: nginx\n",
        );
        assert!(out.contains("created"), "{out}");
        c.advance(120_000);
        run(
            &mut c,
            "kubectl create pdb db --selector=app=db --min-available=67%",
        );
        assert_eq!(counts(&status(&c, "db")), (3, 3, 3, 0));
        run(
            &mut c,
            "kubectl create pdb db2 --selector=app=db --max-unavailable=34%",
        );
        // 34% of 3 rounded up is 2 unavailable: desired 1
        assert_eq!(counts(&status(&c, "db2")), (3, 3, 1, 2));
    }

    #[test]
    fn selector_strings_as_go_prints_them() {
        let s: LabelSelector = serde_json::from_value(serde_json::json!({
            "matchLabels": {"app": "x"},
            "matchExpressions": [{"key": "t", "operator": "In", "values": ["a", "b"]}]}))
        .unwrap();
        assert_eq!(
            selector_go_string(Some(&s)),
            "&LabelSelector{MatchLabels:map[string]string{app: x,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:t,Operator:In,Values:[a b],},},}"
        );
        assert_eq!(selector_go_string(None), "nil");
    }
}
