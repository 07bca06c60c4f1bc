//! The filters a script pipes its output through (`… | grep error`, `… | tr a-z A-Z`,
//! `… | wc -l`): what they write, when, and their exit status.
//!
//! A filter reads the lines the left side wrote. `cat`, `tee` and `tr` pass each line on as it
//! comes (they write what they read at once); the others write to a pipe through stdio's full
//! buffering, so their output reaches the log when their input ends, except `head`, which
//! exits as soon as it has its lines. Anything else on the right of a `|` is not simulated.

use super::{Line, Piece};

/// A filter on the right of a `|`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Filter {
    Cat,
    Tee {
        path: String,
        append: bool,
    },
    Tr {
        from: Vec<char>,
        to: Vec<char>,
        delete: bool,
    },
    Grep(Grep),
    Wc(WcCount),
    Head(usize),
    /// The last N lines, or from line N on (`tail -n +N`).
    Tail {
        n: usize,
        from_start: bool,
    },
    Cut {
        delim: char,
        fields: Vec<(usize, usize)>,
        chars: bool,
        only_delimited: bool,
    },
    Sort {
        reverse: bool,
        numeric: bool,
        unique: bool,
    },
    Uniq {
        count: bool,
        only: Option<bool>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WcCount {
    Lines,
    Words,
    Bytes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Grep {
    pattern: Pattern,
    invert: bool,
    count: bool,
    quiet: bool,
    numbers: bool,
}

/// Lines a filter may hold for sorting or counting (a bounded script writes fewer).
const MAX_INPUT_LINES: usize = 100_000;

impl Filter {
    /// Reads a filter's argument vector; None for a program or option not simulated.
    pub(super) fn parse(argv: &[String]) -> Option<Filter> {
        let (name, args) = argv.split_first()?;
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let name = name.rsplit('/').next().unwrap_or(name);
        match name {
            "cat" => args.iter().all(|a| *a == "-").then_some(Filter::Cat),
            "tee" => match args.as_slice() {
                [path] if !path.starts_with('-') => Some(Filter::Tee {
                    path: path.to_string(),
                    append: false,
                }),
                ["-a", path] => Some(Filter::Tee {
                    path: path.to_string(),
                    append: true,
                }),
                _ => None,
            },
            "tr" => {
                let (delete, sets) = match args.as_slice() {
                    ["-d", set] => (true, vec![*set]),
                    [a, b] if !a.starts_with('-') => (false, vec![*a, *b]),
                    _ => return None,
                };
                let from = tr_set(sets[0])?;
                let to = match sets.get(1) {
                    Some(s) => tr_set(s)?,
                    None => Vec::new(),
                };
                if !delete && to.is_empty() {
                    return None;
                }
                Some(Filter::Tr { from, to, delete })
            }
            "grep" | "egrep" | "fgrep" => grep(name, &args).map(Filter::Grep),
            "wc" => match args.as_slice() {
                ["-l"] => Some(Filter::Wc(WcCount::Lines)),
                ["-w"] => Some(Filter::Wc(WcCount::Words)),
                ["-c"] => Some(Filter::Wc(WcCount::Bytes)),
                _ => None,
            },
            "head" => Some(Filter::Head(count_arg(&args, false)?.0)),
            "tail" => {
                let (n, from_start) = count_arg(&args, true)?;
                Some(Filter::Tail { n, from_start })
            }
            "cut" => cut(&args),
            "sort" => {
                let (mut reverse, mut numeric, mut unique) = (false, false, false);
                for a in &args {
                    let flags = a.strip_prefix('-').filter(|f| !f.is_empty())?;
                    for f in flags.chars() {
                        match f {
                            'r' => reverse = true,
                            'n' => numeric = true,
                            'u' => unique = true,
                            _ => return None,
                        }
                    }
                }
                Some(Filter::Sort {
                    reverse,
                    numeric,
                    unique,
                })
            }
            "uniq" => match args.as_slice() {
                [] => Some(Filter::Uniq {
                    count: false,
                    only: None,
                }),
                ["-c"] => Some(Filter::Uniq {
                    count: true,
                    only: None,
                }),
                ["-d"] => Some(Filter::Uniq {
                    count: false,
                    only: Some(true),
                }),
                ["-u"] => Some(Filter::Uniq {
                    count: false,
                    only: Some(false),
                }),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether it writes each line as it reads it (so it may follow an endless loop).
    pub(super) fn streams(&self) -> bool {
        matches!(self, Filter::Cat | Filter::Tee { .. } | Filter::Tr { .. })
    }

    /// What it writes given the lines it reads (its input ending `eof_ms` into the run), and
    /// its exit status; None when it needs the text of a line that holds a `$(date)`.
    pub(super) fn apply(&self, input: Vec<Line>, eof_ms: u64) -> Option<(Vec<Line>, i32)> {
        if input.len() > MAX_INPUT_LINES {
            return None;
        }
        let at_eof = |texts: Vec<String>| -> Vec<Line> {
            texts
                .into_iter()
                .map(|t| Line {
                    at_ms: eof_ms,
                    pieces: vec![Piece::Text(t)],
                    err: false,
                })
                .collect()
        };
        let texts = || -> Option<Vec<String>> { input.iter().map(text_of).collect() };
        Some(match self {
            Filter::Cat | Filter::Tee { .. } => (input, 0),
            Filter::Tr { from, to, delete } => (tr(&input, from, to, *delete)?, 0),
            Filter::Grep(g) => {
                let mut out = Vec::new();
                let mut matched = 0usize;
                for (i, t) in texts()?.into_iter().enumerate() {
                    if g.pattern.is_match(&t) != g.invert {
                        matched += 1;
                        if g.numbers {
                            out.push(format!("{}:{t}", i + 1));
                        } else {
                            out.push(t);
                        }
                    }
                }
                let status = if matched > 0 { 0 } else { 1 };
                if g.quiet {
                    (Vec::new(), status)
                } else if g.count {
                    (at_eof(vec![matched.to_string()]), status)
                } else {
                    (at_eof(out), status)
                }
            }
            Filter::Wc(what) => {
                let n = match what {
                    WcCount::Lines => input.len(),
                    WcCount::Words => texts()?
                        .iter()
                        .map(|t| t.split_ascii_whitespace().count())
                        .sum(),
                    WcCount::Bytes => texts()?.iter().map(|t| t.len() + 1).sum(),
                };
                (at_eof(vec![n.to_string()]), 0)
            }
            Filter::Head(n) => {
                // it exits once it has its lines: they reach the log then
                let at = if input.len() >= *n && *n > 0 {
                    input[*n - 1].at_ms
                } else {
                    eof_ms
                };
                let lines = input
                    .into_iter()
                    .take(*n)
                    .map(|l| Line { at_ms: at, ..l })
                    .collect();
                (lines, 0)
            }
            Filter::Tail { n, from_start } => {
                let skip = if *from_start {
                    n.saturating_sub(1)
                } else {
                    input.len().saturating_sub(*n)
                };
                let lines = input
                    .into_iter()
                    .skip(skip)
                    .map(|l| Line { at_ms: eof_ms, ..l })
                    .collect();
                (lines, 0)
            }
            Filter::Cut {
                delim,
                fields,
                chars,
                only_delimited,
            } => {
                let mut out = Vec::new();
                for t in texts()? {
                    let wanted = |i: usize| fields.iter().any(|(a, b)| (*a..=*b).contains(&i));
                    if *chars {
                        out.push(
                            t.chars()
                                .enumerate()
                                .filter(|(i, _)| wanted(i + 1))
                                .map(|(_, c)| c)
                                .collect(),
                        );
                    } else if !t.contains(*delim) {
                        if !only_delimited {
                            out.push(t);
                        }
                    } else {
                        let parts: Vec<&str> = t
                            .split(*delim)
                            .enumerate()
                            .filter(|(i, _)| wanted(i + 1))
                            .map(|(_, p)| p)
                            .collect();
                        out.push(parts.join(&delim.to_string()));
                    }
                }
                (at_eof(out), 0)
            }
            Filter::Sort {
                reverse,
                numeric,
                unique,
            } => {
                let mut t = texts()?;
                if *numeric {
                    t.sort_by(|a, b| {
                        numeric_prefix(a)
                            .total_cmp(&numeric_prefix(b))
                            .then_with(|| a.as_bytes().cmp(b.as_bytes()))
                    });
                } else {
                    t.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
                }
                if *reverse {
                    t.reverse();
                }
                if *unique {
                    if *numeric {
                        t.dedup_by(|a, b| numeric_prefix(a) == numeric_prefix(b));
                    } else {
                        t.dedup();
                    }
                }
                (at_eof(t), 0)
            }
            Filter::Uniq { count, only } => {
                let mut runs: Vec<(usize, String)> = Vec::new();
                for t in texts()? {
                    match runs.last_mut() {
                        Some((n, last)) if *last == t => *n += 1,
                        _ => runs.push((1, t)),
                    }
                }
                let out = runs
                    .into_iter()
                    .filter(|(n, _)| only.is_none_or(|dup| (*n > 1) == dup))
                    .map(|(n, t)| if *count { format!("{n:>7} {t}") } else { t })
                    .collect();
                (at_eof(out), 0)
            }
        })
    }
}

/// A line's text, when it holds no `$(date)` (whose text is only known when the log is read).
fn text_of(l: &Line) -> Option<String> {
    l.pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => Some(t.as_str()),
            Piece::Date | Piece::LogTime | Piece::JsDate => None,
        })
        .collect()
}

/// `sort -n`'s key: the number a line starts with (after blanks), 0 for none.
fn numeric_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let end = t
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
        .map_or(t.len(), |(i, _)| i);
    t[..end].parse().unwrap_or(0.0)
}

/// `head`/`tail`'s line count: `-n N`, `-nN`, `-N`, none (10); `tail -n +N` counts from the
/// start.
fn count_arg(args: &[&str], tail: bool) -> Option<(usize, bool)> {
    let n = match args {
        [] => "10",
        ["-n", n] => n,
        [a] if a.starts_with("-n") => &a[2..],
        [a] => a
            .strip_prefix('-')
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?,
        _ => return None,
    };
    let (from_start, digits) = match n.strip_prefix('+') {
        Some(d) if tail => (true, d),
        _ => (false, n),
    };
    Some((digits.parse().ok()?, from_start))
}

fn cut(args: &[&str]) -> Option<Filter> {
    let mut delim = '\t';
    let mut list = None;
    let mut chars = false;
    let mut only_delimited = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        let mut value = |flag: &str| -> Option<String> {
            if a == flag {
                i += 1;
                args.get(i).map(|s| s.to_string())
            } else {
                Some(a[flag.len()..].to_string())
            }
        };
        if a.starts_with("-d") {
            let d = value("-d")?;
            let mut cs = d.chars();
            delim = cs.next()?;
            if cs.next().is_some() {
                return None;
            }
        } else if a.starts_with("-f") {
            list = Some(value("-f")?);
        } else if a.starts_with("-c") {
            list = Some(value("-c")?);
            chars = true;
        } else if a == "-s" {
            only_delimited = true;
        } else {
            return None;
        }
        i += 1;
    }
    let mut fields = Vec::new();
    for item in list?.split(',') {
        let range = match item.split_once('-') {
            None => {
                let n: usize = item.parse().ok()?;
                (n, n)
            }
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().ok()? },
                if b.is_empty() {
                    usize::MAX
                } else {
                    b.parse().ok()?
                },
            ),
        };
        if range.0 == 0 || range.0 > range.1 {
            return None;
        }
        fields.push(range);
    }
    Some(Filter::Cut {
        delim,
        fields,
        chars,
        only_delimited,
    })
}

/// A `tr` set: characters, ranges (`a-z`), classes (`[:upper:]`) and escapes (`\n`).
fn tr_set(s: &str) -> Option<Vec<char>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i..].iter().collect();
            // the class name starts after `[:` (a `[:]` is no class)
            let end = rest.get(2..)?.find(":]")? + 2;
            let class: Vec<char> = match &rest[2..end] {
                "lower" => ('a'..='z').collect(),
                "upper" => ('A'..='Z').collect(),
                "digit" => ('0'..='9').collect(),
                "alpha" => ('A'..='Z').chain('a'..='z').collect(),
                "alnum" => ('0'..='9').chain('A'..='Z').chain('a'..='z').collect(),
                "space" => vec![' ', '\t', '\n', '\r', '\x0b', '\x0c'],
                "blank" => vec![' ', '\t'],
                _ => return None,
            };
            out.extend(class);
            i += end + 2;
            continue;
        }
        let (c, next) = match chars[i] {
            '\\' => match chars.get(i + 1) {
                Some('n') => ('\n', i + 2),
                Some('t') => ('\t', i + 2),
                Some('r') => ('\r', i + 2),
                Some('\\') => ('\\', i + 2),
                Some(&c) => (c, i + 2),
                None => ('\\', i + 1),
            },
            c => (c, i + 1),
        };
        if chars.get(next) == Some(&'-') && next + 1 < chars.len() {
            let end = chars[next + 1];
            if end < c {
                return None;
            }
            out.extend(c..=end);
            i = next + 2;
        } else {
            out.push(c);
            i = next;
        }
        if out.len() > 4096 {
            return None;
        }
    }
    Some(out)
}

/// `tr` over the lines as one stream (a newline may become a space): a line reaches the log
/// when its newline is written, at the time the line it came from was read.
fn tr(input: &[Line], from: &[char], to: &[char], delete: bool) -> Option<Vec<Line>> {
    let map = |c: char| -> Option<char> {
        match from.iter().rposition(|&f| f == c) {
            None => Some(c),
            Some(_) if delete => None,
            // a shorter second set repeats its last character
            Some(i) => Some(*to.get(i).or(to.last())?),
        }
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut last_at = 0;
    for l in input {
        let text = text_of(l)? + "\n";
        last_at = l.at_ms;
        for c in text.chars().filter_map(map) {
            if c == '\n' {
                out.push(Line {
                    at_ms: l.at_ms,
                    pieces: vec![Piece::Text(std::mem::take(&mut current))],
                    err: false,
                });
            } else {
                current.push(c);
            }
        }
    }
    if !current.is_empty() {
        // the runtime writes a last line without its newline when the stream ends
        out.push(Line {
            at_ms: last_at,
            pieces: vec![Piece::Text(current)],
            err: false,
        });
    }
    Some(out)
}

fn grep(name: &str, args: &[&str]) -> Option<Grep> {
    let mut extended = name == "egrep";
    let mut fixed = name == "fgrep";
    let (mut invert, mut count, mut quiet, mut numbers, mut ignore_case) =
        (false, false, false, false, false);
    let mut pattern = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i];
        if a == "-e" {
            i += 1;
            pattern = Some(*args.get(i)?);
        } else if let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) {
            for f in flags.chars() {
                match f {
                    'v' => invert = true,
                    'c' => count = true,
                    'q' => quiet = true,
                    'n' => numbers = true,
                    'i' => ignore_case = true,
                    'E' => extended = true,
                    'F' => fixed = true,
                    _ => return None,
                }
            }
        } else if pattern.is_none() {
            pattern = Some(a);
        } else {
            // a file operand: grep reads the file, not the pipe
            return None;
        }
        i += 1;
    }
    Some(Grep {
        pattern: Pattern::compile(pattern?, extended, fixed, ignore_case)?,
        invert,
        count,
        quiet,
        numbers,
    })
}

/// A regular expression of the kind grep is given: literals, `.`, `[…]`, `*` (and `+`, `?`
/// with `-E`), anchored with `^`/`$`. Groups, alternation and intervals are not read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    atoms: Vec<(Atom, Repeat)>,
    start: bool,
    end: bool,
    ignore_case: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Char(char),
    Any,
    Set(Vec<(char, char)>, bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    One,
    /// `*`
    Any,
    /// `+`
    Some,
    /// `?`
    Maybe,
}

impl Pattern {
    fn compile(src: &str, extended: bool, fixed: bool, ignore_case: bool) -> Option<Pattern> {
        let fold = |c: char| {
            if ignore_case {
                c.to_ascii_lowercase()
            } else {
                c
            }
        };
        if fixed {
            return Some(Pattern {
                atoms: src
                    .chars()
                    .map(|c| (Atom::Char(fold(c)), Repeat::One))
                    .collect(),
                start: false,
                end: false,
                ignore_case,
            });
        }
        let chars: Vec<char> = src.chars().collect();
        let mut i = 0;
        let start = chars.first() == Some(&'^');
        if start {
            i = 1;
        }
        let mut end_at = chars.len();
        let end =
            end_at > i && chars[end_at - 1] == '$' && (end_at < 2 || chars[end_at - 2] != '\\');
        if end {
            end_at -= 1;
        }
        let mut atoms: Vec<(Atom, Repeat)> = Vec::new();
        while i < end_at {
            let c = chars[i];
            let repeat = match c {
                '*' if !atoms.is_empty() => Some(Repeat::Any),
                '+' if extended && !atoms.is_empty() => Some(Repeat::Some),
                '?' if extended && !atoms.is_empty() => Some(Repeat::Maybe),
                _ => None,
            };
            if let Some(r) = repeat {
                let last = atoms.last_mut()?;
                if last.1 != Repeat::One {
                    return None;
                }
                last.1 = r;
                i += 1;
                continue;
            }
            let atom = match c {
                '.' => Atom::Any,
                '[' => {
                    let (set, next) = pattern_set(&chars, i, &fold)?;
                    i = next;
                    atoms.push((set, Repeat::One));
                    continue;
                }
                '\\' => {
                    let n = *chars.get(i + 1)?;
                    if n.is_ascii_alphanumeric() || "(){}|+?<>".contains(n) {
                        return None;
                    }
                    i += 1;
                    Atom::Char(fold(n))
                }
                '(' | ')' | '|' | '{' | '}' if extended => return None,
                '^' | '$' if extended => return None,
                c => Atom::Char(fold(c)),
            };
            atoms.push((atom, Repeat::One));
            i += 1;
        }
        Some(Pattern {
            atoms,
            start,
            end,
            ignore_case,
        })
    }

    /// Whether it matches somewhere in the line: a simulation of the automaton, linear in
    /// the line's length whatever the pattern.
    fn is_match(&self, line: &str) -> bool {
        let text: Vec<char> = if self.ignore_case {
            line.chars().map(|c| c.to_ascii_lowercase()).collect()
        } else {
            line.chars().collect()
        };
        let n = self.atoms.len();
        let mut states = vec![false; n + 1];
        let close = |states: &mut Vec<bool>| {
            for i in 0..n {
                if states[i] && matches!(self.atoms[i].1, Repeat::Any | Repeat::Maybe) {
                    states[i + 1] = true;
                }
            }
        };
        states[0] = true;
        close(&mut states);
        for (pos, &c) in text.iter().enumerate() {
            if states[n] && !self.end {
                return true;
            }
            let mut next = vec![false; n + 1];
            for i in 0..n {
                if states[i] && self.atoms[i].0.matches(c) {
                    match self.atoms[i].1 {
                        Repeat::One | Repeat::Maybe => next[i + 1] = true,
                        Repeat::Any | Repeat::Some => {
                            next[i] = true;
                            next[i + 1] = true;
                        }
                    }
                }
            }
            if !self.start {
                next[0] = true;
            }
            close(&mut next);
            states = next;
            let _ = pos;
        }
        states[n]
    }
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Char(x) => *x == c,
            Atom::Any => true,
            Atom::Set(ranges, negate) => {
                ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) != *negate
            }
        }
    }
}

/// A bracket expression `[…]` starting at `chars[at]`, and where the pattern goes on.
fn pattern_set(chars: &[char], at: usize, fold: &dyn Fn(char) -> char) -> Option<(Atom, usize)> {
    let mut i = at + 1;
    let negate = chars.get(i) == Some(&'^');
    if negate {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Atom::Set(ranges, negate), i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i..].iter().collect();
            let end = rest.get(2..)?.find(":]")? + 2;
            match &rest[2..end] {
                "digit" => ranges.push(('0', '9')),
                "lower" => ranges.push(('a', 'z')),
                "upper" => ranges.push(('A', 'Z')),
                "alpha" => ranges.extend([('a', 'z'), ('A', 'Z')]),
                "alnum" => ranges.extend([('a', 'z'), ('A', 'Z'), ('0', '9')]),
                "space" => ranges.extend([(' ', ' '), ('\t', '\r')]),
                _ => return None,
            }
            i += end + 2;
            continue;
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&e| e != ']') {
            let (a, b) = (fold(c), fold(chars[i + 2]));
            ranges.push((a.min(b), a.max(b)));
            i += 3;
        } else {
            ranges.push((fold(c), fold(c)));
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                at_ms: i as u64 * 1000,
                pieces: vec![Piece::Text(t.to_string())],
                err: false,
            })
            .collect()
    }

    /// The filter's output text and status, each checked against busybox 1.35.
    fn run(argv: &str, input: &[&str]) -> (Vec<String>, i32) {
        let argv: Vec<String> = argv.split(' ').map(str::to_string).collect();
        let f = Filter::parse(&argv).unwrap_or_else(|| panic!("{argv:?} not read"));
        let (out, status) = f.apply(lines(input), 9_000).expect("applies");
        (out.iter().map(|l| text_of(l).unwrap()).collect(), status)
    }

    fn out(argv: &str, input: &[&str]) -> Vec<String> {
        run(argv, input).0
    }

    #[test]
    fn malformed_classes_and_counts_are_not_read() {
        for argv in [
            ["grep", "[[:]"],
            ["tr", "[:]"],
            ["head", "é"],
            ["tail", "é"],
        ] {
            let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
            if let Some(f) = Filter::parse(&argv) {
                // read or not, never a panic
                let _ = f.apply(lines(&["hi"]), 9_000);
            }
        }
    }

    #[test]
    fn filters_as_busybox_runs_them() {
        let input = ["b 2", "a 10", "c 1", "a 10"];
        assert_eq!(out("tr a-z A-Z", &input), ["B 2", "A 10", "C 1", "A 10"]);
        assert_eq!(out("tr [:lower:] [:upper:]", &["hi"]), ["HI"]);
        assert_eq!(out("tr -d 0", &input), ["b 2", "a 1", "c 1", "a 1"]);
        assert_eq!(out("tr \\n ,", &["a", "b"]), ["a,b,"]);
        assert_eq!(out("tr abc x", &["abcd"]), ["xxxd"]);
        assert_eq!(
            run("grep a", &input),
            (vec!["a 10".into(), "a 10".into()], 0)
        );
        assert_eq!(run("grep z", &input), (vec![], 1));
        assert_eq!(out("grep -v a", &input), ["b 2", "c 1"]);
        assert_eq!(out("grep -i A", &input), ["a 10", "a 10"]);
        assert_eq!(run("grep -c a", &input), (vec!["2".into()], 0));
        assert_eq!(run("grep -c z", &input), (vec!["0".into()], 1));
        assert_eq!(run("grep -q c", &input), (vec![], 0));
        assert_eq!(out("grep -n c", &input), ["3:c 1"]);
        assert_eq!(out("grep ^a.1", &input), ["a 10", "a 10"]);
        assert_eq!(out("grep 1$", &input), ["c 1"]);
        assert_eq!(out("grep [bc]", &input), ["b 2", "c 1"]);
        assert_eq!(out("grep -E 10?$", &input), ["a 10", "c 1", "a 10"]);
        assert_eq!(out("grep a.*0", &input), ["a 10", "a 10"]);
        assert_eq!(out("wc -l", &input), ["4"]);
        assert_eq!(out("wc -w", &input), ["8"]);
        assert_eq!(out("wc -c", &input), ["18"]);
        assert_eq!(out("head -n 2", &input), ["b 2", "a 10"]);
        assert_eq!(out("head -1", &input), ["b 2"]);
        assert_eq!(out("tail -n 1", &input), ["a 10"]);
        assert_eq!(out("tail -n +3", &input), ["c 1", "a 10"]);
        assert_eq!(out("cut -d: -f2", &["b:2", "a:10"]), ["2", "10"]);
        assert_eq!(out("cut -d: -f1,3", &["a:b:c", "plain"]), ["a:c", "plain"]);
        assert_eq!(out("cut -c 1-2", &["hello"]), ["he"]);
        assert_eq!(out("sort", &input), ["a 10", "a 10", "b 2", "c 1"]);
        assert_eq!(out("sort -r", &input), ["c 1", "b 2", "a 10", "a 10"]);
        assert_eq!(out("sort -u", &input), ["a 10", "b 2", "c 1"]);
        assert_eq!(
            out("sort -n", &["10", "9", "x", "-1"]),
            ["-1", "x", "9", "10"]
        );
        assert_eq!(out("uniq", &["a", "a", "b", "a"]), ["a", "b", "a"]);
        assert_eq!(out("uniq -c", &["a", "a", "b"]), ["      2 a", "      1 b"]);
        assert_eq!(out("uniq -d", &["a", "a", "b"]), ["a"]);
        assert_eq!(out("cat", &input), input);
        for unread in [
            "awk {print}",
            "sed s/a/b/",
            "grep",
            "grep a file",
            "wc",
            "tr -s a",
            "sort -k2",
            "grep -E (a|b)",
            "grep a\\{2\\}",
        ] {
            let argv: Vec<String> = unread.split(' ').map(str::to_string).collect();
            assert_eq!(Filter::parse(&argv), None, "{unread}");
        }
    }

    #[test]
    fn buffered_filters_write_when_their_input_ends() {
        let f = Filter::parse(&["grep".into(), "a".into()]).unwrap();
        let (out, _) = f.apply(lines(&["a", "b", "a"]), 9_000).unwrap();
        assert!(out.iter().all(|l| l.at_ms == 9_000));
        let f = Filter::parse(&["cat".into()]).unwrap();
        let (out, _) = f.apply(lines(&["a", "b"]), 9_000).unwrap();
        assert_eq!(out[1].at_ms, 1_000);
        let f = Filter::parse(&["head".into(), "-n".into(), "2".into()]).unwrap();
        let (out, _) = f.apply(lines(&["a", "b", "c"]), 9_000).unwrap();
        assert!(out.iter().all(|l| l.at_ms == 1_000));
    }

    #[test]
    fn hostile_patterns_stay_linear() {
        let p = Pattern::compile(&"a*".repeat(500), false, false, false).unwrap();
        assert!(p.is_match(&"a".repeat(5_000)));
        assert!(Pattern::compile("[", false, false, false).is_none());
        assert!(Pattern::compile("a**", false, false, false).is_none());
    }
}
