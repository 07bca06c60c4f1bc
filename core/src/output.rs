//! What a command prints: stdout and stderr chunks in the order they were written, and an exit code.

/// Which stream a chunk was written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// The result of one command line. Chunks keep stdout/stderr interleaving, as a terminal shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandOutput {
    pub chunks: Vec<(Stream, String)>,
    pub exit_code: i32,
}

impl CommandOutput {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends text to stdout.
    pub fn out(&mut self, text: impl Into<String>) {
        self.push(Stream::Stdout, text.into());
    }

    /// Appends text to stderr.
    pub fn err(&mut self, text: impl Into<String>) {
        self.push(Stream::Stderr, text.into());
    }

    fn push(&mut self, stream: Stream, text: String) {
        if text.is_empty() {
            return;
        }
        match self.chunks.last_mut() {
            Some((s, t)) if *s == stream => t.push_str(&text),
            _ => self.chunks.push((stream, text)),
        }
    }

    /// Appends what `other` wrote, in order (its exit code is left to the caller).
    pub fn extend(&mut self, other: CommandOutput) {
        for (stream, text) in other.chunks {
            self.push(stream, text);
        }
    }

    /// A failed command: `message` on stderr (a newline is added when missing) and exit code 1.
    pub fn failure(message: impl Into<String>) -> Self {
        let mut o = Self::new();
        o.fail(message);
        o
    }

    /// The same output with another exit status (curl's own codes).
    pub fn with_code(mut self, code: i32) -> Self {
        self.exit_code = code;
        self
    }

    /// Writes `message` to stderr and sets exit code 1.
    pub fn fail(&mut self, message: impl Into<String>) {
        let mut m = message.into();
        if !m.ends_with('\n') {
            m.push('\n');
        }
        self.err(m);
        self.exit_code = 1;
    }

    pub fn stdout(&self) -> String {
        self.collect(Stream::Stdout)
    }

    pub fn stderr(&self) -> String {
        self.collect(Stream::Stderr)
    }

    /// stdout and stderr interleaved in write order.
    pub fn combined(&self) -> String {
        self.chunks.iter().map(|(_, t)| t.as_str()).collect()
    }

    fn collect(&self, stream: Stream) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| *s == stream)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// The pieces joined into one string of exactly their size: the per-pod names and Event
/// messages the controllers and kubelets make for every pod, where `format!` cost several
/// times the copying.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// Appends `value` in lowercase hex, zero-padded to `width` digits (at most 16; at least as many
/// as the value needs): container and image IDs and Event names are written for every pod, where
/// `format!("{:016x}")` cost more than everything else in their making.
pub fn push_hex(out: &mut String, value: u64, width: usize) {
    let needed = (64 - value.leading_zeros() as usize).div_ceil(4).max(1);
    let digits = needed.max(width).min(16);
    let mut buf = [0u8; 16];
    write_hex(&mut buf[..digits], value);
    out.push_str(std::str::from_utf8(&buf[..digits]).unwrap_or_default());
}

/// Fills `digits` with the low hex digits of `value`, most significant first.
pub fn write_hex(digits: &mut [u8], value: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut rest = value;
    for slot in digits.iter_mut().rev() {
        *slot = HEX[(rest & 0xf) as usize];
        rest >>= 4;
    }
}

#[cfg(test)]
mod tests {
    use super::push_hex;

    #[test]
    fn push_hex_matches_format() {
        for (value, width) in [
            (0u64, 0),
            (0, 16),
            (0xabc, 0),
            (0xabc, 8),
            (u64::MAX, 16),
            (1 << 60, 4),
        ] {
            let mut s = String::from("x");
            push_hex(&mut s, value, width);
            assert_eq!(s, format!("x{value:0width$x}"));
        }
    }
}
