//! The page state: a core `Cluster` plus everything the page shows around it (terminal log,
//! session record, timeline, editor tabs, clock), adapted to Yew's reducer.
//!
//! All cluster behaviour lives in kubeplay-core; this module forwards actions to it as commands
//! and records them, so that a session is a seed plus timed commands (see `session`).

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use crate::explain::needs_reference as needs_schema;
use kubeplay_core::kubectl::edit::{edit_save, edit_target};
use kubeplay_core::kubectl::shell::{assignments, split_words};
use kubeplay_core::kubectl::simcmd::advance_duration;
use kubeplay_core::sim::PodView;
use kubeplay_core::view::{
    self, CronJobView, DaemonSetView, DeploymentView, EventView, JobView, NodeView, StatefulSetView,
};
use kubeplay_core::{Cluster, ClusterConfig, CommandOutput, StepOutcome};
use yew::{AttrValue, Reducible};

use crate::samples::{NGINX_DEPLOYMENT, SAMPLES};
use crate::session::{self, heredoc_body, Entry, Session};
use crate::timeline::{self, Plot, Timeline};
use crate::yamlpos::{self, InlineError};

/// Upper bound of the terminal log, in bytes; older lines are dropped first.
const LOG_MAX_BYTES: usize = 256 * 1024;
/// What a control or Apply says while the terminal is inside a container's shell.
const SHELL_OPEN: &str =
    "The terminal is in a container's shell (kubectl exec -ti): type exit there to use the controls.";
/// A ReplicaSet with more pods than this is drawn as counts per STATUS, not as tiles.
pub const TILE_LIMIT: usize = 60;
/// Pods listed per node in the node view.
pub const NODE_POD_LIMIT: usize = 16;
/// Nodes listed in the node view.
pub const NODE_LIMIT: usize = 50;
/// Events the events pane shows.
pub const EVENT_LIMIT: usize = 60;
/// Events the pane shows while the clock plays at 20× or more: each refresh then brings a
/// whole pane of new rows (a second of 1,000 pods rolling is hundreds of events), and a pane
/// of 60 new rows is a frame's budget of DOM work; all 60 come back when the clock stops.
pub const EVENT_LIMIT_FAST: usize = 20;
/// Pods outside Deployments shown on the board.
pub const OTHER_POD_LIMIT: usize = 120;
/// Speeds the clock offers.
pub const SPEEDS: [u32; 5] = [1, 2, 5, 20, 60];
/// While the clock plays, the events pane, node view and other pods refresh at most this often
/// (real ms; less often at high speeds); the Deployments on the board follow every frame.
fn secondary_view_ms(speed: u32) -> f64 {
    if speed >= 20 {
        1_000.0
    } else {
        400.0
    }
}
/// Real milliseconds of work a frame may take (PRODUCT §8: 60 fps).
const FRAME_BUDGET_MS: f64 = 16.0;
/// Of a frame, what is kept for the browser's own style and layout work.
const BROWSER_MARGIN_MS: f64 = 3.0;
/// Bounds of the real milliseconds a clock tick may spend simulating: what the frame budget
/// leaves after the last frame's views and render, but never so little that the clock crawls.
const SIM_BUDGET_MS: (f64, f64) = (3.0, 8.0);
/// Workers of a fresh cluster.
const WORKERS: u32 = 3;

/// The apply command the editor (and a fresh session) issues; the manifest goes on stdin.
pub const APPLY: &str = "kubectl apply -f -";
/// What *Diff* runs with a manifest tab's buffer: what Apply would change, changing nothing.
pub const DIFF: &str = "kubectl diff -f -";

/// Panes the compact layout switches between (the board is always shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Terminal,
    Editor,
    Timeline,
    Events,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TabKind {
    /// A manifest: *Apply* runs `kubectl apply -f -` with it.
    Manifest,
    /// `kubectl edit`: *Save* stores it; `original` is the buffer as opened.
    Edit { cmd: String, original: String },
    /// An exported session script (read-only).
    Script,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    pub id: u64,
    pub title: String,
    pub text: String,
    pub kind: TabKind,
    pub errors: Vec<InlineError>,
    /// The last Apply/Save: success and kubectl's output.
    pub result: Option<(bool, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorState {
    pub tabs: Vec<Tab>,
    pub active: u64,
    next_id: u64,
}

impl EditorState {
    fn new() -> Self {
        let mut e = Self {
            tabs: Vec::new(),
            active: 0,
            next_id: 1,
        };
        e.open(
            "deployment.yaml".into(),
            NGINX_DEPLOYMENT.into(),
            TabKind::Manifest,
        );
        e
    }

    pub fn active_tab(&self) -> Option<&Tab> {
        self.tabs.iter().find(|t| t.id == self.active)
    }

    fn tab_mut(&mut self, id: u64) -> Option<&mut Tab> {
        self.tabs.iter_mut().find(|t| t.id == id)
    }

    fn open(&mut self, title: String, text: String, kind: TabKind) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.tabs.push(Tab {
            id,
            title,
            text,
            kind,
            errors: Vec::new(),
            result: None,
        });
        self.active = id;
        id
    }

    fn close(&mut self, id: u64) {
        let Some(i) = self.tabs.iter().position(|t| t.id == id) else {
            return;
        };
        self.tabs.remove(i);
        if self.active == id {
            self.active = self
                .tabs
                .get(i.min(self.tabs.len().saturating_sub(1)))
                .map_or(0, |t| t.id);
        }
    }
}

/// The clock: running or not, and how many virtual ms pass per real ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub playing: bool,
    pub speed: u32,
}

/// Read-only views of the cluster, rebuilt only when the store changed.
/// The last timeline plot and the (time, version, deployment) it was drawn for.
type PlotCache = ((u64, u64, String), Rc<Option<Plot>>);

struct Views {
    key: Key,
    deployments: Rc<Vec<DeploymentView>>,
    statefulsets: Rc<Vec<StatefulSetView>>,
    daemonsets: Rc<Vec<DaemonSetView>>,
    jobs: Rc<Vec<JobView>>,
    cronjobs: Rc<Vec<CronJobView>>,
    /// Secondary views: built for which key, and when (real ms). The events pane refreshes
    /// half a period apart from the node view and other pods, so one frame never does both.
    events_key: (Key, usize),
    events_at: f64,
    events: Rc<Vec<EventView>>,
    nodes_key: Key,
    nodes_at: f64,
    others: Rc<Vec<PodView>>,
    nodes: Rc<Vec<(NodeView, Vec<PodView>)>>,
}

/// What the cluster views depend on: cluster generation, resourceVersion, node digest.
type Key = (u64, u64, u64);

/// One playground session. Interior mutability lets the reducer change it in place
/// (`use_reducer` re-renders on every dispatched action).
pub struct Playground {
    inner: RefCell<Inner>,
    views: RefCell<Option<Views>>,
    /// Set by every action but a clock tick: the secondary views catch up at once.
    fresh_secondary: std::cell::Cell<bool>,
    plot: RefCell<Option<PlotCache>>,
}

pub struct Inner {
    pub cluster: Cluster,
    /// Identifies the cluster across resets (view caches key on it).
    generation: u64,
    pub seed: u64,
    pub entries: Vec<Entry>,
    log: String,
    log_attr: AttrValue,
    pub timeline: Timeline,
    pub timeline_key: Option<String>,
    /// A message for the user (restored-session problems), shown until dismissed.
    pub notice: Option<String>,
    /// A one-line hint under the terminal input.
    pub hint: Option<String>,
    pub editor: Rc<EditorState>,
    pub clock: Clock,
    pub pane: Pane,
    pub share_link: Option<String>,
    history: Rc<Vec<String>>,
    ticks_since_save: u32,
    /// Lines given while the explain schemas download (the first of them needed them): they
    /// run in order, recorded as they run, once the download ends.
    pending: Vec<String>,
    /// A restored session stopped before its first command that needs the explain schemas:
    /// its remaining commands and end time, replayed once they are loaded, so the transcript is
    /// the original one. Meanwhile the clock stands still.
    resume: Option<(Vec<Entry>, u64)>,
}

/// What the page can ask of the session.
pub enum Action {
    /// Move the virtual clock forward by this many milliseconds.
    Tick(u64),
    /// Run one command line typed in the terminal.
    Run(String),
    /// Run the kubectl command a control stands for (a board or header button): not while the
    /// terminal is inside a container's shell, where kubectl is not found.
    Control(String),
    /// Apply (or for an edit tab, save) the active editor tab.
    Apply,
    /// `kubectl diff` of the active manifest tab.
    Diff,
    EditText(u64, String),
    SelectTab(u64),
    CloseTab(u64),
    NewTab,
    LoadSample(usize),
    SetPlaying(bool),
    SetSpeed(u32),
    Reset,
    Export,
    Share,
    SetPane(Pane),
    SelectTimeline(String),
    DismissNotice,
    Hint(Option<String>),
    /// Persist now (page hidden).
    Save,
    /// The explain schemas' download ended (they are in core if it succeeded): run what waited.
    SchemaLoaded(Result<(), String>),
}

/// Where the page started from.
pub struct StartOptions {
    pub speed: u32,
    pub paused: bool,
    /// A share-link fragment, if the URL has one.
    pub fragment: Option<String>,
    /// The saved session from localStorage, if any.
    pub stored: Option<String>,
}

impl Playground {
    /// The start state: a share link if given, else the saved session, else a fresh one.
    /// Problems with either are reported in the notice, and the broken source is not used.
    pub fn start(opts: StartOptions) -> (Self, StartReport) {
        let mut report = StartReport::default();
        let mut notice = None;
        let mut session = None;
        if let Some(f) = &opts.fragment {
            match Session::from_fragment(f) {
                Ok(s) => {
                    session = Some(s);
                    report.from_link = true;
                }
                Err(e) => {
                    notice = Some(format!(
                        "The share link could not be read ({e}); it was ignored."
                    ))
                }
            }
        }
        if session.is_none() {
            if let Some(text) = &opts.stored {
                match Session::from_json(text) {
                    Ok(s) => session = Some(s),
                    Err(e) => {
                        notice = Some(format!(
                            "The saved session could not be restored ({e}); it was discarded."
                        ));
                        report.discard_stored = true;
                    }
                }
            }
        }
        let clock = Clock {
            playing: !opts.paused,
            speed: opts.speed,
        };
        let inner = match session {
            Some(s) => Inner::replay(&s, 1, clock),
            None => Inner::fresh(session::DEFAULT_SEED, 1, clock),
        };
        let mut inner = inner;
        if inner.notice.is_none() {
            inner.notice = notice;
        }
        (Self::wrap(inner), report)
    }

    fn wrap(inner: Inner) -> Self {
        Self {
            inner: RefCell::new(inner),
            views: RefCell::new(None),
            fresh_secondary: std::cell::Cell::new(true),
            plot: RefCell::new(None),
        }
    }

    pub fn inner(&self) -> Ref<'_, Inner> {
        self.inner.borrow()
    }

    pub fn log(&self) -> AttrValue {
        self.inner.borrow().log_attr.clone()
    }

    /// The terminal's prompt: `$`, or the container shell's while `kubectl exec -ti` or
    /// `kubectl run -ti` holds one open.
    pub fn prompt(&self) -> AttrValue {
        let inner = self.inner.borrow();
        let prompt = inner.cluster.prompt();
        AttrValue::from(prompt.as_deref().map_or("$", str::trim_end).to_string())
    }

    pub fn history(&self) -> Rc<Vec<String>> {
        self.inner.borrow().history.clone()
    }

    /// The session as saved and shared.
    pub fn session(&self) -> Session {
        self.inner.borrow().session()
    }

    fn views(&self) -> Ref<'_, Views> {
        let inner = self.inner.borrow();
        // Node health changes (`sim node fail|recover`) do not bump the resourceVersion; a
        // digest of what the node view shows catches them.
        let nodes = inner.cluster.store().nodes.values().fold(0u64, |h, n| {
            h.wrapping_mul(31).wrapping_add(
                n.failed as u64 | (n.unschedulable as u64) << 1 | (n.ready.len() as u64) << 2,
            )
        });
        let key = (
            inner.generation,
            inner.cluster.store().resource_version(),
            nodes,
        );
        let now = crate::browser::now_ms();
        let c = &inner.cluster;
        let event_limit = if inner.clock.playing && inner.clock.speed >= 20 {
            EVENT_LIMIT_FAST
        } else {
            EVENT_LIMIT
        };
        let build_nodes = || {
            view::nodes(c)
                .into_iter()
                .take(NODE_LIMIT)
                .map(|n| {
                    let pods = view::pods_on_node(c, &n.name, NODE_POD_LIMIT);
                    (n, pods)
                })
                .collect::<Vec<_>>()
        };
        let mut views = self.views.borrow_mut();
        let Some(v) = views.as_mut() else {
            *views = Some(Views {
                key,
                deployments: Rc::new(view::deployments(c, TILE_LIMIT)),
                statefulsets: Rc::new(view::statefulsets(c)),
                daemonsets: Rc::new(view::daemonsets(c)),
                jobs: Rc::new(view::jobs(c)),
                cronjobs: Rc::new(view::cronjobs(c)),
                events_key: (key, event_limit),
                events_at: now,
                events: Rc::new(view::events(c, event_limit)),
                nodes_key: key,
                nodes_at: now,
                others: Rc::new(view::other_pods(c, OTHER_POD_LIMIT)),
                nodes: Rc::new(build_nodes()),
            });
            drop(views);
            return Ref::map(self.views.borrow(), |v| v.as_ref().expect("just built"));
        };
        if v.key != key {
            v.key = key;
            v.deployments = Rc::new(view::deployments(c, TILE_LIMIT));
            v.statefulsets = Rc::new(view::statefulsets(c));
            v.daemonsets = Rc::new(view::daemonsets(c));
            v.jobs = Rc::new(view::jobs(c));
            v.cronjobs = Rc::new(view::cronjobs(c));
        }
        let at_once = self.fresh_secondary.get() || !inner.clock.playing;
        let period = secondary_view_ms(inner.clock.speed);
        if v.events_key != (key, event_limit) && (at_once || now - v.events_at >= period) {
            v.events_key = (key, event_limit);
            v.events_at = now;
            v.events = Rc::new(view::events(c, event_limit));
            if !at_once {
                // Keep the node view half a period out of step.
                v.nodes_at = v.nodes_at.max(now - period / 2.0);
            }
        } else if v.nodes_key != key && (at_once || now - v.nodes_at >= period) {
            v.nodes_key = key;
            v.nodes_at = now;
            v.others = Rc::new(view::other_pods(c, OTHER_POD_LIMIT));
            v.nodes = Rc::new(build_nodes());
        }
        if at_once && v.nodes_key != key {
            v.nodes_key = key;
            v.others = Rc::new(view::other_pods(c, OTHER_POD_LIMIT));
            v.nodes = Rc::new(build_nodes());
        }
        self.fresh_secondary.set(false);
        drop(views);
        Ref::map(self.views.borrow(), |v| v.as_ref().expect("just built"))
    }

    /// Whether the next render will rebuild a secondary view (events pane, node view), were
    /// the cluster to change: their period has passed.
    fn secondary_refresh_due(&self, speed: u32, now: f64) -> bool {
        let period = secondary_view_ms(speed);
        self.views
            .borrow()
            .as_ref()
            .is_some_and(|v| now - v.events_at >= period || now - v.nodes_at >= period)
    }

    pub fn deployments(&self) -> Rc<Vec<DeploymentView>> {
        self.views().deployments.clone()
    }

    pub fn statefulsets(&self) -> Rc<Vec<StatefulSetView>> {
        self.views().statefulsets.clone()
    }

    pub fn daemonsets(&self) -> Rc<Vec<DaemonSetView>> {
        self.views().daemonsets.clone()
    }

    pub fn jobs(&self) -> Rc<Vec<JobView>> {
        self.views().jobs.clone()
    }

    pub fn cronjobs(&self) -> Rc<Vec<CronJobView>> {
        self.views().cronjobs.clone()
    }

    pub fn other_pods(&self) -> Rc<Vec<PodView>> {
        self.views().others.clone()
    }

    pub fn nodes(&self) -> Rc<Vec<(NodeView, Vec<PodView>)>> {
        self.views().nodes.clone()
    }

    pub fn node_count(&self) -> usize {
        self.inner.borrow().cluster.store().nodes.len()
    }

    pub fn events(&self) -> Rc<Vec<EventView>> {
        self.views().events.clone()
    }

    /// Deployments the timeline can show, and the one it shows.
    pub fn timeline_choice(&self) -> (Vec<String>, Option<String>) {
        let inner = self.inner.borrow();
        let keys = inner.timeline.keys();
        let chosen = inner
            .timeline_key
            .clone()
            .filter(|k| keys.contains(k))
            .or_else(|| keys.first().cloned());
        (keys, chosen)
    }

    pub fn plot(&self) -> Rc<Option<Plot>> {
        let (_, chosen) = self.timeline_choice();
        let inner = self.inner.borrow();
        let Some(key) = chosen else {
            return Rc::new(None);
        };
        let cache_key = (inner.timeline.version, inner.cluster.now_ms(), key.clone());
        if let Some((k, p)) = self.plot.borrow().as_ref() {
            if *k == cache_key {
                return p.clone();
            }
        }
        let p = Rc::new(timeline::plot(
            &inner.timeline,
            &key,
            inner.cluster.now_ms(),
        ));
        *self.plot.borrow_mut() = Some((cache_key, p.clone()));
        p
    }
}

/// What `start` found that the page must act on.
#[derive(Debug, Default)]
pub struct StartReport {
    /// The session came from a share link (the page drops the fragment).
    pub from_link: bool,
    /// The stored session was corrupt (the page removes it).
    pub discard_stored: bool,
}

impl Inner {
    fn empty(seed: u64, generation: u64, clock: Clock) -> Self {
        Self {
            cluster: Cluster::new(ClusterConfig {
                seed,
                workers: WORKERS,
            }),
            generation,
            seed,
            entries: Vec::new(),
            log: String::new(),
            log_attr: AttrValue::default(),
            timeline: Timeline::default(),
            timeline_key: None,
            notice: None,
            hint: None,
            editor: Rc::new(EditorState::new()),
            clock,
            pane: Pane::Terminal,
            share_link: None,
            history: Rc::new(Vec::new()),
            ticks_since_save: 0,
            pending: Vec::new(),
            resume: None,
        }
    }

    /// A fresh session: seeds/003's nginx Deployment applied at time 0.
    pub fn fresh(seed: u64, generation: u64, clock: Clock) -> Self {
        let mut s = Self::empty(seed, generation, clock);
        s.timeline.sample(&s.cluster);
        s.execute(Entry {
            t: 0,
            cmd: APPLY.into(),
            stdin: Some(NGINX_DEPLOYMENT.into()),
            orig: None,
        });
        s.finish_batch();
        s
    }

    /// Rebuilds a session by replaying its commands at their times (up to the first that needs
    /// the explain schemas while they are not loaded: see `resume`).
    pub fn replay(session: &Session, generation: u64, clock: Clock) -> Self {
        let mut s = Self::empty(session.seed, generation, clock);
        s.timeline.sample(&s.cluster);
        s.replay_entries(&session.cmds, session.now, true);
        s
    }

    /// Replays `cmds` at their times, then moves the clock to `now`. With `wait`, stops before
    /// a command that needs the explain schemas while they are not loaded, keeping the rest.
    fn replay_entries(&mut self, cmds: &[Entry], now: u64, wait: bool) {
        for (i, e) in cmds.iter().enumerate() {
            if wait && needs_schema(&e.cmd) {
                self.resume = Some((cmds[i..].to_vec(), now));
                self.finish_batch();
                return;
            }
            self.advance_to(e.t);
            self.execute(e.clone());
        }
        self.advance_to(now);
        self.finish_batch();
    }

    /// Whether lines or a restored session wait for the explain schemas.
    pub fn waits_for_schema(&self) -> bool {
        self.resume.is_some() || !self.pending.is_empty()
    }

    /// The explain schemas' download ended: finish a restored session's replay, then run the
    /// lines that waited. When it failed, each explain line among them prints the reason the
    /// way kubectl reports an unreachable server, and is not recorded (the session and the
    /// cluster do not change); a restored session's explain commands print core's error.
    fn schema_arrived(&mut self, result: Result<(), String>) {
        if self.hint.as_deref() == Some(crate::explain::LOADING) {
            self.hint = None;
        }
        if let Some((rest, now)) = self.resume.take() {
            if let Err(e) = &result {
                self.notice = Some(format!(
                    "The schemas of kubectl explain could not be downloaded ({e}): the restored \
                     session shows its explain commands failing."
                ));
            }
            self.replay_entries(&rest, now, false);
        }
        for line in std::mem::take(&mut self.pending) {
            if needs_schema(&line) {
                let why = result.as_ref().err().map_or("not loaded", String::as_str);
                let out = CommandOutput::failure(format!("Unable to connect to the server: {why}"));
                self.append_log("$ ", &line, &out);
                self.finish_batch();
            } else {
                self.run_line(&line);
            }
        }
    }

    pub fn session(&self) -> Session {
        let mut cmds = self.entries.clone();
        let mut now = self.cluster.now_ms();
        if let Some((rest, end)) = &self.resume {
            cmds.extend(rest.iter().cloned());
            now = *end;
        }
        Session {
            v: session::VERSION,
            seed: self.seed,
            now,
            cmds,
        }
    }

    /// Moves the clock forward, sampling the timeline at every instant timers fire.
    fn advance(&mut self, ms: u64) {
        let target = self.cluster.now_ms().saturating_add(ms);
        self.advance_to(target);
    }

    /// Like `advance`, spending at most about `budget_ms` of real time: a busy instant is split
    /// across ticks ([`Cluster::step_within`]), and when the budget runs out the clock stays
    /// behind, so the page slows rather than freezes when the engine cannot keep up with the
    /// speed (the session records commands at the time they were issued, so nothing else
    /// changes). The timeline is sampled at each completed instant.
    fn advance_within(&mut self, ms: u64, budget_ms: f64) {
        let start_real = crate::browser::now_ms();
        let target_ms = self.cluster.now_ms().saturating_add(ms);
        self.advance_until(target_ms, &mut || {
            crate::browser::now_ms() - start_real > budget_ms
        });
    }

    /// Completes the instant a budgeted tick left half done, so that commands and replays see
    /// whole instants (and the timeline samples it as a replay would).
    fn finish_instant(&mut self) {
        if self.cluster.in_instant() {
            self.cluster.step();
            self.timeline.sample(&self.cluster);
        }
    }

    fn advance_to(&mut self, target_ms: u64) {
        self.advance_until(target_ms, &mut || false);
    }

    /// Moves the clock to `target_ms`, instant by instant (sampling the timeline at each), unless
    /// `should_yield` stops it first: then the clock stays where the work stopped.
    fn advance_until(&mut self, target_ms: u64, should_yield: &mut dyn FnMut() -> bool) {
        let start = self.cluster.now() - self.cluster.now_ms() as i64;
        let target = start.saturating_add(target_ms.min(i64::MAX as u64 / 2) as i64);
        loop {
            let due = self.cluster.in_instant()
                || self.cluster.next_timer_at().is_some_and(|t| t <= target);
            if !due {
                break;
            }
            match self.cluster.step_within(should_yield) {
                StepOutcome::Done => self.timeline.sample(&self.cluster),
                StepOutcome::Interrupted => return,
                StepOutcome::Idle => break,
            }
            if should_yield() {
                return;
            }
        }
        if target > self.cluster.now() {
            self.cluster.advance_to(target);
        }
    }

    /// Runs one recorded command at the current time and appends it to the log and session.
    fn execute(&mut self, entry: Entry) -> CommandOutput {
        self.finish_instant();
        let echo = entry.echo();
        // the line was read at this prompt: the terminal's, or a container shell's
        let prompt = self.cluster.prompt().unwrap_or_else(|| "$ ".to_string());
        let out = match (&entry.stdin, &entry.orig) {
            (Some(edited), Some(original)) => edit_save(&mut self.cluster, original, edited),
            (stdin, _) => match sim_advance(&entry.cmd) {
                // inside a container's shell the line is the shell's, as in `kubeplay run`
                Some(ms) if stdin.is_none() && !self.cluster.in_container_shell() => {
                    self.advance(ms);
                    CommandOutput::new()
                }
                _ => self.cluster.exec(&entry.cmd, stdin.as_deref(), &|p| {
                    Err(format!("error: the path \"{p}\" does not exist"))
                }),
            },
        };
        self.timeline.mark(entry.t, echo.clone());
        self.timeline.sample(&self.cluster);
        self.append_log(&prompt, &echo, &out);
        self.entries.push(entry);
        out
    }

    /// Updates what derives from the entries (after one or a batch of commands).
    fn finish_batch(&mut self) {
        self.log_attr = AttrValue::from(self.log.clone());
        let mut h: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.stdin.is_none())
            .map(|e| e.cmd.clone())
            .collect();
        h.dedup();
        self.history = Rc::new(h);
    }

    fn append_log(&mut self, prompt: &str, echo: &str, output: &CommandOutput) {
        self.log.push_str(prompt);
        self.log.push_str(echo);
        self.log.push('\n');
        self.log.push_str(&output.combined());
        if !self.log.ends_with('\n') {
            self.log.push('\n');
        }
        trim_front(&mut self.log, LOG_MAX_BYTES);
    }

    /// Runs a command line from the terminal or a button.
    fn run_line(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() {
            return;
        }
        self.hint = None;
        // inside a container's shell (kubectl exec -ti) a line is the shell's: no kubectl there
        let in_shell = self.cluster.in_container_shell();
        // An explain command waits for its schemas, and what follows it waits its turn.
        if self.waits_for_schema() || (needs_schema(line) && !in_shell) {
            if needs_schema(line) {
                self.hint = Some(crate::explain::LOADING.into());
            }
            self.pending.push(line.to_string());
            return;
        }
        if line == "clear" {
            self.log.clear();
            self.finish_batch();
            return;
        }
        if self.entries.len() >= session::MAX_ENTRIES {
            self.hint = Some(format!(
                "This session has {} commands, the most one can hold; Reset to start a new one.",
                session::MAX_ENTRIES
            ));
            return;
        }
        if let Some(args) = edit_args(line).filter(|_| !in_shell) {
            if let Ok((_, buffer)) = edit_target(&self.cluster, &args) {
                let title = args.join(" ");
                let editor = Rc::make_mut(&mut self.editor);
                editor.open(
                    format!("edit {title}"),
                    buffer.clone(),
                    TabKind::Edit {
                        cmd: line.to_string(),
                        original: buffer,
                    },
                );
                self.pane = Pane::Editor;
                self.hint = Some(format!(
                    "Opened {title} in the editor: change it and press Save (kubectl edit)."
                ));
                return;
            }
        }
        let t = self.cluster.now_ms();
        self.execute(Entry::new(t, line));
        self.finish_batch();
    }

    /// Runs the active tab: a manifest's Apply (or with `diff`, its `kubectl diff`, whose exit
    /// code 1 only says that there are differences), an edit tab's Save.
    fn apply_active(&mut self, diff: bool) {
        let Some(tab) = self.editor.active_tab().cloned() else {
            return;
        };
        if self.cluster.in_container_shell() {
            self.hint = Some(SHELL_OPEN.into());
            return;
        }
        // A restored session is still replaying (for the moment the explain schemas take).
        if self.entries.len() >= session::MAX_ENTRIES || self.resume.is_some() {
            return;
        }
        let t = self.cluster.now_ms();
        let (entry, close_on_success) = match &tab.kind {
            TabKind::Manifest => (
                Entry {
                    t,
                    cmd: if diff { DIFF } else { APPLY }.into(),
                    stdin: Some(heredoc_body(&tab.text)),
                    orig: None,
                },
                false,
            ),
            TabKind::Edit { cmd, original } => (
                Entry {
                    t,
                    cmd: cmd.clone(),
                    stdin: Some(tab.text.clone()),
                    orig: Some(original.clone()),
                },
                true,
            ),
            TabKind::Script => return,
        };
        let out = self.execute(entry);
        self.finish_batch();
        let ok = out.exit_code == 0 || (diff && out.exit_code == 1);
        let editor = Rc::make_mut(&mut self.editor);
        if ok && close_on_success {
            editor.close(tab.id);
            return;
        }
        if let Some(t) = editor.tab_mut(tab.id) {
            t.errors = if ok {
                Vec::new()
            } else {
                yamlpos::locate(&tab.text, &out.stderr())
            };
            t.result = Some((ok, out.combined()));
        }
    }

    fn reset(&mut self) {
        let generation = self.generation + 1;
        let clock = self.clock;
        *self = Inner::fresh(self.seed, generation, clock);
    }
}

/// The words after `edit` when `line` is `kubectl edit …`.
fn edit_args(line: &str) -> Option<Vec<String>> {
    let words = split_words(line).ok()?;
    // `KUBE_EDITOR=nano kubectl edit …`: the editor is this page's.
    match &words[assignments(&words)..] {
        [k, e, rest @ ..] if (k == "kubectl" || k == "k") && e == "edit" => Some(rest.to_vec()),
        _ => None,
    }
}

/// The duration of `sim advance D`, which the page runs itself to sample the timeline on the way
/// (the same clock movement as core's `sim advance`; core words a refused duration).
fn sim_advance(line: &str) -> Option<u64> {
    let words = split_words(line).ok()?;
    match words.as_slice() {
        [s, a, d] if s == "sim" && a == "advance" => advance_duration(d).ok(),
        _ => None,
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if !matches!(action, Action::Tick(_)) {
            self.fresh_secondary.set(true);
        }
        {
            let mut inner = self.inner.borrow_mut();
            let inner = &mut *inner;
            let mut changed_session = false;
            match action {
                Action::Tick(ms) => {
                    if inner.clock.playing && ms > 0 && inner.resume.is_none() {
                        let start = crate::browser::now_ms();
                        // A frame that refreshes the events pane or the node view renders
                        // more than the last one did: it simulates less.
                        let render = if self.secondary_refresh_due(inner.clock.speed, start) {
                            FRAME_BUDGET_MS
                        } else {
                            crate::browser::last_render_ms()
                        };
                        let budget = (FRAME_BUDGET_MS - BROWSER_MARGIN_MS - render)
                            .clamp(SIM_BUDGET_MS.0, SIM_BUDGET_MS.1);
                        inner.advance_within(ms, budget);
                        crate::browser::record_sim(crate::browser::now_ms() - start);
                        inner.ticks_since_save += 1;
                        if inner.ticks_since_save >= 20 {
                            changed_session = true;
                        }
                    }
                }
                Action::Run(line) => {
                    inner.run_line(&line);
                    changed_session = true;
                }
                Action::Control(line) => {
                    if inner.cluster.in_container_shell() {
                        inner.hint = Some(SHELL_OPEN.into());
                    } else {
                        inner.run_line(&line);
                        changed_session = true;
                    }
                }
                Action::Apply => {
                    inner.apply_active(false);
                    changed_session = true;
                }
                Action::Diff => {
                    inner.apply_active(true);
                    changed_session = true;
                }
                Action::EditText(id, text) => {
                    let editor = Rc::make_mut(&mut inner.editor);
                    if let Some(t) = editor.tab_mut(id) {
                        if t.kind != TabKind::Script {
                            t.text = text;
                        }
                    }
                }
                Action::SelectTab(id) => Rc::make_mut(&mut inner.editor).active = id,
                Action::CloseTab(id) => Rc::make_mut(&mut inner.editor).close(id),
                Action::NewTab => {
                    Rc::make_mut(&mut inner.editor).open(
                        "untitled.yaml".into(),
                        String::new(),
                        TabKind::Manifest,
                    );
                }
                Action::LoadSample(i) => {
                    if let Some(s) = SAMPLES.get(i) {
                        let editor = Rc::make_mut(&mut inner.editor);
                        let reuse = editor.active_tab().is_some_and(|t| {
                            t.kind == TabKind::Manifest && t.text.trim().is_empty()
                        });
                        if reuse {
                            let id = editor.active;
                            if let Some(t) = editor.tab_mut(id) {
                                t.title = s.title.to_string();
                                t.text = s.yaml.to_string();
                                t.errors.clear();
                                t.result = None;
                            }
                        } else {
                            editor.open(s.title.into(), s.yaml.into(), TabKind::Manifest);
                        }
                    }
                }
                Action::SetPlaying(p) => inner.clock.playing = p,
                Action::SetSpeed(s) => inner.clock.speed = s.clamp(1, 1000),
                Action::Reset => {
                    inner.reset();
                    changed_session = true;
                }
                Action::Export => {
                    let script = inner.session().to_script();
                    Rc::make_mut(&mut inner.editor).open(
                        "session.kp".into(),
                        script,
                        TabKind::Script,
                    );
                    inner.pane = Pane::Editor;
                }
                Action::Share => {
                    inner.share_link = Some(inner.session().to_fragment());
                    changed_session = true;
                }
                Action::SetPane(p) => inner.pane = p,
                Action::SelectTimeline(k) => inner.timeline_key = Some(k),
                Action::DismissNotice => inner.notice = None,
                Action::Hint(h) => inner.hint = h,
                Action::Save => changed_session = true,
                Action::SchemaLoaded(result) => {
                    inner.schema_arrived(result);
                    changed_session = true;
                }
            }
            if changed_session {
                inner.ticks_since_save = 0;
                crate::browser::save_session(&inner.session().to_json());
            }
        }
        self
    }
}

/// Drops whole lines from the front of `log` until it is at most `max` bytes.
fn trim_front(log: &mut String, max: usize) {
    if log.len() <= max {
        return;
    }
    let excess = log.len() - max;
    let cut = match log[excess..].find('\n') {
        Some(i) => excess + i + 1,
        None => log.len(),
    };
    log.drain(..cut);
}

/// Virtual time as the clock shows it: `12.3s`, `4m05.0s`, `1h02m03s`.
pub fn format_virtual_time(ms: u64) -> String {
    let tenths = (ms / 100) % 10;
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m:02}m{s:02}s")
    } else if m > 0 {
        format!("{m}m{s:02}.{tenths}s")
    } else {
        format!("{s}.{tenths}s")
    }
}

/// Axis labels: `0s`, `45s`, `2m`, `2m30s`, `1h05m`.
pub fn format_virtual_time_short(ms: u64) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m{s:02}s"),
        (h, m, _) => format!("{h}h{m:02}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::script::{run_script, ScriptOptions};

    fn clock() -> Clock {
        Clock {
            playing: true,
            speed: 1,
        }
    }

    #[test]
    fn virtual_time_is_formatted_like_a_clock() {
        assert_eq!(format_virtual_time(0), "0.0s");
        assert_eq!(format_virtual_time(12_345), "12.3s");
        assert_eq!(format_virtual_time(245_000), "4m05.0s");
        assert_eq!(format_virtual_time(3_723_000), "1h02m03s");
        assert_eq!(format_virtual_time_short(150_000), "2m30s");
    }

    #[test]
    fn log_is_trimmed_at_line_boundaries() {
        let mut log = String::from("aaaa\nbbbb\ncccc\n");
        trim_front(&mut log, 11);
        assert_eq!(log, "bbbb\ncccc\n");
        trim_front(&mut log, 9);
        assert_eq!(log, "cccc\n");
        trim_front(&mut log, 100);
        assert_eq!(log, "cccc\n");
    }

    /// A session with ticks, typed commands, a button-style command, an editor apply, a failed
    /// apply and an edit.
    fn played() -> Inner {
        let mut s = Inner::fresh(1, 1, clock());
        for _ in 0..60 {
            s.advance(100);
        }
        s.run_line("kubectl get pods");
        s.run_line("kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1");
        for _ in 0..7 {
            s.advance(450);
        }
        s.run_line("sim advance 1s");
        s.run_line("kubectl rollout undo deployment/nginx-deployment");
        s.advance(3_333);
        Rc::make_mut(&mut s.editor).tabs[0].text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: nope\n".into();
        s.apply_active(false);
        s.run_line("kubectl edit deployment/nginx-deployment");
        let tab = s.editor.active_tab().unwrap().clone();
        assert!(matches!(tab.kind, TabKind::Edit { .. }));
        let edited = tab.text.replace("replicas: 3", "replicas: 2");
        let id = tab.id;
        Rc::make_mut(&mut s.editor).tab_mut(id).unwrap().text = edited;
        s.apply_active(false);
        s.advance(10_000);
        s
    }

    #[test]
    fn replaying_a_session_reproduces_the_log_and_the_cluster() {
        let s = played();
        assert!(
            s.log.contains("deployment.apps/nginx-deployment edited"),
            "{}",
            s.log
        );
        assert!(s
            .log
            .contains("$ kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1\n"));
        let session = s.session();
        let json = session.to_json();
        let r = Inner::replay(&Session::from_json(&json).unwrap(), 2, clock());
        assert_eq!(r.log, s.log);
        assert_eq!(r.cluster.now_ms(), s.cluster.now_ms());
        assert_eq!(r.cluster.pods(), s.cluster.pods());
        let f = Session::from_fragment(&session.to_fragment()).unwrap();
        assert_eq!(
            Inner::replay(&f, 3, clock()).cluster.pods(),
            s.cluster.pods()
        );
    }

    #[test]
    fn the_failed_apply_has_an_inline_error_and_changes_nothing() {
        let s = played();
        let tab = &s.editor.tabs[0];
        assert_eq!(tab.errors.len(), 1);
        assert_eq!((tab.errors[0].line, tab.errors[0].column), (6, 3));
        assert!(s
            .cluster
            .store()
            .deployments
            .iter()
            .all(|d| d.metadata.name != "x"));
    }

    #[test]
    fn the_exported_script_replays_to_the_same_transcript() {
        // Without the editor edit, which `kubeplay run` cannot express yet.
        let mut s = Inner::fresh(1, 1, clock());
        s.advance(6_000);
        s.run_line("kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1");
        s.advance(3_150);
        s.run_line("kubectl get rs");
        s.run_line("kubectl scale deployment/nginx-deployment --replicas=5");
        s.advance(20_000);
        s.run_line("kubectl get pods");
        let script = s.session().to_script();
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: WORKERS,
        });
        let transcript = run_script(
            &mut c,
            &script,
            &|_| Err(String::new()),
            &ScriptOptions::default(),
        );
        let without_advances: String = transcript
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("$ sim advance "))
            .collect();
        assert_eq!(without_advances, s.log);
        assert_eq!(c.pods(), s.cluster.pods());
    }

    #[test]
    fn lines_held_for_the_explain_schemas_run_in_order_when_they_arrive() {
        crate::explain::provide_for_tests();
        let mut s = Inner::fresh(1, 1, clock());
        s.advance(2_000);
        let entries = s.entries.len();
        s.pending
            .push("kubectl explain deployment.spec.replicas".into());
        s.pending.push("kubectl get deployments".into());
        s.run_line("kubectl get pods");
        assert_eq!(s.entries.len(), entries, "held behind the explain line");
        s.schema_arrived(Ok(()));
        assert!(!s.waits_for_schema());
        let cmds: Vec<&str> = s.entries[entries..]
            .iter()
            .map(|e| e.cmd.as_str())
            .collect();
        assert_eq!(
            cmds,
            [
                "kubectl explain deployment.spec.replicas",
                "kubectl get deployments",
                "kubectl get pods"
            ]
        );
        assert!(s.log.contains(
            "$ kubectl explain deployment.spec.replicas\nGROUP:      apps\nKIND:       Deployment\n"
        ));
    }

    #[test]
    fn a_session_resumed_after_the_explain_schemas_replays_identically() {
        crate::explain::provide_for_tests();
        let mut s = Inner::fresh(1, 1, clock());
        s.advance(1_500);
        s.run_line("kubectl explain deploy.spec.strategy");
        s.advance(4_000);
        s.run_line("kubectl scale deployment/nginx-deployment --replicas=4");
        s.advance(2_000);
        let session = s.session();
        // as `replay` leaves a session whose first explain command waits for the schemas
        let mut r = Inner::empty(session.seed, 2, clock());
        r.timeline.sample(&r.cluster);
        r.resume = Some((session.cmds.clone(), session.now));
        assert_eq!(
            r.session().to_json(),
            session.to_json(),
            "saved in full meanwhile"
        );
        r.run_line("kubectl get pods");
        r.schema_arrived(Ok(()));
        assert!(r.log.starts_with(&s.log), "{}", r.log);
        assert!(r.log[s.log.len()..].starts_with("$ kubectl get pods\n"));
        assert_eq!(r.cluster.pods(), s.cluster.pods());
    }

    #[test]
    fn edit_opens_a_tab_and_a_failed_edit_lookup_is_a_command() {
        let mut s = Inner::fresh(1, 1, clock());
        s.run_line("kubectl edit deploy/nope");
        assert!(s
            .log
            .contains("$ kubectl edit deploy/nope\nError from server (NotFound)"));
        assert_eq!(s.editor.tabs.len(), 1);
        s.run_line("kubectl edit deploy/nginx-deployment");
        assert_eq!(s.editor.tabs.len(), 2);
        assert_eq!(s.pane, Pane::Editor);
    }
}
