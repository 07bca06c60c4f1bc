//! Yew components: the page shell, the pod board and the terminal.

use gloo_timers::callback::Interval;
use kubeplay_core::PodView;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::model::{format_virtual_time, Action, Playground};

/// Real milliseconds between clock ticks; each tick advances the virtual clock as much (1×).
const TICK_MS: u32 = 100;

#[function_component]
pub fn App() -> Html {
    let session = use_reducer(Playground::with_default_scenario);

    {
        let dispatcher = session.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                dispatcher.dispatch(Action::Advance(u64::from(TICK_MS)))
            });
            move || drop(interval)
        });
    }

    let onrun = {
        let dispatcher = session.dispatcher();
        Callback::from(move |line: String| dispatcher.dispatch(Action::Run(line)))
    };

    let cluster = session.cluster();
    let pods = cluster.pods();
    let log = session.log();

    html! {
        <main>
            <header>
                <h1>{ "kubeplay" }</h1>
                <p class="clock">
                    { "virtual time " }
                    <time aria-label="virtual time">{ format_virtual_time(cluster.now_ms()) }</time>
                </p>
            </header>
            <PodBoard pods={pods} />
            <Terminal {log} {onrun} />
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct PodBoardProps {
    pub pods: Vec<PodView>,
}

#[function_component]
pub fn PodBoard(props: &PodBoardProps) -> Html {
    html! {
        <section class="board" aria-label="pods">
            <h2>{ "Pods" }</h2>
            if props.pods.is_empty() {
                <p class="empty">{ "No pods." }</p>
            } else {
                <ul class="pods">
                    { for props.pods.iter().map(pod_tile) }
                </ul>
            }
        </section>
    }
}

fn pod_tile(pod: &PodView) -> Html {
    let owner = pod.owner.clone().unwrap_or_default();
    html! {
        <li key={pod.uid.clone()} class="pod"
            data-pod={pod.name.clone()} data-status={pod.status.clone()} data-owner={owner}>
            <span class="name">{ &pod.name }</span>
            <span class="status">{ &pod.status }</span>
            <span class="ready" title="ready containers">{ &pod.ready }</span>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub log: AttrValue,
    pub onrun: Callback<String>,
}

#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let output = use_node_ref();

    // Keep the newest output in view whenever the log grows.
    {
        let output = output.clone();
        use_effect_with(props.log.len(), move |_| {
            if let Some(pre) = output.cast::<Element>() {
                pre.set_scroll_top(pre.scroll_height());
            }
        });
    }

    let onsubmit = {
        let input = input.clone();
        let onrun = props.onrun.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let line = field.value().trim().to_owned();
            if !line.is_empty() {
                onrun.emit(line);
                field.set_value("");
            }
        })
    };

    html! {
        <section class="terminal" aria-label="terminal">
            <h2>{ "Terminal" }</h2>
            <pre role="log" aria-live="polite" ref={output}>{ props.log.clone() }</pre>
            <form {onsubmit}>
                <span class="prompt" aria-hidden="true">{ "$" }</span>
                <input ref={input} type="text" aria-label="kubectl command"
                    placeholder="kubectl get pods" autocomplete="off" autocapitalize="off"
                    spellcheck="false" />
                <button type="submit">{ "Run" }</button>
            </form>
        </section>
    }
}
