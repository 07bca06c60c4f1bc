//! `kubectl describe` (k8s.io/kubectl/pkg/describe, v1.33): Deployments, ReplicaSets, Pods,
//! Nodes, Services, Namespaces and Events, rendered from the objects as the API serves them
//! (`get -o json`), through one Go tabwriter per object (flushed before `Events:` as kubectl's
//! `DescribeEvents` does). Also the command's own behaviour: all objects of a kind, `-l`,
//! `TYPE/NAME`, name-prefix matching, NotFound errors and `No resources found`.

use super::args::{self, boolean, flag, short, short_bool};
use super::printers::duration::human_duration;
use super::printers::timefmt::{parse_rfc3339, rfc1123z};
use super::printers::TabWriter;
use super::resource::Resource;
use super::selector::Selector;
use crate::api::{LabelSelector, ObjKey, PodTemplateSpec};
use crate::controllers::deployment::util::equal_ignore_hash;
use crate::output::CommandOutput;
use crate::sim::Cluster;
use pod::containers;
use serde_json::Value;
use std::collections::BTreeMap;

const FLAGS: &[args::Flag] = &[
    short("selector", 'l'),
    short_bool("all-namespaces", 'A'),
    boolean("show-events"),
    flag("chunk-size"),
];

type Map = BTreeMap<String, String>;

/// kubectl's `PrefixWriter` over `tabbedString`: raw text in `cur`, tab-aligned text in `done`.
#[derive(Default)]
struct W {
    done: String,
    cur: String,
}

impl W {
    fn put(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.cur.push_str("  ");
        }
        self.cur.push_str(text);
    }

    /// Go `tabwriter.Flush`: ends every column block.
    fn flush(&mut self) {
        self.done.push_str(&TabWriter::describe().format(&self.cur));
        self.cur.clear();
    }

    fn finish(mut self) -> String {
        self.flush();
        self.done
    }
}

macro_rules! put {
    ($w:expr, $l:expr, $($a:tt)*) => { $w.put($l, &format!($($a)*)) };
}

mod autoscaling;
mod daemon;
mod job;
mod pod;
mod stateful;

// ---------------------------------------------------------------- JSON access

fn st<'a>(v: &'a Value, p: &str) -> &'a str {
    v.pointer(p).and_then(Value::as_str).unwrap_or("")
}

fn arr<'a>(v: &'a Value, p: &str) -> &'a [Value] {
    v.pointer(p)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn num(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

fn truthy(v: &Value, p: &str) -> bool {
    v.pointer(p).and_then(Value::as_bool).unwrap_or(false)
}

/// A scalar as Go's `%v` prints it.
fn txt(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(x) => x.to_string(),
    }
}

fn smap(v: &Value, p: &str) -> Map {
    v.pointer(p)
        .and_then(Value::as_object)
        .map(|m| crate::sort::btree_map(m.iter().map(|(k, x)| (k.clone(), txt(Some(x))))))
        .unwrap_or_default()
}

fn time(v: &Value, p: &str) -> Option<i64> {
    v.pointer(p).and_then(Value::as_str).and_then(parse_rfc3339)
}

/// `Time.Format(time.RFC1123Z)`; the zero time for a missing one.
fn date(t: Option<i64>) -> String {
    t.map_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".into(), rfc1123z)
}

/// `translateTimestampSince`.
fn since(now: i64, t: Option<i64>) -> String {
    t.map_or_else(|| "<unknown>".into(), |t| human_duration(now - t))
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

fn tf(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn selector_of(v: Option<&Value>) -> String {
    let s: LabelSelector = v
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    s.to_selector_string()
}

/// `labels.FormatLabels`.
fn format_labels(m: &Map) -> String {
    let s: Vec<String> = m.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if s.is_empty() {
        "<none>".into()
    } else {
        s.join(",")
    }
}

fn controller(v: &Value) -> Option<String> {
    arr(v, "/metadata/ownerReferences")
        .iter()
        .find(|r| truthy(r, "/controller"))
        .map(|r| format!("{}/{}", st(r, "/kind"), st(r, "/name")))
}

// ---------------------------------------------------------------- Go's sort.Sort / sort.Slice

/// Go's `sort.Sort`/`sort.Slice` (pdqsort, [`super::columns::go_sort`]), so that ties land
/// where kubectl's do.
fn go_sort<T>(d: &mut [T], less: impl Fn(&T, &T) -> bool) {
    super::columns::go_sort(d, &less);
}

// ---------------------------------------------------------------- resource.Quantity

/// A `resource.Quantity`: value in nano-units (rounded up, as parsing does) and its format.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Qty {
    nano: i128,
    /// 0 DecimalSI, 1 BinarySI, 2 DecimalExponent.
    fmt: u8,
}

const NANO: i128 = 1_000_000_000;

fn qty(s: &str) -> Option<Qty> {
    let s = s.trim();
    let (neg, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let end = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (n, suffix) = s.split_at(end);
    let (int, frac) = n.split_once('.').unwrap_or((n, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let (fmt, bin, exp): (u8, u32, i32) = match suffix {
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => (1, "KMGTPE".find(&suffix[..1])? as u32 + 1, 0),
        "n" => (0, 0, -9),
        "u" => (0, 0, -6),
        "m" => (0, 0, -3),
        "" => (0, 0, 0),
        "k" => (0, 0, 3),
        "M" => (0, 0, 6),
        "G" => (0, 0, 9),
        "T" => (0, 0, 12),
        "P" => (0, 0, 15),
        "E" => (0, 0, 18),
        e if e.starts_with(['e', 'E']) => (2, 0, e[1..].parse().ok()?),
        _ => return None,
    };
    let mut m: i128 = 0;
    for c in int.chars().chain(frac.chars()) {
        m = m.checked_mul(10)?.checked_add(c.to_digit(10)? as i128)?;
    }
    let e10 = exp + 9 - frac.len() as i32;
    let mut num = m.checked_mul(1i128.checked_shl(10 * bin)?)?;
    let mut den: i128 = 1;
    if e10 >= 0 {
        num = num.checked_mul(10i128.checked_pow(e10 as u32)?)?;
    } else {
        den = 10i128.checked_pow((-e10) as u32)?;
    }
    let v = (num + den - 1) / den;
    Some(Qty {
        nano: if neg { -v } else { v },
        fmt,
    })
}

impl Qty {
    fn value(self) -> i128 {
        (self.nano + NANO - 1).div_euclid(NANO)
    }

    fn milli(self) -> i128 {
        (self.nano + 999_999).div_euclid(1_000_000)
    }

    /// `Quantity.String()`: the canonical form.
    fn text(self) -> String {
        let mut fmt = self.fmt;
        if fmt == 1 && (self.nano.abs() < 1024 * NANO || self.nano % NANO != 0) {
            fmt = 0;
        }
        if fmt == 1 {
            let (mut n, mut e) = (self.nano / NANO, 0);
            while e < 6 && n != 0 && n % 1024 == 0 {
                n /= 1024;
                e += 1;
            }
            return format!("{n}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][e]);
        }
        if self.nano == 0 {
            return "0".into();
        }
        let (mut n, mut e) = (self.nano, -9);
        while n % 1000 == 0 {
            n /= 1000;
            e += 3;
        }
        let suffix = match (fmt, e) {
            (0, -9..=18) => ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"]
                [((e + 9) / 3) as usize]
                .to_string(),
            (_, 0) => String::new(),
            _ => format!("e{e}"),
        };
        format!("{n}{suffix}")
    }
}

fn qty_text(v: &Value) -> String {
    let s = txt(Some(v));
    qty(&s).map_or(s, Qty::text)
}

// ---------------------------------------------------------------- shared blocks

/// `printLabelsMultiline`.
fn labels_ml(o: &mut W, title: &str, labels: &Map) {
    labels_at(o, 0, title, labels);
}

/// `printLabelsMultiline` through a `NestedPrefixWriter` of `level` (describe.go's
/// `printEphemeralVolumeSource` hands its PVC printer one of indent 2): that writer indents
/// every `Write` and `WriteLine` call, so a label after the first gets the indent twice (once
/// for the empty `initialIndent`, once before the tab) and each value once, after the tab.
/// At level 0 this is the plain writer's output.
fn labels_at(o: &mut W, level: usize, title: &str, labels: &Map) {
    put!(o, level, "{title}:\t");
    if labels.is_empty() {
        return o.put(level, "<none>\n");
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            o.put(level, "");
            o.put(level, "\t");
        }
        put!(o, level, "{k}={v}\n");
    }
}

/// `printAnnotationsMultiline`: last-applied hidden; long or multi-line values split.
fn annotations_ml(o: &mut W, title: &str, ann: &Map) {
    annotations_at(o, 0, title, ann);
}

/// [`annotations_ml`] through a `NestedPrefixWriter` of `level` (see [`labels_at`]).
fn annotations_at(o: &mut W, level: usize, title: &str, ann: &Map) {
    put!(o, level, "{title}:\t");
    let keys: Vec<&String> = ann
        .keys()
        .filter(|k| *k != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if keys.is_empty() {
        return o.put(level, "<none>\n");
    }
    for (i, k) in keys.into_iter().enumerate() {
        if i != 0 {
            o.put(level, "\t");
        }
        let v = ann[k].strip_suffix('\n').unwrap_or(&ann[k]);
        if v.len() + k.len() + 2 > 140 || v.contains('\n') {
            put!(o, level, "{k}:\n");
            for s in v.split('\n') {
                put!(o, level, "\t  {}\n", shorten(s, 138));
            }
        } else {
            put!(o, level, "{k}: {v}\n");
        }
    }
}

/// describe.go's `shorten`: the first `max` bytes and `...` when longer.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}...", &s[..cut])
}

fn tolerations(o: &mut W, title: &str, ts: &[Value]) {
    put!(o, 0, "{title}:\t");
    if ts.is_empty() {
        return o.put(0, "<none>\n");
    }
    let mut ts: Vec<&Value> = ts.iter().collect();
    go_sort(&mut ts, |a, b| st(a, "/key") < st(b, "/key"));
    for (i, t) in ts.into_iter().enumerate() {
        let (key, value, effect) = (st(t, "/key"), st(t, "/value"), st(t, "/effect"));
        let mut s = format!("{}{key}", if i == 0 { "" } else { "\t" });
        if !value.is_empty() {
            s += &format!("={value}");
        }
        if !effect.is_empty() {
            s += &format!(":{effect}");
        }
        if st(t, "/operator") == "Exists" && value.is_empty() {
            s += if key.is_empty() && effect.is_empty() {
                "op=Exists"
            } else {
                " op=Exists"
            };
        }
        if let Some(secs) = t.get("tolerationSeconds") {
            s += &format!(" for {}s", txt(Some(secs)));
        }
        put!(o, 0, "{s}\n");
    }
}

fn resources(o: &mut W, r: Option<&Value>, level: usize) {
    for (k, title) in [("limits", "Limits"), ("requests", "Requests")] {
        let Some(m) = r
            .and_then(|r| r.get(k))
            .and_then(Value::as_object)
            .filter(|m| !m.is_empty())
        else {
            continue;
        };
        put!(o, level, "{title}:\n");
        let mut names: Vec<&String> = m.keys().collect();
        crate::sort::sort(&mut names);
        for n in names {
            put!(o, level + 1, "{n}:\t{}\n", qty_text(&m[n]));
        }
    }
}

/// `printCSIPersistentVolumeAttributesMultiline`: every write at LEVEL_2 (a key after the first
/// gets that indent twice, before and after nothing, then a tab), `<none>` by the plain
/// writer's `WriteLine` (no indent), a `key=value` longer than 140 bytes cut with `...`.
fn csi_attributes(o: &mut W, attrs: &Map) {
    o.put(2, "VolumeAttributes:\t");
    if attrs.is_empty() {
        return o.put(0, "<none>\n");
    }
    for (i, (k, v)) in attrs.iter().enumerate() {
        if i != 0 {
            o.put(2, "");
            o.put(2, "\t");
        }
        put!(o, 2, "{}\n", shorten(&format!("{k}={v}"), 140));
    }
}

/// `describeVolumes`: the volume types the API server serves in a playground (hostPath,
/// emptyDir, gcePersistentDisk, awsElasticBlockStore, gitRepo, secret, configMap, nfs,
/// persistentVolumeClaim, ephemeral, downwardAPI, projected, csi); the in-tree storage
/// plugins kubectl also knows (iSCSI, RBD, Ceph, …) print `<unknown>` here.
fn volumes(o: &mut W, vols: &[Value], space: &str) {
    if vols.is_empty() {
        return put!(o, 0, "{space}Volumes:\t<none>\n");
    }
    put!(o, 0, "{space}Volumes:\n");
    for v in vols {
        put!(
            o,
            1,
            "{}{}:\n",
            if space.is_empty() { "" } else { " " },
            st(v, "/name")
        );
        let b = |p: &str| truthy(v, p);
        if let Some(h) = v.get("hostPath") {
            put!(o, 2, "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n", st(h, "/path"), h.get("type").map_or("<none>".into(), |t| txt(Some(t))));
        } else if let Some(e) = v.get("emptyDir") {
            let size = e
                .get("sizeLimit")
                .and_then(|s| qty(&txt(Some(s))))
                .filter(|q| q.nano > 0)
                .map_or("<unset>".into(), Qty::text);
            put!(o, 2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n", st(e, "/medium"));
        } else if v.get("secret").is_some() {
            put!(o, 2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n", st(v, "/secret/secretName"), b("/secret/optional"));
        } else if v.get("configMap").is_some() {
            put!(o, 2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n", st(v, "/configMap/name"), b("/configMap/optional"));
        } else if v.get("nfs").is_some() {
            put!(o, 2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n", st(v, "/nfs/server"), st(v, "/nfs/path"), b("/nfs/readOnly"));
        } else if v.get("persistentVolumeClaim").is_some() {
            put!(o, 2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n", st(v, "/persistentVolumeClaim/claimName"), b("/persistentVolumeClaim/readOnly"));
        } else if let Some(e) = v.get("ephemeral") {
            // printEphemeralVolumeSource: the claim template through printPersistentVolumeClaim
            // (not a full PVC) on a writer nested two levels
            o.put(2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n");
            if let Some(t) = e.get("volumeClaimTemplate") {
                stateful::print_pvc(o, 2, t, None);
            }
        } else if let Some(g) = v.get("gcePersistentDisk") {
            put!(o, 2, "Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n    PDName:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n", st(g, "/pdName"), st(g, "/fsType"), num(g, "/partition"), truthy(g, "/readOnly"));
        } else if let Some(a) = v.get("awsElasticBlockStore") {
            put!(o, 2, "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n    VolumeID:\t{}\n    FSType:\t{}\n    Partition:\t{}\n    ReadOnly:\t{}\n", st(a, "/volumeID"), st(a, "/fsType"), num(a, "/partition"), truthy(a, "/readOnly"));
        } else if let Some(g) = v.get("gitRepo") {
            put!(o, 2, "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t{}\n    Revision:\t{}\n", st(g, "/repository"), st(g, "/revision"));
        } else if let Some(c) = v.get("csi") {
            put!(o, 2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    ReadOnly:\t{}\n", st(c, "/driver"), st(c, "/fsType"), truthy(c, "/readOnly"));
            csi_attributes(o, &smap(c, "/volumeAttributes"));
        } else if let Some(d) = v.get("downwardAPI") {
            o.put(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for i in arr(d, "/items") {
                for (k, f) in [
                    ("fieldRef", "/fieldPath"),
                    ("resourceFieldRef", "/resource"),
                ] {
                    if let Some(r) = i.get(k) {
                        put!(o, 3, "{} -> {}\n", st(r, f), st(i, "/path"));
                    }
                }
            }
        } else if let Some(p) = v.get("projected") {
            o.put(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
            for s in arr(p, "/sources") {
                if s.get("secret").is_some() {
                    put!(
                        o,
                        2,
                        "SecretName:\t{}\n    Optional:\t{}\n",
                        st(s, "/secret/name"),
                        truthy(s, "/secret/optional")
                    );
                } else if s.get("downwardAPI").is_some() {
                    o.put(2, "DownwardAPI:\ttrue\n");
                } else if s.get("configMap").is_some() {
                    put!(
                        o,
                        2,
                        "ConfigMapName:\t{}\n    Optional:\t{}\n",
                        st(s, "/configMap/name"),
                        truthy(s, "/configMap/optional")
                    );
                } else if s.get("serviceAccountToken").is_some() {
                    put!(
                        o,
                        2,
                        "TokenExpirationSeconds:\t{}\n",
                        num(s, "/serviceAccountToken/expirationSeconds")
                    );
                }
            }
        } else {
            o.put(1, "<unknown>\n");
        }
    }
}

fn topology(o: &mut W, tscs: &[Value], space: &str) {
    if tscs.is_empty() {
        return;
    }
    let mut t: Vec<&Value> = tscs.iter().collect();
    go_sort(&mut t, |a, b| st(a, "/topologyKey") < st(b, "/topologyKey"));
    put!(o, 0, "{space}Topology Spread Constraints:\t");
    for (i, c) in t.into_iter().enumerate() {
        if i != 0 {
            put!(o, 0, "{space}\t");
        }
        put!(
            o,
            0,
            "{}:{} when max skew {} is exceeded",
            st(c, "/topologyKey"),
            st(c, "/whenUnsatisfiable"),
            num(c, "/maxSkew")
        );
        if let Some(s) = c.get("labelSelector") {
            put!(o, 0, " for selector {}", selector_of(Some(s)));
        }
        o.put(0, "\n");
    }
}

/// `DescribePodTemplate`.
fn pod_template(o: &mut W, labels: &Map, ann: &Map, spec: &Value) {
    o.put(0, "Pod Template:\n");
    labels_ml(o, "  Labels", labels);
    if !ann.is_empty() {
        annotations_ml(o, "  Annotations", ann);
    }
    if !st(spec, "/serviceAccountName").is_empty() {
        put!(
            o,
            1,
            "Service Account:\t{}\n",
            st(spec, "/serviceAccountName")
        );
    }
    if !arr(spec, "/initContainers").is_empty() {
        containers(
            o,
            "Init Containers",
            arr(spec, "/initContainers"),
            &[],
            None,
            "  ",
        );
    }
    containers(o, "Containers", arr(spec, "/containers"), &[], None, "  ");
    volumes(o, arr(spec, "/volumes"), "  ");
    topology(o, arr(spec, "/topologySpreadConstraints"), "  ");
    if !st(spec, "/priorityClassName").is_empty() {
        put!(
            o,
            1,
            "Priority Class Name:\t{}\n",
            st(spec, "/priorityClassName")
        );
    }
    labels_ml(o, "  Node-Selectors", &smap(spec, "/nodeSelector"));
    tolerations(o, "  Tolerations", arr(spec, "/tolerations"));
}

fn template_of(v: &Value) -> (Map, Map, &Value) {
    let t = v.pointer("/spec/template").unwrap_or(&Value::Null);
    (
        smap(t, "/metadata/labels"),
        smap(t, "/metadata/annotations"),
        t.get("spec").unwrap_or(&Value::Null),
    )
}

/// The `Pod Template:` block as `rollout history --revision` prints it (raw tabs).
pub fn pod_template_raw(t: &PodTemplateSpec) -> String {
    let mut o = W::default();
    pod_template(&mut o, &t.metadata.labels, &t.metadata.annotations, &t.spec);
    o.cur
}

// ---------------------------------------------------------------- events

/// One Event as `DescribeEvents` prints it.
struct Ev {
    type_: String,
    reason: String,
    /// `lastTimestamp`, what `SortableEvents` orders by; the zero time (None) sorts first.
    last: Option<i64>,
    age: String,
    source: String,
    message: String,
}

/// `searchEvents`: events whose involvedObject has this name, namespace, kind (unless None) and
/// UID, in the API's list order (namespace/name); each read from its core/v1 view, as kubectl
/// gets it. The scheduler's Events come through events.k8s.io (an `eventTime` with microseconds,
/// a `series` when repeated, no `lastTimestamp`), so they sort first and their ages are not
/// rounded to whole seconds.
fn find_events(c: &Cluster, ns: &str, name: &str, kind: Option<&str>, uid: &str) -> Vec<Ev> {
    let now = c.now();
    c.store()
        .events
        .listed(|e| {
            *e.involved.name == *name
                && *e.involved.namespace == *ns
                && *e.involved.uid == *uid
                && kind.is_none_or(|k| e.involved.kind == k)
        })
        .map(|e| {
            let v = crate::api::codec::event_to_value(e);
            let first = match time(&v, "/eventTime") {
                Some(t) => since(now, Some(t)),
                None => since(now, time(&v, "/firstTimestamp")),
            };
            let age = if let Some(series) = v.get("series") {
                format!(
                    "{} (x{} over {first})",
                    since(now, time(series, "/lastObservedTime")),
                    num(series, "/count")
                )
            } else if num(&v, "/count") > 1 {
                format!(
                    "{} (x{} over {first})",
                    since(now, time(&v, "/lastTimestamp")),
                    num(&v, "/count")
                )
            } else {
                first
            };
            let source = match st(&v, "/source/component") {
                "" => st(&v, "/reportingComponent"),
                s => s,
            };
            Ev {
                type_: st(&v, "/type").to_string(),
                reason: st(&v, "/reason").to_string(),
                last: time(&v, "/lastTimestamp"),
                age,
                source: source.to_string(),
                message: st(&v, "/message").trim().to_string(),
            }
        })
        .collect()
}

/// `DescribeEvents` (None when `--show-events=false`).
fn events(o: &mut W, evs: Option<Vec<Ev>>) {
    let Some(mut evs) = evs else { return };
    if evs.is_empty() {
        return o.put(0, "Events:\t<none>\n");
    }
    o.flush();
    go_sort(&mut evs, |a, b| a.last < b.last);
    o.put(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    o.put(1, "----\t------\t----\t----\t-------\n");
    for e in evs {
        put!(
            o,
            1,
            "{}\t{}\t{}\t{}\t{}\n",
            e.type_,
            e.reason,
            e.age,
            e.source,
            e.message
        );
    }
}

fn head(o: &mut W, v: &Value, created: bool) {
    put!(o, 0, "Name:\t{}\n", st(v, "/metadata/name"));
    put!(o, 0, "Namespace:\t{}\n", st(v, "/metadata/namespace"));
    if created {
        put!(
            o,
            0,
            "CreationTimestamp:\t{}\n",
            date(time(v, "/metadata/creationTimestamp"))
        );
    }
}

fn meta_labels(o: &mut W, v: &Value) {
    labels_ml(o, "Labels", &smap(v, "/metadata/labels"));
    annotations_ml(o, "Annotations", &smap(v, "/metadata/annotations"));
}

fn own_events(c: &Cluster, v: &Value, kind: Option<&str>, show: bool) -> Option<Vec<Ev>> {
    show.then(|| {
        find_events(
            c,
            st(v, "/metadata/namespace"),
            st(v, "/metadata/name"),
            kind,
            st(v, "/metadata/uid"),
        )
    })
}

fn conditions3(o: &mut W, v: &Value) {
    let conds = arr(v, "/status/conditions");
    if !conds.is_empty() {
        o.put(0, "Conditions:\n  Type\tStatus\tReason\n");
        o.put(1, "----\t------\t------\n");
        for c in conds {
            put!(
                o,
                1,
                "{} \t{}\t{}\n",
                st(c, "/type"),
                st(c, "/status"),
                st(c, "/reason")
            );
        }
    }
}

// ---------------------------------------------------------------- describers

fn deployment(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, true);
    meta_labels(&mut o, v);
    let sel = selector_of(v.pointer("/spec/selector"));
    put!(
        o,
        0,
        "Selector:\t{}\n",
        if sel == "<none>" { "" } else { &sel }
    );
    let n = |p: &str| num(v, p);
    put!(
        o,
        0,
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
        n("/spec/replicas"),
        n("/status/updatedReplicas"),
        n("/status/replicas"),
        n("/status/availableReplicas"),
        n("/status/unavailableReplicas")
    );
    put!(o, 0, "StrategyType:\t{}\n", st(v, "/spec/strategy/type"));
    put!(o, 0, "MinReadySeconds:\t{}\n", n("/spec/minReadySeconds"));
    if let Some(ru) = v.pointer("/spec/strategy/rollingUpdate") {
        let g = |k: &str| ru.get(k).map_or("<nil>".into(), |x| txt(Some(x)));
        put!(
            o,
            0,
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
            g("maxUnavailable"),
            g("maxSurge")
        );
    }
    let (l, a, spec) = template_of(v);
    pod_template(&mut o, &l, &a, spec);
    conditions3(&mut o, v);
    // deploymentutil.GetAllReplicaSetsInChunks: owned RSs by creation; new = oldest equal template.
    let s = c.store();
    if let Some(d) = s.deployments.get(&ObjKey::new(
        st(v, "/metadata/namespace"),
        st(v, "/metadata/name"),
    )) {
        let mut rss: Vec<_> = s
            .replicasets
            .owned_by(&d.metadata.uid)
            .iter()
            .filter_map(|k| s.replicasets.get(k))
            .filter(|r| d.spec.selector.matches(&r.metadata.labels))
            .collect();
        crate::sort::sort_by(&mut rss, |a, b| {
            (
                a.metadata.creation_timestamp.div_euclid(1000),
                &a.metadata.name,
            )
                .cmp(&(
                    b.metadata.creation_timestamp.div_euclid(1000),
                    &b.metadata.name,
                ))
        });
        let new = rss
            .iter()
            .position(|r| equal_ignore_hash(&r.spec.template, &d.spec.template));
        if !rss.is_empty() {
            let fmt = |r: &crate::api::ReplicaSet| {
                format!(
                    "{} ({}/{} replicas created)",
                    r.metadata.name, r.status.replicas, r.spec.replicas
                )
            };
            let old: Vec<String> = rss
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != new)
                .map(|(_, r)| fmt(r))
                .collect();
            put!(
                o,
                0,
                "OldReplicaSets:\t{}\n",
                if old.is_empty() {
                    "<none>".into()
                } else {
                    old.join(", ")
                }
            );
            put!(
                o,
                0,
                "NewReplicaSet:\t{}\n",
                new.map_or("<none>".into(), |i| fmt(rss[i]))
            );
        }
    }
    events(&mut o, own_events(c, v, Some("Deployment"), show));
    o.finish()
}

fn replicaset(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    put!(
        o,
        0,
        "Selector:\t{}\n",
        selector_of(v.pointer("/spec/selector"))
    );
    meta_labels(&mut o, v);
    if let Some(ctl) = controller(v) {
        put!(o, 0, "Controlled By:\t{ctl}\n");
    }
    put!(
        o,
        0,
        "Replicas:\t{} current / {} desired\n",
        num(v, "/status/replicas"),
        num(v, "/spec/replicas")
    );
    pods_status(&mut o, c, v);
    let (l, a, spec) = template_of(v);
    pod_template(&mut o, &l, &a, spec);
    conditions3(&mut o, v);
    events(&mut o, own_events(c, v, Some("ReplicaSet"), show));
    o.finish()
}

/// kubectl's `describeServiceAccount`: the three secret lists under padded headers, sorted
/// (tokens are the `kubernetes.io/service-account-token` Secrets naming it).
fn serviceaccount(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    let names = |field: &str| -> Vec<String> {
        arr(v, &format!("/{field}"))
            .iter()
            .filter_map(|s| s.get("name").and_then(Value::as_str))
            .map(str::to_string)
            .collect()
    };
    let ns = st(v, "/metadata/namespace");
    let name = st(v, "/metadata/name");
    let tokens: Vec<String> = c
        .store()
        .secrets
        .in_namespace(ns)
        .filter(|s| {
            s.type_ == "kubernetes.io/service-account-token"
                && s.metadata
                    .annotations
                    .get("kubernetes.io/service-account.name")
                    .is_some_and(|n| n == name)
        })
        .map(|s| s.metadata.name.clone())
        .collect();
    let secrets_exist = |n: &String| {
        c.store()
            .secrets
            .contains(&crate::api::ObjKey::new(ns, n.as_str()))
    };
    for (header, list, check) in [
        ("Image pull secrets:", names("imagePullSecrets"), true),
        ("Mountable secrets: ", names("secrets"), true),
        ("Tokens:            ", tokens, false),
    ] {
        if list.is_empty() {
            put!(o, 0, "{header}\t<none>\n");
            continue;
        }
        for (i, n) in list.iter().enumerate() {
            let h = if i == 0 {
                header
            } else {
                "                   "
            };
            let missing = if check && !secrets_exist(n) {
                " (not found)"
            } else {
                ""
            };
            put!(o, 0, "{h}\t{n}{missing}\n");
        }
    }
    events(&mut o, own_events(c, v, Some("ServiceAccount"), show));
    o.finish()
}

/// `describePodDisruptionBudgetV1` (kubectl v1.33 describe.go): the budget set, the selector
/// (`<unset>` when null, `<none>` when empty, as kubectl 1.33 prints them), the status counts.
fn pdb(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    if let Some(m) = v.pointer("/spec/minAvailable").filter(|x| !x.is_null()) {
        put!(
            o,
            0,
            "Min available:\t{}\n",
            crate::api::policy::intstr_text(m)
        );
    } else if let Some(m) = v.pointer("/spec/maxUnavailable").filter(|x| !x.is_null()) {
        put!(
            o,
            0,
            "Max unavailable:\t{}\n",
            crate::api::policy::intstr_text(m)
        );
    }
    let selector = match v.pointer("/spec/selector").filter(|x| !x.is_null()) {
        None => "<unset>".to_string(),
        Some(sel) => Some(selector_of(Some(sel)))
            .filter(|s| !s.is_empty())
            .unwrap_or("<none>".into()),
    };
    put!(o, 0, "Selector:\t{selector}\n");
    o.put(0, "Status:\n");
    for (label, field) in [
        ("Allowed disruptions", "disruptionsAllowed"),
        ("Current", "currentHealthy"),
        ("Desired", "desiredHealthy"),
        ("Total", "expectedPods"),
    ] {
        let n = v
            .pointer(&format!("/status/{field}"))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        put!(o, 2, "{label}:\t{n}\n");
    }
    events(&mut o, own_events(c, v, Some("PodDisruptionBudget"), show));
    o.finish()
}

/// kubectl's `describeQuota` (describe.go v1.33): the scopes sorted with their help texts,
/// then `Resource Used Hard` per hard resource in name order; a used quantity in another
/// format than its hard one is shown as `NewQuantity(used.Value(), hard.Format)`.
fn quota(v: &Value) -> String {
    use crate::api::quota::qty_text;
    use crate::api::validation::quantity;
    let mut o = W::default();
    head(&mut o, v, false);
    let mut scopes: Vec<String> = arr(v, "/spec/scopes")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    if !scopes.is_empty() {
        crate::sort::sort(&mut scopes);
        put!(o, 0, "Scopes:\t{}\n", scopes.join(", "));
        for s in &scopes {
            let help = scope_help(s);
            if !help.is_empty() {
                put!(o, 0, " * {help}\n");
            }
        }
    }
    o.put(0, "Resource\tUsed\tHard\n");
    o.put(0, "--------\t----\t----\n");
    let hard = v
        .pointer("/status/hard")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (k, h) in &hard {
        let Some(hq) = quantity(h) else { continue };
        let mut uq = v
            .pointer(&format!(
                "/status/used/{}",
                k.replace('~', "~0").replace('/', "~1")
            ))
            .and_then(quantity)
            .unwrap_or((0, crate::api::validation::QFmt::Dec));
        if uq.1 != hq.1 {
            // Value(): rounded up to a whole unit
            const UNIT: i128 = 1_000_000_000;
            let whole = uq.0.div_euclid(UNIT) + i128::from(uq.0.rem_euclid(UNIT) != 0);
            uq = (whole * UNIT, hq.1);
        }
        put!(o, 0, "{k}\t{}\t{}\n", qty_text(uq), qty_text(hq));
    }
    o.finish()
}

/// kubectl's `describeLimitRange`: a row per item and resource (min, max, default request,
/// default limit, ratio; `-` where unset). kubectl walks a Go map of the item's resources, in
/// no fixed order; kubeplay prints them in name order.
fn limitrange(v: &Value) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    o.put(
        0,
        "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n",
    );
    o.put(
        0,
        "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n",
    );
    limit_rows(&mut o, &v["spec"], "");
    o.finish()
}

/// `describeLimitRangeSpec`: a row per item and resource, `prefix` before the type.
fn limit_rows(o: &mut W, spec: &Value, prefix: &str) {
    for item in arr(spec, "/limits") {
        let fields = [
            "min",
            "max",
            "defaultRequest",
            "default",
            "maxLimitRequestRatio",
        ];
        let mut keys: Vec<String> = fields
            .iter()
            .filter_map(|f| item.get(*f).and_then(Value::as_object))
            .flat_map(|m| m.keys().cloned())
            .collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        let t = item.get("type").and_then(Value::as_str).unwrap_or("");
        for k in keys {
            let cell = |f: &str| {
                item.get(f)
                    .and_then(|m| m.get(&k))
                    .map_or("-".to_string(), |q| {
                        crate::api::validation::quantity(q)
                            .map_or_else(|| "0".into(), crate::api::quota::qty_text)
                    })
            };
            put!(
                *o,
                0,
                "{prefix}{t}\t{k}\t{}\t{}\t{}\t{}\t{}\n",
                cell("min"),
                cell("max"),
                cell("defaultRequest"),
                cell("default"),
                cell("maxLimitRequestRatio")
            );
        }
    }
}

/// `helpTextForResourceQuotaScope`.
fn scope_help(scope: &str) -> &'static str {
    match scope {
        "Terminating" => "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
        "NotTerminating" => "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
        "BestEffort" => "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
        "NotBestEffort" => "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
        _ => "",
    }
}

/// `getPodStatusForController`: the phases of the pods the controller owns that its selector
/// matches (Pending counts as Waiting).
fn pods_status(o: &mut W, c: &Cluster, v: &Value) {
    let s = c.store();
    let sel: LabelSelector = v
        .pointer("/spec/selector")
        .and_then(|x| serde_json::from_value(x.clone()).ok())
        .unwrap_or_default();
    let mut counts = [0; 4];
    for p in s
        .pods
        .owned_iter(st(v, "/metadata/uid"))
        .filter(|p| sel.matches(&p.metadata.labels))
    {
        if let Some(i) = ["Running", "Pending", "Succeeded", "Failed"]
            .iter()
            .position(|x| *x == p.status.phase.as_str())
        {
            counts[i] += 1;
        }
    }
    put!(
        o,
        0,
        "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
}

/// `resourcehelper.PodRequestsAndLimits` for one of `requests`/`limits` (sidecars included).
fn pod_totals(p: &Value, kind: &str) -> BTreeMap<String, Qty> {
    fn add(to: &mut BTreeMap<String, Qty>, from: &BTreeMap<String, Qty>) {
        for (k, q) in from {
            to.entry(k.clone())
                .and_modify(|x| x.nano += q.nano)
                .or_insert(*q);
        }
    }
    let list = |c: &Value| -> BTreeMap<String, Qty> {
        c.pointer(&format!("/resources/{kind}"))
            .and_then(Value::as_object)
            .map(|m| {
                crate::sort::btree_map(
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), qty(&txt(Some(v)))?))),
                )
            })
            .unwrap_or_default()
    };
    let mut total = BTreeMap::new();
    for c in arr(p, "/spec/containers") {
        add(&mut total, &list(c));
    }
    let (mut sidecars, mut init) = (BTreeMap::new(), BTreeMap::<String, Qty>::new());
    for c in arr(p, "/spec/initContainers") {
        let mut reqs = list(c);
        if st(c, "/restartPolicy") == "Always" {
            add(&mut total, &reqs);
            add(&mut sidecars, &reqs);
            reqs = sidecars.clone();
        } else {
            add(&mut reqs, &sidecars);
        }
        for (k, q) in reqs {
            if init.get(&k).is_none_or(|x| q.nano > x.nano) {
                init.insert(k, q);
            }
        }
    }
    for (k, q) in init {
        if total.get(&k).is_none_or(|x| q.nano > x.nano) {
            total.insert(k, q);
        }
    }
    total
}

fn node(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    let now = c.now();
    let name = st(v, "/metadata/name");
    put!(o, 0, "Name:\t{name}\n");
    let labels = smap(v, "/metadata/labels");
    let mut roles: Vec<&str> = labels
        .iter()
        .filter_map(|(k, val)| {
            k.strip_prefix("node-role.kubernetes.io/")
                .filter(|r| !r.is_empty())
                .or((k == "kubernetes.io/role" && !val.is_empty()).then_some(val.as_str()))
        })
        .collect();
    crate::sort::sort(&mut roles);
    roles.dedup();
    put!(
        o,
        0,
        "Roles:\t{}\n",
        if roles.is_empty() {
            "<none>".into()
        } else {
            roles.join(",")
        }
    );
    meta_labels(&mut o, v);
    put!(
        o,
        0,
        "CreationTimestamp:\t{}\n",
        date(time(v, "/metadata/creationTimestamp"))
    );
    o.put(0, "Taints:\t");
    let mut taints: Vec<&Value> = arr(v, "/spec/taints").iter().collect();
    if taints.is_empty() {
        o.put(0, "<none>\n");
    }
    go_sort(&mut taints, |a, b| {
        format!("{},{}", st(a, "/effect"), st(a, "/key"))
            < format!("{},{}", st(b, "/effect"), st(b, "/key"))
    });
    for (i, t) in taints.into_iter().enumerate() {
        let (k, val, e) = (st(t, "/key"), st(t, "/value"), st(t, "/effect"));
        let s = match (val.is_empty(), e.is_empty()) {
            (true, true) => k.to_string(),
            (false, true) => format!("{k}={val}:"),
            (true, false) => format!("{k}:{e}"),
            (false, false) => format!("{k}={val}:{e}"),
        };
        put!(o, 0, "{}{s}\n", if i == 0 { "" } else { "\t" });
    }
    put!(
        o,
        0,
        "Unschedulable:\t{}\n",
        truthy(v, "/spec/unschedulable")
    );
    // The kubelet's Lease in kube-node-lease, renewed every 10s while the kubelet runs.
    if let Some(n) = c.store().nodes.get(name) {
        let upto = if n.failed { n.failed_at } else { now };
        let created = n.metadata.creation_timestamp;
        o.put(0, "Lease:\n");
        put!(o, 1, "HolderIdentity:\t{name}\n");
        o.put(1, "AcquireTime:\t<unset>\n");
        put!(
            o,
            1,
            "RenewTime:\t{}\n",
            rfc1123z(created + (upto - created).max(0) / 10_000 * 10_000)
        );
    }
    let conds = arr(v, "/status/conditions");
    if !conds.is_empty() {
        o.put(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        o.put(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for cd in conds {
            let t = |p| date(time(cd, p));
            put!(
                o,
                1,
                "{} \t{} \t{} \t{} \t{} \t{}\n",
                st(cd, "/type"),
                st(cd, "/status"),
                t("/lastHeartbeatTime"),
                t("/lastTransitionTime"),
                st(cd, "/reason"),
                st(cd, "/message")
            );
        }
    }
    o.put(0, "Addresses:\n");
    for a in arr(v, "/status/addresses") {
        put!(o, 1, "{}:\t{}\n", st(a, "/type"), st(a, "/address"));
    }
    for (k, title) in [("capacity", "Capacity"), ("allocatable", "Allocatable")] {
        if let Some(m) = v
            .pointer(&format!("/status/{k}"))
            .and_then(Value::as_object)
            .filter(|m| !m.is_empty())
        {
            put!(o, 0, "{title}:\n");
            for (r, q) in m {
                put!(o, 0, "  {r}:\t{}\n", qty_text(q));
            }
        }
    }
    o.put(0, "System Info:\n");
    for (k, title) in [
        ("machineID", "Machine ID"),
        ("systemUUID", "System UUID"),
        ("bootID", "Boot ID"),
        ("kernelVersion", "Kernel Version"),
        ("osImage", "OS Image"),
        ("operatingSystem", "Operating System"),
        ("architecture", "Architecture"),
        ("containerRuntimeVersion", "Container Runtime Version"),
        ("kubeletVersion", "Kubelet Version"),
        ("kubeProxyVersion", "Kube-Proxy Version"),
    ] {
        put!(
            o,
            0,
            "  {title}:\t{}\n",
            st(v, &format!("/status/nodeInfo/{k}"))
        );
    }
    if !st(v, "/spec/podCIDR").is_empty() {
        put!(o, 0, "PodCIDR:\t{}\n", st(v, "/spec/podCIDR"));
    }
    let cidrs: Vec<String> = arr(v, "/spec/podCIDRs")
        .iter()
        .map(|x| txt(Some(x)))
        .collect();
    if !cidrs.is_empty() {
        put!(o, 0, "PodCIDRs:\t{}\n", cidrs.join(","));
    }
    if !st(v, "/spec/providerID").is_empty() {
        put!(o, 0, "ProviderID:\t{}\n", st(v, "/spec/providerID"));
    }
    // describeNodeResource
    let s = c.store();
    let pods: Vec<Value> = s
        .pods_on_node(name)
        .iter()
        .filter_map(|k| s.pods.get(k))
        .filter(|p| !p.status.phase.is_terminal())
        .filter_map(|p| c.object_value(Resource::Pod, &p.metadata.namespace, &p.metadata.name))
        .collect();
    put!(o, 0, "Non-terminated Pods:\t({} in total)\n", pods.len());
    o.put(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    o.put(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let alloc_of = |r: &str| {
        let a = v
            .pointer(&format!("/status/allocatable/{r}"))
            .or_else(|| v.pointer(&format!("/status/capacity/{r}")));
        a.and_then(|q| qty(&txt(Some(q))))
            .unwrap_or(Qty { nano: 0, fmt: 0 })
    };
    let (cpu, mem) = (alloc_of("cpu"), alloc_of("memory"));
    let zero = Qty { nano: 0, fmt: 0 };
    let pct = |q: Qty, a: Qty, milli: bool| {
        let (x, y) = if milli {
            (q.milli(), a.milli())
        } else {
            (q.value(), a.value())
        };
        if y == 0 {
            0
        } else {
            (x as f64 / y as f64 * 100.0) as i64
        }
    };
    let cell = |m: &BTreeMap<String, Qty>, r: &str, a: Qty| {
        let q = m.get(r).copied().unwrap_or(zero);
        format!("{} ({}%)", q.text(), pct(q, a, r == "cpu"))
    };
    let (mut reqs, mut lims) = (BTreeMap::new(), BTreeMap::new());
    for p in &pods {
        let (rq, lm) = (pod_totals(p, "requests"), pod_totals(p, "limits"));
        put!(
            o,
            1,
            "{}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
            st(p, "/metadata/namespace"),
            st(p, "/metadata/name"),
            cell(&rq, "cpu", cpu),
            cell(&lm, "cpu", cpu),
            cell(&rq, "memory", mem),
            cell(&lm, "memory", mem),
            since(now, time(p, "/metadata/creationTimestamp"))
        );
        for (to, from) in [(&mut reqs, rq), (&mut lims, lm)] {
            for (k, q) in from {
                to.entry(k)
                    .and_modify(|x: &mut Qty| x.nano += q.nano)
                    .or_insert(q);
            }
        }
    }
    o.put(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    o.put(1, "Resource\tRequests\tLimits\n");
    o.put(1, "--------\t--------\t------\n");
    // describeNodeResource: cpu, memory and ephemeral-storage, then the allocatable hugepage
    // sizes, sorted
    let huge: Vec<String> = v
        .pointer("/status/allocatable")
        .and_then(Value::as_object)
        .map(|m| {
            m.keys()
                .filter(|k| k.starts_with("hugepages-"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let standard = ["cpu", "memory", "ephemeral-storage"].map(String::from);
    for r in standard.iter().chain(&huge) {
        let a = alloc_of(r);
        put!(o, 1, "{r}\t{}\t{}\n", cell(&reqs, r, a), cell(&lims, r, a));
    }
    let evs = show.then(|| {
        let mut e = find_events(c, "", name, Some("Node"), st(v, "/metadata/uid"));
        e.extend(find_events(c, "", name, Some("Node"), name));
        e
    });
    events(&mut o, evs);
    o.finish()
}

/// `formatEndpointSlices` over the slices the EndpointSlice controller would keep: ready,
/// non-terminating pods with an IP that the selector picks, on the service port's target port.
fn endpoints(c: &Cluster, svc: &Value, port: &Value) -> String {
    let key = crate::api::ObjKey::new(st(svc, "/metadata/namespace"), st(svc, "/metadata/name"));
    if c.store()
        .services
        .get(&key)
        .is_some_and(crate::controllers::endpoints::is_apiserver_service)
    {
        return crate::controllers::endpoints::format_endpoints(
            &c.endpoints_value(key.namespace(), key.name())
                .unwrap_or_default(),
        );
    }
    let Some(sel) = svc.pointer("/spec/selector").and_then(Value::as_object) else {
        return "<none>".into();
    };
    let sel: Map = crate::sort::btree_map(sel.iter().map(|(k, v)| (k.clone(), txt(Some(v)))));
    let s = c.store();
    let mut list = Vec::new();
    for p in s.pods.in_namespace(st(svc, "/metadata/namespace")) {
        let ip = p.status.pod_ip.clone().unwrap_or_default();
        if ip.is_empty()
            || p.status.phase.is_terminal()
            || p.metadata.deletion_timestamp.is_some()
            || !p.is_ready()
            || !sel.iter().all(|(k, v)| p.metadata.labels.get(k) == Some(v))
        {
            continue;
        }
        let target = match port.get("targetPort") {
            Some(Value::String(n)) => arr(&p.spec, "/containers")
                .iter()
                .flat_map(|c| arr(c, "/ports"))
                .find(|cp| st(cp, "/name") == n)
                .map(|cp| num(cp, "/containerPort")),
            Some(t) => t.as_i64(),
            None => Some(num(port, "/port")),
        };
        if let Some(t) = target {
            list.push(format!("{ip}:{t}"));
        }
    }
    if list.len() > 3 {
        return format!("{} + {} more...", list[..3].join(","), list.len() - 3);
    }
    list.join(",")
}

fn service(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    let spec = v.get("spec").unwrap_or(&Value::Null);
    let list = |k: &str| {
        arr(spec, k)
            .iter()
            .map(|x| txt(Some(x)))
            .collect::<Vec<_>>()
            .join(",")
    };
    put!(
        o,
        0,
        "Selector:\t{}\n",
        format_labels(&smap(spec, "/selector"))
    );
    put!(o, 0, "Type:\t{}\n", st(spec, "/type"));
    if let Some(p) = spec.get("ipFamilyPolicy") {
        put!(o, 0, "IP Family Policy:\t{}\n", txt(Some(p)));
    }
    put!(o, 0, "IP Families:\t{}\n", or_none(&list("/ipFamilies")));
    put!(o, 0, "IP:\t{}\n", st(spec, "/clusterIP"));
    put!(o, 0, "IPs:\t{}\n", or_none(&list("/clusterIPs")));
    for (k, title) in [
        ("/externalIPs", "External IPs"),
        ("/loadBalancerIP", "Desired LoadBalancer IP"),
        ("/externalName", "External Name"),
    ] {
        let s = if k == "/externalIPs" {
            list(k)
        } else {
            st(spec, k).to_string()
        };
        if !s.is_empty() {
            put!(o, 0, "{title}:\t{s}\n");
        }
    }
    for p in arr(spec, "/ports") {
        let name = match st(p, "/name") {
            "" => "<unset>",
            n => n,
        };
        let proto = st(p, "/protocol");
        put!(o, 0, "Port:\t{name}\t{}/{proto}\n", num(p, "/port"));
        put!(
            o,
            0,
            "TargetPort:\t{}/{proto}\n",
            p.get("targetPort").map_or("0".into(), |t| txt(Some(t)))
        );
        if num(p, "/nodePort") != 0 {
            put!(o, 0, "NodePort:\t{name}\t{}/{proto}\n", num(p, "/nodePort"));
        }
        put!(o, 0, "Endpoints:\t{}\n", endpoints(c, v, p));
    }
    put!(
        o,
        0,
        "Session Affinity:\t{}\n",
        st(spec, "/sessionAffinity")
    );
    for (k, title) in [
        ("/externalTrafficPolicy", "External Traffic Policy"),
        ("/internalTrafficPolicy", "Internal Traffic Policy"),
    ] {
        if !st(spec, k).is_empty() {
            put!(o, 0, "{title}:\t{}\n", st(spec, k));
        }
    }
    if num(spec, "/healthCheckNodePort") != 0 {
        put!(
            o,
            0,
            "HealthCheck NodePort:\t{}\n",
            num(spec, "/healthCheckNodePort")
        );
    }
    if !list("/loadBalancerSourceRanges").is_empty() {
        put!(
            o,
            0,
            "LoadBalancer Source Ranges:\t{}\n",
            list("/loadBalancerSourceRanges")
        );
    }
    if !st(spec, "/trafficDistribution").is_empty() {
        put!(
            o,
            0,
            "Traffic Distribution:\t{}\n",
            st(spec, "/trafficDistribution")
        );
    }
    events(&mut o, own_events(c, v, Some("Service"), show));
    o.finish()
}

/// `ConfigMapDescriber` (kubectl/pkg/describe/describe.go): each data key, `----`, its value and
/// a blank line,
/// binary data as sizes (keys sorted; Go's map order is random), then the events.
fn configmap(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    o.put(0, "\nData\n====\n");
    for (k, val) in smap(v, "/data") {
        put!(o, 0, "{k}:\n----\n");
        put!(o, 0, "{val}\n\n");
    }
    o.put(0, "\nBinaryData\n====\n");
    for (k, val) in smap(v, "/binaryData") {
        let n = crate::api::config::base64_decode(&val).map_or(0, |b| b.len());
        put!(o, 0, "{k}: {n} bytes\n");
    }
    o.put(0, "\n");
    events(&mut o, own_events(c, v, Some("ConfigMap"), show));
    o.finish()
}

/// `SecretDescriber`: the type, then each key's size (a service account token's value shown).
fn secret(v: &Value) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    let ty = st(v, "/type");
    put!(o, 0, "\nType:\t{ty}\n");
    o.put(0, "\nData\n====\n");
    for (k, val) in smap(v, "/data") {
        let bytes = crate::api::config::base64_decode(&val).unwrap_or_default();
        if k == "token" && ty == "kubernetes.io/service-account-token" {
            put!(o, 0, "{k}:\t{}\n", String::from_utf8_lossy(&bytes));
        } else {
            put!(o, 0, "{k}:\t{} bytes\n", bytes.len());
        }
    }
    o.finish()
}

/// `describeNamespace`: then `DescribeResourceQuotas` (each quota by name, its scopes, `used`
/// and `hard` as the status has them) and `DescribeLimitRanges` (every range's rows).
fn namespace(c: &Cluster, v: &Value) -> String {
    use crate::api::quota::qty_text;
    let mut o = W::default();
    let ns = st(v, "/metadata/name");
    put!(o, 0, "Name:\t{}\n", ns);
    meta_labels(&mut o, v);
    put!(o, 0, "Status:\t{}\n", st(v, "/status/phase"));
    o.put(0, "\n");
    let quotas: Vec<_> = c.store().quotas.in_namespace(ns).collect();
    if quotas.is_empty() {
        o.put(0, "No resource quota.\n");
    } else {
        o.put(0, "Resource Quotas\n");
        for q in quotas {
            put!(o, 1, "Name:\t{}\n", q.metadata.name);
            let mut scopes: Vec<String> = q
                .spec
                .get("scopes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            if !scopes.is_empty() {
                crate::sort::sort(&mut scopes);
                put!(o, 1, "Scopes:\t{}\n", scopes.join(", "));
                for s in &scopes {
                    let help = scope_help(s);
                    if !help.is_empty() {
                        put!(o, 1, "* {help}\n");
                    }
                }
            }
            o.put(1, "Resource\tUsed\tHard\n");
            o.put(1, "--------\t---\t---\n");
            let used = c.quota_used(q);
            for (k, h) in q.hard() {
                let u = used
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map_or("0".into(), |x| qty_text(x.1));
                put!(o, 1, "{k}\t{u}\t{}\n", qty_text(h));
            }
        }
    }
    o.put(0, "\n");
    let ranges: Vec<_> = c.store().limitranges.in_namespace(ns).collect();
    if ranges.is_empty() {
        o.put(0, "No LimitRange resource.\n");
    } else {
        o.put(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
        o.put(
            0,
            " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n",
        );
        for l in ranges {
            limit_rows(&mut o, &l.spec, " ");
        }
    }
    o.finish()
}

// ---------------------------------------------------------------- the command

fn describe_one(c: &Cluster, r: Resource, ns: &str, name: &str, show: bool) -> Option<String> {
    let v = c.object_value(r, ns, name)?;
    Some(match r {
        Resource::Deployment => deployment(c, &v, show),
        Resource::ReplicaSet => replicaset(c, &v, show),
        Resource::Pod => pod::pod(c, &v, show),
        Resource::Node => node(c, &v, show),
        Resource::Service => service(c, &v, show),
        Resource::Namespace => namespace(c, &v),
        Resource::Event | Resource::ControllerRevision => generic(c, &v, show),
        Resource::StatefulSet => stateful::statefulset(c, &v, show),
        Resource::DaemonSet => daemon::daemonset(c, &v, show),
        Resource::Job => job::job(c, &v, show),
        Resource::CronJob => job::cronjob(c, &v, show),
        Resource::PersistentVolumeClaim => stateful::pvc(c, &v, show),
        Resource::PersistentVolume => stateful::pv(c, &v, show),
        Resource::Endpoints => stateful::endpoints(c, &v, show),
        Resource::HorizontalPodAutoscaler => autoscaling::hpa(c, &v, show),
        Resource::ConfigMap => configmap(c, &v, show),
        Resource::Secret => secret(&v),
        Resource::ServiceAccount => serviceaccount(c, &v, show),
        Resource::PodDisruptionBudget => pdb(c, &v, show),
        Resource::ResourceQuota => quota(&v),
        Resource::LimitRange => limitrange(&v),
    })
}

/// (namespace, name, labels) of every object of a kind in scope, in the API's list order.
fn list(c: &Cluster, r: Resource, ns: Option<&str>) -> Vec<(String, String, Map)> {
    let s = c.store();
    fn keyed<'a, T: crate::store::Object + 'a>(
        it: impl Iterator<Item = &'a T>,
    ) -> Vec<(String, String, Map)> {
        it.map(|o| {
            (
                o.meta().namespace.clone(),
                o.meta().name.clone(),
                (*o.meta().labels).clone(),
            )
        })
        .collect()
    }
    match (r, ns) {
        (Resource::Deployment, Some(n)) => keyed(s.deployments.in_namespace(n)),
        (Resource::Deployment, None) => keyed(s.deployments.iter()),
        (Resource::ReplicaSet, Some(n)) => keyed(s.replicasets.in_namespace(n)),
        (Resource::ReplicaSet, None) => keyed(s.replicasets.iter()),
        (Resource::Pod, Some(n)) => keyed(s.pods.in_namespace(n)),
        (Resource::Pod, None) => keyed(s.pods.iter()),
        (Resource::Service, Some(n)) => keyed(s.services.in_namespace(n)),
        (Resource::Service, None) => keyed(s.services.iter()),
        (Resource::Event, Some(n)) => keyed(s.events.in_namespace(n)),
        (Resource::Event, None) => keyed(s.events.iter()),
        (Resource::Node, _) => keyed(s.nodes.values()),
        (Resource::StatefulSet, Some(n)) => keyed(s.statefulsets.in_namespace(n)),
        (Resource::StatefulSet, None) => keyed(s.statefulsets.iter()),
        (Resource::DaemonSet, Some(n)) => keyed(s.daemonsets.in_namespace(n)),
        (Resource::DaemonSet, None) => keyed(s.daemonsets.iter()),
        (Resource::Job, Some(n)) => keyed(s.jobs.in_namespace(n)),
        (Resource::Job, None) => keyed(s.jobs.iter()),
        (Resource::CronJob, Some(n)) => keyed(s.cronjobs.in_namespace(n)),
        (Resource::CronJob, None) => keyed(s.cronjobs.iter()),
        (Resource::ControllerRevision, Some(n)) => keyed(s.controllerrevisions.in_namespace(n)),
        (Resource::ControllerRevision, None) => keyed(s.controllerrevisions.iter()),
        (Resource::PersistentVolumeClaim, Some(n)) => keyed(s.pvcs.in_namespace(n)),
        (Resource::PersistentVolumeClaim, None) => keyed(s.pvcs.iter()),
        (Resource::PersistentVolume, _) => keyed(s.pvs.iter()),
        (Resource::HorizontalPodAutoscaler, Some(n)) => keyed(s.hpas.in_namespace(n)),
        (Resource::HorizontalPodAutoscaler, None) => keyed(s.hpas.iter()),
        (Resource::ServiceAccount, Some(n)) => keyed(s.serviceaccounts.in_namespace(n)),
        (Resource::ServiceAccount, None) => keyed(s.serviceaccounts.iter()),
        (Resource::PodDisruptionBudget, Some(n)) => keyed(s.pdbs.in_namespace(n)),
        (Resource::PodDisruptionBudget, None) => keyed(s.pdbs.iter()),
        (Resource::ResourceQuota, Some(n)) => keyed(s.quotas.in_namespace(n)),
        (Resource::ResourceQuota, None) => keyed(s.quotas.iter()),
        (Resource::LimitRange, Some(n)) => keyed(s.limitranges.in_namespace(n)),
        (Resource::LimitRange, None) => keyed(s.limitranges.iter()),
        (Resource::ConfigMap, Some(n)) => keyed(s.configmaps.in_namespace(n)),
        (Resource::ConfigMap, None) => keyed(s.configmaps.iter()),
        (Resource::Secret, Some(n)) => keyed(s.secrets.in_namespace(n)),
        (Resource::Secret, None) => keyed(s.secrets.iter()),
        (Resource::Endpoints, ns) => c
            .endpoints_names(ns)
            .into_iter()
            .filter_map(|k| s.services.get(&k))
            .map(|sv| {
                (
                    sv.metadata.namespace.clone(),
                    sv.metadata.name.clone(),
                    (*sv.metadata.labels).clone(),
                )
            })
            .collect(),
        (Resource::Namespace, _) => s
            .namespaces
            .keys()
            .filter_map(|n| c.object_value(r, "", n))
            .map(|v| {
                (
                    String::new(),
                    st(&v, "/metadata/name").to_string(),
                    smap(&v, "/metadata/labels"),
                )
            })
            .collect(),
    }
}

pub fn describe(cluster: &mut Cluster, raw: &[String]) -> CommandOutput {
    let p = match args::parse(raw, FLAGS, "describe") {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(e),
    };
    let (all, show) = match (p.bool("all-namespaces", false), p.bool("show-events", true)) {
        (Ok(a), Ok(s)) => (a, s),
        (Err(e), _) | (_, Err(e)) => return CommandOutput::failure(format!("error: {e}")),
    };
    if p.positional.is_empty() {
        return CommandOutput::failure("error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
    }
    let targets = match super::resource_args(&p.positional) {
        Ok(t) => t,
        Err(e) => return CommandOutput::failure(e),
    };
    let selector = match p.get("selector").map(Selector::parse).transpose() {
        Ok(s) => s,
        Err(e) => {
            let r = targets.first().map_or(Resource::Pod, |t| t.0);
            return CommandOutput::failure(super::selector::server_error(
                &super::selector::gvr(r),
                p.get("selector").unwrap_or("").trim(),
                "",
                &e,
            ));
        }
    };
    if selector.is_some() && targets.iter().any(|(_, n)| n.is_some()) {
        return CommandOutput::failure(
            "error: name cannot be provided when a selector is specified",
        );
    }
    let c: &Cluster = cluster;
    let ns = p.namespace();
    let scope = |r: Resource| (r.namespaced() && !all).then_some(ns.as_str());
    let (mut docs, mut errs) = (Vec::new(), Vec::new());
    for (r, name) in &targets {
        match name {
            Some(n) => match describe_one(c, *r, &ns, n, show) {
                Some(d) => docs.push(d),
                None => errs.push(super::not_found_in(c, *r, Some(ns.as_str()), n)),
            },
            None => {
                for (ons, on, labels) in list(c, *r, scope(*r)) {
                    if selector.as_ref().is_none_or(|s| s.matches(&labels)) {
                        docs.extend(describe_one(c, *r, &ons, &on, show));
                    }
                }
            }
        }
    }
    let mut out = CommandOutput::new();
    // Two arguments and one NotFound: kubectl retries them as `TYPE NAME_PREFIX` and describes
    // every object whose name has the prefix (`TYPE/NAME` pairs end there with the error).
    if let ([err], [kind, prefix]) = (errs.as_slice(), p.positional.as_slice()) {
        let found: Vec<String> = match (kind.contains('/'), targets.first()) {
            (false, Some((r, _))) => list(c, *r, r.namespaced().then_some(ns.as_str()))
                .into_iter()
                .filter(|(_, n, _)| n.starts_with(prefix.as_str()))
                .filter_map(|(ons, on, _)| describe_one(c, *r, &ons, &on, show))
                .collect(),
            _ => Vec::new(),
        };
        if found.is_empty() {
            out.fail(err.clone());
        }
        for d in found {
            out.out(format!("{d}\n"));
        }
        return out;
    }
    for (i, d) in docs.iter().enumerate() {
        out.out(if i == 0 {
            d.clone()
        } else {
            format!("\n\n{d}")
        });
    }
    if docs.is_empty() && errs.is_empty() {
        out.err(if all {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        });
    }
    for e in errs {
        out.fail(e);
    }
    out
}

// ---------------------------------------------------------------- generic describer (Event)

/// fatih/camelcase `Split` + kubectl's `smartLabelFor`.
fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    let class = |c: char| {
        if c.is_lowercase() {
            0
        } else if c.is_uppercase() {
            1
        } else {
            2
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    for ch in field.chars() {
        match runs.last_mut() {
            Some(r) if class(r[0]) == class(ch) => r.push(ch),
            _ => runs.push(vec![ch]),
        }
    }
    for i in 0..runs.len().saturating_sub(1) {
        if class(runs[i][0]) == 1 && class(runs[i + 1][0]) == 0 {
            let last = runs[i].pop().expect("non-empty run");
            runs[i + 1].insert(0, last);
        }
    }
    runs.into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            let part: String = r.into_iter().collect();
            if ["API", "URL", "UID", "OSB", "GUID"].contains(&part.to_uppercase().as_str()) {
                part.to_uppercase()
            } else {
                let mut cs = part.chars();
                cs.next()
                    .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `printUnstructuredContent`.
fn unstructured(o: &mut W, level: usize, content: &serde_json::Map<String, Value>, prefix: &str) {
    const SKIP: [&str; 5] = [
        ".metadata.managedFields",
        ".metadata.name",
        ".metadata.namespace",
        ".metadata.labels",
        ".metadata.annotations",
    ];
    for (field, value) in content {
        let path = format!("{prefix}.{field}");
        if SKIP.contains(&path.as_str()) {
            continue;
        }
        match value {
            Value::Object(m) => {
                put!(o, level, "{}:\n", smart_label(field));
                unstructured(o, level + 1, m, &path);
            }
            Value::Array(xs) => {
                put!(o, level, "{}:\n", smart_label(field));
                for x in xs {
                    match x {
                        Value::Object(m) => unstructured(o, level + 1, m, &path),
                        x => put!(o, level + 1, "{}\n", txt(Some(x))),
                    }
                }
            }
            Value::Null => put!(o, level, "{}:\t<nil>\n", smart_label(field)),
            x => put!(o, level, "{}:\t{}\n", smart_label(field), txt(Some(x))),
        }
    }
}

fn generic(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    if let Some(m) = v.as_object() {
        unstructured(&mut o, 0, m, "");
    }
    events(&mut o, own_events(c, v, Some(st(v, "/kind")), show));
    o.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ClusterConfig;
    use serde_json::json;

    const NGINX: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-deployment\n  labels:\n    app: nginx\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.14.2\n        ports:\n        - containerPort: 80\n";

    /// Seed 003's completed rollout (nginx:1.14.2 → 1.16.1), checked byte for byte against
    /// kubectl v1.33 describing the same objects.
    #[test]
    fn completed_rollout_matches_kubectl() {
        let mut c = Cluster::new(ClusterConfig::default());
        let no_files = |p: &str| Err(format!("no file {p}"));
        assert_eq!(
            c.exec("kubectl apply -f -", Some(NGINX), &no_files)
                .exit_code,
            0
        );
        for line in [
            "sim settle",
            "kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1",
            "sim settle",
            "sim advance 3h",
        ] {
            c.run(line);
        }
        let scaled = |s: &[(&str, &str, i32, i32)]| -> String {
            s.iter().map(|(dir, rs, a, b)| format!("  Normal  ScalingReplicaSet  3h    deployment-controller  Scaled {dir} replica set nginx-deployment-{rs} from {a} to {b}\n")).collect()
        };
        let (old, new) = ("79f7798cb5", "6b5497b578");
        let expected = "Name:                   nginx-deployment\nNamespace:              default\nCreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000\nLabels:                 app=nginx\nAnnotations:            deployment.kubernetes.io/revision: 2\nSelector:               app=nginx\nReplicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\nStrategyType:           RollingUpdate\nMinReadySeconds:        0\nRollingUpdateStrategy:  25% max unavailable, 25% max surge\nPod Template:\n  Labels:  app=nginx\n  Containers:\n   nginx:\n    Image:         nginx:1.16.1\n    Port:          80/TCP\n    Host Port:     0/TCP\n    Environment:   <none>\n    Mounts:        <none>\n  Volumes:         <none>\n  Node-Selectors:  <none>\n  Tolerations:     <none>\nConditions:\n  Type           Status  Reason\n  ----           ------  ------\n  Available      True    MinimumReplicasAvailable\n  Progressing    True    NewReplicaSetAvailable\nOldReplicaSets:  nginx-deployment-79f7798cb5 (0/0 replicas created)\nNewReplicaSet:   nginx-deployment-6b5497b578 (3/3 replicas created)\nEvents:\n  Type    Reason             Age   From                   Message\n  ----    ------             ----  ----                   -------\n".to_string()
            + &scaled(&[("up", old, 0, 3), ("up", new, 0, 1), ("down", old, 3, 2), ("up", new, 1, 2), ("down", old, 2, 1), ("up", new, 2, 3), ("down", old, 1, 0)]);
        assert_eq!(
            c.run("kubectl describe deployment nginx-deployment")
                .stdout(),
            expected
        );
        // TYPE/NAME, a unique prefix, and the whole kind give the same text.
        assert_eq!(
            c.run("kubectl describe deploy/nginx-deployment").stdout(),
            expected
        );
        assert_eq!(
            c.run("kubectl describe deployments nginx").stdout(),
            expected + "\n"
        );
        let rs = c
            .run("kubectl describe rs -l pod-template-hash=79f7798cb5")
            .stdout();
        assert!(rs.starts_with("Name:           nginx-deployment-79f7798cb5\nNamespace:      default\nSelector:       app=nginx,pod-template-hash=79f7798cb5\n"), "{rs}");
        assert!(rs.contains("Controlled By:  Deployment/nginx-deployment\nReplicas:       0 current / 0 desired\nPods Status:    0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"), "{rs}");
        let all = c.run("kubectl describe rs").stdout();
        assert_eq!(
            all.matches("\n\n\nName:").count(),
            1,
            "two describes are separated by two blank lines"
        );
    }

    #[test]
    fn errors_and_empty_results() {
        let mut c = Cluster::new(ClusterConfig::default());
        let o = c.run("kubectl describe deploy nope");
        assert_eq!(
            (o.stderr().as_str(), o.exit_code),
            (
                "Error from server (NotFound): deployments.apps \"nope\" not found\n",
                1
            )
        );
        let o = c.run("kubectl describe pods");
        assert_eq!(
            (o.stdout().as_str(), o.stderr().as_str(), o.exit_code),
            ("", "No resources found in default namespace.\n", 0)
        );
        assert_eq!(c.run("kubectl describe").stderr(), "error: You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
        assert_eq!(
            c.run("kubectl describe foo").stderr(),
            "error: the server doesn't have a resource type \"foo\"\n"
        );
    }

    #[test]
    fn quantities_print_canonically() {
        for (i, o) in [
            ("0.1", "100m"),
            ("1", "1"),
            ("1000m", "1"),
            ("1500m", "1500m"),
            ("2000", "2k"),
            ("0.5Gi", "512Mi"),
            ("8388608Ki", "8Gi"),
            ("1536Mi", "1536Mi"),
            ("512", "512"),
            ("100M", "100M"),
            ("1e3", "1e3"),
            ("1.5G", "1500M"),
            ("0", "0"),
        ] {
            assert_eq!(qty(i).map(Qty::text).as_deref(), Some(o), "{i}");
        }
        assert_eq!(qty("128Mi").unwrap().value(), 128 << 20);
        assert_eq!(qty("250m").unwrap().milli(), 250);
        assert!(qty("abc").is_none());
    }

    #[test]
    fn go_sort_sorts_and_keeps_small_ties_in_order() {
        let mut v: Vec<(u32, usize)> = (0..12).map(|i| ((i % 3) as u32, i)).collect();
        go_sort(&mut v, |a, b| a.0 < b.0);
        assert_eq!(
            v.iter().map(|x| x.1).collect::<Vec<_>>(),
            vec![0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]
        );
        let mut big: Vec<u64> = (0..500u64).map(|i| (i * 7919) % 211).collect();
        go_sort(&mut big, |a, b| a < b);
        assert!(big.windows(2).all(|w| w[0] <= w[1]));
        let mut sorted: Vec<usize> = (0..100).collect();
        go_sort(&mut sorted, |a, b| a / 10 < b / 10);
        assert_eq!(
            sorted,
            (0..100).collect::<Vec<_>>(),
            "already sorted input is left alone"
        );
    }

    #[test]
    fn pod_template_block_layout() {
        let t: PodTemplateSpec = serde_json::from_value(json!({
            "metadata": {"labels": {"app": "web", "tier": "fe"}, "annotations": {"a": "x\ny", "kubectl.kubernetes.io/last-applied-configuration": "{}"}},
            "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443, "protocol": "TCP"}],
                "resources": {"limits": {"memory": "1Gi", "cpu": "500m"}}, "readinessProbe": {"httpGet": {"path": "/", "port": 80, "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
                "env": [{"name": "A", "value": "1"}, {"name": "N", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}}],
                "volumeMounts": [{"name": "d", "mountPath": "/d", "readOnly": true}]}],
                "volumes": [{"name": "d", "emptyDir": {}}],
                "tolerations": [{"key": "k", "operator": "Equal", "value": "v", "effect": "NoSchedule"}, {"key": "a", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}]}
        }))
        .unwrap();
        let raw = pod_template_raw(&t);
        assert_eq!(
            raw,
            "Pod Template:\n  Labels:\tapp=web\n\ttier=fe\n  Annotations:\ta:\n\t  x\n\t  y\n  Containers:\n   web:\n    Image:\tnginx\n    Ports:\t80/TCP, 443/TCP\n    Host Ports:\t0/TCP, 0/TCP\n    Limits:\n      cpu:\t500m\n      memory:\t1Gi\n    Readiness:\thttp-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3\n    Environment:\n      A:\t1\n      N:\t (v1:metadata.name)\n    Mounts:\n      /d from d (ro)\n  Volumes:\n   d:\n    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t\n    SizeLimit:\t<unset>\n  Node-Selectors:\t<none>\n  Tolerations:\ta:NoExecute op=Exists for 60s\n\tk=v:NoSchedule\n"
        );
    }
}
