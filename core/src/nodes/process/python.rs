//! `python3 -c SCRIPT` for the small scripts of the Kubernetes docs' Job examples
//! (`controllers/job-backoff-limit-per-index-example.yaml`, `…-failindex.yaml`,
//! `job-success-policy.yaml`): `import`, `print`, assignments, `if`/`elif`/`else` on
//! comparisons of integers and strings, `int()`, `%`, `os.environ.get(NAME)` and
//! `sys.exit(N)`. Anything else is not simulated (None: the caller treats the program as it
//! treats any unknown one).

use super::{Exit, Line, Piece, Process};
use std::collections::BTreeMap;

/// How long the interpreter takes to start and run such a script, in ms.
const RUN_MS: u64 = 100;
/// At most this many statements run (the scripts have no loops; a bound all the same).
const MAX_STEPS: usize = 1_000;
/// At most this many parentheses deep.
const MAX_NESTING: i32 = 16;

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Int(i64),
    Str(String),
    None,
    Bool(bool),
}

/// What running the script did: its output lines and its exit code.
struct Run<'a> {
    env: &'a [(String, String)],
    vars: BTreeMap<String, Val>,
    out: Vec<String>,
    exit: Option<i32>,
    steps: usize,
}

/// A statement line: its indentation and text.
struct Stmt<'s> {
    indent: usize,
    text: &'s str,
}

/// The process for `python3 ARGS…`, when ARGS are `-c SCRIPT` and the script is one kubeplay
/// reads.
pub(super) fn process(args: &[String], env: &[(String, String)]) -> Option<Process> {
    let [flag, script, ..] = args else {
        return None;
    };
    if flag != "-c" {
        return None;
    }
    let stmts: Vec<Stmt> = script
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| Stmt {
            indent: l.len() - l.trim_start().len(),
            text: l.trim(),
        })
        .collect();
    let mut run = Run {
        env,
        vars: BTreeMap::new(),
        out: Vec::new(),
        exit: None,
        steps: 0,
    };
    // the docs' scripts are short and shallow; deeper text is not simulated (and never
    // recursed into)
    let too_deep = |t: &str| {
        let mut depth = 0i32;
        t.chars().any(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth > MAX_NESTING
        })
    };
    if stmts.len() > MAX_STEPS
        || stmts
            .iter()
            .any(|s| s.text.len() > 1_000 || too_deep(s.text))
    {
        return None;
    }
    let base = stmts.first().map_or(0, |s| s.indent);
    if stmts.iter().any(|s| s.indent < base) {
        return None;
    }
    run.block(&stmts, base)?;
    let code = run.exit.unwrap_or(0);
    Some(Process {
        lines: run
            .out
            .into_iter()
            .map(|text| Line {
                at_ms: RUN_MS,
                pieces: vec![Piece::Text(text)],
                err: false,
            })
            .collect(),
        exit: Some(Exit {
            after_ms: RUN_MS,
            code,
            oom_killed: false,
        }),
        ..Process::default()
    })
}

impl Run<'_> {
    /// Runs the statements of one block (all at `indent`); None for what is not simulated.
    fn block(&mut self, stmts: &[Stmt], indent: usize) -> Option<()> {
        let mut i = 0;
        while i < stmts.len() {
            if self.exit.is_some() {
                return Some(());
            }
            self.steps += 1;
            if self.steps > MAX_STEPS {
                return None;
            }
            let s = &stmts[i];
            if s.indent != indent {
                return None;
            }
            if s.text.starts_with("if ") {
                // the chain: if, elif…, else, each with its indented body
                let mut taken = false;
                loop {
                    let head = stmts[i].text;
                    let cond = if let Some(c) = head.strip_prefix("if ") {
                        Some(c)
                    } else if let Some(c) = head.strip_prefix("elif ") {
                        Some(c)
                    } else if head == "else:" {
                        None
                    } else {
                        return None;
                    };
                    let body_start = i + 1;
                    let mut end = body_start;
                    while end < stmts.len() && stmts[end].indent > indent {
                        end += 1;
                    }
                    let body = &stmts[body_start..end];
                    let body_indent = body.first()?.indent;
                    if !taken {
                        let go = match cond {
                            Some(c) => truthy(&self.expr(c.strip_suffix(':')?.trim())?),
                            None => true,
                        };
                        if go {
                            taken = true;
                            self.block(body, body_indent)?;
                        }
                    }
                    i = end;
                    let next = stmts.get(i).filter(|n| n.indent == indent);
                    match next {
                        Some(n) if n.text.starts_with("elif ") || n.text == "else:" => {}
                        _ => break,
                    }
                }
                continue;
            }
            self.simple(s.text)?;
            i += 1;
        }
        Some(())
    }

    fn simple(&mut self, text: &str) -> Option<()> {
        if let Some(modules) = text.strip_prefix("import ") {
            return modules
                .split(',')
                .all(|m| matches!(m.trim(), "os" | "sys"))
                .then_some(());
        }
        if let Some(arg) = call_arg(text, "print") {
            let v = if arg.trim().is_empty() {
                Val::Str(String::new())
            } else {
                self.expr(arg)?
            };
            self.out.push(show(&v));
            return Some(());
        }
        if let Some(arg) = call_arg(text, "sys.exit") {
            let code = match self.expr(arg)? {
                Val::Int(n) => (n & 0xff) as i32,
                Val::None => 0,
                Val::Bool(b) => i32::from(b),
                // a string is printed to stderr and the exit code is 1
                Val::Str(s) => {
                    self.out.push(s);
                    1
                }
            };
            self.exit = Some(code);
            return Some(());
        }
        let (name, value) = text.split_once('=')?;
        let name = name.trim();
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || value.starts_with('=')
        {
            return None;
        }
        let v = self.expr(value.trim())?;
        self.vars.insert(name.to_string(), v);
        Some(())
    }

    /// An expression: a comparison of two sums, or one.
    fn expr(&self, text: &str) -> Option<Val> {
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if let Some((a, b)) = split_top(text, op) {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                let ord = match (&a, &b) {
                    (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
                    (Val::Str(x), Val::Str(y)) => Some(x.cmp(y)),
                    _ => None,
                };
                return Some(Val::Bool(match op {
                    "==" => a == b,
                    "!=" => a != b,
                    _ => {
                        let o = ord?;
                        match op {
                            "<=" => o.is_le(),
                            ">=" => o.is_ge(),
                            "<" => o.is_lt(),
                            _ => o.is_gt(),
                        }
                    }
                }));
            }
        }
        if let Some((a, b)) = split_top(text, "%") {
            return match (self.expr(a)?, self.expr(b)?) {
                (Val::Int(x), Val::Int(y)) if y != 0 => Some(Val::Int(x.rem_euclid(y))),
                _ => None,
            };
        }
        self.atom(text.trim())
    }

    fn atom(&self, t: &str) -> Option<Val> {
        if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
            return self.expr(inner);
        }
        if let Ok(n) = t.parse::<i64>() {
            return Some(Val::Int(n));
        }
        if let Some(s) = string_literal(t) {
            return Some(Val::Str(s));
        }
        if let Some(arg) = call_arg(t, "int") {
            return match self.expr(arg)? {
                Val::Int(n) => Some(Val::Int(n)),
                Val::Str(s) => s.trim().parse().ok().map(Val::Int),
                _ => None,
            };
        }
        if let Some(arg) = call_arg(t, "os.environ.get") {
            let Val::Str(name) = self.expr(arg)? else {
                return None;
            };
            return Some(
                self.env
                    .iter()
                    .rev()
                    .find(|(k, _)| *k == name)
                    .map_or(Val::None, |(_, v)| Val::Str(v.clone())),
            );
        }
        match t {
            "None" => return Some(Val::None),
            "True" => return Some(Val::Bool(true)),
            "False" => return Some(Val::Bool(false)),
            _ => {}
        }
        self.vars.get(t).cloned()
    }
}

/// The argument text of `name(ARG)`, when `t` is exactly that call.
fn call_arg<'t>(t: &'t str, name: &str) -> Option<&'t str> {
    let inner = t.strip_prefix(name)?.strip_prefix('(')?.strip_suffix(')')?;
    // the closing parenthesis must be the call's own
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    (depth == 0).then_some(inner)
}

/// Splits at the first `op` outside parentheses and quotes.
fn split_top<'t>(t: &'t str, op: &str) -> Option<(&'t str, &'t str)> {
    let bytes = t.as_bytes();
    let (mut depth, mut quote) = (0i32, None::<u8>);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ if depth == 0 && t[i..].starts_with(op) => {
                    // `<`/`>` are not the first half of `<=`/`>=`, nor `=` of `==`
                    let next = bytes.get(i + op.len()).copied();
                    let prev = i.checked_sub(1).map(|p| bytes[p]);
                    let clash = (op.len() == 1 && next == Some(b'='))
                        || matches!(prev, Some(b'<' | b'>' | b'=' | b'!'));
                    if !clash {
                        return Some((&t[..i], &t[i + op.len()..]));
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// A quoted string literal without escapes.
fn string_literal(t: &str) -> Option<String> {
    for q in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            if !inner.contains(q) && !inner.contains('\\') {
                return Some(inner.to_string());
            }
        }
    }
    None
}

fn truthy(v: &Val) -> bool {
    match v {
        Val::Int(n) => *n != 0,
        Val::Str(s) => !s.is_empty(),
        Val::None => false,
        Val::Bool(b) => *b,
    }
}

/// `print`'s text of a value.
fn show(v: &Val) -> String {
    match v {
        Val::Int(n) => n.to_string(),
        Val::Str(s) => s.clone(),
        Val::None => "None".into(),
        Val::Bool(b) => if *b { "True" } else { "False" }.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(script: &str, index: &str) -> (Vec<String>, i32) {
        let env = vec![("JOB_COMPLETION_INDEX".to_string(), index.to_string())];
        let p = process(&["-c".into(), script.into()], &env).expect("simulated");
        let lines = p
            .lines
            .iter()
            .map(|l| match &l.pieces[0] {
                Piece::Text(t) => t.clone(),
                _ => String::new(),
            })
            .collect();
        (lines, p.exit.map_or(-1, |e| e.code))
    }

    #[test]
    fn the_docs_backoff_limit_per_index_script() {
        let s = "import os, sys\nprint(\"Hello world\")\nif int(os.environ.get(\"JOB_COMPLETION_INDEX\")) % 2 == 0:\n  sys.exit(1)\n";
        assert_eq!(run(s, "0"), (vec!["Hello world".to_string()], 1));
        assert_eq!(run(s, "3"), (vec!["Hello world".to_string()], 0));
    }

    #[test]
    fn the_docs_failindex_script() {
        let s = "import os, sys\nindex = int(os.environ.get(\"JOB_COMPLETION_INDEX\"))\nif index == 0:\n  sys.exit(1)\nelif index == 1:\n  sys.exit(42)\nelse:\n  sys.exit(0)\n";
        assert_eq!(run(s, "0").1, 1);
        assert_eq!(run(s, "1").1, 42);
        assert_eq!(run(s, "2").1, 0);
    }

    #[test]
    fn the_docs_success_policy_script() {
        let s = "import os, sys\nif os.environ.get(\"JOB_COMPLETION_INDEX\") == \"2\":\n  sys.exit(0)\nelse:\n  sys.exit(1)\n";
        assert_eq!(run(s, "2").1, 0);
        assert_eq!(run(s, "3").1, 1);
    }

    #[test]
    fn anything_else_is_not_simulated() {
        let env = Vec::new();
        let deep = format!("print({}1{})", "(".repeat(100_000), ")".repeat(100_000));
        for s in [
            "while True: pass",
            "import json",
            "print(1/0)",
            "x == = 1",
            &deep,
        ] {
            assert!(process(&["-c".into(), s.into()], &env).is_none(), "{s}");
        }
    }
}
