//! `kubectl describe daemonset` (kubectl's `describeDaemonSet`).

use super::*;

pub(super) fn daemonset(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    put!(
        o,
        0,
        "Selector:\t{}\n",
        selector_of(v.pointer("/spec/selector"))
    );
    put!(
        o,
        0,
        "Node-Selector:\t{}\n",
        format_labels(&smap(v, "/spec/template/spec/nodeSelector"))
    );
    meta_labels(&mut o, v);
    for (title, field) in [
        (
            "Desired Number of Nodes Scheduled",
            "desiredNumberScheduled",
        ),
        (
            "Current Number of Nodes Scheduled",
            "currentNumberScheduled",
        ),
        (
            "Number of Nodes Scheduled with Up-to-date Pods",
            "updatedNumberScheduled",
        ),
        (
            "Number of Nodes Scheduled with Available Pods",
            "numberAvailable",
        ),
        ("Number of Nodes Misscheduled", "numberMisscheduled"),
    ] {
        put!(o, 0, "{title}: {}\n", num(v, &format!("/status/{field}")));
    }
    pods_status(&mut o, c, v);
    let (l, a, spec) = template_of(v);
    pod_template(&mut o, &l, &a, spec);
    events(&mut o, own_events(c, v, Some("DaemonSet"), show));
    o.finish()
}
