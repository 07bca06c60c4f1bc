//! The page shell: owns the session, drives the clock and lays the panes out.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::explain::needs_reference as needs_schema;

use crate::browser;
use crate::complete::{complete, Completion};
use crate::model::{Action, Pane, Playground, StartOptions, SPEEDS};
use crate::ui::board::{Board, VirtualNow};
use crate::ui::editor::Editor;
use crate::ui::events::Events;
use crate::ui::header::Header;
use crate::ui::plot::Timeline;
use crate::ui::terminal::Terminal;

/// Real milliseconds between clock ticks, ~30 a second (each tick advances the virtual clock by
/// the real time that passed times the speed).
const TICK_MS: u32 = 33;
/// Ticks are spaced at least this many times the last frame's work, so a huge cluster slows the
/// frame rate instead of freezing the tab (the page's work takes at most a third of the time).
const PACING: f64 = 3.0;
/// Real time counted per tick at most (a background tab does not jump minutes ahead).
const MAX_TICK_REAL_MS: f64 = 1_000.0;

/// Starts downloading the explain schemas (once); the session hears when it ends.
fn load_schema(d: UseReducerDispatcher<Playground>) {
    crate::explain::load(move |r| d.dispatch(Action::SchemaLoaded(r)));
}

fn start() -> Playground {
    let query = browser::query();
    let speed = browser::query_param(&query, "speed")
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|s| (1..=1000).contains(s))
        .unwrap_or(1);
    let paused = browser::query_param(&query, "paused").is_some_and(|v| v != "0" && v != "false");
    let fragment = browser::fragment();
    let fragment = fragment
        .starts_with(crate::session::FRAGMENT_PREFIX)
        .then_some(fragment);
    let (p, report) = Playground::start(StartOptions {
        speed,
        paused,
        fragment,
        stored: browser::load_session(),
    });
    if report.from_link {
        browser::clear_fragment();
    }
    if report.discard_stored {
        browser::discard_session();
    }
    browser::install_frame_stats();
    // Save right away: a reload restores what is on screen, including a session from a link.
    browser::save_session(&p.session().to_json());
    p
}

#[function_component]
pub fn App() -> Html {
    let session = use_reducer(start);

    // The clock.
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            let last = Cell::new(browser::now_ms());
            let pending = Cell::new(0.0f64);
            let interval = Interval::new(TICK_MS, move || {
                let now = browser::now_ms();
                let real = (now - last.get()).clamp(0.0, MAX_TICK_REAL_MS);
                last.set(now);
                let clock = session.inner().clock;
                if !clock.playing {
                    pending.set(0.0);
                    return;
                }
                let acc = pending.get() + real;
                let gap = (TICK_MS as f64).max(PACING * browser::last_frame_ms());
                if acc < gap {
                    pending.set(acc);
                    return;
                }
                let virtual_ms = (acc * clock.speed as f64).floor();
                pending.set(acc - virtual_ms / clock.speed as f64);
                browser::tick_started();
                session.dispatch(Action::Tick(virtual_ms as u64));
            });
            move || drop(interval)
        });
    }

    // Save when the page goes away (reload, tab close). And (one effect less in the bundle) a
    // restored session with explain commands waits for their schemas: download them.
    {
        let dispatcher = session.dispatcher();
        let waits = session.inner().waits_for_schema();
        use_effect_with((), move |_| {
            use wasm_bindgen::closure::Closure;
            use wasm_bindgen::JsCast;
            if waits {
                load_schema(dispatcher.clone());
            }
            let cb = Closure::<dyn FnMut()>::new(move || dispatcher.dispatch(Action::Save));
            if let Some(w) = web_sys::window() {
                let _ = w.add_event_listener_with_callback("pagehide", cb.as_ref().unchecked_ref());
            }
            cb.forget();
        });
    }

    // Frame statistics: a render that a tick caused ends its frame.
    {
        let pods = session.inner().cluster.store().pods.len();
        let virtual_ms = session.inner().cluster.now_ms();
        use_effect(move || {
            browser::frame_rendered(pods, virtual_ms);
        });
    }

    // Callbacks are made once, so children whose data did not change skip re-rendering.
    // The controls' commands: refused while the terminal is inside a container's shell.
    let oncontrol = {
        let d = session.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |s: String| d.dispatch(Action::Control(s)))
        }))
        .clone()
    };
    let onrun = {
        let d = session.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |s: String| {
                // Queued first (the model holds an explain line until its schemas arrive).
                let load = needs_schema(&s);
                d.dispatch(Action::Run(s));
                if load {
                    load_schema(d.clone());
                }
            })
        }))
        .clone()
    };
    let onaction = {
        let d = session.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))).clone()
    };
    let oncomplete = {
        let session = session.clone();
        (*use_memo((), move |_| {
            Callback::from(move |before: String| -> Completion {
                let c = complete(&session.inner().cluster, &before);
                if c.needs_schema {
                    load_schema(session.dispatcher());
                }
                c
            })
        }))
        .clone()
    };

    let inner = session.inner();
    let pane = inner.pane;
    let pane_name = match pane {
        Pane::Terminal => "terminal",
        Pane::Editor => "editor",
        Pane::Timeline => "timeline",
        Pane::Events => "events",
    };
    let pane_tab = |p: Pane, label: &'static str| {
        let onaction = onaction.clone();
        html! {
            <button type="button" aria-pressed={(pane == p).to_string()}
                onclick={Callback::from(move |_| onaction.emit(Action::SetPane(p)))}>
                { label }
            </button>
        }
    };
    let share_link = inner
        .share_link
        .as_ref()
        .map(|f| AttrValue::from(format!("{}{f}", browser::base_url())));
    let notice = inner.notice.clone();
    let (timeline_keys, timeline_key) = session.timeline_choice();
    let now_ms = inner.cluster.now_ms();
    let clock = inner.clock;
    let editor = inner.editor.clone();
    let default_namespace: Rc<str> = Rc::from(inner.cluster.context_namespace());
    let hint = inner.hint.clone();
    drop(inner);

    html! {
        <div class="app" data-pane={pane_name}>
            <Header {now_ms} {clock} speeds={SPEEDS.to_vec()} {share_link}
                onaction={onaction.clone()} onrun={oncontrol.clone()} />
            if let Some(n) = notice {
                <div class="notice" role="alert">
                    <span>{ n }</span>
                    <button type="button"
                        onclick={let a = onaction.clone(); Callback::from(move |_| a.emit(Action::DismissNotice))}>
                        { "Dismiss" }
                    </button>
                </div>
            }
            <nav class="pane-tabs" aria-label="Panels">
                { pane_tab(Pane::Terminal, "Terminal") }
                { pane_tab(Pane::Editor, "Editor") }
                { pane_tab(Pane::Timeline, "Timeline") }
                { pane_tab(Pane::Events, "Events") }
            </nav>
            <main class="grid">
                <section class="pane p-board" aria-label="Cluster">
                    <ContextProvider<VirtualNow> context={VirtualNow(now_ms / 1000)}>
                    <Board deployments={session.deployments()} statefulsets={session.statefulsets()}
                        daemonsets={session.daemonsets()} jobs={session.jobs()} cronjobs={session.cronjobs()}
                        others={session.other_pods()}
                        nodes={session.nodes()} node_count={session.node_count()}
                        {default_namespace} onrun={oncontrol.clone()} />
                    </ContextProvider<VirtualNow>>
                </section>
                <section class="pane p-editor" aria-label="Editor">
                    <Editor {editor} onaction={onaction.clone()} />
                </section>
                <section class="pane p-terminal" aria-label="Terminal">
                    <Terminal log={session.log()} prompt={session.prompt()} history={session.history()} {hint}
                        onrun={onrun.clone()} {oncomplete} onaction={onaction.clone()} />
                </section>
                <section class="pane p-timeline" aria-label="Timeline">
                    <Timeline plot={session.plot()} keys={Rc::new(timeline_keys)} chosen={timeline_key}
                        onaction={onaction.clone()} />
                </section>
                <section class="pane p-events" aria-label="Events">
                    <Events events={session.events()} />
                </section>
            </main>
        </div>
    }
}
