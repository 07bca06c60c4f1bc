//! Cron schedules as the CronJob controller reads them: `cron.ParseStandard` of
//! github.com/robfig/cron/v3 (five fields — minute, hour, day of month, month, day of week —
//! with `*`, `?`, lists, ranges, steps and month/day names, or a `@yearly`…`@hourly`
//! descriptor), and `Next`: the first matching minute after a time. Times are UTC.

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
        let spec = spec.trim();
        if spec.is_empty() {
            return Err("empty spec string".into());
        }
        let expanded = match spec {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
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

    /// `Next`: the first minute strictly after `t` (ms since the epoch) that matches; None
    /// when none does within five years (robfig gives up likewise).
    pub fn next(&self, t: Time) -> Option<Time> {
        let mut minute = t.div_euclid(60_000) + 1;
        let limit = minute + 5 * 366 * 24 * 60;
        while minute < limit {
            let (y, mo, d, h, mi, wd) = civil(minute);
            if self.month.0 & (1 << mo) == 0 {
                // the first minute of the next month
                let (ny, nm) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
                minute = days_from_civil(ny, nm, 1) * 1440;
                continue;
            }
            if !self.day_matches(d, wd) {
                minute = (minute.div_euclid(1440) + 1) * 1440;
                continue;
            }
            if self.hour.0 & (1 << h) == 0 {
                minute = (minute.div_euclid(60) + 1) * 60;
                continue;
            }
            if self.minute.0 & (1 << mi) == 0 {
                minute += 1;
                continue;
            }
            return Some(minute * 60_000);
        }
        None
    }
}

/// (year, month, day, hour, minute, weekday with Sunday 0) of a minute since the epoch, UTC.
fn civil(minute: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = minute.div_euclid(1440);
    let rem = minute.rem_euclid(1440);
    let (y, m, d) = civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7) as u32;
    (y, m, d, (rem / 60) as u32, (rem % 60) as u32, weekday)
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
        assert_eq!(s.next(START), Some(START + MIN));
        assert_eq!(s.next(START + 30_000), Some(START + MIN));
        let s = Schedule::parse("*/5 * * * *").unwrap();
        assert_eq!(s.next(START + MIN), Some(START + 5 * MIN));
        let s = Schedule::parse("7/20 * * * *").unwrap();
        assert_eq!(s.next(START), Some(START + 7 * MIN));
        assert_eq!(s.next(START + 7 * MIN), Some(START + 27 * MIN));
    }

    #[test]
    fn days_months_and_descriptors() {
        // Sunday 2025-01-05 at 00:00
        let s = Schedule::parse("0 0 * * SUN").unwrap();
        assert_eq!(s.next(START), Some(START + 4 * 1440 * MIN));
        assert_eq!(
            Schedule::parse("0 0 * * 7").unwrap_err(),
            "end of range (7) above maximum (6): 7"
        );
        let s = Schedule::parse("@monthly").unwrap();
        assert_eq!(s.next(START), Some(START + 31 * 1440 * MIN));
        let s = Schedule::parse("30 2 1 mar *").unwrap();
        let march = START + (31 + 28) * 1440 * MIN;
        assert_eq!(s.next(START), Some(march + (2 * 60 + 30) * MIN));
        // day of month OR day of week when both are restricted: the 3rd or a Friday
        let s = Schedule::parse("0 12 3 * 5").unwrap();
        assert_eq!(s.next(START), Some(START + 2 * 1440 * MIN + 12 * 60 * MIN));
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
            Schedule::parse("@every 5m").unwrap_err(),
            "unrecognized descriptor: @every 5m"
        );
        assert!(Schedule::parse("x * * * *").is_err());
    }

    /// Found by the command fuzzer: a step near u32::MAX overflowed the range's loop.
    #[test]
    fn a_huge_step_does_not_overflow() {
        let s = Schedule::parse("1-59/4294967295 * * * *").unwrap();
        assert_eq!(s, Schedule::parse("1 * * * *").unwrap());
    }
}
