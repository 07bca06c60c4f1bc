//! The few browser APIs the page uses: localStorage, the URL, the clock, frame statistics and
//! one download. On other targets (native unit tests) they do nothing.

#[cfg(target_arch = "wasm32")]
mod imp {
    use crate::session::STORAGE_KEY;
    use std::cell::RefCell;
    use wasm_bindgen::JsValue;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn load_session() -> Option<String> {
        storage()?.get_item(STORAGE_KEY).ok()?
    }

    pub fn save_session(json: &str) {
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, json);
        }
    }

    pub fn discard_session() {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }

    pub fn query() -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }

    pub fn fragment() -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    }

    /// The page's URL without its fragment.
    pub fn base_url() -> String {
        let Some(w) = web_sys::window() else {
            return String::new();
        };
        let href = w.location().href().unwrap_or_default();
        href.split('#').next().unwrap_or("").to_string()
    }

    /// Drops the fragment from the address bar without reloading.
    pub fn clear_fragment() {
        if let Some(w) = web_sys::window() {
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&base_url()));
            }
        }
    }

    pub fn now_ms() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }

    /// Frame work: the time from a clock tick to the end of the render it caused.
    #[derive(Default)]
    struct Frames {
        tick_start: Option<f64>,
        /// The last frames' work in ms (a ring of the last 600).
        recent: Vec<f64>,
        /// The simulation's share of each of those frames.
        recent_sim: Vec<f64>,
        sim: f64,
        next: usize,
        count: u64,
        max: f64,
        pods: usize,
        /// Virtual milliseconds on the clock at the last frame: with wall time, the speed the
        /// simulation really kept.
        virtual_ms: u64,
    }

    thread_local! {
        static FRAMES: RefCell<Frames> = RefCell::new(Frames::default());
    }

    pub fn tick_started() {
        FRAMES.with(|f| {
            let mut f = f.borrow_mut();
            f.tick_start = Some(now_ms());
            f.sim = 0.0;
        });
    }

    /// Time the simulation took in the current frame.
    pub fn record_sim(ms: f64) {
        FRAMES.with(|f| f.borrow_mut().sim += ms);
    }

    /// Called after a render; returns the work of the frame if a tick started it.
    pub fn frame_rendered(pods: usize, virtual_ms: u64) -> Option<f64> {
        let work = FRAMES.with(|f| {
            let mut f = f.borrow_mut();
            let start = f.tick_start.take()?;
            let work = now_ms() - start;
            let sim = f.sim;
            if f.recent.len() < 600 {
                f.recent.push(work);
                f.recent_sim.push(sim);
            } else {
                let i = f.next;
                f.recent[i] = work;
                f.recent_sim[i] = sim;
            }
            f.next = (f.next + 1) % 600;
            f.count += 1;
            f.max = f.max.max(work);
            f.pods = pods;
            f.virtual_ms = virtual_ms;
            Some(work)
        })?;
        Some(work)
    }

    /// The last frame's work, for pacing ticks.
    pub fn last_frame_ms() -> f64 {
        FRAMES.with(|f| {
            let f = f.borrow();
            let last = (f.next + f.recent.len().max(1) - 1) % f.recent.len().max(1);
            f.recent.get(last).copied().unwrap_or(0.0)
        })
    }

    /// The last frame's work outside the simulation (views, render), for sizing the next tick's
    /// simulation budget.
    pub fn last_render_ms() -> f64 {
        FRAMES.with(|f| {
            let f = f.borrow();
            let n = f.recent.len().max(1);
            let last = (f.next + n - 1) % n;
            match (f.recent.get(last), f.recent_sim.get(last)) {
                (Some(work), Some(sim)) => (work - sim).max(0.0),
                _ => 0.0,
            }
        })
    }

    /// Installs `window.__kubeplayFrames()`: {count, max, recent: [ms…] oldest first, recentSim, pods, virtualMs},
    /// read by the performance test (nothing is computed per frame for it).
    pub fn install_frame_stats() {
        use wasm_bindgen::closure::Closure;
        let Some(w) = web_sys::window() else { return };
        let f = Closure::<dyn Fn() -> JsValue>::new(|| {
            FRAMES.with(|f| {
                let f = f.borrow();
                let recent = js_sys::Array::new();
                let recent_sim = js_sys::Array::new();
                let n = f.recent.len();
                let start = if n < 600 { 0 } else { f.next };
                for i in 0..n {
                    recent.push(&JsValue::from_f64(f.recent[(start + i) % n]));
                    recent_sim.push(&JsValue::from_f64(f.recent_sim[(start + i) % n]));
                }
                let o = js_sys::Object::new();
                let set = |k: &str, v: &JsValue| {
                    let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
                };
                set("count", &JsValue::from_f64(f.count as f64));
                set("max", &JsValue::from_f64(f.max));
                set("pods", &JsValue::from_f64(f.pods as f64));
                set("virtualMs", &JsValue::from_f64(f.virtual_ms as f64));
                set("recent", &recent);
                set("recentSim", &recent_sim);
                o.into()
            })
        });
        let _ = js_sys::Reflect::set(&w, &JsValue::from_str("__kubeplayFrames"), f.as_ref());
        f.forget();
    }

    /// A `data:` URL holding `text`, for a download link.
    pub fn data_url(text: &str) -> String {
        format!(
            "data:text/plain;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(text))
        )
    }

    /// Downloads `url` (relative to the page) as text; `done` runs once, later, with the body
    /// or why there is none. Promise callbacks rather than wasm-bindgen-futures, which would
    /// bring an executor into the bundle for this one download. The four small closures stay
    /// allocated (a download happens once per page, or again after a failure).
    pub fn fetch_text(url: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        use std::rc::Rc;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        type Done = Rc<RefCell<Option<Box<dyn FnOnce(Result<String, String>)>>>>;
        let done: Done = Rc::new(RefCell::new(Some(Box::new(done))));
        let finish = |done: &Done, r: Result<String, String>| {
            if let Some(f) = done.borrow_mut().take() {
                f(r)
            }
        };
        let Some(w) = web_sys::window() else {
            finish(&done, Err("no window".into()));
            return;
        };
        let why = |e: JsValue| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .or_else(|| e.as_string())
                .unwrap_or_else(|| "network error".into())
        };
        let failed = |done: &Done| {
            let done = done.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| finish(&done, Err(why(e))))
        };
        let on_text = {
            let done = done.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |t: JsValue| {
                finish(&done, t.as_string().ok_or_else(|| "not text".into()))
            })
        };
        let on_text_error = failed(&done);
        let on_response = {
            let done = done.clone();
            let url = url.to_string();
            Closure::<dyn FnMut(JsValue)>::new(move |r: JsValue| {
                let r: web_sys::Response = r.unchecked_into();
                if !r.ok() {
                    finish(&done, Err(format!("GET {url}: HTTP {}", r.status())));
                    return;
                }
                match r.text() {
                    Ok(p) => {
                        let _ = p.then2(&on_text, &on_text_error);
                    }
                    Err(e) => finish(&done, Err(why(e))),
                }
            })
        };
        let on_error = failed(&done);
        let _ = w.fetch_with_str(url).then2(&on_response, &on_error);
        on_response.forget();
        on_error.forget();
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn load_session() -> Option<String> {
        None
    }
    pub fn save_session(_json: &str) {}
    pub fn discard_session() {}
    pub fn query() -> String {
        String::new()
    }
    pub fn fragment() -> String {
        String::new()
    }
    pub fn base_url() -> String {
        String::new()
    }
    pub fn clear_fragment() {}
    pub fn now_ms() -> f64 {
        0.0
    }
    pub fn tick_started() {}
    pub fn record_sim(_ms: f64) {}
    pub fn frame_rendered(_pods: usize, _virtual_ms: u64) -> Option<f64> {
        None
    }
    pub fn install_frame_stats() {}
    pub fn last_frame_ms() -> f64 {
        0.0
    }
    pub fn last_render_ms() -> f64 {
        0.0
    }
    pub fn data_url(text: &str) -> String {
        format!("data:text/plain;charset=utf-8,{}", text.len())
    }
    pub fn fetch_text(url: &str, done: impl FnOnce(Result<String, String>) + 'static) {
        done(Err(format!("GET {url}: no network in native builds")))
    }
}

pub use imp::*;

/// A query parameter's value (`?speed=20&paused=1`).
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_params_are_read() {
        assert_eq!(
            query_param("?speed=20&paused=1", "speed").as_deref(),
            Some("20")
        );
        assert_eq!(
            query_param("?speed=20&paused=1", "paused").as_deref(),
            Some("1")
        );
        assert_eq!(query_param("?paused", "paused").as_deref(), Some(""));
        assert_eq!(query_param("", "speed"), None);
    }
}
