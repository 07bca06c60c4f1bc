//! The top bar: the clock (play/pause, step, speed, reset, virtual time) and the session
//! (export as script, share link).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::model::{format_virtual_time, Action, Clock};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub now_ms: u64,
    pub clock: Clock,
    pub speeds: Vec<u32>,
    pub share_link: Option<AttrValue>,
    pub onaction: Callback<Action>,
    pub onrun: Callback<String>,
}

#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let act = |a: fn() -> Action| {
        let onaction = props.onaction.clone();
        Callback::from(move |_: MouseEvent| onaction.emit(a()))
    };
    let playing = props.clock.playing;
    let toggle = {
        let onaction = props.onaction.clone();
        Callback::from(move |_: MouseEvent| onaction.emit(Action::SetPlaying(!playing)))
    };
    let step = {
        let onrun = props.onrun.clone();
        Callback::from(move |_: MouseEvent| onrun.emit("sim advance 1s".into()))
    };
    let select_all = Callback::from(|e: FocusEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    // The link is what the button was pressed for: focus it (selected, ready to copy) when it
    // appears, and again on every press.
    let link_ref = use_node_ref();
    {
        let link_ref = link_ref.clone();
        use_effect_with(props.share_link.clone(), move |link| {
            if link.is_some() {
                if let Some(i) = link_ref.cast::<HtmlInputElement>() {
                    let _ = i.focus();
                    i.select();
                }
            }
        });
    }
    let share = {
        let onaction = props.onaction.clone();
        let link_ref = link_ref.clone();
        Callback::from(move |_: MouseEvent| {
            onaction.emit(Action::Share);
            if let Some(i) = link_ref.cast::<HtmlInputElement>() {
                let _ = i.focus();
            }
        })
    };

    html! {
        <header class="top">
            <h1>{ "kubeplay" }</h1>
            <div class="clock" role="group" aria-label="Clock">
                <button type="button" class="primary" onclick={toggle}
                    aria-label={if playing { "Pause clock" } else { "Play clock" }}>
                    { if playing { "Pause" } else { "Play" } }
                </button>
                <button type="button" onclick={step} title="sim advance 1s">{ "Step" }</button>
                <div class="speeds" role="group" aria-label="Speed">
                    { for props.speeds.iter().map(|&s| {
                        let onaction = props.onaction.clone();
                        html! {
                            <button type="button" aria-pressed={(props.clock.speed == s).to_string()}
                                onclick={Callback::from(move |_| onaction.emit(Action::SetSpeed(s)))}>
                                { format!("{s}×") }
                            </button>
                        }
                    }) }
                </div>
                <button type="button" onclick={act(|| Action::Reset)}
                    title="Start a new session from the default scenario">{ "Reset" }</button>
                <span class="time">
                    <span class="label">{ "virtual time " }</span>
                    <time aria-label="virtual time">{ format_virtual_time(props.now_ms) }</time>
                </span>
            </div>
            <div class="session" role="group" aria-label="Session">
                <button type="button" onclick={act(|| Action::Export)}>{ "Export script" }</button>
                <button type="button" onclick={share}>{ "Share link" }</button>
                if let Some(link) = &props.share_link {
                    <input class="share" ref={link_ref} type="text" readonly=true aria-label="Share link"
                        value={link.clone()} onfocus={select_all} />
                }
            </div>
        </header>
    }
}
