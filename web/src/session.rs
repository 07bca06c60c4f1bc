//! Sessions (PRODUCT §6): a session is a seed plus the commands issued, each at the virtual time
//! it was issued. Replaying them on a fresh cluster reproduces the state byte for byte, so a
//! session is what localStorage keeps, what a share link carries and what "Export script" prints
//! as a `kubeplay run` script.

use kubeplay_core::kubectl::printers::duration::go_duration;
use kubeplay_core::kubectl::simcmd::MAX_ADVANCE_MS;
use serde::{Deserialize, Serialize};

use crate::lz;

/// Format version of a saved session; a different version is reported and discarded.
pub const VERSION: u32 = 1;
/// localStorage key.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub const STORAGE_KEY: &str = "kubeplay.session";
/// Share links carry the session in the fragment after this prefix.
pub const FRAGMENT_PREFIX: &str = "#s=";
/// The seed of a fresh session.
pub const DEFAULT_SEED: u64 = 1;
/// Most commands a session keeps (a bound on storage and replay time).
pub const MAX_ENTRIES: usize = 5_000;

/// One command of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Virtual milliseconds since the cluster started.
    pub t: u64,
    /// The command line as executed (a heredoc redirection is not part of it).
    pub cmd: String,
    /// What the command read on stdin (`kubectl apply -f -` from the editor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdin: Option<String>,
    /// For an edit saved from the editor: the buffer `kubectl edit` opened (`stdin` is what was
    /// saved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orig: Option<String>,
}

impl Entry {
    pub fn new(t: u64, cmd: impl Into<String>) -> Self {
        Self {
            t,
            cmd: cmd.into(),
            stdin: None,
            orig: None,
        }
    }

    /// The command as a transcript shows it: with `<<EOF` when it read a heredoc.
    pub fn echo(&self) -> String {
        match (&self.stdin, &self.orig) {
            (Some(body), None) => format!("{} <<{}", self.cmd, heredoc_delimiter(body)),
            _ => self.cmd.clone(),
        }
    }
}

/// A whole session as stored and shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Format version ([`VERSION`]).
    pub v: u32,
    pub seed: u64,
    /// The virtual time the session had reached.
    pub now: u64,
    pub cmds: Vec<Entry>,
}

impl Session {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses a stored session; any problem is a message for the user.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
        match v.get("v").and_then(serde_json::Value::as_u64) {
            Some(n) if n == VERSION as u64 => {}
            Some(n) => return Err(format!("format version {n}, this page reads {VERSION}")),
            None => return Err("no format version".into()),
        }
        let s: Session =
            serde_json::from_value(v).map_err(|e| format!("unexpected content ({e})"))?;
        if s.cmds.len() > MAX_ENTRIES {
            return Err(format!("more than {MAX_ENTRIES} commands"));
        }
        if s.cmds.windows(2).any(|w| w[0].t > w[1].t) || s.cmds.last().is_some_and(|e| e.t > s.now)
        {
            return Err("commands out of time order".into());
        }
        Ok(s)
    }

    /// The share-link fragment (`#s=…`): the JSON, compressed, URL-safe base64.
    pub fn to_fragment(&self) -> String {
        format!(
            "{FRAGMENT_PREFIX}{}",
            lz::base64url(&lz::compress(self.to_json().as_bytes()))
        )
    }

    /// Reads a share-link fragment (with or without the leading `#s=`).
    pub fn from_fragment(fragment: &str) -> Result<Self, String> {
        let data = fragment
            .strip_prefix(FRAGMENT_PREFIX)
            .or_else(|| fragment.strip_prefix("s="))
            .unwrap_or(fragment);
        let packed = lz::from_base64url(data)?;
        let json = lz::decompress(&packed)?;
        let text = String::from_utf8(json).map_err(|_| "not UTF-8 text".to_string())?;
        Self::from_json(&text)
    }

    /// The session as a `kubeplay run` script: a `# seed: N` header, then the commands with
    /// `sim advance` between them for the time that passed, heredocs for what they read.
    pub fn to_script(&self) -> String {
        let mut s = String::from(
            "# A kubeplay playground session. Replay it with: kubeplay run session.kp\n",
        );
        s.push_str(&format!("# seed: {}\n", self.seed));
        let mut at = 0u64;
        // one `sim advance` covers at most a day: a longer gap is several
        let advance = |s: &mut String, from: u64, to: u64| {
            let mut left = to.saturating_sub(from);
            while left > 0 {
                let step = left.min(MAX_ADVANCE_MS);
                s.push_str(&format!("sim advance {}\n", go_duration(step as i64)));
                left -= step;
            }
        };
        for e in &self.cmds {
            advance(&mut s, at, e.t);
            at = at.max(e.t);
            if e.orig.is_some() {
                s.push_str("# Saved from the playground's editor (kubectl edit):\n");
            }
            match &e.stdin {
                Some(body) => {
                    let delim = heredoc_delimiter(body);
                    s.push_str(&format!("{} <<{delim}\n", e.cmd));
                    s.push_str(body);
                    if !body.is_empty() && !body.ends_with('\n') {
                        s.push('\n');
                    }
                    s.push_str(&delim);
                    s.push('\n');
                }
                None => {
                    s.push_str(&e.cmd);
                    s.push('\n');
                }
            }
        }
        advance(&mut s, at, self.now);
        s
    }
}

/// `EOF`, or `EOF1`, `EOF2`, … when the body has a line equal to it.
pub fn heredoc_delimiter(body: &str) -> String {
    let mut delim = "EOF".to_string();
    let mut n = 0;
    while body.lines().any(|l| l == delim) {
        n += 1;
        delim = format!("EOF{n}");
    }
    delim
}

/// What `kubectl apply -f -` reads for an editor buffer: the text as a heredoc hands it over
/// (Unix newlines, each line newline-terminated), so a replayed script reads the same bytes.
pub fn heredoc_body(text: &str) -> String {
    let mut body = text.replace("\r\n", "\n").replace('\r', "\n");
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    body
}

/// Quotes a word for a command line when the shell would split or interpret it.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '@' | ',' | '+')
        });
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Session {
        Session {
            v: VERSION,
            seed: 7,
            now: 65_500,
            cmds: vec![
                Entry {
                    t: 0,
                    cmd: "kubectl apply -f -".into(),
                    stdin: Some("a: b\nEOF\n".into()),
                    orig: None,
                },
                Entry::new(4_200, "kubectl get pods"),
                Entry::new(64_000, "kubectl scale deployment/x --replicas=2"),
            ],
        }
    }

    #[test]
    fn json_and_fragment_round_trip() {
        let s = sample();
        assert_eq!(Session::from_json(&s.to_json()).unwrap(), s);
        let f = s.to_fragment();
        assert!(f.starts_with("#s="));
        assert_eq!(Session::from_fragment(&f).unwrap(), s);
    }

    #[test]
    fn corrupt_or_foreign_sessions_are_errors() {
        assert!(Session::from_json("{").is_err());
        assert!(Session::from_json("[]").is_err());
        assert!(Session::from_json(r#"{"v":2,"seed":1,"now":0,"cmds":[]}"#)
            .unwrap_err()
            .contains("version 2"));
        assert!(Session::from_json(r#"{"v":1,"seed":"x","now":0,"cmds":[]}"#).is_err());
        assert!(Session::from_json(
            r#"{"v":1,"seed":1,"now":0,"cmds":[{"t":5,"cmd":"kubectl get pods"}]}"#
        )
        .is_err());
        assert!(Session::from_fragment("#s=!!!").is_err());
        assert!(Session::from_fragment("#s=AAAA").is_err());
    }

    #[test]
    fn script_has_seed_advances_and_heredocs() {
        let script = sample().to_script();
        assert_eq!(
            script,
            "# A kubeplay playground session. Replay it with: kubeplay run session.kp\n\
             # seed: 7\n\
             kubectl apply -f - <<EOF1\na: b\nEOF\nEOF1\n\
             sim advance 4.2s\n\
             kubectl get pods\n\
             sim advance 59.8s\n\
             kubectl scale deployment/x --replicas=2\n\
             sim advance 1.5s\n"
        );
        assert_eq!(kubeplay_core::script::script_seed(&script), Some(7));
        let parsed = kubeplay_core::script::parse_script(&script);
        assert_eq!(parsed[0].stdin.as_deref(), Some("a: b\nEOF\n"));
        assert_eq!(parsed[0].echo, sample().cmds[0].echo());
    }

    #[test]
    fn a_long_gap_is_several_sim_advances_of_a_day_at_most() {
        let mut s = sample();
        s.cmds.truncate(1);
        s.now = 50 * 3_600_000 + 500;
        let script = s.to_script();
        assert!(
            script.ends_with("sim advance 24h0m0s\nsim advance 24h0m0s\nsim advance 2h0m0.5s\n"),
            "{script}"
        );
        let mut c = kubeplay_core::Cluster::new(kubeplay_core::ClusterConfig {
            seed: 7,
            workers: 3,
        });
        for line in script.lines().filter(|l| l.starts_with("sim advance")) {
            assert_eq!(c.run(line).exit_code, 0, "{line}");
        }
        assert_eq!(c.now_ms(), 50 * 3_600_000 + 500);
    }

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("nginx:1.16.1"), "nginx:1.16.1");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(heredoc_body("a\r\nb"), "a\nb\n");
    }
}
