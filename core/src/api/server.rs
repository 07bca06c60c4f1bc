//! The API server's write path: strict decoding, defaulting, validation, generation and
//! resourceVersion bookkeeping (spec §3). kubectl commands fetch an object as JSON, change it and
//! PUT it back through here, so every command gets the same checks and errors.

use super::codec::*;
use super::*;
use crate::kubectl::resource::Resource;
use crate::sim::Cluster;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// A failed API call: the HTTP reason (`NotFound`, `AlreadyExists`, `Invalid`, `BadRequest`,
/// `Forbidden`, `Conflict`) and the StatusError message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub reason: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }

    pub fn not_found(r: Resource, name: &str) -> Self {
        Self::new(
            "NotFound",
            format!("{} \"{name}\" not found", r.qualified_plural()),
        )
    }

    /// How kubectl prints it (`Error from server (NotFound): …`; Invalid errors are printed as
    /// the formatted field errors already are).
    pub fn to_kubectl(&self) -> String {
        match self.reason {
            "Invalid" => self.message.clone(),
            r => format!("Error from server ({r}): {}", self.message),
        }
    }

    /// With kubectl's source context: `Error from server (BadRequest): error when creating "x.yaml": …`.
    pub fn with_source(&self, verb: &str, source: &str) -> String {
        match self.reason {
            "Invalid" => self.message.clone(),
            r => format!(
                "Error from server ({r}): error when {verb} \"{source}\": {}",
                self.message
            ),
        }
    }
}

/// The API server's validation, rendered as kubectl prints it; None when valid.
fn validation_errors(kind: &str, v: &Value, old: Option<&Value>) -> Option<String> {
    let errs = super::validation::validate(kind, v, old);
    if errs.is_empty() {
        return None;
    }
    let name = v
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    Some(super::validation::format_invalid(kind, name, &errs))
}

/// The stored metadata an update keeps, with what a client may change taken from the object
/// sent: labels, annotations and owner references.
fn updated_meta(cur: &ObjectMeta, sent: ObjectMeta) -> ObjectMeta {
    let mut m = cur.clone();
    m.labels = sent.labels;
    m.annotations = sent.annotations;
    m.owner_references = sent.owner_references;
    m
}

/// Which resource a JSON object is.
pub fn resource_of(v: &Value) -> Option<Resource> {
    v.get("kind")
        .and_then(Value::as_str)
        .and_then(Resource::parse)
}

/// `--service-node-port-range`'s default.
const NODE_PORTS: std::ops::RangeInclusive<i64> = 30000..=32767;

/// The first ports of the range are kept for ports users ask for (ServiceNodePortStaticSubrange,
/// GA in v1.29): `min(max(16, size/32), 128)` of them; random allocation takes the rest first.
fn node_port_static_band() -> i64 {
    let size = NODE_PORTS.end() - NODE_PORTS.start() + 1;
    (size / 32).clamp(16, 128)
}

/// Whether a Service of this spec gets node ports (`NodePort`, and `LoadBalancer` unless
/// `allocateLoadBalancerNodePorts: false`).
fn wants_node_ports(spec: &Value) -> bool {
    match spec.get("type").and_then(Value::as_str) {
        Some("NodePort") => true,
        Some("LoadBalancer") => spec.get("allocateLoadBalancerNodePorts") != Some(&json!(false)),
        _ => false,
    }
}

impl Cluster {
    /// Node ports held by the Services in the store.
    fn node_ports_in_use(&self) -> BTreeSet<i64> {
        crate::sort::btree_set(
            self.store
                .services
                .iter()
                .flat_map(|s| {
                    s.spec
                        .get("ports")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                })
                .filter_map(|p| p.get("nodePort").and_then(Value::as_i64))
                .filter(|&n| n != 0),
        )
    }

    /// The port allocator's refusals of node ports a new Service asks for (outside the range,
    /// or held by another Service), in the API server's words.
    fn check_node_ports(&self, v: &Value) -> Result<(), ApiError> {
        let Some(ports) = v.pointer("/spec/ports").and_then(Value::as_array) else {
            return Ok(());
        };
        let used = self.node_ports_in_use();
        let name = v
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        for (i, p) in ports.iter().enumerate() {
            let Some(n) = p
                .get("nodePort")
                .and_then(Value::as_i64)
                .filter(|&n| n != 0)
            else {
                continue;
            };
            let detail = if !NODE_PORTS.contains(&n) {
                format!(
                    "provided port is not in the valid range. The range of valid ports is {}-{}",
                    NODE_PORTS.start(),
                    NODE_PORTS.end()
                )
            } else if used.contains(&n) {
                "provided port is already allocated".to_string()
            } else {
                continue;
            };
            let err = super::validation::FieldError {
                path: format!("spec.ports[{i}].nodePort"),
                kind: super::validation::FieldErrorKind::Invalid(n.to_string()),
                detail,
            };
            return Err(ApiError::new(
                "Invalid",
                super::validation::format_invalid("Service", name, &[err]),
            ));
        }
        Ok(())
    }

    /// Gives every port of a NodePort (or LoadBalancer) Service without one a free node port,
    /// drawn at random from above the static band, as the API server's allocator does.
    fn allocate_node_ports(&mut self, spec: &mut Value) {
        if !wants_node_ports(spec) {
            return;
        }
        let mut used = self.node_ports_in_use();
        let low = NODE_PORTS.start() + node_port_static_band();
        let span = (NODE_PORTS.end() - low + 1) as u64;
        let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) else {
            return;
        };
        for p in ports.iter_mut() {
            if let Some(n) = p
                .get("nodePort")
                .and_then(Value::as_i64)
                .filter(|&n| n != 0)
            {
                used.insert(n);
                continue;
            }
            // the dynamic band first, then the whole range; a full range leaves the port unset
            let free = (0..span)
                .map(|_| low + self.rng.below(span) as i64)
                .take(8)
                .find(|n| !used.contains(n))
                .or_else(|| NODE_PORTS.clone().rev().find(|n| !used.contains(n)));
            if let Some(n) = free {
                used.insert(n);
                p["nodePort"] = json!(n);
            }
        }
    }

    /// The object as the API serves it (`kubectl get -o json`), or None.
    pub fn object_value(&self, r: Resource, ns: &str, name: &str) -> Option<Value> {
        let key = ObjKey::new(if r.namespaced() { ns } else { "" }, name);
        let s = &self.store;
        match r {
            Resource::Deployment => s.deployments.get(&key).map(deployment_to_value),
            Resource::ReplicaSet => s.replicasets.get(&key).map(replicaset_to_value),
            Resource::Pod => s.pods.get(&key).map(pod_to_value),
            Resource::Service => s.services.get(&key).map(service_to_value),
            Resource::Event => s.events.get(&key).map(event_to_value),
            Resource::Node => s.nodes.get(name).map(node_to_value),
            Resource::Namespace => s.namespaces.get(name).map(namespace_to_value),
            Resource::StatefulSet => s.statefulsets.get(&key).map(statefulset_to_value),
            Resource::DaemonSet => s
                .daemonsets
                .get(&key)
                .map(super::daemonset::daemonset_to_value),
            Resource::Job => s.jobs.get(&key).map(super::job::job_to_value),
            Resource::CronJob => s.cronjobs.get(&key).map(super::cronjob::cronjob_to_value),
            Resource::ControllerRevision => s
                .controllerrevisions
                .get(&key)
                .map(controllerrevision_to_value),
            Resource::PersistentVolumeClaim => s.pvcs.get(&key).map(pvc_to_value),
            Resource::PersistentVolume => s.pvs.get(&key).map(pv_to_value),
            Resource::Endpoints => self.endpoints_value(ns, name),
            Resource::HorizontalPodAutoscaler => {
                s.hpas.get(&key).map(super::autoscaling::hpa_to_value)
            }
            Resource::ConfigMap => s
                .configmaps
                .get(&key)
                .map(super::config::configmap_to_value),
            Resource::Secret => s.secrets.get(&key).map(super::config::secret_to_value),
            Resource::ServiceAccount => s
                .serviceaccounts
                .get(&key)
                .map(super::serviceaccount::serviceaccount_to_value),
            Resource::PodDisruptionBudget => s.pdbs.get(&key).map(super::policy::pdb_to_value),
            Resource::ResourceQuota => s.quotas.get(&key).map(|q| self.quota_value(q)),
            Resource::LimitRange => s
                .limitranges
                .get(&key)
                .map(super::quota::limitrange_to_value),
        }
    }

    /// Strict decoding, defaulting and validation shared by create and update.
    fn admit(&self, r: Resource, mut v: Value, old: Option<&Value>) -> Result<Value, ApiError> {
        let kind = r.kind();
        if r == Resource::HorizontalPodAutoscaler {
            // decoded in the version sent, then converted to autoscaling/v2 (the stored form)
            let version = v
                .get("apiVersion")
                .and_then(Value::as_str)
                .and_then(|a| a.split_once('/'))
                .map_or("v2", |x| x.1)
                .to_string();
            super::schema::check_strict_version(kind, &version, &v)
                .map_err(|e| ApiError::new("BadRequest", e))?;
            v = super::autoscaling::v1_to_v2(v);
            super::autoscaling::apply_defaults(&mut v);
            if let Some(msg) = validation_errors(kind, &v, old) {
                return Err(ApiError::new("Invalid", msg));
            }
            return Ok(v);
        }
        super::schema::check_strict(kind, &v).map_err(|e| ApiError::new("BadRequest", e))?;
        super::defaults::apply_defaults(kind, &mut v);
        // mutating admission, before validation: the Priority plugin acts on new pods only
        if r == Resource::Pod && old.is_none() {
            super::priority::admit_new_pod(&mut v).map_err(|m| ApiError::new("Forbidden", m))?;
            // LimitRanger's mutation: default requests and limits of the namespace's ranges
            self.limit_ranger_defaults_value(&mut v);
        }
        if r == Resource::LimitRange {
            super::quota::default_limit_range(&mut v);
        }
        if r == Resource::Secret {
            super::config::normalize_secret(&mut v);
        }
        if let Some(msg) = validation_errors(kind, &v, old) {
            return Err(ApiError::new("Invalid", msg));
        }
        Ok(v)
    }

    /// POST: creates the object. Returns its name.
    pub fn create_value(&mut self, v: Value, namespace: &str) -> Result<String, ApiError> {
        self.finish_instant();
        self.create_value_within(v, namespace)
    }

    /// [`Cluster::create_value`] for a controller in the middle of a sync: the instant in
    /// progress is not finished first (that would run the other controllers' syncs, this
    /// one's included, inside it).
    pub(crate) fn create_value_within(
        &mut self,
        v: Value,
        namespace: &str,
    ) -> Result<String, ApiError> {
        let r = resource_of(&v).ok_or_else(|| {
            ApiError::new(
                "BadRequest",
                "the server could not find the requested resource",
            )
        })?;
        let mut v = v;
        if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            if r.namespaced() {
                m.insert("namespace".into(), json!(namespace));
            } else {
                m.remove("namespace");
            }
            for k in [
                "uid",
                "resourceVersion",
                "creationTimestamp",
                "generation",
                "deletionTimestamp",
            ] {
                m.remove(k);
            }
        }
        let generate = v
            .pointer("/metadata/generateName")
            .and_then(Value::as_str)
            .map(str::to_string);
        let named = v
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .is_some_and(|n| !n.is_empty());
        if !named {
            if let Some(prefix) = generate.filter(|p| !p.is_empty()) {
                let name = format!(
                    "{}{}",
                    prefix.chars().take(58).collect::<String>(),
                    self.rng.name_suffix(5)
                );
                v["metadata"]["name"] = json!(name);
            }
        }
        let v = self.admit(r, v, None)?;
        if r == Resource::Service {
            self.check_node_ports(&v)?;
        }
        let name = v
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if self.object_value(r, namespace, &name).is_some() {
            return Err(ApiError::new(
                "AlreadyExists",
                format!("{} \"{name}\" already exists", r.qualified_plural()),
            ));
        }
        if r.namespaced() && !self.store.namespaces.contains_key(namespace) {
            return Err(ApiError::new(
                "NotFound",
                format!("namespaces \"{namespace}\" not found"),
            ));
        }
        if r.namespaced() && self.namespace_terminating(namespace) {
            return Err(ApiError::new(
                "Forbidden",
                format!(
                    "{} \"{name}\" is forbidden: unable to create new content in namespace {namespace} because it is being terminated",
                    r.qualified_plural()
                ),
            ));
        }
        // the ServiceAccount admission plugin, after NamespaceLifecycle
        if r == Resource::Pod {
            if let Some(e) = self.service_account_error(namespace, &name, &v["spec"]) {
                return Err(ApiError::new("Forbidden", e));
            }
        }
        // validating admission: LimitRanger's checks, then ResourceQuota (last)
        if r == Resource::Pod {
            if let Some(e) = self
                .limit_ranger_error(namespace, &name, &v["spec"])
                .or_else(|| self.pod_quota_error(namespace, &name, &v["spec"]))
            {
                return Err(ApiError::new("Forbidden", e));
            }
        } else if r.namespaced() {
            if let Some(e) = self.object_quota_error(r, namespace, &name, &v) {
                return Err(ApiError::new("Forbidden", e));
            }
        }
        let mut meta = self.new_meta(if r.namespaced() { namespace } else { "" }, &name);
        let sent = meta_from_value(&v);
        meta.labels = sent.labels;
        meta.annotations = sent.annotations;
        meta.owner_references = sent.owner_references;
        meta.finalizers = sent.finalizers;
        meta.generate_name = sent.generate_name;
        match r {
            Resource::Deployment => {
                let mut d =
                    deployment_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                d.metadata = meta;
                self.write_deployment(d);
            }
            Resource::ReplicaSet => {
                let mut rs =
                    replicaset_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                rs.metadata = meta;
                self.write_replicaset(rs);
            }
            Resource::Pod => {
                let mut p = pod_from_value(&v);
                meta.generation = 0;
                p.metadata = meta;
                let key = p.metadata.key();
                let bound = p.node_name.is_some();
                self.write_pod(p);
                // the admission plugin charges the pod to the namespace's quotas
                self.charge_quotas(namespace);
                if bound {
                    self.kubelet_admit(&key);
                } else {
                    self.schedule_queue.add(key);
                }
            }
            Resource::Service => {
                meta.generation = 0;
                let mut spec = v.get("spec").cloned().unwrap_or(json!({}));
                // the IP allocator skips ExternalName Services (they are DNS aliases)
                let external_name = spec.get("type") == Some(&json!("ExternalName"));
                if spec.get("clusterIP").is_none() && !external_name {
                    let ip = format!("10.96.{}.{}", self.rng.below(256), 1 + self.rng.below(254));
                    spec["clusterIP"] = json!(ip);
                    spec["clusterIPs"] = json!([ip]);
                }
                self.allocate_node_ports(&mut spec);
                meta.resource_version = self.store.next_resource_version();
                let key = ObjKey::new(meta.namespace.as_str(), meta.name.as_str());
                self.store.services.put(Service {
                    metadata: meta,
                    spec,
                });
                self.service_resolvable(&key);
            }
            Resource::Namespace => {
                meta.generation = 0;
                meta.resource_version = self.store.next_resource_version();
                self.store
                    .namespaces
                    .insert(name.clone(), Namespace { metadata: meta });
                self.publish_root_ca(&name);
                self.ensure_default_service_account(&name);
            }
            Resource::StatefulSet => {
                let mut st =
                    statefulset_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                st.metadata = meta;
                self.write_statefulset(st);
            }
            Resource::DaemonSet => {
                let mut d = super::daemonset::daemonset_from_value(&v)
                    .map_err(|e| ApiError::new("BadRequest", e))?;
                // PrepareForCreate: a template generation below 1 starts at 1
                let generation = d.template_generation.max(1);
                d.metadata = meta;
                d.set_template_generation(generation);
                self.write_daemonset(d);
            }
            Resource::CronJob => {
                let mut c = super::cronjob::cronjob_from_value(&v)
                    .map_err(|e| ApiError::new("BadRequest", e))?;
                c.metadata = meta;
                self.write_cronjob(c);
            }
            Resource::Job => {
                let mut j =
                    super::job::job_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                j.metadata = meta;
                if j.spec.manual_selector != Some(true) {
                    j.generate_selector();
                }
                // SetDefaults_Job, as a read from storage applies it: a Job without labels
                // takes its template's
                if j.metadata.labels.is_empty() {
                    j.metadata.labels = j.spec.template.metadata.labels.clone();
                }
                self.write_job(j);
            }
            Resource::ControllerRevision => {
                let mut cr = controllerrevision_from_value(&v);
                meta.generation = 0;
                cr.metadata = meta;
                self.write_controllerrevision(cr);
            }
            Resource::PersistentVolumeClaim => {
                let mut p = pvc_from_value(&v);
                meta.generation = 0;
                p.metadata = meta;
                self.admit_pvc(&mut p);
                let key = p.metadata.key();
                self.write_pvc(p);
                self.sync_unbound_claim(&key);
            }
            Resource::PersistentVolume => {
                let mut p = pv_from_value(&v);
                meta.generation = 0;
                p.metadata = meta;
                self.admit_pv(&mut p);
                self.write_pv(p);
            }
            Resource::HorizontalPodAutoscaler => {
                let mut h = super::autoscaling::hpa_from_value(&v);
                meta.generation = 0;
                h.metadata = meta;
                let (key, uid) = (h.metadata.key(), h.metadata.uid.clone());
                self.write_hpa(h);
                self.hpa_created(key, uid);
            }
            Resource::ConfigMap => {
                let mut c = super::config::configmap_from_value(&v);
                meta.generation = 0;
                c.metadata = meta;
                self.write_configmap(c);
            }
            Resource::Secret => {
                let mut x = super::config::secret_from_value(&v);
                meta.generation = 0;
                x.metadata = meta;
                self.write_secret(x);
            }
            Resource::ServiceAccount => {
                let mut x = super::serviceaccount::serviceaccount_from_value(&v);
                meta.generation = 0;
                x.metadata = meta;
                self.write_serviceaccount(x);
            }
            Resource::PodDisruptionBudget => {
                let mut x = super::policy::pdb_from_value(&v);
                x.metadata = meta;
                x.status = Default::default();
                self.write_pdb(x);
            }
            Resource::ResourceQuota => {
                let mut x = super::quota::quota_from_value(&v);
                meta.generation = 0;
                x.metadata = meta;
                self.write_quota(x);
            }
            Resource::LimitRange => {
                let mut x = super::quota::limitrange_from_value(&v);
                meta.generation = 0;
                x.metadata = meta;
                self.write_limitrange(x);
            }
            Resource::Node | Resource::Event | Resource::Endpoints => {
                return Err(ApiError::new(
                    "Forbidden",
                    format!("{} are managed by the simulation", r.plural()),
                ));
            }
        }
        Ok(name)
    }

    /// PUT: replaces spec and metadata of an existing object (status is the controllers').
    /// Returns whether anything changed.
    pub fn update_value(&mut self, v: Value) -> Result<bool, ApiError> {
        self.finish_instant();
        let r = resource_of(&v).ok_or_else(|| {
            ApiError::new(
                "BadRequest",
                "the server could not find the requested resource",
            )
        })?;
        let ns = v
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("default")
            .to_string();
        let name = v
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let old = self
            .object_value(r, &ns, &name)
            .ok_or_else(|| ApiError::not_found(r, &name))?;
        let v = self.admit(r, v, Some(&old))?;
        let sent = meta_from_value(&v);
        let key = ObjKey::new(if r.namespaced() { ns.as_str() } else { "" }, name.as_str());
        match r {
            Resource::Deployment => {
                let cur = self
                    .store
                    .deployments
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let new = deployment_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                let mut d = cur.clone();
                d.spec = new.spec;
                d.metadata.labels = sent.labels;
                d.metadata.annotations = sent.annotations;
                d.metadata.owner_references = sent.owner_references;
                if d.spec != cur.spec || d.metadata.annotations != cur.metadata.annotations {
                    d.metadata.generation += 1;
                }
                if d == cur {
                    return Ok(false);
                }
                self.write_deployment(d);
            }
            Resource::ReplicaSet => {
                let cur = self
                    .store
                    .replicasets
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let new = replicaset_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                let mut rs = cur.clone();
                rs.spec = new.spec;
                rs.metadata.labels = sent.labels;
                rs.metadata.annotations = sent.annotations;
                rs.metadata.owner_references = sent.owner_references;
                if rs.spec != cur.spec {
                    rs.metadata.generation += 1;
                }
                if rs == cur {
                    return Ok(false);
                }
                self.write_replicaset(rs);
            }
            Resource::Pod => {
                let cur = self
                    .store
                    .pods
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut p = cur.clone();
                p.metadata.labels = sent.labels;
                p.metadata.annotations = sent.annotations;
                p.metadata.owner_references = sent.owner_references;
                // Validation let through only what a pod update may change (images, deadlines,
                // tolerations): a changed spec is stored as sent, and the kubelet restarts the
                // containers whose image changed.
                let mut restart = Vec::new();
                if v.get("spec") != old.get("spec") {
                    let mut spec = v.get("spec").cloned().unwrap_or(json!({}));
                    if let Some(m) = spec.as_object_mut() {
                        // kept outside the shared spec (see Pod)
                        for k in ["nodeName", "hostname", "subdomain"] {
                            m.remove(k);
                        }
                    }
                    let before = crate::api::containers_of(&cur.spec);
                    restart = crate::api::containers_of(&spec)
                        .iter()
                        .filter(|c| {
                            before
                                .iter()
                                .any(|b| b.name == c.name && b.image != c.image)
                        })
                        .map(|c| c.name.to_string())
                        .collect();
                    p.spec = std::rc::Rc::new(spec);
                }
                if p == cur {
                    return Ok(false);
                }
                let deadline =
                    |pod: &crate::api::Pod| pod.spec.get("activeDeadlineSeconds").cloned();
                let deadline_changed = deadline(&p) != deadline(&cur);
                self.write_pod(p);
                if !restart.is_empty() {
                    self.kubelet_images_changed(&key, &restart);
                }
                // the kubelet re-reads the deadline each sync: a new (lower) one counts at once
                if deadline_changed {
                    self.kubelet_deadline_changed(&key);
                }
            }
            Resource::Service => {
                let cur = self
                    .store
                    .services
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut s = cur.clone();
                s.metadata.labels = sent.labels;
                s.metadata.annotations = sent.annotations;
                s.spec = v.get("spec").cloned().unwrap_or(json!({}));
                self.allocate_node_ports(&mut s.spec);
                if s == cur {
                    return Ok(false);
                }
                s.metadata.resource_version = self.store.next_resource_version();
                self.store.services.put(s);
            }
            Resource::Namespace | Resource::Node => {
                let labels = sent.labels;
                let annotations = sent.annotations;
                let unschedulable = v
                    .pointer("/spec/unschedulable")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let rv = self.store.next_resource_version();
                if r == Resource::Node {
                    let now = self.now;
                    let n = self
                        .store
                        .nodes
                        .get_mut(&name)
                        .ok_or_else(|| ApiError::not_found(r, &name))?;
                    let taints = taints_from(&v, &n.taints, now);
                    let changed = n.metadata.labels != labels
                        || n.metadata.annotations != annotations
                        || n.unschedulable != unschedulable
                        || n.taints != taints;
                    if !changed {
                        return Ok(false);
                    }
                    let new_no_execute = taints
                        .iter()
                        .any(|t| t.effect == "NoExecute" && !n.taints.contains(t));
                    let old = n.clone();
                    n.metadata.labels = labels;
                    n.metadata.annotations = annotations;
                    n.unschedulable = unschedulable;
                    n.taints = taints;
                    n.metadata.resource_version = rv;
                    self.node_updated(&old);
                    self.watched("Node", &key, false);
                    if new_no_execute {
                        self.taint_evict(&name);
                    }
                } else {
                    let n = self
                        .store
                        .namespaces
                        .get_mut(&name)
                        .ok_or_else(|| ApiError::not_found(r, &name))?;
                    if n.metadata.labels == labels && n.metadata.annotations == annotations {
                        return Ok(false);
                    }
                    n.metadata.labels = labels;
                    n.metadata.annotations = annotations;
                    n.metadata.resource_version = rv;
                }
            }
            Resource::StatefulSet => {
                let cur = self
                    .store
                    .statefulsets
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let new = statefulset_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                let mut st = cur.clone();
                st.spec = new.spec;
                st.metadata.labels = sent.labels;
                st.metadata.annotations = sent.annotations;
                st.metadata.owner_references = sent.owner_references;
                if st.spec != cur.spec {
                    st.metadata.generation += 1;
                }
                if st == cur {
                    return Ok(false);
                }
                self.write_statefulset(st);
            }
            Resource::CronJob => {
                let cur = self
                    .store
                    .cronjobs
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let new = super::cronjob::cronjob_from_value(&v)
                    .map_err(|e| ApiError::new("BadRequest", e))?;
                let mut c = cur.clone();
                c.spec = new.spec;
                c.metadata.labels = sent.labels;
                c.metadata.annotations = sent.annotations;
                c.metadata.owner_references = sent.owner_references;
                if c.spec != cur.spec {
                    c.metadata.generation += 1;
                }
                if c == cur {
                    return Ok(false);
                }
                self.update_cronjob(c, &cur);
            }
            Resource::Job => {
                let cur = self
                    .store
                    .jobs
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let new =
                    super::job::job_from_value(&v).map_err(|e| ApiError::new("BadRequest", e))?;
                let mut j = cur.clone();
                j.spec = new.spec;
                j.metadata.labels = sent.labels;
                j.metadata.annotations = sent.annotations;
                j.metadata.owner_references = sent.owner_references;
                if j.spec != cur.spec {
                    j.metadata.generation += 1;
                }
                if j == cur {
                    return Ok(false);
                }
                self.write_job(j);
            }
            Resource::DaemonSet => {
                let cur = self
                    .store
                    .daemonsets
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let new = super::daemonset::daemonset_from_value(&v)
                    .map_err(|e| ApiError::new("BadRequest", e))?;
                let mut d = cur.clone();
                d.spec = new.spec;
                d.metadata.labels = sent.labels;
                d.metadata.annotations = sent.annotations;
                d.metadata.owner_references = sent.owner_references;
                // PrepareForUpdate: the template generation is the server's; a new template
                // bumps it and the generation, any other spec change the generation alone
                let mut generation = cur.template_generation;
                if d.spec.template != cur.spec.template {
                    generation += 1;
                }
                d.set_template_generation(generation);
                if d.spec != cur.spec {
                    d.metadata.generation += 1;
                }
                if d == cur {
                    return Ok(false);
                }
                self.write_daemonset(d);
            }
            Resource::HorizontalPodAutoscaler => {
                let cur = self
                    .store
                    .hpas
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut h = cur.clone();
                h.spec = v.get("spec").cloned().unwrap_or(json!({}));
                h.metadata.labels = sent.labels;
                h.metadata.annotations = sent.annotations;
                h.metadata.owner_references = sent.owner_references;
                if h == cur {
                    return Ok(false);
                }
                self.write_hpa(h);
            }
            Resource::PersistentVolume => {
                // a volume's spec is the administrator's (ValidatePersistentVolumeUpdate kept
                // its source and mode); its status stays the PV controller's
                let cur = self
                    .store
                    .pvs
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut x = cur.clone();
                x.spec = v.get("spec").cloned().unwrap_or(json!({}));
                x.metadata.labels = sent.labels;
                x.metadata.annotations = sent.annotations;
                x.metadata.owner_references = sent.owner_references;
                if x == cur {
                    return Ok(false);
                }
                self.write_pv(x);
            }
            Resource::ControllerRevision | Resource::PersistentVolumeClaim => {
                let changed = self.update_storage_meta(r, &key, sent)?;
                if !changed {
                    return Ok(false);
                }
            }
            Resource::ConfigMap => {
                let cur = self
                    .store
                    .configmaps
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut c = super::config::configmap_from_value(&v);
                c.metadata = updated_meta(&cur.metadata, sent);
                if c == cur {
                    return Ok(false);
                }
                self.write_configmap(c);
            }
            Resource::Secret => {
                let cur = self
                    .store
                    .secrets
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut x = super::config::secret_from_value(&v);
                x.metadata = updated_meta(&cur.metadata, sent);
                if x == cur {
                    return Ok(false);
                }
                self.write_secret(x);
            }
            Resource::ServiceAccount => {
                let cur = self
                    .store
                    .serviceaccounts
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut x = super::serviceaccount::serviceaccount_from_value(&v);
                x.metadata = updated_meta(&cur.metadata, sent);
                if x == cur {
                    return Ok(false);
                }
                self.write_serviceaccount(x);
            }
            Resource::PodDisruptionBudget => {
                let cur = self
                    .store
                    .pdbs
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let new = super::policy::pdb_from_value(&v);
                let mut x = cur.clone();
                x.spec = new.spec;
                x.sel = new.sel;
                x.metadata.labels = sent.labels;
                x.metadata.annotations = sent.annotations;
                x.metadata.owner_references = sent.owner_references;
                if x.spec != cur.spec {
                    x.metadata.generation += 1;
                }
                if x == cur {
                    return Ok(false);
                }
                self.write_pdb(x);
            }
            Resource::ResourceQuota => {
                let cur = self
                    .store
                    .quotas
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut x = super::quota::quota_from_value(&v);
                x.metadata = updated_meta(&cur.metadata, sent);
                x.written = cur.written.clone();
                if x == cur {
                    return Ok(false);
                }
                self.write_quota(x);
            }
            Resource::LimitRange => {
                let cur = self
                    .store
                    .limitranges
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| ApiError::not_found(r, &name))?;
                let mut x = super::quota::limitrange_from_value(&v);
                x.metadata = updated_meta(&cur.metadata, sent);
                if x == cur {
                    return Ok(false);
                }
                self.write_limitrange(x);
            }
            Resource::Event | Resource::Endpoints => {
                return Err(ApiError::new(
                    "Forbidden",
                    format!("{} are managed by the simulation", r.plural()),
                ))
            }
        }
        Ok(true)
    }

    /// PUT of a ControllerRevision, claim or volume: labels, annotations and owners change (their
    /// specs are the controllers' and provisioners').
    fn update_storage_meta(
        &mut self,
        r: Resource,
        key: &ObjKey,
        sent: ObjectMeta,
    ) -> Result<bool, ApiError> {
        fn set(m: &mut ObjectMeta, sent: ObjectMeta) -> bool {
            let changed = m.labels != sent.labels
                || m.annotations != sent.annotations
                || m.owner_references != sent.owner_references;
            m.labels = sent.labels;
            m.annotations = sent.annotations;
            m.owner_references = sent.owner_references;
            changed
        }
        let missing = || ApiError::not_found(r, key.name());
        let s = &self.store;
        match r {
            Resource::ControllerRevision => {
                let mut x = s
                    .controllerrevisions
                    .get(key)
                    .cloned()
                    .ok_or_else(missing)?;
                let changed = set(&mut x.metadata, sent);
                if changed {
                    self.write_controllerrevision(x);
                }
                Ok(changed)
            }
            Resource::PersistentVolumeClaim => {
                let mut x = s.pvcs.get(key).cloned().ok_or_else(missing)?;
                let changed = set(&mut x.metadata, sent);
                if changed {
                    self.write_pvc(x);
                }
                Ok(changed)
            }
            _ => {
                let mut x = s.pvs.get(key).cloned().ok_or_else(missing)?;
                let changed = set(&mut x.metadata, sent);
                if changed {
                    self.write_pv(x);
                }
                Ok(changed)
            }
        }
    }
}

/// `spec.taints` of a Node update. The API server stamps `timeAdded` on a NoExecute taint that
/// lacks one (a taint the node already had keeps its own).
fn taints_from(
    v: &Value,
    old: &[crate::api::Taint],
    now: crate::api::Time,
) -> Vec<crate::api::Taint> {
    let list = v.pointer("/spec/taints").and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .map(|t| {
            let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let (key, value, effect) = (s("key"), s("value"), s("effect"));
            let kept = old
                .iter()
                .find(|o| o.key == key && o.value == value && o.effect == effect)
                .and_then(|o| o.time_added);
            let time_added = kept.or_else(|| {
                t.get("timeAdded")
                    .and_then(Value::as_str)
                    .and_then(crate::kubectl::printers::timefmt::parse_rfc3339)
                    .or((effect == "NoExecute").then_some(now))
            });
            crate::api::Taint {
                key,
                value,
                effect,
                time_added,
            }
        })
        .collect()
}
