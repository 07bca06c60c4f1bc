//! Timestamp formatting from Unix milliseconds (UTC), as Kubernetes serializes and kubectl prints
//! them. Civil-date conversion is done by hand (Howard Hinnant's days-from-civil algorithm).

const MS_PER_DAY: i64 = 86_400_000;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 for the proleptic Gregorian date `y-m-d` (`m` 1..=12, `d` 1..=31).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let m = i64::from(m);
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date `(year, month 1..=12, day 1..=31)` of a day count since
/// 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millisecond: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

/// Breaks Unix milliseconds down into a UTC civil time.
pub fn civil(ms: i64) -> Civil {
    let days = ms.div_euclid(MS_PER_DAY);
    let rem = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let secs = (rem / 1000) as u32;
    Civil {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
        millisecond: (rem % 1000) as u32,
        // 1970-01-01 was a Thursday.
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

/// JavaScript's `Date.prototype.toISOString` (what Node's `console.log` prints for a Date):
/// `2025-01-01T00:00:04.000Z`.
pub fn js_iso(ms: i64) -> String {
    let c = civil(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        ms.rem_euclid(1000)
    )
}

/// RFC 3339 with seconds precision, as `metav1.Time` serializes: `2025-01-01T00:00:00Z`.
pub fn rfc3339(ms: i64) -> String {
    let c = civil(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// RFC 3339 with microseconds, as `metav1.MicroTime` serializes:
/// `2025-01-01T00:00:00.000000Z`.
pub fn rfc3339_micro(ms: i64) -> String {
    let c = civil(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}000Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millisecond
    )
}

/// RFC 3339 with nine fraction digits, as the kubelet stamps log lines
/// (`RFC3339NanoFixed`): `2025-01-01T00:00:04.500000000Z`.
pub fn rfc3339_nano_fixed(ms: i64) -> String {
    let c = civil(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}000000Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millisecond
    )
}

/// `date`'s default output in the C locale, in UTC (`%a %b %e %H:%M:%S %Z %Y`):
/// `Wed Jan  1 00:00:00 UTC 2025`.
pub fn unix_date(ms: i64) -> String {
    let c = civil(ms);
    format!(
        "{} {} {:2} {:02}:{:02}:{:02} UTC {}",
        WEEKDAYS[c.weekday as usize],
        MONTHS[(c.month - 1) as usize],
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

/// Go's `time.RFC1123Z` layout (`Mon, 02 Jan 2006 15:04:05 -0700`) in UTC, as kubectl describe
/// prints CreationTimestamp: `Wed, 01 Jan 2025 00:00:00 +0000`.
pub fn rfc1123z(ms: i64) -> String {
    let c = civil(ms);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        WEEKDAYS[c.weekday as usize],
        c.day,
        MONTHS[(c.month - 1) as usize],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses an RFC 3339 timestamp (`2025-01-01T00:00:00Z`, optional fraction, `Z` or `±hh:mm`;
/// `t`/`z` accepted in lower case) into Unix milliseconds (fraction truncated to ms).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = i64::from(parse_digits(&s[0..4])?);
    let month = parse_digits(&s[5..7])?;
    let day = parse_digits(&s[8..10])?;
    let hour = parse_digits(&s[11..13])?;
    let minute = parse_digits(&s[14..16])?;
    let second = parse_digits(&s[17..19])?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let digits = &frac[..n];
        for (i, d) in digits.bytes().take(3).enumerate() {
            millis += i64::from(d - b'0') * [100, 10, 1][i];
        }
        rest = &frac[n..];
    }
    let offset_secs: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || !matches!(rb[0], b'+' | b'-') || rb[3] != b':' {
                return None;
            }
            let oh = i64::from(parse_digits(&rest[1..3])?);
            let om = i64::from(parse_digits(&rest[4..6])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let v = oh * 3600 + om * 60;
            if rb[0] == b'-' {
                -v
            } else {
                v
            }
        }
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
        - offset_secs;
    Some(secs * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_known_dates() {
        let cases: &[(i64, i64, u32, u32)] = &[
            (0, 1970, 1, 1),
            (-1, 1969, 12, 31),
            (59, 1970, 3, 1),
            (10_957, 2000, 1, 1),
            (11_016, 2000, 2, 29),
            (11_017, 2000, 3, 1),
            (17_500, 2017, 11, 30),
            (19_782, 2024, 2, 29),
            (20_089, 2025, 1, 1),
            (-719_468, 0, 3, 1),
            (2_932_896, 9999, 12, 31),
        ];
        for &(days, y, m, d) in cases {
            assert_eq!(civil_from_days(days), (y, m, d), "civil_from_days({days})");
            assert_eq!(
                days_from_civil(y, m, d),
                days,
                "days_from_civil({y}-{m}-{d})"
            );
        }
        // exhaustive round trip over a wide range
        for z in -800_000..800_000 {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn rfc3339_known() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_735_689_600_000), "2025-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_735_689_600_999), "2025-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_512_039_385_000), "2017-11-30T10:56:25Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_251_199_000), "2024-02-29T23:59:59Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(-1000), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(-1001), "1969-12-31T23:59:58Z");
        assert_eq!(
            rfc3339_micro(1_735_689_600_123),
            "2025-01-01T00:00:00.123000Z"
        );
    }

    #[test]
    fn rfc1123z_known() {
        assert_eq!(rfc1123z(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(
            rfc1123z(1_735_689_600_000),
            "Wed, 01 Jan 2025 00:00:00 +0000"
        );
        assert_eq!(
            rfc1123z(1_512_039_385_000),
            "Thu, 30 Nov 2017 10:56:25 +0000"
        );
        assert_eq!(rfc1123z(951_782_400_000), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(
            rfc1123z(1_751_328_000_000),
            "Tue, 01 Jul 2025 00:00:00 +0000"
        );
        assert_eq!(rfc1123z(-86_400_000), "Wed, 31 Dec 1969 00:00:00 +0000");
    }

    #[test]
    fn weekdays_cycle() {
        // 2025-01-05 is a Sunday
        let sunday = days_from_civil(2025, 1, 5) * MS_PER_DAY;
        for (i, name) in WEEKDAYS.iter().enumerate() {
            let s = rfc1123z(sunday + i as i64 * MS_PER_DAY);
            assert!(s.starts_with(name), "{s}");
        }
    }

    #[test]
    fn parse_rfc3339_cases() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2025-01-01T00:00:00Z"),
            Some(1_735_689_600_000)
        );
        assert_eq!(
            parse_rfc3339("2017-11-30T10:56:25Z"),
            Some(1_512_039_385_000)
        );
        assert_eq!(
            parse_rfc3339("2025-01-01T00:00:00.123456Z"),
            Some(1_735_689_600_123)
        );
        assert_eq!(
            parse_rfc3339("2025-01-01T02:00:00+02:00"),
            Some(1_735_689_600_000)
        );
        assert_eq!(
            parse_rfc3339("2024-12-31T19:00:00-05:00"),
            Some(1_735_689_600_000)
        );
        assert_eq!(
            parse_rfc3339("2025-01-01t00:00:00z"),
            Some(1_735_689_600_000)
        );
        for bad in [
            "",
            "2025-01-01",
            "2025-01-01 00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T00:00:00",
            "2025-01-01T00:00:00.Z",
            "2025-01-01T00:00:00+0200",
            "2025-01-01T00:00:00Zjunk",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
        }
        for ms in [0, 1_735_689_600_000, 1_512_039_385_000, 951_782_400_000] {
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        }
    }
}
