//! Shell-like word splitting: what a user's POSIX shell does to a command line before kubectl
//! sees its argv. Supported: whitespace separation, single quotes (literal), double quotes
//! (backslash escapes only `\"`, `\\`, `\$`, `` \` `` and newline), backslash outside quotes,
//! adjacent quoted/unquoted parts joined into one word (`--type='json'`), `#` at the start of a
//! word begins a comment (to the end of the line), backslash-newline line continuation.
//! Not supported (kept literal): parameter/command expansion (`$X`, `$(…)`), globbing, `~`,
//! operators (`|`, `;`, `&&`, `>`, `<`).

/// Splits `line` into words. An unterminated quote is an error worded like bash's
/// (``unexpected EOF while looking for matching `''``).
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => {
                // comment to the end of the (physical) line
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err(unexpected_eof('\'')),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&n @ ('"' | '\\' | '$' | '`')) => {
                                cur.push(n);
                                chars.next();
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => cur.push('\\'),
                        },
                        Some(c) => cur.push(c),
                        None => return Err(unexpected_eof('"')),
                    }
                }
            }
            '\\' => match chars.next() {
                // line continuation: removed, does not start a word
                Some('\n') => {}
                Some(n) => {
                    in_word = true;
                    cur.push(n);
                }
                // a backslash at the very end is kept literally (as bash does)
                None => {
                    in_word = true;
                    cur.push('\\');
                }
            },
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
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
