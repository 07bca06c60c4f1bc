//! End-to-end checks of the `kubeplay` binary's argument handling and script plumbing (engine
//! output itself is covered by the golden transcripts in `tests/`).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kubeplay(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubeplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kubeplay");
    {
        let mut w = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            w.write_all(s.as_bytes()).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn help_and_version() {
    let o = kubeplay(&["--help"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("kubeplay run [--seed N] [--exit-codes] SCRIPT|-"));
    let o = kubeplay(&["--version"], None);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        text(&o.stdout),
        format!("kubeplay {}\n", env!("CARGO_PKG_VERSION"))
    );
    let o = kubeplay(&["run", "--help"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("Script format:"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["bogus"][..],
        &["run"][..],
        &["run", "--seed", "x", "-"][..],
        &["run", "--what", "-"][..],
    ] {
        let o = kubeplay(args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(text(&o.stderr).starts_with("kubeplay: "), "{args:?}");
    }
}

#[test]
fn unreadable_script_exits_1() {
    let o = kubeplay(&["run", "/nonexistent/script.kp"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("cannot read script"));
}

#[test]
fn runs_script_from_stdin() {
    let o = kubeplay(
        &["run", "--exit-codes", "-"],
        Some("# a comment\n\nsim time\n"),
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("$ sim time\n"), "{out}");
    assert!(!out.contains("a comment"));
}

#[test]
fn comment_only_script_prints_nothing() {
    let o = kubeplay(&["run", "-"], Some("# nothing to do\n"));
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
}

#[test]
fn runs_script_file_and_is_deterministic() {
    let dir = std::env::temp_dir().join(format!("kubeplay-cli-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("s.kp");
    std::fs::write(
        &script,
        "# seed: 5\nsim time\nkubectl apply -f missing.yaml\nkubectl version --client\n",
    )
    .unwrap();
    let path = script.to_str().unwrap();
    let a = kubeplay(&["run", "--exit-codes", path], None);
    let b = kubeplay(&["run", "--exit-codes", path], None);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let out = text(&a.stdout);
    assert!(out.starts_with("$ sim time\n"), "{out}");
    assert!(out.contains("$ kubectl apply -f missing.yaml\n"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}
