//! Compound command lines, as the learner's shell would run them: `a; b`, `a && b`, `a || b`,
//! pipelines into the text filters tutorials use (`kubectl get sts web -o yaml | grep -A 1
//! updateStrategy`, `… | head`, `… | wc -l`), `echo`, `cat` (stdin through), and `for` loops
//! over words (`for p in 0 1 2; do kubectl get po web-$p …; echo; done`, seed 002) with `$p` /
//! `${p}` expanded. Each simple command runs as it would on a line of its own (kubectl commands
//! are atomic and drain the controllers); a pipeline's exit code is its last command's.
//! Redirections to files are refused: the page has no file system.

use super::filters;
use super::shell::{Token, Word};
use crate::output::{CommandOutput, Stream};
use crate::sim::Cluster;
use std::collections::BTreeMap;

/// How the pipelines of a list are joined: `;` (or `&`, run in order here), `&&`, `||`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joiner {
    Then,
    And,
    Or,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Command {
    Simple(Vec<Word>, Vec<Redirect>),
    For {
        var: String,
        items: Vec<Word>,
        body: List,
    },
}

/// Where a simple command's stdout (1) or stderr (2) goes, left to right as bash applies them:
/// `N>/dev/null` drops descriptor N, `N>&M` points N where M points now, `&>/dev/null` drops
/// both. There are no files here, so `/dev/null` is the only file a redirection may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Redirect {
    Null(u8),
    Dup(u8, u8),
    BothNull,
}

/// Where a descriptor's text ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    Stdout,
    Stderr,
    Null,
}

/// Pipelines, each with how it joins the one before (the first's joiner is `Then`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct List(Vec<(Joiner, Vec<Command>)>);

/// Runs one simple command's argv with the stdin it is given.
pub type SimpleCommand<'a> = dyn FnMut(&mut Cluster, &[String], Option<&str>) -> CommandOutput + 'a;

/// Whether `tokens` need more than one simple command's treatment.
pub fn is_compound(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| match t {
        Token::Op(_) => true,
        Token::Word(w) => !w.dollars.is_empty(),
    }) || matches!(tokens.first(), Some(Token::Word(w))
        if matches!(w.text.as_str(), "for" | "export" | "unset")
            || super::shell::assignments(std::slice::from_ref(&w.text)) == 1)
}

/// The editor a program sees: kubectl's `KUBE_EDITOR`, else `EDITOR`, from the command's own
/// assignments (`prefix`) or the exported variables (an empty one counts as unset).
pub(crate) fn editor(
    vars: &BTreeMap<String, String>,
    exported: &std::collections::BTreeSet<String>,
    prefix: &[(String, String)],
) -> Option<String> {
    ["KUBE_EDITOR", "EDITOR"].iter().find_map(|name| {
        let own = prefix.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v);
        let exported = exported.contains(*name).then(|| vars.get(*name)).flatten();
        own.or(exported).filter(|v| !v.is_empty()).cloned()
    })
}

/// Runs a compound line. `simple` runs one command's argv with the stdin it is given (the
/// previous pipeline stage's output, else the line's own stdin).
pub fn run(
    cluster: &mut Cluster,
    tokens: &[Token],
    stdin: Option<&str>,
    simple: &mut SimpleCommand,
) -> CommandOutput {
    let mut at = 0;
    let list = match parse_list(tokens, &mut at, 0) {
        Ok(list) => list,
        Err(e) => return CommandOutput::failure(e),
    };
    if let Some(t) = tokens.get(at) {
        return CommandOutput::failure(unexpected(t));
    }
    // the shell's variables live as long as the session (`export POD_NAME=…` on one line,
    // `kubectl logs $POD_NAME` on the next, as the Kubernetes Basics tutorial types them)
    let vars = std::mem::take(&mut cluster.shell_vars);
    let last_status = cluster.last_status;
    let mut shell = Shell {
        cluster,
        stdin,
        vars,
        last_status,
        depth: 0,
        substituted: None,
        steps: 0,
        simple,
    };
    let out = shell.list(&list);
    shell.cluster.shell_vars = shell.vars;
    out
}

// ---- parsing ----

fn unexpected(t: &Token) -> String {
    let text = match t {
        Token::Op(op) => op,
        Token::Word(w) => w.text.as_str(),
    };
    format!("bash: syntax error near unexpected token `{text}'")
}

const UNEXPECTED_EOF: &str = "bash: syntax error: unexpected end of file";

fn is_word(t: Option<&Token>, text: &str) -> bool {
    matches!(t, Some(Token::Word(w)) if w.text == text)
}

/// The longest word (or variable) the shell makes: doubling a variable line after line
/// would otherwise exhaust the page's memory.
const MAX_WORD_BYTES: usize = 4 << 20;

/// At most this many simple commands run for one line (loops over loops would otherwise
/// freeze the page); the rest fail.
const MAX_COMMANDS: usize = 10_000;

/// Loops nested deeper than this are refused (parsing recurses once per level).
const MAX_NESTING: usize = 32;

/// A list up to the end of the tokens, or (in the body of a loop `depth` deep) up to `done` in
/// command position.
fn parse_list(tokens: &[Token], at: &mut usize, depth: usize) -> Result<List, String> {
    let mut list = List::default();
    let mut joiner = Joiner::Then;
    loop {
        match tokens.get(*at) {
            None => break,
            Some(_) if depth > 0 && is_word(tokens.get(*at), "done") => break,
            Some(t @ Token::Op(_)) => return Err(unexpected(t)),
            Some(Token::Word(_)) => {}
        }
        list.0.push((joiner, parse_pipeline(tokens, at, depth)?));
        joiner = match tokens.get(*at) {
            Some(Token::Op("&&")) => Joiner::And,
            Some(Token::Op("||")) => Joiner::Or,
            Some(Token::Op(";" | "&")) => Joiner::Then,
            _ => break,
        };
        *at += 1;
        if joiner != Joiner::Then && tokens.get(*at).is_none() {
            return Err(UNEXPECTED_EOF.into());
        }
    }
    Ok(list)
}

fn parse_pipeline(tokens: &[Token], at: &mut usize, depth: usize) -> Result<Vec<Command>, String> {
    let mut commands = vec![parse_command(tokens, at, depth)?];
    while matches!(tokens.get(*at), Some(Token::Op("|"))) {
        *at += 1;
        match tokens.get(*at) {
            None => return Err(UNEXPECTED_EOF.into()),
            Some(t @ Token::Op(_)) => return Err(unexpected(t)),
            Some(Token::Word(_)) => commands.push(parse_command(tokens, at, depth)?),
        }
    }
    Ok(commands)
}

fn parse_command(tokens: &[Token], at: &mut usize, depth: usize) -> Result<Command, String> {
    if is_word(tokens.get(*at), "for") {
        return parse_for(tokens, at, depth + 1);
    }
    let mut words = Vec::new();
    let mut redirects = Vec::new();
    while let Some(t) = tokens.get(*at) {
        match t {
            Token::Word(w) => words.push(w.clone()),
            Token::Op(op) if op.contains(['<', '>']) => {
                *at += 1;
                let target = match tokens.get(*at) {
                    Some(Token::Word(w)) => w.text.as_str(),
                    Some(t) => return Err(unexpected(t)),
                    None => return Err("bash: syntax error near unexpected token `newline'".into()),
                };
                redirects.push(redirect(op, target)?);
            }
            Token::Op(_) => break,
        }
        *at += 1;
    }
    Ok(Command::Simple(words, redirects))
}

/// One redirection: the operator and the word after it.
fn redirect(op: &str, target: &str) -> Result<Redirect, String> {
    let fd = if op.starts_with('2') { 2 } else { 1 };
    match (op, target) {
        ("&>", "/dev/null") => Ok(Redirect::BothNull),
        (">" | ">>" | "1>" | "1>>" | "2>" | "2>>", "/dev/null") => Ok(Redirect::Null(fd)),
        (">&" | "1>&" | "2>&", "1") => Ok(Redirect::Dup(fd, 1)),
        (">&" | "1>&" | "2>&", "2") => Ok(Redirect::Dup(fd, 2)),
        _ => Err(format!(
            "kubeplay: the redirection `{op}` is not supported: there are no files here, so the \
             output stays in the terminal (only /dev/null, 2>&1 and 1>&2 are)"
        )),
    }
}

/// Sends each chunk of `out` where the redirections point its descriptor.
fn redirected(out: CommandOutput, redirects: &[Redirect]) -> CommandOutput {
    if redirects.is_empty() {
        return out;
    }
    // indexed by descriptor: 1 and 2 (0, stdin, is never written)
    let mut sinks = [Sink::Null, Sink::Stdout, Sink::Stderr];
    for r in redirects {
        match *r {
            Redirect::Null(fd) => sinks[fd as usize] = Sink::Null,
            Redirect::Dup(fd, to) => sinks[fd as usize] = sinks[to as usize],
            Redirect::BothNull => {
                sinks[1] = Sink::Null;
                sinks[2] = Sink::Null;
            }
        }
    }
    let mut result = CommandOutput::new();
    for (stream, text) in out.chunks {
        let fd = if stream == Stream::Stdout { 1 } else { 2 };
        match sinks[fd] {
            Sink::Stdout => result.out(text),
            Sink::Stderr => result.err(text),
            Sink::Null => {}
        }
    }
    result.exit_code = out.exit_code;
    result
}

/// `for NAME in WORDS; do LIST; done` (a `;` or nothing before `do` and `done`, since the line
/// has no newlines left).
fn parse_for(tokens: &[Token], at: &mut usize, depth: usize) -> Result<Command, String> {
    if depth > MAX_NESTING {
        return Err(format!(
            "kubeplay: loops nested more than {MAX_NESTING} deep are not run"
        ));
    }
    *at += 1;
    let var = match tokens.get(*at) {
        Some(Token::Word(w)) if is_name(&w.text) => w.text.clone(),
        Some(Token::Word(w)) => return Err(format!("bash: `{}': not a valid identifier", w.text)),
        Some(t) => return Err(unexpected(t)),
        None => return Err(UNEXPECTED_EOF.into()),
    };
    *at += 1;
    let mut items = Vec::new();
    if is_word(tokens.get(*at), "in") {
        *at += 1;
        while let Some(Token::Word(w)) = tokens.get(*at) {
            if w.text == "do" {
                break;
            }
            items.push(w.clone());
            *at += 1;
        }
    }
    if matches!(tokens.get(*at), Some(Token::Op(";"))) {
        *at += 1;
    }
    match tokens.get(*at) {
        Some(Token::Word(w)) if w.text == "do" => *at += 1,
        Some(t) => return Err(unexpected(t)),
        None => return Err(UNEXPECTED_EOF.into()),
    }
    let body = parse_list(tokens, at, depth)?;
    if body.0.is_empty() {
        return Err(match tokens.get(*at) {
            Some(t) => unexpected(t),
            None => UNEXPECTED_EOF.into(),
        });
    }
    if !is_word(tokens.get(*at), "done") {
        return Err(UNEXPECTED_EOF.into());
    }
    *at += 1;
    Ok(Command::For { var, items, body })
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

// ---- running ----

struct Shell<'a> {
    cluster: &'a mut Cluster,
    stdin: Option<&'a str>,
    vars: BTreeMap<String, String>,
    /// `$?`: the exit status of the last pipeline.
    last_status: i32,
    /// How many command substitutions this one runs inside.
    depth: usize,
    /// The status of the last command substitution of the command being expanded (an
    /// assignment alone exits with it).
    substituted: Option<i32>,
    /// Simple commands run so far on this line, substitutions included.
    steps: usize,
    simple: &'a mut SimpleCommand<'a>,
}

/// What a word expanded to: each piece with whether it came from an unquoted expansion (and so
/// is split into fields).
type Pieces = Vec<(String, bool)>;

impl Shell<'_> {
    fn list(&mut self, list: &List) -> CommandOutput {
        let mut out = CommandOutput::new();
        for (joiner, pipeline) in &list.0 {
            if self.steps > MAX_COMMANDS {
                break;
            }
            let skip = match joiner {
                Joiner::Then => false,
                Joiner::And => out.exit_code != 0,
                Joiner::Or => out.exit_code == 0,
            };
            if !skip {
                let o = self.pipeline(pipeline);
                self.last_status = o.exit_code;
                append(&mut out, o);
            }
        }
        out
    }

    /// Each stage's stdout feeds the next; stderr goes straight to the terminal. The stages
    /// run at once in a real shell, so a stage's error written after its output (kubectl's
    /// errors come last) reaches the terminal after what the stages downstream print of that
    /// output; one written before any output comes first.
    fn pipeline(&mut self, commands: &[Command]) -> CommandOutput {
        let mut out = CommandOutput::new();
        let mut trailing = Vec::new();
        let mut input: Option<String> = None;
        for (i, command) in commands.iter().enumerate() {
            let o = self.command(command, input.take().as_deref());
            out.exit_code = o.exit_code;
            if i + 1 == commands.len() {
                append(&mut out, o);
            } else {
                let mut piped = String::new();
                for (stream, text) in o.chunks {
                    match stream {
                        Stream::Stdout => piped.push_str(&text),
                        Stream::Stderr if piped.is_empty() => out.err(text),
                        Stream::Stderr => trailing.push(text),
                    }
                }
                input = Some(piped);
            }
        }
        for text in trailing {
            out.err(text);
        }
        out
    }

    fn command(&mut self, command: &Command, input: Option<&str>) -> CommandOutput {
        match command {
            Command::Simple(words, redirects) => {
                let out = self.simple_command(words, input);
                redirected(out, redirects)
            }
            Command::For { var, items, body } => {
                let mut out = CommandOutput::new();
                let mut fields = Vec::new();
                for word in items {
                    let (pieces, err) = self.expand(word);
                    out.err(err);
                    fields.extend(split_fields(word, pieces));
                }
                for item in fields {
                    if self.steps > MAX_COMMANDS {
                        break;
                    }
                    self.vars.insert(var.clone(), item);
                    let o = self.list(body);
                    append(&mut out, o);
                }
                out
            }
        }
    }

    fn simple_command(&mut self, words: &[Word], input: Option<&str>) -> CommandOutput {
        self.steps += 1;
        if self.steps > MAX_COMMANDS {
            return CommandOutput::failure(format!(
                "kubeplay: a line may run at most {MAX_COMMANDS} commands; the rest were not run"
            ));
        }
        let mut errors = String::new();
        self.substituted = None;
        // assignments are read before expansion (`X=$(kubectl …)` is not split into fields)
        let raw: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
        let assigned = super::shell::assignments(&raw);
        let declaring = assigned == 0 && matches!(raw.first().map(String::as_str), Some("export"));
        let mut argv = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let (pieces, err) = self.expand(word);
            errors.push_str(&err);
            // `export NAME=VALUE` takes its value as an assignment does
            let whole =
                i < assigned || (declaring && i > 0 && super::shell::assignments(&raw[i..=i]) == 1);
            if whole {
                argv.push(pieces.into_iter().map(|(text, _)| text).collect());
            } else {
                argv.extend(split_fields(word, pieces));
            }
        }
        if argv.iter().any(|w| w.len() > MAX_WORD_BYTES) {
            return CommandOutput::failure(format!(
                "kubeplay: a word may expand to at most {} MiB; the command was not run",
                MAX_WORD_BYTES >> 20
            ));
        }
        let mut out = CommandOutput::new();
        out.err(errors);
        if assigned == argv.len() {
            // `POD_NAME=…` alone: a shell variable from now on
            for word in argv {
                if let Some((name, value)) = word.split_once('=') {
                    self.vars.insert(name.to_string(), value.to_string());
                }
            }
            out.exit_code = self.substituted.unwrap_or(0);
            return out;
        }
        let prefix: Vec<(String, String)> = argv
            .drain(..assigned)
            .filter_map(|w| {
                w.split_once('=')
                    .map(|(n, v)| (n.to_string(), v.to_string()))
            })
            .collect();
        let result = match argv.first().map_or("", String::as_str) {
            "export" => self.export(&argv[1..]),
            "unset" => {
                for name in &argv[1..] {
                    self.vars.remove(name);
                    self.cluster.shell_exported.remove(name);
                }
                CommandOutput::new()
            }
            _ => {
                let stdin = input.or(self.stdin);
                match filters::run(&argv, stdin) {
                    Some(out) => out,
                    None => {
                        self.cluster.command_editor = self.editor(&prefix);
                        let out = (self.simple)(self.cluster, &argv, stdin);
                        self.cluster.command_editor = None;
                        out
                    }
                }
            }
        };
        append(&mut out, result);
        out
    }

    /// The editor a program started now sees ([`editor`]).
    fn editor(&self, prefix: &[(String, String)]) -> Option<String> {
        editor(&self.vars, &self.cluster.shell_exported, prefix)
    }

    /// bash's `export NAME=VALUE …` / `export NAME`: sets the variable and marks it for the
    /// programs the shell starts (of which only `kubectl edit` reads one: its editor).
    fn export(&mut self, args: &[String]) -> CommandOutput {
        let mut out = CommandOutput::new();
        for arg in args.iter().filter(|a| !a.starts_with('-')) {
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (arg.as_str(), None),
            };
            if !is_name(name) {
                out.err(format!("bash: export: `{arg}': not a valid identifier\n"));
                out.exit_code = 1;
                continue;
            }
            if let Some(value) = value {
                self.vars.insert(name.to_string(), value.to_string());
            }
            self.cluster.shell_exported.insert(name.to_string());
        }
        out
    }

    /// Expands the word's `$NAME`, `${NAME}`, `$?` and command substitutions (an unset
    /// variable is empty, a `$` not followed by a name stays), giving the pieces and what the
    /// substitutions wrote to stderr.
    fn expand(&mut self, word: &Word) -> (Pieces, String) {
        let text = &word.text;
        let mut pieces: Pieces = Vec::new();
        let mut errors = String::new();
        let mut done = 0;
        for &at in &word.dollars {
            if at < done {
                continue;
            }
            let rest = &text[at..];
            let (value, len) = if rest.starts_with("$((") {
                // arithmetic: `$((…))`, to the `))` that closes it
                let Some(end) = arithmetic_end(rest) else {
                    continue;
                };
                let vars = &self.vars;
                match crate::nodes::process::arith_eval(&rest[3..end], &|n| {
                    vars.get(n).cloned().unwrap_or_default()
                }) {
                    Some(v) => (v.to_string(), end + 2),
                    None => {
                        errors.push_str(&format!(
                            "kubeplay: {}: this arithmetic is not supported\n",
                            &rest[..end + 2]
                        ));
                        (String::new(), end + 2)
                    }
                }
            } else if rest.starts_with('`') || rest.starts_with("$(") {
                let Some(len) = super::shell::substitution_len(rest) else {
                    continue;
                };
                let inner = if rest.starts_with('`') {
                    &rest[1..len - 1]
                } else {
                    &rest[2..len - 1]
                };
                let (stdout, stderr) = self.substitute(inner);
                errors.push_str(&stderr);
                (stdout, len)
            } else if rest.starts_with("$?") {
                (self.last_status.to_string(), 2)
            } else {
                let rest = &rest[1..];
                let (name, len) = match rest.strip_prefix('{') {
                    Some(braced) => match closing_brace(braced) {
                        Some(end) if is_name(&braced[..end]) => (&braced[..end], end + 2),
                        Some(end) => match self.parameter(&braced[..end]) {
                            Some(value) => {
                                pieces.push((text[done..at].to_string(), false));
                                pieces.push((value, word.unquoted.contains(&at)));
                                done = at + end + 3;
                                continue;
                            }
                            None => continue,
                        },
                        _ => continue,
                    },
                    None => {
                        let end = rest
                            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                            .unwrap_or(rest.len());
                        if !is_name(&rest[..end]) {
                            continue;
                        }
                        (&rest[..end], end)
                    }
                };
                (self.vars.get(name).cloned().unwrap_or_default(), len + 1)
            };
            pieces.push((text[done..at].to_string(), false));
            pieces.push((value, word.unquoted.contains(&at)));
            done = at + len;
        }
        pieces.push((text[done..].to_string(), false));
        (pieces, errors)
    }

    /// bash's `${NAME:-WORD}`, `${NAME-WORD}`, `${#NAME}` and the pattern removals
    /// `${NAME#P}`, `${NAME##P}`, `${NAME%P}`, `${NAME%%P}` (`*` and `?` in P); None for any
    /// other form, which stays as written.
    fn parameter(&self, inner: &str) -> Option<String> {
        if let Some(name) = inner.strip_prefix('#').filter(|n| is_name(n)) {
            let value = self.vars.get(name).map_or("", String::as_str);
            return Some(value.chars().count().to_string());
        }
        let end = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let (name, op) = inner.split_at(end);
        if !is_name(name) {
            return None;
        }
        let value = self.vars.get(name);
        let text = value.map_or("", String::as_str);
        let cut = |pattern: &str, from_start: bool, longest: bool| {
            let n = text.len();
            // each of the n + 1 cuts is a match of up to n × m steps: a long value is only cut
            // by a literal pattern
            let steps = n.saturating_mul(n).saturating_mul(pattern.len() + 1);
            if steps > 10_000_000 && pattern.contains(['*', '?']) {
                return text.to_string();
            }
            let mut cuts: Vec<usize> = (0..=n).filter(|i| text.is_char_boundary(*i)).collect();
            if from_start == longest {
                cuts.reverse();
            }
            for i in cuts {
                let (part, kept) = if from_start {
                    (&text[..i], &text[i..])
                } else {
                    (&text[i..], &text[..i])
                };
                if crate::nodes::process::test_expr::glob_match(pattern, part) {
                    return kept.to_string();
                }
            }
            text.to_string()
        };
        Some(if let Some(word) = op.strip_prefix(":-") {
            if text.is_empty() {
                self.expand_default(word)
            } else {
                text.to_string()
            }
        } else if let Some(word) = op.strip_prefix('-') {
            match value {
                Some(v) => v.clone(),
                None => self.expand_default(word),
            }
        } else if let Some(p) = op.strip_prefix("##") {
            cut(p, true, true)
        } else if let Some(p) = op.strip_prefix('#') {
            cut(p, true, false)
        } else if let Some(p) = op.strip_prefix("%%") {
            cut(p, false, true)
        } else if let Some(p) = op.strip_prefix('%') {
            cut(p, false, false)
        } else {
            return None;
        })
    }

    /// The WORD of `${NAME:-WORD}`, with its own `$NAME`/`${…}` expanded (as in double quotes).
    fn expand_default(&self, word: &str) -> String {
        let mut out = String::new();
        let mut rest = word;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let (name, len) = match after.strip_prefix('{') {
                Some(braced) => match closing_brace(braced) {
                    Some(end) => (&braced[..end], end + 2),
                    None => ("", 0),
                },
                None => {
                    let end = after
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(after.len());
                    (&after[..end], end)
                }
            };
            if is_name(name) {
                out.push_str(self.vars.get(name).map_or("", String::as_str));
            } else if let Some(v) = (len > 0).then(|| self.parameter(name)).flatten() {
                out.push_str(&v);
            } else {
                out.push_str(&rest[at..at + 1 + len]);
            }
            rest = &after[len..];
        }
        out.push_str(rest);
        out
    }

    /// Runs the line inside `$(…)` in a subshell (variables it sets are its own) and gives its
    /// stdout without the trailing newlines, and its stderr, which reaches the terminal.
    fn substitute(&mut self, line: &str) -> (String, String) {
        if self.depth >= MAX_NESTING {
            return (
                String::new(),
                format!("kubeplay: command substitutions nested more than {MAX_NESTING} deep are not run\n"),
            );
        }
        let list = super::shell::lex(line)
            .map_err(|e| format!("bash: {e}"))
            .and_then(|tokens| {
                let mut at = 0;
                let list = parse_list(&tokens, &mut at, 0)?;
                match tokens.get(at) {
                    Some(t) => Err(unexpected(t)),
                    None => Ok(list),
                }
            });
        let list = match list {
            Ok(list) => list,
            Err(e) => return (String::new(), format!("{e}\n")),
        };
        let mut sub = Shell {
            cluster: &mut *self.cluster,
            stdin: None,
            vars: self.vars.clone(),
            last_status: self.last_status,
            depth: self.depth + 1,
            substituted: None,
            steps: self.steps,
            simple: &mut *self.simple,
        };
        let out = sub.list(&list);
        self.steps = sub.steps;
        let mut stdout = String::new();
        let mut stderr = String::new();
        for (stream, text) in out.chunks {
            match stream {
                Stream::Stdout => stdout.push_str(&text),
                Stream::Stderr => stderr.push_str(&text),
            }
        }
        self.substituted = Some(out.exit_code);
        let kept = stdout.trim_end_matches('\n').len();
        stdout.truncate(kept);
        (stdout, stderr)
    }
}

/// Where the `}` closing a `${` is in `braced` (the text after the `{`), nested `${…}` skipped.
fn closing_brace(braced: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in braced.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Where the `))` closing the `$((` that `s` starts with is (parentheses inside balanced).
fn arithmetic_end(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let b = s.as_bytes();
    let mut i = 3;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' if depth == 0 => return (b.get(i + 1) == Some(&b')')).then_some(i),
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The fields a word makes: the pieces joined, split at blanks where they came from an
/// unquoted expansion; a word that is nothing but unquoted expansions to blanks makes none.
fn split_fields(word: &Word, pieces: Pieces) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    // whether `current` holds a field (it may be an empty quoted one)
    let mut open = word.quoted;
    for (text, split) in pieces {
        if !split {
            if !text.is_empty() {
                open = true;
            }
            current.push_str(&text);
            continue;
        }
        let mut parts = text.split([' ', '\t', '\n']).peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                current.push_str(part);
                open = true;
            }
            if parts.peek().is_some() && open {
                fields.push(std::mem::take(&mut current));
                open = false;
            }
        }
    }
    if open {
        fields.push(current);
    }
    fields
}

/// Appends `o`'s output to `out` and takes its exit code.
fn append(out: &mut CommandOutput, o: CommandOutput) {
    out.exit_code = o.exit_code;
    out.extend(o);
}

#[cfg(test)]
mod tests {
    use crate::{Cluster, ClusterConfig};

    fn run(line: &str) -> (String, i32) {
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        let out = c.run(line);
        (out.combined(), out.exit_code)
    }

    #[test]
    fn variables_expand_as_bash_expands_them() {
        assert_eq!(
            run(r#"for p in 0 1; do echo web-$p "${p}x" '$p' $q. $ end\$p; done"#),
            ("web-0 0x $p . $ end$p\nweb-1 1x $p . $ end$p\n".into(), 0)
        );
        assert_eq!(run("echo $p"), ("\n".into(), 0), "unset: empty");
        assert_eq!(run("N=3; echo $N"), ("3\n".into(), 0), "set for the line");
        assert_eq!(
            run("KUBE_EDITOR=nano echo edited"),
            ("edited\n".into(), 0),
            "a prefix assignment is not the command"
        );
    }

    fn session(lines: &[&str]) -> Vec<(String, i32)> {
        let mut c = Cluster::new(ClusterConfig {
            seed: 1,
            workers: 3,
        });
        lines
            .iter()
            .map(|line| {
                let out = c.run(line);
                (out.combined(), out.exit_code)
            })
            .collect()
    }

    #[test]
    fn variables_live_from_line_to_line() {
        let out = session(&[
            "POD_NAME=web-0",
            "echo Name of the Pod: $POD_NAME",
            "export NODE_PORT=30080 EMPTY=",
            "echo \"NODE_PORT=$NODE_PORT\" [$EMPTY]",
            "unset POD_NAME",
            "echo [$POD_NAME]",
            "export 1X=2",
            "for p in a b; do true; done; echo $p",
        ]);
        let texts: Vec<&str> = out.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "",
                "Name of the Pod: web-0\n",
                "",
                "NODE_PORT=30080 []\n",
                "",
                "[]\n",
                "bash: export: `1X=2': not a valid identifier\n",
                "b\n",
            ]
        );
        assert_eq!(out[6].1, 1);
    }

    #[test]
    fn command_substitution_runs_the_inner_line() {
        assert_eq!(
            run("X=\"$(echo hi; echo there)\"; echo \"[$X]\""),
            ("[hi\nthere]\n".into(), 0)
        );
        // unquoted: split into fields; quoted: one word; trailing newlines dropped
        assert_eq!(
            run("for w in $(echo a b; echo c); do echo \"<$w>\"; done"),
            ("<a>\n<b>\n<c>\n".into(), 0)
        );
        assert_eq!(
            run("for w in \"$(echo a b)\"; do echo \"<$w>\"; done"),
            ("<a b>\n".into(), 0)
        );
        assert_eq!(run("echo `echo back`quoted"), ("backquoted\n".into(), 0));
        // quotes inside the substitution are its own, even inside double quotes
        assert_eq!(
            run(r#"echo "$(echo "in (parens)")""#),
            ("in (parens)\n".into(), 0)
        );
        // a variable set inside is the subshell's
        assert_eq!(run("echo $(Y=1; echo $Y)/$Y"), ("1/\n".into(), 0));
        // an empty unquoted expansion is no argument; a quoted one is an empty argument
        assert_eq!(run("echo a $(true) b"), ("a b\n".into(), 0));
        // stderr of the inner command reaches the terminal; $? is its status
        let (text, code) = run("X=$(kubectl get pod nope); echo \"[$X] $?\"");
        assert_eq!(
            (text.as_str(), code),
            (
                "Error from server (NotFound): pods \"nope\" not found\n[] 1\n",
                0
            )
        );
        assert_eq!(
            run("echo $(echo"),
            (
                "bash: unexpected EOF while looking for matching `)'\n".into(),
                1
            )
        );
    }

    #[test]
    fn loops_over_loops_are_bounded() {
        let words = "0 1 2 3 4 5 6 7 8 9";
        let line = format!("for a in {words}; do for b in {words}; do for c in {words}; do for d in {words}; do for e in {words}; do true; done; done; done; done; done");
        let (text, code) = run(&line);
        assert!(
            text.starts_with("kubeplay: a line may run at most 10000 commands"),
            "{}",
            &text[..80.min(text.len())]
        );
        assert_eq!(code, 1);
    }

    #[test]
    fn parameter_expansions() {
        let out = session(&[
            "P=pod/web-0; E=",
            "echo ${P#pod/} ${P#*/} ${P##*-} ${P%-*} ${P%%/*} ${#P} ${E:-none} ${U-unset} ${E-set}.",
            "echo ${P/x/y}",
        ]);
        assert_eq!(out[1].0, "web-0 web-0 0 pod/web pod 9 none unset .\n");
        assert_eq!(out[2].0, "${P/x/y}\n", "other forms stay as written");
    }

    #[test]
    fn expansions_bash_reads_the_same_way() {
        assert_eq!(
            run(r#"echo "$"'(echo injected)' "$"{HOME} $ end$"#),
            ("$(echo injected) ${HOME} $ end$\n".into(), 0),
            "a $ before a quote is a dollar sign"
        );
        assert_eq!(
            run("Y=y; echo ${X:-${Y}} ${X:-$Y-z} ${X-${Y:-w}}"),
            ("y y-z y\n".into(), 0)
        );
        assert_eq!(
            run("N=5; echo $((1+2)) $(( (3 + 4) * 2 )) $((N % 3))"),
            ("3 14 2\n".into(), 0)
        );
        assert_eq!(
            run("P=web-0.log; echo ${P%[0-9].log} ${P%.*}"),
            ("web- web-0\n".into(), 0)
        );
    }

    #[test]
    fn words_that_double_are_bounded() {
        let (text, code) = run("X=ab; for i in $(echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30); do X=$X$X; done; echo ${#X}");
        assert!(
            text.starts_with("kubeplay: a word may expand to at most 4 MiB"),
            "{}",
            &text[..80.min(text.len())]
        );
        assert!(text.ends_with("2097152\n"), "the largest value kept");
        assert_eq!(code, 0);
    }

    #[test]
    fn nested_substitutions_are_bounded() {
        let line = "echo ".to_string() + &"$(echo ".repeat(40) + "x" + &")".repeat(40);
        let (text, _) = run(&line);
        assert!(text.contains("nested more than 32 deep"), "{text}");
    }

    #[test]
    fn exit_codes_steer_and_or_lists() {
        assert_eq!(run("false && echo no; echo yes"), ("yes\n".into(), 0));
        assert_eq!(run("true || echo no"), (String::new(), 0));
        assert_eq!(run("echo a | grep b"), (String::new(), 1));
        assert_eq!(run("echo a | grep b || echo none"), ("none\n".into(), 0));
        assert_eq!(run("for x in a; do false; done"), (String::new(), 1));
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed_into() {
        let line = "for x in a; do ".repeat(5_000) + "echo" + &"; done".repeat(5_000);
        assert_eq!(
            run(&line),
            (
                "kubeplay: loops nested more than 32 deep are not run\n".into(),
                1
            )
        );
        let nested = "for x in a; do ".repeat(3) + "echo $x" + &"; done".repeat(3);
        assert_eq!(run(&nested), ("a\n".into(), 0));
    }
}
