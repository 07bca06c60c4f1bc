//! The service account controller (`pkg/controller/serviceaccount`): a `default`
//! ServiceAccount in every namespace, made again when deleted; and the ServiceAccount
//! admission plugin's lookup, which refuses a pod naming a ServiceAccount that does not exist.

use crate::api::{ObjKey, ServiceAccount};
use crate::sim::Cluster;
use serde_json::Value;

pub(crate) const DEFAULT: &str = "default";

impl Cluster {
    /// The controller's sync of a new namespace: its `default` ServiceAccount, sharing the
    /// namespace's creation time and resourceVersion (written in the same instant; a
    /// resourceVersion of its own would renumber every later object of every transcript), its
    /// UID derived from the namespace's.
    pub(crate) fn ensure_default_service_account(&mut self, ns: &str) {
        let Some(n) = self.store.namespaces.get(ns) else {
            return;
        };
        let mut meta = n.metadata.clone();
        meta.namespace = ns.to_string();
        meta.name = DEFAULT.to_string();
        meta.uid =
            super::endpoints::uid_from(&format!("{}/serviceaccount/{DEFAULT}", n.metadata.uid));
        meta.generation = 0;
        meta.labels = Default::default();
        meta.annotations = Default::default();
        meta.owner_references = Default::default();
        meta.finalizers = Vec::new();
        let sa = ServiceAccount {
            metadata: meta,
            rest: Default::default(),
        };
        let key = sa.metadata.key();
        self.store.serviceaccounts.put(sa);
        self.watched("ServiceAccount", &key, false);
    }

    pub(crate) fn write_serviceaccount(&mut self, mut sa: ServiceAccount) {
        sa.metadata.resource_version = self.store.next_resource_version();
        let key = sa.metadata.key();
        self.store.serviceaccounts.put(sa);
        self.watched("ServiceAccount", &key, false);
    }

    /// Removes a ServiceAccount; a deleted `default` one is made again at once (the
    /// controller watches its deletion), unless the namespace is going.
    pub(crate) fn remove_serviceaccount(&mut self, key: &ObjKey) {
        self.watched("ServiceAccount", key, true);
        if self.store.serviceaccounts.remove(key).is_none() {
            return;
        }
        self.store.next_resource_version();
        let ns = key.namespace().to_string();
        if key.name() == DEFAULT
            && self.store.namespaces.contains_key(&ns)
            && !self.namespace_terminating(&ns)
        {
            let mut meta = self.new_meta(&ns, DEFAULT);
            meta.generation = 0;
            self.write_serviceaccount(ServiceAccount {
                metadata: meta,
                rest: Default::default(),
            });
        }
    }

    /// The ServiceAccount admission plugin: the error refusing a pod of `spec` in `ns` whose
    /// ServiceAccount does not exist (`name` is how the pod is named in it, `x-` for a
    /// controller's generated name).
    pub(crate) fn service_account_error(
        &self,
        ns: &str,
        name: &str,
        spec: &Value,
    ) -> Option<String> {
        let sa = spec
            .get("serviceAccountName")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT);
        if self.store.serviceaccounts.contains(&ObjKey::new(ns, sa)) {
            return None;
        }
        Some(format!(
            "pods \"{name}\" is forbidden: error looking up service account {ns}/{sa}: serviceaccount \"{sa}\" not found"
        ))
    }
}
