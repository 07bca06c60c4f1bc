//! ResourceQuotas and LimitRanges: the quota controller's `status` (upstream
//! `pkg/controller/resourcequota`, over the store's running sums, see `store::quota`), the
//! ResourceQuota admission plugin (`staging/src/k8s.io/apiserver/pkg/admission/plugin/
//! resourcequota/controller.go` CheckRequest with the pod evaluator's Constraints, `pkg/quota/
//! v1/evaluator/core/pods.go`) and the LimitRanger plugin (`plugin/pkg/admission/limitranger/
//! admission.go`: defaults, then min/max/maxLimitRequestRatio). Direct pod creates and the
//! controllers' pods go through both; a refused controller pod is a FailedCreate event and a
//! retry with back-off, as the ServiceAccount plugin's refusals are.

use crate::api::meta::StringMap;
use crate::api::quota::{bucket_index, qty_text, Qty, ResourceQuota, BUCKETS, COMPUTE};
use crate::api::validation::{quantity, QFmt};
use crate::api::{LimitRange, ObjKey};
use crate::kubectl::resource::Resource;
use crate::sim::Cluster;
use serde_json::{json, Value};

const LIMIT_RANGER_ANNOTATION: &str = "kubernetes.io/limit-ranger";

/// The object-count resources a quota may name for a kind: its legacy name (`configmaps`,
/// for the kinds that have one) and `count/<resource>[.<group>]`.
fn count_names(r: Resource) -> (Option<&'static str>, String) {
    let legacy = match r {
        Resource::Pod => Some("pods"),
        Resource::Service => Some("services"),
        Resource::ConfigMap => Some("configmaps"),
        Resource::Secret => Some("secrets"),
        Resource::PersistentVolumeClaim => Some("persistentvolumeclaims"),
        Resource::ResourceQuota => Some("resourcequotas"),
        _ => None,
    };
    (legacy, format!("count/{}", r.qualified_plural()))
}

/// The kind a `count/…` or legacy object-count resource name counts.
fn counted_kind(name: &str) -> Option<Resource> {
    Resource::ALL.into_iter().find(|r| {
        *r != Resource::Pod && {
            let (legacy, count) = count_names(*r);
            legacy == Some(name) || count == name
        }
    })
}

/// The Service evaluator's resources (`pkg/quota/v1/evaluator/core/services.go`).
fn service_resource(name: &str) -> bool {
    matches!(
        name,
        "services" | "count/services" | "services.nodeports" | "services.loadbalancers"
    )
}

/// The claim evaluator's resources (`persistent_volume_claims.go`), the per-class ones too.
fn claim_resource(name: &str) -> bool {
    matches!(
        name,
        "persistentvolumeclaims" | "count/persistentvolumeclaims" | "requests.storage"
    ) || name.ends_with(".storageclass.storage.k8s.io/requests.storage")
        || name.ends_with(".storageclass.storage.k8s.io/persistentvolumeclaims")
}

/// What one object of kind `r` with this spec is charged: its object counts, and for a
/// Service (ServiceEvaluator.Usage) its node ports (every port of a NodePort Service, or of a
/// LoadBalancer one unless `allocateLoadBalancerNodePorts: false`, which counts only the ports
/// asking for one) and load balancer, for a claim its storage request, overall and per class
/// (the DefaultStorageClass plugin's class when it names none).
fn object_usage(r: Resource, spec: &Value) -> Vec<(String, Qty)> {
    let (legacy, count) = count_names(r);
    let mut out: Vec<(String, Qty)> = legacy
        .map(str::to_string)
        .into_iter()
        .chain([count])
        .map(|n| (n, int(1)))
        .collect();
    match r {
        Resource::Service => {
            let ports = spec.get("ports").and_then(Value::as_array);
            let n = |f: &dyn Fn(&Value) -> bool| {
                i64::try_from(ports.into_iter().flatten().filter(|p| f(p)).count()).unwrap_or(0)
            };
            let (node_ports, lbs) = match spec.get("type").and_then(Value::as_str) {
                Some("NodePort") => (n(&|_| true), 0),
                Some("LoadBalancer") => {
                    if spec.get("allocateLoadBalancerNodePorts") == Some(&json!(false)) {
                        (n(&|p| p.get("nodePort").is_some_and(|x| !x.is_null())), 1)
                    } else {
                        (n(&|_| true), 1)
                    }
                }
                _ => (0, 0),
            };
            out.push(("services.nodeports".into(), int(node_ports)));
            out.push(("services.loadbalancers".into(), int(lbs)));
        }
        Resource::PersistentVolumeClaim => {
            let class = spec
                .get("storageClassName")
                .and_then(Value::as_str)
                .unwrap_or(super::volume::STORAGE_CLASS);
            let storage = spec
                .pointer("/resources/requests/storage")
                .and_then(quantity)
                .unwrap_or_else(zero);
            out.push(("requests.storage".into(), storage));
            if !class.is_empty() {
                out.push((
                    format!("{class}.storageclass.storage.k8s.io/requests.storage"),
                    storage,
                ));
                out.push((
                    format!("{class}.storageclass.storage.k8s.io/persistentvolumeclaims"),
                    int(1),
                ));
            }
        }
        _ => {}
    }
    out
}

/// Which scope buckets a quota's scopes select (all four without scopes); None for a scope
/// kubeplay's pods can never match (PriorityClass selectors other than the ones handled,
/// CrossNamespacePodAffinity, VolumeAttributesClass).
fn bucket_matches(scope: &str, op: &str, best_effort: bool, terminating: bool) -> Option<bool> {
    let positive = op != "DoesNotExist";
    Some(match scope {
        "BestEffort" => best_effort == positive,
        "NotBestEffort" => best_effort != positive,
        "Terminating" => terminating == positive,
        "NotTerminating" => terminating != positive,
        _ => return None,
    })
}

/// Whether a pod of `spec` falls in the quota's scopes (podMatchesScopeFunc over every scope).
fn pod_in_scopes(q: &ResourceQuota, spec: &Value, best_effort: bool, terminating: bool) -> bool {
    q.scope_selectors().iter().all(|(scope, op, values)| {
        if scope == "PriorityClass" {
            let class = spec
                .get("priorityClassName")
                .and_then(Value::as_str)
                .unwrap_or("");
            return match op.as_str() {
                "Exists" => !class.is_empty(),
                "DoesNotExist" => class.is_empty(),
                "In" => !class.is_empty() && values.iter().any(|v| v == class),
                "NotIn" => class.is_empty() || !values.iter().any(|v| v == class),
                _ => false,
            };
        }
        bucket_matches(scope, op, best_effort, terminating).unwrap_or(false)
    })
}

/// The pod resources a quota tracks (podEvaluator.MatchingResources).
fn is_pod_resource(name: &str) -> bool {
    matches!(
        name,
        "pods"
            | "count/pods"
            | "cpu"
            | "memory"
            | "ephemeral-storage"
            | "requests.cpu"
            | "requests.memory"
            | "requests.ephemeral-storage"
            | "limits.cpu"
            | "limits.memory"
            | "limits.ephemeral-storage"
    )
}

/// The index in [`COMPUTE`] a compute resource name is summed under (`cpu` is `requests.cpu`).
fn compute_index(name: &str) -> Option<usize> {
    let name = match name {
        "cpu" => "requests.cpu",
        "memory" => "requests.memory",
        "ephemeral-storage" => "requests.ephemeral-storage",
        n => n,
    };
    COMPUTE.iter().position(|c| *c == name)
}

fn zero() -> Qty {
    (0, QFmt::Dec)
}

fn int(n: i64) -> Qty {
    (i128::from(n) * 1_000_000_000, QFmt::Dec)
}

impl Cluster {
    /// A quota write (create or spec update); the controller then writes its status, at once
    /// (its sync follows the quota's own event within the instant).
    pub(crate) fn write_quota(&mut self, mut q: ResourceQuota) {
        q.metadata.resource_version = self.store.next_resource_version();
        let key = q.metadata.key();
        let ns = q.metadata.namespace.to_string();
        if !self.store.quota_usage.tracks(&ns) {
            let s = &mut self.store;
            s.quota_usage.start(&ns, s.pods.in_namespace(&ns));
        }
        self.store.quotas.put(q);
        self.watched("ResourceQuota", &key, false);
        self.sync_quota_status(&ns);
    }

    /// The admission plugin's charge of a pod just created to its namespace's quotas (their
    /// status written in the same request, as CheckRequest's new usage is).
    pub(crate) fn charge_quotas(&mut self, ns: &str) {
        if self.store.quota_usage.tracks(ns) {
            self.sync_quota_status(ns);
        }
    }

    /// syncResourceQuota over the namespace's quotas: a status write (a new resourceVersion,
    /// a watch event) for each whose hard or used changed.
    pub(crate) fn sync_quota_status(&mut self, ns: &str) {
        let keys: Vec<ObjKey> = self
            .store
            .quotas
            .in_namespace(ns)
            .map(|q| q.metadata.key())
            .collect();
        for key in keys {
            let Some(q) = self.store.quotas.get(&key) else {
                continue;
            };
            let status = (q.hard(), self.quota_used(q));
            if status == q.written {
                continue;
            }
            let mut q = q.clone();
            q.written = status;
            q.metadata.resource_version = self.store.next_resource_version();
            self.store.quotas.put(q);
            self.watched("ResourceQuota", &key, false);
        }
    }

    pub(crate) fn remove_quota(&mut self, key: &ObjKey) {
        self.watched("ResourceQuota", key, true);
        if self.store.quotas.remove(key).is_some() {
            self.store.next_resource_version();
        }
        let ns = key.namespace();
        if self.store.quotas.in_namespace(ns).next().is_none() {
            self.store.quota_usage.stop(ns);
        }
    }

    pub(crate) fn write_limitrange(&mut self, mut l: LimitRange) {
        l.metadata.resource_version = self.store.next_resource_version();
        let key = l.metadata.key();
        self.store.limitranges.put(l);
        self.watched("LimitRange", &key, false);
    }

    pub(crate) fn remove_limitrange(&mut self, key: &ObjKey) {
        self.watched("LimitRange", key, true);
        if self.store.limitranges.remove(key).is_some() {
            self.store.next_resource_version();
        }
    }

    /// Objects of a kind in a namespace, for object-count quotas (counted when read: only
    /// commands read them).
    fn object_count(&self, r: Resource, ns: &str) -> i64 {
        let s = &self.store;
        let n = match r {
            Resource::Deployment => s.deployments.in_namespace(ns).count(),
            Resource::ReplicaSet => s.replicasets.in_namespace(ns).count(),
            Resource::Service => s.services.in_namespace(ns).count(),
            Resource::StatefulSet => s.statefulsets.in_namespace(ns).count(),
            Resource::DaemonSet => s.daemonsets.in_namespace(ns).count(),
            Resource::Job => s.jobs.in_namespace(ns).count(),
            Resource::CronJob => s.cronjobs.in_namespace(ns).count(),
            Resource::ControllerRevision => s.controllerrevisions.in_namespace(ns).count(),
            Resource::PersistentVolumeClaim => s.pvcs.in_namespace(ns).count(),
            Resource::HorizontalPodAutoscaler => s.hpas.in_namespace(ns).count(),
            Resource::ConfigMap => s.configmaps.in_namespace(ns).count(),
            Resource::Secret => s.secrets.in_namespace(ns).count(),
            Resource::ServiceAccount => s.serviceaccounts.in_namespace(ns).count(),
            Resource::PodDisruptionBudget => s.pdbs.in_namespace(ns).count(),
            Resource::ResourceQuota => s.quotas.in_namespace(ns).count(),
            Resource::LimitRange => s.limitranges.in_namespace(ns).count(),
            Resource::Event => s
                .events
                .iter()
                .filter(|e| e.metadata.namespace == ns)
                .count(),
            Resource::Pod
            | Resource::Node
            | Resource::Namespace
            | Resource::PersistentVolume
            | Resource::Endpoints => 0,
        };
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// The quota's `status.used` (syncResourceQuota): for every hard resource the controller
    /// has an evaluator for, the namespace's usage within the quota's scopes.
    pub(crate) fn quota_used(&self, q: &ResourceQuota) -> Vec<(String, Qty)> {
        let ns = q.metadata.namespace.as_str();
        let usage = self.store.quota_usage.get(ns);
        let scoped = !q.scope_selectors().is_empty();
        let mut out = Vec::new();
        for (name, _) in q.hard() {
            let value = if is_pod_resource(&name) {
                let mut sum: Option<Qty> = None;
                for (i, (be, term)) in BUCKETS.iter().enumerate() {
                    let in_scope = !scoped
                        || q.scope_selectors()
                            .iter()
                            .all(|(s, op, _)| bucket_matches(s, op, *be, *term).unwrap_or(false));
                    let Some(b) = usage.map(|u| &u.buckets[i]).filter(|_| in_scope) else {
                        continue;
                    };
                    debug_assert_eq!(i, bucket_index(*be, *term));
                    let add = match name.as_str() {
                        "pods" => Some(int(b.pods)),
                        "count/pods" => Some(int(b.count)),
                        n => compute_index(n).and_then(|k| b.res[k]),
                    };
                    if let Some(a) = add {
                        sum = Some(crate::api::quota::add(sum, a));
                    }
                }
                sum.unwrap_or_else(zero)
            } else if scoped {
                // object counts are not scoped: the generic evaluator matches no scope
                zero()
            } else if let Some(x) = self.object_used(&name, ns) {
                x
            } else {
                continue;
            };
            out.push((name, value));
        }
        out
    }

    pub(crate) fn quota_value(&self, q: &ResourceQuota) -> Value {
        crate::api::quota::quota_to_value(q, &self.quota_used(q))
    }

    /// The namespace's quotas in list order (by name), as the admission plugin walks them.
    fn quotas_in<'a>(&'a self, ns: &'a str) -> Vec<&'a ResourceQuota> {
        self.store.quotas.in_namespace(ns).collect()
    }

    /// The ResourceQuota admission plugin on a pod create (CheckRequest): for each quota of
    /// the namespace that matches the pod, first the pod evaluator's Constraints (every
    /// container must set the cpu/memory requests and limits the quota tracks), then the pod's
    /// usage against `hard`. The error refusing it, in the API server's words.
    pub(crate) fn pod_quota_error(&self, ns: &str, name: &str, spec: &Value) -> Option<String> {
        if self.store.quotas.is_empty() {
            return None;
        }
        let quotas = self.quotas_in(ns);
        if quotas.is_empty() {
            return None;
        }
        let usage = crate::api::quota::PodUsage::of(spec, false);
        let forbidden = |m: String| crate::api::priority::forbidden(name, &m);
        let mut matching = Vec::new();
        for q in &quotas {
            let hard = q.hard();
            let tracked: Vec<&str> = hard
                .iter()
                .map(|(k, _)| k.as_str())
                .filter(|k| is_pod_resource(k))
                .collect();
            if tracked.is_empty() || !pod_in_scopes(q, spec, usage.best_effort, usage.terminating) {
                continue;
            }
            if let Some(m) = missing_constraints(&tracked, spec) {
                return Some(forbidden(format!(
                    "failed quota: {}: must specify {m}",
                    q.metadata.name
                )));
            }
            matching.push((*q, hard));
        }
        // the pod's usage, zero quantities removed (RemoveZeros)
        let requested = |k: &str| -> Option<Qty> {
            let v = match k {
                "pods" | "count/pods" => int(1),
                n => usage.res[compute_index(n)?]?,
            };
            (v.0 != 0).then_some(v)
        };
        for (q, hard) in matching {
            let used = self.quota_used(q);
            let used_of = |k: &str| used.iter().find(|(n, _)| n == k).map(|x| x.1);
            let mut exceeded = Vec::new();
            for (k, h) in &hard {
                let Some(req) = requested(k).filter(|_| is_pod_resource(k)) else {
                    continue;
                };
                let now = used_of(k).unwrap_or_else(zero);
                if now.0.saturating_add(req.0) > h.0 {
                    exceeded.push((k.clone(), req, now, *h));
                }
            }
            if !exceeded.is_empty() {
                return Some(forbidden(exceeded_message(&q.metadata.name, &exceeded)));
            }
        }
        None
    }

    /// The ResourceQuota plugin on the create of another namespaced object: its usage (the
    /// object counts; a Service's node ports and load balancer, a claim's storage) against
    /// each unscoped quota of the namespace, in name order.
    pub(crate) fn object_quota_error(
        &self,
        r: Resource,
        ns: &str,
        name: &str,
        v: &Value,
    ) -> Option<String> {
        if self.store.quotas.is_empty() {
            return None;
        }
        let quotas = self.quotas_in(ns);
        if quotas.is_empty() {
            return None;
        }
        let usage = object_usage(r, v.get("spec").unwrap_or(&Value::Null));
        for q in quotas {
            if !q.scope_selectors().is_empty() {
                continue;
            }
            let used = self.quota_used(q);
            let mut exceeded = Vec::new();
            for (k, h) in q.hard() {
                let Some((_, req)) = usage.iter().find(|(n, x)| *n == k && x.0 != 0) else {
                    continue;
                };
                let now = used
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map_or_else(zero, |x| x.1);
                if now.0.saturating_add(req.0) > h.0 {
                    exceeded.push((k, *req, now, h));
                }
            }
            if !exceeded.is_empty() {
                return Some(format!(
                    "{} {} is forbidden: {}",
                    r.qualified_plural(),
                    crate::api::yaml::go_quote(name),
                    exceeded_message(&q.metadata.name, &exceeded)
                ));
            }
        }
        None
    }

    /// The namespace's usage of a resource that is not a pod's: the sum over the objects of
    /// the kind whose evaluator tracks it (counted when read). None when no evaluator does.
    fn object_used(&self, name: &str, ns: &str) -> Option<Qty> {
        let s = &self.store;
        let sum = |specs: &mut dyn Iterator<Item = &Value>, r: Resource| {
            let mut total = zero();
            for spec in specs {
                if let Some((_, x)) = object_usage(r, spec).into_iter().find(|(n, _)| n == name) {
                    total = crate::api::quota::add(Some(total), x);
                }
            }
            total
        };
        if service_resource(name) {
            return Some(sum(
                &mut s.services.in_namespace(ns).map(|x| &x.spec),
                Resource::Service,
            ));
        }
        if claim_resource(name) {
            return Some(sum(
                &mut s.pvcs.in_namespace(ns).map(|x| &x.spec),
                Resource::PersistentVolumeClaim,
            ));
        }
        counted_kind(name).map(|r| int(self.object_count(r, ns)))
    }

    /// The namespace's LimitRanges in list order.
    fn ranges_in<'a>(&'a self, ns: &'a str) -> Vec<&'a LimitRange> {
        if self.store.limitranges.is_empty() {
            return Vec::new();
        }
        self.store.limitranges.in_namespace(ns).collect()
    }

    /// LimitRanger's mutation of a pod being created from JSON (`kubectl run`, `apply`).
    pub(crate) fn limit_ranger_defaults_value(&self, pod: &mut Value) {
        let ns = pod
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let ranges = self.ranges_in(&ns);
        if ranges.is_empty() {
            return;
        }
        let Some(spec) = pod.get_mut("spec") else {
            return;
        };
        let mut notes = Vec::new();
        for l in &ranges {
            notes.extend(apply_defaults(l, spec));
        }
        if let Some(text) = annotation(&notes) {
            if let Some(meta) = pod.get_mut("metadata").and_then(Value::as_object_mut) {
                let a = meta.entry("annotations").or_insert_with(|| json!({}));
                if !a.is_object() {
                    *a = json!({});
                }
                a[LIMIT_RANGER_ANNOTATION] = json!(text);
            }
        }
    }

    /// LimitRanger's mutation of a controller's pod: the spec with the defaults (a copy only
    /// when a range changes it) and the annotation added to the pod's annotations.
    pub(crate) fn limit_ranger_defaults_spec(
        &self,
        ns: &str,
        spec: &std::rc::Rc<Value>,
        annotations: &mut StringMap,
    ) -> Option<std::rc::Rc<Value>> {
        let ranges = self.ranges_in(ns);
        if ranges.is_empty() {
            return None;
        }
        let mut copy = (**spec).clone();
        let mut notes = Vec::new();
        for l in &ranges {
            notes.extend(apply_defaults(l, &mut copy));
        }
        let text = annotation(&notes)?;
        annotations.insert(LIMIT_RANGER_ANNOTATION.to_string(), text);
        Some(std::rc::Rc::new(copy))
    }

    /// LimitRanger's validation (PodValidateLimitFunc) over every range of the namespace: the
    /// first range with violations refuses the pod with all of them (an aggregate: one error
    /// alone, several as `[a, b]`).
    pub(crate) fn limit_ranger_error(&self, ns: &str, name: &str, spec: &Value) -> Option<String> {
        for l in self.ranges_in(ns) {
            let errs = validate_pod(l, spec);
            match errs.len() {
                0 => continue,
                1 => return Some(crate::api::priority::forbidden(name, &errs[0])),
                _ => {
                    return Some(crate::api::priority::forbidden(
                        name,
                        &format!("[{}]", errs.join(", ")),
                    ))
                }
            }
        }
        None
    }

    /// Validating admission of a controller's pod once its name is generated: LimitRanger's
    /// defaults and checks, then ResourceQuota. The spec and annotations it is created with,
    /// or the refusal.
    pub(crate) fn admit_controller_pod(
        &self,
        ns: &str,
        name: &str,
        spec: &std::rc::Rc<Value>,
        annotations: &mut StringMap,
    ) -> Result<Option<std::rc::Rc<Value>>, String> {
        if self.store.limitranges.is_empty() && self.store.quotas.is_empty() {
            return Ok(None);
        }
        let defaulted = self.limit_ranger_defaults_spec(ns, spec, annotations);
        let s = defaulted.as_ref().unwrap_or(spec);
        if let Some(e) = self
            .limit_ranger_error(ns, name, s)
            .or_else(|| self.pod_quota_error(ns, name, s))
        {
            return Err(e);
        }
        Ok(defaulted)
    }
}

/// `exceeded quota: NAME, requested: a=1,b=2, used: …, limited: …` (prettyPrint: sorted
/// `name=quantity` pairs joined by commas).
/// An exceeded resource: its name, what the pod requests, what is used, the hard limit.
type Exceeded = (String, Qty, Qty, Qty);

fn exceeded_message(quota: &str, exceeded: &[Exceeded]) -> String {
    let list = |f: &dyn Fn(&Exceeded) -> Qty| {
        exceeded
            .iter()
            .map(|e| format!("{}={}", e.0, qty_text(f(e))))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "exceeded quota: {quota}, requested: {}, used: {}, limited: {}",
        list(&|e| e.1),
        list(&|e| e.2),
        list(&|e| e.3)
    )
}

/// podEvaluator.Constraints: the cpu/memory resources the quota tracks that a container does
/// not set, `limits.cpu for: a,b; limits.memory for: a` (resources and names sorted).
fn missing_constraints(tracked: &[&str], spec: &Value) -> Option<String> {
    let required: Vec<&str> = tracked
        .iter()
        .copied()
        .filter(|k| {
            matches!(
                *k,
                "cpu"
                    | "memory"
                    | "requests.cpu"
                    | "requests.memory"
                    | "limits.cpu"
                    | "limits.memory"
            )
        })
        .collect();
    let mut missing: std::collections::BTreeMap<&str, std::collections::BTreeSet<String>> =
        Default::default();
    for c in ["containers", "initContainers"]
        .into_iter()
        .filter_map(|k| spec.get(k).and_then(Value::as_array))
        .flatten()
    {
        let has = |which: &str, r: &str| {
            c.pointer(&format!("/resources/{which}/{r}")).is_some()
                || (which == "requests" && c.pointer(&format!("/resources/limits/{r}")).is_some())
        };
        for k in &required {
            let set = match *k {
                "cpu" | "requests.cpu" => has("requests", "cpu"),
                "memory" | "requests.memory" => has("requests", "memory"),
                "limits.cpu" => has("limits", "cpu"),
                _ => has("limits", "memory"),
            };
            if !set {
                let name = c.get("name").and_then(Value::as_str).unwrap_or("");
                missing.entry(k).or_default().insert(name.to_string());
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    Some(
        missing
            .iter()
            .map(|(r, names)| {
                format!(
                    "{r} for: {}",
                    names.iter().cloned().collect::<Vec<_>>().join(",")
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// The `Container` items' defaults of one range (defaultContainerResourceRequirements).
fn container_defaults(
    l: &LimitRange,
) -> (
    serde_json::Map<String, Value>,
    serde_json::Map<String, Value>,
) {
    let mut requests = serde_json::Map::new();
    let mut limits = serde_json::Map::new();
    for item in l
        .spec
        .get("limits")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|i| i.get("type").and_then(Value::as_str) == Some("Container"))
    {
        for (k, v) in item
            .get("defaultRequest")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            requests.insert(k.clone(), v.clone());
        }
        for (k, v) in item
            .get("default")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            limits.insert(k.clone(), v.clone());
        }
    }
    (requests, limits)
}

/// mergePodResourceRequirements for one range: what it set, as the annotation's phrases.
fn apply_defaults(l: &LimitRange, spec: &mut Value) -> Vec<String> {
    let (requests, limits) = container_defaults(l);
    let mut notes = Vec::new();
    if requests.is_empty() && limits.is_empty() {
        return notes;
    }
    for (field, what) in [
        ("containers", "container"),
        ("initContainers", "init container"),
    ] {
        let Some(cs) = spec.get_mut(field).and_then(Value::as_array_mut) else {
            continue;
        };
        for c in cs {
            let name = c
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let Some(obj) = c.as_object_mut() else {
                continue;
            };
            let res = obj.entry("resources").or_insert_with(|| json!({}));
            if !res.is_object() {
                *res = json!({});
            }
            let mut set_limits = Vec::new();
            let mut set_requests = Vec::new();
            for (which, defaults, set) in [
                ("limits", &limits, &mut set_limits),
                ("requests", &requests, &mut set_requests),
            ] {
                if defaults.is_empty() {
                    continue;
                }
                let m = res
                    .as_object_mut()
                    .map(|r| r.entry(which).or_insert_with(|| json!({})));
                let Some(m) = m.and_then(Value::as_object_mut) else {
                    continue;
                };
                for (k, v) in defaults {
                    if !m.contains_key(k) {
                        m.insert(k.clone(), v.clone());
                        set.push(k.clone());
                    }
                }
            }
            if !set_requests.is_empty() {
                crate::sort::sort(&mut set_requests);
                notes.push(format!(
                    "{} request for {what} {name}",
                    set_requests.join(", ")
                ));
            }
            if !set_limits.is_empty() {
                crate::sort::sort(&mut set_limits);
                notes.push(format!("{} limit for {what} {name}", set_limits.join(", ")));
            }
        }
    }
    notes
}

fn annotation(notes: &[String]) -> Option<String> {
    (!notes.is_empty()).then(|| format!("LimitRanger plugin set: {}", notes.join("; ")))
}

/// requestLimitEnforcedValues: milli-units (kubeplay's quantities fit), rounded up as
/// MilliValue does.
fn milli(q: Qty) -> i128 {
    let (n, _) = q;
    n.div_euclid(1_000_000) + i128::from(n.rem_euclid(1_000_000) != 0)
}

/// PodValidateLimitFunc: each item's min/max/maxLimitRequestRatio over the containers (then
/// init containers) for `Container`, over their sums for `Pod`; resources in name order.
fn validate_pod(l: &LimitRange, spec: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let list = |c: &Value, which: &str| -> Vec<(String, Qty)> {
        c.pointer(&format!("/resources/{which}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.clone(), quantity(v)?)))
            .collect()
    };
    let containers: Vec<&Value> = spec
        .get("containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let inits: Vec<&Value> = spec
        .get("initContainers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    for item in l
        .spec
        .get("limits")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let t = item.get("type").and_then(Value::as_str).unwrap_or("");
        let enforced = |f: &str| -> Vec<(String, Qty)> {
            item.get(f)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| Some((k.clone(), quantity(v)?)))
                .collect()
        };
        let (min, max, ratio) = (
            enforced("min"),
            enforced("max"),
            enforced("maxLimitRequestRatio"),
        );
        let mut check = |req: &[(String, Qty)], lim: &[(String, Qty)]| {
            let find = |l: &[(String, Qty)], k: &str| l.iter().find(|x| x.0 == k).map(|x| x.1);
            for (k, e) in &min {
                let (r, li) = (find(req, k), find(lim, k));
                let es = qty_text(*e);
                match r {
                    None => errs.push(format!(
                        "minimum {k} usage per {t} is {es}.  No request is specified"
                    )),
                    Some(r) if milli(r) < milli(*e) => errs.push(format!(
                        "minimum {k} usage per {t} is {es}, but request is {}",
                        qty_text(r)
                    )),
                    _ => {
                        if let Some(li) = li.filter(|li| milli(*li) < milli(*e)) {
                            errs.push(format!(
                                "minimum {k} usage per {t} is {es}, but limit is {}",
                                qty_text(li)
                            ));
                        }
                    }
                }
            }
            for (k, e) in &max {
                let (r, li) = (find(req, k), find(lim, k));
                let es = qty_text(*e);
                match li {
                    None => errs.push(format!(
                        "maximum {k} usage per {t} is {es}.  No limit is specified"
                    )),
                    Some(li) if milli(li) > milli(*e) => errs.push(format!(
                        "maximum {k} usage per {t} is {es}, but limit is {}",
                        qty_text(li)
                    )),
                    _ => {
                        if let Some(r) = r.filter(|r| milli(*r) > milli(*e)) {
                            errs.push(format!(
                                "maximum {k} usage per {t} is {es}, but request is {}",
                                qty_text(r)
                            ));
                        }
                    }
                }
            }
            for (k, e) in &ratio {
                let (r, li) = (find(req, k).map(milli), find(lim, k).map(milli));
                let es = qty_text(*e);
                match (r, li) {
                    (None | Some(0), _) => errs.push(format!(
                        "{k} max limit to request ratio per {t} is {es}, but no request is specified or request is 0"
                    )),
                    (_, None | Some(0)) => errs.push(format!(
                        "{k} max limit to request ratio per {t} is {es}, but no limit is specified or limit is 0"
                    )),
                    (Some(r), Some(li)) => {
                        let observed = li as f64 / r as f64;
                        if observed * 1000.0 > milli(*e) as f64 {
                            errs.push(format!(
                                "{k} max limit to request ratio per {t} is {es}, but provided ratio is {observed:.6}"
                            ));
                        }
                    }
                }
            }
        };
        match t {
            "Container" => {
                for c in containers.iter().chain(&inits) {
                    check(&list(c, "requests"), &list(c, "limits"));
                }
            }
            "Pod" => {
                // sum(): a resource counts only when every container sets it
                let sum = |which: &str| -> Vec<(String, Qty)> {
                    let lists: Vec<Vec<(String, Qty)>> =
                        containers.iter().map(|c| list(c, which)).collect();
                    let mut keys: Vec<String> =
                        lists.iter().flatten().map(|x| x.0.clone()).collect();
                    crate::sort::sort(&mut keys);
                    keys.dedup();
                    keys.into_iter()
                        .filter_map(|k| {
                            let mut total = 0i128;
                            for l in &lists {
                                total = total.saturating_add(l.iter().find(|x| x.0 == k)?.1 .0);
                            }
                            Some((k, (total, QFmt::Dec)))
                        })
                        .collect()
                };
                check(&sum("requests"), &sum("limits"));
            }
            _ => {}
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ClusterConfig;

    fn used_text(c: &Cluster, ns: &str, name: &str) -> Vec<(String, String)> {
        let q = c.store.quotas.get(&ObjKey::new(ns, name)).expect("quota");
        c.quota_used(q)
            .into_iter()
            .map(|(k, v)| (k, qty_text(v)))
            .collect()
    }

    /// What the quota controller's full recount (CalculateUsage over every pod of the
    /// namespace) finds, for the unscoped pod resources.
    fn recount(c: &Cluster, ns: &str, names: &[&str]) -> Vec<(String, String)> {
        let mut sums: std::collections::BTreeMap<String, Option<Qty>> = Default::default();
        for p in c.store.pods.in_namespace(ns) {
            let u = crate::api::quota::PodUsage::of(&p.spec, p.status.phase.is_terminal());
            for n in names {
                let add = match *n {
                    "count/pods" => Some(int(1)),
                    "pods" => u.live.then(|| int(1)),
                    k => u.res[compute_index(k).unwrap_or(0)].filter(|_| u.live),
                };
                let e = sums.entry(n.to_string()).or_default();
                if let Some(a) = add {
                    *e = Some(crate::api::quota::add(*e, a));
                }
            }
        }
        let mut out: Vec<(String, String)> = names
            .iter()
            .map(|n| {
                let v = sums.get(*n).copied().flatten().unwrap_or_else(zero);
                (n.to_string(), qty_text(v))
            })
            .collect();
        crate::sort::sort(&mut out);
        out
    }

    #[test]
    fn docs_numbers_and_running_sums_match_a_full_recount() {
        let mut c = Cluster::new(ClusterConfig::default());
        let ok = |c: &mut Cluster, line: &str| {
            let out = c.run(line);
            assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr());
        };
        ok(&mut c, "kubectl create namespace q");
        // pods made before the quota are summed when it arrives
        ok(&mut c, "kubectl run early -n q --image=nginx --overrides='{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"resources\":{\"limits\":{\"cpu\":\"800m\",\"memory\":\"800Mi\"},\"requests\":{\"cpu\":\"400m\",\"memory\":\"600Mi\"}}}]}}'");
        ok(&mut c, "kubectl create quota mem-cpu-demo -n q --hard=requests.cpu=1,requests.memory=1Gi,limits.cpu=2,limits.memory=2Gi");
        assert_eq!(
            used_text(&c, "q", "mem-cpu-demo"),
            [
                ("limits.cpu", "800m"),
                ("limits.memory", "800Mi"),
                ("requests.cpu", "400m"),
                ("requests.memory", "600Mi")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        // the docs' second pod: 700Mi more would pass 1Gi
        let refused = c.run("kubectl run second -n q --image=redis --overrides='{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"redis\",\"resources\":{\"limits\":{\"cpu\":\"800m\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"400m\",\"memory\":\"700Mi\"}}}]}}'");
        assert_eq!(
            refused.stderr(),
            "Error from server (Forbidden): pods \"second\" is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi\n"
        );
        ok(
            &mut c,
            "kubectl create quota counts -n q --hard=pods=10,count/pods=10,cpu=4,limits.memory=4Gi",
        );
        let names = ["count/pods", "cpu", "limits.memory", "pods"];
        ok(
            &mut c,
            "kubectl create deployment web -n q --image=nginx --replicas=3",
        );
        ok(&mut c, "kubectl set resources deployment web -n q --requests=cpu=100m,memory=64Mi --limits=cpu=200m,memory=128Mi");
        ok(&mut c, "kubectl run once -n q --image=busybox --restart=Never --overrides='{\"spec\":{\"containers\":[{\"name\":\"once\",\"image\":\"busybox\",\"args\":[\"true\"],\"resources\":{\"limits\":{\"cpu\":\"100m\",\"memory\":\"100Mi\"}}}]}}'");
        for step in [
            "sim advance 5s",
            "kubectl scale deployment web -n q --replicas=5",
            "sim advance 10s",
            "kubectl delete pod early -n q --wait=false",
            "sim advance 40s",
            "kubectl scale deployment web -n q --replicas=1",
            "sim advance 40s",
        ] {
            ok(&mut c, step);
            assert_eq!(
                used_text(&c, "q", "counts"),
                recount(&c, "q", &names),
                "after {step}"
            );
        }
        // one web pod (100m, 128Mi limit) and the finished `once` (counted by count/pods only)
        assert_eq!(
            used_text(&c, "q", "counts"),
            [
                ("count/pods", "2"),
                ("cpu", "100m"),
                ("limits.memory", "128Mi"),
                ("pods", "1")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        // the last quota gone: the namespace is no longer tracked
        ok(&mut c, "kubectl delete quota --all -n q");
        assert!(c.store.quota_usage.is_empty());
    }

    #[test]
    fn constraints_name_each_missing_resource_and_container() {
        let spec = json!({"containers": [
            {"name": "b", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}},
            {"name": "a"}]});
        assert_eq!(
            missing_constraints(
                &["limits.cpu", "limits.memory", "requests.cpu", "pods"],
                &spec
            )
            .as_deref(),
            Some("limits.cpu for: a,b; limits.memory for: a,b; requests.cpu for: a")
        );
    }

    fn range(spec: Value) -> LimitRange {
        crate::api::quota::limitrange_from_value(&json!({"metadata": {"name": "lr"}, "spec": spec}))
    }

    #[test]
    fn limit_ranger_defaults_and_annotates_as_the_docs_show() {
        // memory-defaults.yaml: default 512Mi, defaultRequest 256Mi
        let l = range(json!({"limits": [{"type": "Container",
            "default": {"memory": "512Mi"}, "defaultRequest": {"memory": "256Mi"}}]}));
        let mut spec = json!({"containers": [
            {"name": "default-mem-demo-ctr", "image": "nginx"},
            {"name": "b", "image": "nginx", "resources": {"requests": {"memory": "128Mi"}}}],
            "initContainers": [{"name": "i", "image": "busybox"}]});
        let notes = apply_defaults(&l, &mut spec);
        assert_eq!(
            annotation(&notes).as_deref(),
            Some("LimitRanger plugin set: memory request for container default-mem-demo-ctr; memory limit for container default-mem-demo-ctr; memory limit for container b; memory request for init container i; memory limit for init container i")
        );
        assert_eq!(
            spec["containers"][0]["resources"],
            json!({"limits": {"memory": "512Mi"}, "requests": {"memory": "256Mi"}})
        );
        assert_eq!(
            spec["containers"][1]["resources"],
            json!({"limits": {"memory": "512Mi"}, "requests": {"memory": "128Mi"}})
        );
        assert_eq!(
            spec["initContainers"][0]["resources"],
            json!({"limits": {"memory": "512Mi"}, "requests": {"memory": "256Mi"}})
        );
    }

    #[test]
    fn limit_ranger_refusals_in_upstream_words() {
        let l = range(json!({"limits": [
            {"type": "Container", "max": {"memory": "1Gi"}, "min": {"memory": "500Mi"},
             "maxLimitRequestRatio": {"cpu": "2"}},
            {"type": "Pod", "max": {"cpu": "1"}}]}));
        let c = |req: Value, lim: Value| json!({"containers": [{"name": "c", "resources": {"requests": req, "limits": lim}}]});
        assert_eq!(
            validate_pod(
                &l,
                &c(
                    json!({"memory": "800Mi", "cpu": "600m"}),
                    json!({"memory": "1536Mi", "cpu": "1"})
                )
            ),
            ["maximum memory usage per Container is 1Gi, but limit is 1536Mi"]
        );
        assert_eq!(
            validate_pod(
                &l,
                &c(
                    json!({"memory": "100Mi", "cpu": "400m"}),
                    json!({"memory": "800Mi", "cpu": "1"})
                )
            ),
            [
                "minimum memory usage per Container is 500Mi, but request is 100Mi",
                "cpu max limit to request ratio per Container is 2, but provided ratio is 2.500000"
            ]
        );
        assert_eq!(
            validate_pod(&l, &c(json!({"memory": "600Mi"}), json!({"memory": "800Mi", "cpu": "1500m"}))),
            [
                "cpu max limit to request ratio per Container is 2, but no request is specified or request is 0",
                "maximum cpu usage per Pod is 1, but limit is 1500m"
            ]
        );
        assert_eq!(
            validate_pod(&l, &c(json!({}), json!({}))),
            [
                "minimum memory usage per Container is 500Mi.  No request is specified",
                "maximum memory usage per Container is 1Gi.  No limit is specified",
                "cpu max limit to request ratio per Container is 2, but no request is specified or request is 0",
                "maximum cpu usage per Pod is 1.  No limit is specified"
            ]
        );
    }

    #[test]
    fn exceeded_lists_sorted_pairs() {
        let mi = |n: i128| (n * (1 << 20) * 1_000_000_000, QFmt::Bin);
        let e = vec![("requests.memory".to_string(), mi(700), mi(600), mi(1024))];
        assert_eq!(
            exceeded_message("quota-mem-cpu-demo", &e),
            "exceeded quota: quota-mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi"
        );
    }
}
