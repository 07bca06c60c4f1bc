//! Durations as Kubernetes and Go print and parse them.
//!
//! * [`human_duration`] / [`short_human_duration`]: apimachinery `duration.HumanDuration` /
//!   `ShortHumanDuration` (kubectl's AGE column, describe event ages).
//! * [`go_duration`]: Go's `time.Duration.String()` (`1m30s`, `500ms`, `2h0m0s`).
//! * [`parse_go_duration`]: Go's `time.ParseDuration` (`500ms`, `1h30m`, `1.5s`), with Go's error
//!   messages.

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// `translateTimestampSince`: the age of a stored timestamp at `now`. The API keeps
/// timestamps to the second (RFC 3339 without fraction), so an object made at 0.5 s is 2s old
/// at 2.1 s, as the server-side printers and kubectl compute it from what they read.
pub fn human_duration_since(now: i64, stored: i64) -> String {
    human_duration(now - stored.div_euclid(SECOND) * SECOND)
}

/// apimachinery `duration.HumanDuration` for a duration of `ms` milliseconds. Negative input is
/// allowed: below −1s (after truncation to whole seconds) → `<invalid>`, otherwise `0s`.
pub fn human_duration(ms: i64) -> String {
    // Go: seconds := int(d.Seconds()) truncates toward zero.
    let seconds = ms / SECOND;
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = ms / MINUTE;
    if minutes < 10 {
        let s = (ms / SECOND) % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = ms / HOUR;
    if hours < 8 {
        let m = (ms / MINUTE) % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        format!("{hours}h{m}m")
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        format!("{}d{}h", hours / 24, h)
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        format!("{}y{}d", hours / 24 / 365, dy)
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

/// apimachinery `duration.ShortHumanDuration` for `ms` milliseconds.
pub fn short_human_duration(ms: i64) -> String {
    let seconds = ms / SECOND;
    if seconds < -1 {
        "<invalid>".to_string()
    } else if seconds < 0 {
        "0s".to_string()
    } else if seconds < 60 {
        format!("{seconds}s")
    } else if ms / MINUTE < 60 {
        format!("{}m", ms / MINUTE)
    } else if ms / HOUR < 24 {
        format!("{}h", ms / HOUR)
    } else if ms / HOUR < 24 * 365 {
        format!("{}d", ms / HOUR / 24)
    } else {
        // Go: int(d.Hours()/24/365) on a float; truncation gives the same as integer division.
        format!("{}y", ms / HOUR / 24 / 365)
    }
}

/// Go's `time.Duration.String()` for a duration of `ms` milliseconds: `0s`, `500ms`, `1.5s`,
/// `1m30s`, `2h0m0s`, `-3s`.
pub fn go_duration(ms: i64) -> String {
    let u = ms.unsigned_abs();
    if u == 0 {
        return "0s".to_string();
    }
    // Written digit by digit: the kubelet's "Successfully pulled" message takes one per pod,
    // where `format!` per unit cost several times the rest.
    let mut s = String::with_capacity(16);
    if ms < 0 {
        s.push('-');
    }
    if u < 1000 {
        push_decimal(&mut s, u);
        s.push_str("ms");
        return s;
    }
    let secs = u / 1000;
    let mins = secs / 60;
    if mins > 0 {
        let hours = mins / 60;
        if hours > 0 {
            push_decimal(&mut s, hours);
            s.push('h');
        }
        push_decimal(&mut s, mins % 60);
        s.push('m');
    }
    push_decimal(&mut s, secs % 60);
    let frac = u % 1000;
    if frac != 0 {
        s.push('.');
        // The three millisecond digits without trailing zeros.
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let kept = if frac.is_multiple_of(100) {
            1
        } else if frac.is_multiple_of(10) {
            2
        } else {
            3
        };
        for d in &digits[..kept] {
            s.push(char::from(b'0' + *d as u8));
        }
    }
    s.push('s');
    s
}

/// Appends `n` in decimal.
fn push_decimal(s: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[at..] {
        s.push(char::from(b));
    }
}

/// Go's unexported `time.quote`: ASCII printable characters as is (`"` and `\` escaped), any
/// other byte as `\xNN`.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if (c as u32) >= 0x80 || c < ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn unit_ns(u: &str) -> Option<u64> {
    Some(match u {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// Go's `time.ParseDuration`, returning nanoseconds (may be negative). Errors are Go's:
/// `time: invalid duration "x"`, `time: missing unit in duration "1"`,
/// `time: unknown unit "d" in duration "1d"`.
pub fn parse_go_duration_ns(s: &str) -> Result<i64, String> {
    const LIMIT: u64 = 1 << 63;
    let orig = s;
    let invalid = || format!("time: invalid duration {}", go_quote(orig));
    let b = s.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if let Some(&c) = b.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            i = 1;
        }
    }
    if &s[i..] == "0" {
        return Ok(0);
    }
    if i == b.len() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while i < b.len() {
        // The next character must be [0-9.]
        if !(b[i] == b'.' || b[i].is_ascii_digit()) {
            return Err(invalid());
        }
        // Consume [0-9]*
        let pl = i;
        let mut v: u64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = pl != i;
        // Consume (\.[0-9]*)?
        let mut post = false;
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let pl = i;
            let mut overflow = false;
            while i < b.len() && b[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(b[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = pl != i;
        }
        if !pre && !post {
            // no digits (e.g. ".s" or "-.s")
            return Err(invalid());
        }
        // Consume unit.
        let us = i;
        while i < b.len() && !(b[i] == b'.' || b[i].is_ascii_digit()) {
            i += 1;
        }
        if us == i {
            return Err(format!("time: missing unit in duration {}", go_quote(orig)));
        }
        let u = &s[us..i];
        let Some(unit) = unit_ns(u) else {
            return Err(format!(
                "time: unknown unit {} in duration {}",
                go_quote(u),
                go_quote(orig)
            ));
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // float64 is needed to be nanosecond accurate for fractions of hours.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d += v;
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// Go's `time.ParseDuration` for the simulator's clock: the result in whole milliseconds
/// (sub-millisecond remainders are truncated). Negative durations are rejected with
/// `invalid duration "-1s": must not be negative`.
pub fn parse_go_duration(s: &str) -> Result<u64, String> {
    let ns = parse_go_duration_ns(s)?;
    if ns < 0 {
        return Err(format!(
            "invalid duration {}: must not be negative",
            go_quote(s)
        ));
    }
    Ok(ns as u64 / 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;
    const D: i64 = 24 * H;
    const Y: i64 = 365 * D;

    #[test]
    fn human_duration_table() {
        let cases: &[(i64, &str)] = &[
            (-3 * S, "<invalid>"),
            (-2 * S, "<invalid>"),
            (-1999, "0s"), // int(-1.999) == -1
            (-S, "0s"),
            (-1, "0s"),
            (0, "0s"),
            (999, "0s"),
            (S, "1s"),
            (59 * S, "59s"),
            (60 * S, "60s"),
            (119 * S + 999, "119s"),
            (2 * M, "2m"),
            (2 * M + 5 * S, "2m5s"),
            (9 * M + 59 * S, "9m59s"),
            (10 * M, "10m"),
            (10 * M + 30 * S, "10m"),
            (179 * M + 59 * S, "179m"),
            (3 * H, "3h"),
            (3 * H + 5 * M, "3h5m"),
            (7 * H + 59 * M, "7h59m"),
            (8 * H, "8h"),
            (47 * H + 59 * M, "47h"),
            (48 * H, "2d"),
            (2 * D + 5 * H, "2d5h"),
            (7 * D + 23 * H, "7d23h"),
            (8 * D, "8d"),
            (8 * D + 5 * H, "8d"),
            (2 * Y - H, "729d"),
            (2 * Y, "2y"),
            (2 * Y + 10 * D, "2y10d"),
            (8 * Y - D, "7y364d"),
            (8 * Y, "8y"),
            (20 * Y + 100 * D, "20y"),
        ];
        for &(ms, want) in cases {
            assert_eq!(human_duration(ms), want, "human_duration({ms})");
        }
    }

    #[test]
    fn short_human_duration_table() {
        let cases: &[(i64, &str)] = &[
            (-2 * S, "<invalid>"),
            (-1500, "0s"),
            (0, "0s"),
            (59 * S + 999, "59s"),
            (60 * S, "1m"),
            (59 * M + 59 * S, "59m"),
            (H, "1h"),
            (23 * H + 59 * M, "23h"),
            (D, "1d"),
            (364 * D + 23 * H, "364d"),
            (Y, "1y"),
            (3 * Y + 200 * D, "3y"),
        ];
        for &(ms, want) in cases {
            assert_eq!(short_human_duration(ms), want, "short_human_duration({ms})");
        }
    }

    #[test]
    fn go_duration_table() {
        let cases: &[(i64, &str)] = &[
            (0, "0s"),
            (1, "1ms"),
            (500, "500ms"),
            (999, "999ms"),
            (S, "1s"),
            (1500, "1.5s"),
            (1050, "1.05s"),
            (1001, "1.001s"),
            (30 * S, "30s"),
            (M, "1m0s"),
            (90 * S, "1m30s"),
            (M + 1500, "1m1.5s"),
            (10 * M, "10m0s"),
            (2 * H, "2h0m0s"),
            (H + 30 * M, "1h30m0s"),
            (100 * H + 2 * M + 3 * S + 4, "100h2m3.004s"),
            (-500, "-500ms"),
            (-90 * S, "-1m30s"),
        ];
        for &(ms, want) in cases {
            assert_eq!(go_duration(ms), want, "go_duration({ms})");
        }
    }

    #[test]
    fn parse_go_duration_ok() {
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("-0", 0),
            ("+0", 0),
            ("0s", 0),
            ("5s", 5_000_000_000),
            ("30s", 30_000_000_000),
            ("1478s", 1_478_000_000_000),
            ("-5s", -5_000_000_000),
            ("+5s", 5_000_000_000),
            ("-0s", 0),
            ("500ms", 500_000_000),
            ("2m", 120_000_000_000),
            ("1h30m", 5_400_000_000_000),
            ("1.5s", 1_500_000_000),
            ("5.s", 5_000_000_000),
            (".5s", 500_000_000),
            ("1.0s", 1_000_000_000),
            ("1.00s", 1_000_000_000),
            ("1.004s", 1_004_000_000),
            ("1.0040s", 1_004_000_000),
            ("100.00100s", 100_001_000_000),
            ("10ns", 10),
            ("11us", 11_000),
            ("12\u{b5}s", 12_000),
            ("12\u{3bc}s", 12_000),
            ("13ms", 13_000_000),
            ("14s", 14_000_000_000),
            ("15m", 900_000_000_000),
            ("16h", 57_600_000_000_000),
            ("3h30m", 12_600_000_000_000),
            ("10.5s4m", 250_500_000_000),
            ("-2m3.4s", -123_400_000_000),
            ("1h2m3s4ms5us6ns", 3_723_004_005_006),
            ("39h9m14.425s", 140_954_425_000_000),
            ("52763797000ns", 52_763_797_000),
            ("0.3333333333333333333h", 20 * 60 * 1_000_000_000),
            ("9007199254740993ns", 9_007_199_254_740_993),
            ("9223372036854775807ns", i64::MAX),
            ("9223372036854775.807us", i64::MAX),
            ("9223372036s854ms775us807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("-9223372036854775.808us", i64::MIN),
            ("0.100000000000000000000h", 6 * 60 * 1_000_000_000),
            ("0.830103483285477580700h", 2_988_372_539_827),
        ];
        for &(s, want) in cases {
            assert_eq!(parse_go_duration_ns(s), Ok(want), "parse {s:?}");
        }
    }

    #[test]
    fn parse_go_duration_errors() {
        let cases: &[(&str, &str)] = &[
            ("", r#"time: invalid duration """#),
            ("3", r#"time: missing unit in duration "3""#),
            ("-", r#"time: invalid duration "-""#),
            ("s", r#"time: invalid duration "s""#),
            (".", r#"time: invalid duration ".""#),
            ("-.", r#"time: invalid duration "-.""#),
            (".s", r#"time: invalid duration ".s""#),
            ("+.s", r#"time: invalid duration "+.s""#),
            ("x", r#"time: invalid duration "x""#),
            ("1d", r#"time: unknown unit "d" in duration "1d""#),
            ("1 s", r#"time: unknown unit " s" in duration "1 s""#),
            ("1s ", r#"time: unknown unit "s " in duration "1s ""#),
            (
                "9223372036854775810ns",
                r#"time: invalid duration "9223372036854775810ns""#,
            ),
            (
                "9223372036854775808ns",
                r#"time: invalid duration "9223372036854775808ns""#,
            ),
            (
                "-9223372036854775809ns",
                r#"time: invalid duration "-9223372036854775809ns""#,
            ),
            ("3000000h", r#"time: invalid duration "3000000h""#),
            (
                "9223372036854775.808us",
                r#"time: invalid duration "9223372036854775.808us""#,
            ),
            (
                "9223372036854ms775us808ns",
                r#"time: invalid duration "9223372036854ms775us808ns""#,
            ),
            ("\"x", r#"time: invalid duration "\"x""#),
            (
                "1é",
                r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#,
            ),
        ];
        for &(s, want) in cases {
            assert_eq!(
                parse_go_duration_ns(s),
                Err(want.to_string()),
                "parse {s:?}"
            );
        }
    }

    #[test]
    fn parse_go_duration_ms() {
        assert_eq!(parse_go_duration("500ms"), Ok(500));
        assert_eq!(parse_go_duration("30s"), Ok(30_000));
        assert_eq!(parse_go_duration("2m"), Ok(120_000));
        assert_eq!(parse_go_duration("1h30m"), Ok(5_400_000));
        assert_eq!(parse_go_duration("1.5s"), Ok(1_500));
        assert_eq!(parse_go_duration("1500us"), Ok(1));
        assert_eq!(parse_go_duration("0"), Ok(0));
        assert_eq!(
            parse_go_duration("x"),
            Err(r#"time: invalid duration "x""#.to_string())
        );
        assert_eq!(
            parse_go_duration("-1s"),
            Err(r#"invalid duration "-1s": must not be negative"#.to_string())
        );
    }

    #[test]
    fn go_duration_round_trips() {
        for ms in [0, 1, 999, 1000, 1500, 61_001, 3_600_000, 86_400_000 + 1] {
            assert_eq!(parse_go_duration(&go_duration(ms)), Ok(ms as u64));
        }
    }
}
