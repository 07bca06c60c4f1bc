//! `kubectl describe hpa`: kubectl's `describeHorizontalPodAutoscalerV2`
//! (staging/src/k8s.io/kubectl/pkg/describe/describe.go, v1.33). The metric lines are written
//! with two `LEVEL_1` writes, which is why a Resource utilization line reads
//! `  resource cpu on pods  (as a percentage of request):`.

use super::*;

/// A quantity as `Quantity.String()` prints it (kubeplay keeps what was sent).
fn qty(v: Option<&Value>) -> String {
    v.map(|x| txt(Some(x))).unwrap_or_default()
}

/// `( current / target )` lines for every metric spec.
fn metric_lines(o: &mut W, v: &Value) {
    let current = arr(v, "/status/currentMetrics");
    for (i, m) in arr(v, "/spec/metrics").iter().enumerate() {
        let cur = current.get(i);
        let unknown = || "<unknown>".to_string();
        match st(m, "/type") {
            "Resource" | "ContainerResource" => {
                let (src, title) = if st(m, "/type") == "Resource" {
                    (
                        "resource",
                        format!("resource {} on pods", st(m, "/resource/name")),
                    )
                } else {
                    (
                        "containerResource",
                        format!(
                            "resource {} of container \"{}\" on pods",
                            st(m, "/containerResource/name"),
                            st(m, "/containerResource/container")
                        ),
                    )
                };
                o.put(1, &title);
                let target = m.get(src).and_then(|s| s.get("target"));
                let status = cur.and_then(|c| c.get(src)).filter(|s| !s.is_null());
                if let Some(av) = target.and_then(|t| t.get("averageValue")) {
                    let c = status
                        .and_then(|s| s.pointer("/current/averageValue"))
                        .map_or_else(unknown, |x| qty(Some(x)));
                    put!(o, 0, ":\t{c} / {}\n", qty(Some(av)));
                } else {
                    let c = status
                        .and_then(|s| {
                            let u = s.pointer("/current/averageUtilization")?;
                            Some(format!(
                                "{}% ({})",
                                txt(Some(u)),
                                qty(s.pointer("/current/averageValue"))
                            ))
                        })
                        .unwrap_or_else(unknown);
                    let t = target
                        .and_then(|t| t.get("averageUtilization"))
                        .map_or("<auto>".to_string(), |u| format!("{}%", txt(Some(u))));
                    put!(o, 1, "(as a percentage of request):\t{c} / {t}\n");
                }
            }
            "Pods" => {
                put!(
                    o,
                    1,
                    "\"{}\" on pods:\t{} / {}\n",
                    st(m, "/pods/metric/name"),
                    cur.and_then(|c| c.pointer("/pods/current/averageValue"))
                        .map_or_else(unknown, |x| qty(Some(x))),
                    qty(m.pointer("/pods/target/averageValue"))
                );
            }
            "Object" | "External" => {
                let src = if st(m, "/type") == "Object" {
                    "object"
                } else {
                    "external"
                };
                let target = m.get(src).and_then(|s| s.get("target"));
                let (c, t, which) = match target.and_then(|t| t.get("averageValue")) {
                    Some(av) => (
                        cur.and_then(|c| c.pointer(&format!("/{src}/current/averageValue")))
                            .map_or_else(unknown, |x| qty(Some(x))),
                        qty(Some(av)),
                        "average value",
                    ),
                    None => (
                        cur.and_then(|c| c.pointer(&format!("/{src}/current/value")))
                            .map_or_else(unknown, |x| qty(Some(x))),
                        qty(target.and_then(|t| t.get("value"))),
                        "value",
                    ),
                };
                let name = st(m, &format!("/{src}/metric/name"));
                if src == "object" {
                    put!(
                        o,
                        1,
                        "\"{name}\" on {}/{} (target {which}):\t{c} / {t}\n",
                        st(m, "/object/describedObject/kind"),
                        st(m, "/object/describedObject/name")
                    );
                } else {
                    put!(o, 1, "\"{name}\" (target {which}):\t{c} / {t}\n");
                }
            }
            other => put!(
                o,
                1,
                "<unknown metric type {}>\n",
                crate::api::yaml::go_quote(other)
            ),
        }
    }
}

/// `printDirectionBehavior`.
fn direction(o: &mut W, title: &str, rules: &Value) {
    if rules.is_null() {
        return;
    }
    put!(o, 1, "{title}:\n");
    if let Some(w) = rules.get("stabilizationWindowSeconds") {
        put!(o, 2, "Stabilization Window: {} seconds\n", txt(Some(w)));
    }
    let policies = arr(rules, "/policies");
    if !policies.is_empty() {
        put!(o, 2, "Select Policy: {}\n", st(rules, "/selectPolicy"));
        o.put(2, "Policies:\n");
        for p in policies {
            put!(
                o,
                3,
                "- Type: {}\tValue: {}\tPeriod: {} seconds\n",
                st(p, "/type"),
                txt(p.get("value")),
                txt(p.get("periodSeconds"))
            );
        }
    }
}

pub(super) fn hpa(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    put!(
        o,
        0,
        "CreationTimestamp:\t{}\n",
        date(time(v, "/metadata/creationTimestamp"))
    );
    let kind = st(v, "/spec/scaleTargetRef/kind");
    put!(
        o,
        0,
        "Reference:\t{kind}/{}\n",
        st(v, "/spec/scaleTargetRef/name")
    );
    o.put(0, "Metrics:\t( current / target )\n");
    metric_lines(&mut o, v);
    let min = v
        .pointer("/spec/minReplicas")
        .map_or("<unset>".to_string(), |m| txt(Some(m)));
    put!(o, 0, "Min replicas:\t{min}\n");
    put!(o, 0, "Max replicas:\t{}\n", num(v, "/spec/maxReplicas"));
    if let Some(b) = v.pointer("/spec/behavior").filter(|b| !b.is_null()) {
        o.put(0, "Behavior:\n");
        direction(&mut o, "Scale Up", &b["scaleUp"]);
        direction(&mut o, "Scale Down", &b["scaleDown"]);
    }
    put!(
        o,
        0,
        "{kind} pods:\t{} current / {} desired\n",
        num(v, "/status/currentReplicas"),
        num(v, "/status/desiredReplicas")
    );
    let conds = arr(v, "/status/conditions");
    if !conds.is_empty() {
        o.put(0, "Conditions:\n");
        o.put(1, "Type\tStatus\tReason\tMessage\n");
        o.put(1, "----\t------\t------\t-------\n");
        for cd in conds {
            put!(
                o,
                1,
                "{}\t{}\t{}\t{}\n",
                st(cd, "/type"),
                st(cd, "/status"),
                st(cd, "/reason"),
                st(cd, "/message")
            );
        }
    }
    events(
        &mut o,
        own_events(c, v, Some("HorizontalPodAutoscaler"), show),
    );
    o.finish()
}
