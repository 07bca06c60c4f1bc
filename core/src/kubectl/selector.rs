//! Label selector strings as `-l` takes them: a port of apimachinery's `labels.Parse` (its lexer,
//! parser, requirement validation and error messages): `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
//! `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-separated.
//!
//! kubectl sends the selector to the API server, which parses it; a bad one comes back as a
//! BadRequest that kubectl words with [`server_error`].

use crate::api::validation::{label_value, qualified_name};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
    Gt(i64),
    Lt(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    reqs: Vec<(String, Op)>,
}

/// `apps/v1, Resource=deployments`: a GroupVersionResource as kubectl prints it.
pub fn gvr(r: super::resource::Resource) -> String {
    format!("{}, Resource={}", r.api_version_gv(), r.plural())
}

/// How kubectl reports a list request the API server rejected for its selectors
/// (`Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match
/// label selector "…", field selector "…": <the server's message>`).
pub fn server_error(gvr: &str, label: &str, field: &str, message: &str) -> String {
    format!("Error from server (BadRequest): Unable to find \"{gvr}\" that match label selector \"{label}\", field selector \"{field}\": {message}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Error,
    End,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn keyword(s: &[u8]) -> Option<Tok> {
    Some(match s {
        b")" => Tok::ClosedPar,
        b"," => Tok::Comma,
        b"!" => Tok::DoesNotExist,
        b"==" => Tok::DoubleEquals,
        b"=" => Tok::Equals,
        b">" => Tok::GreaterThan,
        b"in" => Tok::In,
        b"<" => Tok::LessThan,
        b"!=" => Tok::NotEquals,
        b"notin" => Tok::NotIn,
        b"(" => Tok::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(c: u8) -> bool {
    matches!(c, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// The Go lexer, byte for byte (a NUL byte ends the input, as in Go).
fn lex(s: &[u8]) -> Vec<(Tok, String)> {
    let mut pos = 0;
    let read = |pos: &mut usize| -> u8 {
        if *pos < s.len() {
            *pos += 1;
            s[*pos - 1]
        } else {
            0
        }
    };
    let mut out = Vec::new();
    loop {
        let mut c = read(&mut pos);
        while is_whitespace(c) {
            c = read(&mut pos);
        }
        let item = if c == 0 {
            (Tok::End, String::new())
        } else if is_special(c) {
            pos -= 1;
            let mut buf: Vec<u8> = Vec::new();
            let mut last: Option<(Tok, String)> = None;
            loop {
                let ch = read(&mut pos);
                if ch == 0 {
                    break;
                }
                if !is_special(ch) {
                    pos -= 1;
                    break;
                }
                buf.push(ch);
                if let Some(t) = keyword(&buf) {
                    last = Some((t, String::from_utf8_lossy(&buf).into_owned()));
                } else if last.is_some() {
                    pos -= 1;
                    break;
                }
            }
            last.unwrap_or_else(|| {
                (
                    Tok::Error,
                    format!(
                        "error expected: keyword found '{}'",
                        String::from_utf8_lossy(&buf)
                    ),
                )
            })
        } else {
            pos -= 1;
            let mut buf: Vec<u8> = Vec::new();
            loop {
                let ch = read(&mut pos);
                if ch == 0 {
                    break;
                }
                if is_special(ch) || is_whitespace(ch) {
                    pos -= 1;
                    break;
                }
                buf.push(ch);
            }
            let lit = String::from_utf8_lossy(&buf).into_owned();
            (keyword(&buf).unwrap_or(Tok::Identifier), lit)
        };
        let end = item.0 == Tok::End;
        out.push(item);
        if end {
            return out;
        }
    }
}

struct Parser {
    items: Vec<(Tok, String)>,
    pos: usize,
}

/// `in`/`notin` are plain identifiers where a value is expected.
fn as_value(t: Tok) -> Tok {
    match t {
        Tok::In | Tok::NotIn => Tok::Identifier,
        t => t,
    }
}

impl Parser {
    fn lookahead(&self, values: bool) -> (Tok, String) {
        let (t, l) = self.items[self.pos.min(self.items.len() - 1)].clone();
        (if values { as_value(t) } else { t }, l)
    }

    fn consume(&mut self, values: bool) -> (Tok, String) {
        let r = self.lookahead(values);
        self.pos += 1;
        r
    }

    fn parse(&mut self) -> Result<Vec<(String, Op, &'static str)>, String> {
        let mut reqs = Vec::new();
        loop {
            let (tok, lit) = self.lookahead(true);
            match tok {
                Tok::Identifier | Tok::DoesNotExist => {
                    let r = self
                        .requirement()
                        .map_err(|e| format!("unable to parse requirement: {e}"))?;
                    reqs.push(r);
                    let (t, l) = self.consume(true);
                    match t {
                        Tok::End => return Ok(reqs),
                        Tok::Comma => {
                            let (t2, l2) = self.lookahead(true);
                            if t2 != Tok::Identifier && t2 != Tok::DoesNotExist {
                                return Err(format!(
                                    "found '{l2}', expected: identifier after ','"
                                ));
                            }
                        }
                        _ => return Err(format!("found '{l}', expected: ',' or 'end of string'")),
                    }
                }
                Tok::End => return Ok(reqs),
                _ => {
                    return Err(format!(
                        "found '{lit}', expected: !, identifier, or 'end of string'"
                    ))
                }
            }
        }
    }

    /// One requirement, with its operator as `selection.Operator` spells it.
    fn requirement(&mut self) -> Result<(String, Op, &'static str), String> {
        // key and inferred operator
        let mut negated = false;
        let (mut tok, mut lit) = self.consume(true);
        if tok == Tok::DoesNotExist {
            negated = true;
            (tok, lit) = self.consume(true);
        }
        if tok != Tok::Identifier {
            return Err(format!("found '{lit}', expected: identifier"));
        }
        let key = lit;
        let errs = qualified_name(&key);
        if !errs.is_empty() {
            return Err(format!(
                "<nil>: Invalid value: {}: {}",
                go_quote(&key),
                errs.join("; ")
            ));
        }
        let (next, _) = self.lookahead(true);
        if negated || next == Tok::End || next == Tok::Comma {
            return Ok(if negated {
                (key, Op::DoesNotExist, "!")
            } else {
                (key, Op::Exists, "exists")
            });
        }
        // binary operator
        let (tok, lit) = self.consume(false);
        let values = match tok {
            Tok::In | Tok::NotIn => self.values()?,
            Tok::Equals | Tok::DoubleEquals | Tok::NotEquals | Tok::GreaterThan | Tok::LessThan => {
                self.exact_value()?
            }
            _ => {
                return Err(format!(
                    "found '{lit}', expected: '=', '!=', '==', 'in', notin'"
                ))
            }
        };
        // NewRequirement's checks
        let mut errs = Vec::new();
        let mut num = None;
        if matches!(tok, Tok::GreaterThan | Tok::LessThan) {
            for (i, v) in values.iter().enumerate() {
                match go_parse_int(v) {
                    Some(n) => num = Some(n),
                    None => errs.push(format!(
                        "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                        go_quote(v)
                    )),
                }
            }
        }
        for (i, v) in values.iter().enumerate() {
            let e = label_value(v);
            if !e.is_empty() {
                errs.push(format!(
                    "values[{i}][{key}]: Invalid value: {}: {}",
                    go_quote(v),
                    e.join("; ")
                ));
            }
        }
        match errs.len() {
            0 => {}
            1 => return Err(errs.remove(0)),
            _ => return Err(format!("[{}]", errs.join(", "))),
        }
        let name = match tok {
            Tok::In => "in",
            Tok::Equals => "=",
            Tok::DoubleEquals => "==",
            Tok::NotIn => "notin",
            Tok::NotEquals => "!=",
            Tok::GreaterThan => "gt",
            _ => "lt",
        };
        let op = match tok {
            Tok::In | Tok::Equals | Tok::DoubleEquals => Op::In(values),
            Tok::NotIn | Tok::NotEquals => Op::NotIn(values),
            Tok::GreaterThan => Op::Gt(num.unwrap_or_default()),
            _ => Op::Lt(num.unwrap_or_default()),
        };
        Ok((key, op, name))
    }

    /// `( a, b )`, as a sorted set (Go's `sets.String`).
    fn values(&mut self) -> Result<Vec<String>, String> {
        let (tok, lit) = self.consume(true);
        if tok != Tok::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.lookahead(true);
        let mut set = match tok {
            Tok::Identifier | Tok::Comma => {
                let s = self.identifiers()?;
                if self.consume(true).0 != Tok::ClosedPar {
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                s
            }
            Tok::ClosedPar => {
                self.consume(true);
                vec![String::new()]
            }
            _ => return Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        };
        crate::sort::sort(&mut set);
        set.dedup();
        Ok(set)
    }

    fn identifiers(&mut self) -> Result<Vec<String>, String> {
        let mut s: Vec<String> = Vec::new();
        loop {
            let (tok, lit) = self.consume(true);
            match tok {
                Tok::Identifier => {
                    s.push(lit);
                    let (t2, l2) = self.lookahead(true);
                    match t2 {
                        Tok::Comma => continue,
                        Tok::ClosedPar => return Ok(s),
                        _ => return Err(format!("found '{l2}', expected: ',' or ')'")),
                    }
                }
                Tok::Comma => {
                    if s.is_empty() {
                        s.push(String::new());
                    }
                    let (t2, _) = self.lookahead(true);
                    if t2 == Tok::ClosedPar {
                        s.push(String::new());
                        return Ok(s);
                    }
                    if t2 == Tok::Comma {
                        self.consume(true);
                        s.push(String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn exact_value(&mut self) -> Result<Vec<String>, String> {
        let (tok, _) = self.lookahead(true);
        if tok == Tok::End || tok == Tok::Comma {
            return Ok(vec![String::new()]);
        }
        let (tok, lit) = self.consume(true);
        if tok == Tok::Identifier {
            Ok(vec![lit])
        } else {
            Err(format!("found '{lit}', expected: identifier"))
        }
    }
}

/// `metav1.ParseToLabelSelector`: the selector string as a LabelSelector's JSON (equality as
/// `matchLabels`, set-based requirements as `matchExpressions`, sorted by key as
/// `labels.ParseToRequirements` leaves them), or kubectl's error.
pub fn parse_to_label_selector(s: &str) -> Result<serde_json::Value, String> {
    let mut p = Parser {
        items: lex(s.as_bytes()),
        pos: 0,
    };
    let mut reqs = p
        .parse()
        .map_err(|e| format!("couldn't parse the selector string \"{s}\": {e}"))?;
    crate::sort::sort_by(&mut reqs, |a, b| a.0.cmp(&b.0));
    let mut labels = serde_json::Map::new();
    let mut exprs = Vec::new();
    for (key, op, name) in reqs {
        match (op, name) {
            (Op::In(v), "=" | "==") => {
                labels.insert(
                    key,
                    serde_json::json!(v.first().cloned().unwrap_or_default()),
                );
            }
            (Op::In(v), _) => {
                exprs.push(serde_json::json!({"key": key, "operator": "In", "values": v}))
            }
            (Op::NotIn(v), "notin") => {
                exprs.push(serde_json::json!({"key": key, "operator": "NotIn", "values": v}))
            }
            (Op::Exists, _) => exprs.push(serde_json::json!({"key": key, "operator": "Exists"})),
            (Op::DoesNotExist, _) => {
                exprs.push(serde_json::json!({"key": key, "operator": "DoesNotExist"}))
            }
            (Op::NotIn(_), n) => {
                return Err(format!(
                    "{} is not a valid label selector operator",
                    go_quote(n)
                ))
            }
            (_, n) => {
                return Err(format!(
                    "{} isn't supported in label selectors",
                    go_quote(n)
                ))
            }
        }
    }
    let mut sel = serde_json::Map::new();
    if !labels.is_empty() {
        sel.insert("matchLabels".into(), serde_json::Value::Object(labels));
    }
    if !exprs.is_empty() {
        sel.insert("matchExpressions".into(), serde_json::Value::Array(exprs));
    }
    Ok(serde_json::Value::Object(sel))
}

/// Go's `strconv.ParseInt(s, 10, 64)`.
fn go_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Go's `%q` for the strings a selector can hold.
fn go_quote(s: &str) -> String {
    crate::api::yaml::go_quote(s)
}

impl Selector {
    /// apimachinery `labels.Parse`, with its error messages.
    pub fn parse(s: &str) -> Result<Selector, String> {
        let mut p = Parser {
            items: lex(s.as_bytes()),
            pos: 0,
        };
        let reqs = p.parse()?.into_iter().map(|(k, op, _)| (k, op)).collect();
        Ok(Selector { reqs })
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.reqs.iter().all(|(k, op)| {
            let v = labels.get(k);
            match op {
                Op::In(xs) => v.is_some_and(|v| xs.contains(v)),
                Op::NotIn(xs) => v.is_none_or(|v| !xs.contains(v)),
                Op::Exists => v.is_some(),
                Op::DoesNotExist => v.is_none(),
                Op::Gt(n) => v.and_then(|v| go_parse_int(v)).is_some_and(|x| x > *n),
                Op::Lt(n) => v.and_then(|v| go_parse_int(v)).is_some_and(|x| x < *n),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &[(&str, &str)]) -> BTreeMap<String, String> {
        s.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn equality_and_set_based() {
        let l = labels(&[("app", "nginx"), ("tier", "web"), ("n", "5")]);
        assert!(Selector::parse("app=nginx").unwrap().matches(&l));
        assert!(Selector::parse("app==nginx,tier!=db").unwrap().matches(&l));
        assert!(Selector::parse("tier in (web,db)").unwrap().matches(&l));
        assert!(Selector::parse("tier in(web)").unwrap().matches(&l));
        assert!(!Selector::parse("tier notin (web)").unwrap().matches(&l));
        assert!(Selector::parse("app,!missing").unwrap().matches(&l));
        assert!(!Selector::parse("app=redis").unwrap().matches(&l));
        assert!(Selector::parse("n>4,n<6").unwrap().matches(&l));
        assert!(!Selector::parse("n>5").unwrap().matches(&l));
        assert!(Selector::parse("missing!=x").unwrap().matches(&l));
        assert!(Selector::parse("").unwrap().matches(&l));
        assert!(Selector::parse("  app = nginx ").unwrap().matches(&l));
    }

    #[test]
    fn errors_are_worded_as_apimachinery_words_them() {
        let err = |s: &str| Selector::parse(s).unwrap_err();
        assert_eq!(
            err("app in (nginx"),
            "unable to parse requirement: found '', expected: ',' or ')'"
        );
        assert_eq!(
            err("app in nginx"),
            "unable to parse requirement: found 'nginx' expected: '('"
        );
        assert_eq!(
            err("app=nginx,"),
            "found '', expected: identifier after ','"
        );
        assert_eq!(
            err(",app=nginx"),
            "found ',', expected: !, identifier, or 'end of string'"
        );
        assert_eq!(
            err("app=ngin x"),
            "found 'x', expected: ',' or 'end of string'"
        );
        assert_eq!(
            err("app=nginx)"),
            "found ')', expected: ',' or 'end of string'"
        );
        assert_eq!(
            err("!"),
            "unable to parse requirement: found '', expected: identifier"
        );
        assert_eq!(
            err("app>=1"),
            "unable to parse requirement: found '=', expected: identifier"
        );
        assert_eq!(
            err("app>one"),
            "unable to parse requirement: values[0]: Invalid value: \"one\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        assert_eq!(
            err("app notin"),
            "unable to parse requirement: found '' expected: '('"
        );
        assert!(err("a b").starts_with(
            "unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'"
        ));
        assert!(err("ü=x").starts_with(
            "unable to parse requirement: <nil>: Invalid value: \"ü\": name part must consist of"
        ));
        assert!(err("app=ü").starts_with(
            "unable to parse requirement: values[0][app]: Invalid value: \"ü\": a valid label must be an empty string"
        ));
    }
}
