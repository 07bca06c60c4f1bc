//! Cluster DNS as a pod sees it: CoreDNS's `kubernetes` plugin for `cluster.local`, reached
//! through the pod's resolv.conf (search `NS.svc.cluster.local svc.cluster.local
//! cluster.local`, `ndots:5`). A Service's name gives its cluster IP; a headless Service's
//! gives its ready endpoints, and `HOSTNAME.SERVICE` one of them (a StatefulSet pod's stable
//! name); each address comes with the name its PTR record gives. Pure: reads the store.

use crate::api::{ObjKey, Pod, Service};
use crate::store::Store;
use serde_json::Value;

/// The cluster DNS Service (kube-system/kube-dns), the pods' nameserver.
pub const NAMESERVER: &str = "10.96.0.10";
/// Its PTR name.
pub const NAMESERVER_NAME: &str = "kube-dns.kube-system.svc.cluster.local";

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The fully qualified name that answered, and its addresses with their PTR names (empty
    /// when there is none).
    Found(String, Vec<(String, String)>),
    /// No such name in the cluster domain (NXDOMAIN on every search).
    NotFound,
    /// A name outside the cluster: upstream DNS, which kubeplay does not simulate.
    Outside,
}

/// Resolves `name` for a pod in `ns`, trying the search domains first as `ndots:5` does.
pub fn lookup(store: &Store, ns: &str, name: &str) -> Lookup {
    let name = name.to_ascii_lowercase();
    let absolute = name.ends_with('.');
    let name = name.trim_end_matches('.');
    if name.is_empty() {
        return Lookup::NotFound;
    }
    let mut candidates = Vec::new();
    if !absolute && name.matches('.').count() < 5 {
        for domain in [
            format!("{ns}.svc.cluster.local"),
            "svc.cluster.local".into(),
            "cluster.local".into(),
        ] {
            candidates.push(format!("{name}.{domain}"));
        }
    }
    candidates.push(name.to_string());
    for fqdn in &candidates {
        if let Some(found) = resolve(store, fqdn) {
            return Lookup::Found(fqdn.clone(), found);
        }
    }
    // what is left goes upstream: a public name kubeplay cannot answer, or NXDOMAIN
    let tld = name.rsplit('.').next().unwrap_or("");
    if name.contains('.') && PUBLIC_TLDS.contains(&tld) {
        Lookup::Outside
    } else {
        Lookup::NotFound
    }
}

/// Top-level domains of names that would resolve upstream (outside the simulation).
const PUBLIC_TLDS: &[&str] = &[
    "com", "net", "org", "io", "dev", "app", "co", "ai", "me", "info", "biz", "edu", "gov", "us",
    "uk", "de", "fr", "nl", "eu", "jp", "cn", "ru", "in", "br", "ca", "au", "ch", "se", "es", "it",
    "pl", "ua", "kr", "cloud", "tech", "sh",
];

/// A fully qualified name in `cluster.local`: `SVC.NS.svc.cluster.local` or
/// `HOST.SVC.NS.svc.cluster.local`.
fn resolve(store: &Store, fqdn: &str) -> Option<Vec<(String, String)>> {
    let rest = fqdn.strip_suffix(".svc.cluster.local")?;
    let labels: Vec<&str> = rest.split('.').collect();
    let (host, svc, ns) = match labels.as_slice() {
        [svc, ns] => (None, *svc, *ns),
        [host, svc, ns] => (Some(*host), *svc, *ns),
        _ => return None,
    };
    let service = store.services.get(&ObjKey::new(ns, svc))?;
    let cluster_ip = service
        .spec
        .get("clusterIP")
        .and_then(Value::as_str)
        .unwrap_or("");
    let svc_name = format!("{svc}.{ns}.svc.cluster.local");
    if cluster_ip != "None" {
        // a Service with a cluster IP has no per-pod names
        return match host {
            None if !cluster_ip.is_empty() => Some(vec![(cluster_ip.to_string(), svc_name)]),
            _ => None,
        };
    }
    let mut endpoints: Vec<(String, String)> = endpoints(store, service)
        .into_iter()
        .filter(|(_, hostname)| host.is_none() || hostname.as_deref() == host)
        .map(|(ip, hostname)| {
            let label = hostname.unwrap_or_else(|| ip.replace('.', "-"));
            (ip, format!("{label}.{svc_name}"))
        })
        .collect();
    endpoints.sort();
    (!endpoints.is_empty()).then_some(endpoints)
}

/// A headless Service's endpoints: its selected pods with an IP that are ready (or all of them
/// with `publishNotReadyAddresses`), with the hostname a pod of its subdomain publishes.
fn endpoints(store: &Store, service: &Service) -> Vec<(String, Option<String>)> {
    let Some(selector) = service.selector().filter(|s| !s.is_empty()) else {
        return Vec::new();
    };
    let selector = crate::api::LabelSelector::from_labels(selector);
    let not_ready_too = service
        .spec
        .get("publishNotReadyAddresses")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let named = |p: &Pod| {
        (p.subdomain() == Some(service.metadata.name.as_str()))
            .then(|| p.hostname().map(str::to_string))
            .flatten()
    };
    store
        .pods
        .in_namespace(&service.metadata.namespace)
        .filter(|p| selector.matches(&p.metadata.labels) && p.is_active())
        .filter(|p| not_ready_too || p.is_ready())
        .filter_map(|p| Some((p.status.pod_ip.as_deref()?.to_string(), named(p))))
        .collect()
}
