//! The terminal: the log of every command (typed or issued by a button) with its output, and a
//! prompt with history (↑/↓) and Tab completion.

use std::rc::Rc;

use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::complete::Completion;
use crate::model::Action;

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    pub log: AttrValue,
    /// `$`, or a container shell's prompt (`kubectl exec -ti`).
    pub prompt: AttrValue,
    pub history: Rc<Vec<String>>,
    pub hint: Option<String>,
    pub onrun: Callback<String>,
    pub oncomplete: Callback<String, Completion>,
    pub onaction: Callback<Action>,
}

/// Where ↑/↓ is in the history, and the line being typed before browsing started.
#[derive(Default)]
struct Browse {
    index: Option<usize>,
    draft: String,
}

#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let output = use_node_ref();
    let browse = use_mut_ref(Browse::default);

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
        let browse = browse.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let line = field.value().trim().to_owned();
            *browse.borrow_mut() = Browse::default();
            if !line.is_empty() {
                onrun.emit(line);
                field.set_value("");
            }
        })
    };

    let onkeydown = {
        let history = props.history.clone();
        let browse = browse.clone();
        let oncomplete = props.oncomplete.clone();
        let onaction = props.onaction.clone();
        let hint_shown = props.hint.is_some();
        Callback::from(move |e: KeyboardEvent| {
            let field: HtmlInputElement = e.target_unchecked_into();
            match e.key().as_str() {
                "ArrowUp" | "ArrowDown" => {
                    if history.is_empty() {
                        return;
                    }
                    e.prevent_default();
                    let mut b = browse.borrow_mut();
                    let up = e.key() == "ArrowUp";
                    let next = match (b.index, up) {
                        (None, true) => {
                            b.draft = field.value();
                            Some(history.len() - 1)
                        }
                        (None, false) => None,
                        (Some(i), true) => Some(i.saturating_sub(1)),
                        (Some(i), false) if i + 1 < history.len() => Some(i + 1),
                        (Some(_), false) => None,
                    };
                    b.index = next;
                    let text = match next {
                        Some(i) => history[i].clone(),
                        None => b.draft.clone(),
                    };
                    field.set_value(&text);
                    if hint_shown {
                        onaction.emit(Action::Hint(None));
                    }
                    let end = text.encode_utf16().count() as u32;
                    let _ = field.set_selection_range(end, end);
                }
                "Tab" if !e.shift_key() && !e.alt_key() && !e.ctrl_key() && !e.meta_key() => {
                    let value = field.value();
                    let cursor = field
                        .selection_start()
                        .ok()
                        .flatten()
                        .map_or(value.len(), |c| utf16_to_byte(&value, c as usize));
                    let (before, after) = value.split_at(cursor);
                    if before.trim().is_empty() {
                        // Nothing to complete: Tab moves the focus as usual.
                        return;
                    }
                    let c = oncomplete.emit(before.to_string());
                    if c.needs_schema && c.text == before && c.candidates.is_empty() {
                        // The field names are on their way: keep the focus, say so.
                        e.prevent_default();
                        onaction.emit(Action::Hint(Some(crate::explain::LOADING.into())));
                        return;
                    }
                    if c.text == before && c.candidates.is_empty() {
                        onaction.emit(Action::Hint(None));
                        return;
                    }
                    e.prevent_default();
                    let new_value = format!("{}{after}", c.text);
                    field.set_value(&new_value);
                    let pos = c.text.encode_utf16().count() as u32;
                    let _ = field.set_selection_range(pos, pos);
                    let hint = (!c.candidates.is_empty()).then(|| c.candidates.join("  "));
                    onaction.emit(Action::Hint(hint));
                }
                "Escape" => onaction.emit(Action::Hint(None)),
                _ => {}
            }
        })
    };

    // A hint (Tab's candidates, a note) is about the line it was given for: typing or browsing
    // the history drops it.
    let oninput = {
        let onaction = props.onaction.clone();
        let shown = props.hint.is_some();
        Callback::from(move |_: InputEvent| {
            if shown {
                onaction.emit(Action::Hint(None));
            }
        })
    };

    html! {
        <div class="terminal">
            <h2 class="pane-title">{ "Terminal" }</h2>
            <pre role="log" aria-live="polite" aria-label="Terminal output" tabindex="0" ref={output}>
                // One text node per command and what it printed: the live region then announces
                // what a command added, not the whole log again (unchanged nodes stay as they are).
                { for command_chunks(&props.log).map(|c| html! { <span>{ c.to_string() }</span> }) }
            </pre>
            <form {onsubmit}>
                <span class="prompt" aria-hidden="true">{ props.prompt.clone() }</span>
                <input ref={input} type="text" aria-label="kubectl command"
                    placeholder="kubectl get pods   (Tab completes, ↑ history)" autocomplete="off"
                    autocapitalize="off" spellcheck="false" {onkeydown} {oninput} />
                <button type="submit">{ "Run" }</button>
            </form>
            <p class="hint" aria-live="polite">{ props.hint.clone().unwrap_or_default() }</p>
        </div>
    }
}

/// The log cut before each `$ ` that starts a line: one piece per command and its output.
fn command_chunks(log: &str) -> impl Iterator<Item = &str> {
    let starts = log.match_indices("\n$ ").map(|(i, _)| i + 1);
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(starts)
        .chain(std::iter::once(log.len()))
        .collect();
    (1..bounds.len())
        .map(move |i| &log[bounds[i - 1]..bounds[i]])
        .filter(|c| !c.is_empty())
}

/// Byte offset of a UTF-16 code unit offset (what the DOM's selection APIs count).
fn utf16_to_byte(s: &str, units: usize) -> usize {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if n >= units {
            return i;
        }
        n += c.len_utf16();
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_cut_per_command() {
        let log = "$ kubectl get pods\nNo resources found\n$ sim time\nx $ y\n";
        let chunks: Vec<&str> = command_chunks(log).collect();
        assert_eq!(
            chunks,
            [
                "$ kubectl get pods\nNo resources found\n",
                "$ sim time\nx $ y\n"
            ]
        );
        assert_eq!(chunks.concat(), log);
        assert_eq!(command_chunks("").count(), 0);
        assert_eq!(
            command_chunks("partial\n$ a\n").collect::<Vec<_>>(),
            ["partial\n", "$ a\n"]
        );
    }
}
