//! What the Job controller reads from a Job's `podFailurePolicy` and `successPolicy`, after
//! upstream `pkg/controller/job/pod_failure_policy.go`, `success_policy.go` and the interval
//! arithmetic of `indexed_job_utils.go` (v1.33, where both policies and
//! `backoffLimitPerIndex` are on by default). Pure: a policy and a pod in, a decision out.

use crate::api::{ContainerState, ContainerStatus, Pod};
use serde_json::Value;
use std::collections::BTreeSet;

/// `batch.kubernetes.io/job-index-failure-count`: the failures an index had before this pod.
pub const INDEX_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-failure-count";
/// `batch.kubernetes.io/job-index-ignored-failure-count`: the failures the policy ignored.
pub const INDEX_IGNORED_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-ignored-failure-count";

/// A rule's action; an unknown one makes the rule be skipped, as upstream's `switch` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    FailJob,
    FailIndex,
    Ignore,
    Count,
    Unknown,
}

impl Action {
    fn parse(s: &str) -> Self {
        match s {
            "FailJob" => Self::FailJob,
            "FailIndex" => Self::FailIndex,
            "Ignore" => Self::Ignore,
            "Count" => Self::Count,
            _ => Self::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::FailJob => "FailJob",
            Self::FailIndex => "FailIndex",
            Self::Ignore => "Ignore",
            Self::Count => "Count",
            Self::Unknown => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnExitCodes {
    pub container_name: Option<String>,
    /// `In`, `NotIn`, or anything else (which matches nothing).
    pub operator: String,
    pub values: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub action: Action,
    pub on_exit_codes: Option<OnExitCodes>,
    /// (type, status) patterns; None when the rule has no `onPodConditions`.
    pub on_pod_conditions: Option<Vec<(String, String)>>,
}

/// A Job's `spec.podFailurePolicy`, read leniently (validation has vetted what the API
/// server stored; anything else is skipped as upstream skips unknown values).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodFailurePolicy {
    pub rules: Vec<Rule>,
}

fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

impl PodFailurePolicy {
    pub fn from_value(v: &Value) -> Self {
        let rules = v
            .get("rules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|r| Rule {
                action: Action::parse(r.get("action").and_then(Value::as_str).unwrap_or("")),
                on_exit_codes: r.get("onExitCodes").filter(|o| o.is_object()).map(|o| {
                    OnExitCodes {
                        container_name: o
                            .get("containerName")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        operator: text(o, "operator"),
                        values: o
                            .get("values")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_i64)
                            .collect(),
                    }
                }),
                on_pod_conditions: r.get("onPodConditions").and_then(Value::as_array).map(|l| {
                    l.iter()
                        .map(|p| (text(p, "type"), text(p, "status")))
                        .collect()
                }),
            })
            .collect();
        Self { rules }
    }
}

/// What matching a failed pod against the policy decided (`matchPodFailurePolicy`'s three
/// results): the Job failure message of a `FailJob` rule, whether the failure counts towards
/// `backoffLimit` (and `backoffLimitPerIndex`), and the matched action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub fail_job_message: Option<String>,
    pub count_failed: bool,
    pub action: Option<Action>,
}

/// `matchPodFailurePolicy`: the first rule (in order) whose requirement the pod meets and
/// whose action is known decides; no policy, or no match, counts the failure.
pub fn match_pod_failure_policy(policy: Option<&PodFailurePolicy>, pod: &Pod) -> Decision {
    let counted = Decision {
        fail_job_message: None,
        count_failed: true,
        action: None,
    };
    let Some(policy) = policy else {
        return counted;
    };
    for (index, rule) in policy.rules.iter().enumerate() {
        let described = if let Some(req) = &rule.on_exit_codes {
            match_on_exit_codes(pod, req).map(|cs| {
                format!(
                    "Container {} for pod {}/{} failed with exit code {}",
                    cs.name,
                    pod.metadata.namespace,
                    pod.metadata.name,
                    cs.state.exit_code().unwrap_or(0)
                )
            })
        } else if let Some(patterns) = &rule.on_pod_conditions {
            match_on_pod_conditions(pod, patterns).map(|type_| {
                format!(
                    "Pod {}/{} has condition {type_}",
                    pod.metadata.namespace, pod.metadata.name
                )
            })
        } else {
            None
        };
        let Some(described) = described else {
            continue;
        };
        match rule.action {
            Action::Ignore => {
                return Decision {
                    fail_job_message: None,
                    count_failed: false,
                    action: Some(Action::Ignore),
                }
            }
            Action::Count | Action::FailIndex => {
                return Decision {
                    fail_job_message: None,
                    count_failed: true,
                    action: Some(rule.action),
                }
            }
            Action::FailJob => {
                return Decision {
                    fail_job_message: Some(format!(
                        "{described} matching FailJob rule at index {index}"
                    )),
                    count_failed: true,
                    action: Some(Action::FailJob),
                }
            }
            Action::Unknown => {}
        }
    }
    counted
}

/// `matchOnExitCodes`: the first terminated container (regular ones first, then init ones)
/// with a non-zero exit code the requirement accepts.
fn match_on_exit_codes<'a>(pod: &'a Pod, req: &OnExitCodes) -> Option<&'a ContainerStatus> {
    let matching = |list: &'a [ContainerStatus]| {
        list.iter().find(|cs| {
            let ContainerState::Terminated(t) = &cs.state else {
                return false;
            };
            req.container_name.as_deref().is_none_or(|n| n == cs.name)
                && t.exit_code != 0
                && match req.operator.as_str() {
                    "In" => req.values.contains(&i64::from(t.exit_code)),
                    "NotIn" => !req.values.contains(&i64::from(t.exit_code)),
                    _ => false,
                }
        })
    };
    matching(&pod.status.container_statuses)
        .or_else(|| matching(&pod.status.init_container_statuses))
}

/// `matchOnPodConditions`: the type of the first pod condition some pattern matches.
fn match_on_pod_conditions(pod: &Pod, patterns: &[(String, String)]) -> Option<&'static str> {
    pod.status
        .conditions
        .iter()
        .find(|c| {
            patterns
                .iter()
                .any(|(t, s)| c.type_() == t && c.status() == s)
        })
        .map(|c| c.type_())
}

/// A rule of `spec.successPolicy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessRule {
    pub succeeded_indexes: Option<String>,
    pub succeeded_count: Option<i64>,
}

pub fn success_rules(v: &Value) -> Vec<SuccessRule> {
    v.get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| SuccessRule {
            succeeded_indexes: r
                .get("succeededIndexes")
                .and_then(Value::as_str)
                .map(str::to_string),
            succeeded_count: r.get("succeededCount").and_then(Value::as_i64),
        })
        .collect()
}

/// Closed intervals of indexes, ascending and apart (`orderedIntervals`).
pub type Intervals = Vec<(i64, i64)>;

/// The intervals of a set of indexes.
pub fn intervals_of(set: &BTreeSet<i32>) -> Intervals {
    let mut out: Intervals = Vec::new();
    for &i in set {
        let i = i64::from(i);
        match out.last_mut() {
            Some((_, last)) if *last + 1 == i => *last = i,
            _ => out.push((i, i)),
        }
    }
    out
}

fn total(iv: &Intervals) -> i64 {
    iv.iter().map(|(a, b)| b - a + 1).sum()
}

/// `parseIndexesFromString`: lenient; corrupt intervals are skipped, indexes at or past
/// `completions` dropped, adjacent intervals merged.
pub fn parse_indexes(text: &str, completions: i64) -> Intervals {
    let mut out: Intervals = Vec::new();
    if text.is_empty() {
        return out;
    }
    let atoi = |s: &str| {
        let d = s.strip_prefix('+').unwrap_or(s);
        if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        d.parse::<i64>().ok()
    };
    for part in text.split(',') {
        let limits: Vec<&str> = part.split('-').collect();
        let Some(first) = atoi(limits[0]) else {
            continue;
        };
        if first >= completions {
            break;
        }
        let last = match limits.get(1) {
            Some(l) => match atoi(l) {
                Some(l) => l.min(completions - 1),
                None => continue,
            },
            None => first,
        };
        match out.last_mut() {
            Some((_, prev)) if *prev == first - 1 => *prev = last,
            _ => out.push((first, last)),
        }
    }
    out
}

/// `matchSucceededIndexesRule`: the succeeded indexes cover the rule's, or at least
/// `succeededCount` of them.
fn match_succeeded_indexes_rule(
    rule: &Intervals,
    succeeded: &Intervals,
    count: Option<i64>,
) -> bool {
    let (mut contains, mut s, mut r) = (0i64, 0usize, 0usize);
    while r < rule.len() && s < succeeded.len() {
        let overlap = rule[r].1.min(succeeded[s].1) - rule[r].0.max(succeeded[s].0) + 1;
        if overlap > 0 {
            contains += overlap;
        }
        if succeeded[s].1 < rule[r].1 {
            s += 1;
        } else if succeeded[s].1 > rule[r].1 {
            r += 1;
        } else {
            s += 1;
            r += 1;
        }
    }
    contains == total(rule) || count.is_some_and(|c| contains >= c)
}

/// `matchSuccessPolicy`: the message of the first rule the succeeded indexes meet
/// (`Matched rules at index N`).
pub fn match_success_policy(
    rules: &[SuccessRule],
    completions: i64,
    succeeded: &Intervals,
) -> Option<String> {
    if succeeded.is_empty() {
        return None;
    }
    for (index, rule) in rules.iter().enumerate() {
        let matched = match (&rule.succeeded_indexes, rule.succeeded_count) {
            (Some(text), count) => {
                let required = parse_indexes(text, completions);
                if required.is_empty() {
                    continue;
                }
                match_succeeded_indexes_rule(&required, succeeded, count)
            }
            (None, Some(count)) => total(succeeded) >= count,
            (None, None) => false,
        };
        if matched {
            return Some(format!("Matched rules at index {index}"));
        }
    }
    None
}

/// An annotation of a pod read as upstream's `parseInt32`: 0 when absent, unparsable,
/// negative or past int32.
pub fn annotation_count(pod: &Pod, key: &str) -> i32 {
    pod.metadata
        .annotations
        .get(key)
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|n| (0..=i64::from(i32::MAX)).contains(n))
        .map_or(0, |n| n as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{PodPhase, TerminatedState};
    use serde_json::json;

    fn terminated(name: &str, exit_code: i32) -> ContainerStatus {
        ContainerStatus {
            name: name.into(),
            state: ContainerState::Terminated(Box::new(TerminatedState {
                exit_code,
                reason: String::new(),
                started_at: 0,
                finished_at: 0,
                container_id: Default::default(),
                message: String::new(),
            })),
            ..test_status()
        }
    }

    fn test_status() -> ContainerStatus {
        ContainerStatus {
            name: String::new(),
            image: crate::api::no_text(),
            image_id: crate::api::no_text(),
            container_id: Default::default(),
            ready: false,
            started: false,
            restart_count: 0,
            state: ContainerState::Running { started_at: 0 },
            last_state: None,
        }
    }

    fn failed_pod(containers: Vec<ContainerStatus>, init: Vec<ContainerStatus>) -> Pod {
        let mut p = Pod {
            metadata: Default::default(),
            spec: std::rc::Rc::new(json!({})),
            node_name: None,
            identity: None,
            status: Default::default(),
        };
        p.metadata.namespace = "default".into();
        p.metadata.name = "mypod".into();
        p.status.phase = PodPhase::Failed;
        p.status.container_statuses = containers;
        p.status.init_container_statuses = init;
        p
    }

    fn disrupted_pod(status: bool) -> Pod {
        let mut p = failed_pod(Vec::new(), Vec::new());
        p.status.conditions.extend(crate::api::PodCondition::new(
            "DisruptionTarget",
            status,
            0,
            None,
            None,
        ));
        p
    }

    fn policy(rules: Value) -> PodFailurePolicy {
        PodFailurePolicy::from_value(&json!({ "rules": rules }))
    }

    fn decide(rules: Value, pod: &Pod) -> (Option<String>, bool, Option<&'static str>) {
        let d = match_pod_failure_policy(Some(&policy(rules)), pod);
        (
            d.fail_job_message,
            d.count_failed,
            d.action.map(Action::name),
        )
    }

    /// upstream TestMatchPodFailurePolicy's cases (pod_failure_policy_test.go), with the
    /// JobBackoffLimitPerIndex gate on as in v1.33.
    #[test]
    fn match_pod_failure_policy_as_upstream_table() {
        let main2 = failed_pod(vec![terminated("main-container", 2)], Vec::new());
        // unknown action for rule matching by exit codes - skip rule with unknown action
        assert_eq!(
            decide(
                json!([{"action": "UnknownAction", "onExitCodes": {"operator": "In", "values": [1, 2]}},
                       {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [2, 3]}}]),
                &main2
            ),
            (
                Some("Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1".into()),
                true,
                Some("FailJob")
            )
        );
        // unknown action for rule matching by pod conditions - skip rule with unknown action
        assert_eq!(
            decide(
                json!([{"action": "UnkonwnAction", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]},
                       {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]),
                &disrupted_pod(true)
            ),
            (None, false, Some("Ignore"))
        );
        // unknown operator - rule with unknown action is skipped for onExitCodes
        assert_eq!(
            decide(
                json!([{"action": "Ignore", "onExitCodes": {"operator": "UnknownOperator", "values": [1, 2]}},
                       {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [2, 3]}}]),
                &main2
            ),
            (
                Some("Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1".into()),
                true,
                Some("FailJob")
            )
        );
        // no policy rules
        let d = match_pod_failure_policy(None, &main2);
        assert_eq!(
            (d.fail_job_message, d.count_failed, d.action),
            (None, true, None)
        );
        // ignore rule matched for exit codes
        let unnamed2 = failed_pod(vec![terminated("", 2)], Vec::new());
        assert_eq!(
            decide(
                json!([{"action": "Ignore", "onExitCodes": {"operator": "In", "values": [1, 2, 3]}}]),
                &unnamed2
            ),
            (None, false, Some("Ignore"))
        );
        // FailJob rule matched for exit codes
        assert_eq!(
            decide(
                json!([{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1, 2, 3]}}]),
                &main2
            ),
            (
                Some("Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 0".into()),
                true,
                Some("FailJob")
            )
        );
        // successful containers are skipped by the rules
        let mixed = failed_pod(
            vec![
                terminated("main-container", 111),
                terminated("suppport-container", 0),
            ],
            vec![terminated("init-container", 0)],
        );
        assert_eq!(
            decide(
                json!([{"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [111]}}]),
                &mixed
            ),
            (None, true, None)
        );
        // FailIndex rule matched for exit codes; JobBackoffLimitPerIndex enabled
        assert_eq!(
            decide(
                json!([{"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [1, 2, 3]}}]),
                &unnamed2
            ),
            (None, true, Some("FailIndex"))
        );
        // pod failure policy with NotIn operator and value 0
        let one = failed_pod(
            vec![
                terminated("main-container", 1),
                terminated("suppport-container", 0),
            ],
            Vec::new(),
        );
        assert_eq!(
            decide(
                json!([{"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [0]}}]),
                &one
            ),
            (
                Some("Container main-container for pod default/mypod failed with exit code 1 matching FailJob rule at index 0".into()),
                true,
                Some("FailJob")
            )
        );
        // second jobfail rule matched for exit codes
        let six = failed_pod(vec![terminated("main-container", 6)], Vec::new());
        assert_eq!(
            decide(
                json!([{"action": "Count", "onExitCodes": {"operator": "In", "values": [1, 2, 3]}},
                       {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [4, 5, 6]}}]),
                &six
            ),
            (
                Some("Container main-container for pod default/mypod failed with exit code 6 matching FailJob rule at index 1".into()),
                true,
                Some("FailJob")
            )
        );
        // count rule matched for exit codes (a container without a terminated state is skipped)
        let foo_bar = failed_pod(
            vec![
                ContainerStatus {
                    name: "foo".into(),
                    ..test_status()
                },
                terminated("bar", 2),
            ],
            Vec::new(),
        );
        assert_eq!(
            decide(
                json!([{"action": "Count", "onExitCodes": {"operator": "In", "values": [1, 2, 3]}}]),
                &foo_bar
            ),
            (None, true, Some("Count"))
        );
        // FailIndex rule matched for pod conditions; JobBackoffLimitPerIndex enabled
        assert_eq!(
            decide(
                json!([{"action": "FailIndex", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]),
                &disrupted_pod(true)
            ),
            (None, true, Some("FailIndex"))
        );
        // ignore rule matched for pod conditions
        assert_eq!(
            decide(
                json!([{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]),
                &disrupted_pod(true)
            ),
            (None, false, Some("Ignore"))
        );
        // ignore rule matches by the status=False
        assert_eq!(
            decide(
                json!([{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "False"}]}]),
                &disrupted_pod(false)
            ),
            (None, false, Some("Ignore"))
        );
        // FailJob rule matched for pod conditions: the docs' custom-condition wording
        assert_eq!(
            decide(
                json!([{"action": "FailJob", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}]),
                &disrupted_pod(true)
            ),
            (
                Some("Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0".into()),
                true,
                Some("FailJob")
            )
        );
        // a pattern of another status does not match
        assert_eq!(
            decide(
                json!([{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "Unknown"}]}]),
                &disrupted_pod(true)
            ),
            (None, true, None)
        );
    }

    fn set(v: &[i32]) -> BTreeSet<i32> {
        v.iter().copied().collect()
    }

    fn rule(indexes: Option<&str>, count: Option<i64>) -> SuccessRule {
        SuccessRule {
            succeeded_indexes: indexes.map(str::to_string),
            succeeded_count: count,
        }
    }

    /// upstream TestMatchSuccessPolicy's cases (success_policy_test.go) with the
    /// JobSuccessPolicy gate on, as in v1.33: (succeeded intervals, rules, matched rule).
    #[test]
    fn match_success_policy_as_upstream_table() {
        type Case = (Intervals, Vec<SuccessRule>, Option<usize>);
        let cases: Vec<Case> = vec![
            // successPolicy is null / any rules are nothing
            (vec![(0, 0)], vec![], None),
            // rules.succeededIndexes is invalid format
            (vec![(0, 0)], vec![rule(Some("invalid-form"), None)], None),
            (vec![(0, 2), (4, 7)], vec![rule(Some("0-2"), None)], Some(0)),
            (vec![(0, 2)], vec![rule(Some("3"), None)], None),
            (vec![(0, 2)], vec![rule(None, Some(2))], Some(0)),
            (vec![(0, 2)], vec![rule(None, Some(4))], None),
            (
                vec![(0, 2), (4, 7)],
                vec![rule(Some("9"), None), rule(Some("4,6"), None)],
                Some(1),
            ),
            (
                vec![(0, 2), (4, 7)],
                vec![rule(Some("0,1"), None), rule(Some("5"), None)],
                Some(0),
            ),
            (
                vec![(0, 2), (4, 7)],
                vec![rule(Some("3-6"), Some(2))],
                Some(0),
            ),
            (vec![(0, 2), (6, 7)], vec![rule(Some("3-6"), Some(2))], None),
            // succeededIndexes are nothing
            (vec![], vec![rule(None, Some(4))], None),
            (
                vec![(1, 5), (6, 9)],
                vec![rule(Some("2-4,6-8"), None)],
                Some(0),
            ),
            (
                vec![(2, 4), (6, 9)],
                vec![rule(Some("2-4,6-9"), None)],
                Some(0),
            ),
            (
                vec![(2, 5), (7, 15)],
                vec![rule(Some("2-4,8-12"), None)],
                Some(0),
            ),
            // rules is an empty set
            (vec![(1, 3)], vec![rule(Some(""), None)], None),
            (vec![], vec![rule(Some(""), None)], None),
            (
                vec![(1, 3), (5, 7)],
                vec![rule(Some("10-12,14-16"), None)],
                None,
            ),
            (
                vec![(2, 4), (6, 8)],
                vec![rule(Some("1-3,5-7"), None)],
                None,
            ),
            (
                vec![(2, 4), (6, 8)],
                vec![rule(Some("1-3,5-7"), Some(4))],
                Some(0),
            ),
            (
                vec![(1, 3), (5, 7)],
                vec![rule(Some("2-4,6-9"), None)],
                None,
            ),
            (
                vec![(1, 3), (5, 7)],
                vec![rule(Some("2-4,6-9"), Some(4))],
                Some(0),
            ),
            (
                vec![(1, 3), (7, 8)],
                vec![rule(Some("0-4,6-9"), None)],
                None,
            ),
            (
                vec![(1, 3), (7, 8)],
                vec![rule(Some("0-4,6-9"), Some(5))],
                Some(0),
            ),
            (
                vec![(1, 3), (5, 9)],
                vec![rule(Some("0-6,8-9"), None)],
                None,
            ),
            (
                vec![(1, 3), (5, 9)],
                vec![rule(Some("0-6,8-9"), Some(7))],
                Some(0),
            ),
            (
                vec![(1, 5), (7, 10)],
                vec![rule(Some("0-5,7-9"), None)],
                None,
            ),
            (
                vec![(1, 5), (7, 10)],
                vec![rule(Some("0-5,7-9"), Some(8))],
                Some(0),
            ),
            (vec![(1, 10)], vec![rule(Some("0-3,6-9"), None)], None),
            (vec![(1, 10)], vec![rule(Some("0-3,6-9"), Some(7))], Some(0)),
        ];
        for (i, (succeeded, rules, want)) in cases.into_iter().enumerate() {
            assert_eq!(
                match_success_policy(&rules, 10, &succeeded),
                want.map(|ix| format!("Matched rules at index {ix}")),
                "case {i}"
            );
        }
        // the docs' example: indexes 0,2-3 with succeededCount 1, index 2 succeeded
        assert_eq!(
            match_success_policy(
                &[rule(Some("0,2-3"), Some(1))],
                10,
                &intervals_of(&set(&[2]))
            ),
            Some("Matched rules at index 0".into())
        );
        // indexes past completions are dropped
        assert_eq!(parse_indexes("1-3,5-9", 7), vec![(1, 3), (5, 6)]);
        assert_eq!(parse_indexes("0,1-2,x,4", 10), vec![(0, 2), (4, 4)]);
    }
}
