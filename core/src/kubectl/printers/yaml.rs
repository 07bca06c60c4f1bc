//! YAML exactly as kubectl `-o yaml` prints it. kubectl goes JSON → `sigs.k8s.io/yaml` →
//! go-yaml v2, so this is go-yaml v2's encoder and libyaml-derived emitter, reduced to what JSON
//! values need: keys sorted by go-yaml's "natural" order, 2-space indent, sequences under a
//! mapping key not indented, empty collections as `{}` / `[]`, strings that would resolve to
//! another type (bool, null, number, timestamp, base-60) double-quoted, strings with `\n` as
//! literal blocks, others plain → single-quoted → double-quoted as the emitter's analysis
//! allows, and plain/quoted scalars folded at spaces once a line passes 80 columns.

use serde_json::{Map, Value};
use std::cmp::Ordering;

const BEST_WIDTH: usize = 80;

pub fn to_yaml(v: &Value) -> String {
    let mut e = Emitter {
        out: String::new(),
        col: 0,
        ws: true,
        ind: true,
    };
    e.node(v, -1, Ctx::Root);
    e.write_indent(0);
    e.out
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Root,
    Seq,
    Map,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

struct Emitter {
    out: String,
    col: usize,
    ws: bool,
    ind: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\x20'..='\x7e' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && c != '\u{feff}'
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.col += 1;
    }

    fn brk(&mut self) {
        self.out.push('\n');
        self.col = 0;
    }

    fn write_indent(&mut self, indent: usize) {
        if !self.ind || self.col > indent || (self.col == indent && !self.ws) {
            self.brk();
        }
        while self.col < indent {
            self.put(' ');
        }
        self.ws = true;
        self.ind = true;
    }

    fn indicator(&mut self, s: &str, need_ws: bool, is_ws: bool, is_ind: bool) {
        if need_ws && !self.ws {
            self.put(' ');
        }
        s.chars().for_each(|c| self.put(c));
        self.ws = is_ws;
        self.ind = self.ind && is_ind;
    }

    /// One node; `indent` is the enclosing collection's indent (-1 at the root).
    fn node(&mut self, v: &Value, indent: i64, ctx: Ctx) {
        let base = |indentless: bool| if indent < 0 { 0 } else if indentless { indent } else { indent + 2 } as usize;
        match v {
            Value::Object(m) if !m.is_empty() => self.mapping(m, base(false)),
            Value::Array(a) if !a.is_empty() => {
                let at = base(ctx == Ctx::Map && !self.ind);
                for item in a {
                    self.write_indent(at);
                    self.indicator("-", true, false, true);
                    self.node(item, at as i64, Ctx::Seq);
                }
            }
            Value::Object(_) => self.indicator("{}", true, false, false),
            Value::Array(_) => self.indicator("[]", true, false, false),
            Value::String(s) => self.string(s, (indent + 2).max(2) as usize, false),
            other => self.plain(&number_or_literal(other), 0, false),
        }
    }

    fn mapping(&mut self, m: &Map<String, Value>, at: usize) {
        let mut keys: Vec<&String> = m.keys().collect();
        crate::sort::sort_by(&mut keys, |a, b| key_cmp(a, b));
        for k in keys {
            self.write_indent(at);
            let simple = k.len() <= 128 && !k.contains(is_break);
            if simple {
                self.string(k, at + 2, true);
                self.indicator(":", false, false, false);
            } else {
                self.indicator("?", true, false, true);
                self.string(k, at + 2, false);
                self.write_indent(at);
                self.indicator(":", true, false, true);
            }
            self.node(&m[k.as_str()], at as i64, Ctx::Map);
        }
    }

    /// A string scalar: go-yaml's encoder style choice refined by the emitter's analysis.
    fn string(&mut self, s: &str, indent: usize, key: bool) {
        let a = analyze(s);
        let mut style = if s.contains('\n') {
            Style::Literal
        } else if resolves_to_str(s) && !is_base60_float(s) {
            Style::Plain
        } else {
            Style::Double
        };
        if key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain && !a.block_plain {
            style = Style::Single;
        }
        if style == Style::Single && !a.single {
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block || key) {
            style = Style::Double;
        }
        match style {
            Style::Plain => self.plain(s, indent, !key),
            Style::Single => self.single(s, indent, !key),
            Style::Double => self.double(s, indent, !key),
            Style::Literal => self.literal(s, indent),
        }
    }

    fn plain(&mut self, s: &str, indent: usize, breaks: bool) {
        if !self.ws {
            self.put(' ');
        }
        let cs: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in cs.iter().enumerate() {
            if c == ' ' {
                if breaks && !spaces && self.col > BEST_WIDTH && cs.get(i + 1) != Some(&' ') {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.ind = false;
                spaces = false;
            }
        }
        self.ws = false;
        self.ind = false;
    }

    fn single(&mut self, s: &str, indent: usize, breaks: bool) {
        self.indicator("'", true, false, false);
        let cs: Vec<char> = s.chars().collect();
        let (mut spaces, mut brk) = (false, false);
        for (i, &c) in cs.iter().enumerate() {
            if c == ' ' {
                if breaks
                    && !spaces
                    && self.col > BEST_WIDTH
                    && i > 0
                    && i + 1 < cs.len()
                    && cs[i + 1] != ' '
                {
                    self.write_indent(indent);
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                self.out.push(c);
                self.col = 0;
                self.ind = true;
                brk = true;
            } else {
                if brk {
                    self.write_indent(indent);
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.ind = false;
                spaces = false;
                brk = false;
            }
        }
        self.indicator("'", false, false, false);
    }

    fn double(&mut self, s: &str, indent: usize, breaks: bool) {
        self.indicator("\"", true, false, false);
        let cs: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in cs.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let esc = match c {
                    '\0' => "0",
                    '\x07' => "a",
                    '\x08' => "b",
                    '\t' => "t",
                    '\n' => "n",
                    '\x0b' => "v",
                    '\x0c' => "f",
                    '\r' => "r",
                    '\x1b' => "e",
                    '"' => "\"",
                    '\\' => "\\",
                    '\u{85}' => "N",
                    '\u{a0}' => "_",
                    '\u{2028}' => "L",
                    '\u{2029}' => "P",
                    _ => "",
                };
                if esc.is_empty() {
                    let v = c as u32;
                    let hex = if v <= 0xff {
                        format!("x{v:02X}")
                    } else if v <= 0xffff {
                        format!("u{v:04X}")
                    } else {
                        format!("U{v:08X}")
                    };
                    hex.chars().for_each(|h| self.put(h));
                } else {
                    esc.chars().for_each(|h| self.put(h));
                }
                spaces = false;
            } else if c == ' ' {
                if breaks && !spaces && self.col > BEST_WIDTH && i != 0 && i + 1 != cs.len() {
                    self.write_indent(indent);
                    if cs.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.indicator("\"", false, false, false);
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.indicator("|", true, false, false);
        let cs: Vec<char> = s.chars().collect();
        if cs.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.indicator("2", false, false, false);
        }
        let n = cs.len();
        let chomp = if n == 0 || !is_break(cs[n - 1]) {
            "-"
        } else if n == 1 || is_break(cs[n - 2]) {
            "+"
        } else {
            ""
        };
        if !chomp.is_empty() {
            self.indicator(chomp, false, false, false);
        }
        self.brk();
        self.ind = true;
        self.ws = true;
        let mut breaks = true;
        for &c in &cs {
            if is_break(c) {
                if c == '\n' {
                    self.brk();
                } else {
                    self.out.push(c);
                    self.col = 0;
                }
                self.ind = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                self.put(c);
                self.ind = false;
                breaks = false;
            }
        }
    }
}

/// The emitter's scalar analysis (`yaml_emitter_analyze_scalar`), the parts that matter here.
struct Analysis {
    multiline: bool,
    block_plain: bool,
    single: bool,
    block: bool,
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain: true,
            single: true,
            block: false,
        };
    }
    let cs: Vec<char> = s.chars().collect();
    let mut block_ind = s.starts_with("---") || s.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut lead_space, mut lead_break, mut trail_space, mut trail_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut prev_space, mut prev_break) =
        (false, false, false, false);
    let mut preceded_ws = true;
    let n = cs.len();
    for (i, &c) in cs.iter().enumerate() {
        let followed_ws = i + 1 >= n || matches!(cs[i + 1], ' ' | '\t');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_ind = true,
                '?' | ':' | '-' if followed_ws => block_ind = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_ws => block_ind = true,
                '#' if preceded_ws => block_ind = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            lead_space |= i == 0;
            trail_space |= i + 1 == n;
            break_space |= prev_break;
            prev_space = true;
            prev_break = false;
        } else if is_break(c) {
            line_breaks = true;
            lead_break |= i == 0;
            trail_break |= i + 1 == n;
            space_break |= prev_space;
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_ws = matches!(c, ' ' | '\t') || is_break(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain: true,
        single: true,
        block: true,
    };
    if lead_space || lead_break || trail_space || trail_break {
        a.block_plain = false;
    }
    if trail_space {
        a.block = false;
    }
    if break_space {
        a.block_plain = false;
        a.single = false;
    }
    if space_break || special {
        a.block_plain = false;
        a.single = false;
        a.block = false;
    }
    if line_breaks || block_ind {
        a.block_plain = false;
    }
    a
}

/// go-yaml v2 `resolve("", s)` yields `!!str`: the string would not read back as another type.
fn resolves_to_str(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return false;
    };
    const MAP: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "~", "null", "Null", "NULL",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF",
    ];
    match first {
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => {
            !MAP.contains(&s)
        }
        b'.' => !MAP.contains(&s) && !go_parse_float(s),
        b'+' | b'-' | b'0'..=b'9' => {
            if MAP.contains(&s) || is_timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            !(go_parse_int(&plain) || yaml_style_float(&plain) || binary_int(&plain))
        }
        _ => true,
    }
}

/// `strconv.ParseInt(s, 0, 64)` or `ParseUint` succeeds.
fn go_parse_int(s: &str) -> bool {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return false;
    }
    match u64::from_str_radix(digits, radix) {
        Ok(v) => !neg || v <= 1 << 63,
        Err(_) => false,
    }
}

fn binary_int(s: &str) -> bool {
    let d = s.strip_prefix("0b").or_else(|| s.strip_prefix("-0b"));
    d.is_some_and(|d| !d.is_empty() && d.len() <= 64 && d.chars().all(|c| c == '0' || c == '1'))
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` and finite.
fn yaml_style_float(s: &str) -> bool {
    let b = s.trim_start_matches(['-', '+']);
    if b.len() + 1 < s.len() {
        return false;
    }
    let (mant, exp) = match b.find(['e', 'E']) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    let mant_ok = match mant.split_once('.') {
        Some(("", f)) => digits(f),
        Some((i, f)) => digits(i) && (f.is_empty() || digits(f)),
        None => digits(mant),
    };
    let exp_ok = exp.is_none_or(|e| {
        digits(e.trim_start_matches(['-', '+']))
            && e.len() - e.trim_start_matches(['-', '+']).len() <= 1
    });
    mant_ok && exp_ok && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Go `strconv.ParseFloat` accepts it (the `.`-prefixed case: `.5`, `.5e3`).
fn go_parse_float(s: &str) -> bool {
    yaml_style_float(s)
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
fn is_base60_float(s: &str) -> bool {
    let b = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (main, frac) = match b.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (b, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|c| c.is_ascii_digit() || c == b'_')) {
        return false;
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return false;
    }
    let mut any = false;
    for p in parts {
        any = true;
        let ok = match p.as_bytes() {
            [d] => d.is_ascii_digit(),
            [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    any
}

/// go-yaml's `parseTimestamp`: `YYYY-M-D` optionally followed by `[Tt ]h:m:s[.frac]` and, after
/// `T`/`t`, a zone `Z` or `±hh:mm`.
fn is_timestamp(s: &str) -> bool {
    fn num(s: &str, max_len: usize) -> Option<(u32, &str)> {
        let n = s
            .bytes()
            .take(max_len)
            .take_while(u8::is_ascii_digit)
            .count();
        if n == 0 {
            return None;
        }
        Some((s[..n].parse().ok()?, &s[n..]))
    }
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let year: i64 = s[..4].parse().unwrap_or(0);
    let Some((month, r)) = num(&s[5..], 2) else {
        return false;
    };
    let Some(r) = r.strip_prefix('-') else {
        return false;
    };
    let Some((day, r)) = num(r, 2) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let mdays = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || day < 1 || day > mdays[month as usize - 1] {
        return false;
    }
    if r.is_empty() {
        return true;
    }
    let zoned = r.starts_with(['T', 't']);
    if !zoned && !r.starts_with(' ') {
        return false;
    }
    let time = |r: &str| -> Option<String> {
        let (h, r) = num(r, 2)?;
        let (m, r) = num(r.strip_prefix(':')?, 2)?;
        let (sec, mut r) = num(r.strip_prefix(':')?, 2)?;
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        if let Some(f) = r.strip_prefix('.') {
            let n = f.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            r = &f[n..];
        }
        Some(r.to_string())
    };
    let Some(rest) = time(&r[1..]) else {
        return false;
    };
    if !zoned {
        return rest.is_empty();
    }
    if rest == "Z" {
        return true;
    }
    let z = rest.as_bytes();
    z.len() == 6
        && matches!(z[0], b'+' | b'-')
        && z[1].is_ascii_digit()
        && z[2].is_ascii_digit()
        && z[3] == b':'
        && z[4].is_ascii_digit()
        && z[5].is_ascii_digit()
}

/// Non-string scalars: null, bools, and numbers as they come back from Go's JSON encoding
/// through go-yaml (integral values as integers, other floats in `strconv` `'g'` form).
fn number_or_literal(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 9.2e18 => (f as i64).to_string(),
            (_, _, Some(f)) => go_float_g(f),
            _ => n.to_string(),
        },
        _ => String::new(),
    }
}

/// Go `strconv.FormatFloat(f, 'g', -1, 64)`.
pub fn go_float_g(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            ".inf".into()
        } else {
            "-.inf".into()
        };
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    format!("{f}")
}

/// go-yaml v2's `keyList.Less` for string keys: letters after non-letters, digit runs compared
/// numerically.
fn key_cmp(a: &str, b: &str) -> Ordering {
    let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let less = |x: &[char], y: &[char]| -> bool {
        for i in 0..x.len().min(y.len()) {
            if x[i] == y[i] {
                continue;
            }
            let (al, bl) = (x[i].is_alphabetic(), y[i].is_alphabetic());
            if al && bl {
                return x[i] < y[i];
            }
            if al || bl {
                return bl;
            }
            let (mut an, mut bn) = (0i64, 0i64);
            if x[i] == '0' || y[i] == '0' {
                for j in (0..i).rev() {
                    if !x[j].is_ascii_digit() {
                        break;
                    }
                    if x[j] != '0' {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            let mut ai = i;
            while ai < x.len() && x[ai].is_ascii_digit() {
                an = an.wrapping_mul(10).wrapping_add(x[ai] as i64 - '0' as i64);
                ai += 1;
            }
            let mut bi = i;
            while bi < y.len() && y[bi].is_ascii_digit() {
                bn = bn.wrapping_mul(10).wrapping_add(y[bi] as i64 - '0' as i64);
                bi += 1;
            }
            if an != bn {
                return an < bn;
            }
            if ai != bi {
                return ai < bi;
            }
            return x[i] < y[i];
        }
        x.len() < y.len()
    };
    if less(&ar, &br) {
        Ordering::Less
    } else if less(&br, &ar) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// (string, what follows `kNNN:` under `metadata.annotations`), captured from kubectl v1.33
    /// `get pod -o yaml` for a pod carrying each string as an annotation value.
    const STRINGS: &[(&str, &str)] = &[
        ("", " \"\""),
        ("80", " \"80\""),
        ("true", " \"true\""),
        ("True", " \"True\""),
        ("yes", " \"yes\""),
        ("y", " \"y\""),
        ("n", " \"n\""),
        ("on", " \"on\""),
        ("off", " \"off\""),
        ("null", " \"null\""),
        ("~", " \"~\""),
        ("1.5", " \"1.5\""),
        (".5", " \".5\""),
        ("1e3", " \"1e3\""),
        ("0x1F", " \"0x1F\""),
        ("0o17", " \"0o17\""),
        ("0755", " \"0755\""),
        ("089", " \"089\""),
        ("1_000", " \"1_000\""),
        ("+1", " \"+1\""),
        ("-1", " \"-1\""),
        ("-", " '-'"),
        ("--", " --"),
        ("---", " '---'"),
        ("...", " '...'"),
        ("a: b", " 'a: b'"),
        ("a:b", " a:b"),
        ("a #b", " 'a #b'"),
        ("a#b", " a#b"),
        ("#a", " '#a'"),
        ("- a", " '- a'"),
        ("-a", " -a"),
        (":a", " :a"),
        ("? a", " '? a'"),
        ("?a", " ?a"),
        ("[a]", " '[a]'"),
        ("a[b]", " a[b]"),
        ("{a}", " '{a}'"),
        ("a,b", " a,b"),
        ("&a", " '&a'"),
        ("*a", " '*a'"),
        ("!a", " '!a'"),
        ("|a", " '|a'"),
        (">a", " '>a'"),
        ("'a", " '''a'"),
        ("\"a", " '\"a'"),
        ("%a", " '%a'"),
        ("@a", " '@a'"),
        ("`a", " '`a'"),
        (" a", " ' a'"),
        ("a ", " 'a '"),
        ("a\tb", " \"a\\tb\""),
        ("héllo", " héllo"),
        ("emoji😀", " \"emoji\\U0001F600\""),
        ("1:20", " \"1:20\""),
        ("1:70", " 1:70"),
        ("2025-01-01", " \"2025-01-01\""),
        ("2025-1-1", " \"2025-1-1\""),
        ("2025-01-01T00:00:00Z", " \"2025-01-01T00:00:00Z\""),
        ("2025-01-01 00:00:00", " \"2025-01-01 00:00:00\""),
        ("2025-13-01", " 2025-13-01"),
        ("2025-01-01T00:00:00+01:00", " \"2025-01-01T00:00:00+01:00\""),
        ("2025-01-01X", " 2025-01-01X"),
        ("12:30:45", " \"12:30:45\""),
        ("a\nb", " |-\n  a\n  b"),
        ("a\nb\n", " |\n  a\n  b"),
        ("a\nb\n\n", " |+\n  a\n  b\n"),
        ("\na", " |2-\n\n  a"),
        (" a\nb", " |2-\n   a\n  b"),
        ("a \nb", " \"a \\nb\""),
        ("a\n b", " |-\n  a\n   b"),
        ("a\tb\nc", " \"a\\tb\\nc\""),
        ("<<", " <<"),
        ("=", " ="),
        ("0b101", " \"0b101\""),
        ("-0b101", " \"-0b101\""),
        ("1e400", " 1e400"),
        (".inf", " \".inf\""),
        (".nan", " \".nan\""),
        ("+.inf", " \"+.inf\""),
        ("Y", " \"Y\""),
        ("NO", " \"NO\""),
        ("a'b", " a'b"),
        ("it's a: test", " 'it''s a: test'"),
        ("a\\b", " a\\b"),
        ("a\"b", " a\"b"),
        (" x", "  x"),
        ("x\u{2028}y", " 'x\u{2028}      y'"),
        ("ctl\u{7}", " \"ctl\\a\""),
        ("1.2.3", " 1.2.3"),
        ("v1.2", " v1.2"),
        ("1-2", " 1-2"),
        ("0", " \"0\""),
        ("00", " \"00\""),
        ("-0", " \"-0\""),
        ("1e", " 1e"),
        ("e1", " e1"),
        ("0x", " 0x"),
        ("0xZ", " 0xZ"),
        (".", " ."),
        ("..", " .."),
        ("a\n\nb\n", " |\n  a\n\n  b"),
        ("a\r\nb", " \"a\\r\\nb\""),
        ("tab\tat end\n", " \"tab\\tat end\\n\""),
        ("12e+3", " \"12e+3\""),
        ("1.", " \"1.\""),
        ("-.5", " \"-.5\""),
        ("+.5", " \"+.5\""),
        ("_1", " _1"),
        ("1__0", " \"1__0\""),
        ("0b", " 0b"),
        ("0o8", " 0o8"),
        ("2025-02-29", " 2025-02-29"),
        ("2024-02-29", " \"2024-02-29\""),
        ("2025-01-01T25:00:00Z", " 2025-01-01T25:00:00Z"),
        ("2025-01-01t00:00:00Z", " \"2025-01-01t00:00:00Z\""),
        ("2025-01-01T00:00:00.123Z", " \"2025-01-01T00:00:00.123Z\""),
        ("2025-01-01T00:00:00+0100", " 2025-01-01T00:00:00+0100"),
        ("2025-01-01 1:2:3", " \"2025-01-01 1:2:3\""),
        ("2025-1-01T1:2:3Z", " \"2025-1-01T1:2:3Z\""),
        ("20250-01-01", " 20250-01-01"),
        ("Scaled up replica set nginx-deployment-79f7798cb5 from 0 to 3 and then some more words to exceed the width", " Scaled up replica set nginx-deployment-79f7798cb5 from 0 to 3 and then some\n  more words to exceed the width"),
        ("a very long string with a colon: in the middle that needs single quotes because it has colon space and keeps going on", " 'a very long string with a colon: in the middle that needs single quotes\n  because it has colon space and keeps going on'"),
        ("a very long string with a tab\tin the middle that needs double quotes because of the tab character and keeps going on", " \"a very long string with a tab\\tin the middle that needs double quotes because\n  of the tab character and keeps going on\""),
        ("ReplicaSet \"nginx-deployment-79f7798cb5\" has successfully progressed. ReplicaSet \"nginx-deployment-79f7798cb5\" has", " ReplicaSet \"nginx-deployment-79f7798cb5\" has successfully progressed. ReplicaSet\n  \"nginx-deployment-79f7798cb5\" has"),
        ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        ("word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ", " 'word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word '"),
        ("two  spaces  between  words  in  a  long  line  that  exceeds  the  width  of  eighty  columns  yes", " two  spaces  between  words  in  a  long  line  that  exceeds  the  width  of  eighty  columns  yes"),
        ("'quoted at start' and then many more words here to make the line longer than eighty columns for sure ok", " '''quoted at start'' and then many more words here to make the line longer\n  than eighty columns for sure ok'"),
        ("\ttab start and then many more words here to make the line longer than eighty columns for sure ok  yes", " \"\\ttab start and then many more words here to make the line longer than\n  eighty columns for sure ok  yes\""),
        ("2025-01-01T00:00:00Z y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y ", " '2025-01-01T00:00:00Z y y y y y y y y y y y y y y y y y y y y y y y y y\n  y y y y y y y y y y y y y y y y y y y y y y y y y '"),
        ("aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé ", " 'aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé\n  aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé '"),
    ];

    /// `kubectl get deploy -o yaml` (a List holding one Deployment): input JSON and kubectl v1.33's output.
    const DEPLOYMENT_LIST: (&str, &str) = (
        r#"{"apiVersion": "v1", "items": [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"annotations": {"deployment.kubernetes.io/revision": "2", "kubectl.kubernetes.io/last-applied-configuration": "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"nginx\"},\"name\":\"nginx-deployment\",\"namespace\":\"default\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80}]}]}}}}\n"}, "creationTimestamp": "2025-01-01T00:00:00Z", "generation": 2, "labels": {"app": "nginx"}, "name": "nginx-deployment", "namespace": "default", "resourceVersion": "115", "uid": "312b54a5-9456-48d2-8310-bd4abe96ea03"}, "spec": {"progressDeadlineSeconds": 600, "replicas": 3, "revisionHistoryLimit": 10, "selector": {"matchLabels": {"app": "nginx"}}, "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"}, "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "nginx"}}, "spec": {"containers": [{"image": "nginx:1.16.1", "imagePullPolicy": "IfNotPresent", "name": "nginx", "ports": [{"containerPort": 80, "protocol": "TCP"}], "resources": {}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}], "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {}, "terminationGracePeriodSeconds": 30}}}, "status": {"availableReplicas": 3, "conditions": [{"lastTransitionTime": "2025-01-01T00:00:04Z", "lastUpdateTime": "2025-01-01T00:00:04Z", "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable", "status": "True", "type": "Available"}, {"lastTransitionTime": "2025-01-01T00:00:00Z", "lastUpdateTime": "2025-01-01T00:00:13Z", "message": "ReplicaSet \"nginx-deployment-6b5497b578\" has successfully progressed.", "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"}], "observedGeneration": 2, "readyReplicas": 3, "replicas": 3, "updatedReplicas": 3}}], "kind": "List", "metadata": {"resourceVersion": ""}}"#,
        r#"apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "2"
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"nginx"},"name":"nginx-deployment","namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},"template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"image":"nginx:1.14.2","name":"nginx","ports":[{"containerPort":80}]}]}}}}
    creationTimestamp: "2025-01-01T00:00:00Z"
    generation: 2
    labels:
      app: nginx
    name: nginx-deployment
    namespace: default
    resourceVersion: "115"
    uid: 312b54a5-9456-48d2-8310-bd4abe96ea03
  spec:
    progressDeadlineSeconds: 600
    replicas: 3
    revisionHistoryLimit: 10
    selector:
      matchLabels:
        app: nginx
    strategy:
      rollingUpdate:
        maxSurge: 25%
        maxUnavailable: 25%
      type: RollingUpdate
    template:
      metadata:
        creationTimestamp: null
        labels:
          app: nginx
      spec:
        containers:
        - image: nginx:1.16.1
          imagePullPolicy: IfNotPresent
          name: nginx
          ports:
          - containerPort: 80
            protocol: TCP
          resources: {}
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        dnsPolicy: ClusterFirst
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {}
        terminationGracePeriodSeconds: 30
  status:
    availableReplicas: 3
    conditions:
    - lastTransitionTime: "2025-01-01T00:00:04Z"
      lastUpdateTime: "2025-01-01T00:00:04Z"
      message: Deployment has minimum availability.
      reason: MinimumReplicasAvailable
      status: "True"
      type: Available
    - lastTransitionTime: "2025-01-01T00:00:00Z"
      lastUpdateTime: "2025-01-01T00:00:13Z"
      message: ReplicaSet "nginx-deployment-6b5497b578" has successfully progressed.
      reason: NewReplicaSetAvailable
      status: "True"
      type: Progressing
    observedGeneration: 2
    readyReplicas: 3
    replicas: 3
    updatedReplicas: 3
kind: List
metadata:
  resourceVersion: ""
"#,
    );

    /// `kubectl get pod web-0 -o yaml` (numbers, nulls, nested lists): input JSON and kubectl v1.33's output.
    const POD: (&str, &str) = (
        r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": "2025-01-01T00:00:00Z", "labels": {"app": "web", "app.kubernetes.io/name": "web", "tier": "front"}, "annotations": {"note": "a: b", "n": "80"}}, "spec": {"nodeName": "node-1", "replicas": 3, "ratio": 0.5, "big": 1234567.5, "paused": false, "nothing": null, "containers": [{"name": "app", "image": "nginx:1.16.1", "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443}]}, {"name": "side", "image": "busybox", "env": [{"name": "A", "value": "<&>"}]}]}, "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}, {"type": "Initialized", "status": "False"}], "podIPs": [{"ip": "10.0.0.1"}]}}"#,
        r#"apiVersion: v1
kind: Pod
metadata:
  annotations:
    "n": "80"
    note: 'a: b'
  creationTimestamp: "2025-01-01T00:00:00Z"
  labels:
    app: web
    app.kubernetes.io/name: web
    tier: front
  name: web-0
  namespace: default
spec:
  big: 1.2345675e+06
  containers:
  - image: nginx:1.16.1
    name: app
    ports:
    - containerPort: 80
      protocol: TCP
    - containerPort: 443
  - env:
    - name: A
      value: <&>
    image: busybox
    name: side
  nodeName: node-1
  nothing: null
  paused: false
  ratio: 0.5
  replicas: 3
status:
  conditions:
  - status: "True"
    type: Ready
  - status: "True"
    type: PodScheduled
  - status: "False"
    type: Initialized
  phase: Running
  podIPs:
  - ip: 10.0.0.1
"#,
    );

    /// `kubectl get pod keys -o yaml`: go-yaml's key order: input JSON and kubectl v1.33's output.
    const KEYS: (&str, &str) = (
        r##"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "keys", "namespace": "default", "annotations": {"": "0", "#k": "1", "- k": "2", "-k": "3", "_x": "4", "1": "5", "2": "6", "10": "7", "80": "8", "A": "9", "Z": "10", "a": "11", "a b": "12", "a-b": "13", "a.b": "14", "a/b": "15", "a:": "16", "a: b": "17", "a:b": "18", "a_b": "19", "a~b": "20", "a0": "21", "a00": "22", "a1": "23", "a9": "24", "a10": "25", "aB": "26", "ab": "27", "b": "28", "k\u00e9z": "29", "true": "30", "\u00e9": "31", "x1y": "32", "x9y": "33", "app.kubernetes.io/name": "34", "app": "35", "pod-template-hash": "36", "kubernetes.io/hostname": "37", "z-10": "38", "z-9": "39"}}}"##,
        r#"apiVersion: v1
kind: Pod
metadata:
  annotations:
    "": "0"
    '#k': "1"
    '- k': "2"
    -k: "3"
    _x: "4"
    "1": "5"
    "2": "6"
    "10": "7"
    "80": "8"
    A: "9"
    Z: "10"
    a: "11"
    a b: "12"
    a-b: "13"
    a.b: "14"
    a/b: "15"
    'a:': "16"
    'a: b': "17"
    a:b: "18"
    a_b: "19"
    a~b: "20"
    a0: "21"
    a00: "22"
    a1: "23"
    a9: "24"
    a10: "25"
    aB: "26"
    ab: "27"
    app: "35"
    app.kubernetes.io/name: "34"
    b: "28"
    kubernetes.io/hostname: "37"
    kéz: "29"
    pod-template-hash: "36"
    "true": "30"
    x1y: "32"
    x9y: "33"
    z-9: "39"
    z-10: "38"
    é: "31"
  name: keys
  namespace: default
"#,
    );

    /// floats, ints, nested and empty collections, deep folding, a trailing `|+` block: input JSON and kubectl v1.33's output.
    const STRUCTURE: (&str, &str) = (
        r##"{"spec": {"floats": [1.5, 1.0, 1e+21, 1e-07, 123456789.5, 0.0001, 1000000.0, -0.5, 100000.5, 0.1, 3e-05, 2.5e+300], "ints": [0, -1, 9007199254740993, 9223372036854775807], "nested": [[1, 2], [3], [], {}, [[]], [{}], {"a": [[]]}, [{"a": 1, "b": [1, 2]}], null, true, false, "s", [[["deep", {"x": "y"}]]]], "nulls": {"a": null, "b": {"c": null}}, "emptys": {"m": {}, "l": [], "s": ""}, "seqmaps": [{"name": "a", "ports": [{"containerPort": 80}], "env": []}, {"x": {"y": {"z": [1]}}}], "seqstr": ["", "80", "true", "True", "yes", "y", "n", "on", "off", "null", "~", "1.5", ".5", "1e3", "0x1F", "0o17", "0755", "089", "1_000", "+1", "-1", "-", "--", "---", "...", "a: b", "a:b", "a #b", "a#b", "#a", "- a", "-a", ":a", "? a", "?a", "[a]", "a[b]", "{a}", "a,b", "&a", "*a", "!a", "|a", ">a", "'a", "\"a", "%a", "@a", "`a", " a", "a ", "a\tb", "h\u00e9llo", "emoji\ud83d\ude00", "1:20", "1:70", "2025-01-01", "2025-1-1", "2025-01-01T00:00:00Z", "2025-01-01 00:00:00", "2025-13-01", "2025-01-01T00:00:00+01:00", "2025-01-01X", "12:30:45", "a\nb", "a\nb\n", "a\nb\n\n", "\na", " a\nb", "a \nb", "a\n b", "a\tb\nc", "<<", "=", "0b101", "-0b101", "1e400", ".inf", ".nan", "+.inf", "Y", "NO", "a'b", "it's a: test", "a\\b", "a\"b", "\u00a0x", "x\u2028y", "ctl\u0007", "1.2.3", "v1.2", "1-2", "0", "00", "-0", "1e", "e1", "0x", "0xZ", ".", "..", "a\n\nb\n", "a\r\nb", "tab\tat end\n", "12e+3", "1.", "-.5", "+.5", "_1", "1__0", "0b", "0o8", "2025-02-29", "2024-02-29", "2025-01-01T25:00:00Z", "2025-01-01t00:00:00Z", "2025-01-01T00:00:00.123Z", "2025-01-01T00:00:00+0100", "2025-01-01 1:2:3", "2025-1-01T1:2:3Z", "20250-01-01", "Scaled up replica set nginx-deployment-79f7798cb5 from 0 to 3 and then some more words to exceed the width", "a very long string with a colon: in the middle that needs single quotes because it has colon space and keeps going on", "a very long string with a tab\tin the middle that needs double quotes because of the tab character and keeps going on", "ReplicaSet \"nginx-deployment-79f7798cb5\" has successfully progressed. ReplicaSet \"nginx-deployment-79f7798cb5\" has", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ", "two  spaces  between  words  in  a  long  line  that  exceeds  the  width  of  eighty  columns  yes", "'quoted at start' and then many more words here to make the line longer than eighty columns for sure ok", "\ttab start and then many more words here to make the line longer than eighty columns for sure ok  yes", "2025-01-01T00:00:00Z y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y ", "a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 "], "deep": {"l1": {"l2": {"l3": {"l4": ["Scaled up replica set nginx-deployment-79f7798cb5 from 0 to 3 and then some more words to exceed the width", "a very long string with a colon: in the middle that needs single quotes because it has colon space and keeps going on", "a very long string with a tab\tin the middle that needs double quotes because of the tab character and keeps going on", "ReplicaSet \"nginx-deployment-79f7798cb5\" has successfully progressed. ReplicaSet \"nginx-deployment-79f7798cb5\" has", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word ", "two  spaces  between  words  in  a  long  line  that  exceeds  the  width  of  eighty  columns  yes", "'quoted at start' and then many more words here to make the line longer than eighty columns for sure ok", "\ttab start and then many more words here to make the line longer than eighty columns for sure ok  yes", "2025-01-01T00:00:00Z y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y y ", "a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 a\u00e9 "]}}}}}, "status": {"zlast": "end\n\n"}}"##,
        r#"spec:
  deep:
    l1:
      l2:
        l3:
          l4:
          - Scaled up replica set nginx-deployment-79f7798cb5 from 0 to 3 and then
            some more words to exceed the width
          - 'a very long string with a colon: in the middle that needs single quotes
            because it has colon space and keeps going on'
          - "a very long string with a tab\tin the middle that needs double quotes
            because of the tab character and keeps going on"
          - ReplicaSet "nginx-deployment-79f7798cb5" has successfully progressed.
            ReplicaSet "nginx-deployment-79f7798cb5" has
          - xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
          - 'word word word word word word word word word word word word word word
            word word word word word word word word word word word word word word
            word word '
          - two  spaces  between  words  in  a  long  line  that  exceeds  the  width  of  eighty  columns  yes
          - '''quoted at start'' and then many more words here to make the line longer
            than eighty columns for sure ok'
          - "\ttab start and then many more words here to make the line longer than
            eighty columns for sure ok  yes"
          - '2025-01-01T00:00:00Z y y y y y y y y y y y y y y y y y y y y y y y y
            y y y y y y y y y y y y y y y y y y y y y y y y y y '
          - 'aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé
            aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé '
  emptys:
    l: []
    m: {}
    s: ""
  floats:
  - 1.5
  - 1
  - 1e+21
  - 1e-07
  - 1.234567895e+08
  - 0.0001
  - 1000000
  - -0.5
  - 100000.5
  - 0.1
  - 3e-05
  - 2.5e+300
  ints:
  - 0
  - -1
  - 9007199254740993
  - 9223372036854775807
  nested:
  - - 1
    - 2
  - - 3
  - []
  - {}
  - - []
  - - {}
  - a:
    - []
  - - a: 1
      b:
      - 1
      - 2
  - null
  - true
  - false
  - s
  - - - - deep
        - x: "y"
  nulls:
    a: null
    b:
      c: null
  seqmaps:
  - env: []
    name: a
    ports:
    - containerPort: 80
  - x:
      "y":
        z:
        - 1
  seqstr:
  - ""
  - "80"
  - "true"
  - "True"
  - "yes"
  - "y"
  - "n"
  - "on"
  - "off"
  - "null"
  - "~"
  - "1.5"
  - ".5"
  - "1e3"
  - "0x1F"
  - "0o17"
  - "0755"
  - "089"
  - "1_000"
  - "+1"
  - "-1"
  - '-'
  - --
  - '---'
  - '...'
  - 'a: b'
  - a:b
  - 'a #b'
  - a#b
  - '#a'
  - '- a'
  - -a
  - :a
  - '? a'
  - ?a
  - '[a]'
  - a[b]
  - '{a}'
  - a,b
  - '&a'
  - '*a'
  - '!a'
  - '|a'
  - '>a'
  - '''a'
  - '"a'
  - '%a'
  - '@a'
  - '`a'
  - ' a'
  - 'a '
  - "a\tb"
  - héllo
  - "emoji\U0001F600"
  - "1:20"
  - 1:70
  - "2025-01-01"
  - "2025-1-1"
  - "2025-01-01T00:00:00Z"
  - "2025-01-01 00:00:00"
  - 2025-13-01
  - "2025-01-01T00:00:00+01:00"
  - 2025-01-01X
  - "12:30:45"
  - |-
    a
    b
  - |
    a
    b
  - |+
    a
    b

  - |2-

    a
  - |2-
     a
    b
  - "a \nb"
  - |-
    a
     b
  - "a\tb\nc"
  - <<
  - =
  - "0b101"
  - "-0b101"
  - 1e400
  - ".inf"
  - ".nan"
  - "+.inf"
  - "Y"
  - "NO"
  - a'b
  - 'it''s a: test'
  - a\b
  - a"b
  -  x
  - 'x     y'
  - "ctl\a"
  - 1.2.3
  - v1.2
  - 1-2
  - "0"
  - "00"
  - "-0"
  - 1e
  - e1
  - 0x
  - 0xZ
  - .
  - ..
  - |
    a

    b
  - "a\r\nb"
  - "tab\tat end\n"
  - "12e+3"
  - "1."
  - "-.5"
  - "+.5"
  - _1
  - "1__0"
  - 0b
  - 0o8
  - 2025-02-29
  - "2024-02-29"
  - 2025-01-01T25:00:00Z
  - "2025-01-01t00:00:00Z"
  - "2025-01-01T00:00:00.123Z"
  - 2025-01-01T00:00:00+0100
  - "2025-01-01 1:2:3"
  - "2025-1-01T1:2:3Z"
  - 20250-01-01
  - Scaled up replica set nginx-deployment-79f7798cb5 from 0 to 3 and then some more
    words to exceed the width
  - 'a very long string with a colon: in the middle that needs single quotes because
    it has colon space and keeps going on'
  - "a very long string with a tab\tin the middle that needs double quotes because
    of the tab character and keeps going on"
  - ReplicaSet "nginx-deployment-79f7798cb5" has successfully progressed. ReplicaSet
    "nginx-deployment-79f7798cb5" has
  - xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
  - 'word word word word word word word word word word word word word word word word
    word word word word word word word word word word word word word word '
  - two  spaces  between  words  in  a  long  line  that  exceeds  the  width  of  eighty  columns  yes
  - '''quoted at start'' and then many more words here to make the line longer than
    eighty columns for sure ok'
  - "\ttab start and then many more words here to make the line longer than eighty
    columns for sure ok  yes"
  - '2025-01-01T00:00:00Z y y y y y y y y y y y y y y y y y y y y y y y y y y y y
    y y y y y y y y y y y y y y y y y y y y y y '
  - 'aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé aé
    aé aé aé aé aé aé aé aé aé aé aé aé aé aé '
status:
  zlast: |+
    end

"#,
    );

    #[test]
    fn strings_quote_and_fold_as_kubectl() {
        for (s, body) in STRINGS {
            let got = to_yaml(&json!({"metadata": {"annotations": {"kkkk": s}}}));
            let mut want = String::from("metadata:\n  annotations:\n    kkkk:");
            for (i, line) in body.split('\n').enumerate() {
                if i > 0 && !line.is_empty() {
                    want.push_str("    ");
                }
                want.push_str(line);
                want.push('\n');
            }
            assert_eq!(got, want, "string {s:?}");
        }
    }

    #[test]
    fn documents_match_kubectl() {
        for (input, want) in [DEPLOYMENT_LIST, POD, KEYS, STRUCTURE] {
            let v: Value = serde_json::from_str(input).unwrap();
            assert_eq!(to_yaml(&v), want);
        }
    }

    #[test]
    fn small_shapes() {
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(
            to_yaml(&json!({"a": [], "b": {}, "c": null, "d": [[1, [2]], {"e": [{}]}]})),
            "a: []\nb: {}\nc: null\nd:\n- - 1\n  - - 2\n- e:\n  - {}\n"
        );
        assert_eq!(to_yaml(&json!([{"a": 1, "b": 2}])), "- a: 1\n  b: 2\n");
        assert_eq!(
            to_yaml(&json!({"x": 1.0, "y": 0.25, "z": 1e-7})),
            "x: 1\n\"y\": 0.25\nz: 1e-07\n"
        );
    }

    #[test]
    fn go_yaml_key_order() {
        let mut keys = vec!["a10", "a9", "a-b", "aB", "_x", "b", "a1", "10", "9", ""];
        keys.sort_by(|a, b| key_cmp(a, b));
        assert_eq!(
            keys,
            ["", "_x", "9", "10", "a-b", "a1", "a9", "a10", "aB", "b"]
        );
    }
}
