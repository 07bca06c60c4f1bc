//! kubectl's JSONPath templates (`k8s.io/client-go/util/jsonpath`), ported parser and evaluator:
//! `{.a.b}`, `[*]`, `[i]`, `[-1]`, `[a:b:c]`, unions `[0,1]`, `['key']`, `..`, filters
//! `[?(@.x=="y")]` (`==` `!=` `<` `>` `<=` `>=`, existence), `{range …}…{end}`, quoted text
//! `{"\n"}`, escaped dots in field names, and the printing rules: results of one action joined
//! by a space, maps/lists as Go's compact JSON, scalars as Go's `fmt.Sprint`. Plus the Go
//! formatting helpers kubectl's printers need (`%v`, `%#v`, `encoding/json`).

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    List(Vec<Node>),
    Text(String),
    Field(String),
    Array([Param; 3]),
    Filter(Vec<Node>, Vec<Node>, String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Ident(String),
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct JsonPath {
    root: Vec<Node>,
}

struct Parser {
    input: Vec<char>,
    pos: usize,
    start: usize,
    root: Vec<Node>,
}

fn is_terminator(c: Option<char>) -> bool {
    matches!(
        c,
        None | Some(' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}')
    )
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c == '_' || c.is_alphanumeric())
}

/// Parses a template (`jsonpath.Parse`).
pub fn parse(text: &str) -> Result<JsonPath, String> {
    let mut p = Parser {
        input: text.chars().collect(),
        pos: 0,
        start: 0,
        root: Vec::new(),
    };
    p.parse_text()?;
    Ok(JsonPath { root: p.root })
}

/// `parseAction`: the nodes of `{text}`'s single action.
fn parse_action(text: &str) -> Result<Vec<Node>, String> {
    let mut nodes = parse(&format!("{{{text}}}"))?.root;
    match nodes.first_mut() {
        Some(Node::List(l)) => Ok(std::mem::take(l)),
        _ => Ok(Vec::new()),
    }
}

impl Parser {
    fn next(&mut self) -> Option<char> {
        let c = self.input.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn peek(&self) -> Option<char> {
        self.input.get(self.pos).copied()
    }

    fn consume(&mut self) -> String {
        let s: String = self.input[self.start..self.pos].iter().collect();
        self.start = self.pos;
        s
    }

    fn has_prefix(&self, p: &str) -> bool {
        p.chars()
            .enumerate()
            .all(|(i, c)| self.input.get(self.pos + i) == Some(&c))
    }

    fn parse_text(&mut self) -> Result<(), String> {
        loop {
            if self.has_prefix("{") {
                if self.pos > self.start {
                    let t = self.consume();
                    self.root.push(Node::Text(t));
                }
                self.pos += 1;
                self.consume();
                let mut cur = Vec::new();
                self.inside(&mut cur)?;
                self.root.push(Node::List(cur));
                continue;
            }
            if self.next().is_none() {
                break;
            }
        }
        if self.pos > self.start {
            let t = self.consume();
            self.root.push(Node::Text(t));
        }
        Ok(())
    }

    /// `parseInsideAction` up to and including the closing `}`.
    fn inside(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            if self.has_prefix("}") {
                self.pos += 1;
                self.consume();
                return Ok(());
            }
            if self.has_prefix("[?(") {
                self.filter(cur)?;
                continue;
            }
            if self.has_prefix("..") {
                if cur.last() == Some(&Node::Recursive) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                self.consume();
                cur.push(Node::Recursive);
                if is_alnum(self.peek()) {
                    self.field(cur);
                }
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return Err("unclosed action".into()),
                Some(' ' | '@' | '$') => {
                    self.consume();
                }
                Some('[') => self.array(cur)?,
                Some(q @ ('"' | '\'')) => self.quote(cur, q)?,
                Some('.') => self.field(cur),
                Some(c) if c == '+' || c == '-' || c.is_numeric() => {
                    self.pos -= 1;
                    self.number(cur)?;
                }
                c if is_alnum(c) => {
                    self.pos -= 1;
                    while !is_terminator(self.peek()) {
                        self.pos += 1;
                    }
                    let v = self.consume();
                    cur.push(match v.as_str() {
                        "true" => Node::Bool(true),
                        "false" => Node::Bool(false),
                        _ => Node::Ident(v),
                    });
                }
                Some(c) => {
                    return Err(format!(
                        "unrecognized character in action: U+{:04X} '{c}'",
                        c as u32
                    ))
                }
            }
        }
    }

    fn number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c == '.' || c.is_numeric()) {
            self.pos += 1;
        }
        let v = self.consume();
        if let Ok(i) = v.parse::<i64>() {
            cur.push(Node::Int(i));
        } else if let Some(f) = go_parse_float(&v) {
            cur.push(Node::Float(f));
        } else {
            return Err(format!("cannot parse number {v}"));
        }
        Ok(())
    }

    fn array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                _ => {}
            }
        }
        let text = self.consume();
        let mut text = &text[1..text.len() - 1];
        if text == "*" {
            text = ":";
        }
        let strs: Vec<&str> = text.split(',').collect();
        if strs.len() > 1 {
            let union = strs
                .iter()
                .map(|s| parse_action(&format!("[{}]", s.trim_matches(' '))))
                .collect::<Result<_, _>>()?;
            cur.push(Node::Union(union));
            return Ok(());
        }
        if text.len() >= 2
            && text.starts_with('\'')
            && text.ends_with('\'')
            && !text[1..text.len() - 1].contains('\'')
        {
            cur.extend(parse_action(&format!(".{}", &text[1..text.len() - 1]))?);
            return Ok(());
        }
        let parts: Vec<&str> = text.splitn(3, ':').collect();
        let int_ok = |s: &str| {
            let d = s.strip_prefix('-').unwrap_or(s);
            d.chars().all(|c| c.is_ascii_digit())
        };
        if !parts.iter().all(|p| int_ok(p)) {
            return Err(format!("invalid array index {text}"));
        }
        let mut params = [Param {
            value: 0,
            known: false,
            derived: false,
        }; 3];
        for i in 0..3 {
            match parts.get(i) {
                Some(v) if !v.is_empty() => {
                    params[i].known = true;
                    params[i].value = v
                        .parse()
                        .map_err(|_| format!("array index {v} is not a number"))?;
                }
                None if i == 1 => {
                    params[1] = Param {
                        value: params[0].value + 1,
                        known: true,
                        derived: true,
                    }
                }
                _ => {}
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume();
        let (mut begin, mut end, mut pair) = (false, false, ' ');
        loop {
            let r = self.next();
            match r {
                None | Some('\n') => return Err("unterminated filter".into()),
                Some(q @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = q;
                        continue;
                    }
                    if self.input[self.pos - 2] != '\\' && q == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let text = self.consume();
        let text = &text[..text.len() - 2];
        let ops = |c: char| matches!(c, '!' | '<' | '>' | '=');
        let split = text
            .find(['!', '<', '>', '='])
            .filter(|&i| i > 0)
            .and_then(|i| {
                let n = text[i..].find(|c: char| !ops(c))?;
                Some((&text[..i], &text[i..i + n], &text[i + n..]))
            });
        match split {
            None => cur.push(Node::Filter(
                parse_action(text)?,
                Vec::new(),
                "exists".into(),
            )),
            Some((l, op, r)) => {
                cur.push(Node::Filter(parse_action(l)?, parse_action(r)?, op.into()))
            }
        }
        Ok(())
    }

    fn quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some(c) if c == end && self.input[self.pos - 2] != '\\' => break,
                _ => {}
            }
        }
        let v = self.consume();
        let s = unquote(&v).ok_or_else(|| format!("unquote string {v} error invalid syntax"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn field(&mut self, cur: &mut Vec<Node>) {
        self.consume();
        loop {
            match self.next() {
                Some('\\') => {
                    self.next();
                }
                c if is_terminator(c) => {
                    if c.is_some() {
                        self.pos -= 1;
                    }
                    break;
                }
                _ => {}
            }
        }
        let v = self.consume();
        cur.push(if v == "*" {
            Node::Wildcard
        } else {
            Node::Field(v.replace('\\', ""))
        });
    }
}

/// Go `strconv.ParseFloat(s, 64)` for the plain decimal forms a template can hold.
fn go_parse_float(s: &str) -> Option<f64> {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    if b.is_empty()
        || b == "."
        || b.matches('.').count() > 1
        || !b.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return None;
    }
    s.parse().ok()
}

/// `UnquoteExtend`: Go's `strconv.Unquote` that also accepts single-quoted strings.
fn unquote(s: &str) -> Option<String> {
    let cs: Vec<char> = s.chars().collect();
    let n = cs.len();
    if n < 2 || cs[0] != cs[n - 1] || !matches!(cs[0], '"' | '\'') {
        return None;
    }
    let q = cs[0];
    let body = &cs[1..n - 1];
    let mut out = String::new();
    let mut i = 0;
    let hex =
        |d: &[char]| -> Option<u32> { u32::from_str_radix(&d.iter().collect::<String>(), 16).ok() };
    while i < body.len() {
        let c = body[i];
        if c == q {
            return None;
        }
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let e = *body.get(i + 1)?;
        i += 2;
        match e {
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '\\' => out.push('\\'),
            '\'' | '"' if e == q => out.push(e),
            'x' | 'u' | 'U' => {
                let w = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let v = hex(body.get(i..i + w)?)?;
                i += w;
                if e == 'x' {
                    // a raw byte: only ASCII round-trips through a Rust string
                    out.push(char::from_u32(v).filter(|_| v < 0x80)?);
                } else {
                    out.push(char::from_u32(v)?);
                }
            }
            '0'..='7' => {
                let d: String = body.get(i - 1..i + 2)?.iter().collect();
                let v = u32::from_str_radix(&d, 8).ok().filter(|&v| v < 0x80)?;
                i += 2;
                out.push(char::from_u32(v)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A value during evaluation: the JSON value plus whether Go would see an `int` (template
/// literal) — both compare as integers, so only JSON matters here.
type V = Value;

fn is_nil(v: &V) -> bool {
    v.is_null()
}

fn go_type(v: &V) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

struct Eval<'a> {
    nodes: &'a [Node],
    allow_missing: bool,
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    last_end: Option<usize>,
}

impl JsonPath {
    /// `FindResults`: one list of values per top-level node.
    pub fn find_results(
        &self,
        data: &Value,
        allow_missing: bool,
    ) -> Result<Vec<Vec<Value>>, String> {
        let mut e = Eval {
            nodes: &self.root,
            allow_missing,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end: None,
        };
        e.find(data, 0)
    }

    /// `Execute` + `PrintResults`: the printed text (kubectl uses allow-missing-keys).
    pub fn execute(
        &self,
        data: &Value,
        as_json: bool,
        allow_missing: bool,
    ) -> Result<String, String> {
        let mut out = String::new();
        for results in self.find_results(data, allow_missing)? {
            let results = if as_json {
                vec![Value::Array(results)]
            } else {
                results
            };
            let n = results.len();
            for (i, r) in results.iter().enumerate() {
                if as_json {
                    out.push_str(&go_json(r, true));
                    out.push('\n');
                } else if r.is_object() || r.is_array() {
                    out.push_str(&go_json(r, false));
                } else if r.is_null() {
                    out.push_str("null");
                } else {
                    out.push_str(&go_sprint(r));
                }
                if i + 1 != n {
                    out.push(' ');
                }
            }
        }
        Ok(out)
    }
}

impl Eval<'_> {
    fn find(&mut self, data: &Value, start: usize) -> Result<Vec<Vec<Value>>, String> {
        let cur = vec![data.clone()];
        let mut full = Vec::new();
        let mut i = start;
        while i < self.nodes.len() {
            let results = self.walk(&cur, &self.nodes[i])?;
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    self.find(&Value::Null, i + 1)?;
                } else {
                    for v in &results {
                        full.extend(self.find(v, i + 1)?);
                    }
                }
                self.in_range -= 1;
                if let Some(k) = self.last_end.filter(|&k| k > i) {
                    i = k;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk(&mut self, input: &[V], node: &Node) -> Result<Vec<V>, String> {
        match node {
            Node::List(ns) => self.list(input, ns),
            Node::Text(t) => Ok(vec![Value::String(t.clone())]),
            Node::Field(f) => {
                let out: Vec<V> = input
                    .iter()
                    .filter_map(|v| v.as_object().and_then(|m| m.get(f)).cloned())
                    .collect();
                if out.is_empty() && !self.allow_missing {
                    return Err(format!("{f} is not found"));
                }
                Ok(out)
            }
            Node::Array(params) => {
                let mut out = Vec::new();
                for v in input.iter().filter(|v| !is_nil(v)) {
                    let Some(a) = v.as_array() else {
                        return Err(format!("{} is not array or slice", go_type(v)));
                    };
                    let len = a.len() as i64;
                    let mut p = *params;
                    if !p[0].known {
                        p[0].value = 0;
                    }
                    if p[0].value < 0 {
                        p[0].value += len;
                    }
                    if !p[1].known {
                        p[1].value = len;
                    }
                    if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
                        p[1].value += len;
                    }
                    if p[1].value == p[0].value {
                        return Ok(out);
                    }
                    if p[0].value >= len || p[0].value < 0 {
                        return Err(format!(
                            "array index out of bounds: index {}, length {len}",
                            p[0].value
                        ));
                    }
                    if p[1].value > len || p[1].value < 0 {
                        return Err(format!(
                            "array index out of bounds: index {}, length {len}",
                            p[1].value - 1
                        ));
                    }
                    if p[0].value > p[1].value {
                        return Err(format!(
                            "starting index {} is greater than ending index {}",
                            p[0].value, p[1].value
                        ));
                    }
                    let step = if p[2].known {
                        if p[2].value <= 0 {
                            return Err("step must be > 0".into());
                        }
                        p[2].value as usize
                    } else {
                        1
                    };
                    out.extend(
                        a[p[0].value as usize..p[1].value as usize]
                            .iter()
                            .step_by(step)
                            .cloned(),
                    );
                }
                Ok(out)
            }
            Node::Filter(left, right, op) => self.filter(input, left, right, op),
            Node::Int(i) => Ok(input.iter().map(|_| Value::from(*i)).collect()),
            Node::Float(f) => Ok(input
                .iter()
                .map(|_| serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number))
                .collect()),
            Node::Bool(b) => Ok(input.iter().map(|_| Value::Bool(*b)).collect()),
            Node::Wildcard => Ok(input.iter().flat_map(children).collect()),
            Node::Recursive => {
                let mut out = Vec::new();
                recursive(input, &mut out);
                Ok(out)
            }
            Node::Union(lists) => {
                let mut out = Vec::new();
                for l in lists {
                    out.extend(self.list(input, l)?);
                }
                Ok(out)
            }
            Node::Ident(name) => match name.as_str() {
                "range" => {
                    self.begin_range += 1;
                    Ok(input.to_vec())
                }
                "end" if self.in_range > 0 => {
                    self.end_range += 1;
                    Ok(Vec::new())
                }
                "end" => Err("not in range, nothing to end".into()),
                _ => Err(format!("unrecognized identifier {name}")),
            },
        }
    }

    fn list(&mut self, input: &[V], nodes: &[Node]) -> Result<Vec<V>, String> {
        let mut cur = input.to_vec();
        for n in nodes {
            cur = self.walk(&cur, n)?;
        }
        Ok(cur)
    }

    fn filter(
        &mut self,
        input: &[V],
        left: &[Node],
        right: &[Node],
        op: &str,
    ) -> Result<Vec<V>, String> {
        let mut out = Vec::new();
        for v in input {
            let Some(a) = v.as_array() else {
                return Err(format!(
                    "{} is not array or slice and cannot be filtered",
                    go_sprint(v)
                ));
            };
            for item in a {
                let temp = [item.clone()];
                let lefts = self.list(&temp, left);
                if op == "exists" {
                    if lefts.is_ok_and(|l| !l.is_empty()) {
                        out.push(item.clone());
                    }
                    continue;
                }
                let lefts = lefts?;
                match lefts.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err("can only compare one element at a time".into()),
                }
                let rights = self.list(&temp, right)?;
                match rights.len() {
                    0 => continue,
                    1 => {}
                    _ => return Err("can only compare one element at a time".into()),
                }
                let (l, r) = (&lefts[0], &rights[0]);
                let pass = match op {
                    "<" => less(l, r)?,
                    ">" => !(less(l, r)? || equal(l, r)?),
                    "==" => equal(l, r)?,
                    "!=" => !equal(l, r)?,
                    "<=" => less(l, r)? || equal(l, r)?,
                    ">=" => !less(l, r)?,
                    _ => return Err(format!("unrecognized filter operator {op}")),
                };
                if pass {
                    out.push(item.clone());
                }
            }
        }
        Ok(out)
    }
}

fn children(v: &V) -> Vec<V> {
    match v {
        Value::Object(m) => m.values().cloned().collect(),
        Value::Array(a) => a.clone(),
        Value::String(s) => s.bytes().map(Value::from).collect(),
        _ => Vec::new(),
    }
}

fn recursive(input: &[V], out: &mut Vec<V>) {
    for v in input {
        let kids = children(v);
        if !kids.is_empty() {
            out.push(v.clone());
            recursive(&kids, out);
        }
    }
}

#[derive(PartialEq)]
enum Kind {
    Bool,
    Int,
    Float,
    Str,
}

fn kind(v: &V) -> Result<Kind, String> {
    match v {
        Value::Bool(_) => Ok(Kind::Bool),
        Value::Number(n) if n.is_f64() => Ok(Kind::Float),
        Value::Number(_) => Ok(Kind::Int),
        Value::String(_) => Ok(Kind::Str),
        _ => Err("invalid type for comparison".into()),
    }
}

/// text/template's `eq` for one pair.
fn equal(a: &V, b: &V) -> Result<bool, String> {
    let (ka, kb) = (kind(a)?, kind(b)?);
    if ka != kb {
        return Err("incompatible types for comparison".into());
    }
    Ok(match ka {
        Kind::Int => {
            a.as_i64().map(i128::from).or(a.as_u64().map(i128::from))
                == b.as_i64().map(i128::from).or(b.as_u64().map(i128::from))
        }
        Kind::Float => a.as_f64() == b.as_f64(),
        _ => a == b,
    })
}

/// text/template's `lt`.
fn less(a: &V, b: &V) -> Result<bool, String> {
    let (ka, kb) = (kind(a)?, kind(b)?);
    if ka != kb {
        return Err("incompatible types for comparison".into());
    }
    let int = |v: &V| {
        v.as_i64()
            .map(i128::from)
            .or(v.as_u64().map(i128::from))
            .unwrap_or(0)
    };
    match ka {
        Kind::Bool => Err("invalid type for comparison".into()),
        Kind::Int => Ok(int(a) < int(b)),
        Kind::Float => Ok(a.as_f64() < b.as_f64()),
        Kind::Str => Ok(a.as_str() < b.as_str()),
    }
}

/// kubectl's `-o jsonpath=` / `-o jsonpath-as-json=` printer over one object (or the List of
/// several), with its error wording.
pub fn print(
    template: &str,
    obj: &Value,
    as_json: bool,
    allow_missing: bool,
) -> Result<String, String> {
    let jp = parse(template).map_err(|e| format!("error parsing jsonpath {template}, {e}\n"))?;
    jp.execute(obj, as_json, allow_missing).map_err(|e| {
        format!(
            "error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
            go_quote(template),
            go_sharp_v(obj)
        )
    })
}

/// Go `strconv.FormatFloat(f, 'g', -1, 64)` (also `fmt`'s `%v`).
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let e = format!("{f:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        return format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    format!("{f}")
}

fn number_text(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() => go_float(f),
        _ => n.to_string(),
    }
}

/// Go `fmt.Sprint` of an unstructured value (`%v`).
pub fn go_sprint(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_text(n),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(go_sprint).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", go_sprint(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// Go `fmt.Sprintf("%#v", v)` of an unstructured value.
pub fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".into(),
        Value::String(s) => go_quote(s),
        Value::Array(a) => format!(
            "[]interface {{}}{{{}}}",
            a.iter().map(go_sharp_v).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "map[string]interface {{}}{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_sharp_v(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => go_sprint(other),
    }
}

/// Go `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c != ' ' && (c.is_whitespace() || c.is_control() || c == '\u{feff}') => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Go `encoding/json`: `Marshal` (compact) or `MarshalIndent(v, "", "    ")`; keys sorted,
/// HTML characters escaped, floats as Go formats them.
pub fn go_json(v: &Value, indent: bool) -> String {
    fn go(v: &Value, indent: bool, depth: usize, out: &mut String) {
        let nl = |out: &mut String, d: usize| {
            if indent {
                out.push('\n');
                out.push_str(&"    ".repeat(d));
            }
        };
        match v {
            Value::String(s) => json_string(s, out),
            Value::Number(n) => match n.as_f64() {
                Some(f) if n.is_f64() => {
                    let a = f.abs();
                    if a != 0.0 && !(1e-6..1e21).contains(&a) {
                        let e = format!("{f:e}");
                        let (m, x) = e.split_once('e').unwrap_or((&e, "0"));
                        let x: i32 = x.parse().unwrap_or(0);
                        out.push_str(
                            &format!("{m}e{}{:02}", if x < 0 { '-' } else { '+' }, x.abs())
                                .replace("e-0", "e-"),
                        );
                    } else {
                        out.push_str(&format!("{f}"));
                    }
                }
                _ => out.push_str(&n.to_string()),
            },
            Value::Array(a) if !a.is_empty() => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    nl(out, depth + 1);
                    go(x, indent, depth + 1, out);
                }
                nl(out, depth);
                out.push(']');
            }
            Value::Object(m) if !m.is_empty() => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    nl(out, depth + 1);
                    json_string(k, out);
                    out.push_str(if indent { ": " } else { ":" });
                    go(x, indent, depth + 1, out);
                }
                nl(out, depth);
                out.push('}');
            }
            Value::Array(_) => out.push_str("[]"),
            Value::Object(_) => out.push_str("{}"),
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    go(v, indent, 0, &mut out);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// A pod whose outputs below were captured from kubectl v1.33 (`kubectl get pod web-0 -o
    /// jsonpath=…` / `-o jsonpath-as-json=…` against a read-only API serving this object).
    pub(crate) const POD: &str = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": "2025-01-01T00:00:00Z", "labels": {"app": "web", "app.kubernetes.io/name": "web", "tier": "front"}, "annotations": {"note": "a: b", "n": "80"}}, "spec": {"nodeName": "node-1", "replicas": 3, "ratio": 0.5, "big": 1234567.5, "paused": false, "nothing": null, "containers": [{"name": "app", "image": "nginx:1.16.1", "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443}]}, {"name": "side", "image": "busybox", "env": [{"name": "A", "value": "<&>"}]}]}, "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}, {"type": "PodScheduled", "status": "True"}, {"type": "Initialized", "status": "False"}], "podIPs": [{"ip": "10.0.0.1"}]}}"#;

    /// (template, `-o jsonpath` output, `-o jsonpath-as-json` output); `ERR:` marks stderr.
    const CASES: &[(&str, &str, &str)] = &[
        ("{.metadata.name}", "web-0", "[\n    \"web-0\"\n]\n"),
        ("{.metadata.labels}", "{\"app\":\"web\",\"app.kubernetes.io/name\":\"web\",\"tier\":\"front\"}", "[\n    {\n        \"app\": \"web\",\n        \"app.kubernetes.io/name\": \"web\",\n        \"tier\": \"front\"\n    }\n]\n"),
        ("{.metadata.labels.app\\.kubernetes\\.io/name}", "web", "[\n    \"web\"\n]\n"),
        ("{.metadata.labels['tier']}", "front", "[\n    \"front\"\n]\n"),
        ("{.metadata.annotations}", "{\"n\":\"80\",\"note\":\"a: b\"}", "[\n    {\n        \"n\": \"80\",\n        \"note\": \"a: b\"\n    }\n]\n"),
        ("{.spec.containers[*].name}", "app side", "[\n    \"app\",\n    \"side\"\n]\n"),
        ("{.spec.containers[0].ports[*].containerPort}", "80 443", "[\n    80,\n    443\n]\n"),
        ("{.spec.containers[-1].image}", "busybox", "[\n    \"busybox\"\n]\n"),
        ("{.spec.containers[0:1].name}", "app", "[\n    \"app\"\n]\n"),
        ("{.spec.containers[*].ports[?(@.protocol==\"TCP\")].containerPort}", "80", "[\n    80\n]\n"),
        ("{.spec.containers[?(@.name!=\"app\")].env[0].value}", "<&>", "[\n    \"\\u003c\\u0026\\u003e\"\n]\n"),
        ("{.status.conditions[?(@.status==\"True\")].type}", "Ready PodScheduled", "[\n    \"Ready\",\n    \"PodScheduled\"\n]\n"),
        ("{.status.conditions[?(@.type==\"Ready\")].status}", "True", "[\n    \"True\"\n]\n"),
        ("{.spec.containers[0].ports[?(@.containerPort>100)].containerPort}", "443", "[\n    443\n]\n"),
        ("{.spec.containers[0].ports[?(@.containerPort<=80)].containerPort}", "80", "[\n    80\n]\n"),
        ("{.spec.containers[?(@.env)].name}", "side", "[\n    \"side\"\n]\n"),
        ("{range .spec.containers[*]}{.name}={.image}{\"\\n\"}{end}", "app=nginx:1.16.1\nside=busybox\n", "[\n    \"app\"\n]\n[\n    \"=\"\n]\n[\n    \"nginx:1.16.1\"\n]\n[\n    \"\\n\"\n]\n[\n    \"side\"\n]\n[\n    \"=\"\n]\n[\n    \"busybox\"\n]\n[\n    \"\\n\"\n]\n"),
        ("{range .status.conditions[*]}[{.type}:{.status}]{end}", "[Ready:True][PodScheduled:True][Initialized:False]", "[\n    \"[\"\n]\n[\n    \"Ready\"\n]\n[\n    \":\"\n]\n[\n    \"True\"\n]\n[\n    \"]\"\n]\n[\n    \"[\"\n]\n[\n    \"PodScheduled\"\n]\n[\n    \":\"\n]\n[\n    \"True\"\n]\n[\n    \"]\"\n]\n[\n    \"[\"\n]\n[\n    \"Initialized\"\n]\n[\n    \":\"\n]\n[\n    \"False\"\n]\n[\n    \"]\"\n]\n"),
        ("name: {.metadata.name}, node: {.spec.nodeName}", "name: web-0, node: node-1", "[\n    \"name: \"\n]\n[\n    \"web-0\"\n]\n[\n    \", node: \"\n]\n[\n    \"node-1\"\n]\n"),
        ("{.spec.replicas} {.spec.ratio} {.spec.big} {.spec.paused} {.spec.nothing}", "3 0.5 1.2345675e+06 false null", "[\n    3\n]\n[\n    \" \"\n]\n[\n    0.5\n]\n[\n    \" \"\n]\n[\n    1234567.5\n]\n[\n    \" \"\n]\n[\n    false\n]\n[\n    \" \"\n]\n[\n    null\n]\n"),
        ("{.spec}", "{\"big\":1234567.5,\"containers\":[{\"image\":\"nginx:1.16.1\",\"name\":\"app\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"},{\"containerPort\":443}]},{\"env\":[{\"name\":\"A\",\"value\":\"\\u003c\\u0026\\u003e\"}],\"image\":\"busybox\",\"name\":\"side\"}],\"nodeName\":\"node-1\",\"nothing\":null,\"paused\":false,\"ratio\":0.5,\"replicas\":3}", "[\n    {\n        \"big\": 1234567.5,\n        \"containers\": [\n            {\n                \"image\": \"nginx:1.16.1\",\n                \"name\": \"app\",\n                \"ports\": [\n                    {\n                        \"containerPort\": 80,\n                        \"protocol\": \"TCP\"\n                    },\n                    {\n                        \"containerPort\": 443\n                    }\n                ]\n            },\n            {\n                \"env\": [\n                    {\n                        \"name\": \"A\",\n                        \"value\": \"\\u003c\\u0026\\u003e\"\n                    }\n                ],\n                \"image\": \"busybox\",\n                \"name\": \"side\"\n            }\n        ],\n        \"nodeName\": \"node-1\",\n        \"nothing\": null,\n        \"paused\": false,\n        \"ratio\": 0.5,\n        \"replicas\": 3\n    }\n]\n"),
        ("{.status.podIPs[0]}", "{\"ip\":\"10.0.0.1\"}", "[\n    {\n        \"ip\": \"10.0.0.1\"\n    }\n]\n"),
        ("{.spec.containers[1].env}", "[{\"name\":\"A\",\"value\":\"\\u003c\\u0026\\u003e\"}]", "[\n    [\n        {\n            \"name\": \"A\",\n            \"value\": \"\\u003c\\u0026\\u003e\"\n        }\n    ]\n]\n"),
        ("{.missing.deep}", "", "[]\n"),
        ("{.spec.containers[5]}", "ERR:error: error executing jsonpath \"{.spec.containers[5]}\": Error executing template: array index out of bounds: index 5, length 2. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.spec.containers[5]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"kind\":\"Pod\", \"metadata\":map[string]interface {}{\"annotations\":map[string]interface {}{\"n\":\"80\", \"note\":\"a: b\"}, \"creationTimestamp\":\"2025-01-01T00:00:00Z\", \"labels\":map[string]interface {}{\"app\":\"web\", \"app.kubernetes.io/name\":\"web\", \"tier\":\"front\"}, \"name\":\"web-0\", \"namespace\":\"default\"}, \"spec\":map[string]interface {}{\"big\":1.2345675e+06, \"containers\":[]interface {}{map[string]interface {}{\"image\":\"nginx:1.16.1\", \"name\":\"app\", \"ports\":[]interface {}{map[string]interface {}{\"containerPort\":80, \"protocol\":\"TCP\"}, map[string]interface {}{\"containerPort\":443}}}, map[string]interface {}{\"env\":[]interface {}{map[string]interface {}{\"name\":\"A\", \"value\":\"<&>\"}}, \"image\":\"busybox\", \"name\":\"side\"}}, \"nodeName\":\"node-1\", \"nothing\":interface {}(nil), \"paused\":false, \"ratio\":0.5, \"replicas\":3}, \"status\":map[string]interface {}{\"conditions\":[]interface {}{map[string]interface {}{\"status\":\"True\", \"type\":\"Ready\"}, map[string]interface {}{\"status\":\"True\", \"type\":\"PodScheduled\"}, map[string]interface {}{\"status\":\"False\", \"type\":\"Initialized\"}}, \"phase\":\"Running\", \"podIPs\":[]interface {}{map[string]interface {}{\"ip\":\"10.0.0.1\"}}}}\n\n\n", "ERR:error: error executing jsonpath \"{.spec.containers[5]}\": Error executing template: array index out of bounds: index 5, length 2. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.spec.containers[5]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"kind\":\"Pod\", \"metadata\":map[string]interface {}{\"annotations\":map[string]interface {}{\"n\":\"80\", \"note\":\"a: b\"}, \"creationTimestamp\":\"2025-01-01T00:00:00Z\", \"labels\":map[string]interface {}{\"app\":\"web\", \"app.kubernetes.io/name\":\"web\", \"tier\":\"front\"}, \"name\":\"web-0\", \"namespace\":\"default\"}, \"spec\":map[string]interface {}{\"big\":1.2345675e+06, \"containers\":[]interface {}{map[string]interface {}{\"image\":\"nginx:1.16.1\", \"name\":\"app\", \"ports\":[]interface {}{map[string]interface {}{\"containerPort\":80, \"protocol\":\"TCP\"}, map[string]interface {}{\"containerPort\":443}}}, map[string]interface {}{\"env\":[]interface {}{map[string]interface {}{\"name\":\"A\", \"value\":\"<&>\"}}, \"image\":\"busybox\", \"name\":\"side\"}}, \"nodeName\":\"node-1\", \"nothing\":interface {}(nil), \"paused\":false, \"ratio\":0.5, \"replicas\":3}, \"status\":map[string]interface {}{\"conditions\":[]interface {}{map[string]interface {}{\"status\":\"True\", \"type\":\"Ready\"}, map[string]interface {}{\"status\":\"True\", \"type\":\"PodScheduled\"}, map[string]interface {}{\"status\":\"False\", \"type\":\"Initialized\"}}, \"phase\":\"Running\", \"podIPs\":[]interface {}{map[string]interface {}{\"ip\":\"10.0.0.1\"}}}}\n\n\n"),
        ("{.spec.containers[?(@.name==\"x\")].image}", "", "[]\n"),
        ("{.spec.containers[?(@.name==1)].image}", "ERR:error: error executing jsonpath \"{.spec.containers[?(@.name==1)].image}\": Error executing template: incompatible types for comparison. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.spec.containers[?(@.name==1)].image}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"kind\":\"Pod\", \"metadata\":map[string]interface {}{\"annotations\":map[string]interface {}{\"n\":\"80\", \"note\":\"a: b\"}, \"creationTimestamp\":\"2025-01-01T00:00:00Z\", \"labels\":map[string]interface {}{\"app\":\"web\", \"app.kubernetes.io/name\":\"web\", \"tier\":\"front\"}, \"name\":\"web-0\", \"namespace\":\"default\"}, \"spec\":map[string]interface {}{\"big\":1.2345675e+06, \"containers\":[]interface {}{map[string]interface {}{\"image\":\"nginx:1.16.1\", \"name\":\"app\", \"ports\":[]interface {}{map[string]interface {}{\"containerPort\":80, \"protocol\":\"TCP\"}, map[string]interface {}{\"containerPort\":443}}}, map[string]interface {}{\"env\":[]interface {}{map[string]interface {}{\"name\":\"A\", \"value\":\"<&>\"}}, \"image\":\"busybox\", \"name\":\"side\"}}, \"nodeName\":\"node-1\", \"nothing\":interface {}(nil), \"paused\":false, \"ratio\":0.5, \"replicas\":3}, \"status\":map[string]interface {}{\"conditions\":[]interface {}{map[string]interface {}{\"status\":\"True\", \"type\":\"Ready\"}, map[string]interface {}{\"status\":\"True\", \"type\":\"PodScheduled\"}, map[string]interface {}{\"status\":\"False\", \"type\":\"Initialized\"}}, \"phase\":\"Running\", \"podIPs\":[]interface {}{map[string]interface {}{\"ip\":\"10.0.0.1\"}}}}\n\n\n", "ERR:error: error executing jsonpath \"{.spec.containers[?(@.name==1)].image}\": Error executing template: incompatible types for comparison. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.spec.containers[?(@.name==1)].image}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"v1\", \"kind\":\"Pod\", \"metadata\":map[string]interface {}{\"annotations\":map[string]interface {}{\"n\":\"80\", \"note\":\"a: b\"}, \"creationTimestamp\":\"2025-01-01T00:00:00Z\", \"labels\":map[string]interface {}{\"app\":\"web\", \"app.kubernetes.io/name\":\"web\", \"tier\":\"front\"}, \"name\":\"web-0\", \"namespace\":\"default\"}, \"spec\":map[string]interface {}{\"big\":1.2345675e+06, \"containers\":[]interface {}{map[string]interface {}{\"image\":\"nginx:1.16.1\", \"name\":\"app\", \"ports\":[]interface {}{map[string]interface {}{\"containerPort\":80, \"protocol\":\"TCP\"}, map[string]interface {}{\"containerPort\":443}}}, map[string]interface {}{\"env\":[]interface {}{map[string]interface {}{\"name\":\"A\", \"value\":\"<&>\"}}, \"image\":\"busybox\", \"name\":\"side\"}}, \"nodeName\":\"node-1\", \"nothing\":interface {}(nil), \"paused\":false, \"ratio\":0.5, \"replicas\":3}, \"status\":map[string]interface {}{\"conditions\":[]interface {}{map[string]interface {}{\"status\":\"True\", \"type\":\"Ready\"}, map[string]interface {}{\"status\":\"True\", \"type\":\"PodScheduled\"}, map[string]interface {}{\"status\":\"False\", \"type\":\"Initialized\"}}, \"phase\":\"Running\", \"podIPs\":[]interface {}{map[string]interface {}{\"ip\":\"10.0.0.1\"}}}}\n\n\n"),
        ("{..containerPort}", "80 443", "[\n    80,\n    443\n]\n"),
        ("{\"literal\"}{'\\t'}{\"x\"}", "literal\tx", "[\n    \"literal\"\n]\n[\n    \"\\t\"\n]\n[\n    \"x\"\n]\n"),
        ("{.kind}{.apiVersion}", "Podv1", "[\n    \"Pod\"\n]\n[\n    \"v1\"\n]\n"),
        ("{$.metadata.name}", "web-0", "[\n    \"web-0\"\n]\n"),
        ("{.spec.containers[*]['name','image']}", "app side nginx:1.16.1 busybox", "[\n    \"app\",\n    \"side\",\n    \"nginx:1.16.1\",\n    \"busybox\"\n]\n"),
        ("{.spec.containers[0,1].name}", "app side", "[\n    \"app\",\n    \"side\"\n]\n"),
    ];

    #[test]
    fn templates_print_as_kubectl_does() {
        let doc: Value = serde_json::from_str(POD).unwrap();
        for (t, text, as_json) in CASES {
            for (json, want) in [(false, text), (true, as_json)] {
                let got = match print(t, &doc, json, true) {
                    Ok(s) => s,
                    Err(e) => format!("ERR:error: {e}"),
                };
                assert_eq!(&got, want, "template {t} (as json: {json})");
            }
        }
    }

    /// Parse errors as kubectl v1.33 prints them (`error: ` + the message).
    #[test]
    fn parse_errors() {
        for (t, want) in [
            ("{.foo", "error parsing jsonpath {.foo, unclosed action\n"),
            ("{.items[", "error parsing jsonpath {.items[, unterminated array\n"),
            ("{.items[?(@.a)}", "error parsing jsonpath {.items[?(@.a)}, unclosed array expect ]\n"),
            ("{#}", "error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'\n"),
            ("{.items[x]}", "error parsing jsonpath {.items[x]}, invalid array index x\n"),
            ("{.a[?(@.n=~\"x\")]}", "error parsing jsonpath {.a[?(@.n=~\"x\")]}, unrecognized character in action: U+007E '~'\n"),
        ] {
            assert_eq!(print(t, &json!({}), false, true).unwrap_err(), want);
        }
        let e = print("{end}", &json!({"a": 1}), false, true).unwrap_err();
        assert_eq!(
            e,
            "error executing jsonpath \"{end}\": Error executing template: not in range, nothing to end. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{end}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"a\":1}\n\n\n"
        );
    }

    #[test]
    fn missing_keys_error_only_when_not_allowed() {
        let doc = json!({"a": {"b": 1}});
        assert_eq!(print("{.a.c}", &doc, false, true).unwrap(), "");
        assert!(print("{.a.c}", &doc, false, false)
            .unwrap_err()
            .contains("Error executing template: c is not found."));
    }

    #[test]
    fn go_formatting() {
        for (f, want) in [
            (0.5, "0.5"),
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.5, "1.2345675e+06"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e21, "1e+21"),
        ] {
            assert_eq!(go_float(f), want);
        }
        let v = json!({"b": [1, 1.5, "<&>\u{2028}", null, {}], "a": true});
        assert_eq!(
            go_json(&v, false),
            "{\"a\":true,\"b\":[1,1.5,\"\\u003c\\u0026\\u003e\\u2028\",null,{}]}"
        );
        assert_eq!(go_json(&v, true), "{\n    \"a\": true,\n    \"b\": [\n        1,\n        1.5,\n        \"\\u003c\\u0026\\u003e\\u2028\",\n        null,\n        {}\n    ]\n}");
        assert_eq!(
            go_sprint(&v),
            "map[a:true b:[1 1.5 <&>\u{2028} <nil> map[]]]"
        );
        assert_eq!(go_sharp_v(&v), "map[string]interface {}{\"a\":true, \"b\":[]interface {}{1, 1.5, \"<&>\\u2028\", interface {}(nil), map[string]interface {}{}}}");
        assert_eq!(
            go_json(&json!([1e-7, 1e21, 2.5]), false),
            "[1e-7,1e+21,2.5]"
        );
    }
}
