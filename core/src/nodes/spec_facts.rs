//! What the kubelet asks of a pod spec at every container start, read once per spec: the pods
//! of a ReplicaSet share their template's spec (`Rc`), and most have no probe, no command of
//! their own, no init container and no configuration reference, so a rollout of thousands of
//! pods skips that work instead of reading each container's JSON again.

use super::process::{image_exits_at_once, is_scripted};
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// Facts about a pod spec's containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecFacts {
    /// A container has a liveness or readiness probe.
    pub probes: bool,
    /// A container has a command or arguments of its own.
    pub scripted: bool,
    /// An environment variable comes from a ConfigMap, a Secret or a field (`valueFrom`,
    /// `envFrom`).
    pub config_refs: bool,
    /// Every regular container runs its image's server (none exits on its own).
    pub all_serve: bool,
}

impl SpecFacts {
    fn read(spec: &Value) -> Self {
        let list = |field: &str| {
            spec.get(field)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let regular = list("containers");
        let all: Vec<Value> = list("initContainers")
            .into_iter()
            .chain(regular.clone())
            .collect();
        let has = |c: &Value, k: &str| c.get(k).is_some_and(|v| !v.is_null());
        Self {
            probes: all
                .iter()
                .any(|c| has(c, "livenessProbe") || has(c, "readinessProbe")),
            scripted: all.iter().any(is_scripted),
            config_refs: all.iter().any(|c| {
                has(c, "envFrom")
                    || c.get("env")
                        .and_then(Value::as_array)
                        .is_some_and(|env| env.iter().any(|e| has(e, "valueFrom")))
            }),
            all_serve: regular.iter().all(|c| {
                !is_scripted(c)
                    && !image_exits_at_once(c.get("image").and_then(Value::as_str).unwrap_or(""))
            }),
        }
    }
}

/// The facts of the specs seen lately, by the spec's address (the entry holds the `Rc`, so
/// the address cannot be reused while it is cached).
#[derive(Debug, Clone, Default)]
pub struct FactsCache(RefCell<FxHashMap<usize, (Rc<Value>, SpecFacts)>>);

/// Specs kept at most: bare pods each have their own spec; rollouts a few.
const MAX_SPECS: usize = 256;

impl FactsCache {
    pub fn of(&self, spec: &Rc<Value>) -> SpecFacts {
        let key = Rc::as_ptr(spec) as usize;
        if let Some((_, facts)) = self.0.borrow().get(&key) {
            return *facts;
        }
        let facts = SpecFacts::read(spec);
        let mut map = self.0.borrow_mut();
        if map.len() >= MAX_SPECS {
            map.clear();
        }
        map.insert(key, (Rc::clone(spec), facts));
        facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn facts_of_specs() {
        let cache = FactsCache::default();
        let nginx = Rc::new(json!({"containers": [{"name": "n", "image": "nginx:1.14.2"}]}));
        assert_eq!(
            cache.of(&nginx),
            SpecFacts {
                probes: false,
                scripted: false,
                config_refs: false,
                all_serve: true
            }
        );
        let busy = Rc::new(json!({"initContainers": [{"name": "i", "image": "busybox",
            "command": ["true"], "readinessProbe": {"exec": {"command": ["true"]}}}],
            "containers": [{"name": "b", "image": "busybox",
            "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "k"}}}]}]}));
        assert_eq!(
            cache.of(&busy),
            SpecFacts {
                probes: true,
                scripted: true,
                config_refs: true,
                all_serve: false
            }
        );
        assert!(cache.of(&nginx).all_serve, "cached");
    }
}
