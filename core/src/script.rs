//! `kubeplay run`: scripts and transcripts (PRODUCT §5.1).
//!
//! A script is lines of commands. Blank lines are skipped; a line whose first non-blank
//! character is `#` is a comment (not echoed). A trailing `\` continues the command on the next
//! line, and so does an open quote (as in a shell). A heredoc redirection (`<<EOF`, `<<'EOF'`,
//! `<<"EOF"`, `<<-EOF`, any delimiter word) collects the following lines up to the delimiter line
//! as the command's stdin (`<<-` strips leading tabs). `cat <<EOF | CMD` is accepted as a
//! spelling of `CMD <<EOF`. A leading `$ ` prompt on a command line is ignored.
//!
//! The transcript shows each command as `$ <command as written>` (continuation lines included,
//! heredoc body not), then everything it printed, stdout and stderr interleaved in write order,
//! byte for byte. With [`ScriptOptions::exit_codes`], `[exit N]` follows (on its own line) a
//! command that exits non-zero.

use crate::kubectl::shell::{line_state, LineState};
use crate::sim::Cluster;

/// How [`run_script`] renders the transcript.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptOptions {
    /// Append `[exit N]` after a command that exits non-zero.
    pub exit_codes: bool,
}

/// One command of a script, as the shell would hand it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptCommand {
    /// The command line to execute: continuations (backslash-newline) and the heredoc
    /// redirection removed (newlines inside quotes are kept).
    pub line: String,
    /// The command as written (without a `$ ` prompt), echoed after `$ ` in the transcript;
    /// includes continuation lines and the `<<EOF` token, not the heredoc body.
    pub echo: String,
    /// The heredoc body (each line newline-terminated), if any.
    pub stdin: Option<String>,
    /// 1-based script line number where the command starts.
    pub line_no: usize,
    /// A shell warning to print before running the command (unterminated heredoc).
    pub warning: Option<String>,
}

/// The seed a script asks for in its header: a comment line `# seed: N` among the comment and
/// blank lines before the first command.
pub fn script_seed(script: &str) -> Option<u64> {
    for raw in script.lines() {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let c = t.strip_prefix('#')?;
        if let Some(v) = c.trim_start().strip_prefix("seed:") {
            return v.trim().parse().ok();
        }
    }
    None
}

/// Splits a script into commands (pure; see the module docs for the syntax).
pub fn parse_script(script: &str) -> Vec<ScriptCommand> {
    let lines: Vec<&str> = script
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut cmds = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let line_no = i + 1;
        let first = match trimmed.strip_prefix("$ ") {
            Some(rest) => rest.trim_start(),
            None => trimmed,
        };
        if first.is_empty() || first.starts_with('#') {
            i += 1;
            continue;
        }
        let mut text = first.to_string();
        // continuation lines: trailing backslash or an open quote
        while i + 1 < lines.len() && line_state(&text) != LineState::Complete {
            i += 1;
            text.push('\n');
            text.push_str(lines[i]);
        }
        i += 1;
        let echo = text.clone();
        let mut line = remove_continuations(&text);
        let mut stdin = None;
        let mut warning = None;
        if let Some(h) = find_heredoc(&line) {
            let mut body = String::new();
            let mut terminated = false;
            while i < lines.len() {
                let l = lines[i];
                i += 1;
                let l = if h.strip_tabs {
                    l.trim_start_matches('\t')
                } else {
                    l
                };
                if l == h.delimiter {
                    terminated = true;
                    break;
                }
                body.push_str(l);
                // like bash, a last line without a final newline stays unterminated
                if i < lines.len() {
                    body.push('\n');
                }
            }
            if !terminated {
                // bash reports the number of the last line of the script
                let last_line = match lines.last() {
                    Some(&"") => lines.len() - 1,
                    _ => lines.len(),
                };
                warning = Some(format!(
                    "kubeplay: line {last_line}: warning: here-document at line {line_no} delimited by end-of-file (wanted `{}')",
                    h.delimiter
                ));
            }
            let mut rest = String::new();
            rest.push_str(line[..h.start].trim_end());
            let after = line[h.end..].trim_start();
            if !rest.is_empty() && !after.is_empty() {
                rest.push(' ');
            }
            rest.push_str(after);
            line = strip_cat_pipe(&rest).unwrap_or(rest);
            stdin = Some(body);
        }
        cmds.push(ScriptCommand {
            line: line.trim().to_string(),
            echo,
            stdin,
            line_no,
            warning,
        });
    }
    cmds
}

/// Runs a script against a cluster and returns the transcript.
pub fn run_script(
    cluster: &mut Cluster,
    script: &str,
    read_file: &dyn Fn(&str) -> Result<String, String>,
    opts: &ScriptOptions,
) -> String {
    let mut out = String::new();
    for cmd in parse_script(script) {
        // a container shell's prompt while a session is open (kubectl exec -ti)
        out.push_str(&cluster.prompt().unwrap_or_else(|| "$ ".to_string()));
        out.push_str(&cmd.echo);
        out.push('\n');
        if let Some(w) = &cmd.warning {
            out.push_str(w);
            out.push('\n');
        }
        let result = cluster.exec(&cmd.line, cmd.stdin.as_deref(), read_file);
        out.push_str(&result.combined());
        if opts.exit_codes && result.exit_code != 0 {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("[exit {}]\n", result.exit_code));
        }
    }
    out
}

/// Removes backslash-newline pairs outside single quotes (what the shell does with them).
fn remove_continuations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') => quote = None,
            (Some('\''), _) => {}
            (Some(_), '"') => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (_, '\\') => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                    continue;
                }
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

struct Heredoc {
    /// Byte range of the redirection (`<<-'EOF'`) in the line.
    start: usize,
    end: usize,
    delimiter: String,
    strip_tabs: bool,
}

/// Finds the first unquoted heredoc redirection `<<[-] WORD` (not a here-string `<<<`).
fn find_heredoc(line: &str) -> Option<Heredoc> {
    let b = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut word_start = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(b'\'') => {
                if c == b'\'' {
                    quote = None;
                }
            }
            Some(_) => {
                if c == b'\\' {
                    i += 1;
                } else if c == b'"' {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' => {
                    quote = Some(c);
                    word_start = false;
                }
                b'\\' => {
                    i += 1;
                    word_start = false;
                }
                b'#' if word_start => return None,
                b'<' if b.get(i + 1) == Some(&b'<') => {
                    if b.get(i + 2) == Some(&b'<') {
                        // here-string: not supported, leave it to the command
                        i += 3;
                        word_start = false;
                        continue;
                    }
                    return parse_heredoc_word(line, i);
                }
                b' ' | b'\t' | b'\n' => word_start = true,
                _ => word_start = false,
            },
        }
        i += 1;
    }
    None
}

fn parse_heredoc_word(line: &str, start: usize) -> Option<Heredoc> {
    let b = line.as_bytes();
    let mut i = start + 2;
    let strip_tabs = b.get(i) == Some(&b'-');
    if strip_tabs {
        i += 1;
    }
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    let mut delimiter = String::new();
    let mut any = false;
    let mut chars = line[i..].char_indices().peekable();
    let mut end = line.len();
    while let Some((off, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '|' | ';' | '&' | '<' | '>' | '(' | ')' => {
                end = i + off;
                break;
            }
            '\'' | '"' => {
                any = true;
                let mut closed = false;
                for (_, q) in chars.by_ref() {
                    if q == c {
                        closed = true;
                        break;
                    }
                    delimiter.push(q);
                }
                if !closed {
                    return None;
                }
            }
            '\\' => {
                any = true;
                if let Some((_, n)) = chars.next() {
                    delimiter.push(n);
                }
            }
            _ => {
                any = true;
                delimiter.push(c);
            }
        }
    }
    if !any {
        return None; // `<<` without a word: leave the syntax error to the command
    }
    Some(Heredoc {
        start,
        end,
        delimiter,
        strip_tabs,
    })
}

/// `cat | CMD` (what remains of `cat <<EOF | CMD`) → `CMD`.
fn strip_cat_pipe(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("cat")?.trim_start();
    let cmd = rest.strip_prefix('|')?.trim_start();
    if cmd.is_empty() || cmd.contains('|') {
        return None;
    }
    Some(cmd.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(line: &str, echo: &str, stdin: Option<&str>, line_no: usize) -> ScriptCommand {
        ScriptCommand {
            line: line.to_string(),
            echo: echo.to_string(),
            stdin: stdin.map(str::to_string),
            line_no,
            warning: None,
        }
    }

    #[test]
    fn simple_lines_comments_blanks() {
        let s = "# seed: 3\n\nkubectl get pods\n   # indented comment\n  sim advance 30s  \n\n";
        assert_eq!(
            parse_script(s),
            vec![
                cmd("kubectl get pods", "kubectl get pods", None, 3),
                cmd("sim advance 30s", "sim advance 30s  ", None, 5),
            ]
        );
    }

    #[test]
    fn dollar_prompt_is_stripped() {
        assert_eq!(
            parse_script("$ kubectl get deploy\n$   sim time"),
            vec![
                cmd("kubectl get deploy", "kubectl get deploy", None, 1),
                cmd("sim time", "sim time", None, 2),
            ]
        );
        // `$` not followed by a space is part of the command
        assert_eq!(parse_script("$X")[0].line, "$X");
        // a bare prompt or a prompt followed by a comment runs nothing
        assert!(parse_script("$ \n$ # note\n").is_empty());
    }

    #[test]
    fn inline_comment_stays_in_line() {
        let c = &parse_script("kubectl get pods # list")[0];
        assert_eq!(c.line, "kubectl get pods # list");
        assert_eq!(c.echo, "kubectl get pods # list");
    }

    #[test]
    fn backslash_continuation() {
        let s = "kubectl create deployment web \\\n  --image=nginx \\\n  --replicas=3\nsim time\n";
        assert_eq!(
            parse_script(s),
            vec![
                cmd(
                    "kubectl create deployment web   --image=nginx   --replicas=3",
                    "kubectl create deployment web \\\n  --image=nginx \\\n  --replicas=3",
                    None,
                    1
                ),
                cmd("sim time", "sim time", None, 4),
            ]
        );
        // an escaped backslash does not continue
        assert_eq!(parse_script("a \\\\\nb").len(), 2);
        // trailing backslash on the last line
        assert_eq!(parse_script("a \\")[0].line, "a \\");
    }

    #[test]
    fn open_quote_continues() {
        let s = "kubectl patch deploy web -p '{\n  \"spec\": {\"replicas\": 2}\n}'\nsim time";
        let cmds = parse_script(s);
        assert_eq!(cmds.len(), 2);
        assert_eq!(
            cmds[0].line,
            "kubectl patch deploy web -p '{\n  \"spec\": {\"replicas\": 2}\n}'"
        );
        assert_eq!(cmds[0].echo, cmds[0].line);
        assert_eq!(cmds[1].line_no, 4);
    }

    #[test]
    fn heredoc_basic() {
        let s = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\n\n# not a comment\nEOF\nsim time\n";
        assert_eq!(
            parse_script(s),
            vec![
                cmd(
                    "kubectl apply -f -",
                    "kubectl apply -f - <<EOF",
                    Some("apiVersion: v1\nkind: Namespace\n\n# not a comment\n"),
                    1
                ),
                cmd("sim time", "sim time", None, 7),
            ]
        );
    }

    #[test]
    fn heredoc_quoted_and_spaced_delimiters() {
        for (tok, delim) in [
            ("<<'EOF'", "EOF"),
            ("<<\"END\"", "END"),
            ("<< YAML", "YAML"),
            ("<<E\\OF", "EOF"),
            ("<<'MY DOC'", "MY DOC"),
        ] {
            let s = format!("kubectl apply -f - {tok}\nx: 1\n{delim}\n");
            let c = &parse_script(&s)[0];
            assert_eq!(c.line, "kubectl apply -f -", "{tok}");
            assert_eq!(c.echo, format!("kubectl apply -f - {tok}"));
            assert_eq!(c.stdin.as_deref(), Some("x: 1\n"), "{tok}");
            assert_eq!(c.warning, None);
        }
    }

    #[test]
    fn heredoc_strip_tabs() {
        let s = "kubectl apply -f - <<-EOF\n\tkind: A\n\t\t  x: 1\n\tEOF\nnext";
        let cmds = parse_script(s);
        assert_eq!(cmds[0].stdin.as_deref(), Some("kind: A\n  x: 1\n"));
        assert_eq!(cmds[1].line, "next");
        // without `-`, tabs are kept and an indented delimiter does not end the body
        let s = "a <<EOF\n\tx\n\tEOF\nEOF\n";
        assert_eq!(parse_script(s)[0].stdin.as_deref(), Some("\tx\n\tEOF\n"));
    }

    #[test]
    fn heredoc_delimiter_must_match_whole_line() {
        let s = "a <<EOF\nEOF \n EOF\nEOFX\nEOF\n";
        assert_eq!(
            parse_script(s)[0].stdin.as_deref(),
            Some("EOF \n EOF\nEOFX\n")
        );
    }

    #[test]
    fn heredoc_token_mid_line_and_cat_pipe() {
        let c = &parse_script("kubectl apply <<EOF -f -\nx\nEOF")[0];
        assert_eq!(c.line, "kubectl apply -f -");
        let c = &parse_script("cat <<EOF | kubectl apply -f -\nx\nEOF")[0];
        assert_eq!(c.line, "kubectl apply -f -");
        assert_eq!(c.echo, "cat <<EOF | kubectl apply -f -");
        assert_eq!(c.stdin.as_deref(), Some("x\n"));
        let c = &parse_script("cat <<'EOF' |kubectl create -f-\nx\nEOF")[0];
        assert_eq!(c.line, "kubectl create -f-");
    }

    #[test]
    fn heredoc_not_detected_in_quotes_or_herestring() {
        let c = &parse_script("kubectl annotate x 'a=<<EOF'\nnext")[0];
        assert_eq!(c.stdin, None);
        assert_eq!(c.line, "kubectl annotate x 'a=<<EOF'");
        let cmds = parse_script("cmd <<< word\nnext");
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].stdin, None);
        let cmds = parse_script("cmd # <<EOF\nnext");
        assert_eq!(cmds.len(), 2);
        // `<<` without a word is left alone
        let cmds = parse_script("cmd <<\nnext");
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].line, "cmd <<");
    }

    #[test]
    fn heredoc_unterminated() {
        let s = "sim time\nkubectl apply -f - <<EOF\nkind: A\n";
        let cmds = parse_script(s);
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[1].stdin.as_deref(), Some("kind: A\n"));
        assert_eq!(
            cmds[1].warning.as_deref(),
            Some("kubeplay: line 3: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')")
        );
        // without a final newline the last line is part of the body, unterminated (as in bash)
        let cmds = parse_script("a <<EOF\nx\ny");
        assert_eq!(cmds[0].stdin.as_deref(), Some("x\ny"));
        assert_eq!(
            cmds[0].warning.as_deref(),
            Some("kubeplay: line 3: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')")
        );
    }

    #[test]
    fn heredoc_empty_body() {
        let c = &parse_script("a <<EOF\nEOF\n")[0];
        assert_eq!(c.stdin.as_deref(), Some(""));
        assert_eq!(c.warning, None);
    }

    #[test]
    fn heredoc_after_continuation() {
        let s = "kubectl apply \\\n  -f - <<EOF\nx: 1\nEOF\nnext";
        let cmds = parse_script(s);
        assert_eq!(cmds[0].line, "kubectl apply   -f -");
        assert_eq!(cmds[0].echo, "kubectl apply \\\n  -f - <<EOF");
        assert_eq!(cmds[0].stdin.as_deref(), Some("x: 1\n"));
        assert_eq!(cmds[1].line, "next");
        assert_eq!(cmds[1].line_no, 5);
    }

    #[test]
    fn crlf_scripts() {
        let cmds = parse_script("a <<EOF\r\nx\r\nEOF\r\nb\r\n");
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].stdin.as_deref(), Some("x\n"));
        assert_eq!(cmds[1].line, "b");
    }

    #[test]
    fn seeds() {
        assert_eq!(script_seed("# seed: 42\nkubectl get pods"), Some(42));
        assert_eq!(script_seed("\n#seed:7\n"), Some(7));
        assert_eq!(script_seed("# title\n# seed: 5\nx"), Some(5));
        assert_eq!(script_seed("kubectl get pods\n# seed: 5"), None);
        assert_eq!(script_seed("# seed: x"), None);
        assert_eq!(script_seed(""), None);
    }

    #[test]
    fn run_script_echoes_commands_and_skips_comments() {
        use crate::sim::{Cluster, ClusterConfig};
        let mut c = Cluster::new(ClusterConfig::default());
        let rf = |p: &str| Err(format!("error: the path \"{p}\" does not exist"));
        let opts = ScriptOptions { exit_codes: true };
        assert_eq!(run_script(&mut c, "# only a comment\n\n", &rf, &opts), "");
        let t = run_script(&mut c, "# c\nsim time\n", &rf, &opts);
        assert!(t.starts_with("$ sim time\n"), "{t}");
        assert!(!t.contains("# c"), "{t}");
    }

    #[test]
    fn remove_continuations_respects_single_quotes() {
        assert_eq!(remove_continuations("a \\\nb"), "a b");
        assert_eq!(remove_continuations("'a \\\nb'"), "'a \\\nb'");
        assert_eq!(remove_continuations("\"a \\\nb\""), "\"a b\"");
        assert_eq!(remove_continuations("a \\\\\nb"), "a \\\\\nb");
    }
}
