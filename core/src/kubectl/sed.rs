//! `sed` as tutorials pipe kubectl through it (`kubectl get deploy x -o yaml | sed 's/…/…/' |
//! kubectl apply -f -`, `kubectl describe pod x | sed -n '/Events:/,$p'`), following GNU sed 4.9:
//!
//! - commands `s` (flags `g`, `p`, `N`, `I`; `M` is accepted and ignored), `d`, `p`, `=`,
//!   `q`/`Q` with an optional exit code, `{…}` blocks and `#` comments (`#n` opening the
//!   first script acts as `-n`), separated by `;` or newlines, given as the script or with
//!   `-e` (a block may span several `-e`);
//! - addresses `N`, `$`, `/RE/` and `\cREc` (with `I`; `M` is accepted and ignored), the empty
//!   regex `//` (the last regex used), `first~step`, and ranges `ADDR1,ADDR2` whose end is `N`,
//!   `$`, `/RE/`, `first~step`, `+N` or `~N`, plus `0,/RE/`, each negatable with `!`. Ranges
//!   keep GNU's rules: an end `/RE/` is looked for from the line after the start, an end
//!   line number at or before the start selects one line, a range that never ends runs to the
//!   last line, and a numeric start skipped over (by `d` earlier in the script) still opens it;
//! - options `-n`, `-e`/`--expression`, `-E`/`-r`.
//!
//! Malformed scripts fail with GNU's messages and positions (in bytes, as GNU counts). The
//! patterns are grep's (`filters.rs`), bounded by its `MATCH_BUDGET`; back-references to groups
//! in the replacement (`\1`) are not supported, nor are the other GNU commands (`a`, `c`, `i`,
//! `y`, `h`/`g`/`x`, `n`/`N`, `b`/`t`, `r`/`w`, `l`, …), which are refused with a message
//! saying so. There are no files to read or edit.

use super::filters::{Regex, MATCH_BUDGET};
use crate::output::CommandOutput;

const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n      --debug\n                 annotate program execution\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n  --follow-symlinks\n                 follow symlinks when processing in place\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -l N, --line-length=N\n                 specify the desired line-wrap length for the `l' command\n  --posix\n                 disable all GNU extensions.\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n                 (for portability use POSIX -E).\n  -s, --separate\n                 consider files as separate rather than as a single,\n                 continuous long stream.\n      --sandbox\n                 operate in sandbox mode (disable e/r/w commands).\n  -u, --unbuffered\n                 load minimal amounts of data from the input files and flush\n                 the output buffers more often\n  -z, --null-data\n                 separate lines by NUL characters\n      --help     display this help and exit\n      --version  output version information and exit\n\nIf no -e, --expression, -f, or --file option is given, then the first\nnon-option argument is taken as the sed script to interpret.  All\nremaining arguments are names of input files; if no input files are\nspecified, then the standard input is read.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.";

/// The other commands GNU sed knows: refused as unsupported rather than as unknown.
const GNU_COMMANDS: &str = "abcDeFgGhHilnNPrRtTvwWxyz:";

/// An address, as GNU sed reads it.
#[derive(Clone, Copy)]
enum Addr {
    /// `N`: that line (`0` only as the start of `0,/RE/`).
    Line(u64),
    /// `$`: the last line.
    Last,
    /// `first~step` (step > 0): lines `first`, `first + step`, …
    Step(u64, u64),
    /// `/RE/`: an index into the program's regexes, or `None` for `//` (the last regex used).
    Regex(Option<usize>),
    /// `+N`, as the end of a range: N lines after the start. (`+0` may also start an address:
    /// it selects every line.)
    Plus(u64),
    /// `~N`, as the end of a range: up to the next line number that is a multiple of N. (`~0`
    /// may also start an address: it selects every line.)
    Multiple(u64),
}

/// One command of a script.
enum Command {
    Substitute {
        regex: Option<usize>,
        replacement: Vec<Piece>,
        global: bool,
        occurrence: usize,
        print: bool,
    },
    Delete,
    Print,
    /// `=`: the line number.
    LineNumber,
    /// `q` (print the line first) or `Q`, with an exit status.
    Quit {
        status: i32,
        print: bool,
    },
    /// `{`: when its address does not select the line, execution goes on at `end` (its `}`).
    Block {
        end: usize,
    },
    /// `}`.
    EndBlock,
}

/// A part of a replacement: text, or the whole match (`&`).
enum Piece {
    Text(String),
    Match,
}

struct Addressed {
    a1: Option<Addr>,
    a2: Option<Addr>,
    negate: bool,
    command: Command,
}

/// Every command of every `-e`, and the regexes their addresses and `s` commands use.
#[derive(Default)]
struct Program {
    commands: Vec<Addressed>,
    regexes: Vec<Regex>,
    /// The first script opens with `#n`.
    quiet: bool,
}

/// Where a range command stands.
#[derive(Clone, Copy)]
enum Range {
    Inactive,
    /// Inside the range; `end` is the last line of a `+N` or `~N` range.
    Active {
        end: u64,
    },
    /// Over for good: a range starting at a line number does not start again.
    Closed,
}

/// A script error: where (in bytes, as GNU counts) and why.
type ParseError = (usize, String);

fn failure(message: String, code: i32) -> CommandOutput {
    let mut o = CommandOutput::failure(message);
    o.exit_code = code;
    o
}

pub fn sed(args: &[String], input: &str) -> CommandOutput {
    let mut scripts = Vec::new();
    let mut operands = Vec::new();
    let (mut quiet, mut extended) = (false, false);
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        match a.as_str() {
            "-n" | "--quiet" | "--silent" => quiet = true,
            "-E" | "-r" | "--regexp-extended" => extended = true,
            "-e" | "--expression" => match args.get(i) {
                Some(s) => {
                    scripts.push(s.clone());
                    i += 1;
                }
                None => {
                    return failure(
                        format!("sed: option requires an argument -- 'e'\n{USAGE}"),
                        1,
                    )
                }
            },
            s if s.starts_with("--expression=") => {
                scripts.push(s["--expression=".len()..].to_string())
            }
            s if s.starts_with("-i") || s.starts_with("--in-place") => {
                return failure("sed: no input files".into(), 1)
            }
            s if s.len() > 1 && s.starts_with('-') && !s.starts_with("--") => {
                // combined short flags: -nE
                for c in s[1..].chars() {
                    match c {
                        'n' => quiet = true,
                        'E' | 'r' => extended = true,
                        other => {
                            return failure(format!("sed: invalid option -- '{other}'\n{USAGE}"), 1)
                        }
                    }
                }
            }
            _ => operands.push(a.clone()),
        }
    }
    if scripts.is_empty() {
        if operands.is_empty() {
            return failure(USAGE.to_string(), 1);
        }
        scripts.push(operands.remove(0));
    }
    let mut program = Program::default();
    // open blocks: the `{` command's index and its expression's number
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    for (n, script) in scripts.iter().enumerate() {
        let mut reader = Reader {
            chars: script.chars().collect(),
            at: 0,
            extended,
            program: &mut program,
            blocks: &mut blocks,
            expression: n + 1,
        };
        if let Err((at, why)) = reader.script(n == 0) {
            return failure(
                format!("sed: -e expression #{}, char {at}: {why}", n + 1),
                1,
            );
        }
    }
    if let Some((_, n)) = blocks.last() {
        return failure(
            format!("sed: -e expression #{n}, char 0: unmatched `{{'"),
            1,
        );
    }
    if let Some(file) = operands.first() {
        return failure(
            format!("sed: can't read {file}: No such file or directory"),
            2,
        );
    }
    let (text, end) = Machine::new(&program).run(input, quiet || program.quiet);
    let mut o = CommandOutput {
        chunks: vec![(crate::Stream::Stdout, text)],
        exit_code: 0,
    };
    match end {
        Ok(status) => o.exit_code = status,
        Err(NoPreviousRegex) => o.fail(format!(
            "sed: -e expression #{}, char 0: no previous regular expression",
            scripts.len()
        )),
    }
    o
}

/// `//` before any regex was used: GNU stops there with an error.
struct NoPreviousRegex;

/// What has been written, and whether the last line written lacked its newline (the input's
/// last line without one): anything written after it adds the newline first, as GNU does.
#[derive(Default)]
struct Output {
    text: String,
    missing_newline: bool,
}

impl Output {
    fn add_missing_newline(&mut self) {
        if self.missing_newline {
            self.text.push('\n');
            self.missing_newline = false;
        }
    }

    /// The pattern space, with a newline unless it is the input's unterminated last line.
    fn line(&mut self, space: &str, newline: bool) {
        self.add_missing_newline();
        self.text.push_str(space);
        if newline {
            self.text.push('\n');
        } else {
            self.missing_newline = true;
        }
    }
}

/// A program running over the input: the state of each range and the last regex used.
struct Machine<'a> {
    program: &'a Program,
    ranges: Vec<Range>,
    last_regex: Option<usize>,
}

/// Where the machine is: the line number, whether it is the last line, the pattern space.
struct Line<'a> {
    number: u64,
    last: bool,
    space: &'a str,
}

impl<'a> Machine<'a> {
    fn new(program: &'a Program) -> Self {
        let ranges = program
            .commands
            .iter()
            .map(|c| match (c.a1, c.a2) {
                // `0,/RE/`: in the range before the first line, so the first line may end it
                (Some(Addr::Line(0)), Some(_)) => Range::Active { end: 0 },
                _ => Range::Inactive,
            })
            .collect();
        Self {
            program,
            ranges,
            last_regex: None,
        }
    }

    /// Runs the script over every line: the output, and the exit status (`q`/`Q`'s) or the
    /// error that stopped it.
    fn run(&mut self, input: &str, quiet: bool) -> (String, Result<i32, NoPreviousRegex>) {
        let mut out = Output::default();
        if input.is_empty() {
            return (out.text, Ok(0));
        }
        let trailing_newline = input.ends_with('\n');
        let body = input.strip_suffix('\n').unwrap_or(input);
        let lines: Vec<&str> = body.split('\n').collect();
        let commands = &self.program.commands;
        for (n, line) in lines.iter().enumerate() {
            let last = n + 1 == lines.len();
            let newline = !last || trailing_newline;
            let number = n as u64 + 1;
            let mut space: String = line.to_string();
            let mut deleted = false;
            let mut pc = 0;
            while let Some(c) = commands.get(pc) {
                let here = Line {
                    number,
                    last,
                    space: &space,
                };
                let selected = match self.selects(pc, &here) {
                    Ok(s) => s,
                    Err(e) => return (out.text, Err(e)),
                };
                pc += 1;
                if !selected {
                    if let Command::Block { end } = c.command {
                        pc = end;
                    }
                    continue;
                }
                match &c.command {
                    Command::Block { .. } | Command::EndBlock => {}
                    Command::Delete => {
                        deleted = true;
                        break;
                    }
                    Command::Print => out.line(&space, newline),
                    Command::LineNumber => {
                        out.add_missing_newline();
                        out.text.push_str(&format!("{number}\n"));
                    }
                    Command::Quit { status, print } => {
                        if *print {
                            out.add_missing_newline();
                            if !quiet {
                                out.line(&space, true);
                            }
                        }
                        return (out.text, Ok(*status));
                    }
                    Command::Substitute {
                        regex,
                        replacement,
                        global,
                        occurrence,
                        print,
                    } => {
                        let Some(regex) = self.regex(*regex) else {
                            return (out.text, Err(NoPreviousRegex));
                        };
                        if let Some(new) =
                            substitute(&space, regex, replacement, *global, *occurrence)
                        {
                            space = new;
                            if *print {
                                out.line(&space, newline);
                            }
                        }
                    }
                }
            }
            if !deleted && !quiet {
                out.line(&space, newline);
            }
        }
        (out.text, Ok(0))
    }

    /// The regex a command names, or for `//` the last one used; it becomes the last one used.
    fn regex(&mut self, index: Option<usize>) -> Option<&'a Regex> {
        let index = index.or(self.last_regex)?;
        self.last_regex = Some(index);
        self.program.regexes.get(index)
    }

    /// Whether command `i`'s address (with its `!`) selects the line, moving its range on.
    fn selects(&mut self, i: usize, line: &Line) -> Result<bool, NoPreviousRegex> {
        let Some(c) = self.program.commands.get(i) else {
            return Ok(false);
        };
        let hit = match (c.a1, c.a2) {
            (None, _) => true,
            (Some(a1), None) => self.matches(a1, line)?,
            (Some(a1), Some(a2)) => self.in_range(i, a1, a2, line)?,
        };
        Ok(hit != c.negate)
    }

    /// Whether one address matches the line.
    fn matches(&mut self, addr: Addr, line: &Line) -> Result<bool, NoPreviousRegex> {
        Ok(match addr {
            Addr::Line(n) => line.number == n,
            Addr::Last => line.last,
            Addr::Step(first, step) => {
                line.number >= first && (line.number - first).is_multiple_of(step)
            }
            Addr::Regex(index) => {
                let regex = self.regex(index).ok_or(NoPreviousRegex)?;
                let chars: Vec<char> = line.space.chars().collect();
                let mut budget = MATCH_BUDGET;
                regex.find(&chars, 0, &mut budget).is_some()
            }
            // only `+0` and `~0` can start an address, and GNU has them select every line
            Addr::Plus(_) | Addr::Multiple(_) => true,
        })
    }

    /// Whether the range `a1,a2` of command `i` selects the line, as GNU sed decides it.
    fn in_range(
        &mut self,
        i: usize,
        a1: Addr,
        a2: Addr,
        line: &Line,
    ) -> Result<bool, NoPreviousRegex> {
        let l = line.number;
        // a range that starts at a line number never starts again
        let over = if matches!(a1, Addr::Line(_)) {
            Range::Closed
        } else {
            Range::Inactive
        };
        let state = self.ranges.get(i).copied().unwrap_or(Range::Closed);
        let (selected, next) = match state {
            Range::Closed => (false, Range::Closed),
            Range::Active { end } => match a2 {
                // a line number ends the range there; a line past it (the end was skipped
                // by an earlier `d`) is outside
                Addr::Line(n) => (l <= n, if l >= n { over } else { state }),
                Addr::Plus(_) | Addr::Multiple(_) => (true, if end <= l { over } else { state }),
                _ => (true, if self.matches(a2, line)? { over } else { state }),
            },
            Range::Inactive => {
                let start = match a1 {
                    // a start line skipped over (by an earlier `d`) still opens the range,
                    // unless its end line is behind too
                    Addr::Line(n) if l > n => !matches!(a2, Addr::Line(m) if m < l),
                    _ => self.matches(a1, line)?,
                };
                if !start {
                    let next = match (a1, a2) {
                        (Addr::Line(n), _) if l > n => Range::Closed,
                        _ => state,
                    };
                    (false, next)
                } else {
                    let active = match a2 {
                        Addr::Line(n) => (n > l).then_some(0),
                        Addr::Plus(n) => (n > 0).then(|| l.saturating_add(n)),
                        Addr::Multiple(n) => {
                            (n > 0).then(|| (l / n).saturating_add(1).saturating_mul(n))
                        }
                        Addr::Last => (!line.last).then_some(0),
                        // an end regex is looked for from the next line on
                        Addr::Regex(_) => Some(0),
                        Addr::Step(..) => (!self.matches(a2, line)?).then_some(0),
                    };
                    (true, active.map_or(over, |end| Range::Active { end }))
                }
            }
        };
        if let Some(s) = self.ranges.get_mut(i) {
            *s = next;
        }
        Ok(selected)
    }
}

/// One `s` on a line: the new line, or `None` when nothing was replaced.
fn substitute(
    line: &str,
    regex: &Regex,
    replacement: &[Piece],
    global: bool,
    occurrence: usize,
) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let (mut pos, mut count, mut replaced) = (0, 0, false);
    let mut prev_end: Option<usize> = None;
    // one budget for the line: a pattern that backtracks wildly gives up, it does not hang
    let mut budget = MATCH_BUDGET;
    while pos <= chars.len() {
        let Some((start, end)) = regex.find(&chars, pos, &mut budget) else {
            break;
        };
        // an empty match right after the previous match does not count
        if start == end && prev_end == Some(start) {
            if start < chars.len() {
                out.push(chars[start]);
            }
            pos = start + 1;
            continue;
        }
        count += 1;
        out.extend(&chars[pos..start]);
        if count >= occurrence {
            for p in replacement {
                match p {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Match => out.extend(&chars[start..end]),
                }
            }
            replaced = true;
        } else {
            out.extend(&chars[start..end]);
        }
        prev_end = Some(end);
        if end == start {
            if start < chars.len() {
                out.push(chars[start]);
            }
            pos = start + 1;
        } else {
            pos = end;
        }
        if replaced && !global {
            break;
        }
    }
    if !replaced {
        return None;
    }
    if pos < chars.len() {
        out.extend(&chars[pos..]);
    }
    Some(out)
}

/// One script read the way GNU sed reads it (`compile.c`): a cursor that steps back over the
/// char it just read, errors placed where GNU's cursor is then.
struct Reader<'a> {
    chars: Vec<char>,
    at: usize,
    extended: bool,
    program: &'a mut Program,
    blocks: &'a mut Vec<(usize, usize)>,
    /// The number of this `-e` (from 1), for an unmatched `{`.
    expression: usize,
}

impl Reader<'_> {
    fn inchar(&mut self) -> Option<char> {
        let c = self.chars.get(self.at).copied();
        if c.is_some() {
            self.at += 1;
        }
        c
    }

    /// Steps back over `c`, the char just read (nothing for the end of the script).
    fn savchar(&mut self, c: Option<char>) {
        if c.is_some() {
            self.at = self.at.saturating_sub(1);
        }
    }

    /// The next char that is not a space or a tab.
    fn in_nonblank(&mut self) -> Option<char> {
        loop {
            let c = self.inchar();
            if !matches!(c, Some(' ' | '\t')) {
                return c;
            }
        }
    }

    /// The number whose first char `c` was just read (0 when it is no digit); it wraps as
    /// GNU's does.
    fn in_integer(&mut self, mut c: Option<char>) -> u64 {
        let mut n: u64 = 0;
        while let Some(d) = c.and_then(|c| c.to_digit(10)) {
            n = n.wrapping_mul(10).wrapping_add(u64::from(d));
            c = self.inchar();
        }
        self.savchar(c);
        n
    }

    /// GNU's position: the bytes read so far.
    fn pos(&self) -> usize {
        self.chars[..self.at.min(self.chars.len())]
            .iter()
            .map(|c| c.len_utf8())
            .sum()
    }

    /// GNU's position just after reading `c`: it reads a script byte by byte, so a multibyte
    /// char counts one byte.
    fn here(&self, c: Option<char>) -> usize {
        match c {
            Some(c) => (self.pos() + 1).saturating_sub(c.len_utf8()),
            None => self.pos(),
        }
    }

    /// Text up to the next unescaped `slash`, or `None` at the end of the script or of its
    /// line. `\slash` is `slash` and `\` before a newline is the newline; in a regex `\n` is a
    /// newline and a bracket expression (where `slash` is no delimiter) is taken whole.
    fn match_slash(&mut self, slash: char, regex: bool) -> Option<String> {
        let mut text = String::new();
        loop {
            let c = self.in_line()?;
            if c == slash {
                return Some(text);
            }
            if c == '\\' {
                let next = self.inchar()?;
                if next == slash && (regex || next != '&') {
                    text.push(next);
                } else if next == 'n' && regex {
                    text.push('\n');
                } else {
                    if next != '\n' {
                        text.push('\\');
                    }
                    text.push(next);
                }
                continue;
            }
            text.push(c);
            if c == '[' && regex {
                self.bracket(&mut text)?;
            }
        }
    }

    /// The next char of the script's line: `None` at the end of the script or at a newline
    /// (left to read).
    fn in_line(&mut self) -> Option<char> {
        let c = self.inchar()?;
        if c == '\n' {
            self.savchar(Some(c));
            return None;
        }
        Some(c)
    }

    /// The rest of a bracket expression whose `[` was just read, up to its `]` (a `]` first,
    /// or after `^`, is a member); `[:alpha:]`, `[.x.]` and `[=x=]` are read whole.
    fn bracket(&mut self, text: &mut String) -> Option<()> {
        let mut c = self.in_line()?;
        if c == '^' {
            text.push(c);
            c = self.in_line()?;
        }
        if c == ']' {
            text.push(c);
            c = self.in_line()?;
        }
        loop {
            text.push(c);
            if c == ']' {
                return Some(());
            }
            if c == '[' {
                if let Some(kind @ (':' | '.' | '=')) = self.chars.get(self.at).copied() {
                    self.at += 1;
                    text.push(kind);
                    loop {
                        let c = self.in_line()?;
                        text.push(c);
                        if c == kind && self.chars.get(self.at) == Some(&']') {
                            self.at += 1;
                            text.push(']');
                            break;
                        }
                    }
                }
            }
            c = self.in_line()?;
        }
    }

    /// A regex between `slash`es (its opening one read), for an address or `s`.
    fn regex_text(
        &mut self,
        slash: Option<char>,
        regex: bool,
    ) -> Result<Option<String>, ParseError> {
        let Some(slash) = slash else {
            return Ok(None);
        };
        if slash.len_utf8() > 1 {
            return Err((
                self.here(Some(slash)),
                "delimiter character is not a single-byte character".into(),
            ));
        }
        Ok(self.match_slash(slash, regex))
    }

    fn add_regex(&mut self, pattern: &str, ignore_case: bool) -> Result<usize, ParseError> {
        let regex =
            Regex::for_sed(pattern, self.extended, ignore_case).map_err(|e| (self.pos(), e))?;
        self.program.regexes.push(regex);
        Ok(self.program.regexes.len() - 1)
    }

    /// The address starting with `c` (just read), or `None` when `c` starts none.
    fn address(&mut self, c: Option<char>) -> Result<Option<Addr>, ParseError> {
        Ok(Some(match c {
            Some(c @ ('/' | '\\')) => {
                let slash = if c == '\\' { self.inchar() } else { Some(c) };
                let Some(pattern) = self.regex_text(slash, true)? else {
                    return Err((self.pos(), "unterminated address regex".into()));
                };
                let (mut ignore_case, mut modifiers) = (false, false);
                loop {
                    match self.in_nonblank() {
                        Some('I') => ignore_case = true,
                        Some('M') => {}
                        other => {
                            self.savchar(other);
                            break;
                        }
                    }
                    modifiers = true;
                }
                if pattern.is_empty() {
                    if modifiers {
                        return Err((
                            self.pos(),
                            "cannot specify modifiers on empty regexp".into(),
                        ));
                    }
                    Addr::Regex(None)
                } else {
                    Addr::Regex(Some(self.add_regex(&pattern, ignore_case)?))
                }
            }
            Some(d) if d.is_ascii_digit() => {
                let n = self.in_integer(Some(d));
                let c = self.in_nonblank();
                if c == Some('~') {
                    let first = self.in_nonblank();
                    match self.in_integer(first) {
                        0 => Addr::Line(n),
                        step => Addr::Step(n, step),
                    }
                } else {
                    self.savchar(c);
                    Addr::Line(n)
                }
            }
            Some(c @ ('+' | '~')) => {
                let first = self.in_nonblank();
                let n = self.in_integer(first);
                if c == '+' {
                    Addr::Plus(n)
                } else {
                    Addr::Multiple(n)
                }
            }
            Some('$') => Addr::Last,
            _ => return Ok(None),
        }))
    }

    /// After a command: blanks, then the end of the script or of its line, `;`, `}` or `#`.
    fn end_of_command(&mut self) -> Result<(), ParseError> {
        let c = self.in_nonblank();
        match c {
            Some('}' | '#') => self.savchar(c),
            None | Some('\n' | ';') => {}
            Some(_) => return Err((self.here(c), "extra characters after command".into())),
        }
        Ok(())
    }

    /// Reads the whole script into the program (`first`: the first `-e`, where `#n` is `-n`).
    fn script(&mut self, first: bool) -> Result<(), ParseError> {
        loop {
            let mut c = self.inchar();
            while matches!(c, Some(';' | ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')) {
                c = self.inchar();
            }
            if c.is_none() {
                return Ok(());
            }
            let (mut a1, mut a2) = (None, None);
            if let Some(a) = self.address(c)? {
                if matches!(a, Addr::Plus(n) | Addr::Multiple(n) if n > 0) {
                    return Err((
                        self.pos(),
                        "invalid usage of +N or ~N as first address".into(),
                    ));
                }
                a1 = Some(a);
                c = self.in_nonblank();
                if c == Some(',') {
                    let next = self.in_nonblank();
                    a2 = Some(
                        self.address(next)?
                            .ok_or_else(|| (self.here(next), "unexpected `,'".to_string()))?,
                    );
                    c = self.in_nonblank();
                }
                if matches!(a1, Some(Addr::Line(0))) && !matches!(a2, Some(Addr::Regex(_))) {
                    return Err((self.here(c), "invalid usage of line address 0".into()));
                }
            }
            let mut negate = false;
            if c == Some('!') {
                negate = true;
                c = self.in_nonblank();
                if c == Some('!') {
                    return Err((self.here(c), "multiple `!'s".into()));
                }
            }
            let Some(name) = c else {
                return Err((self.pos(), "missing command".into()));
            };
            let command = match name {
                '#' => {
                    if a1.is_some() {
                        return Err((self.here(c), "comments don't accept any addresses".into()));
                    }
                    if first && self.at == 1 && self.chars.get(1) == Some(&'n') {
                        self.program.quiet = true;
                    }
                    while !matches!(self.inchar(), None | Some('\n')) {}
                    continue;
                }
                '{' => {
                    self.blocks
                        .push((self.program.commands.len(), self.expression));
                    Command::Block { end: usize::MAX }
                }
                '}' => {
                    if self.blocks.is_empty() {
                        return Err((self.here(c), "unexpected `}'".into()));
                    }
                    if a1.is_some() {
                        return Err((self.here(c), "`}' doesn't want any addresses".into()));
                    }
                    self.end_of_command()?;
                    let end = self.program.commands.len();
                    if let Some((open, _)) = self.blocks.pop() {
                        if let Some(block) = self.program.commands.get_mut(open) {
                            block.command = Command::Block { end };
                        }
                    }
                    Command::EndBlock
                }
                '=' | 'd' | 'p' => {
                    self.end_of_command()?;
                    match name {
                        '=' => Command::LineNumber,
                        'd' => Command::Delete,
                        _ => Command::Print,
                    }
                }
                'q' | 'Q' => {
                    if a2.is_some() {
                        return Err((self.here(c), "command only uses one address".into()));
                    }
                    let mut next = self.in_nonblank();
                    let mut status = 0;
                    if next.is_some_and(|d| d.is_ascii_digit()) {
                        status = self.in_integer(next);
                        next = self.in_nonblank();
                    }
                    match next {
                        Some('}' | '#') => self.savchar(next),
                        None | Some('\n' | ';') => {}
                        Some(_) => {
                            return Err((self.here(next), "extra characters after command".into()))
                        }
                    }
                    Command::Quit {
                        // the exit status is the number's low byte, as exit(3) keeps it
                        status: (status & 0xff) as i32,
                        print: name == 'q',
                    }
                }
                's' => self.substitute()?,
                other if GNU_COMMANDS.contains(other) => {
                    return Err((
                        self.here(c),
                        format!("kubeplay's sed does not support the `{other}' command"),
                    ))
                }
                // GNU names the byte it read: the first of a multibyte char, not UTF-8
                other => {
                    let shown = if other.is_ascii() { other } else { '\u{fffd}' };
                    return Err((self.here(c), format!("unknown command: `{shown}'")));
                }
            };
            self.program.commands.push(Addressed {
                a1,
                a2,
                negate,
                command,
            });
        }
    }

    /// An `s` command, its `s` read.
    fn substitute(&mut self) -> Result<Command, ParseError> {
        let unterminated = |r: &Self| (r.pos(), "unterminated `s' command".to_string());
        let slash = self.inchar();
        let pattern = self
            .regex_text(slash, true)?
            .ok_or_else(|| unterminated(self))?;
        let rhs = match slash {
            Some(slash) => self.match_slash(slash, false),
            None => None,
        }
        .ok_or_else(|| unterminated(self))?;
        let (mut global, mut print, mut ignore_case, mut modifiers) = (false, false, false, false);
        let mut occurrence: u64 = 0;
        loop {
            let f = self.inchar();
            match f {
                Some('i' | 'I') => {
                    ignore_case = true;
                    modifiers = true;
                }
                Some('m' | 'M') => modifiers = true,
                Some('p') => {
                    if print {
                        return Err((self.here(f), "multiple `p' options to `s' command".into()));
                    }
                    print = true;
                }
                Some('g') => {
                    if global {
                        return Err((self.here(f), "multiple `g' options to `s' command".into()));
                    }
                    global = true;
                }
                Some(d) if d.is_ascii_digit() => {
                    if occurrence != 0 {
                        return Err((
                            self.here(f),
                            "multiple number options to `s' command".into(),
                        ));
                    }
                    occurrence = self.in_integer(f);
                    if occurrence == 0 {
                        return Err((
                            self.pos(),
                            "number option to `s' command may not be zero".into(),
                        ));
                    }
                }
                Some(' ' | '\t') => {}
                Some('}' | '#') => {
                    self.savchar(f);
                    break;
                }
                None | Some('\n' | ';') => break,
                Some(flag @ ('e' | 'w')) => {
                    return Err((
                        self.here(f),
                        format!("kubeplay's sed does not support the `{flag}' option to `s'"),
                    ))
                }
                Some(_) => return Err((self.here(f), "unknown option to `s'".into())),
            }
        }
        if pattern.is_empty() && modifiers {
            return Err((
                self.pos(),
                "cannot specify modifiers on empty regexp".into(),
            ));
        }
        let groups = if self.extended {
            pattern.contains('(')
        } else {
            pattern.contains("\\(")
        };
        let replacement = parse_replacement(&rhs, groups).map_err(|why| (self.pos(), why))?;
        let regex = if pattern.is_empty() {
            None
        } else {
            Some(self.add_regex(&pattern, ignore_case)?)
        };
        Ok(Command::Substitute {
            regex,
            replacement,
            global,
            occurrence: usize::try_from(occurrence.max(1)).unwrap_or(usize::MAX),
            print,
        })
    }
}

/// A replacement: `&` is the match, `\&` a literal `&`, `\n` a newline, `\t` a tab.
fn parse_replacement(rhs: &str, groups: bool) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = rhs.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
                pieces.push(Piece::Match);
            }
            '\\' => match chars.next() {
                Some('n') => text.push('\n'),
                Some('t') => text.push('\t'),
                Some(d @ '1'..='9') if !groups => {
                    return Err(format!("invalid reference \\{d} on `s' command's RHS"))
                }
                Some(d @ '0'..='9') => {
                    return Err(format!(
                        "kubeplay's sed does not support back-references (\\{d})"
                    ))
                }
                Some(other) => text.push(other),
                None => text.push('\\'),
            },
            c => text.push(c),
        }
    }
    pieces.push(Piece::Text(text));
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    //! Every expected output and message here is GNU sed 4.9's over the same input.

    use super::sed;

    const ONE: &str = "1";
    const NO_NL: &str = "1\n2";
    const SEQ6: &str = "1\n2\n3\n4\n5\n6\n";
    const SEQ12: &str = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
    const MANIFEST: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game-config\ndata:\n  # the game's settings\n  lives: \"3\"\nkind: Other\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n";

    /// Arguments, input, and the stdout, stderr and exit status expected.
    type Case = (
        &'static [&'static str],
        &'static str,
        (&'static str, &'static str, i32),
    );

    /// `sed ARGS` over `input`: stdout, stderr and exit status.
    fn sed_run(args: &[&str], input: &str) -> (String, String, i32) {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let o = sed(&args, input);
        (o.stdout(), o.stderr(), o.exit_code)
    }

    /// Each script's stdout over `input` (nothing on stderr, status 0).
    fn outputs(input: &str, cases: &[(&[&str], &str)]) {
        for (args, want) in cases {
            let want = (want.to_string(), String::new(), 0);
            assert_eq!(sed_run(args, input), want, "sed {args:?}");
        }
    }

    /// Each script's message (after `sed: `), with status 1 and nothing on stdout.
    fn errors(cases: &[(&[&str], &str)]) {
        for (args, want) in cases {
            let want = (String::new(), format!("sed: {want}\n"), 1);
            assert_eq!(sed_run(args, SEQ6), want, "sed {args:?}");
        }
    }

    /// The scripts tutorials pipe kubectl output through.
    #[test]
    fn tutorial_scripts() {
        outputs(
            MANIFEST,
            &[
                (&["-n", "/data/,/kind/p"], "metadata:\n  name: game-config\ndata:\n  # the game's settings\n  lives: \"3\"\nkind: Other\n"),
                (&["-n", "2,3p"], "kind: ConfigMap\nmetadata:\n"),
                (&["1d"], "kind: ConfigMap\nmetadata:\n  name: game-config\ndata:\n  # the game's settings\n  lives: \"3\"\nkind: Other\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
                (&["-n", "$p"], "  Normal  Pulled  5s\n"),
                (&["/^ *#/d"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game-config\ndata:\n  lives: \"3\"\nkind: Other\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
                (&["-n", "/Events:/,$p"], "Events:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
                (&["2q"], "apiVersion: v1\nkind: ConfigMap\n"),
                (&["/kind/,+1d"], "apiVersion: v1\n  name: game-config\ndata:\n  # the game's settings\n  lives: \"3\"\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
                (&["-n", "/^kind/!p"], "apiVersion: v1\nmetadata:\n  name: game-config\ndata:\n  # the game's settings\n  lives: \"3\"\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
                (&["-n", "/metadata:/,/^[a-z]/{/name:/p}"], "  name: game-config\n"),
                (&["-n", "/NAME/I,$p"], "  name: game-config\ndata:\n  # the game's settings\n  lives: \"3\"\nkind: Other\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
            ],
        );
    }

    /// Line numbers, `$`, `first~step`, negation.
    #[test]
    fn line_addresses() {
        outputs(
            SEQ6,
            &[
                (&["-n", "3p"], "3\n"),
                (&["3d"], "1\n2\n4\n5\n6\n"),
                (&["-n", "$p"], "6\n"),
                (&["$d"], "1\n2\n3\n4\n5\n"),
                (&["-n", "$!p"], "1\n2\n3\n4\n5\n"),
                (&["-n", "0~2p"], "2\n4\n6\n"),
                (&["-n", "2~3p"], "2\n5\n"),
                (&["-n", "1~0p"], "1\n"),
                (&["-n", "1 ~ 2 p"], "1\n3\n5\n"),
                (&["-n", "1~p"], "1\n"),
                (&["-n", "2!p"], "1\n3\n4\n5\n6\n"),
                (&["-n", "1 ! p"], "2\n3\n4\n5\n6\n"),
                (&["-n", "18446744073709551617p"], "1\n"),
                (&["-n", "99999999999999999999p"], ""),
                (&["-n", "+0p"], "1\n2\n3\n4\n5\n6\n"),
                (&["-n", "~p"], "1\n2\n3\n4\n5\n6\n"),
                (&["-n", "7p"], ""),
            ],
        );
    }

    /// Ranges: a `/RE/` end is looked for from the line after the start; an end line number
    /// at or before the start selects one line; a range that never ends runs to the last line.
    #[test]
    fn ranges() {
        outputs(
            SEQ6,
            &[
                (&["-n", "2,3p"], "2\n3\n"),
                (&["-n", "4,2p"], "4\n"),
                (&["-n", "3,3p"], "3\n"),
                (&["-n", "1,$p"], "1\n2\n3\n4\n5\n6\n"),
                (&["-n", "/4/,$p"], "4\n5\n6\n"),
                (&["-n", "$,2p"], "6\n"),
                (&["-n", "/2/,/[0-9]/p"], "2\n3\n"),
                (&["-n", "/2/,/2/p"], "2\n3\n4\n5\n6\n"),
                (&["-n", "/2/,1p"], "2\n"),
                (&["-n", "/[24]/,/[35]/p"], "2\n3\n4\n5\n"),
                (&["-n", "/5/,/x/p"], "5\n6\n"),
                (&["-n", "3,/x/p"], "3\n4\n5\n6\n"),
                (&["-n", "0,/1/p"], "1\n"),
                (&["-n", "1,/1/p"], "1\n2\n3\n4\n5\n6\n"),
                (&["-n", "0,/x/p"], "1\n2\n3\n4\n5\n6\n"),
                (&["-n", "2,3!p"], "1\n4\n5\n6\n"),
                (&["-n", "/3/,+2!p"], "1\n2\n6\n"),
                (&["/3/!d"], "3\n"),
                (&["0,/1/!d"], "1\n"),
                (&["-n", "1 , 3 p"], "1\n2\n3\n"),
                (&["-n", "/[24]/,//p"], "2\n3\n4\n"),
                (&["-n", "2,+2p"], "2\n3\n4\n"),
                (&["-n", "2,+0p"], "2\n"),
                (&["-n", "/[2-6]/,+1p"], "2\n3\n4\n5\n6\n"),
                (&["-n", "2,~4p"], "2\n3\n4\n"),
                (&["-n", "2,~0p"], "2\n"),
                (&["-n", "2,5~3p"], "2\n3\n4\n5\n"),
                (&["-n", "3,1~2p"], "3\n"),
                (&["-n", "2,3~2p"], "2\n3\n"),
                (&["-n", "0~4,+1p"], "4\n5\n"),
                (&["-n", "+0,3p"], "1\n2\n3\n4\n5\n6\n"),
            ],
        );
    }

    /// `addr1,~N` runs to the next multiple of N after the start line.
    #[test]
    fn step_ranges() {
        outputs(
            SEQ12,
            &[
                (&["-n", "4,~4p"], "4\n5\n6\n7\n8\n"),
                (&["-n", "/[369]/,~3p"], "3\n4\n5\n6\n9\n10\n11\n12\n"),
                (&["-n", "12,~5p"], "12\n"),
                (&["-n", "1~3,+1p"], "1\n2\n4\n5\n7\n8\n10\n11\n"),
                (&["-n", "4,1~12p"], "4\n5\n6\n7\n8\n9\n10\n11\n12\n"),
            ],
        );
    }

    /// A range's address is only looked at when the command is reached: a numeric start
    /// that an earlier `d` skipped still opens the range (unless its end line is behind too), and
    /// an end line number that was skipped closes it.
    #[test]
    fn skipped_range_starts() {
        outputs(
            SEQ6,
            &[
                (&["-e", "2d", "-e", "2,4p"], "1\n3\n3\n4\n4\n5\n6\n"),
                (&["-e", "2d", "-e", "2,1p"], "1\n3\n4\n5\n6\n"),
                (&["-e", "2d", "-e", "2,/3/p"], "1\n3\n3\n4\n4\n5\n5\n6\n6\n"),
                (&["-e", "2d", "-e", "2p"], "1\n3\n4\n5\n6\n"),
                (&["-e", "3d", "-e", "2,3p"], "1\n2\n2\n4\n5\n6\n"),
                (&["-e", "3d", "-e", "2,+1p"], "1\n2\n2\n4\n4\n5\n6\n"),
                (&["-e", "3,5d", "-e", "2,4p"], "1\n2\n2\n6\n"),
                (
                    &["-e", "/2/d", "-e", "/[12]/,/[34]/p"],
                    "1\n1\n3\n3\n4\n5\n6\n",
                ),
                (&["-e", "4d", "-e", "0~4,5p"], "1\n2\n3\n5\n6\n"),
                (&["-n", "-e", "2,3d", "-e", "2,~2p"], "4\n5\n6\n"),
                (&["-e", "2d", "-e", "2,3!p"], "1\n1\n3\n4\n4\n5\n5\n6\n6\n"),
            ],
        );
    }

    /// `q`, `Q`, `=` and `{…}`.
    #[test]
    fn quit_line_numbers_and_blocks() {
        outputs(
            SEQ6,
            &[
                (&["2q"], "1\n2\n"),
                (&["2Q"], "1\n"),
                (&["-n", "2q"], ""),
                (&["-n", "="], "1\n2\n3\n4\n5\n6\n"),
                (&["$="], "1\n2\n3\n4\n5\n6\n6\n"),
                (&["-n", "2,3="], "2\n3\n"),
                (&["-n", "$="], "6\n"),
                (&["2q;p"], "1\n1\n2\n"),
                (&["-n", "/2/{p;p}"], "2\n2\n"),
                (&["-n", "2,4{/3/!p}"], "2\n4\n"),
                (&["2!{d}"], "2\n"),
                (&["-n", "2{p};3p"], "2\n3\n"),
                (&["-n", "2{ p } ; 4p"], "2\n4\n"),
                (&["-n", "1,3{2,3{3p}}"], "3\n"),
                (&["-n", "2,4{=;4q}"], "2\n3\n4\n"),
                (&["-n", "2{\np\n}"], "2\n"),
                (&["-e", "2{", "-e", "d", "-e", "}"], "1\n3\n4\n5\n6\n"),
                (&["-n", "$!{$!p}"], "1\n2\n3\n4\n5\n"),
                (&["2{}"], "1\n2\n3\n4\n5\n6\n"),
                (&["-n", "2{q}"], ""),
            ],
        );
    }

    /// Address regexes: `I`, other delimiters, the empty regex, brackets holding the
    /// delimiter, comments and `#n`.
    #[test]
    fn regexes() {
        outputs(
            MANIFEST,
            &[
                (&["-n", "/KIND/Ip"], "kind: ConfigMap\nkind: Other\n"),
                (&["-n", "/KIND/ I p"], "kind: ConfigMap\nkind: Other\n"),
                (&["\\%#%d"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game-config\ndata:\n  lives: \"3\"\nkind: Other\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
                (&["-n", "\\,:,p"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game-config\ndata:\n  lives: \"3\"\nkind: Other\nEvents:\n"),
                (&["-n", "/lives/p;//p"], "  lives: \"3\"\n  lives: \"3\"\n"),
                (&["/kind/s//KIND/"], "apiVersion: v1\nKIND: ConfigMap\nmetadata:\n  name: game-config\ndata:\n  # the game's settings\n  lives: \"3\"\nKIND: Other\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
                (&["-n", "/[/]/p"], ""),
                (&["-n", "/[[:digit:]]/p"], "apiVersion: v1\n  lives: \"3\"\n  Normal  Pulled  5s\n"),
                (&["-n", "/^  #/p # a comment"], "  # the game's settings\n"),
                (&["#n\n/kind/p"], "kind: ConfigMap\nkind: Other\n"),
                (&["-e", "#n", "-e", "/kind/p"], "kind: ConfigMap\nkind: Other\n"),
                (&["-e", "p", "-e", "#n"], "apiVersion: v1\napiVersion: v1\nkind: ConfigMap\nkind: ConfigMap\nmetadata:\nmetadata:\n  name: game-config\n  name: game-config\ndata:\ndata:\n  # the game's settings\n  # the game's settings\n  lives: \"3\"\n  lives: \"3\"\nkind: Other\nkind: Other\nEvents:\nEvents:\n  Type    Reason  Age\n  Type    Reason  Age\n  Normal  Pulled  5s\n  Normal  Pulled  5s\n"),
                (&["s/\"/[&]/g;/#/d"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: game-config\ndata:\n  lives: [\"]3[\"]\nkind: Other\nEvents:\n  Type    Reason  Age\n  Normal  Pulled  5s\n"),
            ],
        );
    }

    /// Exit codes of `q`/`Q`, and the input's last line without a newline.
    #[test]
    fn exit_status_and_newlines() {
        let cases: &[Case] = &[
            (&["2q5"], SEQ6, ("1\n2\n", "", 5)),
            (&["2Q 7"], SEQ6, ("1\n", "", 7)),
            (&["1q300"], SEQ6, ("1\n", "", 44)),
            (&["3q2;p"], SEQ6, ("1\n1\n2\n2\n3\n", "", 2)),
            (&["p"], NO_NL, ("1\n1\n2\n2", "", 0)),
            (&["-n", "p"], NO_NL, ("1\n2", "", 0)),
            (&["-n", "p;p"], NO_NL, ("1\n1\n2\n2", "", 0)),
            (&["$="], NO_NL, ("1\n2\n2", "", 0)),
            (&["="], NO_NL, ("1\n1\n2\n2", "", 0)),
            (&["s/2/X/p"], NO_NL, ("1\nX\nX", "", 0)),
            (&["$q"], NO_NL, ("1\n2\n", "", 0)),
            (&["-n", "$!p"], NO_NL, ("1\n", "", 0)),
            (&["p;Q"], NO_NL, ("1\n", "", 0)),
            (&["-n", "p;q"], NO_NL, ("1\n", "", 0)),
            (&["q"], ONE, ("1\n", "", 0)),
            (&["p;q"], ONE, ("1\n1\n", "", 0)),
            (&["p;Q"], ONE, ("1", "", 0)),
            (&["p;="], ONE, ("1\n1\n1", "", 0)),
            (
                &["-n", "2{//p}"],
                SEQ6,
                (
                    "",
                    "sed: -e expression #1, char 0: no previous regular expression\n",
                    1,
                ),
            ),
            (
                &["-n", "-e", "p", "-e", "2{//p}"],
                SEQ6,
                (
                    "1\n2\n",
                    "sed: -e expression #2, char 0: no previous regular expression\n",
                    1,
                ),
            ),
            (
                &["s//x/"],
                SEQ6,
                (
                    "",
                    "sed: -e expression #1, char 0: no previous regular expression\n",
                    1,
                ),
            ),
        ];
        for (args, input, (out, err, code)) in cases {
            let want = (out.to_string(), err.to_string(), *code);
            assert_eq!(sed_run(args, input), want, "sed {args:?}");
        }
    }

    /// GNU sed's messages and positions for malformed addresses and commands.
    #[test]
    fn address_errors() {
        errors(&[
            (
                &["1,2,3p"],
                "-e expression #1, char 4: unknown command: `,'",
            ),
            (&["1,2,p"], "-e expression #1, char 4: unknown command: `,'"),
            (&[",p"], "-e expression #1, char 1: unknown command: `,'"),
            (&["1,p"], "-e expression #1, char 3: unexpected `,'"),
            (&["/x/,"], "-e expression #1, char 4: unexpected `,'"),
            (
                &["0p"],
                "-e expression #1, char 2: invalid usage of line address 0",
            ),
            (
                &["0,3p"],
                "-e expression #1, char 4: invalid usage of line address 0",
            ),
            (
                &["0~0p"],
                "-e expression #1, char 4: invalid usage of line address 0",
            ),
            (
                &["0,$p"],
                "-e expression #1, char 4: invalid usage of line address 0",
            ),
            (
                &["+2p"],
                "-e expression #1, char 2: invalid usage of +N or ~N as first address",
            ),
            (
                &["~2p"],
                "-e expression #1, char 2: invalid usage of +N or ~N as first address",
            ),
            (
                &["+ 1p"],
                "-e expression #1, char 3: invalid usage of +N or ~N as first address",
            ),
            (&["1!!p"], "-e expression #1, char 3: multiple `!'s"),
            (&["1! ! p"], "-e expression #1, char 4: multiple `!'s"),
            (&["1,2!!p"], "-e expression #1, char 5: multiple `!'s"),
            (&["1"], "-e expression #1, char 1: missing command"),
            (&["1,2"], "-e expression #1, char 3: missing command"),
            (&["1!"], "-e expression #1, char 2: missing command"),
            (&["2!   "], "-e expression #1, char 5: missing command"),
            (&["/x/"], "-e expression #1, char 3: missing command"),
            (
                &["/x"],
                "-e expression #1, char 2: unterminated address regex",
            ),
            (
                &["/x/,/y"],
                "-e expression #1, char 6: unterminated address regex",
            ),
            (
                &["\\%3d"],
                "-e expression #1, char 4: unterminated address regex",
            ),
            (
                &["\\"],
                "-e expression #1, char 1: unterminated address regex",
            ),
            (
                &["/x\n/p"],
                "-e expression #1, char 2: unterminated address regex",
            ),
            (
                &["1,2q"],
                "-e expression #1, char 4: command only uses one address",
            ),
            (
                &["1,2Q"],
                "-e expression #1, char 4: command only uses one address",
            ),
            (
                &["2q 5x"],
                "-e expression #1, char 5: extra characters after command",
            ),
            (
                &["2q x"],
                "-e expression #1, char 4: extra characters after command",
            ),
            (
                &["1Q-1"],
                "-e expression #1, char 3: extra characters after command",
            ),
            (
                &["dx"],
                "-e expression #1, char 2: extra characters after command",
            ),
            (
                &["pd"],
                "-e expression #1, char 2: extra characters after command",
            ),
            (
                &["2{p}p"],
                "-e expression #1, char 5: extra characters after command",
            ),
            (&["/2/{p"], "-e expression #1, char 0: unmatched `{'"),
            (
                &["-e", "p", "-e", "2{", "-e", "d"],
                "-e expression #2, char 0: unmatched `{'",
            ),
            (
                &["-e", "1{", "-e", "2{"],
                "-e expression #2, char 0: unmatched `{'",
            ),
            (&["2}"], "-e expression #1, char 2: unexpected `}'"),
            (
                &["-e", "p", "-e", "}"],
                "-e expression #2, char 1: unexpected `}'",
            ),
            (
                &["{2}"],
                "-e expression #1, char 3: `}' doesn't want any addresses",
            ),
            (
                &["{2,3}"],
                "-e expression #1, char 5: `}' doesn't want any addresses",
            ),
            (
                &["1#x"],
                "-e expression #1, char 2: comments don't accept any addresses",
            ),
            (
                &["//Ip"],
                "-e expression #1, char 3: cannot specify modifiers on empty regexp",
            ),
            (
                &["s//x/I"],
                "-e expression #1, char 6: cannot specify modifiers on empty regexp",
            ),
            (&["1\np"], "-e expression #1, char 2: unknown command: `\n'"),
            (&["k"], "-e expression #1, char 1: unknown command: `k'"),
            (&["1é"], "-e expression #1, char 2: unknown command: `�'"),
            (&["1,é"], "-e expression #1, char 3: unexpected `,'"),
            (
                &["sé1éXé"],
                "-e expression #1, char 2: delimiter character is not a single-byte character",
            ),
            (
                &["s/2/X/gg"],
                "-e expression #1, char 8: multiple `g' options to `s' command",
            ),
            (
                &["s/2/X/pp"],
                "-e expression #1, char 8: multiple `p' options to `s' command",
            ),
            (
                &["s/2/X/1p2"],
                "-e expression #1, char 9: multiple number options to `s' command",
            ),
            (
                &["s/[/x/"],
                "-e expression #1, char 6: unterminated `s' command",
            ),
            (
                &["/[/p"],
                "-e expression #1, char 4: unterminated address regex",
            ),
            (
                &["s/a/[/]/"],
                "-e expression #1, char 7: unknown option to `s'",
            ),
        ]);
    }
    /// GNU commands this sed lacks are refused as such, not as unknown commands.
    #[test]
    fn unsupported_commands_say_so() {
        errors(&[
            (
                &["1x"],
                "-e expression #1, char 2: kubeplay's sed does not support the `x' command",
            ),
            (
                &["2a foo"],
                "-e expression #1, char 2: kubeplay's sed does not support the `a' command",
            ),
            (
                &["s/a/b/w f"],
                "-e expression #1, char 7: kubeplay's sed does not support the `w' option to `s'",
            ),
        ]);
    }

    /// Odd scripts and inputs end in output or a message, never a panic.
    #[test]
    fn no_script_panics() {
        let alphabet: Vec<char> = "0123456789$,~+!/\\pdqQ={}; #\nIMsgé€𝄞[]^:.*%&abn\t\r-"
            .chars()
            .collect();
        let mut seed: u64 = 12345;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let len = next(14);
            let script: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let _ = sed_run(&["-n", &script], "1\né\n𝄞b\n\nab\n3");
            let _ = sed_run(&[&script], "x");
        }
    }
}
