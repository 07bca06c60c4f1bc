//! The pieces of Go's `net` and `net/url` that kubeplay's texts follow: the kubelet's probe
//! URLs (`url.Parse` then `String()`) and kubectl describe's (`url.URL{…}.String()`), and
//! `net.JoinHostPort`.

/// Whether a host is an address rather than a name to look up: a dotted IPv4 quad, or IPv6
/// (the only hosts with a colon).
pub fn is_ip_literal(host: &str) -> bool {
    let quad: Vec<&str> = host.split('.').collect();
    host.contains(':')
        || (quad.len() == 4
            && quad.iter().all(|p| {
                !p.is_empty()
                    && p.len() <= 3
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && p.parse::<u16>().is_ok_and(|n| n <= 255)
            }))
}

/// Go's `net.JoinHostPort`: an IPv6 host in brackets.
pub fn join_host_port(host: &str, port: i64) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// How a probe's path shows in the request URL: `formatURL` parses it with `url.Parse` and the
/// URL's `String()` escapes it again (`EscapedPath`: the path as written when it is validly
/// escaped, else `escape(Path, encodePath)`, so `/health z` is `/health%20z`), keeps the query
/// as written and puts a `/` before a relative path. A path `url.Parse` rejects (a bad `%`
/// escape, a control character) is used whole as the URL's `Path`, query and all, and escaped.
pub fn url_path(path: &str) -> String {
    let parsed = (|| {
        if path.bytes().any(|b| b < 0x20 || b == 0x7f) {
            return None;
        }
        let (rest, fragment) = match path.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (path, None),
        };
        let (p, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let mut out = escaped_form(p, Mode::Path)?;
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(&escaped_form(f, Mode::Fragment)?);
        }
        Some(out)
    })();
    let out = parsed.unwrap_or_else(|| escape(path.as_bytes(), Mode::Path));
    if out.is_empty() || out.starts_with(['/', '?', '#']) {
        out
    } else {
        format!("/{out}")
    }
}

/// net/url's encodings: a path, a fragment, or a URL's host (`encodeHost`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Path,
    Fragment,
    Host,
}

/// `setPath`/`setFragment` then `EscapedPath`/`EscapedFragment`: None when the text does not
/// unescape (url.Parse fails).
fn escaped_form(raw: &str, mode: Mode) -> Option<String> {
    let decoded = go_unescape(raw)?;
    if valid_encoded(raw, mode) {
        Some(raw.to_string())
    } else {
        Some(escape(&decoded, mode))
    }
}

/// net/url `shouldEscape` for a byte of a path, a fragment or a host.
fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() || b"-_.~".contains(&c) {
        return false;
    }
    match mode {
        Mode::Path => !b"$&+,/:;=@".contains(&c),
        Mode::Fragment => !b"$&+,/:;=?@!()*".contains(&c),
        Mode::Host => !b"!$&'()*+,;=:[]<>\"".contains(&c),
    }
}

/// net/url `validEncoded`.
fn valid_encoded(s: &str, mode: Mode) -> bool {
    s.bytes()
        .all(|c| b"!$&'()*+,;=:@[]%".contains(&c) || !should_escape(c, mode))
}

/// net/url `escape`: `%XX` (upper-case hex) for each byte that must be escaped.
pub fn escape(bytes: &[u8], mode: Mode) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &c in bytes {
        if should_escape(c, mode) {
            out.push_str(&format!("%{c:02X}"));
        } else {
            out.push(char::from(c));
        }
    }
    out
}

/// net/url `unescape`: None on a `%` not followed by two hex digits.
fn go_unescape(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}
