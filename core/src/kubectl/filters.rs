//! The shell builtins and text filters a tutorial pipes kubectl into: `echo`, `cat`, `true`,
//! `false`, `grep`, `head`, `tail`, `wc` and `sed` (`sed.rs`), as GNU coreutils/grep/sed print them, reading the
//! previous pipeline stage's output (see `compound.rs`). There are no files: a file operand is
//! "No such file or directory".

use crate::output::CommandOutput;

/// Runs `argv` if it names a builtin or filter; `None` for anything else.
pub fn run(argv: &[String], stdin: Option<&str>) -> Option<CommandOutput> {
    let (program, args) = argv.split_first()?;
    let input = stdin.unwrap_or("");
    Some(match program.as_str() {
        "echo" => echo(args),
        "cat" => cat(args, input),
        "true" => CommandOutput::new(),
        "false" => exit(1),
        "grep" => grep(args, input),
        "head" => head_tail("head", args, input),
        "tail" => head_tail("tail", args, input),
        "wc" => wc(args, input),
        "sed" => super::sed::sed(args, input),
        _ => return None,
    })
}

fn exit(code: i32) -> CommandOutput {
    let mut o = CommandOutput::new();
    o.exit_code = code;
    o
}

fn failure(message: String, code: i32) -> CommandOutput {
    let mut o = CommandOutput::failure(message);
    o.exit_code = code;
    o
}

fn no_such_file(program: &str, file: &str, code: i32) -> CommandOutput {
    failure(
        format!("{program}: {file}: No such file or directory"),
        code,
    )
}

/// bash's builtin: arguments joined by spaces; `-n` drops the newline, `-e` reads `\n`, `\t`
/// and `\\` escapes.
fn echo(args: &[String]) -> CommandOutput {
    let (mut newline, mut escapes, mut i) = (true, false, 0);
    while let Some(flag) = args.get(i) {
        let letters = flag.strip_prefix('-').unwrap_or("");
        if letters.is_empty() || !letters.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for c in letters.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        i += 1;
    }
    let mut text = args[i..].join(" ");
    if escapes {
        text = text
            .replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\\\", "\\");
    }
    if newline {
        text.push('\n');
    }
    let mut o = CommandOutput::new();
    o.out(text);
    o
}

fn cat(args: &[String], input: &str) -> CommandOutput {
    match args.iter().find(|a| *a != "-") {
        Some(file) => no_such_file("cat", file, 1),
        None => {
            let mut o = CommandOutput::new();
            o.out(input);
            o
        }
    }
}

/// The input's lines, each without its newline.
fn lines(input: &str) -> Vec<&str> {
    input.lines().collect()
}

fn print_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> CommandOutput {
    let mut text = String::new();
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    let mut o = CommandOutput::new();
    o.out(text);
    o
}

/// `head`/`tail` with `-n N`, `-nN`, `--lines=N`, `-N` (and tail's `-n +N`: from line N on).
fn head_tail(program: &str, args: &[String], input: &str) -> CommandOutput {
    let mut count = "10".to_string();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "-n" {
            match args.get(i + 1) {
                Some(n) => count = n.clone(),
                None => return failure(format!("{program}: option requires an argument -- 'n'\nTry '{program} --help' for more information."), 1),
            }
            i += 2;
            continue;
        }
        if let Some(n) = a.strip_prefix("--lines=").or_else(|| a.strip_prefix("-n")) {
            count = n.to_string();
        } else if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| c.is_ascii_digit()) {
            count = a[1..].to_string();
        } else if a == "-" {
        } else if a.starts_with('-') {
            return failure(
                format!("{program}: invalid option -- '{}'\nTry '{program} --help' for more information.", a.trim_start_matches('-').chars().next().unwrap_or('-')),
                1,
            );
        } else {
            return failure(
                format!("{program}: cannot open '{a}' for reading: No such file or directory"),
                1,
            );
        }
        i += 1;
    }
    let all = lines(input);
    let from_start = program == "tail" && count.starts_with('+');
    let Ok(n) = count.trim_start_matches('+').parse::<usize>() else {
        return failure(format!("{program}: invalid number of lines: ‘{count}’"), 1);
    };
    let picked: &[&str] = if program == "head" {
        &all[..n.min(all.len())]
    } else if from_start {
        &all[n.saturating_sub(1).min(all.len())..]
    } else {
        &all[all.len().saturating_sub(n)..]
    };
    print_lines(picked.iter().copied())
}

/// `wc` with `-l`, `-w`, `-c`/`-m` (default all three: lines, words, bytes), as GNU prints a
/// count of standard input: a lone count unpadded, several right-aligned in 7 columns.
fn wc(args: &[String], input: &str) -> CommandOutput {
    let (mut l, mut w, mut c) = (false, false, false);
    for a in args {
        match a.as_str() {
            "-" => {}
            "--lines" => l = true,
            "--words" => w = true,
            "--bytes" | "--chars" => c = true,
            s if s.starts_with('-') && s.len() > 1 => {
                for ch in s[1..].chars() {
                    match ch {
                        'l' => l = true,
                        'w' => w = true,
                        'c' | 'm' => c = true,
                        other => {
                            return failure(
                                format!("wc: invalid option -- '{other}'\nTry 'wc --help' for more information."),
                                1,
                            )
                        }
                    }
                }
            }
            file => return no_such_file("wc", file, 1),
        }
    }
    if !(l || w || c) {
        (l, w, c) = (true, true, true);
    }
    let counts: Vec<usize> = [
        (l, input.matches('\n').count()),
        (w, input.split_whitespace().count()),
        (c, input.len()),
    ]
    .into_iter()
    .filter_map(|(on, n)| on.then_some(n))
    .collect();
    let text = if counts.len() == 1 {
        counts[0].to_string()
    } else {
        counts
            .iter()
            .map(|n| format!("{n:>7}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut o = CommandOutput::new();
    o.out(text + "\n");
    o
}

// ---- grep ----

const GREP_USAGE: &str =
    "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.";

#[derive(Default)]
struct GrepOptions {
    patterns: Vec<String>,
    extended: bool,
    fixed: bool,
    ignore_case: bool,
    invert: bool,
    count: bool,
    numbers: bool,
    quiet: bool,
    word: bool,
    line: bool,
    after: usize,
    before: usize,
}

fn grep(args: &[String], input: &str) -> CommandOutput {
    let opts = match grep_options(args) {
        Ok(o) => o,
        Err(e) => return failure(e, 2),
    };
    let regexes: Result<Vec<Regex>, String> = opts
        .patterns
        .iter()
        .map(|p| Regex::parse(p, &opts))
        .collect();
    let regexes = match regexes {
        Ok(r) => r,
        Err(e) => return failure(format!("grep: {e}"), 2),
    };
    let all = lines(input);
    let selected: Vec<bool> = all
        .iter()
        .map(|l| regexes.iter().any(|r| r.matches(l)) != opts.invert)
        .collect();
    let hits = selected.iter().filter(|s| **s).count();
    let mut o = CommandOutput::new();
    o.exit_code = if hits > 0 { 0 } else { 1 };
    if opts.quiet {
        return o;
    }
    if opts.count {
        o.out(format!("{hits}\n"));
        return o;
    }
    let mut text = String::new();
    let mut last_printed: Option<usize> = None;
    let mut after_left = 0;
    let context = opts.after > 0 || opts.before > 0;
    for (i, line) in all.iter().enumerate() {
        let printed_as = if selected[i] {
            after_left = opts.after;
            Some(':')
        } else if after_left > 0 {
            after_left -= 1;
            Some('-')
        } else if selected[i + 1..].iter().take(opts.before).any(|s| *s) {
            Some('-')
        } else {
            None
        };
        let Some(sep) = printed_as else { continue };
        if context && last_printed.is_some_and(|p| p + 1 < i) {
            text.push_str("--\n");
        }
        if opts.numbers {
            text.push_str(&format!("{}{sep}", i + 1));
        }
        text.push_str(line);
        text.push('\n');
        last_printed = Some(i);
    }
    o.out(text);
    o
}

fn grep_options(args: &[String]) -> Result<GrepOptions, String> {
    let mut o = GrepOptions::default();
    let mut operands = Vec::new();
    let number = |flag: char, v: Option<&String>| -> Result<usize, String> {
        let v = v.ok_or_else(|| {
            format!("grep: option requires an argument -- '{flag}'\n{GREP_USAGE}")
        })?;
        v.parse()
            .map_err(|_| format!("grep: {v}: invalid context length argument"))
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            operands.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "extended-regexp" => o.extended = true,
                "fixed-strings" => o.fixed = true,
                "ignore-case" => o.ignore_case = true,
                "invert-match" => o.invert = true,
                "count" => o.count = true,
                "line-number" => o.numbers = true,
                "quiet" | "silent" => o.quiet = true,
                "word-regexp" => o.word = true,
                "line-regexp" => o.line = true,
                l if l.starts_with("color") || l.starts_with("colour") => {}
                _ => return Err(format!("grep: unrecognized option '{a}'\n{GREP_USAGE}")),
            }
            continue;
        }
        let Some(flags) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            operands.push(a.clone());
            continue;
        };
        if flags.chars().all(|c| c.is_ascii_digit()) {
            let n = number('C', Some(&flags.to_string()))?;
            (o.after, o.before) = (n, n);
            continue;
        }
        for (k, flag) in flags.char_indices() {
            let attached = &flags[k + flag.len_utf8()..];
            match flag {
                'E' => o.extended = true,
                'F' => o.fixed = true,
                'G' => o.extended = false,
                'i' | 'y' => o.ignore_case = true,
                'v' => o.invert = true,
                'c' => o.count = true,
                'n' => o.numbers = true,
                'q' | 's' => o.quiet = o.quiet || flag == 'q',
                'w' => o.word = true,
                'x' => o.line = true,
                'h' | 'H' => {}
                'A' | 'B' | 'C' | 'e' => {
                    let value = if attached.is_empty() {
                        i += 1;
                        args.get(i - 1).cloned()
                    } else {
                        Some(attached.to_string())
                    };
                    match flag {
                        'e' => o.patterns.push(value.ok_or_else(|| {
                            format!("grep: option requires an argument -- 'e'\n{GREP_USAGE}")
                        })?),
                        'A' => o.after = number(flag, value.as_ref())?,
                        'B' => o.before = number(flag, value.as_ref())?,
                        _ => {
                            let n = number(flag, value.as_ref())?;
                            (o.after, o.before) = (n, n);
                        }
                    }
                    break;
                }
                other => return Err(format!("grep: invalid option -- '{other}'\n{GREP_USAGE}")),
            }
        }
    }
    let mut operands = operands.into_iter();
    if o.patterns.is_empty() {
        o.patterns
            .push(operands.next().ok_or_else(|| GREP_USAGE.to_string())?);
    }
    if let Some(file) = operands.next() {
        return Err(format!("grep: {file}: No such file or directory"));
    }
    Ok(o)
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Char(char),
    Any,
    /// A bracket expression: ranges (a lone character is a range of one), negated or not.
    Class(bool, Vec<(char, char)>),
    /// A parenthesised alternation.
    Group(Vec<Branch>),
    Start,
    End,
}

/// How often an atom may repeat: `(min, max)`.
type Repeat = (usize, usize);
const ONCE: Repeat = (1, 1);

/// A sequence of atoms, each with its repetition.
type Branch = Vec<(Atom, Repeat)>;

/// The regular expressions grep users type, basic (`\|`, `\+`, `\?`, `\(…\)`, `\{n,m\}`,
/// GNU's extensions) or extended with -E (`|`, `+`, `?`, `(…)`, `{n,m}`): literals, `.`,
/// bracket expressions, `^`, `$`, `*`. Back-references and character classes like `[:digit:]`
/// are matched literally.
pub(super) struct Regex {
    branches: Vec<Branch>,
    ignore_case: bool,
    word: bool,
    line: bool,
}

/// Parses a pattern into alternatives.
struct PatternParser<'a> {
    chars: Vec<char>,
    at: usize,
    extended: bool,
    fold: &'a dyn Fn(char) -> char,
}

impl PatternParser<'_> {
    /// Alternatives up to the end, or (inside a group) up to its closing parenthesis.
    fn alternation(&mut self, depth: usize) -> Result<Vec<Branch>, String> {
        if depth > MAX_PATTERN_NESTING {
            return Err("regular expression too big".into());
        }
        let ext = self.extended;
        let mut branches: Vec<Branch> = vec![Vec::new()];
        while let Some(&c) = self.chars.get(self.at) {
            self.at += 1;
            let escaped = c == '\\';
            let c = if escaped {
                let n = *self.chars.get(self.at).ok_or("trailing backslash (\\)")?;
                self.at += 1;
                n
            } else {
                c
            };
            // Whether `c` has its special meaning: ERE specials unescaped, BRE's escaped.
            let special = |ch: char| c == ch && escaped != ext;
            let branch_empty = branches.last().is_some_and(Vec::is_empty);
            let atom = if special('|') {
                branches.push(Vec::new());
                continue;
            } else if special(')') {
                if depth == 0 {
                    if ext {
                        return Err("Unmatched ) or \\)".into());
                    }
                    Atom::Char(')')
                } else {
                    return Ok(branches);
                }
            } else if special('(') {
                Atom::Group(self.alternation(depth + 1)?)
            } else if special('{') && !branch_empty {
                let before = self.at;
                match self.interval() {
                    Ok(r) => {
                        set_repeat(&mut branches, r);
                        continue;
                    }
                    // GNU grep -E reads a brace that starts no valid interval literally.
                    Err(_) if ext => {
                        self.at = before;
                        Atom::Char('{')
                    }
                    Err(e) => return Err(e),
                }
            } else if special('+') && !branch_empty {
                set_repeat(&mut branches, (1, usize::MAX));
                continue;
            } else if special('?') && !branch_empty {
                set_repeat(&mut branches, (0, 1));
                continue;
            } else if c == '*' && !escaped && !branch_empty {
                set_repeat(&mut branches, (0, usize::MAX));
                continue;
            } else if escaped {
                Atom::Char((self.fold)(c))
            } else {
                match c {
                    '.' => Atom::Any,
                    '^' if branch_empty => Atom::Start,
                    '$' if self.at_branch_end() => Atom::End,
                    '[' => self.bracket()?,
                    c => Atom::Char((self.fold)(c)),
                }
            };
            if let Some(b) = branches.last_mut() {
                b.push((atom, ONCE));
            }
        }
        if depth > 0 {
            return Err("Unmatched ( or \\(".into());
        }
        Ok(branches)
    }

    /// Whether the parser stands at the end of a branch: the pattern's end, `|` or `)`.
    fn at_branch_end(&self) -> bool {
        let rest = &self.chars[self.at..];
        matches!(
            (self.extended, rest),
            (_, []) | (true, ['|' | ')', ..]) | (false, ['\\', '|' | ')', ..])
        )
    }

    /// `{n}`, `{n,}`, `{,m}`, `{n,m}` after the opening brace.
    fn interval(&mut self) -> Result<Repeat, String> {
        let close: &[char] = if self.extended { &['}'] } else { &['\\', '}'] };
        let start = self.at;
        let end = (start..self.chars.len())
            .find(|&k| self.chars[k..].starts_with(close))
            .ok_or("Unmatched \\{")?;
        let body: String = self.chars[start..end].iter().collect();
        self.at = end + close.len();
        let num = |s: &str, default: usize| -> Result<usize, String> {
            if s.is_empty() {
                Ok(default)
            } else {
                s.parse()
                    .map_err(|_| "Invalid content of \\{\\}".to_string())
            }
        };
        let (min, max) = match body.split_once(',') {
            Some((lo, hi)) => (num(lo, 0)?, num(hi, usize::MAX)?),
            None => {
                let n = num(&body, usize::MAX)?;
                (n, n)
            }
        };
        if min > max || min == usize::MAX {
            return Err("Invalid content of \\{\\}".into());
        }
        Ok((min, max))
    }

    /// A bracket expression after `[`.
    fn bracket(&mut self) -> Result<Atom, String> {
        let chars = &self.chars;
        let mut i = self.at;
        let negated = chars.get(i) == Some(&'^');
        if negated {
            i += 1;
        }
        let mut ranges = Vec::new();
        let start = i;
        loop {
            let Some(&c) = chars.get(i) else {
                return Err("Unmatched [, [^, [:, [., or [=".into());
            };
            if c == ']' && i > start {
                self.at = i + 1;
                return Ok(Atom::Class(negated, ranges));
            }
            if c == '[' && chars.get(i + 1) == Some(&':') {
                let name_end = (i + 2..chars.len().saturating_sub(1))
                    .find(|&k| chars[k] == ':' && chars[k + 1] == ']')
                    .ok_or("Unmatched [, [^, [:, [., or [=")?;
                let name: String = chars[i + 2..name_end].iter().collect();
                ranges.extend(posix_class(&name)?);
                i = name_end + 2;
                continue;
            }
            if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|e| *e != ']') {
                ranges.push(((self.fold)(c), (self.fold)(chars[i + 2])));
                i += 3;
            } else {
                ranges.push(((self.fold)(c), (self.fold)(c)));
                i += 1;
            }
        }
    }
}

/// The ranges of a POSIX character class (`[:digit:]` inside brackets).
fn posix_class(name: &str) -> Result<Vec<(char, char)>, String> {
    Ok(match name {
        "digit" => vec![('0', '9')],
        "lower" => vec![('a', 'z')],
        "upper" => vec![('A', 'Z')],
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "alnum" => vec![('0', '9'), ('a', 'z'), ('A', 'Z')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "blank" => vec![(' ', ' '), ('\t', '\t')],
        _ => return Err("Invalid character class name".into()),
    })
}

/// Applies a repetition to the last atom of the current branch (repeating a repeated atom
/// repeats it again, as `a**` does).
fn set_repeat(branches: &mut [Branch], r: Repeat) {
    if let Some((atom, rep)) = branches.last_mut().and_then(|b| b.last_mut()) {
        if *rep == ONCE {
            *rep = r;
        } else {
            *atom = Atom::Group(vec![vec![(atom.clone(), *rep)]]);
            *rep = r;
        }
    }
}

impl Regex {
    fn parse(pattern: &str, o: &GrepOptions) -> Result<Self, String> {
        let ignore_case = o.ignore_case;
        let fold = move |c: char| {
            if ignore_case {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c
            }
        };
        // Matching recurses once per atom: a pattern longer than any a person types is refused
        // rather than risk the stack.
        if pattern.chars().count() > MAX_PATTERN_CHARS {
            return Err("regular expression too big".into());
        }
        let branches = if o.fixed {
            vec![pattern
                .chars()
                .map(|c| (Atom::Char(fold(c)), ONCE))
                .collect()]
        } else {
            PatternParser {
                chars: pattern.chars().collect(),
                at: 0,
                extended: o.extended,
                fold: &fold,
            }
            .alternation(0)?
        };
        Ok(Self {
            branches,
            ignore_case: o.ignore_case,
            word: o.word,
            line: o.line,
        })
    }

    fn matches(&self, line: &str) -> bool {
        let chars: Vec<char> = if self.ignore_case {
            line.chars()
                .map(|c| c.to_lowercase().next().unwrap_or(c))
                .collect()
        } else {
            line.chars().collect()
        };
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let mut budget = MATCH_BUDGET;
        (0..=chars.len()).any(|start| {
            if self.line && start > 0 {
                return false;
            }
            let mut ends = Vec::new();
            for branch in &self.branches {
                match_at(branch, &chars, start, &mut ends, &mut budget);
            }
            ends.iter().any(|&end| {
                if self.line {
                    return end == chars.len();
                }
                !self.word
                    || ((start == 0 || !is_word(chars[start - 1]))
                        && (end == chars.len() || !is_word(chars[end]))
                        && end > start)
            })
        })
    }
}

/// What sed asks of a pattern.
impl Regex {
    /// A pattern as sed reads it: basic, or extended with `-E`.
    pub(super) fn for_sed(
        pattern: &str,
        extended: bool,
        ignore_case: bool,
    ) -> Result<Self, String> {
        let o = GrepOptions {
            extended,
            ignore_case,
            ..GrepOptions::default()
        };
        Self::parse(pattern, &o)
    }

    /// The leftmost-longest match starting at or after `from`, as char positions, within
    /// `budget` backtracking steps (shared by the caller's searches on one line).
    pub(super) fn find(
        &self,
        chars: &[char],
        from: usize,
        budget: &mut usize,
    ) -> Option<(usize, usize)> {
        let folded: Vec<char>;
        let chars = if self.ignore_case {
            folded = chars
                .iter()
                .map(|c| c.to_lowercase().next().unwrap_or(*c))
                .collect();
            &folded[..]
        } else {
            chars
        };
        (from..=chars.len()).find_map(|start| {
            let mut ends = Vec::new();
            for branch in &self.branches {
                match_at(branch, chars, start, &mut ends, budget);
            }
            ends.into_iter().max().map(|end| (start, end))
        })
    }
}

fn atom_matches(atom: &Atom, c: char) -> bool {
    match atom {
        Atom::Char(a) => *a == c,
        Atom::Any => true,
        Atom::Class(negated, ranges) => {
            ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *negated
        }
        Atom::Group(_) | Atom::Start | Atom::End => false,
    }
}

/// Longest pattern, and deepest group nesting, grep accepts here.
const MAX_PATTERN_CHARS: usize = 2_000;
const MAX_PATTERN_NESTING: usize = 32;

/// Backtracking steps one line may take: a pattern like `.*.*.*.*.*` on a long line gives up
/// (no match) instead of freezing the page.
pub(super) const MATCH_BUDGET: usize = 200_000;

/// Every end position at which `items` can match `chars` from `pos` (backtracking, within
/// `budget` steps).
fn match_at(
    items: &[(Atom, Repeat)],
    chars: &[char],
    pos: usize,
    ends: &mut Vec<usize>,
    budget: &mut usize,
) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    let Some(((atom, (min, max)), rest)) = items.split_first() else {
        if !ends.contains(&pos) {
            ends.push(pos);
        }
        return;
    };
    match atom {
        Atom::Start => {
            if pos == 0 {
                match_at(rest, chars, pos, ends, budget);
            }
        }
        Atom::End => {
            if pos == chars.len() {
                match_at(rest, chars, pos, ends, budget);
            }
        }
        Atom::Group(branches) => {
            group_at(branches, (*min, *max), 0, rest, chars, pos, ends, budget)
        }
        _ => {
            let mut n = 0;
            while n < *max && pos + n < chars.len() && atom_matches(atom, chars[pos + n]) {
                n += 1;
            }
            for taken in (*min..=n).rev() {
                match_at(rest, chars, pos + taken, ends, budget);
            }
        }
    }
}

/// A group matched `count` times so far, ending at `pos`; then `rest`.
#[allow(clippy::too_many_arguments)]
fn group_at(
    branches: &[Branch],
    (min, max): Repeat,
    count: usize,
    rest: &[(Atom, Repeat)],
    chars: &[char],
    pos: usize,
    ends: &mut Vec<usize>,
    budget: &mut usize,
) {
    if count < max {
        let mut once = Vec::new();
        for branch in branches {
            match_at(branch, chars, pos, &mut once, budget);
        }
        for end in once {
            // An empty match counts only toward the minimum (else it would loop forever).
            if end > pos || count < min {
                group_at(
                    branches,
                    (min, max),
                    count + 1,
                    rest,
                    chars,
                    end,
                    ends,
                    budget,
                );
            }
        }
    }
    if count >= min {
        match_at(rest, chars, pos, ends, budget);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `kubectl get pods` rows and a StatefulSet's spec, as piped into the filters.
    const INPUT: &str = "NAME                                READY   STATUS             RESTARTS   AGE\nnginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\nspec:\n  replicas: 3\n  updateStrategy:\n    rollingUpdate:\n      partition: 0\n    type: RollingUpdate\n";

    fn argv(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    /// Expected outputs and exit codes are GNU grep 3.8 / coreutils 9.1's on `INPUT`.
    #[test]
    fn filters_print_what_gnu_tools_print() {
        let cases: &[(&[&str], &str, i32)] = &[
        (&["grep", "nginx"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\n", 0),
        (&["grep", "-c", "Running"], "3\n", 0),
        (&["grep", "-v", "Running"], "NAME                                READY   STATUS             RESTARTS   AGE\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb_1                               1/1     Terminating        0          2m\nspec:\n  replicas: 3\n  updateStrategy:\n    rollingUpdate:\n      partition: 0\n    type: RollingUpdate\n", 0),
        (&["grep", "-i", "running"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nweb-0                               1/1     Running            0          2m\n", 0),
        (&["grep", "-n", "web"], "5:web-0                               1/1     Running            0          2m\n6:web_1                               1/1     Terminating        0          2m\n", 0),
        (&["grep", "-w", "web"], "web-0                               1/1     Running            0          2m\n", 0),
        (&["grep", "-x", "spec:"], "spec:\n", 0),
        (&["grep", "-A", "1", "updateStrategy"], "  updateStrategy:\n    rollingUpdate:\n", 0),
        (&["grep", "-A1", "updateStrategy"], "  updateStrategy:\n    rollingUpdate:\n", 0),
        (&["grep", "-B", "2", "type:"], "    rollingUpdate:\n      partition: 0\n    type: RollingUpdate\n", 0),
        (&["grep", "-C1", "web-0"], "nginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\n", 0),
        (&["grep", "-n", "-C", "1", "Terminating"], "5-web-0                               1/1     Running            0          2m\n6:web_1                               1/1     Terminating        0          2m\n7-spec:\n", 0),
        (&["grep", "-E", "web-0|Image"], "nginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\n", 0),
        (&["grep", "web-0\\|Image"], "nginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\n", 0),
        (&["grep", "-e", "spec", "-e", "type"], "spec:\n    type: RollingUpdate\n", 0),
        (&["grep", "^  [a-z]"], "  replicas: 3\n  updateStrategy:\n", 0),
        (&["grep", "[0-9]m$"], "web-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\n", 0),
        (&["grep", "-F", "1/1"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nweb-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\n", 0),
        (&["grep", "-E", "8[a-z]+"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\n", 0),
        (&["grep", "8[a-z]\\+"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\n", 0),
        (&["grep", "Back.*12"], "nginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\n", 0),
        (&["grep", "-iw", "WEB_1"], "web_1                               1/1     Terminating        0          2m\n", 0),
        (&["grep", "-c", "-v", "x"], "9\n", 0),
        (&["grep", "nothing-here"], "", 1),
        (&["grep", "-2", "partition"], "  updateStrategy:\n    rollingUpdate:\n      partition: 0\n    type: RollingUpdate\n", 0),
        (&["grep", "[^a-z ]-0"], "", 1),
        (&["grep", "-A", "1", "-B", "1", "Running"], "NAME                                READY   STATUS             RESTARTS   AGE\nnginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\n", 0),
        (&["head", "-3"], "NAME                                READY   STATUS             RESTARTS   AGE\nnginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\n", 0),
        (&["head", "-n", "2"], "NAME                                READY   STATUS             RESTARTS   AGE\nnginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\n", 0),
        (&["tail", "-n", "2"], "      partition: 0\n    type: RollingUpdate\n", 0),
        (&["tail", "-2"], "      partition: 0\n    type: RollingUpdate\n", 0),
        (&["tail", "-n", "+11"], "      partition: 0\n    type: RollingUpdate\n", 0),
        (&["head"], "NAME                                READY   STATUS             RESTARTS   AGE\nnginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\nspec:\n  replicas: 3\n  updateStrategy:\n    rollingUpdate:\n", 0),
        (&["wc", "-l"], "12\n", 0),
        (&["wc"], "     12      39     566\n", 0),
        (&["wc", "-w"], "39\n", 0),
        (&["wc", "-lc"], "     12     566\n", 0),
            (&["grep", "-E", "web-(0|1)"], "web-0                               1/1     Running            0          2m\n", 0),
            (&["grep", "web-\\(0\\|1\\)"], "web-0                               1/1     Running            0          2m\n", 0),
            (&["grep", "-E", "(nginx|web)-[0-9a-f]{10}-"], "", 1),
            (&["grep", "-E", "^(web|spec)"], "web-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\nspec:\n", 0),
            (&["grep", "-E", "(Running|Back)[^ ]* +0"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\n", 0),
            (&["grep", "-E", "[0-9]{2}s$"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\n", 0),
            (&["grep", "[0-9]\\{2\\}s$"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\n", 0),
            (&["grep", "-E", "a{x"], "", 1),
            (&["grep", "-E", "(ab)*c"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nspec:\n  replicas: 3\n", 0),
            (&["grep", "-E", "^ {2}[a-z]+:"], "  replicas: 3\n", 0),
            (&["grep", "-E", "(^web|Off )"], "nginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\n", 0),
            (&["grep", "-E", "(0|2m)$"], "web-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\n      partition: 0\n", 0),
            (&["grep", "-Ew", "(web|nginx)"], "nginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\n", 0),
            (&["grep", "-Ex", "spec:|  replicas: [0-9]"], "spec:\n  replicas: 3\n", 0),
            (&["grep", "-Ei", "(IMAGE|terminating)"], "nginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb_1                               1/1     Terminating        0          2m\n", 0),
            (&["grep", "-E", "x7q?pd"], "nginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\n", 0),
            (&["grep", "-E", "8mkl+s"], "nginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\n", 0),
            (&["grep", "-c", "-E", "(Running){1}"], "3\n", 0),
            (&["grep", "-E", "()web"], "web-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\n", 0),
            (&["grep", "-E", "type: (Rolling)?Update$"], "    type: RollingUpdate\n", 0),
            (&["grep", "a**"], "NAME                                READY   STATUS             RESTARTS   AGE\nnginx-deployment-66b6c48dd5-2fzvw   1/1     Running            0          40s\nnginx-deployment-66b6c48dd5-8mkls   1/1     Running            0          40s\nnginx-deployment-8b9d4cf2c8-x7qpd   0/1     ImagePullBackOff   0          12s\nweb-0                               1/1     Running            0          2m\nweb_1                               1/1     Terminating        0          2m\nspec:\n  replicas: 3\n  updateStrategy:\n    rollingUpdate:\n      partition: 0\n    type: RollingUpdate\n", 0),
            (&["grep", "-E", "partition: [[:digit:]]"], "      partition: 0\n", 0),
        ];
        for (args, stdout, code) in cases {
            let out = run(&argv(args), Some(INPUT)).expect("a filter");
            assert_eq!(
                (out.stdout().as_str(), out.exit_code),
                (*stdout, *code),
                "{args:?}"
            );
        }
    }

    #[test]
    fn errors_are_the_tools_own() {
        let cases: &[(&[&str], &str, i32)] = &[
            (&["grep"], "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2),
            (&["grep", "-j", "x"], "grep: invalid option -- 'j'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2),
            (&["grep", "x", "pods.txt"], "grep: pods.txt: No such file or directory\n", 2),
            (&["grep", "-A", "x", "y"], "grep: x: invalid context length argument\n", 2),
            (&["cat", "a.yaml"], "cat: a.yaml: No such file or directory\n", 1),
            (&["wc", "-q"], "wc: invalid option -- 'q'\nTry 'wc --help' for more information.\n", 1),
        ];
        for (args, stderr, code) in cases {
            let out = run(&argv(args), Some("x\n")).expect("a filter");
            assert_eq!(
                (out.stderr().as_str(), out.exit_code),
                (*stderr, *code),
                "{args:?}"
            );
        }
    }

    #[test]
    fn echo_and_cat() {
        let text = |args: &[&str], stdin| run(&argv(args), stdin).unwrap().stdout();
        assert_eq!(text(&["echo"], None), "\n");
        assert_eq!(text(&["echo", "a", "b"], None), "a b\n");
        assert_eq!(text(&["echo", "-n", "a"], None), "a");
        assert_eq!(text(&["echo", "-e", "a\\nb"], None), "a\nb\n");
        assert_eq!(text(&["echo", "-x"], None), "-x\n");
        assert_eq!(text(&["cat"], Some("kind: A\n")), "kind: A\n");
        assert!(run(&argv(&["kubectl"]), None).is_none());
    }

    #[test]
    fn oversized_patterns_are_refused() {
        for pattern in ["x".repeat(5_000), "(".repeat(100) + &")".repeat(100)] {
            let out = run(&argv(&["grep", "-E", &pattern]), Some("x\n")).unwrap();
            assert_eq!(
                (out.stderr().as_str(), out.exit_code),
                ("grep: regular expression too big\n", 2)
            );
        }
    }

    #[test]
    fn a_runaway_pattern_gives_up_instead_of_freezing() {
        let line = "a".repeat(300);
        let out = run(&argv(&["grep", ".*.*.*.*.*.*.*.*b"]), Some(&line)).unwrap();
        assert_eq!(out.exit_code, 1);
    }
}
