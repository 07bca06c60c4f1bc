//! Label selector strings as `-l` takes them (apimachinery `labels.Parse`): `a=b`, `a==b`,
//! `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma-separated.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Eq(String),
    NotEq(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selector {
    reqs: Vec<(String, Op)>,
}

impl Selector {
    pub fn parse(s: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        let mut parts = Vec::new();
        let (mut depth, mut cur) = (0, String::new());
        for c in s.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        parts.push(cur);
        for part in parts {
            let p = part.trim();
            if p.is_empty() {
                if s.trim().is_empty() {
                    continue;
                }
                return Err(
                    "unable to parse requirement: found '', expected: identifier".to_string(),
                );
            }
            let req = if let Some(k) = p.strip_prefix('!') {
                (k.trim().to_string(), Op::DoesNotExist)
            } else if let Some((k, v)) = p.split_once("!=") {
                (k.trim().to_string(), Op::NotEq(v.trim().to_string()))
            } else if let Some((k, v)) = p.split_once("==") {
                (k.trim().to_string(), Op::Eq(v.trim().to_string()))
            } else if let Some((k, v)) = p.split_once('=') {
                (k.trim().to_string(), Op::Eq(v.trim().to_string()))
            } else if let Some((k, rest)) = split_set(p, " notin ") {
                (k, Op::NotIn(set_values(&rest)?))
            } else if let Some((k, rest)) = split_set(p, " in ") {
                (k, Op::In(set_values(&rest)?))
            } else {
                (p.to_string(), Op::Exists)
            };
            validate_key(&req.0)?;
            reqs.push(req);
        }
        Ok(Selector { reqs })
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.reqs.iter().all(|(k, op)| {
            let v = labels.get(k);
            match op {
                Op::Eq(x) => v == Some(x),
                Op::NotEq(x) => v != Some(x),
                Op::In(xs) => v.is_some_and(|v| xs.contains(v)),
                Op::NotIn(xs) => v.is_none_or(|v| !xs.contains(v)),
                Op::Exists => v.is_some(),
                Op::DoesNotExist => v.is_none(),
            }
        })
    }
}

fn split_set(p: &str, op: &str) -> Option<(String, String)> {
    let (k, rest) = p.split_once(op)?;
    Some((k.trim().to_string(), rest.trim().to_string()))
}

fn set_values(rest: &str) -> Result<Vec<String>, String> {
    let inner = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(|| format!("unable to parse requirement: found '{rest}', expected: '('"))?;
    Ok(inner
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect())
}

fn validate_key(k: &str) -> Result<(), String> {
    let ok = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!("unable to parse requirement: <nil>: Invalid value: \"{k}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"))
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
        let l = labels(&[("app", "nginx"), ("tier", "web")]);
        assert!(Selector::parse("app=nginx").unwrap().matches(&l));
        assert!(Selector::parse("app==nginx,tier!=db").unwrap().matches(&l));
        assert!(Selector::parse("tier in (web,db)").unwrap().matches(&l));
        assert!(!Selector::parse("tier notin (web)").unwrap().matches(&l));
        assert!(Selector::parse("app,!missing").unwrap().matches(&l));
        assert!(!Selector::parse("app=redis").unwrap().matches(&l));
        assert!(Selector::parse("a b=c").is_err());
    }
}
