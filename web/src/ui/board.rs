//! The cluster board: per Deployment its controls and its ReplicaSets (newest revision first)
//! with their pods as tiles; StatefulSets by ordinal; DaemonSets by node; CronJobs with their
//! Jobs; other Jobs; other pods; the node view.

use std::rc::Rc;

use kubeplay_core::kubectl::printers::duration::human_duration;
use kubeplay_core::sim::PodView;
use kubeplay_core::view::{
    CronJobView, DaemonSetView, DeploymentView, JobView, NodeView, OrdinalView, ReplicaSetView,
    StatefulSetView,
};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::session::shell_quote;
use crate::ui::nodes::Nodes;

/// The namespace kubectl defaults to (the kubeconfig context's), provided to every control on
/// the board: a command names `-n` only for an object outside it.
#[derive(Clone, PartialEq)]
pub struct DefaultNamespace(pub Rc<str>);

/// ` -n NS` when `namespace` is not the board's [`DefaultNamespace`], else nothing.
#[hook]
fn use_namespace_flag(namespace: &str) -> String {
    let default = use_context::<DefaultNamespace>();
    if default.as_ref().map_or("default", |d| &*d.0) == namespace {
        String::new()
    } else {
        format!(" -n {}", shell_quote(namespace))
    }
}

#[derive(Properties, PartialEq)]
pub struct BoardProps {
    pub deployments: Rc<Vec<DeploymentView>>,
    pub statefulsets: Rc<Vec<StatefulSetView>>,
    pub daemonsets: Rc<Vec<DaemonSetView>>,
    pub jobs: Rc<Vec<JobView>>,
    pub cronjobs: Rc<Vec<CronJobView>>,
    pub others: Rc<Vec<PodView>>,
    pub nodes: Rc<Vec<(NodeView, Vec<PodView>)>>,
    pub node_count: usize,
    pub default_namespace: Rc<str>,
    pub onrun: Callback<String>,
}

#[function_component]
pub fn Board(props: &BoardProps) -> Html {
    // A CronJob's Jobs go in its card; other Jobs (bare ones, or their CronJob gone) get their own.
    let in_cronjob = |j: &JobView| {
        j.cronjob.as_ref().is_some_and(|c| {
            props
                .cronjobs
                .iter()
                .any(|cj| &cj.name == c && cj.namespace == j.namespace)
        })
    };
    let cronjob_jobs = |cj: &CronJobView| {
        let mut jobs: Vec<JobView> = props
            .jobs
            .iter()
            .filter(|j| j.namespace == cj.namespace && j.cronjob.as_deref() == Some(&cj.name))
            .cloned()
            .collect();
        // scheduled Jobs are named NAME-<minutes since the epoch>: by length, then name
        jobs.sort_by(|a, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
        Rc::new(jobs)
    };
    let bare: Vec<&JobView> = props.jobs.iter().filter(|j| !in_cronjob(j)).collect();
    let empty = props.deployments.is_empty()
        && props.statefulsets.is_empty()
        && props.daemonsets.is_empty()
        && props.jobs.is_empty()
        && props.cronjobs.is_empty();
    html! {
        <ContextProvider<DefaultNamespace> context={DefaultNamespace(props.default_namespace.clone())}>
        <div class="board">
            <h2>{ "Workloads" }</h2>
            if empty {
                <p class="empty">
                    { "No workloads. Apply one from the editor (Samples has the seeds' manifests) or type kubectl commands." }
                </p>
            }
            { for props.deployments.iter().map(|d| html! {
                <DeploymentCard key={d.uid.clone()} deployment={Rc::new(d.clone())} onrun={props.onrun.clone()} />
            }) }
            { for props.statefulsets.iter().map(|s| html! {
                <StatefulSetCard key={s.uid.clone()} statefulset={Rc::new(s.clone())} onrun={props.onrun.clone()} />
            }) }
            { for props.daemonsets.iter().map(|d| html! {
                <DaemonSetCard key={d.uid.clone()} daemonset={Rc::new(d.clone())} onrun={props.onrun.clone()} />
            }) }
            { for props.cronjobs.iter().map(|c| html! {
                <CronJobCard key={c.uid.clone()} cronjob={Rc::new(c.clone())} jobs={cronjob_jobs(c)}
                    job_count={props.jobs.len()} onrun={props.onrun.clone()} />
            }) }
            { for bare.iter().take(JOB_CARD_LIMIT).map(|j| html! {
                <JobCard key={j.uid.clone()} job={Rc::new((*j).clone())} onrun={props.onrun.clone()} />
            }) }
            if bare.len() > JOB_CARD_LIMIT {
                <p class="revisions">{ format!("… and {} more Jobs", bare.len() - JOB_CARD_LIMIT) }</p>
            }
            if !props.others.is_empty() {
                <section class="others" aria-label="Other pods">
                    <h3>{ "Other pods" }</h3>
                    <ul class="tiles">
                        { for props.others.iter().map(|p| pod_tile(p, &props.onrun)) }
                    </ul>
                </section>
            }
            <Nodes nodes={props.nodes.clone()} total={props.node_count} onrun={props.onrun.clone()} />
        </div>
        </ContextProvider<DefaultNamespace>>
    }
}

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub deployment: Rc<DeploymentView>,
    pub onrun: Callback<String>,
}

#[function_component]
pub fn DeploymentCard(props: &CardProps) -> Html {
    let d = &props.deployment;
    let onrun = &props.onrun;
    let revision_ref = use_node_ref();
    let id = |what: &str| format!("{what}-{}-{}", d.namespace, d.name);
    // `kubectl … deployment/NAME`, with `-n NS` outside the namespace kubectl defaults to
    let ns = use_namespace_flag(&d.namespace);
    let deployment = format!("deployment/{}{ns}", shell_quote(&d.name));

    let run = |cmd: String| {
        let onrun = onrun.clone();
        Callback::from(move |_: MouseEvent| onrun.emit(cmd.clone()))
    };
    let scale = use_scale(onrun, &deployment);
    let undo = {
        let onrun = onrun.clone();
        let select = revision_ref.clone();
        let target = deployment.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let rev = select
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            if rev.is_empty() {
                onrun.emit(format!("kubectl rollout undo {target}"));
            } else {
                onrun.emit(format!("kubectl rollout undo {target} --to-revision={rev}"));
            }
        })
    };
    let pause_cmd = format!(
        "kubectl rollout {} {}",
        if d.paused { "resume" } else { "pause" },
        deployment
    );
    let previous: Vec<&ReplicaSetView> = d
        .replicasets
        .iter()
        .filter(|rs| rs.revision.is_some() && rs.revision != d.revision)
        .collect();

    html! {
        <article class="deploy" aria-label={format!("Deployment {}", d.name)} data-deployment={d.name.clone()}>
            <header class="deploy-head">
                <h3>{ "deployment.apps/" }{ &d.name }</h3>
                <span class="stat" title="READY">{ format!("ready {}/{}", d.ready, d.replicas) }</span>
                <span class="stat" title="UP-TO-DATE">{ format!("up-to-date {}", d.updated) }</span>
                <span class="stat" title="AVAILABLE">{ format!("available {}", d.available) }</span>
                <span class="stat strategy">
                    { if d.strategy == "RollingUpdate" {
                        format!("RollingUpdate · surge {} · unavailable {}", d.max_surge, d.max_unavailable)
                    } else { d.strategy.clone() } }
                </span>
                if d.paused { <span class="badge paused">{ "paused" }</span> }
                if let Some(p) = &d.progressing {
                    <span class={classes!("badge", (p == "ProgressDeadlineExceeded").then_some("bad"))}>{ p.clone() }</span>
                }
                { for d.budgets.iter().map(|b| html! {
                    <span class={classes!("badge", "budget", (b.allowed == 0).then_some("bad"))}
                        title={format!("PodDisruptionBudget {}: {} healthy, {} desired", b.name, b.current, b.desired)}>
                        { format!("pdb/{} · allowed disruptions {}", b.name, b.allowed) }
                    </span>
                }) }
            </header>
            <div class="controls">
                { for d.containers.iter().map(|(c, image)| html! {
                    <SetImage key={c.clone()} target={deployment.clone()} container={c.clone()} image={image.clone()}
                        id={id(&format!("image-{c}"))} onrun={onrun.clone()} />
                }) }
                <NumberForm id={id("replicas")} label="Replicas" button="Scale" value={d.replicas}
                    onsubmit={scale} />
                <form class="ctl" onsubmit={undo}>
                    <label for={id("revision")}>{ "Revision" }</label>
                    <select id={id("revision")} ref={revision_ref}>
                        <option value="" selected=true>{ "previous" }</option>
                        { for previous.iter().map(|rs| {
                            let r = rs.revision.unwrap_or(0);
                            html! {
                                <option value={r.to_string()}>
                                    { format!("{r} · {}", rs.images.join(", ")) }
                                </option>
                            }
                        }) }
                    </select>
                    <button type="submit">{ "Undo" }</button>
                </form>
                <button type="button" onclick={run(pause_cmd)}>
                    { if d.paused { "Resume" } else { "Pause" } }
                </button>
                <button type="button" onclick={run(format!("kubectl rollout restart {deployment}"))}>
                    { "Restart" }
                </button>
            </div>
            <ol class="rss">
                { for d.replicasets.iter().map(|rs| replicaset(rs, d, onrun)) }
            </ol>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct SetImageProps {
    pub target: String,
    pub container: String,
    pub image: String,
    pub id: String,
    pub onrun: Callback<String>,
}

#[function_component]
fn SetImage(props: &SetImageProps) -> Html {
    let input = use_node_ref();
    let onsubmit = {
        let input = input.clone();
        let onrun = props.onrun.clone();
        let prefix = format!("kubectl set image {} {}=", props.target, props.container);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = input.cast::<HtmlInputElement>() {
                onrun.emit(format!("{prefix}{}", shell_quote(i.value().trim())));
            }
        })
    };
    html! {
        <form class="ctl image" {onsubmit}>
            <label for={props.id.clone()}>{ format!("Image for {}", props.container) }</label>
            <input id={props.id.clone()} ref={input} type="text" value={props.image.clone()}
                autocomplete="off" spellcheck="false" />
            <button type="submit">{ "Set image" }</button>
        </form>
    }
}

/// `kubectl scale TARGET --replicas=N` for what a [`NumberForm`] submits; the callback stays the
/// same object while the target does, so the form is not re-rendered by every pod change.
#[hook]
fn use_scale(onrun: &Callback<String>, target: &str) -> Callback<String> {
    use_callback(
        (onrun.clone(), target.to_string()),
        |typed: String, (onrun, target)| {
            onrun.emit(format!(
                "kubectl scale {target} --replicas={}",
                shell_quote(typed.trim())
            ));
        },
    )
}

#[derive(Properties, PartialEq)]
pub struct NumberFormProps {
    pub id: String,
    pub label: AttrValue,
    pub button: AttrValue,
    /// The object's current value: what the field shows until the user types over it.
    pub value: i32,
    /// Gets the field's text as typed when the form is submitted.
    pub onsubmit: Callback<String>,
}

/// A labelled number field with its submit button. It is its own component because yew writes
/// an input's `value` back on every render of its parent: inside a card that re-renders with
/// each pod change, a number being typed would be reset before it is submitted.
#[function_component]
fn NumberForm(props: &NumberFormProps) -> Html {
    let input = use_node_ref();
    let onsubmit = {
        let input = input.clone();
        let emit = props.onsubmit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = input.cast::<HtmlInputElement>() {
                emit.emit(i.value());
            }
        })
    };
    html! {
        <form class="ctl" {onsubmit}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input id={props.id.clone()} ref={input} type="number" min="0" inputmode="numeric"
                value={props.value.to_string()} class="num" />
            <button type="submit">{ props.button.clone() }</button>
        </form>
    }
}

fn replicaset(rs: &ReplicaSetView, d: &DeploymentView, onrun: &Callback<String>) -> Html {
    let current = rs.revision.is_some() && rs.revision == d.revision;
    let empty = rs.pod_count == 0 && rs.desired == 0;
    html! {
        <li key={rs.uid.clone()} class={classes!("rs", current.then_some("current"), empty.then_some("empty"))}
            data-rs={rs.name.clone()}
            data-revision={rs.revision.map(|r| r.to_string()).unwrap_or_default()}>
            <div class="rs-head">
                <span class={classes!("rev", rev_class(rs.revision))}>
                    { rs.revision.map_or_else(|| "rev ?".to_string(), |r| format!("rev {r}")) }
                </span>
                <code class="hash" title={rs.name.clone()}>{ &rs.hash }</code>
                <span class="images">{ rs.images.join(", ") }</span>
                <span class="counts" title="desired / current / ready">
                    { format!("desired {} · current {} · ready {}", rs.desired, rs.current, rs.ready) }
                </span>
            </div>
            if let Some(agg) = &rs.aggregated {
                <ul class="agg" aria-label={format!("{} pods", rs.pod_count)}>
                    { for agg.iter().map(|(status, n)| html! {
                        <li key={status.clone()} class={classes!("chip", status_class(status))} data-status={status.clone()}>
                            <span class="icon" aria-hidden="true">{ status_icon(status) }</span>
                            { format!("{status} ×{n}") }
                        </li>
                    }) }
                </ul>
            } else if !rs.pods.is_empty() {
                <ul class="tiles">
                    { for rs.pods.iter().map(|p| pod_tile(p, onrun)) }
                </ul>
            }
        </li>
    }
}

/// Colour class of a revision (cycles through the palette).
pub fn rev_class(revision: Option<i64>) -> String {
    format!("r{}", revision.unwrap_or(0).rem_euclid(6))
}

/// Colour family of a kubectl STATUS.
pub fn status_class(status: &str) -> &'static str {
    match status {
        "Running" | "Ready" => "ok",
        "Completed" | "Succeeded" | "Terminating" | "Terminating or finished" => "gone",
        "Pending" | "ContainerCreating" | "PodInitializing" | "NotReady" | "Not ready" => "wait",
        // Init:1/2 is progress; Init:Error, Init:CrashLoopBackOff, … are failures
        s if s.starts_with("Init:") && s[5..].contains('/') => "wait",
        _ => "bad",
    }
}

/// The icon next to a STATUS (never the only cue: the text is always shown).
pub fn status_icon(status: &str) -> &'static str {
    match status_class(status) {
        "ok" => "✔",
        "wait" => "◔",
        "gone" => "◌",
        _ => "✖",
    }
}

/// A pod's tile, keyed by uid. A component of its own so that a render of the board re-renders
/// only the tiles whose pod changed (most tiles are unchanged from one frame to the next).
pub fn pod_tile(p: &PodView, onrun: &Callback<String>) -> Html {
    html! { <PodTile key={p.uid.clone()} pod={p.clone()} onrun={onrun.clone()} /> }
}

#[derive(Properties, PartialEq)]
pub struct TileProps {
    pub pod: PodView,
    pub onrun: Callback<String>,
}

#[function_component]
fn PodTile(props: &TileProps) -> Html {
    let p = &props.pod;
    let onrun = &props.onrun;
    let owner = p.owner.clone().unwrap_or_default();
    let suffix = p
        .name
        .strip_prefix(&format!("{owner}-"))
        .unwrap_or(&p.name)
        .to_string();
    let ns = use_namespace_flag(&p.namespace);
    let delete = {
        let onrun = onrun.clone();
        let cmd = format!(
            "kubectl delete pod {}{ns} --wait=false",
            shell_quote(&p.name)
        );
        Callback::from(move |e: MouseEvent| {
            // The button goes away with the pod (Terminating): hand the focus on first.
            focus_after_delete(e.target_dyn_into::<Element>());
            onrun.emit(cmd.clone())
        })
    };
    let title = format!(
        "{} · {} · ready {} · restarts {} · {}",
        p.name,
        p.status,
        p.ready,
        p.restarts,
        p.node.as_deref().unwrap_or("not scheduled")
    );
    html! {
        <li class={classes!("pod", status_class(&p.status))}
            data-pod={p.name.clone()} data-status={p.status.clone()} data-owner={owner}
            data-node={p.node.clone().unwrap_or_default()} {title}>
            <span class="icon" aria-hidden="true">{ status_icon(&p.status) }</span>
            <span class="status">{ &p.status }</span>
            <span class="pname">{ suffix }</span>
            <span class="meta">{ format!("{} · {}", p.ready, p.node.as_deref().unwrap_or("—")) }</span>
            if p.status != "Terminating" {
                <button type="button" class="del" aria-label={format!("Delete pod {}", p.name)} onclick={delete}>
                    { "Delete" }
                </button>
            }
        </li>
    }
}

/// Moves the focus off a tile's Delete button, which disappears when its pod starts
/// terminating: to the next (else the previous) tile's Delete, else to the workload's card.
fn focus_after_delete(button: Option<Element>) {
    let Some(tile) = button.and_then(|b| b.closest("li.pod").ok().flatten()) else {
        return;
    };
    let delete_of = |t: &Element| {
        t.query_selector(".del")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<HtmlElement>().ok())
    };
    // the first Delete in one direction from the tile
    let first_delete = |step: fn(&Element) -> Option<Element>| {
        std::iter::successors(step(&tile), step).find_map(|t| delete_of(&t))
    };
    let target = first_delete(Element::next_element_sibling)
        .or_else(|| first_delete(Element::previous_element_sibling));
    if let Some(b) = target {
        let _ = b.focus();
        return;
    }
    if let Some(card) = tile
        .closest("article, section")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<HtmlElement>().ok())
    {
        let _ = card.set_attribute("tabindex", "-1");
        let _ = card.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct StsProps {
    pub statefulset: Rc<StatefulSetView>,
    pub onrun: Callback<String>,
}

/// A StatefulSet: its controls (Scale, Set image, partition) and its ordinals with their pods and
/// PersistentVolumeClaims.
#[function_component]
pub fn StatefulSetCard(props: &StsProps) -> Html {
    let s = &props.statefulset;
    let onrun = &props.onrun;
    let id = |what: &str| format!("{what}-sts-{}-{}", s.namespace, s.name);
    let ns = use_namespace_flag(&s.namespace);
    let target = format!("statefulset/{}{ns}", shell_quote(&s.name));
    let scale = use_scale(onrun, &target);
    let partition = use_callback(
        (onrun.clone(), format!("{}{ns}", shell_quote(&s.name))),
        |typed: String, (onrun, name)| {
            let n = typed.trim();
            // A number goes in as a number; anything else as the string the user typed, for
            // the API server to reject in its own words.
            let value = if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                n.to_string()
            } else {
                serde_json::Value::String(n.to_string()).to_string()
            };
            let patch = format!(
                r#"{{"spec":{{"updateStrategy":{{"type":"RollingUpdate","rollingUpdate":{{"partition":{value}}}}}}}}}"#
            );
            onrun.emit(format!(
                "kubectl patch statefulset {name} -p {}",
                shell_quote(&patch)
            ));
        },
    );
    html! {
        <article class="deploy sts" aria-label={format!("StatefulSet {}", s.name)} data-statefulset={s.name.clone()}>
            <header class="deploy-head">
                <h3>{ "statefulset.apps/" }{ &s.name }</h3>
                <span class="stat" title="READY">{ format!("ready {}/{}", s.ready, s.replicas) }</span>
                <span class="stat">{ format!("current {} · updated {}", s.current, s.updated) }</span>
                <span class="stat strategy">
                    { if s.update_strategy == "RollingUpdate" {
                        format!("RollingUpdate · partition {}", s.partition)
                    } else { s.update_strategy.clone() } }
                </span>
            </header>
            <div class="controls">
                { for s.containers.iter().map(|(c, image)| html! {
                    <SetImage key={c.clone()} target={target.clone()} container={c.clone()} image={image.clone()}
                        id={id(&format!("image-{c}"))} onrun={onrun.clone()} />
                }) }
                <NumberForm id={id("replicas")} label="Replicas" button="Scale" value={s.replicas}
                    onsubmit={scale} />
                <NumberForm id={id("partition")} label="Partition" button="Set partition" value={s.partition}
                    onsubmit={partition} />
            </div>
            <p class="revisions">
                { format!("current revision {} · update revision {}", s.current_revision, s.update_revision) }
            </p>
            <ol class="ordinals">
                { for s.ordinals.iter().map(|o| ordinal(o, s, onrun)) }
            </ol>
        </article>
    }
}

fn ordinal(o: &OrdinalView, s: &StatefulSetView, onrun: &Callback<String>) -> Html {
    let updated = !o.revision.is_empty() && o.revision == s.update_revision;
    html! {
        <li key={o.ordinal.to_string()} class="ordinal" data-ordinal={o.ordinal.to_string()}>
            <span class="ord">{ format!("#{}", o.ordinal) }</span>
            if let Some(p) = &o.pod {
                <ul class="tiles one">{ pod_tile(p, onrun) }</ul>
                <span class={classes!("podrev", updated.then_some("updated"))} title="controller-revision-hash">
                    { o.revision.rsplit('-').next().unwrap_or("").to_string() }
                </span>
            } else {
                <span class="nopod">{ "no pod" }</span>
            }
            { for o.pvcs.iter().map(|(name, phase)| html! {
                <span class="pvc" data-pvc={name.clone()} title="PersistentVolumeClaim">
                    { format!("pvc {name} · {phase}") }
                </span>
            }) }
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct DsProps {
    pub daemonset: Rc<DaemonSetView>,
    pub onrun: Callback<String>,
}

/// A DaemonSet: its controls (Set image, Restart) and its pods, one per node.
#[function_component]
pub fn DaemonSetCard(props: &DsProps) -> Html {
    let d = &props.daemonset;
    let onrun = &props.onrun;
    let id = |what: &str| format!("{what}-ds-{}-{}", d.namespace, d.name);
    let ns = use_namespace_flag(&d.namespace);
    let target = format!("daemonset/{}{ns}", shell_quote(&d.name));
    let restart = {
        let onrun = onrun.clone();
        let cmd = format!("kubectl rollout restart {target}");
        Callback::from(move |_: MouseEvent| onrun.emit(cmd.clone()))
    };
    html! {
        <article class="deploy sts ds" aria-label={format!("DaemonSet {}", d.name)} data-daemonset={d.name.clone()}>
            <header class="deploy-head">
                <h3>{ "daemonset.apps/" }{ &d.name }</h3>
                <span class="stat" title="DESIRED">{ format!("desired {}", d.desired) }</span>
                <span class="stat" title="CURRENT">{ format!("current {}", d.current) }</span>
                <span class="stat" title="READY">{ format!("ready {}", d.ready) }</span>
                <span class="stat" title="UP-TO-DATE">{ format!("up-to-date {}", d.updated) }</span>
                <span class="stat" title="AVAILABLE">{ format!("available {}", d.available) }</span>
                if d.misscheduled > 0 {
                    <span class="badge bad">{ format!("misscheduled {}", d.misscheduled) }</span>
                }
                <span class="stat strategy">{ d.strategy_text() }</span>
            </header>
            <div class="controls">
                { for d.containers.iter().map(|(c, image)| html! {
                    <SetImage key={c.clone()} target={target.clone()} container={c.clone()} image={image.clone()}
                        id={id(&format!("image-{c}"))} onrun={onrun.clone()} />
                }) }
                <button type="button" onclick={restart}>{ "Restart" }</button>
            </div>
            <ol class="ordinals" aria-label={format!("Pods of {} by node", d.name)}>
                { for d.pods.iter().map(|p| html! {
                    <li key={p.uid.clone()} class="ordinal" data-ds-node={p.node.clone().unwrap_or_default()}>
                        <span class="ord">{ p.node.clone().unwrap_or_else(|| "not scheduled".into()) }</span>
                        <ul class="tiles one">{ pod_tile(p, onrun) }</ul>
                    </li>
                }) }
            </ol>
            if d.pod_count > d.pods.len() {
                <p class="revisions">{ format!("… and {} more pods", d.pod_count - d.pods.len()) }</p>
            }
        </article>
    }
}

/// The virtual clock in whole seconds, provided above the board: only what shows an age
/// (a CronJob's last schedule) reads it, so the clock's ticks re-render nothing else.
#[derive(Clone, Copy, PartialEq)]
pub struct VirtualNow(pub u64);

/// Most Jobs shown as cards of their own, and inside a CronJob's card.
const JOB_CARD_LIMIT: usize = 50;
const CRONJOB_JOB_LIMIT: usize = 5;

#[derive(Properties, PartialEq)]
pub struct JobProps {
    pub job: Rc<JobView>,
    pub onrun: Callback<String>,
}

/// A Job: kubectl's STATUS and COMPLETIONS, its counts and its pods.
#[function_component]
pub fn JobCard(props: &JobProps) -> Html {
    let j = &props.job;
    let onrun = &props.onrun;
    let status = match j.status.as_str() {
        "Complete" => "ok",
        "Failed" | "FailureTarget" => "bad",
        "Suspended" | "Terminating" => "paused",
        _ => "",
    };
    html! {
        <article class="deploy job" aria-label={format!("Job {}", j.name)} data-job={j.name.clone()}>
            <header class="deploy-head">
                <h3>{ "job.batch/" }{ &j.name }</h3>
                <span class={classes!("badge", "job-status", status)} title="STATUS" data-status={j.status.clone()}>
                    { j.status.clone() }
                </span>
                <span class="stat" title="COMPLETIONS">{ format!("completions {}", j.completions) }</span>
                <span class="stat">
                    { format!("active {} · succeeded {} · failed {}", j.active, j.succeeded, j.failed) }
                </span>
            </header>
            if !j.pods.is_empty() {
                <ul class="tiles" aria-label={format!("Pods of {}", j.name)}>
                    { for j.pods.iter().map(|p| pod_tile(p, onrun)) }
                </ul>
            }
            if j.pod_count > j.pods.len() {
                <p class="revisions">{ format!("… and {} more pods", j.pod_count - j.pods.len()) }</p>
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct CronJobProps {
    pub cronjob: Rc<CronJobView>,
    /// Its Jobs, newest last.
    pub jobs: Rc<Vec<JobView>>,
    /// Jobs in the cluster: numbers the next manual run.
    pub job_count: usize,
    pub onrun: Callback<String>,
}

/// A CronJob: schedule, active Jobs, last schedule; Suspend / Resume and Run now; its Jobs.
#[function_component]
pub fn CronJobCard(props: &CronJobProps) -> Html {
    let c = &props.cronjob;
    let onrun = &props.onrun;
    let ns = use_namespace_flag(&c.namespace);
    let name = shell_quote(&c.name);
    let run = |cmd: String| {
        let onrun = onrun.clone();
        Callback::from(move |_: MouseEvent| onrun.emit(cmd.clone()))
    };
    let suspend = format!(
        "kubectl patch cronjob {name}{ns} -p {}",
        shell_quote(&format!(r#"{{"spec":{{"suspend":{}}}}}"#, !c.suspend))
    );
    // `NAME-manual-N`, N the number of Jobs: unique until one is deleted, then the API
    // server's AlreadyExists says so
    let manual = format!(
        "kubectl create job {}{ns} --from=cronjob/{name}",
        shell_quote(&format!("{}-manual-{}", c.name, props.job_count))
    );
    let shown = props.jobs.len().saturating_sub(CRONJOB_JOB_LIMIT);
    html! {
        <article class="deploy cronjob" aria-label={format!("CronJob {}", c.name)} data-cronjob={c.name.clone()}>
            <header class="deploy-head">
                <h3>{ "cronjob.batch/" }{ &c.name }</h3>
                <span class="stat" title="SCHEDULE"><code>{ c.schedule.clone() }</code></span>
                if let Some(tz) = &c.time_zone {
                    <span class="stat" title="TIMEZONE">{ tz.clone() }</span>
                }
                <span class="stat" title="ACTIVE">{ format!("active {}", c.active) }</span>
                <LastSchedule at={c.last_schedule_ms} />
                if c.suspend { <span class="badge paused" title="SUSPEND">{ "suspended" }</span> }
            </header>
            <div class="controls">
                <button type="button" onclick={run(suspend)}>
                    { if c.suspend { "Resume" } else { "Suspend" } }
                </button>
                <button type="button" onclick={run(manual)}>{ "Run now" }</button>
            </div>
            if shown > 0 {
                <p class="revisions">{ format!("… {shown} older Jobs") }</p>
            }
            { for props.jobs[shown..].iter().map(|j| html! {
                <JobCard key={j.uid.clone()} job={Rc::new(j.clone())} onrun={onrun.clone()} />
            }) }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct LastScheduleProps {
    at: Option<u64>,
}

/// kubectl's LAST SCHEDULE: the age of the last schedule, `<none>` before the first.
#[function_component]
fn LastSchedule(props: &LastScheduleProps) -> Html {
    let now = use_context::<VirtualNow>().map_or(0, |n| n.0);
    let age = props.at.map_or_else(
        || "<none>".to_string(),
        |at| human_duration((now as i64 - (at / 1000) as i64).max(0) * 1000),
    );
    html! {
        <span class="stat" title="LAST SCHEDULE">{ format!("last schedule {age}") }</span>
    }
}

#[cfg(test)]
mod tests {
    use super::status_class;

    #[test]
    fn status_colours_follow_kubectl_status() {
        for (status, class) in [
            ("Running", "ok"),
            ("ContainerCreating", "wait"),
            ("Init:0/2", "wait"),
            ("PodInitializing", "wait"),
            ("NotReady", "wait"),
            ("Completed", "gone"),
            ("Terminating", "gone"),
            ("Init:Error", "bad"),
            ("Init:CrashLoopBackOff", "bad"),
            ("CrashLoopBackOff", "bad"),
            ("Error", "bad"),
            ("ImagePullBackOff", "bad"),
        ] {
            assert_eq!(status_class(status), class, "{status}");
        }
    }
}
