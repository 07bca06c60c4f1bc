//! Resource types as kubectl names them: plural, singular, short names and `kind.group` forms.

/// A kind kubeplay serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    Deployment,
    ReplicaSet,
    Pod,
    Node,
    Event,
    Service,
    Namespace,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    ControllerRevision,
    PersistentVolumeClaim,
    PersistentVolume,
    Endpoints,
    HorizontalPodAutoscaler,
    ConfigMap,
    Secret,
    ServiceAccount,
    PodDisruptionBudget,
    ResourceQuota,
    LimitRange,
}

impl Resource {
    pub const ALL: [Resource; 22] = [
        Resource::Deployment,
        Resource::ReplicaSet,
        Resource::Pod,
        Resource::Node,
        Resource::Event,
        Resource::Service,
        Resource::Namespace,
        Resource::StatefulSet,
        Resource::DaemonSet,
        Resource::Job,
        Resource::CronJob,
        Resource::ControllerRevision,
        Resource::PersistentVolumeClaim,
        Resource::PersistentVolume,
        Resource::Endpoints,
        Resource::HorizontalPodAutoscaler,
        Resource::ConfigMap,
        Resource::Secret,
        Resource::ServiceAccount,
        Resource::PodDisruptionBudget,
        Resource::ResourceQuota,
        Resource::LimitRange,
    ];

    pub fn kind(self) -> &'static str {
        match self {
            Resource::Deployment => "Deployment",
            Resource::ReplicaSet => "ReplicaSet",
            Resource::Pod => "Pod",
            Resource::Node => "Node",
            Resource::Event => "Event",
            Resource::Service => "Service",
            Resource::Namespace => "Namespace",
            Resource::StatefulSet => "StatefulSet",
            Resource::DaemonSet => "DaemonSet",
            Resource::Job => "Job",
            Resource::CronJob => "CronJob",
            Resource::ControllerRevision => "ControllerRevision",
            Resource::PersistentVolumeClaim => "PersistentVolumeClaim",
            Resource::PersistentVolume => "PersistentVolume",
            Resource::Endpoints => "Endpoints",
            Resource::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
            Resource::ConfigMap => "ConfigMap",
            Resource::Secret => "Secret",
            Resource::ServiceAccount => "ServiceAccount",
            Resource::PodDisruptionBudget => "PodDisruptionBudget",
            Resource::ResourceQuota => "ResourceQuota",
            Resource::LimitRange => "LimitRange",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Resource::Deployment => "deployments",
            Resource::ReplicaSet => "replicasets",
            Resource::Pod => "pods",
            Resource::Node => "nodes",
            Resource::Event => "events",
            Resource::Service => "services",
            Resource::Namespace => "namespaces",
            Resource::StatefulSet => "statefulsets",
            Resource::DaemonSet => "daemonsets",
            Resource::Job => "jobs",
            Resource::CronJob => "cronjobs",
            Resource::ControllerRevision => "controllerrevisions",
            Resource::PersistentVolumeClaim => "persistentvolumeclaims",
            Resource::PersistentVolume => "persistentvolumes",
            Resource::Endpoints => "endpoints",
            Resource::HorizontalPodAutoscaler => "horizontalpodautoscalers",
            Resource::ConfigMap => "configmaps",
            Resource::Secret => "secrets",
            Resource::ServiceAccount => "serviceaccounts",
            Resource::PodDisruptionBudget => "poddisruptionbudgets",
            Resource::ResourceQuota => "resourcequotas",
            Resource::LimitRange => "limitranges",
        }
    }

    pub fn group(self) -> &'static str {
        match self {
            Resource::Deployment
            | Resource::ReplicaSet
            | Resource::StatefulSet
            | Resource::DaemonSet
            | Resource::ControllerRevision => "apps",
            Resource::HorizontalPodAutoscaler => "autoscaling",
            Resource::Job | Resource::CronJob => "batch",
            Resource::PodDisruptionBudget => "policy",
            _ => "",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self.group() {
            "" => "v1",
            "autoscaling" => "autoscaling/v2",
            "batch" => "batch/v1",
            "policy" => "policy/v1",
            _ => "apps/v1",
        }
    }

    /// `GroupVersion.String()` as a GroupVersionResource prints it: `/v1` for the core group.
    pub fn api_version_gv(self) -> String {
        match self.group() {
            "" => "/v1".into(),
            _ => self.api_version().to_string(),
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(
            self,
            Resource::Node | Resource::Namespace | Resource::PersistentVolume
        )
    }

    /// `deployments.apps` / `pods`: how API errors name the resource.
    pub fn qualified_plural(self) -> String {
        match self.group() {
            "" => self.plural().to_string(),
            g => format!("{}.{g}", self.plural()),
        }
    }

    /// `deployment.apps` / `pod`: the name printer's prefix.
    pub fn qualified_singular(self) -> String {
        let singular = self.kind().to_lowercase();
        match self.group() {
            "" => singular,
            g => format!("{singular}.{g}"),
        }
    }

    pub(crate) fn short_names(self) -> &'static [&'static str] {
        match self {
            Resource::Deployment => &["deploy"],
            Resource::ReplicaSet => &["rs"],
            Resource::Pod => &["po"],
            Resource::Node => &["no"],
            Resource::Event => &["ev"],
            Resource::Service => &["svc"],
            Resource::Namespace => &["ns"],
            Resource::StatefulSet => &["sts"],
            Resource::DaemonSet => &["ds"],
            Resource::Job => &[],
            Resource::CronJob => &["cj"],
            Resource::ControllerRevision => &[],
            Resource::PersistentVolumeClaim => &["pvc"],
            Resource::PersistentVolume => &["pv"],
            Resource::Endpoints => &["ep"],
            Resource::HorizontalPodAutoscaler => &["hpa"],
            Resource::ConfigMap => &["cm"],
            Resource::Secret => &[],
            Resource::ServiceAccount => &["sa"],
            Resource::PodDisruptionBudget => &["pdb"],
            Resource::ResourceQuota => &["quota"],
            Resource::LimitRange => &["limits"],
        }
    }

    /// Resolves what a user typed (`deploy`, `deployments.apps`, `deployment.v1.apps`, `Pod`).
    pub fn parse(s: &str) -> Option<Resource> {
        let lower = s.to_lowercase();
        let mut parts = lower.splitn(2, '.');
        let name = parts.next().unwrap_or("");
        let rest = parts.next();
        Resource::ALL.into_iter().find(|r| {
            let name_ok = name == r.plural()
                || name == r.kind().to_lowercase()
                || r.short_names().contains(&name);
            let group_ok = match rest {
                None => true,
                Some(g) => {
                    let g = g.strip_prefix("v1.").unwrap_or(g);
                    // autoscaling is served as v2 (preferred) and v1
                    let g = match g.strip_prefix("v2.") {
                        Some(rest) if *r == Resource::HorizontalPodAutoscaler => rest,
                        _ => g,
                    };
                    g == r.group()
                        || (r.group().is_empty() && g == "v1")
                        || (*r == Resource::Event && g == "events.k8s.io")
                }
            };
            name_ok && group_ok
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_spellings_resolve() {
        for s in [
            "deploy",
            "deployment",
            "deployments",
            "deployment.apps",
            "deployments.apps",
            "deployment.v1.apps",
            "Deployment",
        ] {
            assert_eq!(Resource::parse(s), Some(Resource::Deployment), "{s}");
        }
        for (s, r) in [
            ("rs", Resource::ReplicaSet),
            ("po", Resource::Pod),
            ("ev", Resource::Event),
            ("no", Resource::Node),
            ("svc", Resource::Service),
            ("ns", Resource::Namespace),
            ("sts", Resource::StatefulSet),
            ("statefulset.apps", Resource::StatefulSet),
            ("ds", Resource::DaemonSet),
            ("daemonsets.apps", Resource::DaemonSet),
            ("job", Resource::Job),
            ("jobs.batch", Resource::Job),
            ("job.v1.batch", Resource::Job),
            ("cj", Resource::CronJob),
            ("cronjobs.batch", Resource::CronJob),
            ("pvc", Resource::PersistentVolumeClaim),
            ("pv", Resource::PersistentVolume),
            ("ep", Resource::Endpoints),
            ("endpoints", Resource::Endpoints),
            ("hpa", Resource::HorizontalPodAutoscaler),
            ("cm", Resource::ConfigMap),
            ("configmaps", Resource::ConfigMap),
            ("secret", Resource::Secret),
            ("secrets.v1", Resource::Secret),
            (
                "horizontalpodautoscalers.autoscaling",
                Resource::HorizontalPodAutoscaler,
            ),
            ("hpa.v2.autoscaling", Resource::HorizontalPodAutoscaler),
            ("hpa.v1.autoscaling", Resource::HorizontalPodAutoscaler),
            ("controllerrevisions", Resource::ControllerRevision),
            ("pdb", Resource::PodDisruptionBudget),
            ("quota", Resource::ResourceQuota),
            ("resourcequota", Resource::ResourceQuota),
            ("limits", Resource::LimitRange),
            ("limitranges", Resource::LimitRange),
            ("poddisruptionbudgets.policy", Resource::PodDisruptionBudget),
            (
                "poddisruptionbudget.v1.policy",
                Resource::PodDisruptionBudget,
            ),
            ("controllerrevision.apps", Resource::ControllerRevision),
        ] {
            assert_eq!(Resource::parse(s), Some(r), "{s}");
        }
        assert_eq!(Resource::parse("deployment.extensions"), None);
        assert_eq!(Resource::parse("foo"), None);
    }
}
