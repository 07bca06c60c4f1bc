//! The cluster both benches build: one Deployment of N nginx replicas, nodes sized so every pod
//! fits (110 pods per node), settled with every pod Running.

use kubeplay_core::{Cluster, ClusterConfig};

fn manifest(replicas: u32) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.14.2\n"
    )
}

/// A cluster with `replicas` pods of nginx:1.14.2 running, ready for an image change.
pub fn settled_cluster(replicas: u32) -> Cluster {
    let workers = (replicas * 2).div_ceil(100).max(3);
    let mut c = Cluster::new(ClusterConfig { seed: 1, workers });
    let out = c.exec("kubectl apply -f -", Some(&manifest(replicas)), &|p| {
        Err(p.to_string())
    });
    assert_eq!(out.exit_code, 0, "{}", out.combined());
    c.run("sim settle 1h");
    c
}

/// `kubectl set image` to nginx:1.16.1, then `rollout status` until the rollout completes.
pub fn rollout(c: &mut Cluster) {
    c.run("kubectl set image deployment/big app=nginx:1.16.1");
    let out = c.run("kubectl rollout status deployment/big --timeout=1h");
    assert!(
        out.stdout().contains("successfully rolled out"),
        "{}",
        out.combined()
    );
}
