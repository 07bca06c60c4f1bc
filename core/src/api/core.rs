//! core/v1 kinds kubeplay models: Pod, Node, Namespace, Service, Event.

use super::meta::{ObjectMeta, Time};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown => "Unknown",
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// A pod condition. Only the kubelet and the node lifecycle write them (the API server drops a
/// created pod's status), always from fixed words, so nothing here is allocated per pod: with
/// five conditions on every pod this keeps ~1 KB per pod off the heap (PRODUCT §8). The type is
/// an index into [`POD_CONDITION_TYPE_NAMES`] kept with the status in the low bits of the
/// transition time's word, and a reason or message, which a running pod's conditions have none
/// of, is boxed: 16 bytes a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodCondition {
    /// `lastTransitionTime << 4 | type index << 1 | status`.
    packed: i64,
    detail: Option<Box<ConditionDetail>>,
}

/// The pod condition types the kubelet, the scheduler and the node lifecycle controller set
/// (`k8s.io/api/core/v1` PodConditionType constants).
const POD_CONDITION_TYPE_NAMES: [&str; 6] = [
    "PodScheduled",
    "PodReadyToStartContainers",
    "Initialized",
    "ContainersReady",
    "Ready",
    "DisruptionTarget",
];

/// The index of a pod condition type in [`POD_CONDITION_TYPE_NAMES`].
fn pod_condition_type_index(type_: &str) -> Option<u8> {
    POD_CONDITION_TYPE_NAMES
        .iter()
        .position(|t| *t == type_)
        .map(|i| i as u8)
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ConditionDetail {
    reason: Option<&'static str>,
    /// The scheduler's FailedScheduling text on an unschedulable pod's PodScheduled.
    message: Option<Box<str>>,
}

impl PodCondition {
    /// A condition of one of the types in [`POD_CONDITION_TYPE_NAMES`] (None for any other).
    pub fn new(
        type_: &str,
        is_true: bool,
        last_transition_time: Time,
        reason: Option<&'static str>,
        message: Option<Box<str>>,
    ) -> Option<Self> {
        let type_index = pod_condition_type_index(type_)?;
        let mut c = Self {
            packed: (last_transition_time << 4) | (i64::from(type_index) << 1),
            detail: None,
        };
        c.set_status(is_true, last_transition_time);
        c.set_detail(reason, message);
        Some(c)
    }

    pub fn type_(&self) -> &'static str {
        POD_CONDITION_TYPE_NAMES[((self.packed >> 1) & 0b111) as usize]
    }

    pub fn is_true(&self) -> bool {
        self.packed & 1 == 1
    }

    pub fn last_transition_time(&self) -> Time {
        self.packed >> 4
    }

    /// Sets the status; the transition time moves only when the status changes.
    pub fn set_status(&mut self, is_true: bool, now: Time) {
        if self.is_true() != is_true {
            self.packed = (now << 4) | (self.packed & 0b1110) | i64::from(is_true);
        }
    }

    /// "True" or "False".
    pub fn status(&self) -> &'static str {
        if self.is_true() {
            "True"
        } else {
            "False"
        }
    }

    pub fn reason(&self) -> Option<&'static str> {
        self.detail.as_ref().and_then(|d| d.reason)
    }

    pub fn message(&self) -> Option<&str> {
        self.detail.as_ref().and_then(|d| d.message.as_deref())
    }

    pub fn set_reason(&mut self, reason: Option<&'static str>) {
        if self.reason() != reason {
            let message = self.detail.take().and_then(|d| d.message);
            self.set_detail(reason, message);
        }
    }

    pub fn set_message(&mut self, message: Option<Box<str>>) {
        let reason = self.reason();
        self.set_detail(reason, message);
    }

    fn set_detail(&mut self, reason: Option<&'static str>, message: Option<Box<str>>) {
        self.detail = (reason.is_some() || message.is_some())
            .then(|| Box::new(ConditionDetail { reason, message }));
    }
}

/// A container's state. The waiting and terminated states' words are boxed: a running
/// container (every container of a settled cluster) keeps 16 bytes here, not 104 (PRODUCT §8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    Waiting(Box<WaitingState>),
    Running { started_at: Time },
    Terminated(Box<TerminatedState>),
}

impl ContainerState {
    pub fn waiting(reason: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Waiting(Box::new(WaitingState {
            reason: reason.into(),
            message: message.into(),
        }))
    }

    /// The waiting reason, if the container waits.
    pub fn waiting_reason(&self) -> Option<&str> {
        match self {
            Self::Waiting(w) => Some(&w.reason),
            _ => None,
        }
    }

    /// The exit code, if the container terminated.
    pub fn exit_code(&self) -> Option<i32> {
        match self {
            Self::Terminated(t) => Some(t.exit_code),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingState {
    pub reason: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminatedState {
    pub exit_code: i32,
    pub reason: String,
    pub started_at: Time,
    pub finished_at: Time,
    /// The exited container's ID (a restart gives the status a new one).
    pub container_id: ContainerId,
    /// `terminated.message`: what the kubelet read as the termination message (the log's
    /// tail under `FallbackToLogsOnError`, kuberuntime_container.go
    /// `convertToKubeContainerStatus`), or why it could not say how the container ended
    /// (`ContainerStatusUnknown`); empty for none, which the API omits.
    pub message: String,
}

/// Go's zero `time.Time` (0001-01-01T00:00:00Z) in Unix milliseconds: the `startedAt` and
/// `finishedAt` of a container the kubelet reports terminated without ever having run it
/// (status_manager.go `TerminatePod`), which metav1.Time serializes as `null`.
pub const ZERO_TIME: Time = -62_135_596_800_000;

/// What a container status keeps per pod is what PRODUCT §8's 1 KB per simulated pod is
/// mostly spent on: the image names are shared by every container of the image, the container
/// ID is its 32 bytes, and the last state (a restarted container's) is boxed, as most
/// containers never have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerStatus {
    pub name: String,
    pub image: Rc<str>,
    pub image_id: Rc<str>,
    pub container_id: ContainerId,
    pub ready: bool,
    pub started: bool,
    pub restart_count: i32,
    pub state: ContainerState,
    pub last_state: Option<Box<ContainerState>>,
}

thread_local! {
    static NO_TEXT: Rc<str> = Rc::from("");
}

/// An empty shared string (a status field not yet known), allocated once.
pub fn no_text() -> Rc<str> {
    NO_TEXT.with(Rc::clone)
}

/// A container's ID as containerd reports it, `containerd://` and 64 hex digits; all zeroes
/// for none (a container not yet created, which the API leaves out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContainerId(pub [u64; 4]);

impl ContainerId {
    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }
}

impl std::fmt::Display for ContainerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_empty() {
            return Ok(());
        }
        let mut text = String::with_capacity(13 + 64);
        text.push_str("containerd://");
        for part in self.0 {
            crate::output::push_hex(&mut text, part, 16);
        }
        f.write_str(&text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodStatus {
    pub phase: PodPhase,
    pub conditions: Vec<PodCondition>,
    pub host_ip: Option<IpText>,
    pub pod_ip: Option<IpText>,
    pub start_time: Option<Time>,
    /// The init containers', in spec order (empty for a pod without any).
    pub init_container_statuses: Vec<ContainerStatus>,
    pub container_statuses: Vec<ContainerStatus>,
    /// `status.reason` (e.g. `NodeLost`, `Evicted`) and `status.message`, which only a pod
    /// the kubelet or the node lifecycle failed has: boxed, 8 bytes on every other pod.
    reason_message: Option<Box<(String, Option<String>)>>,
    /// Set from the spec when the pod is created ([`super::qos::pod_qos_class`]): an index
    /// into [`QOS_CLASSES`].
    qos_class: u8,
}

impl Default for PodStatus {
    fn default() -> Self {
        Self {
            phase: PodPhase::Pending,
            conditions: Vec::new(),
            host_ip: None,
            pod_ip: None,
            start_time: None,
            init_container_statuses: Vec::new(),
            container_statuses: Vec::new(),
            reason_message: None,
            qos_class: 2,
        }
    }
}

/// `status.qosClass`'s values (`v1.PodQOSClass`).
const QOS_CLASSES: [&str; 3] = ["Guaranteed", "Burstable", "BestEffort"];

/// PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady, Ready.
const POD_CONDITION_TYPES: usize = 5;

impl PodStatus {
    /// The status the API server gives a pod it creates: Pending, with its QoS class.
    pub fn created(spec: &Value) -> Self {
        Self {
            qos_class: QOS_CLASSES
                .iter()
                .position(|q| *q == super::qos::pod_qos_class(spec))
                .unwrap_or(2) as u8,
            ..Self::default()
        }
    }

    pub fn qos_class(&self) -> &'static str {
        QOS_CLASSES[usize::from(self.qos_class).min(QOS_CLASSES.len() - 1)]
    }

    /// `status.reason`: drives kubectl's STATUS column first.
    pub fn reason(&self) -> Option<&str> {
        self.reason_message.as_ref().map(|rm| rm.0.as_str())
    }

    pub fn message(&self) -> Option<&str> {
        self.reason_message.as_ref().and_then(|rm| rm.1.as_deref())
    }

    /// Sets `status.reason` and `status.message` (a message without a reason is not kept:
    /// nothing here writes one).
    pub fn set_reason(&mut self, reason: impl Into<String>, message: Option<String>) {
        self.reason_message = Some(Box::new((reason.into(), message)));
    }

    /// A container's status, init or regular (their names are unique across both lists).
    pub fn container_status(&self, name: &str) -> Option<&ContainerStatus> {
        self.init_container_statuses
            .iter()
            .chain(&self.container_statuses)
            .find(|c| c.name == name)
    }

    pub fn container_status_mut(&mut self, name: &str) -> Option<&mut ContainerStatus> {
        self.init_container_statuses
            .iter_mut()
            .chain(&mut self.container_statuses)
            .find(|c| c.name == name)
    }

    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.conditions.iter().find(|c| c.type_() == type_)
    }

    /// Sets a condition, keeping lastTransitionTime when the status does not change.
    pub fn set_condition(
        &mut self,
        type_: &str,
        status: bool,
        now: Time,
        reason: Option<&'static str>,
    ) {
        match self.conditions.iter_mut().find(|c| c.type_() == type_) {
            Some(c) => {
                c.set_status(status, now);
                c.set_reason(reason);
            }
            None => {
                // A running pod carries exactly the kubelet's five conditions.
                if self.conditions.is_empty() {
                    self.conditions.reserve_exact(POD_CONDITION_TYPES);
                }
                self.conditions
                    .extend(PodCondition::new(type_, status, now, reason, None));
            }
        }
    }
}

/// A container as the simulation reads it from the pod spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerView<'a> {
    pub name: &'a str,
    pub image: &'a str,
    pub image_pull_policy: &'a str,
    /// `readinessProbe.initialDelaySeconds` when a readiness probe exists.
    pub readiness_delay_seconds: Option<i64>,
    pub cpu_request_milli: i64,
    pub memory_request_bytes: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pod {
    pub metadata: ObjectMeta,
    /// The pod spec as JSON (shared with the template it came from); `node_name` overrides it.
    pub spec: Rc<Value>,
    /// `spec.nodeName`: the node's name, shared with every pod bound to it.
    pub node_name: Option<Rc<str>>,
    /// A StatefulSet pod's hostname and subdomain, kept outside the shared spec; boxed, as
    /// other pods have neither.
    pub identity: Option<Box<PodIdentity>>,
    pub status: PodStatus,
}

/// `spec.hostname` and `spec.subdomain` of a pod (a StatefulSet's stable network identity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodIdentity {
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
}

/// An IPv4 address in dotted text (a pod's or its host's IP), kept inline: 16 bytes and no
/// allocation, where a `String` took 24 and a heap block on every pod.
#[derive(Clone, PartialEq, Eq)]
pub struct IpText {
    len: u8,
    text: [u8; 15],
}

impl IpText {
    /// The text, if it is at most 15 bytes long (every IPv4 address in dotted form is).
    pub fn new(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let mut ip = Self {
            len: u8::try_from(bytes.len()).ok().filter(|n| *n <= 15)?,
            text: [0; 15],
        };
        ip.text[..bytes.len()].copy_from_slice(bytes);
        Some(ip)
    }

    pub fn as_str(&self) -> &str {
        // Only whole `&str`s are copied in, so the prefix is always valid UTF-8.
        std::str::from_utf8(&self.text[..usize::from(self.len)]).unwrap_or_default()
    }
}

/// The empty text (no address), as an unset `String` was.
impl Default for IpText {
    fn default() -> Self {
        Self {
            len: 0,
            text: [0; 15],
        }
    }
}

impl serde::Serialize for IpText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::ops::Deref for IpText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for IpText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for IpText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Pod {
    pub fn is_active(&self) -> bool {
        !self.status.phase.is_terminal() && self.metadata.deletion_timestamp.is_none()
    }

    pub fn is_terminating(&self) -> bool {
        self.metadata.deletion_timestamp.is_some() && !self.status.phase.is_terminal()
    }

    pub fn is_ready(&self) -> bool {
        self.status.condition("Ready").is_some_and(|c| c.is_true())
    }

    /// Time the Ready condition last became True.
    pub fn ready_since(&self) -> Option<Time> {
        self.status
            .condition("Ready")
            .filter(|c| c.is_true())
            .map(|c| c.last_transition_time())
    }

    /// `podutil.IsPodAvailable` (spec §7): ready, and ready for longer than minReadySeconds.
    /// Condition times have second precision in the API, so the comparison uses whole seconds.
    pub fn is_available(&self, min_ready_seconds: i32, now: Time) -> bool {
        match self.ready_since() {
            None => false,
            Some(_) if min_ready_seconds == 0 => true,
            Some(t) => (t / 1000) * 1000 + min_ready_seconds as i64 * 1000 < now,
        }
    }

    pub fn containers(&self) -> Vec<ContainerView<'_>> {
        containers_of(&self.spec)
    }

    /// `spec.hostname`, which only a StatefulSet's pods set here.
    pub fn hostname(&self) -> Option<&str> {
        self.identity.as_ref().and_then(|i| i.hostname.as_deref())
    }

    pub fn subdomain(&self) -> Option<&str> {
        self.identity.as_ref().and_then(|i| i.subdomain.as_deref())
    }

    pub fn termination_grace_seconds(&self) -> i64 {
        self.spec
            .get("terminationGracePeriodSeconds")
            .and_then(Value::as_i64)
            .unwrap_or(30)
    }
}

/// Reads the containers of a pod spec.
pub fn containers_of(spec: &Value) -> Vec<ContainerView<'_>> {
    container_list(spec, "containers")
}

/// Reads the init containers of a pod spec.
pub fn init_containers_of(spec: &Value) -> Vec<ContainerView<'_>> {
    container_list(spec, "initContainers")
}

fn container_list<'a>(spec: &'a Value, field: &str) -> Vec<ContainerView<'a>> {
    let Some(list) = spec.get(field).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|c| {
            let mut view = ContainerView {
                name: "",
                image: "",
                image_pull_policy: "",
                readiness_delay_seconds: None,
                cpu_request_milli: 0,
                memory_request_bytes: 0,
            };
            // one pass over the container's fields: this runs for every pod the kubelet and
            // the scheduler look at, and a lookup per field costs a search of the map each
            let Some(fields) = c.as_object() else {
                return view;
            };
            for (key, v) in fields {
                match key.as_str() {
                    "name" => view.name = v.as_str().unwrap_or(""),
                    "image" => view.image = v.as_str().unwrap_or(""),
                    "imagePullPolicy" => view.image_pull_policy = v.as_str().unwrap_or(""),
                    "readinessProbe" => {
                        view.readiness_delay_seconds = Some(
                            v.get("initialDelaySeconds")
                                .and_then(Value::as_i64)
                                .unwrap_or(0),
                        )
                    }
                    "resources" => {
                        let requests = v.get("requests");
                        let q = |k: &str| requests.and_then(|r| r.get(k)).map(quantity_text);
                        view.cpu_request_milli =
                            q("cpu").and_then(|t| parse_cpu_milli(&t)).unwrap_or(0);
                        view.memory_request_bytes =
                            q("memory").and_then(|t| parse_bytes(&t)).unwrap_or(0);
                    }
                    _ => {}
                }
            }
            view
        })
        .collect()
}

fn quantity_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Parses a CPU quantity (`500m`, `2`, `0.5`) into millicores.
pub fn parse_cpu_milli(s: &str) -> Option<i64> {
    if let Some(m) = s.strip_suffix('m') {
        return m.parse().ok();
    }
    let f: f64 = s.parse().ok()?;
    Some((f * 1000.0).ceil() as i64)
}

/// Parses a memory quantity (`512Mi`, `1G`, `1000`) into bytes.
pub fn parse_bytes(s: &str) -> Option<i64> {
    const UNITS: [(&str, i64); 12] = [
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("Pi", 1 << 50),
        ("Ei", 1 << 60),
        ("k", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
        ("P", 1_000_000_000_000_000),
        ("E", 1_000_000_000_000_000_000),
    ];
    for (suffix, mult) in UNITS {
        if let Some(n) = s.strip_suffix(suffix) {
            let f: f64 = n.parse().ok()?;
            return Some((f * mult as f64) as i64);
        }
    }
    s.parse::<f64>().ok().map(|f| f as i64)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: String,
    pub time_added: Option<Time>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub metadata: ObjectMeta,
    pub unschedulable: bool,
    pub taints: Vec<Taint>,
    pub pod_cidr: String,
    /// Index used for pod IPs `10.244.<index>.<n>`.
    pub index: u32,
    pub internal_ip: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub max_pods: i64,
    /// Ready condition status: `True`, `False` or `Unknown`.
    pub ready: String,
    pub ready_since: Time,
    pub last_heartbeat: Time,
    /// The kubelet is down (`sim node fail`): it neither reports nor runs pods.
    pub failed: bool,
    /// When the kubelet went down (meaningful while `failed`).
    pub failed_at: Time,
    pub images: BTreeSet<String>,
    pub next_pod_ip: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Namespace {
    pub metadata: ObjectMeta,
}

/// A Service: kubeplay keeps its spec as JSON (selector and ports are what it reads).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub metadata: ObjectMeta,
    pub spec: Value,
}

impl Service {
    pub fn selector(&self) -> Option<BTreeMap<String, String>> {
        let sel = self.spec.get("selector")?.as_object()?;
        Some(crate::sort::btree_map(sel.iter().filter_map(|(k, v)| {
            v.as_str().map(|v| (k.clone(), v.to_string()))
        })))
    }
}

/// The object an Event is about. Its strings are shared by every kept Event about the same
/// object (a pod has five or six: Scheduled, Pulling, Pulled, Created, Started, Killing), see
/// [`crate::store::events::EventLog`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvolvedObject {
    pub kind: &'static str,
    pub namespace: Rc<str>,
    pub name: Rc<str>,
    pub uid: Rc<str>,
    pub api_version: &'static str,
    pub field_path: Option<Rc<str>>,
    /// The object's resourceVersion when the Event was recorded (`reference.GetReference`).
    pub resource_version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub metadata: ObjectMeta,
    pub involved: InvolvedObject,
    pub reason: &'static str,
    pub message: String,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub source_component: &'static str,
    pub source_host: Option<String>,
    pub count: i32,
    pub first_timestamp: Time,
    pub last_timestamp: Time,
}

impl Event {
    /// Whether the Event was written through events.k8s.io/v1 (the scheduler's, tools/events):
    /// read as core/v1 it has an `eventTime` to the microsecond and no first/last timestamps.
    pub fn is_events_k8s_io(&self) -> bool {
        self.source_component == "default-scheduler"
    }

    /// One of the Event's times as the API holds it: an events.k8s.io Event's `eventTime` and
    /// series time to the microsecond (MicroTime), a core/v1 Event's timestamps to the second.
    /// Ages and kubectl's sort read these.
    pub fn stored_time(&self, t: Time) -> Time {
        if self.is_events_k8s_io() {
            t
        } else {
            t.div_euclid(1000) * 1000
        }
    }
}
