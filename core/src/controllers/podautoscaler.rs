//! The horizontal pod autoscaler controller, mirroring upstream
//! `pkg/controller/podautoscaler/horizontal.go` (v1.33) for a cluster without metrics-server.
//!
//! Timing: upstream adds every HPA to a rate-limited queue whose limiter always answers the
//! resync period (`--horizontal-pod-autoscaler-sync-period`, 15 s), and re-adds it after each
//! reconcile; a request already queued absorbs new ones. So an HPA is first reconciled 15 s after
//! it is created and then every 15 s, whatever else happens to it. Here that is one
//! [`Timer::SyncHpa`] chain per HPA (the UID in the timer ends the chain when the HPA is deleted).
//!
//! `reconcileAutoscaler`: read the target's scale subresource (spec.replicas of a Deployment,
//! ReplicaSet or StatefulSet); a target at 0 replicas has autoscaling disabled; outside
//! `[minReplicas, maxReplicas]` it is clamped (`SuccessfulRescale … below Spec.MinReplicas` /
//! `above Spec.MaxReplicas`); otherwise metrics are computed — and without the
//! `metrics.k8s.io` API every Resource metric fails at its first step (the PodMetrics list, before
//! pod requests are looked at, so pods without cpu requests fail the same way), giving the
//! `FailedGetResourceMetric` and `FailedComputeMetricsReplicas` warnings and `ScalingActive=False`.
//! The scale write goes through the API server like `kubectl scale`, so the Deployment
//! controller's own scaling (proportional mid-rollout) and events follow.

use crate::api::{HorizontalPodAutoscaler, HpaCondition, ObjKey};
use crate::kubectl::resource::Resource;
use crate::sim::{involved, Cluster, Timer};
use serde_json::{json, Value};

/// `--horizontal-pod-autoscaler-sync-period` default.
pub const HPA_SYNC_PERIOD_MS: u64 = 15_000;

/// Event source of the controller.
const SOURCE: &str = "horizontal-pod-autoscaler";

/// The error the resource metrics client gets when `metrics.k8s.io` is not served
/// (`rest_metrics_client.go`: `unable to fetch metrics from resource metrics API: %v`, wrapping
/// the discovery client's NotFound for `pods.metrics.k8s.io`).
const NO_RESOURCE_METRICS: &str = "unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)";
const NO_CUSTOM_METRICS: &str =
    "unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered";
const NO_EXTERNAL_METRICS: &str =
    "unable to fetch metrics from external metrics API: the server could not find the requested resource";

/// `setConditionInList`: the transition time moves only when the status changes.
fn set_condition(
    conds: &mut Vec<HpaCondition>,
    now: i64,
    type_: &str,
    status: &str,
    reason: &str,
    message: String,
) {
    let i = match conds.iter().position(|c| c.type_ == type_) {
        Some(i) => i,
        None => {
            conds.push(HpaCondition {
                type_: type_.into(),
                status: String::new(),
                last_transition_time: now,
                reason: String::new(),
                message: String::new(),
            });
            conds.len() - 1
        }
    };
    let c = &mut conds[i];
    if c.status != status {
        c.last_transition_time = now;
    }
    c.status = status.into();
    c.reason = reason.into();
    c.message = message;
}

/// What reading one metric gives without any metrics API: (condition/event reason, the error
/// the event and condition carry, the error `computeReplicasForMetric` returns). Resource metrics
/// wrap their error before the event (`failed to get cpu utilization: …`); Pods, Object and
/// External metrics record the inner error and wrap it afterwards.
fn metric_error(m: &Value, ns: &str) -> (&'static str, String, String) {
    let ty = m.get("type").and_then(Value::as_str).unwrap_or("");
    let s = |p: &str| {
        m.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match ty {
        "Resource" | "ContainerResource" => {
            let (src, reason) = if ty == "Resource" {
                ("/resource", "FailedGetResourceMetric")
            } else {
                ("/containerResource", "FailedGetContainerResourceMetric")
            };
            let name = s(&format!("{src}/name"));
            let target = m
                .pointer(&format!("{src}/target"))
                .cloned()
                .unwrap_or_default();
            let err = if target.get("averageValue").is_some_and(|v| !v.is_null()) {
                format!("failed to get {name} usage: unable to get metrics for resource {name}: {NO_RESOURCE_METRICS}")
            } else if target.get("averageUtilization").is_none_or(Value::is_null) {
                "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set".to_string()
            } else {
                format!("failed to get {name} utilization: unable to get metrics for resource {name}: {NO_RESOURCE_METRICS}")
            };
            (reason, err.clone(), err)
        }
        "Pods" => {
            let inner = format!(
                "unable to get metric {}: {NO_CUSTOM_METRICS}",
                s("/pods/metric/name")
            );
            let outer = format!("failed to get pods metric value: {inner}");
            ("FailedGetPodsMetric", inner, outer)
        }
        "Object" => {
            let inner = format!(
                "unable to get metric {}: {} on {ns} {}/{NO_CUSTOM_METRICS}",
                s("/object/metric/name"),
                s("/object/describedObject/kind"),
                s("/object/describedObject/name"),
            );
            let outer = format!("failed to get object metric value: {inner}");
            ("FailedGetObjectMetric", inner, outer)
        }
        "External" => {
            let name = s("/external/metric/name");
            let inner = format!(
                "unable to get external metric {ns}/{name}/nil: {NO_EXTERNAL_METRICS} (get {name}.external.metrics.k8s.io)"
            );
            let outer = format!("failed to get external metric {name}: {inner}");
            ("FailedGetExternalMetric", inner, outer)
        }
        other => {
            let err = format!(
                "unknown metric source type {}",
                crate::api::yaml::go_quote(other)
            );
            ("InvalidMetricSourceType", err.clone(), err)
        }
    }
}

impl Cluster {
    /// Stores an HPA (bumping its resourceVersion).
    pub(crate) fn write_hpa(&mut self, mut h: HorizontalPodAutoscaler) {
        h.metadata.resource_version = self.store.next_resource_version();
        self.store.hpas.put(h);
    }

    /// A new HPA: its first reconcile is one sync period away (see the module comment).
    pub(crate) fn hpa_created(&mut self, key: ObjKey, uid: String) {
        self.after(HPA_SYNC_PERIOD_MS, Timer::SyncHpa { hpa: key, uid });
    }

    pub(crate) fn remove_hpa(&mut self, key: &ObjKey) {
        if self.store.hpas.remove(key).is_some() {
            self.store.next_resource_version();
        }
    }

    /// The timer of an HPA fired: reconcile it and requeue it one period later.
    pub(crate) fn sync_hpa(&mut self, key: &ObjKey, uid: &str) {
        let Some(h) = self.store.hpas.get(key).cloned() else {
            return;
        };
        if h.metadata.uid != uid {
            return;
        }
        self.reconcile_autoscaler(h);
        self.hpa_created(key.clone(), uid.to_string());
    }

    /// The scalable resource an HPA's `scaleTargetRef` names, or the controller's error text
    /// (RESTMapper `no matches for kind …`, or the scale subresource GET's error).
    fn hpa_target(&self, h: &HorizontalPodAutoscaler) -> Result<(Resource, Value), String> {
        let av = h.target_api_version();
        let group = match av.split_once('/') {
            Some((g, _)) => g,
            None => "",
        };
        if av.split('/').count() > 2 {
            return Err(format!("unexpected GroupVersion string: {av}"));
        }
        let kind = h.target_kind();
        let r = Resource::ALL
            .into_iter()
            .find(|r| r.kind() == kind && r.group() == group)
            .ok_or_else(|| {
                format!(
                    "no matches for kind {} in group {}",
                    crate::api::yaml::go_quote(kind),
                    crate::api::yaml::go_quote(group)
                )
            })?;
        if !matches!(
            r,
            Resource::Deployment | Resource::ReplicaSet | Resource::StatefulSet
        ) {
            return Err("the server could not find the requested resource".into());
        }
        let ns = &h.metadata.namespace;
        let name = h.target_name();
        self.object_value(r, ns, name)
            .map(|v| (r, v))
            .ok_or_else(|| {
                format!(
                    "{} {} not found",
                    r.qualified_plural(),
                    crate::api::yaml::go_quote(name)
                )
            })
    }

    fn hpa_event(
        &mut self,
        h: &HorizontalPodAutoscaler,
        type_: &'static str,
        reason: &'static str,
        msg: String,
    ) {
        self.record_event(
            involved(h, "autoscaling/v2"),
            type_,
            reason,
            msg,
            SOURCE,
            None,
        );
    }

    /// `reconcileAutoscaler` for a cluster with no metrics APIs.
    fn reconcile_autoscaler(&mut self, h: HorizontalPodAutoscaler) {
        let now = self.now;
        let original = h.status.clone();
        let mut h = h;
        let (_, target) = match self.hpa_target(&h) {
            Ok(t) => t,
            Err(e) => {
                self.hpa_event(&h, "Warning", "FailedGetScale", e.clone());
                set_condition(
                    &mut h.status.conditions,
                    now,
                    "AbleToScale",
                    "False",
                    "FailedGetScale",
                    format!("the HPA controller was unable to get the target's current scale: {e}"),
                );
                self.update_hpa_status(h, &original);
                return;
            }
        };
        set_condition(
            &mut h.status.conditions,
            now,
            "AbleToScale",
            "True",
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale".into(),
        );
        let current = target
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1) as i32;
        let min = h.min_replicas();
        let max = h.max_replicas();
        let (desired, reason) = if current == 0 && min != 0 {
            set_condition(
                &mut h.status.conditions,
                now,
                "ScalingActive",
                "False",
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero".into(),
            );
            (0, None)
        } else if current > max {
            (
                max,
                Some("Current number of replicas above Spec.MaxReplicas"),
            )
        } else if current < min {
            (
                min,
                Some("Current number of replicas below Spec.MinReplicas"),
            )
        } else {
            // computeReplicasForMetrics: every metric fails; the condition and the returned
            // error are the first failure's.
            let metrics = h.metrics();
            let mut first: Option<(&'static str, String, String)> = None;
            let ns = h.metadata.namespace.clone();
            for m in &metrics {
                let (reason, inner, outer) = metric_error(m, &ns);
                self.hpa_event(&h, "Warning", reason, inner.clone());
                first.get_or_insert((reason, inner, outer));
            }
            let n = metrics.len();
            let (reason, inner, first_err) = first.unwrap_or_default();
            if !reason.is_empty() {
                set_condition(
                    &mut h.status.conditions,
                    now,
                    "ScalingActive",
                    "False",
                    reason,
                    format!("the HPA was unable to compute the replica count: {inner}"),
                );
            }
            let err =
                format!("invalid metrics ({n} invalid out of {n}), first error is: {first_err}");
            // setCurrentReplicasAndMetricsInStatus: desiredReplicas keeps its last value
            h.status.current_replicas = current;
            h.status.current_metrics = Some(vec![json!({"type": ""}); n]);
            self.update_hpa_status(h.clone(), &original);
            self.hpa_event(&h, "Warning", "FailedComputeMetricsReplicas", err);
            return;
        };
        let mut rescaled = false;
        if let Some(reason) = reason {
            let mut v = target;
            v["spec"]["replicas"] = json!(desired);
            match self.update_value(v) {
                Ok(_) => {
                    set_condition(
                        &mut h.status.conditions,
                        now,
                        "AbleToScale",
                        "True",
                        "SucceededRescale",
                        format!(
                            "the HPA controller was able to update the target scale to {desired}"
                        ),
                    );
                    self.hpa_event(
                        &h,
                        "Normal",
                        "SuccessfulRescale",
                        format!("New size: {desired}; reason: {reason}"),
                    );
                    rescaled = true;
                }
                Err(e) => {
                    self.hpa_event(
                        &h,
                        "Warning",
                        "FailedRescale",
                        format!(
                            "New size: {desired}; reason: {reason}; error: {}",
                            e.message
                        ),
                    );
                    set_condition(
                        &mut h.status.conditions,
                        now,
                        "AbleToScale",
                        "False",
                        "FailedUpdateScale",
                        format!(
                            "the HPA controller was unable to update the target scale: {}",
                            e.message
                        ),
                    );
                    self.update_hpa_status(h, &original);
                    return;
                }
            }
        }
        // setStatus: a clamp computes no metrics, so currentMetrics is cleared
        h.status.current_replicas = current;
        h.status.desired_replicas = if rescaled { desired } else { current };
        h.status.current_metrics = None;
        if rescaled {
            h.status.last_scale_time = Some(now);
        }
        self.update_hpa_status(h, &original);
    }

    /// `updateStatusIfNeeded`: writes only a changed status.
    fn update_hpa_status(&mut self, h: HorizontalPodAutoscaler, original: &crate::api::HpaStatus) {
        if &h.status != original {
            self.write_hpa(h);
        }
    }

    /// Whether the HPA's next reconcile would rescale its target (so `sim settle` waits for it).
    pub(crate) fn hpa_would_rescale(&self, key: &ObjKey) -> bool {
        let Some(h) = self.store.hpas.get(key) else {
            return false;
        };
        let Ok((_, target)) = self.hpa_target(h) else {
            return false;
        };
        let current = target
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1) as i32;
        !(current == 0 && h.min_replicas() != 0)
            && (current > h.max_replicas() || current < h.min_replicas())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cluster, ClusterConfig};

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.14.2\n";

    fn setup(flags: &str) -> Cluster {
        let mut c = Cluster::new(ClusterConfig::default());
        let out = c.exec("kubectl apply -f -", Some(DEPLOY), &|p| Err(p.to_string()));
        assert_eq!(out.exit_code, 0);
        c.run("sim settle");
        let out = c.run(&format!("kubectl autoscale deployment web {flags}"));
        assert_eq!(
            out.stdout(),
            "horizontalpodautoscaler.autoscaling/web autoscaled\n"
        );
        c
    }

    fn replicas(c: &Cluster) -> i32 {
        c.store()
            .deployments
            .get(&ObjKey::new("default", "web"))
            .unwrap()
            .spec
            .replicas
    }

    fn hpa(c: &Cluster) -> HorizontalPodAutoscaler {
        c.store()
            .hpas
            .get(&ObjKey::new("default", "web"))
            .unwrap()
            .clone()
    }

    #[test]
    fn first_sync_is_one_period_after_creation_and_clamps_to_min() {
        let mut c = setup("--min=3 --max=5");
        c.advance(HPA_SYNC_PERIOD_MS - 1);
        assert_eq!(replicas(&c), 1, "no sync before the resync period");
        c.advance(1);
        assert_eq!(replicas(&c), 3);
        let h = hpa(&c);
        assert_eq!(
            (h.status.current_replicas, h.status.desired_replicas),
            (1, 3)
        );
        assert_eq!(h.status.last_scale_time, Some(c.now()));
        assert_eq!(h.status.conditions[0].reason, "SucceededRescale");
        // the next sync is within bounds: metrics fail, nothing is scaled
        c.advance(HPA_SYNC_PERIOD_MS);
        let h = hpa(&c);
        assert_eq!(replicas(&c), 3);
        assert_eq!(h.status.current_metrics.as_ref().map(Vec::len), Some(1));
        let reasons: Vec<&str> = h
            .status
            .conditions
            .iter()
            .map(|c| c.reason.as_str())
            .collect();
        assert_eq!(reasons, ["SucceededGetScale", "FailedGetResourceMetric"]);
    }

    #[test]
    fn clamps_down_to_max_and_zero_disables() {
        let mut c = setup("--max=1");
        c.run("kubectl scale deployment web --replicas=4");
        c.advance(HPA_SYNC_PERIOD_MS);
        assert_eq!(replicas(&c), 1);
        c.run("kubectl scale deployment web --replicas=0");
        c.advance(HPA_SYNC_PERIOD_MS);
        assert_eq!(replicas(&c), 0, "a target at 0 replicas is left alone");
        assert_eq!(hpa(&c).status.conditions[1].reason, "ScalingDisabled");
    }

    #[test]
    fn condition_transition_time_moves_only_with_the_status() {
        let mut conds = Vec::new();
        set_condition(&mut conds, 1, "AbleToScale", "True", "A", "a".into());
        set_condition(&mut conds, 2, "AbleToScale", "True", "B", "b".into());
        assert_eq!(
            (conds[0].last_transition_time, conds[0].reason.as_str()),
            (1, "B")
        );
        set_condition(&mut conds, 3, "AbleToScale", "False", "C", "c".into());
        assert_eq!(conds[0].last_transition_time, 3);
    }

    #[test]
    fn deleting_the_hpa_ends_its_resync_chain() {
        let mut c = setup("--max=3");
        c.run("kubectl delete hpa web");
        c.advance(HPA_SYNC_PERIOD_MS);
        assert!(!c
            .pending_timers()
            .any(|t| matches!(t, Timer::SyncHpa { .. })));
    }
}
