//! The rollout timeline: samples of every Deployment taken at each instant the clock stops at
//! (deduplicated, bounded), command markers, and the plot geometry (SVG paths) for one
//! Deployment over a window of virtual time.

use std::collections::BTreeMap;

use kubeplay_core::view::{timeline_samples, TimelineSample};
use kubeplay_core::Cluster;

/// Most samples kept per Deployment; the oldest go first.
const MAX_SAMPLES: usize = 4_000;
/// Most command markers kept.
const MAX_MARKERS: usize = 500;
/// Widest window the plot shows, in virtual ms.
const MAX_WINDOW_MS: u64 = 10 * 60_000;
/// Narrowest window the plot shows, in virtual ms.
const MIN_WINDOW_MS: u64 = 30_000;
/// Most columns a plot draws (samples are binned beyond).
const MAX_COLUMNS: usize = 300;

/// Plot size in SVG user units.
pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 180.0;
/// Room for the y labels (up to four digits at the ticks' 13 units).
pub const LEFT: f64 = 40.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
/// Room for the x labels.
pub const BOTTOM: f64 = 20.0;

#[derive(Default)]
pub struct Timeline {
    pub series: BTreeMap<String, Vec<TimelineSample>>,
    /// Commands issued: (virtual ms, command as echoed).
    pub markers: Vec<(u64, String)>,
    /// Bumped on every change.
    pub version: u64,
}

impl Timeline {
    /// Samples every Deployment now.
    pub fn sample(&mut self, cluster: &Cluster) {
        for (key, s) in timeline_samples(cluster) {
            let series = self.series.entry(key).or_default();
            match series.last_mut() {
                Some(last) if same_values(last, &s) => continue,
                Some(last) if last.t_ms == s.t_ms => *last = s,
                _ => series.push(s),
            }
            if series.len() > MAX_SAMPLES {
                series.drain(..MAX_SAMPLES / 4);
            }
            self.version += 1;
        }
    }

    pub fn mark(&mut self, t_ms: u64, label: String) {
        self.markers.push((t_ms, label));
        if self.markers.len() > MAX_MARKERS {
            self.markers.drain(..MAX_MARKERS / 4);
        }
        self.version += 1;
    }

    /// Deployments with samples, in name order.
    pub fn keys(&self) -> Vec<String> {
        self.series.keys().cloned().collect()
    }
}

fn same_values(a: &TimelineSample, b: &TimelineSample) -> bool {
    a.replicas_by_rs == b.replicas_by_rs
        && a.available == b.available
        && a.replicas == b.replicas
        && a.lower == b.lower
        && a.upper == b.upper
}

/// One ReplicaSet's stacked area.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub name: String,
    pub revision: Option<i64>,
    /// SVG path (closed polygon).
    pub path: String,
}

/// What the timeline component draws.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plot {
    pub deployment: String,
    pub t0: u64,
    pub t1: u64,
    pub y_max: i32,
    pub areas: Vec<Area>,
    pub available: String,
    pub band: String,
    /// Marker x positions with their labels.
    pub markers: Vec<(f64, String)>,
    /// Axis ticks: (x, label) and (y, label).
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    /// The samples in the window, for hover read-outs: (x, text).
    pub readouts: Vec<(f64, String)>,
}

struct Scale {
    t0: u64,
    t1: u64,
    y_max: f64,
}

impl Scale {
    fn x(&self, t: u64) -> f64 {
        let span = (self.t1 - self.t0).max(1) as f64;
        LEFT + (t.saturating_sub(self.t0) as f64 / span) * (WIDTH - LEFT - RIGHT)
    }
    fn y(&self, v: f64) -> f64 {
        HEIGHT - BOTTOM - (v / self.y_max) * (HEIGHT - TOP - BOTTOM)
    }
}

fn fmt(v: f64) -> String {
    format!("{:.1}", v)
}

/// Builds the plot of `key` up to `now`.
pub fn plot(tl: &Timeline, key: &str, now: u64) -> Option<Plot> {
    let series = tl.series.get(key)?;
    let first = series.first()?;
    let t1 = now.max(first.t_ms);
    let t0 = first
        .t_ms
        .max(t1.saturating_sub(MAX_WINDOW_MS))
        .min(t1.saturating_sub(MIN_WINDOW_MS));
    // The sample in force at t0, then every sample after it.
    let start = series.partition_point(|s| s.t_ms <= t0).saturating_sub(1);
    let window = &series[start..];
    let binned = bin(window, t0, t1);

    // ReplicaSets in the window, oldest revision first (the bottom of the stack).
    let mut rss: Vec<(String, Option<i64>)> = Vec::new();
    for s in &binned {
        for r in &s.replicas_by_rs {
            if !rss.iter().any(|(n, _)| *n == r.name) {
                rss.push((r.name.clone(), r.revision));
            }
        }
    }
    kubeplay_core::sort::sort_by_key(&mut rss, |(n, r)| (r.unwrap_or(0), n.clone()));
    let pods_of = |s: &TimelineSample, name: &str| {
        s.replicas_by_rs
            .iter()
            .find(|r| r.name == name)
            .map_or(0, |r| r.pods)
    };
    let y_max = binned
        .iter()
        .map(|s| {
            let total: i32 = s.replicas_by_rs.iter().map(|r| r.pods).sum();
            total.max(s.upper).max(s.available)
        })
        .max()
        .unwrap_or(1)
        .max(1)
        + 1;
    let sc = Scale {
        t0,
        t1,
        y_max: y_max as f64,
    };
    let xs: Vec<(f64, f64)> = binned
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let from = sc.x(s.t_ms.max(t0));
            let to = binned.get(i + 1).map_or(sc.x(t1), |n| sc.x(n.t_ms.max(t0)));
            (from, to)
        })
        .collect();

    // Stacked areas: each ReplicaSet between the sum below it and the sum including it.
    let mut below = vec![0i32; binned.len()];
    let mut areas = Vec::new();
    for (name, revision) in &rss {
        let top: Vec<i32> = binned
            .iter()
            .zip(&below)
            .map(|(s, b)| b + pods_of(s, name))
            .collect();
        let mut path = String::new();
        for (i, (a, b)) in xs.iter().enumerate() {
            let y = fmt(sc.y(top[i] as f64));
            if i == 0 {
                path.push_str(&format!("M{} {y}", fmt(*a)));
            } else {
                path.push_str(&format!("V{y}"));
            }
            path.push_str(&format!("H{}", fmt(*b)));
        }
        for (i, (a, b)) in xs.iter().enumerate().rev() {
            let y = fmt(sc.y(below[i] as f64));
            path.push_str(&format!("V{y}H{}", fmt(*a)));
            let _ = b;
        }
        path.push('Z');
        areas.push(Area {
            name: name.clone(),
            revision: *revision,
            path,
        });
        below = top;
    }

    let step = |value: &dyn Fn(&TimelineSample) -> i32| {
        let mut p = String::new();
        for (i, (s, (a, b))) in binned.iter().zip(&xs).enumerate() {
            let y = fmt(sc.y(value(s) as f64));
            if i == 0 {
                p.push_str(&format!("M{} {y}", fmt(*a)));
            } else {
                p.push_str(&format!("V{y}"));
            }
            p.push_str(&format!("H{}", fmt(*b)));
        }
        p
    };
    let available = step(&|s| s.available);
    let upper = step(&|s| s.upper);
    // The band: upper edge forward, lower edge back.
    let mut band = upper;
    for (s, (a, b)) in binned.iter().zip(&xs).rev() {
        let y = fmt(sc.y(s.lower as f64));
        band.push_str(&format!("V{y}H{}", fmt(*a)));
        let _ = b;
    }
    band.push('Z');

    let markers = tl
        .markers
        .iter()
        .filter(|(t, _)| *t >= t0 && *t <= t1)
        .map(|(t, l)| (sc.x(*t), l.clone()))
        .collect();

    let span = t1 - t0;
    let tick_ms = [1_000u64, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000]
        .into_iter()
        .find(|t| span / t <= 6)
        .unwrap_or(600_000);
    let mut x_ticks = Vec::new();
    let mut t = t0.div_ceil(tick_ms) * tick_ms;
    while t <= t1 {
        x_ticks.push((sc.x(t), crate::model::format_virtual_time_short(t)));
        t += tick_ms;
    }
    let y_ticks = vec![
        (sc.y(0.0), "0".to_string()),
        (sc.y((y_max - 1) as f64), (y_max - 1).to_string()),
    ];
    let readouts = binned
        .iter()
        .zip(&xs)
        .map(|(s, (a, _))| {
            let per_rs: Vec<String> = rss
                .iter()
                .map(|(n, r)| {
                    let label = r.map_or_else(|| short_hash(n), |r| format!("rev {r}"));
                    format!("{label}: {}", pods_of(s, n))
                })
                .collect();
            (
                *a,
                format!(
                    "{} · {} · available {} · band {}–{}",
                    crate::model::format_virtual_time(s.t_ms),
                    per_rs.join(", "),
                    s.available,
                    s.lower,
                    s.upper
                ),
            )
        })
        .collect();

    Some(Plot {
        deployment: key.to_string(),
        t0,
        t1,
        y_max,
        areas,
        available,
        band,
        markers,
        x_ticks,
        y_ticks,
        readouts,
    })
}

fn short_hash(rs: &str) -> String {
    rs.rsplit('-').next().unwrap_or(rs).to_string()
}

/// At most [`MAX_COLUMNS`] samples: the last sample of each column of the window.
fn bin(window: &[TimelineSample], t0: u64, t1: u64) -> Vec<TimelineSample> {
    if window.len() <= MAX_COLUMNS {
        return window.to_vec();
    }
    let span = (t1 - t0).max(1);
    let col = |t: u64| (t.saturating_sub(t0) * MAX_COLUMNS as u64 / span) as usize;
    let mut out: Vec<TimelineSample> = Vec::with_capacity(MAX_COLUMNS + 1);
    for s in window {
        match out.last_mut() {
            Some(last) if col(last.t_ms) == col(s.t_ms) => {
                let t = last.t_ms;
                *last = s.clone();
                last.t_ms = t;
            }
            _ => out.push(s.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_core::ClusterConfig;

    #[test]
    fn a_rollout_is_sampled_and_plotted() {
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        c.exec(
            "kubectl apply -f -",
            Some(crate::samples::NGINX_DEPLOYMENT),
            &|_| Err(String::new()),
        );
        let mut tl = Timeline::default();
        tl.sample(&c);
        for _ in 0..100 {
            c.advance(100);
            tl.sample(&c);
        }
        c.run("kubectl set image deployment/nginx-deployment nginx=nginx:1.16.1");
        tl.mark(c.now_ms(), "kubectl set image".into());
        tl.sample(&c);
        for _ in 0..300 {
            c.advance(100);
            tl.sample(&c);
        }
        let s = &tl.series["nginx-deployment"];
        assert!(s.len() < 60, "deduplicated: {}", s.len());
        assert!(s.iter().all(|s| s.lower <= s.available || s.t_ms < 10_000));
        let p = plot(&tl, "nginx-deployment", c.now_ms()).unwrap();
        assert_eq!(p.areas.len(), 2);
        assert_eq!(p.areas[0].revision, Some(1));
        assert!(p
            .areas
            .iter()
            .all(|a| a.path.starts_with('M') && a.path.ends_with('Z')));
        assert_eq!(p.markers.len(), 1);
        assert_eq!(p.y_max, 5);
        assert!(p.readouts.last().unwrap().1.contains("rev 2: 3"));
        assert!(plot(&tl, "nope", 0).is_none());
    }
}
