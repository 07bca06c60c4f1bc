//! ObjectMeta, owner references, label selectors and int-or-string: the vocabulary every kind shares.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::rc::Rc;

/// Virtual wall-clock instant in Unix milliseconds (UTC). The API serializes it with second
/// precision (RFC 3339), as metav1.Time does.
pub type Time = i64;

/// `namespace/name` of a namespaced object (namespace empty for cluster-scoped ones).
///
/// The store keeps several copies of every key (the table, its list order, the owner and node
/// indexes, work queues), so a key is one pointer to its shared parts: a copy costs no
/// allocation and 8 bytes, where two reference-counted strings took 32 (PRODUCT §8).
#[derive(Clone)]
pub struct ObjKey(Rc<KeyParts>);

#[derive(Debug, Default)]
struct KeyParts {
    namespace: Rc<str>,
    name: Box<str>,
}

impl ObjKey {
    pub fn namespace(&self) -> &str {
        &self.0.namespace
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }
}

impl Default for ObjKey {
    fn default() -> Self {
        Self::new("", "")
    }
}

impl PartialEq for ObjKey {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
            || (self.0.name == other.0.name && self.0.namespace == other.0.namespace)
    }
}

impl Eq for ObjKey {}

impl std::hash::Hash for ObjKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.namespace.hash(state);
        self.0.name.hash(state);
    }
}

impl std::fmt::Debug for ObjKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjKey")
            .field("namespace", &self.0.namespace)
            .field("name", &self.0.name)
            .finish()
    }
}

thread_local! {
    /// The namespace of the last key made: a cluster's keys mostly share a handful of
    /// namespaces, so new keys share its string (no allocation, and ordered comparisons in the
    /// store's indexes see the same pointer instead of comparing the bytes).
    static LAST_NAMESPACE: std::cell::RefCell<Rc<str>> = std::cell::RefCell::new(Rc::from(""));
    /// The empty labels/annotations and owner references every default metadata starts with:
    /// shared, so an object without them (every Event) allocates nothing for them.
    static EMPTY_STRING_MAP: Rc<BTreeMap<String, String>> = Rc::default();
    static EMPTY_OWNER_REFS: Rc<Vec<OwnerReference>> = Rc::default();
}

/// How many texts [`shared_text`] keeps before it starts afresh.
const SHARED_TEXTS_KEPT: usize = 16_384;

thread_local! {
    static SHARED_TEXTS: std::cell::RefCell<std::collections::HashSet<Rc<str>>> =
        std::cell::RefCell::new(std::collections::HashSet::new());
}

/// `text`, shared with every earlier caller that asked for the same text: the few strings
/// thousands of pods repeat (their node's name, their controller's `generateName`) are held
/// once. The set is dropped when it reaches [`SHARED_TEXTS_KEPT`], which only ends the sharing
/// of older copies; it depends on the text alone, so clusters sharing it cannot tell.
pub fn shared_text(text: &str) -> Rc<str> {
    SHARED_TEXTS.with(|set| {
        let mut set = set.borrow_mut();
        if let Some(shared) = set.get(text) {
            return Rc::clone(shared);
        }
        if set.len() >= SHARED_TEXTS_KEPT {
            set.clear();
        }
        let shared: Rc<str> = Rc::from(text);
        set.insert(Rc::clone(&shared));
        shared
    })
}

impl ObjKey {
    pub fn new(namespace: impl AsRef<str>, name: impl AsRef<str>) -> Self {
        let namespace = namespace.as_ref();
        let namespace = LAST_NAMESPACE.with(|last| {
            let mut last = last.borrow_mut();
            if &**last != namespace {
                *last = Rc::from(namespace);
            }
            Rc::clone(&last)
        });
        Self(Rc::new(KeyParts {
            namespace,
            name: name.as_ref().into(),
        }))
    }
}

/// List order: namespace, then name (as the derived order would be, without comparing the
/// bytes of a namespace two keys share).
impl Ord for ObjKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if Rc::ptr_eq(&self.0, &other.0) {
            return std::cmp::Ordering::Equal;
        }
        let (a, b) = (&*self.0, &*other.0);
        let namespace = if Rc::ptr_eq(&a.namespace, &b.namespace) {
            std::cmp::Ordering::Equal
        } else {
            a.namespace.cmp(&b.namespace)
        };
        namespace.then_with(|| a.name.cmp(&b.name))
    }
}

impl PartialOrd for ObjKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for ObjKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.namespace.is_empty() {
            write!(f, "{}", self.0.name)
        } else {
            write!(f, "{}/{}", self.0.namespace, self.0.name)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

impl OwnerReference {
    pub fn is_controller(&self) -> bool {
        self.controller == Some(true)
    }
}

/// Labels or annotations, shared until written: every pod a ReplicaSet or StatefulSet creates
/// starts with its template's maps, and copying them per pod cost ~600 bytes each (a B-tree node
/// plus the strings) against PRODUCT §8's 1 KB per simulated pod. Reads go through `Deref` to
/// the map; `DerefMut` copies a shared map first (`Rc::make_mut`), so a write to one object's
/// labels never shows through another's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StringMap(Rc<BTreeMap<String, String>>);

impl Default for StringMap {
    fn default() -> Self {
        Self(EMPTY_STRING_MAP.with(Rc::clone))
    }
}

impl Deref for StringMap {
    type Target = BTreeMap<String, String>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for StringMap {
    fn deref_mut(&mut self) -> &mut Self::Target {
        Rc::make_mut(&mut self.0)
    }
}

impl From<BTreeMap<String, String>> for StringMap {
    fn from(map: BTreeMap<String, String>) -> Self {
        Self(Rc::new(map))
    }
}

impl<const N: usize> From<[(String, String); N]> for StringMap {
    fn from(pairs: [(String, String); N]) -> Self {
        Self(Rc::new(crate::sort::btree_map(pairs)))
    }
}

impl FromIterator<(String, String)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        Self(Rc::new(crate::sort::btree_map(iter)))
    }
}

impl<'a> IntoIterator for &'a StringMap {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl StringMap {
    /// For `skip_serializing_if`, which names a function of the field's own type.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Owner references, shared until written (as [`StringMap`]): every pod of a ReplicaSet
/// carries the same single controller reference, ~190 bytes a copy against PRODUCT §8's 1 KB
/// per simulated pod. `DerefMut` copies a shared list first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OwnerRefs(Rc<Vec<OwnerReference>>);

impl Default for OwnerRefs {
    fn default() -> Self {
        Self(EMPTY_OWNER_REFS.with(Rc::clone))
    }
}

impl Deref for OwnerRefs {
    type Target = Vec<OwnerReference>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for OwnerRefs {
    fn deref_mut(&mut self) -> &mut Self::Target {
        Rc::make_mut(&mut self.0)
    }
}

impl From<Vec<OwnerReference>> for OwnerRefs {
    fn from(refs: Vec<OwnerReference>) -> Self {
        Self(Rc::new(refs))
    }
}

impl<'a> IntoIterator for &'a OwnerRefs {
    type Item = &'a OwnerReference;
    type IntoIter = std::slice::Iter<'a, OwnerReference>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The metadata fields kubeplay models. Timestamps are virtual Unix milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectMeta {
    pub name: String,
    /// Shared by a controller's pods ([`shared_text`]).
    pub generate_name: Rc<str>,
    pub namespace: String,
    pub uid: String,
    pub resource_version: u64,
    pub generation: i64,
    pub creation_timestamp: Time,
    pub deletion_timestamp: Option<Time>,
    pub deletion_grace_period_seconds: Option<i64>,
    pub labels: StringMap,
    pub annotations: StringMap,
    pub owner_references: OwnerRefs,
    pub finalizers: Vec<String>,
}

impl ObjectMeta {
    pub fn key(&self) -> ObjKey {
        ObjKey::new(&self.namespace, &self.name)
    }

    /// The owner reference with `controller: true`, if any.
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|r| r.is_controller())
    }

    pub fn controller_uid(&self) -> Option<&str> {
        self.controller_ref().map(|r| r.uid.as_str())
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.get(key).map(String::as_str)
    }
}

/// A label selector requirement (`matchExpressions` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

impl LabelSelector {
    pub fn from_labels(labels: BTreeMap<String, String>) -> Self {
        Self {
            match_labels: labels,
            match_expressions: Vec::new(),
        }
    }

    /// An empty selector (`{}`) selects everything in the API, but controllers refuse it (spec §4.2).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| {
                let v = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => v.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => v.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => v.is_some(),
                    "DoesNotExist" => v.is_none(),
                    _ => false,
                }
            })
    }

    /// The selector as `metav1.FormatLabelSelector` prints it: `app=nginx,tier in (a,b)`,
    /// requirements sorted by key as labels.Selector.String() does; `<none>` when empty.
    pub fn to_selector_string(&self) -> String {
        let mut reqs: Vec<(String, String)> = Vec::new();
        for (k, v) in &self.match_labels {
            reqs.push((k.clone(), format!("{k}={v}")));
        }
        for r in &self.match_expressions {
            let mut vals = r.values.clone();
            crate::sort::sort(&mut vals);
            let s = match r.operator.as_str() {
                "In" => format!("{} in ({})", r.key, vals.join(",")),
                "NotIn" => format!("{} notin ({})", r.key, vals.join(",")),
                "Exists" => r.key.clone(),
                "DoesNotExist" => format!("!{}", r.key),
                other => format!("{} {} ({})", r.key, other, vals.join(",")),
            };
            reqs.push((r.key.clone(), s));
        }
        if reqs.is_empty() {
            return "<none>".to_string();
        }
        crate::sort::sort_by(&mut reqs, |a, b| a.0.cmp(&b.0));
        reqs.into_iter()
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// `intstr.IntOrString`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    Str(String),
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => write!(f, "{s}"),
        }
    }
}

impl IntOrString {
    /// `GetScaledValueFromIntOrPercent` (spec §5.1): percentages round up or down as asked.
    pub fn scaled_value(&self, total: i32, round_up: bool) -> Result<i32, String> {
        match self {
            IntOrString::Int(i) => Ok(*i),
            IntOrString::Str(s) => {
                let Some(num) = s.strip_suffix('%') else {
                    return Err(
                        "invalid value for IntOrString: invalid type: string is not a percentage"
                            .to_string(),
                    );
                };
                let p: i64 = num
                    .parse()
                    .map_err(|_| format!("invalid value for IntOrString: invalid value {s:?}"))?;
                let prod = p * total as i64;
                let v = if round_up {
                    (prod + 99).div_euclid(100)
                } else {
                    prod.div_euclid(100)
                };
                Ok(v.clamp(i32::MIN as i64, i32::MAX as i64) as i32)
            }
        }
    }
}
