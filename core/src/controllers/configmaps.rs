//! ConfigMap and Secret writes, and the root-ca-cert-publisher (upstream
//! `pkg/controller/certificates/rootcacertpublisher`): every namespace gets the ConfigMap
//! `kube-root-ca.crt` holding the cluster CA, annotated with its description.

use crate::api::{ConfigMap, ObjKey, Secret};
use crate::sim::Cluster;

/// `RootCACertConfigMapName`.
pub const ROOT_CA_NAME: &str = "kube-root-ca.crt";
/// `DescriptionAnnotation` and `Description` of the publisher.
const DESCRIPTION_KEY: &str = "kubernetes.io/description";
const DESCRIPTION: &str = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/// The simulated cluster's CA certificate: a fixed, certificate-shaped PEM block (the size and
/// header of a kubeadm CA; nothing verifies it).
pub const ROOT_CA_PEM: &str = "-----BEGIN CERTIFICATE-----\n\
MIIDBTCCAe2gAwIBAgIIKubeplay0wDQYJKoZIhvcNAQELBQAwFTETMBEGA1UEAx\n\
MKa3ViZXJuZXRlcwr5C3tMsi1QnfKs+W62L30+ls1QaKy/BdEGdSIiqnTfmYHJqk\n\
H4XAcbpCORUc2dN+SqwYq2CnUaaLX5fX3zn8b4RkLp4c2XIe1FIztjH0D6iqp3qv\n\
+E5qNAlX1xyXIDQzjUJBNKm3uNNg8x6LD9SjHGimkPoTA2lHmeN4dmoDljuF6amT\n\
xaM43qd+jfQF705PStXaIkL1qBLMfH2GJypf8Zbwms7IZZYe2V97oz4wOPqOZw0w\n\
3drXYDq2aBCi0yRRIvomSrJyNoMd7aOwInlDFKh4cI7F7xyVpuczvw22OpwmaPfg\n\
AcsQpexc06mGC02atSQ+Ht+CZdv4N8sGSrFXG2Sxe0SjlejNKSv1wVBxLtFejB/v\n\
WRgvqCScqTWt5ktrGr7JmOKVYcmzCg+ye0WQ1rPpqkclU7AG4m+XcAhTL3STwMYD\n\
0Alle7dmRFgIb89Jv8DarqcFlRcr1ogyyK90zogljpu49ns60dVdK/tfUGtWdDmi\n\
cd5GcT1nbaVapasu0EW7unBQy19qOdLGM0w0FjTroRg+zm/WfwzB+8UHonJsSKhG\n\
5ddbPW0lGuSLouEp7nKNWmGTr1roYhhqsPS5ZGCFr39xw3L2dmW+W8rO7rKHsPdr\n\
Sm5X57bHEbQb37DY5/yL5x5wdgAVZf1NM0Cgn9yLGTXg99mO6xwnLWF1maTfrHV0\n\
GYTRTpDguZc4gBTwtO31itA5wawsnmj89B8SizM0hC69D8ywHEAyw2c0XBmokfll\n\
e/o1LYuhwF/H581S5fVx10MciHxgXFxN48D632nHTvg6a7r53bXgmcT4A+H8+pvl\n\
AU6COAXpOXwxLofGjjuzfP0Zmb3Luklj0yb/4eZBhqlx7fxq5n59cZh57I8Ls8pA\n\
5oYPWYYUJsC3J2yOkYDBC9IIKSBNqzONJeUV5ogA+BJ4dP5pwAJTQXNBN+QGPLUA\n\
GTQXcOaCUsuY\n\
-----END CERTIFICATE-----\n";

/// The publisher's data: the CA under `ca.crt`, nothing else.
fn root_ca_data() -> std::collections::BTreeMap<String, String> {
    std::iter::once(("ca.crt".to_string(), ROOT_CA_PEM.to_string())).collect()
}

/// Whether `kube-root-ca.crt` is as the publisher keeps it (its data, a description).
fn root_ca_intact(c: &ConfigMap) -> bool {
    c.data == root_ca_data()
        && c.metadata
            .annotations
            .get(DESCRIPTION_KEY)
            .is_some_and(|d| !d.is_empty())
}

impl Cluster {
    pub(crate) fn write_configmap(&mut self, mut c: ConfigMap) {
        let revert = &*c.metadata.name == ROOT_CA_NAME && !root_ca_intact(&c);
        c.metadata.resource_version = self.store.next_resource_version();
        let key = c.metadata.key();
        let fixed = revert.then(|| {
            let mut f = c.clone();
            f.data = root_ca_data();
            let mut annotations = (*f.metadata.annotations).clone();
            annotations.insert(DESCRIPTION_KEY.to_string(), DESCRIPTION.to_string());
            f.metadata.annotations = annotations.into();
            f
        });
        self.store.configmaps.put(c);
        self.watched("ConfigMap", &key, false);
        // the publisher's sync puts the CA and its description back (syncNamespace)
        if let Some(f) = fixed {
            self.write_configmap(f);
        }
    }

    pub(crate) fn write_secret(&mut self, mut s: Secret) {
        s.metadata.resource_version = self.store.next_resource_version();
        let key = s.metadata.key();
        self.store.secrets.put(s);
        self.watched("Secret", &key, false);
    }

    /// Removes a ConfigMap. The publisher puts a deleted `kube-root-ca.crt` back at once (its
    /// informer sees the delete and syncs the namespace), unless the namespace is going.
    pub(crate) fn remove_configmap(&mut self, key: &ObjKey) {
        self.watched("ConfigMap", key, true);
        if self.store.configmaps.remove(key).is_none() {
            return;
        }
        self.store.next_resource_version();
        let ns = key.namespace().to_string();
        if key.name() == ROOT_CA_NAME
            && self.store.namespaces.contains_key(&ns)
            && !self.namespace_terminating(&ns)
        {
            let mut meta = self.new_meta(&ns, ROOT_CA_NAME);
            meta.generation = 0;
            meta.resource_version = self.store.next_resource_version();
            self.put_root_ca(meta);
        }
    }

    pub(crate) fn remove_secret(&mut self, key: &ObjKey) {
        self.watched("Secret", key, true);
        if self.store.secrets.remove(key).is_some() {
            self.store.next_resource_version();
        }
    }

    /// The publisher's sync of a new namespace: `kube-root-ca.crt` with the CA under `ca.crt`.
    /// It shares the namespace's creation time and resourceVersion (it is written in the same
    /// instant; taking a resourceVersion of its own would renumber every later object of
    /// every existing seed's transcripts).
    pub(crate) fn publish_root_ca(&mut self, ns: &str) {
        let Some(n) = self.store.namespaces.get(ns) else {
            return;
        };
        let mut meta = n.metadata.clone();
        meta.namespace = ns.to_string();
        meta.name = ROOT_CA_NAME.to_string();
        meta.uid = super::endpoints::uid_from(&format!("{}/{ROOT_CA_NAME}", n.metadata.uid));
        meta.generation = 0;
        meta.labels = Default::default();
        meta.owner_references = Default::default();
        meta.finalizers = Vec::new();
        self.put_root_ca(meta);
    }

    fn put_root_ca(&mut self, mut meta: crate::api::ObjectMeta) {
        let mut annotations = std::collections::BTreeMap::new();
        annotations.insert(DESCRIPTION_KEY.to_string(), DESCRIPTION.to_string());
        meta.annotations = annotations.into();
        let c = ConfigMap {
            metadata: meta,
            data: root_ca_data(),
            binary_data: Default::default(),
            immutable: None,
        };
        let key = c.metadata.key();
        self.store.configmaps.put(c);
        self.watched("ConfigMap", &key, false);
    }
}
