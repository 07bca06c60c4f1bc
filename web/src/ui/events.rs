//! The events pane: the cluster's Events, newest last, repeats aggregated with a count.

use std::rc::Rc;

use kubeplay_core::view::EventView;
use web_sys::Element;
use yew::prelude::*;

use crate::model::format_virtual_time;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub events: Rc<Vec<EventView>>,
}

#[function_component]
pub fn Events(props: &EventsProps) -> Html {
    let list = use_node_ref();
    // Follow the newest event unless the reader scrolled up.
    let follow = use_mut_ref(|| true);
    {
        let list = list.clone();
        let follow = follow.clone();
        let newest = props.events.last().map(|e| (e.uid.clone(), e.count));
        use_effect_with(newest, move |_| {
            if let Some(el) = list.cast::<Element>() {
                if *follow.borrow() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    let onscroll = {
        let follow = follow.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            *follow.borrow_mut() = el.scroll_height() - el.scroll_top() - el.client_height() < 24;
        })
    };
    html! {
        <div class="events">
            <h2 class="pane-title">{ "Events" }</h2>
            <ol class="event-list" ref={list} aria-label="Events, newest last" tabindex="0" {onscroll}>
                if props.events.is_empty() {
                    <li class="empty">{ "No events yet." }</li>
                }
                { for props.events.iter().map(|e| html! {
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
