//! `sed` as tutorials pipe kubectl through it (`kubectl get deploy x -o yaml | sed 's/…/…/' |
//! kubectl apply -f -`): GNU sed 4.9's `s` (flags `g`, `p`, `N`, `I`), `d` and `p` commands,
//! each with an optional `/RE/` address, separated by `;` or newlines, given as the script or
//! with `-e`; `-n` and `-E`/`-r`. The patterns are grep's (`filters.rs`); back-references to
//! groups in the replacement (`\1`) are not supported. There are no files to read or edit.

use super::filters::{Regex, MATCH_BUDGET};
use crate::output::CommandOutput;

const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n      --debug\n                 annotate program execution\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -f script-file, --file=script-file\n                 add the contents of script-file to the commands to be executed\n  --follow-symlinks\n                 follow symlinks when processing in place\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -l N, --line-length=N\n                 specify the desired line-wrap length for the `l' command\n  --posix\n                 disable all GNU extensions.\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n                 (for portability use POSIX -E).\n  -s, --separate\n                 consider files as separate rather than as a single,\n                 continuous long stream.\n      --sandbox\n                 operate in sandbox mode (disable e/r/w commands).\n  -u, --unbuffered\n                 load minimal amounts of data from the input files and flush\n                 the output buffers more often\n  -z, --null-data\n                 separate lines by NUL characters\n      --help     display this help and exit\n      --version  output version information and exit\n\nIf no -e, --expression, -f, or --file option is given, then the first\nnon-option argument is taken as the sed script to interpret.  All\nremaining arguments are names of input files; if no input files are\nspecified, then the standard input is read.\n\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.";

/// One command of a script.
enum Command {
    Substitute {
        regex: Regex,
        replacement: Vec<Piece>,
        global: bool,
        occurrence: usize,
        print: bool,
    },
    Delete,
    Print,
}

/// A part of a replacement: text, or the whole match (`&`).
enum Piece {
    Text(String),
    Match,
}

struct Addressed {
    address: Option<Regex>,
    command: Command,
}

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
    let mut commands = Vec::new();
    for (n, script) in scripts.iter().enumerate() {
        match parse_script(script, extended) {
            Ok(c) => commands.extend(c),
            Err((at, why)) => {
                return failure(
                    format!("sed: -e expression #{}, char {at}: {why}", n + 1),
                    1,
                )
            }
        }
    }
    if let Some(file) = operands.first() {
        return failure(
            format!("sed: can't read {file}: No such file or directory"),
            2,
        );
    }
    CommandOutput {
        chunks: vec![(crate::Stream::Stdout, run(&commands, input, quiet))],
        exit_code: 0,
    }
}

fn run(commands: &[Addressed], input: &str, quiet: bool) -> String {
    let mut out = String::new();
    if input.is_empty() {
        return out;
    }
    let trailing_newline = input.ends_with('\n');
    let body = input.strip_suffix('\n').unwrap_or(input);
    let lines: Vec<&str> = body.split('\n').collect();
    let last = lines.len() - 1;
    for (n, line) in lines.iter().enumerate() {
        let newline = if n < last || trailing_newline {
            "\n"
        } else {
            ""
        };
        let mut space: String = line.to_string();
        let mut deleted = false;
        for c in commands {
            if let Some(address) = &c.address {
                let chars: Vec<char> = space.chars().collect();
                if address.find(&chars, 0, &mut MATCH_BUDGET.clone()).is_none() {
                    continue;
                }
            }
            match &c.command {
                Command::Delete => {
                    deleted = true;
                    break;
                }
                Command::Print => {
                    out.push_str(&space);
                    out.push('\n');
                }
                Command::Substitute {
                    regex,
                    replacement,
                    global,
                    occurrence,
                    print,
                } => {
                    if let Some(new) = substitute(&space, regex, replacement, *global, *occurrence)
                    {
                        space = new;
                        if *print {
                            out.push_str(&space);
                            out.push('\n');
                        }
                    }
                }
            }
        }
        if !deleted && !quiet {
            out.push_str(&space);
            out.push_str(newline);
        }
    }
    out
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

/// A script's commands, or where (1-based char) and why it is wrong, in GNU sed's words.
fn parse_script(script: &str, extended: bool) -> Result<Vec<Addressed>, (usize, String)> {
    let chars: Vec<char> = script.chars().collect();
    let mut at = 0;
    let mut commands = Vec::new();
    let skip_blanks = |at: &mut usize| {
        while *at < chars.len() && matches!(chars[*at], ' ' | '\t' | '\n' | ';') {
            *at += 1;
        }
    };
    loop {
        skip_blanks(&mut at);
        if at >= chars.len() {
            return Ok(commands);
        }
        let address = if chars[at] == '/' {
            at += 1;
            let pattern = delimited(&chars, &mut at, '/')
                .ok_or((chars.len(), "unterminated address regex".to_string()))?;
            let regex =
                Regex::for_sed(&pattern, extended, false).map_err(|e| (at, e.to_string()))?;
            Some(regex)
        } else {
            None
        };
        while at < chars.len() && chars[at] == ' ' {
            at += 1;
        }
        let Some(&c) = chars.get(at) else {
            return Err((at, "missing command".into()));
        };
        at += 1;
        let command = match c {
            'd' => Command::Delete,
            'p' => Command::Print,
            's' => {
                let unterminated = || (chars.len(), "unterminated `s' command".to_string());
                let delim = *chars.get(at).ok_or_else(unterminated)?;
                at += 1;
                let pattern = delimited(&chars, &mut at, delim).ok_or_else(unterminated)?;
                let rhs = delimited(&chars, &mut at, delim).ok_or_else(unterminated)?;
                let (mut global, mut print, mut ignore_case, mut occurrence) =
                    (false, false, false, 1);
                while let Some(&f) = chars.get(at) {
                    match f {
                        'g' => global = true,
                        'p' => print = true,
                        'I' | 'i' => ignore_case = true,
                        '0'..='9' => {
                            let mut n = 0usize;
                            while let Some(d) = chars.get(at).and_then(|c| c.to_digit(10)) {
                                n = n.saturating_mul(10).saturating_add(d as usize);
                                at += 1;
                            }
                            if n == 0 {
                                return Err((
                                    at,
                                    "number option to `s' command may not be zero".into(),
                                ));
                            }
                            occurrence = n;
                            continue;
                        }
                        ';' | '\n' | ' ' | '}' => break,
                        _ => return Err((at + 1, "unknown option to `s'".into())),
                    }
                    at += 1;
                }
                let groups = if extended {
                    pattern.contains('(')
                } else {
                    pattern.contains("\\(")
                };
                let replacement = parse_replacement(&rhs, groups).map_err(|why| (at, why))?;
                let regex = Regex::for_sed(&pattern, extended, ignore_case)
                    .map_err(|e| (at, e.to_string()))?;
                Command::Substitute {
                    regex,
                    replacement,
                    global,
                    occurrence,
                    print,
                }
            }
            other => return Err((at, format!("unknown command: `{other}'"))),
        };
        commands.push(Addressed { address, command });
    }
}

/// The text up to the next unescaped `delim` (a `\delim` becomes `delim`), after it.
fn delimited(chars: &[char], at: &mut usize, delim: char) -> Option<String> {
    let mut text = String::new();
    while let Some(&c) = chars.get(*at) {
        *at += 1;
        if c == delim {
            return Some(text);
        }
        if c == '\\' {
            let next = *chars.get(*at)?;
            *at += 1;
            if next != delim {
                text.push('\\');
            }
            text.push(next);
            continue;
        }
        text.push(c);
    }
    None
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
