//! Shell-like word splitting: what a user's POSIX shell does to a command line before kubectl
//! sees its argv. Supported: whitespace separation, single quotes (literal), double quotes
//! (backslash escapes only `\"`, `\\`, `\$`, `` \` `` and newline), backslash outside quotes,
//! adjacent quoted/unquoted parts joined into one word (`--type='json'`), `#` at the start of a
//! word begins a comment (to the end of the line), backslash-newline line continuation.
//! Control operators (`|`, `||`, `&&`, `;`, `&`) and redirections (`<`, `>`, `>>`, and with a
//! descriptor `2>`, `1>>`, `&>`, `2>&`, …) outside quotes are tokens of their own ([`lex`]);
//! `compound.rs` runs what they make. `$NAME`, `${NAME}`, `$?` and command substitution
//! (`$(…)`, `` `…` ``, kept raw in the word here) are expanded there. Not supported: globbing,
//! `~`, arithmetic.

/// One token of a command line: a word, or an unquoted control or redirection operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    /// `|`, `||`, `&`, `&&`, `;`, `<`, `>`, `>>`, and the redirections with a descriptor
    /// (`2>`, `1>>`, `&>`, `2>&`, `>&`, …).
    Op(&'static str),
}

/// A word after quote removal, remembering which `$` signs were unquoted or double-quoted (the
/// ones a shell expands; a single-quoted or backslash-escaped `$` stays literal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    /// Byte offsets in `text` of the expandable `$` signs, and of the backquotes that open a
    /// command substitution (`` `…` ``); a `$(…)` or `` `…` `` is kept raw in `text`.
    pub dollars: Vec<usize>,
    /// The offsets of `dollars` written outside quotes: what they expand to is split into
    /// fields (`for p in $(kubectl get pods -o name)`), as bash splits on its default IFS.
    pub unquoted: Vec<usize>,
    /// Whether any part of the word was quoted (`""` is one empty argument; an unquoted
    /// expansion to nothing is none).
    pub quoted: bool,
}

/// The byte length of the command substitution `$(…)` or `` `…` `` that `s` starts with, up to
/// and including its closing `)` or backquote; `None` when it is not closed. Inside, quotes
/// and nested `$(…)` are skipped as bash's parser does, so a `)` of a go-template in single
/// quotes (`'{{(index .spec.ports 0).nodePort}}'`) does not end it.
pub fn substitution_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() == Some(&b'`') {
        let mut i = 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 1,
                b'`' => return Some(i + 1),
                _ => {}
            }
            i += 1;
        }
        return None;
    }
    let mut i = 2;
    let mut depth = 1usize;
    let mut in_double = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'\'' if !in_double => {
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
            }
            b'"' => in_double = !in_double,
            b'(' if !in_double => depth += 1,
            b')' if !in_double => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The shell's control and redirection operators, longest first.
const OPERATORS: [&str; 8] = ["||", "&&", ">>", "|", "&", ";", "<", ">"];

/// The output redirections with a file descriptor or a duplication (`2>`, `2>>`, `1>`, `&>`,
/// `>&`, `2>&`, `1>&`), as the operator token they make; `rest` starts at the `>` (or the `&`
/// of `&>`), `fd` is the descriptor written just before it. Plain `>`, `>>` are [`OPERATORS`].
fn redirection(fd: Option<&'static str>, rest: &str) -> Option<&'static str> {
    const OPS: [&str; 9] = ["2>>", "1>>", "2>&", "1>&", "2>", "1>", "&>", ">&", ">>"];
    let written = match fd {
        Some(fd) => format!("{fd}{rest}"),
        None => rest.to_string(),
    };
    OPS.into_iter()
        .find(|op| written.starts_with(op) && (fd.is_some() || op.starts_with(['&', '>'])))
        .filter(|op| *op != ">>" || fd.is_some())
}

/// Splits `line` into words and operators (see the module docs). An unterminated quote is an
/// error worded like bash's (``unexpected EOF while looking for matching `''``).
pub fn lex(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut cur = Word::default();
    let mut in_word = false;
    let mut chars = line.char_indices().peekable();
    let end_word = |tokens: &mut Vec<Token>, cur: &mut Word, in_word: &mut bool| {
        if std::mem::take(in_word) {
            tokens.push(Token::Word(std::mem::take(cur)));
        }
    };
    while let Some((at, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => end_word(&mut tokens, &mut cur, &mut in_word),
            '#' if !in_word => {
                // comment to the end of the (physical) line
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '|' | '&' | ';' | '<' | '>' => {
                // `2>`, `1>>`: a file descriptor written right before `>` belongs to it
                let fd = match cur.text.as_str() {
                    "1" if c == '>' && in_word => Some("1"),
                    "2" if c == '>' && in_word => Some("2"),
                    _ => None,
                };
                if fd.is_some() {
                    cur = Word::default();
                    in_word = false;
                }
                end_word(&mut tokens, &mut cur, &mut in_word);
                if let Some(op) = redirection(fd, &line[at..]) {
                    for _ in 1..op.len() - fd.map_or(0, str::len) {
                        chars.next();
                    }
                    tokens.push(Token::Op(op));
                    continue;
                }
                let op = OPERATORS
                    .into_iter()
                    .find(|op| line[at..].starts_with(op))
                    .unwrap_or(";");
                for _ in 1..op.len() {
                    chars.next();
                }
                tokens.push(Token::Op(op));
            }
            '\'' => {
                in_word = true;
                cur.quoted = true;
                loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, c)) => cur.text.push(c),
                        None => return Err(unexpected_eof('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                cur.quoted = true;
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.peek() {
                            Some(&(_, n @ ('"' | '\\' | '$' | '`'))) => {
                                cur.text.push(n);
                                chars.next();
                            }
                            Some((_, '\n')) => {
                                chars.next();
                            }
                            _ => cur.text.push('\\'),
                        },
                        Some((i, c @ ('$' | '`'))) => {
                            let raw = substitution_at(line, i, c)?;
                            if c == '`' || expands(line, i) {
                                cur.dollars.push(cur.text.len());
                            }
                            cur.text.push_str(raw);
                            skip_to(&mut chars, i + raw.len());
                        }
                        Some((_, c)) => cur.text.push(c),
                        None => return Err(unexpected_eof('"')),
                    }
                }
            }
            '\\' => match chars.next() {
                // line continuation: removed, does not start a word
                Some((_, '\n')) => {}
                Some((_, n)) => {
                    in_word = true;
                    cur.text.push(n);
                }
                // a backslash at the very end is kept literally (as bash does)
                None => {
                    in_word = true;
                    cur.text.push('\\');
                }
            },
            c @ ('$' | '`') => {
                in_word = true;
                let raw = substitution_at(line, at, c)?;
                if c == '`' || expands(line, at) {
                    cur.dollars.push(cur.text.len());
                    cur.unquoted.push(cur.text.len());
                }
                cur.text.push_str(raw);
                skip_to(&mut chars, at + raw.len());
            }
            c => {
                in_word = true;
                cur.text.push(c);
            }
        }
    }
    end_word(&mut tokens, &mut cur, &mut in_word);
    Ok(tokens)
}

/// Splits `line` into words, as argv: operators come out as words of their own (a caller that
/// runs compound lines uses [`lex`]).
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    Ok(lex(line)?
        .into_iter()
        .map(|t| match t {
            Token::Word(w) => w.text,
            Token::Op(op) => op.to_string(),
        })
        .collect())
}

/// Whether the `$` at `at` of `line` begins an expansion: a name, `{`, `(`, `?` or a digit
/// right after it, in the same quoting. A `$` before a quote (`"$"'(x)'`), a blank or the
/// end is a literal dollar sign.
fn expands(line: &str, at: usize) -> bool {
    line[at + 1..]
        .chars()
        .next()
        .is_some_and(|n| n.is_ascii_alphanumeric() || matches!(n, '_' | '{' | '(' | '?'))
}

/// The raw text a `$` or backquote at `at` of `line` starts: a whole command substitution
/// (an unclosed one is bash's EOF error), else the `$` alone.
fn substitution_at(line: &str, at: usize, c: char) -> Result<&str, String> {
    let rest = &line[at..];
    if c == '`' || rest.starts_with("$(") {
        let close = if c == '`' { '`' } else { ')' };
        return substitution_len(rest)
            .map(|len| &rest[..len])
            .ok_or_else(|| unexpected_eof(close));
    }
    Ok("$")
}

/// Advances `chars` to byte offset `end` of the line.
fn skip_to(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, end: usize) {
    while chars.next_if(|&(i, _)| i < end).is_some() {}
}

fn unexpected_eof(quote: char) -> String {
    format!("unexpected EOF while looking for matching `{quote}'")
}

/// Where a scan of shell text ended: inside a quote, after an unescaped trailing backslash
/// (a line continuation), or complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineState {
    Complete,
    /// Ends inside an open `'` or `"` quote.
    OpenQuote(char),
    /// Ends with a backslash that escapes the (missing) next character, outside single quotes.
    Continuation,
}

/// Scans `text` with the same quoting rules as [`split_words`] and reports whether the shell
/// would need another line to complete it.
pub fn line_state(text: &str) -> LineState {
    let mut quote: Option<char> = None;
    let mut word_start = true;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some('\'') => {
                if c == '\'' {
                    quote = None;
                }
            }
            Some(_) => match c {
                '"' => quote = None,
                '\\' if chars.next().is_none() => return LineState::Continuation,
                _ => {}
            },
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    word_start = false;
                }
                '\\' => {
                    if chars.next().is_none() {
                        return LineState::Continuation;
                    }
                    word_start = false;
                }
                '#' if word_start => {
                    // comment: skip to the end of the physical line
                    for c in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                    word_start = true;
                }
                ' ' | '\t' | '\n' | '\r' => word_start = true,
                _ => word_start = false,
            },
        }
    }
    match quote {
        Some(q) => LineState::OpenQuote(q),
        None => LineState::Complete,
    }
}

/// How many leading words are variable assignments (`KUBE_EDITOR=nano kubectl edit …`): the
/// shell sets them for the command (or, with no command, for the rest of the line) and they
/// are not part of its argv.
pub fn assignments(words: &[String]) -> usize {
    words
        .iter()
        .take_while(|w| {
            w.split_once('=').is_some_and(|(name, _)| {
                let mut chars = name.chars();
                chars
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        })
        .count()
}

/// Quotes `word` for a POSIX shell so that [`split_words`] gives it back unchanged: as is when
/// it only has safe characters, otherwise in single quotes (`'` written as `'\''`).
pub fn quote_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | ',' | '+' | '@' | '%')
        });
    if safe {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Vec<String> {
        split_words(line).unwrap_or_else(|e| panic!("{line:?}: {e}"))
    }

    #[test]
    fn whitespace_separation() {
        assert_eq!(ok("kubectl get pods"), ["kubectl", "get", "pods"]);
        assert_eq!(ok("  kubectl\tget   pods  "), ["kubectl", "get", "pods"]);
        assert!(ok("").is_empty());
        assert!(ok("   \t ").is_empty());
    }

    #[test]
    fn single_quotes_are_literal() {
        assert_eq!(
            ok(r#"echo 'a b' 'c"d' '\n' '$x'"#),
            ["echo", "a b", "c\"d", "\\n", "$x"]
        );
        assert_eq!(
            ok(r#"kubectl patch deploy x -p '{"spec":{"replicas":2}}'"#),
            [
                "kubectl",
                "patch",
                "deploy",
                "x",
                "-p",
                r#"{"spec":{"replicas":2}}"#
            ]
        );
    }

    #[test]
    fn double_quotes_escape_only_some_chars() {
        assert_eq!(
            ok(r#"x "a\"b" "c\\d" "e\$f" "g\`h" "i\qj" "k'l""#),
            ["x", "a\"b", "c\\d", "e$f", "g`h", "i\\qj", "k'l"]
        );
        assert_eq!(ok("\"a\\\nb\""), ["ab"]);
        assert_eq!(ok("\"a\nb\""), ["a\nb"]);
    }

    #[test]
    fn backslash_outside_quotes() {
        assert_eq!(ok(r"a\ b c\'d \q"), ["a b", "c'd", "q"]);
        assert_eq!(ok(r"a\\b"), [r"a\b"]);
        assert_eq!(ok("a \\\n  b"), ["a", "b"]);
        assert_eq!(ok("a\\\nb"), ["ab"]);
        assert_eq!(ok(r"a\"), [r"a\"]);
    }

    #[test]
    fn adjacent_parts_join() {
        assert_eq!(ok("--type='json'"), ["--type=json"]);
        assert_eq!(ok(r#"a"b"'c'd"#), ["abcd"]);
        assert_eq!(
            ok(r#"-p='[{"op":"replace"}]'"#),
            [r#"-p=[{"op":"replace"}]"#]
        );
    }

    #[test]
    fn empty_quotes_make_empty_words() {
        assert_eq!(ok("a '' b \"\""), ["a", "", "b", ""]);
        assert_eq!(ok("-l ''"), ["-l", ""]);
    }

    #[test]
    fn comments() {
        assert_eq!(
            ok("kubectl get pods # all of them"),
            ["kubectl", "get", "pods"]
        );
        assert_eq!(ok("# just a comment"), Vec::<String>::new());
        assert_eq!(ok("a#b"), ["a#b"]);
        assert_eq!(ok("a '#b' \"#c\" \\#d"), ["a", "#b", "#c", "#d"]);
        assert_eq!(ok("a #b\nc"), ["a", "c"]);
    }

    #[test]
    fn unterminated_quotes() {
        assert_eq!(
            split_words("echo 'abc"),
            Err("unexpected EOF while looking for matching `''".to_string())
        );
        assert_eq!(
            split_words("echo \"abc"),
            Err("unexpected EOF while looking for matching `\"'".to_string())
        );
        assert_eq!(
            split_words("echo \"abc\\\""),
            Err("unexpected EOF while looking for matching `\"'".to_string())
        );
    }

    #[test]
    fn unicode_passes_through() {
        assert_eq!(
            ok("label x 'app=привіт' ünï"),
            ["label", "x", "app=привіт", "ünï"]
        );
    }

    #[test]
    fn line_states() {
        assert_eq!(line_state("kubectl get pods"), LineState::Complete);
        assert_eq!(line_state("kubectl get \\"), LineState::Continuation);
        assert_eq!(line_state("kubectl get \\\\"), LineState::Complete);
        assert_eq!(line_state("a '{"), LineState::OpenQuote('\''));
        assert_eq!(line_state("a '\\"), LineState::OpenQuote('\''));
        assert_eq!(line_state("a \"x"), LineState::OpenQuote('"'));
        assert_eq!(line_state("a \"x\\"), LineState::Continuation);
        assert_eq!(line_state("a 'x' \"y\""), LineState::Complete);
        assert_eq!(line_state("a # it's"), LineState::Complete);
        assert_eq!(line_state("a \\# it's"), LineState::OpenQuote('\''));
        assert_eq!(line_state("a # x \\"), LineState::Complete);
        assert_eq!(line_state("a '\n}'"), LineState::Complete);
    }

    #[test]
    fn quote_word_round_trips() {
        for w in [
            "nginx",
            "app=web",
            "",
            "a b",
            "it's",
            "{\"a\":1}",
            "x#y",
            "#x",
            "$HOME",
            "a\\b",
        ] {
            let q = quote_word(w);
            assert_eq!(ok(&q), [w], "{q}");
        }
        assert_eq!(quote_word("nginx:1.25"), "nginx:1.25");
        assert_eq!(quote_word("a b"), "'a b'");
        assert_eq!(quote_word("it's"), r"'it'\''s'");
    }
}
