//! The rollout timeline (SVG): pods per ReplicaSet as stacked areas coloured by revision, the
//! available pods as a line, the [replicas − maxUnavailable, replicas + maxSurge] band, command
//! markers; hovering (or focusing and using ←/→) reads the values out.

use std::rc::Rc;

use web_sys::{Element, HtmlSelectElement};
use yew::prelude::*;

use crate::model::Action;
use crate::timeline::{Plot, BOTTOM, HEIGHT, LEFT, WIDTH};
use crate::ui::board::rev_class;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub plot: Rc<Option<Plot>>,
    pub keys: Rc<Vec<String>>,
    pub chosen: Option<String>,
    pub onaction: Callback<Action>,
}

#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let hover = use_state(|| None::<f64>);
    let svg_ref = use_node_ref();

    let onselect = {
        let onaction = props.onaction.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            onaction.emit(Action::SelectTimeline(s.value()));
        })
    };
    let chooser = if props.keys.len() > 1 {
        html! {
            <label class="choose">
                { "Deployment " }
                <select onchange={onselect}>
                    { for props.keys.iter().map(|k| html! {
                        <option value={k.clone()} selected={props.chosen.as_ref() == Some(k)}>{ k }</option>
                    }) }
                </select>
            </label>
        }
    } else {
        html! {}
    };

    let Some(plot) = props.plot.as_ref() else {
        return html! {
            <div class="timeline">
                <h2 class="pane-title">{ "Timeline" }</h2>
                <p class="empty">{ "The timeline plots a Deployment's rollout once there is one." }</p>
            </div>
        };
    };

    let onmousemove = {
        let hover = hover.clone();
        let svg_ref = svg_ref.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(svg) = svg_ref.cast::<Element>() {
                let r = svg.get_bounding_client_rect();
                if r.width() > 0.0 {
                    hover.set(Some((e.client_x() as f64 - r.left()) / r.width() * WIDTH));
                }
            }
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let onkeydown = {
        let hover = hover.clone();
        let xs: Vec<f64> = plot.readouts.iter().map(|r| r.0).collect();
        Callback::from(move |e: KeyboardEvent| {
            let cur = *hover;
            let idx = cur.map(|x| xs.iter().rposition(|&r| r <= x + 0.01).unwrap_or(0));
            let next = match e.key().as_str() {
                "ArrowLeft" => idx.map_or(xs.len().checked_sub(1), |i| Some(i.saturating_sub(1))),
                "ArrowRight" => {
                    idx.map_or(Some(0), |i| Some((i + 1).min(xs.len().saturating_sub(1))))
                }
                "Escape" => None,
                _ => return,
            };
            e.prevent_default();
            hover.set(next.and_then(|i| xs.get(i).copied()));
        })
    };
    let readout = (*hover).and_then(|x| {
        plot.readouts
            .iter()
            .rev()
            .find(|r| r.0 <= x + 0.01)
            .or(plot.readouts.first())
            .cloned()
    });
    let latest = plot
        .readouts
        .last()
        .map(|r| r.1.clone())
        .unwrap_or_default();

    html! {
        <div class="timeline">
            <div class="timeline-head">
                <h2 class="pane-title">{ "Timeline" }</h2>
                <span class="which">{ &plot.deployment }</span>
                { chooser }
            </div>
            <svg ref={svg_ref} class="plot" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label="Rollout timeline" tabindex="0"
                {onmousemove} {onmouseleave} {onkeydown}>
                <title>{ format!("Rollout timeline of {}: {}", plot.deployment, latest) }</title>
                <path class="band" d={plot.band.clone()} />
                { for plot.areas.iter().map(|a| html! {
                    <path class={classes!("area", rev_class(a.revision))} d={a.path.clone()}>
                        <title>{ format!("{} (rev {})", a.name, a.revision.map(|r| r.to_string()).unwrap_or_else(|| "?".into())) }</title>
                    </path>
                }) }
                <path class="available" d={plot.available.clone()} />
                { for plot.markers.iter().map(|(x, label)| html! {
                    <line class="marker" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1="4" y2={format!("{:.1}", HEIGHT - BOTTOM)}>
                        <title>{ label.clone() }</title>
                    </line>
                }) }
                { for plot.x_ticks.iter().map(|(x, l)| html! {
                    <text class="tick" x={format!("{x:.1}")} y={format!("{:.1}", HEIGHT - 4.0)}
                        // a label centred on a tick near the right edge would be cut off
                        text-anchor={if *x > WIDTH - 30.0 { "end" } else { "middle" }}>{ l.clone() }</text>
                }) }
                { for plot.y_ticks.iter().map(|(y, l)| html! {
                    <text class="tick" x={format!("{:.1}", LEFT - 4.0)} y={format!("{:.1}", y + 4.0)} text-anchor="end">{ l.clone() }</text>
                }) }
                if let Some((x, _)) = &readout {
                    <line class="cursor" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1="4" y2={format!("{:.1}", HEIGHT - BOTTOM)} />
                }
            </svg>
            <ul class="legend">
                { for plot.areas.iter().rev().map(|a| html! {
                    <li><span class={classes!("swatch", rev_class(a.revision))} aria-hidden="true"></span>
                        { a.revision.map_or_else(|| "rev ?".into(), |r| format!("rev {r}")) }</li>
                }) }
                <li><span class="swatch line" aria-hidden="true"></span>{ "available" }</li>
                <li><span class="swatch bandkey" aria-hidden="true"></span>{ "surge/unavailable band" }</li>
            </ul>
            <p class="readout">{ readout.as_ref().map_or(latest, |r| r.1.clone()) }</p>
            // What ←/→ (or the pointer) points at, read out by screen readers; empty otherwise,
            // so the values changing with the clock are not announced on every tick.
            <p class="visually-hidden" aria-live="polite">{ readout.map(|r| r.1).unwrap_or_default() }</p>
        </div>
    }
}
