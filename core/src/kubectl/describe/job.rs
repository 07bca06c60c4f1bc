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
    let (l, a, spec) = template_of(v);
    pod_template(&mut o, &l, &a, spec);
    events(&mut o, own_events(c, v, Some("Job"), show));
    o.finish()
}
