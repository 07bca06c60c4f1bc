//! `-o go-template=…` / `--template`: the subset of Go's text/template that tutorials use —
//! fields (`.a.b`, `$x.a`), variables, `range` (with `$i, $v :=`), `if`/`else if`/`else`,
//! `with`, comments, trim markers, and the functions `len index eq ne not and or print printf`.
//! Values print as Go's `%v` prints the decoded JSON (`map[k:v]`, `[a b]`, `<no value>`).

use serde_json::Value;

#[derive(Debug, Clone)]
enum Arg {
    Field(Vec<String>),
    Var(String, Vec<String>),
    Str(String),
    Num(String),
    Bool(bool),
    Call(String, Vec<Arg>),
    /// `(pipeline).field.path`: a field chain on a parenthesised pipeline's value (the
    /// Kubernetes Basics tutorial's `{{(index .spec.ports 0).nodePort}}`).
    Chain(Box<Arg>, Vec<String>),
}

#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Out(Arg),
    Range {
        vars: Vec<String>,
        arg: Arg,
        body: Vec<Node>,
        alt: Vec<Node>,
    },
    If {
        arg: Arg,
        body: Vec<Node>,
        alt: Vec<Node>,
    },
    With {
        arg: Arg,
        body: Vec<Node>,
        alt: Vec<Node>,
    },
    Define(String, Arg),
}

/// One `{{ … }}` action or a run of text, in source order.
enum Tok {
    Text(String),
    Action(String),
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut rest = src;
    let mut trim_next = false;
    while let Some(i) = rest.find("{{") {
        let mut text = rest[..i].to_string();
        if trim_next {
            text = text.trim_start().to_string();
        }
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            return Err("unclosed action".into());
        };
        let mut inner = &after[..j];
        if let Some(s) = inner.strip_prefix("- ") {
            text = text.trim_end().to_string();
            inner = s;
        }
        trim_next = false;
        if let Some(s) = inner.strip_suffix(" -") {
            trim_next = true;
            inner = s;
        }
        if !text.is_empty() {
            out.push(Tok::Text(text));
        }
        out.push(Tok::Action(inner.trim().to_string()));
        rest = &after[j + 2..];
    }
    let text = if trim_next { rest.trim_start() } else { rest };
    if !text.is_empty() {
        out.push(Tok::Text(text.to_string()));
    }
    Ok(out)
}

/// Splits an action into words, keeping quoted strings and parenthesised groups whole.
fn words(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' => {
                cur.push(c);
                let close = c;
                loop {
                    match chars.next() {
                        Some('\\') if close == '"' => {
                            cur.push('\\');
                            if let Some(n) = chars.next() {
                                cur.push(n);
                            }
                        }
                        Some(n) if n == close => {
                            cur.push(n);
                            break;
                        }
                        Some(n) => cur.push(n),
                        None => return Err("unterminated quoted string".into()),
                    }
                }
            }
            '(' => {
                let mut depth = 1;
                cur.push('(');
                for n in chars.by_ref() {
                    cur.push(n);
                    match n {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            ' ' | '\t' | '\n' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

fn path(s: &str) -> Vec<String> {
    s.split('.')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn operand(w: &str) -> Result<Arg, String> {
    if w.starts_with('(') {
        let mut depth = 0;
        let mut close = None;
        for (i, c) in w.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            return Err("unclosed left paren".into());
        };
        let inner = pipeline(&w[1..close])?;
        return match &w[close + 1..] {
            "" => Ok(inner),
            rest if rest.starts_with('.') => Ok(Arg::Chain(Box::new(inner), path(rest))),
            rest => Err(format!("unexpected {rest:?} in operand")),
        };
    }
    if w.starts_with('"') {
        return serde_json::from_str::<String>(w)
            .map(Arg::Str)
            .map_err(|_| format!("malformed string: {w}"));
    }
    if let Some(raw) = w.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return Ok(Arg::Str(raw.to_string()));
    }
    if w == "true" || w == "false" {
        return Ok(Arg::Bool(w == "true"));
    }
    if w.starts_with('.') {
        return Ok(Arg::Field(path(w)));
    }
    if let Some(v) = w.strip_prefix('$') {
        let (name, rest) = v.split_once('.').unwrap_or((v, ""));
        return Ok(Arg::Var(format!("${name}"), path(rest)));
    }
    if w.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        return Ok(Arg::Num(w.to_string()));
    }
    Ok(Arg::Call(w.to_string(), Vec::new()))
}

fn pipeline(s: &str) -> Result<Arg, String> {
    let ws = words(s)?;
    let Some(first) = ws.first() else {
        return Err("missing value for command".into());
    };
    let head = operand(first)?;
    match head {
        // a bare identifier names a function; `(…)` is a value already
        Arg::Call(name, _) if !first.starts_with('(') => Ok(Arg::Call(
            name,
            ws[1..]
                .iter()
                .map(|w| operand(w))
                .collect::<Result<_, _>>()?,
        )),
        other if ws.len() == 1 => Ok(other),
        _ => Err(format!("can't give argument to non-function {first}")),
    }
}

/// Parses nodes up to an `end`/`else` (returned as the terminator).
fn parse_block(toks: &mut std::vec::IntoIter<Tok>) -> Result<(Vec<Node>, Option<String>), String> {
    let mut nodes = Vec::new();
    while let Some(t) = toks.next() {
        let a = match t {
            Tok::Text(s) => {
                nodes.push(Node::Text(s));
                continue;
            }
            Tok::Action(a) => a,
        };
        if a.starts_with("/*") {
            continue;
        }
        let n = a
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(a.len());
        let (kw, rest) = (&a[..n], a[n..].trim_start());
        match kw {
            "end" => return Ok((nodes, Some("end".into()))),
            "else" => return Ok((nodes, Some(a.clone()))),
            "range" | "if" | "with" => nodes.push(parse_control(kw, rest, toks)?),
            _ => match a.split_once(":=") {
                Some((v, e)) if v.trim().starts_with('$') => {
                    nodes.push(Node::Define(v.trim().to_string(), pipeline(e.trim())?))
                }
                _ => nodes.push(Node::Out(pipeline(&a)?)),
            },
        }
    }
    Ok((nodes, None))
}

/// A `range`/`if`/`with` block; `else if …` nests an `if` that shares the closing `end`.
fn parse_control(kw: &str, rest: &str, toks: &mut std::vec::IntoIter<Tok>) -> Result<Node, String> {
    let (vars, expr) = match rest.split_once(":=") {
        Some((v, e)) if kw == "range" => (
            v.split(',').map(|x| x.trim().to_string()).collect(),
            e.trim(),
        ),
        _ => (Vec::new(), rest.trim()),
    };
    let arg = pipeline(expr)?;
    let (body, term) = parse_block(toks)?;
    let alt = match term.as_deref() {
        Some("end") => Vec::new(),
        Some(e) if e.starts_with("else") => match e["else".len()..].trim() {
            "" => match parse_block(toks)? {
                (alt, Some(t)) if t == "end" => alt,
                _ => return Err(format!("unexpected EOF in {kw}")),
            },
            cond => match cond.strip_prefix("if ") {
                Some(c) => vec![parse_control("if", c, toks)?],
                None => return Err(format!("unexpected {{{{{e}}}}}")),
            },
        },
        _ => return Err(format!("unexpected EOF in {kw}")),
    };
    Ok(match kw {
        "range" => Node::Range {
            vars,
            arg,
            body,
            alt,
        },
        "if" => Node::If { arg, body, alt },
        _ => Node::With { arg, body, alt },
    })
}

/// Checks a template; the error reads like text/template's.
pub fn parse(src: &str) -> Result<(), String> {
    compile(src)
        .map(|_| ())
        .map_err(|e| format!("template: output:1: {e}"))
}

fn compile(src: &str) -> Result<Vec<Node>, String> {
    let toks = lex(src)?;
    let mut it = toks.into_iter();
    let (nodes, term) = parse_block(&mut it)?;
    match term {
        None => {
            check_vars(&nodes, &mut vec!["$".to_string()])?;
            Ok(nodes)
        }
        Some(t) => Err(format!("unexpected {{{{{t}}}}}")),
    }
}

/// Go's parser rejects a variable used where no declaration is in scope (text/template/parse
/// `useVar`: `undefined variable "$x"`), so kubectl fails when it builds the printer, before
/// the command writes anything, not when it prints the result. A control structure's variables
/// (its own and those its branches declare) go out of scope at its `end`.
fn check_vars(nodes: &[Node], scope: &mut Vec<String>) -> Result<(), String> {
    for n in nodes {
        match n {
            Node::Text(_) => {}
            Node::Out(a) => check_arg(a, scope)?,
            Node::Define(name, a) => {
                check_arg(a, scope)?;
                scope.push(name.clone());
            }
            Node::Range {
                vars,
                arg,
                body,
                alt,
            } => {
                check_arg(arg, scope)?;
                let depth = scope.len();
                scope.extend(vars.iter().cloned());
                check_vars(body, scope)?;
                check_vars(alt, scope)?;
                scope.truncate(depth);
            }
            Node::If { arg, body, alt } | Node::With { arg, body, alt } => {
                check_arg(arg, scope)?;
                let depth = scope.len();
                check_vars(body, scope)?;
                check_vars(alt, scope)?;
                scope.truncate(depth);
            }
        }
    }
    Ok(())
}

fn check_arg(a: &Arg, scope: &[String]) -> Result<(), String> {
    match a {
        Arg::Var(name, _) if !scope.contains(name) => Err(format!("undefined variable \"{name}\"")),
        Arg::Call(_, args) => args.iter().try_for_each(|x| check_arg(x, scope)),
        Arg::Chain(head, _) => check_arg(head, scope),
        _ => Ok(()),
    }
}

/// Renders `src` against `data`.
pub fn render(src: &str, data: &Value) -> Result<String, String> {
    let nodes = compile(src)?;
    let mut out = String::new();
    let mut vars = vec![("$".to_string(), data.clone())];
    exec(&nodes, data, &mut vars, &mut out)?;
    Ok(out)
}

fn lookup(v: &Value, path: &[String]) -> Value {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(x) => cur = x,
            None => return Value::Null,
        }
    }
    cur.clone()
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Go's `%v` of a decoded JSON value.
pub fn go_value(v: &Value) -> String {
    match v {
        Value::Null => "<no value>".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(go_nested).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(o) => format!(
            "map[{}]",
            o.iter()
                .map(|(k, v)| format!("{k}:{}", go_nested(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        other => other.to_string(),
    }
}

fn go_nested(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        other => go_value(other),
    }
}

fn eval(a: &Arg, dot: &Value, vars: &[(String, Value)]) -> Result<Value, String> {
    Ok(match a {
        Arg::Field(p) => lookup(dot, p),
        Arg::Var(name, p) => {
            let v = vars
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .ok_or_else(|| format!("undefined variable: {name}"))?;
            lookup(&v.1, p)
        }
        Arg::Str(s) => Value::String(s.clone()),
        Arg::Num(n) => serde_json::from_str(n).map_err(|_| format!("bad number syntax: {n}"))?,
        Arg::Bool(b) => Value::Bool(*b),
        Arg::Chain(head, p) => lookup(&eval(head, dot, vars)?, p),
        Arg::Call(f, args) => {
            let vals: Vec<Value> = args
                .iter()
                .map(|x| eval(x, dot, vars))
                .collect::<Result<_, _>>()?;
            call(f, &vals)?
        }
    })
}

fn call(f: &str, a: &[Value]) -> Result<Value, String> {
    // text/template checks a builtin's arity before calling it (evalCall)
    let arity = match f {
        "len" | "not" => Some((1, false)),
        "ne" => Some((2, false)),
        "index" | "eq" | "and" | "or" | "printf" => Some((1, true)),
        _ => None,
    };
    if let Some((want, variadic)) = arity {
        if a.len() < want || (!variadic && a.len() != want) {
            let at_least = if variadic { "at least " } else { "" };
            return Err(format!(
                "wrong number of args for {f}: want {at_least}{want} got {}",
                a.len()
            ));
        }
    }
    let arg = |i: usize| a.get(i).cloned().unwrap_or(Value::Null);
    Ok(match f {
        "len" => Value::from(match arg(0) {
            Value::Array(x) => x.len(),
            Value::Object(x) => x.len(),
            Value::String(x) => x.len(),
            _ => return Err("error calling len: len of nil pointer".into()),
        }),
        "index" => a[1..].iter().fold(arg(0), |v, k| match (v, k) {
            (Value::Array(x), Value::Number(n)) => x
                .get(n.as_u64().unwrap_or(u64::MAX) as usize)
                .cloned()
                .unwrap_or(Value::Null),
            (Value::Object(o), Value::String(s)) => o.get(s).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        }),
        "eq" => Value::Bool(a.len() > 1 && a[1..].iter().any(|x| *x == a[0])),
        "ne" => Value::Bool(arg(0) != arg(1)),
        "not" => Value::Bool(!truthy(&arg(0))),
        "and" => a
            .iter()
            .find(|x| !truthy(x))
            .or(a.last())
            .cloned()
            .unwrap_or(Value::Null),
        "or" => a
            .iter()
            .find(|x| truthy(x))
            .or(a.last())
            .cloned()
            .unwrap_or(Value::Null),
        "print" => Value::String(a.iter().map(go_value).collect::<Vec<_>>().join("")),
        "printf" => Value::String(printf(&go_value(&arg(0)), &a[1.min(a.len())..])),
        other => return Err(format!("function \"{other}\" not defined")),
    })
}

fn printf(fmt: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('q') => out.push_str(&format!(
                "{:?}",
                go_value(it.next().unwrap_or(&Value::Null))
            )),
            Some(_) => out.push_str(&go_value(it.next().unwrap_or(&Value::Null))),
            None => out.push_str("%!(NOVERB)"),
        }
    }
    out
}

fn exec(
    nodes: &[Node],
    dot: &Value,
    vars: &mut Vec<(String, Value)>,
    out: &mut String,
) -> Result<(), String> {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Out(a) => out.push_str(&go_value(&eval(a, dot, vars)?)),
            Node::Define(name, a) => {
                let v = eval(a, dot, vars)?;
                vars.push((name.clone(), v));
            }
            Node::If { arg, body, alt } => {
                let depth = vars.len();
                if truthy(&eval(arg, dot, vars)?) {
                    exec(body, dot, vars, out)?;
                } else {
                    exec(alt, dot, vars, out)?;
                }
                vars.truncate(depth);
            }
            Node::With { arg, body, alt } => {
                let depth = vars.len();
                let v = eval(arg, dot, vars)?;
                if truthy(&v) {
                    exec(body, &v, vars, out)?;
                } else {
                    exec(alt, dot, vars, out)?;
                }
                vars.truncate(depth);
            }
            Node::Range {
                vars: names,
                arg,
                body,
                alt,
            } => {
                let v = eval(arg, dot, vars)?;
                let items: Vec<(Value, Value)> = match &v {
                    Value::Array(a) => a
                        .iter()
                        .enumerate()
                        .map(|(i, x)| (Value::from(i), x.clone()))
                        .collect(),
                    Value::Object(o) => o
                        .iter()
                        .map(|(k, x)| (Value::String(k.clone()), x.clone()))
                        .collect(),
                    Value::Null => Vec::new(),
                    other => return Err(format!("range can't iterate over {}", go_value(other))),
                };
                if items.is_empty() {
                    exec(alt, dot, vars, out)?;
                }
                for (k, x) in items {
                    let depth = vars.len();
                    match names.as_slice() {
                        [v] => vars.push((v.clone(), x.clone())),
                        [i, v] => {
                            vars.push((i.clone(), k));
                            vars.push((v.clone(), x.clone()));
                        }
                        _ => {}
                    }
                    exec(body, &x, vars, out)?;
                    vars.truncate(depth);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Undefined variables fail at parse time, as kubectl 1.33 reports them (`kubectl create
    /// deployment x --image=nginx --dry-run=client -o go-template=…`); `kubectl expose … -o
    /// template='{{$x}}'` created the Service before failing (found by `command_fuzz.rs`).
    #[test]
    fn undefined_variables_fail_to_parse() {
        let undefined = [
            ("{{$x}}", "$x"),
            ("{{range $i, $c := .items}}{{$c.name}}{{end}}{{$i}}", "$i"),
            ("{{with .a}}{{$y := 1}}{{end}}{{$y}}", "$y"),
            ("{{index $m \"k\"}}", "$m"),
        ];
        for (t, v) in undefined {
            assert_eq!(
                parse(t),
                Err(format!("template: output:1: undefined variable \"{v}\"")),
                "{t}"
            );
        }
        for t in [
            "{{if 1}}{{$y := 2}}{{else}}{{$y}}{{end}}",
            "{{$y := 2}}{{if 1}}{{$y}}{{end}}{{$y}}",
            "{{$.metadata.name}}{{$}}",
        ] {
            assert_eq!(parse(t), Ok(()), "{t}");
        }
    }

    #[test]
    fn renders_what_tutorials_write() {
        let pod = json!({"metadata": {"name": "web-0", "labels": {"app": "nginx", "tier": "web"}},
                         "spec": {"containers": [{"name": "a", "image": "nginx:1"}, {"name": "b", "image": "busybox"}], "replicas": 3}});
        let cases = [
            (
                "{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}",
                "nginx:1busybox",
            ),
            ("{{.metadata.name}}{{\"\\n\"}}", "web-0\n"),
            ("{{range .spec.containers}}{{.name}} {{end}}", "a b "),
            ("{{.metadata.labels}}", "map[app:nginx tier:web]"),
            ("{{.spec.missing}}", "<no value>"),
            ("{{.spec.replicas}}", "3"),
            ("{{len .spec.containers}}", "2"),
            ("{{index .metadata.labels \"app\"}}", "nginx"),
            (
                "{{if eq .metadata.name \"web-0\"}}first{{else}}other{{end}}",
                "first",
            ),
            (
                "{{if eq .metadata.name \"x\"}}x{{else if .spec}}spec{{else}}none{{end}}!",
                "spec!",
            ),
            ("{{with .metadata}}{{.name}}{{end}}", "web-0"),
            ("{{- /* c */ -}}  {{ .metadata.name -}} \n", "web-0"),
            (
                "{{$n := .metadata.name}}{{range .spec.containers}}{{$n}}/{{.name}} {{end}}",
                "web-0/a web-0/b ",
            ),
            (
                "{{printf \"%s=%v\" .metadata.name .spec.replicas}}",
                "web-0=3",
            ),
            // the Kubernetes Basics tutorial's NODE_PORT lookup
            ("{{(index .spec.containers 1).image}}", "busybox"),
            (
                "{{(index .spec.containers 0)}}",
                "map[image:nginx:1 name:a]",
            ),
        ];
        for (t, want) in cases {
            assert_eq!(render(t, &pod).as_deref(), Ok(want), "{t}");
        }
        assert!(parse("{{range .a}}").is_err());
        assert!(parse("{{.a").is_err());
        assert!(parse("{{(index .a 0}}").is_err());
        assert!(parse("{{(index .a 0)x}}").is_err());
    }
}
