//! The node view: each node's status and pods, with a menu for `sim node fail|recover` and
//! `kubectl cordon|uncordon|drain`.

use std::rc::Rc;

use kubeplay_core::sim::PodView;
use kubeplay_core::view::NodeView;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::ui::board::{status_class, status_icon};

#[derive(Properties, PartialEq)]
pub struct NodesProps {
    pub nodes: Rc<Vec<(NodeView, Vec<PodView>)>>,
    /// Nodes in the cluster (the view lists the first ones).
    pub total: usize,
    pub onrun: Callback<String>,
}

#[function_component]
pub fn Nodes(props: &NodesProps) -> Html {
    let cmd = |c: String| {
        let onrun = props.onrun.clone();
        Callback::from(move |e: MouseEvent| {
            // The menu has done its job: close it (its item is about to change, Fail ↔ Recover,
            // which would leave the focus nowhere) and give the focus back to its summary.
            close_menu(e.target_dyn_into::<Element>());
            onrun.emit(c.clone())
        })
    };
    // Escape closes an open menu, as it does a native popup.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            close_menu(e.target_dyn_into::<Element>());
        }
    });
    html! {
        <section class="nodes" aria-label="Nodes">
            <h2>{ "Nodes" }</h2>
            <ul class="node-list">
                { for props.nodes.iter().map(|(n, pods)| {
                    let state = if n.failed { "failed" } else if n.ready == "True" { "ready" } else { "notready" };
                    html! {
                        <li key={n.name.clone()} class={classes!("node", state)}
                            data-node-name={n.name.clone()} data-node-status={n.status.clone()}>
                            <div class="node-head">
                                <strong>{ &n.name }</strong>
                                <span class="node-status">
                                    <span class="icon" aria-hidden="true">{ if n.ready == "True" { "✔" } else { "✖" } }</span>
                                    { &n.status }
                                </span>
                                if n.control_plane { <span class="badge">{ "control-plane" }</span> }
                                if n.failed { <span class="badge bad">{ "kubelet down" }</span> }
                                <span class="count">{ format!("{}/{} pods", n.pod_count, n.max_pods) }</span>
                                <details class="menu" onkeydown={onkeydown.clone()}>
                                    <summary aria-label={format!("Actions for {}", n.name)}>{ "Actions" }</summary>
                                    <div class="menu-items">
                                        if n.failed {
                                            <button type="button" onclick={cmd(format!("sim node recover {}", n.name))}>{ "Recover node" }</button>
                                        } else {
                                            <button type="button" onclick={cmd(format!("sim node fail {}", n.name))}>{ "Fail node" }</button>
                                        }
                                        if n.unschedulable {
                                            <button type="button" onclick={cmd(format!("kubectl uncordon {}", n.name))}>{ "Uncordon" }</button>
                                        } else {
                                            <button type="button" onclick={cmd(format!("kubectl cordon {}", n.name))}>{ "Cordon" }</button>
                                        }
                                        // A worker's maintenance, as the docs' "Safely Drain a Node" does it
                                        // (a down kubelet would leave drain waiting for its pods).
                                        if !n.failed && !n.control_plane {
                                            <button type="button" onclick={cmd(format!("kubectl drain {} --ignore-daemonsets --delete-emptydir-data", n.name))}>{ "Drain" }</button>
                                        }
                                    </div>
                                </details>
                            </div>
                            if !pods.is_empty() {
                                <ul class="dots">
                                    // Unkeyed: a dot is reused for whichever pod comes next on the
                                    // node (a few attribute writes) instead of being recreated.
                                    { for pods.iter().map(|p| html! {
                                        <li class={classes!("dot", status_class(&p.status))}
                                            title={format!("{} · {}", p.name, p.status)}
                                            aria-label={format!("{} {}", p.name, p.status)}>
                                            { status_icon(&p.status) }
                                        </li>
                                    }) }
                                    if n.pod_count > pods.len() {
                                        <li class="more">{ format!("+{}", n.pod_count - pods.len()) }</li>
                                    }
                                </ul>
                            }
                        </li>
                    }
                }) }
            </ul>
            if props.total > props.nodes.len() {
                <p class="empty">{ format!("… and {} more nodes", props.total - props.nodes.len()) }</p>
            }
        </section>
    }
}

/// Closes the `<details>` menu around `inside` (if open) and focuses its summary.
fn close_menu(inside: Option<Element>) {
    let Some(details) = inside.and_then(|e| e.closest("details.menu").ok().flatten()) else {
        return;
    };
    if !details.has_attribute("open") {
        return;
    }
    let _ = details.remove_attribute("open");
    if let Some(summary) = details
        .query_selector("summary")
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<HtmlElement>().ok())
    {
        let _ = summary.focus();
    }
}
