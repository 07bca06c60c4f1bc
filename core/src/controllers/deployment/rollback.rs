//! Legacy server-side rollback through the `deprecated.deployment.rollback.to` annotation
//! (spec §4.10). Modern kubectl patches the template instead (kubectl/rollout.rs).

use super::util::*;
use super::SOURCE;
use crate::api::{Deployment, ReplicaSet};
use crate::sim::{involved, Cluster};

impl Cluster {
    pub(crate) fn rollback(&mut self, d: Deployment, rss: Vec<ReplicaSet>) {
        let key = d.metadata.key();
        let (new_rs, old) = self.all_replicasets_and_sync_revision(d, rss, true);
        let Some(mut d) = self.store.deployments.get(&key).cloned() else {
            return;
        };
        let mut all: Vec<ReplicaSet> = old;
        all.extend(new_rs);
        let refs: Vec<&ReplicaSet> = all.iter().collect();
        let mut to = d
            .metadata
            .annotations
            .get(ROLLBACK_TO)
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        let inv = involved(&d, "apps/v1");
        if to == 0 {
            to = last_revision(&refs);
            if to == 0 {
                self.record_event(
                    inv,
                    "Warning",
                    "DeploymentRollbackRevisionNotFound",
                    "Unable to find last revision.".into(),
                    SOURCE,
                    None,
                );
                d.metadata.annotations.remove(ROLLBACK_TO);
                self.write_deployment(d);
                return;
            }
        }
        match all.iter().find(|r| revision_of(r) == Some(to)) {
            Some(rs) if !equal_ignore_hash(&rs.spec.template, &d.spec.template) => {
                let mut template = rs.spec.template.clone();
                template.metadata.labels.remove(POD_TEMPLATE_HASH);
                d.spec.template = template;
                let kept: Vec<(String, String)> = d
                    .metadata
                    .annotations
                    .iter()
                    .filter(|(k, _)| SKIP_ANNOTATIONS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                d.metadata.annotations = crate::sort::btree_map(
                    rs.metadata
                        .annotations
                        .iter()
                        .filter(|(k, _)| !SKIP_ANNOTATIONS.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone(), v.clone())),
                )
                .into();
                d.metadata.annotations.extend(kept);
                d.metadata.generation += 1;
                self.record_event(
                    inv,
                    "Normal",
                    "DeploymentRollback",
                    format!(
                        "Rolled back deployment \"{}\" to revision {to}",
                        d.metadata.name
                    ),
                    SOURCE,
                    None,
                );
            }
            Some(_) => {
                self.record_event(inv, "Warning", "DeploymentRollbackTemplateUnchanged", format!("The rollback revision contains the same template as current deployment \"{}\"", d.metadata.name), SOURCE, None);
            }
            None => {
                self.record_event(
                    inv,
                    "Warning",
                    "DeploymentRollbackRevisionNotFound",
                    "Unable to find the revision to rollback to.".into(),
                    SOURCE,
                    None,
                );
            }
        }
        d.metadata.annotations.remove(ROLLBACK_TO);
        self.write_deployment(d);
    }
}
