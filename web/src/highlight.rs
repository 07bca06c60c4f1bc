//! YAML syntax highlighting for the editor: each line is split into classified pieces, rendered
//! as text in spans (never as HTML).

/// What a piece of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Plain,
    Key,
    /// `:`, `-`, `---`, `{`, `[`, `,`, …
    Punct,
    Str,
    Num,
    /// `true`, `false`, `null`, `~`, YAML 1.1 booleans.
    Lit,
    Comment,
    /// `&anchor`, `*alias`, `!tag`, `|`, `>`.
    Meta,
}

impl Tok {
    pub fn class(self) -> &'static str {
        match self {
            Tok::Plain => "",
            Tok::Key => "k",
            Tok::Punct => "p",
            Tok::Str => "s",
            Tok::Num => "n",
            Tok::Lit => "l",
            Tok::Comment => "c",
            Tok::Meta => "m",
        }
    }
}

/// Splits one line into pieces whose texts concatenate back to the line.
pub fn line(text: &str) -> Vec<(Tok, &str)> {
    let mut out = Vec::new();
    let trimmed = text.trim_start_matches(' ');
    let mut pos = text.len() - trimmed.len();
    if pos > 0 {
        out.push((Tok::Plain, &text[..pos]));
    }
    if trimmed.starts_with("---") || trimmed.starts_with("...") {
        out.push((Tok::Punct, &text[pos..]));
        return out;
    }
    if trimmed.starts_with('#') {
        out.push((Tok::Comment, &text[pos..]));
        return out;
    }
    // list markers
    while text[pos..].starts_with("- ") || &text[pos..] == "-" {
        out.push((Tok::Punct, &text[pos..pos + 1]));
        pos += 1;
        let spaces = text[pos..].len() - text[pos..].trim_start_matches(' ').len();
        if spaces > 0 {
            out.push((Tok::Plain, &text[pos..pos + spaces]));
            pos += spaces;
        }
    }
    // key
    if let Some(end) = key_end(&text[pos..]) {
        out.push((Tok::Key, &text[pos..pos + end]));
        out.push((Tok::Punct, &text[pos + end..pos + end + 1]));
        pos += end + 1;
    }
    value(text, pos, &mut out);
    out
}

/// Length of `key` when the text starts with `key:` followed by a space or the end.
fn key_end(s: &str) -> Option<usize> {
    if s.starts_with('"') || s.starts_with('\'') {
        let q = s.as_bytes()[0] as char;
        let close = s[1..].find(q)? + 1;
        let after = &s[close + 1..];
        return (after.starts_with(": ") || after == ":").then_some(close + 1);
    }
    if s.starts_with(['{', '[', '#', '&', '*', '!', '|', '>']) {
        return None;
    }
    let mut i = 0;
    while let Some(rel) = s[i..].find(':') {
        let at = i + rel;
        let after = &s[at + 1..];
        if after.is_empty() || after.starts_with(' ') {
            let key = &s[..at];
            return (!key.contains(" #")).then_some(at);
        }
        i = at + 1;
    }
    None
}

fn value<'a>(text: &'a str, mut pos: usize, out: &mut Vec<(Tok, &'a str)>) {
    let bytes = text.as_bytes();
    while pos < text.len() {
        let rest = &text[pos..];
        let c = bytes[pos] as char;
        if c == ' ' {
            let n = rest.len() - rest.trim_start_matches(' ').len();
            out.push((Tok::Plain, &rest[..n]));
            pos += n;
            continue;
        }
        if c == '#' && (pos == 0 || bytes[pos - 1] == b' ') {
            out.push((Tok::Comment, rest));
            return;
        }
        if c == '"' || c == '\'' {
            let mut end = 1;
            let rb = rest.as_bytes();
            while end < rb.len() {
                if rb[end] == b'\\' && c == '"' {
                    end += 2;
                    continue;
                }
                if rb[end] as char == c {
                    end += 1;
                    break;
                }
                end += 1;
            }
            let mut end = end.min(rest.len());
            while !rest.is_char_boundary(end) {
                end += 1;
            }
            out.push((Tok::Str, &rest[..end]));
            pos += end;
            continue;
        }
        if matches!(c, '{' | '}' | '[' | ']' | ',') {
            out.push((Tok::Punct, &rest[..1]));
            pos += 1;
            continue;
        }
        // a plain scalar: up to ` #`, or a flow indicator inside flow collections
        let in_flow = out
            .iter()
            .any(|(t, s)| *t == Tok::Punct && (*s == "{" || *s == "["));
        let mut end = rest.len();
        if let Some(i) = rest.find(" #") {
            end = end.min(i);
        }
        if in_flow {
            if let Some(i) = rest.find([',', '}', ']']) {
                end = end.min(i.max(1));
            }
        }
        let word = &rest[..end];
        let w = word.trim_end();
        let tok = classify(w);
        out.push((tok, w));
        if w.len() < word.len() {
            out.push((Tok::Plain, &word[w.len()..]));
        }
        pos += end;
    }
}

fn classify(w: &str) -> Tok {
    if w.starts_with(['&', '*', '!', '|', '>']) {
        return Tok::Meta;
    }
    let lower = w.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
    ) {
        return Tok::Lit;
    }
    let num = w.strip_prefix(['-', '+']).unwrap_or(w);
    if !num.is_empty()
        && num
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && num.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return Tok::Num;
    }
    Tok::Plain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(l: &str) -> Vec<(Tok, String)> {
        let toks = line(l);
        assert_eq!(toks.iter().map(|t| t.1).collect::<String>(), l);
        toks.into_iter()
            .filter(|t| t.0 != Tok::Plain || !t.1.trim().is_empty())
            .map(|(t, s)| (t, s.to_string()))
            .collect()
    }

    #[test]
    fn keys_values_and_comments() {
        assert_eq!(
            classes("  replicas: 3 # three"),
            vec![
                (Tok::Key, "replicas".into()),
                (Tok::Punct, ":".into()),
                (Tok::Num, "3".into()),
                (Tok::Comment, "# three".into())
            ]
        );
        assert_eq!(
            classes("      - name: nginx"),
            vec![
                (Tok::Punct, "-".into()),
                (Tok::Key, "name".into()),
                (Tok::Punct, ":".into()),
                (Tok::Plain, "nginx".into())
            ]
        );
        assert_eq!(
            classes("    image: nginx:1.14.2")[2],
            (Tok::Plain, "nginx:1.14.2".into())
        );
        assert_eq!(
            classes("  serviceName: \"nginx\"")[2],
            (Tok::Str, "\"nginx\"".into())
        );
        assert_eq!(classes("---"), vec![(Tok::Punct, "---".into())]);
        assert_eq!(classes("paused: true")[2], (Tok::Lit, "true".into()));
        assert_eq!(classes("  emptyDir: {}")[2], (Tok::Punct, "{".into()));
    }

    #[test]
    fn any_text_round_trips() {
        for l in [
            "",
            "   ",
            "a: 'it''s' # c",
            "- - x",
            "k: \"unterminated",
            "x: [a, b, {c: d}]",
            "  名称: 值 # 注释",
            "-",
            "key:",
            "url: http://x:80/",
            "k: \"a\\é\"",
        ] {
            let toks = line(l);
            assert_eq!(toks.iter().map(|t| t.1).collect::<String>(), l);
        }
    }
}
