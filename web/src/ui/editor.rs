//! The editor: tabs of YAML with line numbers and highlighting, the samples menu, Apply (or Save
//! for `kubectl edit` tabs), and kubectl's errors shown at their line and column.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::highlight;
use crate::model::{Action, EditorState, Tab, TabKind};
use crate::samples::SAMPLES;
use crate::yamlpos::InlineError;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub editor: Rc<EditorState>,
    pub onaction: Callback<Action>,
}

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let onaction = &props.onaction;
    let textarea = use_node_ref();
    let gutter = use_node_ref();
    let layer = use_node_ref();
    let samples = use_node_ref();
    let tab = props.editor.active_tab().cloned();

    let emit = |a: fn() -> Action| {
        let onaction = onaction.clone();
        Callback::from(move |_: MouseEvent| onaction.emit(a()))
    };
    let onsample = {
        let onaction = onaction.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = s.value().parse::<usize>() {
                onaction.emit(Action::LoadSample(i));
            }
            s.set_value("");
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        let layer = layer.clone();
        Callback::from(move |e: Event| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(g) = gutter.cast::<Element>() {
                g.set_scroll_top(t.scroll_top());
            }
            if let Some(l) = layer.cast::<Element>() {
                l.set_scroll_top(t.scroll_top());
                l.set_scroll_left(t.scroll_left());
            }
        })
    };
    // Another tab starts at its top (the textarea element is shared between tabs and would keep
    // the previous tab's scroll position); the effect below aligns the layers.
    {
        let textarea = textarea.clone();
        use_effect_with(tab.as_ref().map(|t| t.id), move |_| {
            if let Some(t) = textarea.cast::<Element>() {
                t.set_scroll_top(0);
                t.set_scroll_left(0);
            }
        });
    }
    // Keep the layers aligned after the text changes (the textarea may have scrolled).
    {
        let (textarea, gutter, layer) = (textarea.clone(), gutter.clone(), layer.clone());
        let key = tab.as_ref().map(|t| (t.id, t.text.len()));
        use_effect_with(key, move |_| {
            if let Some(t) = textarea.cast::<Element>() {
                if let Some(g) = gutter.cast::<Element>() {
                    g.set_scroll_top(t.scroll_top());
                }
                if let Some(l) = layer.cast::<Element>() {
                    l.set_scroll_top(t.scroll_top());
                    l.set_scroll_left(t.scroll_left());
                }
            }
        });
    }

    // The tabs follow the ARIA tabs pattern: one Tab stop (the active tab), ←/→/Home/End move
    // between tabs, Delete closes one; the × buttons are the pointer's way to close.
    let ids: Vec<u64> = props.editor.tabs.iter().map(|t| t.id).collect();
    let ontabkey = {
        let onaction = onaction.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(me) = e.target_dyn_into::<Element>() else {
                return;
            };
            let Some(list) = me.closest("[role=tablist]").ok().flatten() else {
                return;
            };
            let Ok(buttons) = list.query_selector_all("[role=tab]") else {
                return;
            };
            let n = buttons.length() as usize;
            let Some(i) = (0..n).find(|&i| {
                buttons
                    .item(i as u32)
                    .is_some_and(|b| b.is_same_node(Some(&me)))
            }) else {
                return;
            };
            let focus = |j: usize| {
                if let Some(b) = buttons
                    .item(j as u32)
                    .and_then(|b| b.dyn_into::<HtmlElement>().ok())
                {
                    let _ = b.focus();
                }
            };
            let go = match e.key().as_str() {
                "ArrowLeft" => Some((i + n - 1) % n),
                "ArrowRight" => Some((i + 1) % n),
                "Home" => Some(0),
                "End" => Some(n - 1),
                "Delete" => {
                    e.prevent_default();
                    if n > 1 {
                        focus(if i + 1 < n { i + 1 } else { i - 1 });
                    } else if let Some(plus) = list
                        .next_element_sibling()
                        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
                    {
                        let _ = plus.focus();
                    }
                    if let Some(&id) = ids.get(i) {
                        onaction.emit(Action::CloseTab(id));
                    }
                    None
                }
                _ => None,
            };
            if let Some(j) = go {
                e.prevent_default();
                focus(j);
                if let Some(&id) = ids.get(j) {
                    onaction.emit(Action::SelectTab(id));
                }
            }
        })
    };
    let tabs = html! {
        <div class="tabs">
            <div class="tablist" role="tablist" aria-label="Editor tabs">
                { for props.editor.tabs.iter().map(|t| {
                    let active = t.id == props.editor.active;
                    let id = t.id;
                    let select = { let a = onaction.clone(); Callback::from(move |_: MouseEvent| a.emit(Action::SelectTab(id))) };
                    let close = { let a = onaction.clone(); Callback::from(move |_: MouseEvent| a.emit(Action::CloseTab(id))) };
                    html! {
                        <span key={t.id} class={classes!("tab", active.then_some("active"))}>
                            <button type="button" role="tab" aria-selected={active.to_string()}
                                tabindex={if active { "0" } else { "-1" }} aria-keyshortcuts="Delete"
                                onclick={select} onkeydown={ontabkey.clone()}>
                                { &t.title }
                                if !t.errors.is_empty() {
                                    <span class="tab-err" aria-hidden="true">{ " ●" }</span>
                                    <span class="visually-hidden">{ " (has errors)" }</span>
                                }
                            </button>
                            <button type="button" class="close" tabindex="-1" aria-hidden="true"
                                title={format!("Close {} (Delete)", t.title)} onclick={close}>{ "×" }</button>
                        </span>
                    }
                }) }
            </div>
            <button type="button" class="new-tab" onclick={emit(|| Action::NewTab)} aria-label="New tab">{ "+" }</button>
        </div>
    };

    let Some(tab) = tab else {
        return html! {
            <div class="editor">
                <h2 class="pane-title">{ "Editor" }</h2>
                { tabs }
                <p class="empty">{ "No open tabs. Press + or pick a sample." }</p>
                { samples_menu(&samples, onsample) }
            </div>
        };
    };

    let oninput = {
        let onaction = onaction.clone();
        let id = tab.id;
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            onaction.emit(Action::EditText(id, t.value()));
        })
    };
    let primary = match &tab.kind {
        TabKind::Manifest => html! {
            <>
                <button type="button" class="primary" onclick={emit(|| Action::Apply)}
                    title="kubectl apply -f - with this buffer">{ "Apply" }</button>
                <button type="button" onclick={emit(|| Action::Diff)}
                    title="kubectl diff -f - with this buffer: what Apply would change">{ "Diff" }</button>
            </>
        },
        TabKind::Edit { .. } => html! {
            <button type="button" class="primary" onclick={emit(|| Action::Apply)}
                title="Save the edited object (kubectl edit)">{ "Save" }</button>
        },
        TabKind::Script => html! {
            <a class="button primary" download="session.kp" href={browser::data_url(&tab.text)}>{ "Download session.kp" }</a>
        },
    };
    let lines: Vec<&str> = tab.text.split('\n').collect();
    let jump = |e: &InlineError| {
        let textarea = textarea.clone();
        let offset = offset_of(&tab.text, e.line, e.column);
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                let _ = t.focus();
                let _ = t.set_selection_range(offset, offset);
            }
        })
    };

    html! {
        <div class="editor">
            <h2 class="pane-title">{ "Editor" }</h2>
            { tabs }
            <div class="editor-tools">
                { samples_menu(&samples, onsample) }
                { primary }
                if let TabKind::Edit { cmd, .. } = &tab.kind {
                    <span class="note">{ cmd.clone() }</span>
                }
            </div>
            <div class={classes!("code", (!tab.errors.is_empty()).then_some("invalid"))}>
                <div class="gutter" ref={gutter} aria-hidden="true">
                    { for lines.iter().enumerate().map(|(i, _)| {
                        let errs: Vec<&InlineError> = tab.errors.iter().filter(|e| e.line == i + 1).collect();
                        html! {
                            <div class={classes!((!errs.is_empty()).then_some("err"))}
                                title={errs.first().map(|e| e.message.clone())}>{ i + 1 }</div>
                        }
                    }) }
                </div>
                <div class="area">
                    <pre class="hl" ref={layer} aria-hidden="true">
                        { for lines.iter().enumerate().map(|(i, l)| highlighted_line(l, i + 1, &tab)) }
                    </pre>
                    <textarea ref={textarea.clone()} aria-label={format!("Manifest editor: {}", tab.title)}
                        aria-invalid={(!tab.errors.is_empty()).to_string()}
                        spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                        readonly={tab.kind == TabKind::Script}
                        value={tab.text.clone()} {oninput} {onscroll} />
                </div>
            </div>
            if !tab.errors.is_empty() {
                <ul class="problems" role="alert" aria-label="Errors">
                    { for tab.errors.iter().map(|e| html! {
                        <li>
                            <button type="button" class="loc" onclick={jump(e)}>
                                { format!("Line {}, column {}", e.line, e.column) }
                            </button>
                            <pre class="msg">{ e.message.clone() }</pre>
                        </li>
                    }) }
                </ul>
            } else if let Some((ok, text)) = &tab.result {
                <pre class={classes!("result", ok.then_some("ok"))} role="status">{ text.clone() }</pre>
            }
        </div>
    }
}

fn samples_menu(r: &NodeRef, onchange: Callback<Event>) -> Html {
    html! {
        <span class="samples">
            <label for="samples">{ "Samples" }</label>
            <select id="samples" ref={r.clone()} {onchange}>
                <option value="" selected=true>{ "Open a seed manifest…" }</option>
                { for SAMPLES.iter().enumerate().map(|(i, s)| html! {
                    <option value={i.to_string()} title={s.note}>{ s.title }</option>
                }) }
            </select>
        </span>
    }
}

/// One line of the highlight layer; an error's column is underlined.
fn highlighted_line(line: &str, number: usize, tab: &Tab) -> Html {
    let err = tab.errors.iter().find(|e| e.line == number);
    let toks = highlight::line(line);
    let mut parts: Vec<Html> = Vec::with_capacity(toks.len() + 2);
    let mut at = 0usize; // byte offset in the line
    let err_byte = err.map(|e| char_to_byte(line, e.column.saturating_sub(1)));
    for (tok, text) in toks {
        let class = tok.class();
        match err_byte {
            Some(b) if b >= at && b < at + text.len() => {
                let local = b - at;
                let end = text[local..]
                    .chars()
                    .next()
                    .map_or(local, |c| local + c.len_utf8());
                let (pre, mark, post) = (&text[..local], &text[local..end], &text[end..]);
                if !pre.is_empty() {
                    parts.push(html! { <span class={class}>{ pre }</span> });
                }
                parts.push(html! { <span class={classes!(class, "errcol")}>{ mark }</span> });
                if !post.is_empty() {
                    parts.push(html! { <span class={class}>{ post }</span> });
                }
            }
            _ => parts.push(if class.is_empty() {
                html! { { text } }
            } else {
                html! { <span class={class}>{ text }</span> }
            }),
        }
        at += text.len();
    }
    if err_byte.is_some_and(|b| b >= line.len()) {
        parts.push(html! { <span class="errcol">{ " " }</span> });
    }
    html! {
        <div class={classes!("line", err.is_some().then_some("errline"))}>
            { for parts }
        </div>
    }
}

/// Byte offset of a 0-based character column.
fn char_to_byte(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

/// UTF-16 offset (what textarea selections count) of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> u32 {
    let mut units = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            let col: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return (units + col) as u32;
        }
        units += l.encode_utf16().count() + 1;
    }
    units as u32
}
