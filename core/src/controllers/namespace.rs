//! Namespace deletion: the NamespaceLifecycle admission plugin and the namespace controller
//! (`pkg/controller/namespace/deletion`). Deleting a namespace marks it Terminating, refuses new
//! content in it, and deletes everything it holds (workloads with background propagation, pods
//! gracefully); the namespace goes once its last pod has terminated.

use super::gc::Propagation;
use crate::api::ObjKey;
use crate::sim::Cluster;

/// NamespaceLifecycle's immortal namespaces.
const IMMORTAL: &[&str] = &["default", "kube-system", "kube-public"];

impl Cluster {
    /// `DELETE /api/v1/namespaces/NAME`: the Forbidden text for an immortal namespace, else the
    /// namespace starts terminating (a second delete of a terminating namespace changes nothing).
    pub(crate) fn delete_namespace(&mut self, name: &str) -> Result<(), String> {
        if IMMORTAL.contains(&name) {
            return Err(format!(
                "namespaces \"{name}\" is forbidden: this namespace may not be deleted"
            ));
        }
        if !self.store.namespaces.contains_key(name) || self.namespace_terminating(name) {
            return Ok(());
        }
        let now = self.now();
        let rv = self.store.next_resource_version();
        if let Some(ns) = self.store.namespaces.get_mut(name) {
            ns.metadata.deletion_timestamp = Some(now);
            ns.metadata.resource_version = rv;
        }
        self.delete_namespace_content(name);
        self.finish_terminating_namespaces();
        Ok(())
    }

    /// Whether new objects may not be created in this namespace (it is being terminated).
    pub(crate) fn namespace_terminating(&self, name: &str) -> bool {
        self.store
            .namespaces
            .get(name)
            .is_some_and(|n| n.metadata.deletion_timestamp.is_some())
    }

    /// The namespace controller's sweep: every kind kubeplay serves, owners before what they own
    /// (their dependents go with them in the background, as the garbage collector deletes them).
    fn delete_namespace_content(&mut self, ns: &str) {
        let keys = |it: &mut dyn Iterator<Item = ObjKey>| it.collect::<Vec<_>>();
        let s = &self.store;
        let hpas = keys(&mut s.hpas.in_namespace(ns).map(|x| x.metadata.key()));
        let deployments = keys(&mut s.deployments.in_namespace(ns).map(|x| x.metadata.key()));
        let statefulsets = keys(&mut s.statefulsets.in_namespace(ns).map(|x| x.metadata.key()));
        let services = keys(&mut s.services.in_namespace(ns).map(|x| x.metadata.key()));
        for k in hpas {
            self.remove_hpa(&k);
        }
        for k in deployments {
            self.delete_deployment(&k, Propagation::Background);
        }
        for k in statefulsets {
            self.delete_statefulset(&k, Propagation::Background);
        }
        let s = &self.store;
        let daemonsets = keys(&mut s.daemonsets.in_namespace(ns).map(|x| x.metadata.key()));
        let cronjobs = keys(&mut s.cronjobs.in_namespace(ns).map(|x| x.metadata.key()));
        let jobs = keys(&mut s.jobs.in_namespace(ns).map(|x| x.metadata.key()));
        for k in daemonsets {
            self.delete_daemonset(&k, Propagation::Background);
        }
        for k in cronjobs {
            self.delete_cronjob(&k, Propagation::Background);
        }
        for k in jobs {
            self.delete_job(&k, Propagation::Background);
        }
        for k in services {
            self.store.services.remove(&k);
        }
        let s = &self.store;
        let configmaps = keys(&mut s.configmaps.in_namespace(ns).map(|x| x.metadata.key()));
        let secrets = keys(&mut s.secrets.in_namespace(ns).map(|x| x.metadata.key()));
        for k in configmaps {
            self.remove_configmap(&k);
        }
        for k in secrets {
            self.remove_secret(&k);
        }
        let s = &self.store;
        let accounts = keys(&mut s.serviceaccounts.in_namespace(ns).map(|x| x.metadata.key()));
        for k in accounts {
            self.remove_serviceaccount(&k);
        }
        let pdbs = keys(&mut self.store.pdbs.in_namespace(ns).map(|x| x.metadata.key()));
        for k in pdbs {
            self.remove_pdb(&k);
        }
        let quotas = keys(&mut self.store.quotas.in_namespace(ns).map(|x| x.metadata.key()));
        for k in quotas {
            self.remove_quota(&k);
        }
        let ranges = keys(
            &mut self
                .store
                .limitranges
                .in_namespace(ns)
                .map(|x| x.metadata.key()),
        );
        for k in ranges {
            self.remove_limitrange(&k);
        }
        let s = &self.store;
        let replicasets = keys(&mut s.replicasets.in_namespace(ns).map(|x| x.metadata.key()));
        for k in replicasets {
            self.delete_replicaset(&k, Propagation::Background);
        }
        let s = &self.store;
        let revisions = keys(
            &mut s
                .controllerrevisions
                .in_namespace(ns)
                .map(|x| x.metadata.key()),
        );
        let pvcs = keys(&mut s.pvcs.in_namespace(ns).map(|x| x.metadata.key()));
        let pods = keys(&mut s.pods.in_namespace(ns).map(|x| x.metadata.key()));
        for k in revisions {
            self.remove_controllerrevision(&k);
        }
        for k in pvcs {
            self.delete_pvc(&k);
        }
        for k in pods {
            self.delete_pod_gracefully(&k, None);
        }
    }

    /// Removes the terminating namespaces that hold nothing any more (called when the
    /// controllers have settled; there are few namespaces, and rarely a terminating one).
    pub(crate) fn finish_terminating_namespaces(&mut self) {
        let done: Vec<String> = self
            .store
            .namespaces
            .values()
            .filter(|n| n.metadata.deletion_timestamp.is_some())
            .map(|n| n.metadata.name.clone())
            .filter(|ns| {
                let s = &self.store;
                s.pods.in_namespace(ns).next().is_none()
                    && s.replicasets.in_namespace(ns).next().is_none()
                    && s.deployments.in_namespace(ns).next().is_none()
                    && s.statefulsets.in_namespace(ns).next().is_none()
                    && s.daemonsets.in_namespace(ns).next().is_none()
                    && s.jobs.in_namespace(ns).next().is_none()
                    && s.cronjobs.in_namespace(ns).next().is_none()
                    && s.pvcs.in_namespace(ns).next().is_none()
            })
            .collect();
        for ns in done {
            self.store.namespaces.remove(&ns);
            self.store.next_resource_version();
        }
    }
}
