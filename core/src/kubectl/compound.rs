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
    }) || matches!(tokens.first(), Some(Token::Word(w)) if w.text == "for")
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
    let mut shell = Shell {
        cluster,
        stdin,
        vars: BTreeMap::new(),
        simple,
    };
    shell.list(&list)
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
    simple: &'a mut SimpleCommand<'a>,
}

impl Shell<'_> {
    fn list(&mut self, list: &List) -> CommandOutput {
        let mut out = CommandOutput::new();
        for (joiner, pipeline) in &list.0 {
            let skip = match joiner {
                Joiner::Then => false,
                Joiner::And => out.exit_code != 0,
                Joiner::Or => out.exit_code == 0,
            };
            if !skip {
                let o = self.pipeline(pipeline);
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
                let items: Vec<String> = items.iter().map(|w| self.expand(w)).collect();
                for item in items {
                    self.vars.insert(var.clone(), item);
                    let o = self.list(body);
                    append(&mut out, o);
                }
                out
            }
        }
    }

    fn simple_command(&mut self, words: &[Word], input: Option<&str>) -> CommandOutput {
        let mut argv: Vec<String> = words.iter().map(|w| self.expand(w)).collect();
        let assigned = super::shell::assignments(&argv);
        if assigned == argv.len() {
            // `N=3; kubectl scale … --replicas=$N`: variables for the rest of the line.
            for word in argv {
                if let Some((name, value)) = word.split_once('=') {
                    self.vars.insert(name.to_string(), value.to_string());
                }
            }
            return CommandOutput::new();
        }
        argv.drain(..assigned);
        let stdin = input.or(self.stdin);
        match filters::run(&argv, stdin) {
            Some(out) => out,
            None => (self.simple)(self.cluster, &argv, stdin),
        }
    }

    /// `$NAME` and `${NAME}` at the word's expandable `$` signs; an unset variable is empty, a
    /// `$` not followed by a name stays.
    fn expand(&self, word: &Word) -> String {
        let text = &word.text;
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for &at in &word.dollars {
            if at < done {
                continue;
            }
            let rest = &text[at + 1..];
            let (name, len) = match rest.strip_prefix('{') {
                Some(braced) => match braced.find('}') {
                    Some(end) if is_name(&braced[..end]) => (&braced[..end], end + 2),
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
            out.push_str(&text[done..at]);
            out.push_str(self.vars.get(name).map_or("", String::as_str));
            done = at + 1 + len;
        }
        out.push_str(&text[done..]);
        out
    }
}

/// Appends `o`'s output to `out` and takes its exit code.
fn append(out: &mut CommandOutput, o: CommandOutput) {
    for (stream, text) in o.chunks {
        match stream {
            Stream::Stdout => out.out(text),
            Stream::Stderr => out.err(text),
        }
    }
    out.exit_code = o.exit_code;
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
