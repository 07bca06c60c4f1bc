//! The events pane: the cluster's Events, newest last, repeats aggregated with a count.
//!
//! The list is laid out bottom-up (`column-reverse`, newest first in the DOM), so it stays
//! scrolled to the newest event without reading layout from script on every change. Screen
//! readers follow the DOM, newest first, and the list's label says so.

use std::rc::Rc;

use kubeplay_core::view::EventView;
use yew::prelude::*;

use crate::model::format_virtual_time;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub events: Rc<Vec<EventView>>,
}

#[function_component]
pub fn Events(props: &EventsProps) -> Html {
    html! {
        <div class="events">
            <h2 class="pane-title">{ "Events" }</h2>
            <ol class="event-list" aria-label="Events, newest first" tabindex="0">
                if props.events.is_empty() {
                    <li class="empty">{ "No events yet." }</li>
                }
                { for props.events.iter().rev().map(|e| html! {
                    <li key={e.uid.clone()} class={classes!("event", (e.type_ == "Warning").then_some("warning"))}
                        data-reason={e.reason.clone()}>
                        <span class="t">{ format_virtual_time(e.last_ms) }</span>
                        <span class="type">{ &e.type_ }</span>
                        <span class="reason">{ &e.reason }</span>
                        <span class="obj">{ &e.object }</span>
                        <span class="msg">{ &e.message }</span>
                        if e.count > 1 {
                            <span class="count" title="times seen">{ format!("×{}", e.count) }</span>
                        }
                    </li>
                }) }
            </ol>
        </div>
    }
}
