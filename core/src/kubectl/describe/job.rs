//! `kubectl describe job` (kubectl's `describeJob`).

use super::*;
use crate::kubectl::printers::duration::human_duration;

pub(super) fn job(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    put!(
        o,
        0,
        "Selector:\t{}\n",
        selector_of(v.pointer("/spec/selector"))
    );
    meta_labels(&mut o, v);
    if let Some(ctl) = controller(v) {
        put!(o, 0, "Controlled By:\t{ctl}\n");
    }
    if let Some(p) = v.pointer("/spec/parallelism").and_then(Value::as_i64) {
        put!(o, 0, "Parallelism:\t{p}\n");
    }
    match v.pointer("/spec/completions").and_then(Value::as_i64) {
        Some(n) => put!(o, 0, "Completions:\t{n}\n"),
        None => o.put(0, "Completions:\t<unset>\n"),
    }
    let mode = st(v, "/spec/completionMode");
    if !mode.is_empty() {
        put!(o, 0, "Completion Mode:\t{mode}\n");
    }
    if let Some(s) = v.pointer("/spec/suspend").and_then(Value::as_bool) {
        put!(o, 0, "Suspend:\t{s}\n");
    }
    if let Some(b) = v.pointer("/spec/backoffLimit").and_then(Value::as_i64) {
        put!(o, 0, "Backoff Limit:\t{b}\n");
    }
    if let Some(t) = v
        .pointer("/spec/ttlSecondsAfterFinished")
        .and_then(Value::as_i64)
    {
        put!(o, 0, "TTL Seconds After Finished:\t{t}\n");
    }
    let start = time(v, "/status/startTime");
    let done = time(v, "/status/completionTime");
    if start.is_some() {
        put!(o, 0, "Start Time:\t{}\n", date(start));
    }
    if done.is_some() {
        put!(o, 0, "Completed At:\t{}\n", date(done));
    }
    if let (Some(s), Some(d)) = (start, done) {
        put!(o, 0, "Duration:\t{}\n", human_duration(d - s));
    }
    if let Some(a) = v
        .pointer("/spec/activeDeadlineSeconds")
        .and_then(Value::as_i64)
    {
        put!(o, 0, "Active Deadline Seconds:\t{a}s\n");
    }
    let (active, succeeded, failed) = (
        num(v, "/status/active"),
        num(v, "/status/succeeded"),
        num(v, "/status/failed"),
    );
    match v.pointer("/status/ready").and_then(Value::as_i64) {
        Some(ready) => put!(
            o,
            0,
            "Pods Statuses:\t{active} Active ({ready} Ready) / {succeeded} Succeeded / {failed} Failed\n"
        ),
        None => put!(
            o,
            0,
            "Pods Statuses:\t{active} Active / {succeeded} Succeeded / {failed} Failed\n"
        ),
    }
    if mode == "Indexed" {
        put!(
            o,
            0,
            "Completed Indexes:\t{}\n",
            cap_indexes(st(v, "/status/completedIndexes"), 50)
        );
    }
    let (l, a, spec) = template_of(v);
    pod_template(&mut o, &l, &a, spec);
    events(&mut o, own_events(c, v, Some("Job"), show));
    o.finish()
}

/// `capIndexesListOrNone`: the list up to the first comma past `soft_limit`, then `...`.
fn cap_indexes(indexes: &str, soft_limit: usize) -> String {
    if indexes.is_empty() {
        return "<none>".into();
    }
    match indexes
        .bytes()
        .enumerate()
        .skip(soft_limit)
        .find(|(_, b)| *b == b',')
    {
        Some((ix, _)) => format!("{}...", &indexes[..=ix]),
        None => indexes.to_string(),
    }
}

/// `printBoolPtr`.
fn bool_ptr(v: Option<&Value>) -> &'static str {
    match v.and_then(Value::as_bool) {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    }
}

/// kubectl's `describeCronJob` (with `describeJobTemplate` and `printActiveJobs`).
pub(super) fn cronjob(c: &Cluster, v: &Value, show: bool) -> String {
    let mut o = W::default();
    head(&mut o, v, false);
    meta_labels(&mut o, v);
    put!(o, 0, "Schedule:\t{}\n", st(v, "/spec/schedule"));
    put!(
        o,
        0,
        "Concurrency Policy:\t{}\n",
        st(v, "/spec/concurrencyPolicy")
    );
    put!(o, 0, "Suspend:\t{}\n", bool_ptr(v.pointer("/spec/suspend")));
    let opt = |p: &str, unit: &str| {
        v.pointer(p)
            .and_then(Value::as_i64)
            .map_or("<unset>".to_string(), |n| format!("{n}{unit}"))
    };
    put!(
        o,
        0,
        "Successful Job History Limit:\t{}\n",
        opt("/spec/successfulJobsHistoryLimit", "")
    );
    put!(
        o,
        0,
        "Failed Job History Limit:\t{}\n",
        opt("/spec/failedJobsHistoryLimit", "")
    );
    put!(
        o,
        0,
        "Starting Deadline Seconds:\t{}\n",
        opt("/spec/startingDeadlineSeconds", "s")
    );
    let spec = v
        .pointer("/spec/jobTemplate/spec")
        .cloned()
        .unwrap_or(Value::Null);
    match spec.get("selector").filter(|s| s.is_object()) {
        Some(s) => put!(o, 0, "Selector:\t{}\n", selector_of(Some(s))),
        None => o.put(0, "Selector:\t<unset>\n"),
    }
    put!(
        o,
        0,
        "Parallelism:\t{}\n",
        opt("/spec/jobTemplate/spec/parallelism", "")
    );
    put!(
        o,
        0,
        "Completions:\t{}\n",
        opt("/spec/jobTemplate/spec/completions", "")
    );
    if let Some(a) = spec.get("activeDeadlineSeconds").and_then(Value::as_i64) {
        put!(o, 0, "Active Deadline Seconds:\t{a}s\n");
    }
    let t = spec.get("template").cloned().unwrap_or(Value::Null);
    pod_template(
        &mut o,
        &smap(&t, "/metadata/labels"),
        &smap(&t, "/metadata/annotations"),
        t.get("spec").unwrap_or(&Value::Null),
    );
    match time(v, "/status/lastScheduleTime") {
        Some(t) => put!(o, 0, "Last Schedule Time:\t{}\n", date(Some(t))),
        None => o.put(0, "Last Schedule Time:\t<unset>\n"),
    }
    let active: Vec<&str> = v
        .pointer("/status/active")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("name").and_then(Value::as_str))
        .collect();
    if active.is_empty() {
        o.put(0, "Active Jobs:\t<none>\n");
    } else {
        put!(o, 0, "Active Jobs:\t{}\n", active.join(", "));
    }
    events(&mut o, own_events(c, v, Some("CronJob"), show));
    o.finish()
}
