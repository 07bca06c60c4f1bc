//! `test`, `[` and `[[`: the conditions of `if`, `while` and `&&` in the scripts tutorials give
//! containers (`[ -f /tmp/healthy ]`, `[ "$i" -lt 5 ]`, `[ -z "$NAME" ]`).
//!
//! The expression is read as busybox's `test` reads it (its `test.c`, from the same NetBSD
//! code as dash's): POSIX's special cases for up to three arguments, then the recursive
//! `-o` / `-a` / `!` / primary grammar. The same token ends a malformed expression, so the
//! operand busybox names in its message ("sh: b: unknown operand") is the one named here.

/// What the simulation knows of a path a file test asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    Missing,
    /// A regular file, and whether it has content (`-s`).
    File {
        nonempty: bool,
    },
    Dir,
    /// A device (`/dev/null`): it exists, is no regular file and has no size.
    Device,
}

/// Why an expression has no answer: the shell's complaint (exit status 2), or something
/// kubeplay cannot tell (a file it does not know, an operator it does not read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TestError {
    /// `[` without its closing `]` (`]]` for `[[`).
    MissingBracket(&'static str),
    /// A malformed expression: the operand named (empty for none) and busybox's words.
    Syntax(String, &'static str),
    /// An integer comparison's operand that is not a number (dash: "Illegal number").
    BadNumber(String),
    /// Not simulated.
    Unknown,
}

/// Evaluates `test ARGS…` (the brackets already removed): true, false or an error.
/// `files` answers file tests; `glob` makes `=`/`==`/`!=` match a pattern (`[[`).
pub(super) fn evaluate(
    args: &[String],
    files: &dyn Fn(&str) -> Option<FileKind>,
    glob: bool,
) -> Result<bool, TestError> {
    let mut e = Eval {
        args,
        pos: 0,
        files,
        glob,
    };
    // POSIX.2's special cases for few arguments
    let mut negate = false;
    let mut from = 0;
    if args.is_empty() {
        return Ok(false);
    }
    if args[0] == "!" && args.len() > 1 {
        negate = true;
        from = 1;
    }
    let rest = &args[from..];
    let result = if rest.len() == 1 {
        Ok(!rest[0].is_empty())
    } else if rest.len() == 3 && op_type(&rest[1]) == OpType::Binary {
        e.pos = from;
        e.binop()
    } else {
        negate = false;
        e.pos = 0;
        let r = e.oexpr()?;
        // a complete expression followed by more words
        if e.pos + 1 < args.len() {
            return Err(TestError::Syntax(
                args[e.pos + 1].clone(),
                "unknown operand",
            ));
        }
        Ok(r)
    };
    result.map(|r| r != negate)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpType {
    Unary,
    Binary,
    Not,
    And,
    Or,
    LParen,
    RParen,
    Operand,
}

fn op_type(s: &str) -> OpType {
    match s {
        "-r" | "-w" | "-x" | "-e" | "-f" | "-d" | "-c" | "-b" | "-p" | "-u" | "-g" | "-k"
        | "-s" | "-t" | "-z" | "-n" | "-h" | "-L" | "-S" | "-O" | "-G" => OpType::Unary,
        "=" | "==" | "!=" | "<" | ">" | "-eq" | "-ne" | "-ge" | "-gt" | "-le" | "-lt" | "-nt"
        | "-ot" | "-ef" => OpType::Binary,
        "!" => OpType::Not,
        "-a" => OpType::And,
        "-o" => OpType::Or,
        "(" => OpType::LParen,
        ")" => OpType::RParen,
        _ => OpType::Operand,
    }
}

/// Deepest `!`/`(` nesting read (a hostile expression may not exhaust the stack).
const MAX_NESTING: usize = 64;

struct Eval<'a> {
    args: &'a [String],
    /// The word being read (busybox's `*args`).
    pos: usize,
    files: &'a dyn Fn(&str) -> Option<FileKind>,
    glob: bool,
}

impl Eval<'_> {
    fn at(&self, i: usize) -> Option<&String> {
        self.args.get(i)
    }

    fn kind(&self, i: usize) -> Option<OpType> {
        self.at(i).map(|s| op_type(s))
    }

    fn oexpr(&mut self) -> Result<bool, TestError> {
        self.oexpr_at(0)
    }

    fn oexpr_at(&mut self, depth: usize) -> Result<bool, TestError> {
        if depth > MAX_NESTING {
            return Err(TestError::Unknown);
        }
        let res = self.aexpr(depth)?;
        if self.kind(self.pos + 1) == Some(OpType::Or) {
            self.pos += 2;
            return Ok(self.oexpr_at(depth + 1)? || res);
        }
        Ok(res)
    }

    fn aexpr(&mut self, depth: usize) -> Result<bool, TestError> {
        if depth > MAX_NESTING {
            return Err(TestError::Unknown);
        }
        let res = self.nexpr(depth)?;
        if self.kind(self.pos + 1) == Some(OpType::And) {
            self.pos += 2;
            return Ok(self.aexpr(depth + 1)? && res);
        }
        Ok(res)
    }

    fn nexpr(&mut self, depth: usize) -> Result<bool, TestError> {
        if depth > MAX_NESTING {
            return Err(TestError::Unknown);
        }
        if self.kind(self.pos) == Some(OpType::Not) {
            if self.at(self.pos + 1).is_none() {
                // `[ ! ]` and `[ a -a ! ]` are valid: "! ARG" may miss ARG
                return Ok(true);
            }
            self.pos += 1;
            return Ok(!self.nexpr(depth + 1)?);
        }
        self.primary(depth)
    }

    fn primary(&mut self, depth: usize) -> Result<bool, TestError> {
        let Some(word) = self.at(self.pos).cloned() else {
            return Err(TestError::Syntax(String::new(), "argument expected"));
        };
        let kind = op_type(&word);
        if kind == OpType::LParen {
            self.pos += 1;
            let res = self.oexpr_at(depth + 1)?;
            self.pos += 1;
            if self.kind(self.pos) != Some(OpType::RParen) {
                return Err(TestError::Syntax(String::new(), "closing paren expected"));
            }
            return Ok(res);
        }
        // "is $2 a binary operator?" comes first when there are three words
        let next = self.kind(self.pos + 1);
        if next.is_some() && self.at(self.pos + 2).is_some() && next == Some(OpType::Binary) {
            return self.binop();
        }
        if kind == OpType::Unary {
            let Some(operand) = self.at(self.pos + 1).cloned() else {
                return Ok(!word.is_empty());
            };
            self.pos += 1;
            return self.unary(&word, &operand);
        }
        if next == Some(OpType::Binary) {
            return self.binop();
        }
        Ok(!word.is_empty())
    }

    fn unary(&self, op: &str, operand: &str) -> Result<bool, TestError> {
        match op {
            "-z" => Ok(operand.is_empty()),
            "-n" => Ok(!operand.is_empty()),
            "-e" | "-f" | "-d" | "-s" => {
                let kind = (self.files)(operand).ok_or(TestError::Unknown)?;
                Ok(match op {
                    "-e" => kind != FileKind::Missing,
                    "-f" => matches!(kind, FileKind::File { .. }),
                    "-d" => kind == FileKind::Dir,
                    _ => matches!(kind, FileKind::File { nonempty: true } | FileKind::Dir),
                })
            }
            // permissions, links, terminals: not kept
            _ => Err(TestError::Unknown),
        }
    }

    /// `A OP B` at the current word; leaves the position on B.
    fn binop(&mut self) -> Result<bool, TestError> {
        let a = self.at(self.pos).cloned().unwrap_or_default();
        let op = self.at(self.pos + 1).cloned().unwrap_or_default();
        self.pos += 2;
        let Some(b) = self.at(self.pos).cloned() else {
            return Err(TestError::Syntax(op, "argument expected"));
        };
        let int = |s: &str| -> Result<i64, TestError> {
            let t = s.trim_matches(|c: char| c.is_ascii_whitespace());
            let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(TestError::BadNumber(s.to_string()));
            }
            t.parse()
                .map_err(|_| TestError::Syntax(s.to_string(), "out of range"))
        };
        Ok(match op.as_str() {
            "=" | "==" if self.glob => glob_match(&b, &a),
            "!=" if self.glob => !glob_match(&b, &a),
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a.as_bytes() < b.as_bytes(),
            ">" => a.as_bytes() > b.as_bytes(),
            "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge" => {
                let (x, y) = (int(&a)?, int(&b)?);
                match op.as_str() {
                    "-eq" => x == y,
                    "-ne" => x != y,
                    "-lt" => x < y,
                    "-le" => x <= y,
                    "-gt" => x > y,
                    _ => x >= y,
                }
            }
            // file ages and identities are not kept
            _ => return Err(TestError::Unknown),
        })
    }
}

/// Shell pattern matching (`*`, `?`, `[…]`) of a whole string, as `[[ x == pat ]]` and `case`
/// do. Iterative with one backtrack point, so a hostile pattern costs at most
/// pattern × text steps.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let step = match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => Some(pi + 1),
            Some('[') => match bracket(&p, pi, t[ti]) {
                Some((true, next)) => Some(next),
                Some((false, _)) => None,
                // an unclosed `[` is a literal
                None => (t[ti] == '[').then_some(pi + 1),
            },
            Some('\\') if pi + 1 < p.len() => (p[pi + 1] == t[ti]).then_some(pi + 2),
            Some(&c) => (c == t[ti]).then_some(pi + 1),
            None => None,
        };
        match (step, star) {
            (Some(next), _) => {
                pi = next;
                ti += 1;
            }
            (None, Some((sp, st))) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            (None, None) => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A `[…]` set at `p[at]` against `c`: whether it matches and where the pattern goes on;
/// None when the set is not closed.
fn bracket(p: &[char], at: usize, c: char) -> Option<(bool, usize)> {
    let mut i = at + 1;
    let negate = matches!(p.get(i), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let x = *p.get(i)?;
        if x == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|&y| y != ']') {
            matched |= (x..=p[i + 2]).contains(&c);
            i += 3;
        } else {
            matched |= x == c;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(path: &str) -> Option<FileKind> {
        match path {
            "/tmp/healthy" => Some(FileKind::File { nonempty: false }),
            "/tmp/data" => Some(FileKind::File { nonempty: true }),
            "/tmp" => Some(FileKind::Dir),
            "/tmp/gone" => Some(FileKind::Missing),
            _ => None,
        }
    }

    fn t(script: &str) -> Result<bool, TestError> {
        let args: Vec<String> = script.split(' ').map(str::to_string).collect();
        let args = if script.is_empty() { vec![] } else { args };
        evaluate(&args, &files, false)
    }

    fn syntax(op: &str, msg: &'static str) -> Result<bool, TestError> {
        Err(TestError::Syntax(op.into(), msg))
    }

    #[test]
    fn expressions_as_busybox_reads_them() {
        // each checked against busybox 1.35's `sh -c '[ … ]; echo $?'`
        assert_eq!(t(""), Ok(false));
        assert_eq!(t("a"), Ok(true));
        assert_eq!(t("-n"), Ok(true));
        assert_eq!(t("-x"), Ok(true));
        assert_eq!(t("!"), Ok(true));
        assert_eq!(t("a -a !"), Ok(true));
        assert_eq!(t("! a = a"), Ok(false));
        assert_eq!(t("! -z"), Ok(false));
        assert_eq!(t("a = a"), Ok(true));
        assert_eq!(t("a == b"), Ok(false));
        assert_eq!(t("a != b"), Ok(true));
        assert_eq!(t("a < b"), Ok(true));
        assert_eq!(t("01 -eq 1"), Ok(true));
        assert_eq!(t("-3 -lt 2"), Ok(true));
        assert_eq!(t("3 -ge 4"), Ok(false));
        assert_eq!(t("1 -lt 2 -a 3 -gt 2"), Ok(true));
        assert_eq!(t("1 -gt 2 -o -n x"), Ok(true));
        assert_eq!(t("( 1 = 1 )"), Ok(true));
        assert_eq!(t("! ( a = b ) -a x"), Ok(true));
        assert_eq!(t("-f /tmp/healthy"), Ok(true));
        assert_eq!(t("-s /tmp/healthy"), Ok(false));
        assert_eq!(t("-s /tmp/data"), Ok(true));
        assert_eq!(t("-d /tmp"), Ok(true));
        assert_eq!(t("-f /tmp"), Ok(false));
        assert_eq!(t("-e /tmp/gone"), Ok(false));
        assert_eq!(t("! -f /tmp/gone"), Ok(true));
        assert_eq!(t("-f /etc/unknown"), Err(TestError::Unknown));
        assert_eq!(t("a -nt b"), Err(TestError::Unknown));
        assert_eq!(t("a -lt 1"), Err(TestError::BadNumber("a".into())));
        assert_eq!(t(" -eq 0"), Err(TestError::BadNumber(String::new())));
        assert_eq!(
            t("99999999999999999999 -eq 1"),
            syntax("99999999999999999999", "out of range")
        );
        assert_eq!(t("1 -eq"), syntax("-eq", "argument expected"));
        assert_eq!(t("a ="), syntax("=", "argument expected"));
        assert_eq!(t("1 -eq 1 -o"), syntax("", "argument expected"));
        assert_eq!(t("( 1"), syntax("", "closing paren expected"));
        assert_eq!(t("= a"), syntax("a", "unknown operand"));
        assert_eq!(t("a b c"), syntax("b", "unknown operand"));
        assert_eq!(t("-z a b"), syntax("b", "unknown operand"));
        assert_eq!(t("1 -foo 2"), syntax("-foo", "unknown operand"));
    }

    #[test]
    fn patterns() {
        assert!(glob_match("a*", "abc"));
        assert!(glob_match("*.log", "app.log"));
        assert!(!glob_match("*.log", "app.txt"));
        assert!(glob_match("a?c", "abc"));
        assert!(glob_match("[a-c]x", "bx"));
        assert!(!glob_match("[!a-c]x", "bx"));
        assert!(glob_match("", ""));
        assert!(!glob_match("a", ""));
        assert!(glob_match("[", "["));
        let hostile = "*a".repeat(200);
        assert!(!glob_match(&hostile, &"b".repeat(1000)));
    }
}
