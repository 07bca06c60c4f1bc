//! Cron schedules as the CronJob controller reads them: `cron.ParseStandard` of
//! github.com/robfig/cron/v3 (five fields — minute, hour, day of month, month, day of week —
//! with `*`, `?`, lists, ranges, steps and month/day names, or a `@yearly`…`@hourly`
//! descriptor), and `Next`: the first matching time after a given one, in a time zone
//! (`timezone.rs`).

use super::timezone::{civil_from_days, days_from_civil, load_location, Zone};
use crate::api::Time;

/// One field's allowed values as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Field(u64);

/// A parsed schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    minute: Field,
    hour: Field,
    dom: Field,
    month: Field,
    dow: Field,
    /// The day of month or week field was `*`/`?` (robfig's starBit): days match when both
    /// do if either is a star, else when either does.
    dom_star: bool,
    dow_star: bool,
    /// `@every DURATION`: robfig's ConstantDelaySchedule, whole seconds (at least one); the
    /// fields above are then unused.
    every_s: Option<i64>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn value(s: &str, names: &[&str], offset: u32) -> Result<u32, String> {
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        return Ok(i as u32 + offset);
    }
    s.parse::<u32>().map_err(|_| {
        format!("failed to parse int from {s}: strconv.Atoi: parsing {s:?}: invalid syntax")
    })
}

/// `getField`/`getRange`: a comma-separated list of `*`, `N`, `N-M`, each with an optional
/// `/step`.
fn field(
    text: &str,
    min: u32,
    max: u32,
    names: &[&str],
    name_offset: u32,
) -> Result<(Field, bool), String> {
    let mut bits = 0u64;
    let mut star = false;
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (part, None),
        };
        let (mut lo, mut hi, is_star) = if range == "*" || range == "?" {
            (min, max, true)
        } else if let Some((a, b)) = range.split_once('-') {
            (
                value(a, names, name_offset)?,
                value(b, names, name_offset)?,
                false,
            )
        } else {
            let v = value(range, names, name_offset)?;
            (v, v, false)
        };
        let step = match step {
            Some(s) => {
                let n = s.parse::<u32>().map_err(|_| {
                    format!(
                        "failed to parse int from {s}: strconv.Atoi: parsing {s:?}: invalid syntax"
                    )
                })?;
                if !is_star && !range.contains('-') {
                    // `N/step` means N through the maximum
                    hi = max;
                }
                n
            }
            None => 1,
        };
        if lo < min {
            return Err(format!(
                "beginning of range ({lo}) below minimum ({min}): {part}"
            ));
        }
        if hi > max {
            return Err(format!("end of range ({hi}) above maximum ({max}): {part}"));
        }
        if lo > hi {
            return Err(format!(
                "beginning of range ({lo}) beyond end of range ({hi}): {part}"
            ));
        }
        if step == 0 {
            return Err(format!("step of range should be a positive number: {part}"));
        }
        star |= is_star && step == 1;
        while lo <= hi {
            bits |= 1 << lo;
            // a step near u32::MAX must end the loop, not overflow
            match lo.checked_add(step) {
                Some(next) => lo = next,
                None => break,
            }
        }
    }
    Ok((Field(bits), star))
}

impl Schedule {
    /// `cron.ParseStandard`.
    pub fn parse(spec: &str) -> Result<Schedule, String> {
        if spec.is_empty() {
            return Err("empty spec string".into());
        }
        let mut spec = spec;
        // robfig's `Parser.Parse` reads a leading `TZ=zone ` / `CRON_TZ=zone ` (the API server
        // rejects such schedules, but after this parse, so its errors come first)
        if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
            // the zone ends at the first space; without one Go's slice panics, which the API
            // server's ParseCronScheduleWithPanicRecovery reports
            let Some(i) = spec.find(' ') else {
                return Err(
                    "invalid schedule format: runtime error: slice bounds out of range [:-1]"
                        .into(),
                );
            };
            let eq = spec.find('=').unwrap_or(0);
            let name = &spec[eq + 1..i];
            load_location(name).map_err(|e| format!("provided bad location {name}: {e}"))?;
            spec = spec[i..].trim();
        }
        // descriptors only where the spec starts with `@`, whole (`parseDescriptor`)
        let expanded = match spec {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            s if s.starts_with("@every ") => {
                let ns = crate::kubectl::printers::duration::parse_go_duration_ns(&s[7..])
                    .map_err(|e| format!("failed to parse duration {s}: {e}"))?;
                // Every: under a second is a second, and the delay is whole seconds
                let every_s = (ns / 1_000_000_000).max(1);
                return Ok(Schedule {
                    minute: Field(0),
                    hour: Field(0),
                    dom: Field(0),
                    month: Field(0),
                    dow: Field(0),
                    dom_star: false,
                    dow_star: false,
                    every_s: Some(every_s),
                });
            }
            s if s.starts_with('@') => {
                return Err(format!("unrecognized descriptor: {s}"));
            }
            s => s,
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!(
                "expected exactly 5 fields, found {}: [{}]",
                fields.len(),
                fields.join(" ")
            ));
        }
        let (minute, _) = field(fields[0], 0, 59, &[], 0)?;
        let (hour, _) = field(fields[1], 0, 23, &[], 0)?;
        let (dom, dom_star) = field(fields[2], 1, 31, &[], 0)?;
        let (month, _) = field(fields[3], 1, 12, &MONTHS, 1)?;
        // robfig's day of week runs 0-6: 7 is out of range
        let (dow, dow_star) = field(fields[4], 0, 6, &DAYS, 0)?;
        Ok(Schedule {
            minute,
            hour,
            dom,
            month,
            dow,
            dom_star,
            dow_star,
            every_s: None,
        })
    }

    fn day_matches(&self, day: u32, weekday: u32) -> bool {
        let d = self.dom.0 & (1 << day) != 0;
        let w = self.dow.0 & (1 << weekday) != 0;
        if self.dom_star || self.dow_star {
            d && w
        } else {
            d || w
        }
    }

    /// robfig/cron v3's `SpecSchedule.Next` for a schedule with a location (`TZ=zone …`, which
    /// the controller's `formatSchedule` prefixes for `spec.timeZone`): the first matching time
    /// strictly after `t` (ms since the epoch), found field by field in the zone's local time
    /// with Go's `time.Date`/`AddDate`/`Add` arithmetic. So, as upstream: hours are stepped in
    /// absolute time, so a time in a spring-forward gap does not run that day (02:30 on New
    /// York's gap day) and a time in the hour autumn repeats runs twice (01:30 EDT, then 01:30
    /// EST); a day whose midnight DST skips gets no midnight run.
    /// None when nothing matches within five years of `t` (robfig returns the zero time).
    pub fn next(&self, t: Time, zone: &Zone) -> Option<Time> {
        // ConstantDelaySchedule.Next: the delay after `t`'s whole second, in any zone
        if let Some(every) = self.every_s {
            return t
                .div_euclid(1000)
                .checked_add(every)
                .and_then(|s| s.checked_mul(1000));
        }
        // the upcoming whole second
        let mut t = t.div_euclid(1000) + 1;
        let mut added = false;
        let year_limit = local(t, zone).year + 5;
        // robfig's loops always end (each wrap moves to a later month, day or hour); this
        // bound only keeps a mistake from turning into a hang
        let mut budget = 200_000u32;
        'wrap: loop {
            if local(t, zone).year > year_limit {
                return None;
            }
            while self.month.0 & (1 << local(t, zone).month) == 0 {
                budget = budget.checked_sub(1)?;
                if !added {
                    added = true;
                    let l = local(t, zone);
                    t = date(zone, l.year, l.month as i64, 1, 0, 0, 0);
                }
                t = add_date(zone, t, 1, 0);
                if local(t, zone).month == 1 {
                    continue 'wrap;
                }
            }
            loop {
                let l = local(t, zone);
                if self.day_matches(l.day, l.weekday) {
                    break;
                }
                budget = budget.checked_sub(1)?;
                if !added {
                    added = true;
                    t = date(zone, l.year, l.month as i64, l.day as i64, 0, 0, 0);
                }
                t = add_date(zone, t, 0, 1);
                // a midnight DST skipped or repeated: back to the day's first hour
                let h = local(t, zone).hour as i64;
                if h != 0 {
                    t += if h > 12 { (24 - h) * 3600 } else { -h * 3600 };
                }
                if local(t, zone).day == 1 {
                    continue 'wrap;
                }
            }
            while self.hour.0 & (1 << local(t, zone).hour) == 0 {
                budget = budget.checked_sub(1)?;
                if !added {
                    added = true;
                    let l = local(t, zone);
                    let (d, h) = (l.day as i64, l.hour as i64);
                    t = date(zone, l.year, l.month as i64, d, h, 0, 0);
                }
                t += 3600;
                if local(t, zone).hour == 0 {
                    continue 'wrap;
                }
            }
            while self.minute.0 & (1 << local(t, zone).minute) == 0 {
                budget = budget.checked_sub(1)?;
                if !added {
                    added = true;
                    // Truncate(time.Minute) counts from the zero time, in absolute time
                    t = t.div_euclid(60) * 60;
                }
                t += 60;
                if local(t, zone).minute == 0 {
                    continue 'wrap;
                }
            }
            // ParseStandard's seconds field is 0
            while local(t, zone).second != 0 {
                budget = budget.checked_sub(1)?;
                added = true;
                t += 1;
                if local(t, zone).second == 0 {
                    continue 'wrap;
                }
            }
            return t.checked_mul(1000);
        }
    }
}

/// A Unix time's wall clock in a zone (Go's `t.Date()`, `t.Clock()`, `t.Weekday()`).
struct Local {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    weekday: u32,
}

fn local(t: i64, zone: &Zone) -> Local {
    let l = t + zone.offset_at(t) as i64;
    let days = l.div_euclid(86_400);
    let rem = l.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Local {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        second: (rem % 60) as u32,
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

/// Go's `time.Date(year, month, day, hour, min, sec, 0, zone)`: out-of-range months and days
/// carry over, then the zone picks the instant (`Zone::local_to_unix`).
fn date(zone: &Zone, year: i64, month: i64, day: i64, hour: i64, min: i64, sec: i64) -> i64 {
    let m0 = month - 1;
    let year = year + m0.div_euclid(12);
    let month = m0.rem_euclid(12) as u32 + 1;
    let days = days_from_civil(year, month, 1) + day - 1;
    zone.local_to_unix(days * 86_400 + hour * 3600 + min * 60 + sec)
}

/// Go's `t.AddDate(0, months, days)` in the zone.
fn add_date(zone: &Zone, t: i64, months: i64, days: i64) -> i64 {
    let l = local(t, zone);
    let (h, mi, s) = (l.hour as i64, l.minute as i64, l.second as i64);
    date(
        zone,
        l.year,
        l.month as i64 + months,
        l.day as i64 + days,
        h,
        mi,
        s,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-01-01T00:00:00Z, a Wednesday.
    const START: Time = 1_735_689_600_000;
    const MIN: Time = 60_000;

    #[test]
    fn every_minute_and_steps() {
        let s = Schedule::parse("* * * * *").unwrap();
        assert_eq!(s.next(START, &Zone::UTC), Some(START + MIN));
        assert_eq!(s.next(START + 30_000, &Zone::UTC), Some(START + MIN));
        let s = Schedule::parse("*/5 * * * *").unwrap();
        assert_eq!(s.next(START + MIN, &Zone::UTC), Some(START + 5 * MIN));
        let s = Schedule::parse("7/20 * * * *").unwrap();
        assert_eq!(s.next(START, &Zone::UTC), Some(START + 7 * MIN));
        assert_eq!(s.next(START + 7 * MIN, &Zone::UTC), Some(START + 27 * MIN));
    }

    /// robfig/cron v3 constantdelay_test.go's TestConstantDelayNext (2012-07-09, UTC).
    #[test]
    fn every_is_a_constant_delay_in_whole_seconds() {
        let at = |h: i64, m: i64, s: i64, ms: i64| {
            (days_from_civil(2012, 7, 9) * 86_400 + h * 3600 + m * 60 + s) * 1000 + ms
        };
        for (from, spec, want) in [
            (at(14, 45, 0, 0), "@every 15m", at(15, 0, 0, 0)),
            (at(14, 59, 0, 0), "@every 15m", at(15, 14, 0, 0)),
            (at(14, 59, 59, 0), "@every 15m", at(15, 14, 59, 0)),
            (at(15, 45, 0, 0), "@every 35m", at(16, 20, 0, 0)),
            (at(14, 45, 0, 0), "@every 15m50ns", at(15, 0, 0, 0)),
            (at(14, 45, 0, 0), "@every 15ms", at(14, 45, 1, 0)),
            (at(14, 45, 0, 5), "@every 15m", at(15, 0, 0, 0)),
            (at(14, 45, 0, 5), "@every 15m50ns", at(15, 0, 0, 0)),
        ] {
            let s = Schedule::parse(spec).unwrap();
            assert_eq!(s.next(from, &Zone::UTC), Some(want), "{spec} after {from}");
        }
    }

    #[test]
    fn days_months_and_descriptors() {
        // Sunday 2025-01-05 at 00:00
        let s = Schedule::parse("0 0 * * SUN").unwrap();
        assert_eq!(s.next(START, &Zone::UTC), Some(START + 4 * 1440 * MIN));
        assert_eq!(
            Schedule::parse("0 0 * * 7").unwrap_err(),
            "end of range (7) above maximum (6): 7"
        );
        let s = Schedule::parse("@monthly").unwrap();
        assert_eq!(s.next(START, &Zone::UTC), Some(START + 31 * 1440 * MIN));
        let s = Schedule::parse("30 2 1 mar *").unwrap();
        let march = START + (31 + 28) * 1440 * MIN;
        assert_eq!(s.next(START, &Zone::UTC), Some(march + (2 * 60 + 30) * MIN));
        // day of month OR day of week when both are restricted: the 3rd or a Friday
        let s = Schedule::parse("0 12 3 * 5").unwrap();
        assert_eq!(
            s.next(START, &Zone::UTC),
            Some(START + 2 * 1440 * MIN + 12 * 60 * MIN)
        );
    }

    #[test]
    fn robfig_errors() {
        assert_eq!(
            Schedule::parse("* * * *").unwrap_err(),
            "expected exactly 5 fields, found 4: [* * * *]"
        );
        assert_eq!(
            Schedule::parse("61 * * * *").unwrap_err(),
            "end of range (61) above maximum (59): 61"
        );
        assert_eq!(
            Schedule::parse("@every 5x").unwrap_err(),
            "failed to parse duration @every 5x: time: unknown unit \"x\" in duration \"5x\""
        );
        assert_eq!(
            Schedule::parse("@every").unwrap_err(),
            "unrecognized descriptor: @every"
        );
        assert_eq!(
            Schedule::parse("@fortnightly").unwrap_err(),
            "unrecognized descriptor: @fortnightly"
        );
        assert!(Schedule::parse("x * * * *").is_err());
        // no trimming: a descriptor must start the spec (`strings.Fields` splits the rest)
        assert_eq!(
            Schedule::parse(" @hourly").unwrap_err(),
            "expected exactly 5 fields, found 1: [@hourly]"
        );
        assert_eq!(
            Schedule::parse("  ").unwrap_err(),
            "expected exactly 5 fields, found 0: []"
        );
        assert_eq!(
            Schedule::parse("@hourly "),
            Err("unrecognized descriptor: @hourly ".into())
        );
    }

    #[test]
    fn a_tz_prefix_is_read_as_robfig_reads_it() {
        assert_eq!(
            Schedule::parse("CRON_TZ=Asia/Tokyo 0 9 * * *"),
            Schedule::parse("0 9 * * *")
        );
        assert_eq!(
            Schedule::parse("TZ=Mars/Base 0 9 * * *").unwrap_err(),
            "provided bad location Mars/Base: unknown time zone Mars/Base"
        );
        assert_eq!(
            Schedule::parse("TZ=UTC").unwrap_err(),
            "invalid schedule format: runtime error: slice bounds out of range [:-1]"
        );
    }

    /// Found by the command fuzzer: a step near u32::MAX overflowed the range's loop.
    #[test]
    fn a_huge_step_does_not_overflow() {
        let s = Schedule::parse("1-59/4294967295 * * * *").unwrap();
        assert_eq!(s, Schedule::parse("1 * * * *").unwrap());
    }
}

/// robfig/cron v3.0.1's `Next` in zones with DST, the expected times printed by Go 1.19 running
/// `cron.ParseStandard("TZ=<zone> <schedule>")` and `Next` from the start.
#[cfg(test)]
mod zone_tests {
    use super::*;
    use crate::controllers::timezone::load_location;

    fn runs(zone: &str, spec: &str, start: i64, n: usize) -> Vec<i64> {
        let zone = load_location(zone).unwrap();
        let s = Schedule::parse(spec).unwrap();
        let mut t = start * 1000;
        let mut out = Vec::new();
        for _ in 0..n {
            t = s.next(t, &zone).unwrap();
            out.push(t / 1000);
        }
        out
    }

    #[test]
    fn new_york_spring_forward_skips_the_gap_and_moves_the_offset() {
        // 2025-03-08T00:00Z; 02:30 does not exist on March 9: no run that day
        assert_eq!(
            runs("America/New_York", "30 2 * * *", 1741392000, 3),
            [1741419000, 1741588200, 1741674600]
        );
        // 09:00 is 14:00Z in EST, 13:00Z in EDT
        assert_eq!(
            runs("America/New_York", "0 9 * * *", 1741392000, 3),
            [1741442400, 1741525200, 1741611600]
        );
        // a gap time named by the date fields: 2026's March 9 is in EDT, 2027's in EST
        assert_eq!(
            runs("America/New_York", "30 2 9 3 *", 1741392000, 2),
            [1773037800, 1804577400]
        );
    }

    #[test]
    fn new_york_fall_back_runs_the_repeated_hour_twice() {
        // 01:30 EDT and 01:30 EST on 2025-11-02
        assert_eq!(
            runs("America/New_York", "30 1 * * *", 1762041600, 3),
            [1762061400, 1762065000, 1762151400]
        );
        assert_eq!(
            runs("America/New_York", "*/30 * * * *", 1762059600, 6),
            [1762061400, 1762063200, 1762065000, 1762066800, 1762068600, 1762070400]
        );
        assert_eq!(
            runs("America/New_York", "0 0 1 * *", 1735689600, 3),
            [1735707600, 1738386000, 1740805200]
        );
    }

    #[test]
    fn half_hour_dst_skipped_midnight_and_fixed_offsets() {
        // Lord Howe's DST starts at 02:00 +10:30 → 02:30 +11 on 2025-10-05
        assert_eq!(
            runs("Australia/Lord_Howe", "15 2 * * *", 1759500000, 3),
            [1759506300, 1759677300, 1759763700]
        );
        assert_eq!(
            runs("Australia/Lord_Howe", "0 2 * * *", 1759500000, 3),
            [1759505400, 1759676400, 1759762800]
        );
        // Santiago's DST starts at 24:00 on 2025-09-06: September 7 has no midnight
        assert_eq!(
            runs("America/Santiago", "0 0 * * *", 1757000000, 4),
            [1757044800, 1757131200, 1757300400, 1757386800]
        );
        assert_eq!(
            runs("America/Santiago", "0 0 7 9 *", 1757000000, 2),
            [1788750000, 1820286000]
        );
        assert_eq!(
            runs("Europe/Kyiv", "30 3 * * *", 1743200000, 3),
            [1743211800, 1743381000, 1743467400]
        );
        assert_eq!(
            runs("Asia/Kolkata", "0 9 * * *", 1735689600, 2),
            [1735702200, 1735788600]
        );
    }

    #[test]
    fn utc_and_etc_utc_agree() {
        let s = Schedule::parse("*/7 3 * * 1-5").unwrap();
        let etc = load_location("Etc/UTC").unwrap();
        let mut a = 1_735_689_600_000;
        let mut b = a;
        for _ in 0..50 {
            a = s.next(a, &Zone::UTC).unwrap();
            b = s.next(b, &etc).unwrap();
            assert_eq!(a, b);
        }
    }
}
