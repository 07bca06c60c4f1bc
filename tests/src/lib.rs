//! Helpers for the golden transcript harness (`tests/tests/transcripts.rs`): finding scripts,
//! running them through `kubeplay_core::script::run_script`, and a readable line diff.

use std::path::{Path, PathBuf};

use kubeplay_core::script::{run_script, script_seed, ScriptOptions};
use kubeplay_core::{Cluster, ClusterConfig};

/// Seed used when a script has no `# seed: N` header (the CLI uses the same default).
pub const DEFAULT_SEED: u64 = 1;

/// `tests/transcripts` of this crate.
pub fn transcripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts")
}

/// All files under `dir` (recursively) whose name ends with `.{ext}`, sorted by path.
pub fn find_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.extension().and_then(|x| x.to_str()) == Some(ext) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, ext, &mut out);
    out.sort();
    out
}

/// What `-f PATH` reads for a script in `base`: kubectl's error when the path does not exist;
/// a directory yields its `.yaml`/`.yml`/`.json` files (sorted) as one multi-document stream.
pub fn read_relative(base: &Path, p: &str) -> Result<String, String> {
    let path = if Path::new(p).is_absolute() {
        PathBuf::from(p)
    } else {
        base.join(p)
    };
    if path.is_dir() {
        let mut out = String::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
            .map_err(|e| format!("error: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| {
                f.is_file()
                    && matches!(
                        f.extension().and_then(|x| x.to_str()),
                        Some("yaml" | "yml" | "json")
                    )
            })
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| format!("error: {e}"))?;
            if !out.is_empty() {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("---\n");
            }
            out.push_str(&text);
        }
        return Ok(out);
    }
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(format!("error: the path \"{p}\" does not exist"))
        }
        Err(e) => Err(format!("error: {p}: {e}")),
    }
}

/// The seed a script runs with: its `# seed: N` header, else [`DEFAULT_SEED`].
pub fn seed_of(script: &str) -> u64 {
    script_seed(script).unwrap_or(DEFAULT_SEED)
}

/// Runs `script` (located in directory `base`) on a fresh cluster with `seed`, exit codes on.
pub fn run_transcript(script: &str, base: &Path, seed: u64) -> String {
    let mut cluster = Cluster::new(ClusterConfig {
        seed,
        ..Default::default()
    });
    let read_file = |p: &str| read_relative(base, p);
    run_script(
        &mut cluster,
        script,
        &read_file,
        &ScriptOptions { exit_codes: true },
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Add,
}

/// Line edit script between `a` and `b` (LCS; common prefix/suffix trimmed first, and a plain
/// delete-all/add-all for very large middles).
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(Op, &'a str)> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let am = &a[pre..a.len() - suf];
    let bm = &b[pre..b.len() - suf];
    let mut ops: Vec<(Op, &str)> = a[..pre].iter().map(|l| (Op::Same, *l)).collect();
    let (n, m) = (am.len(), bm.len());
    if n * m <= 4_000_000 {
        // lcs[i][j] = LCS length of am[i..], bm[j..]
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let idx = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[idx(i, j)] = if am[i] == bm[j] {
                    lcs[idx(i + 1, j + 1)] + 1
                } else {
                    lcs[idx(i + 1, j)].max(lcs[idx(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push((Op::Same, am[i]));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[idx(i + 1, j)] >= lcs[idx(i, j + 1)]) {
                ops.push((Op::Del, am[i]));
                i += 1;
            } else {
                ops.push((Op::Add, bm[j]));
                j += 1;
            }
        }
    } else {
        ops.extend(am.iter().map(|l| (Op::Del, *l)));
        ops.extend(bm.iter().map(|l| (Op::Add, *l)));
    }
    ops.extend(a[a.len() - suf..].iter().map(|l| (Op::Same, *l)));
    ops
}

/// A unified-style diff of `expected` → `actual` with `context` lines around each change and at
/// most `max_lines` output lines. Empty when equal.
pub fn diff(expected: &str, actual: &str, context: usize, max_lines: usize) -> String {
    if expected == actual {
        return String::new();
    }
    let a = split_lines(expected);
    let b = split_lines(actual);
    let ops = edit_script(&a, &b);
    // mark the ops to show: changes plus `context` lines around them
    let mut show = vec![false; ops.len()];
    for (k, (op, _)) in ops.iter().enumerate() {
        if *op != Op::Same {
            let lo = k.saturating_sub(context);
            let hi = (k + context + 1).min(ops.len());
            show[lo..hi].iter_mut().for_each(|s| *s = true);
        }
    }
    let mut out = String::new();
    let mut lines = 0;
    let (mut la, mut lb) = (1usize, 1usize); // 1-based line numbers
    let mut k = 0;
    let changes_total = ops.iter().filter(|(op, _)| *op != Op::Same).count();
    let mut changes_shown = 0;
    while k < ops.len() {
        if !show[k] {
            match ops[k].0 {
                Op::Same => {
                    la += 1;
                    lb += 1;
                }
                Op::Del => la += 1,
                Op::Add => lb += 1,
            }
            k += 1;
            continue;
        }
        if lines >= max_lines {
            break;
        }
        out.push_str(&format!("@@ expected line {la}, actual line {lb} @@\n"));
        lines += 1;
        while k < ops.len() && show[k] {
            if lines >= max_lines {
                break;
            }
            let (op, text) = ops[k];
            let mark = match op {
                Op::Same => {
                    la += 1;
                    lb += 1;
                    ' '
                }
                Op::Del => {
                    la += 1;
                    changes_shown += 1;
                    '-'
                }
                Op::Add => {
                    lb += 1;
                    changes_shown += 1;
                    '+'
                }
            };
            out.push(mark);
            out.push(' ');
            out.push_str(&visible(text));
            out.push('\n');
            lines += 1;
            k += 1;
        }
    }
    if changes_shown < changes_total {
        out.push_str(&format!(
            "... and {} more changed lines\n",
            changes_total - changes_shown
        ));
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str(&format!(
            "(expected {} with a newline, actual {})\n",
            if expected.ends_with('\n') {
                "ends"
            } else {
                "does not end"
            },
            if actual.ends_with('\n') {
                "does"
            } else {
                "does not"
            }
        ));
    }
    out
}

/// Lines of `text` without their `\n` (a final newline does not start another line).
fn split_lines(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = text.split('\n').collect();
    if v.last() == Some(&"") {
        v.pop();
    }
    v
}

/// Makes trailing whitespace and control characters visible in a diff line.
fn visible(line: &str) -> String {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let mut s: String = trimmed
        .chars()
        .map(|c| match c {
            '\t' => "→".to_string(),
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect();
    for c in line[trimmed.len()..].chars() {
        s.push(if c == '\t' { '→' } else { '·' });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(diff("a\nb\n", "a\nb\n", 3, 100), "");
    }

    #[test]
    fn changed_line_with_context() {
        let exp = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let act = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
        assert_eq!(
            diff(exp, act, 2, 100),
            "@@ expected line 3, actual line 3 @@\n  3\n  4\n- 5\n+ FIVE\n  6\n  7\n"
        );
    }

    #[test]
    fn insertions_and_deletions() {
        let exp = "a\nb\nc\nd\n";
        let act = "a\nc\nd\ne\n";
        assert_eq!(
            diff(exp, act, 0, 100),
            "@@ expected line 2, actual line 2 @@\n- b\n@@ expected line 5, actual line 4 @@\n+ e\n"
        );
    }

    #[test]
    fn separate_hunks_and_truncation() {
        let exp: String = (0..100).map(|i| format!("{i}\n")).collect();
        let act = exp.replace("10\n", "ten\n").replace("90\n", "ninety\n");
        let d = diff(&exp, &act, 1, 100);
        assert_eq!(d.matches("@@").count(), 4, "{d}");
        let short = diff(&exp, &act, 1, 3);
        assert!(short.ends_with("... and 3 more changed lines\n"), "{short}");
    }

    #[test]
    fn whitespace_and_final_newline_are_visible() {
        let d = diff("a \n", "a\n", 0, 100);
        assert_eq!(d, "@@ expected line 1, actual line 1 @@\n- a·\n+ a\n");
        let d = diff("a\n", "a", 0, 100);
        assert!(
            d.contains("(expected ends with a newline, actual does not)"),
            "{d}"
        );
        assert_eq!(visible("x\ty\t"), "x→y→");
    }

    #[test]
    fn find_files_recursive_sorted() {
        let dir = std::env::temp_dir().join(format!("kp-find-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("b")).unwrap();
        std::fs::write(dir.join("z.kp"), "").unwrap();
        std::fs::write(dir.join("b/a.kp"), "").unwrap();
        std::fs::write(dir.join("a.out"), "").unwrap();
        let found = find_files(&dir, "kp");
        assert_eq!(found, vec![dir.join("b/a.kp"), dir.join("z.kp")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_relative_reports_missing_path() {
        assert_eq!(
            read_relative(Path::new("/nonexistent-dir"), "x.yaml"),
            Err("error: the path \"x.yaml\" does not exist".to_string())
        );
    }

    #[test]
    fn seed_header() {
        assert_eq!(seed_of("# seed: 9\nsim time\n"), 9);
        assert_eq!(seed_of("sim time\n"), DEFAULT_SEED);
    }
}
