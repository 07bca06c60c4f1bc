//! Robustness corpus: bad command lines and bad manifests (issue 3, item 8).
//!
//! Every case — each command of `robustness/cases.kp` (same syntax as a transcript script, `-f`
//! paths relative to `robustness/`) plus the generated inputs below (1 MB manifests, deep
//! nesting, unterminated quotes, control characters, …) — runs on a fresh copy of one baseline
//! cluster and must
//! * not panic (each case runs under `catch_unwind`),
//! * exit non-zero,
//! * print a kubectl-style error (`error: …`, `Error from server (…): …`,
//!   `The Deployment "x" is invalid: …`, kubectl's plugin-lookup `Error: …`, an unreachable URL's
//!   `Unable to connect to the server: …`, or the shell's
//!   `bash: …`),
//! * leave the cluster exactly as it was: the whole store (every object, its resourceVersion,
//!   the indexes), the clock and the pending timers.
//!
//! The transcript of all cases is compared with `robustness/cases.out`;
//! `KUBEPLAY_BLESS=1 cargo test -p kubeplay-tests --test robustness` rewrites it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use kubeplay_core::script::parse_script;
use kubeplay_core::{Cluster, ClusterConfig, CommandOutput};
use kubeplay_tests::{diff, read_relative};

/// A bad input: what the transcript shows for it, the command line, and its stdin.
struct Case {
    echo: String,
    line: String,
    stdin: Option<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("robustness")
}

const NGINX: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
";

const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: httpd:2.4
";

/// Deployment nginx (3 replicas, revisions 1 and 2, now nginx:1.16.1) and Deployment web
/// (1 replica, paused), settled.
fn baseline() -> Cluster {
    let mut c = Cluster::new(ClusterConfig {
        seed: 8,
        ..Default::default()
    });
    let no_files = |p: &str| Err(format!("error: the path \"{p}\" does not exist"));
    for (cmd, stdin) in [
        ("kubectl apply -f -", Some(NGINX)),
        ("kubectl apply -f -", Some(WEB)),
        ("sim settle", None),
        (
            "kubectl set image deployment/nginx nginx=nginx:1.16.1",
            None,
        ),
        ("sim settle", None),
        ("kubectl rollout pause deployment/web", None),
        ("sim settle", None),
        ("kubectl get all", None),
    ] {
        let out = c.exec(cmd, stdin, &no_files);
        assert_eq!(out.exit_code, 0, "baseline: {cmd}: {}", out.combined());
    }
    c
}

/// Everything a failed command must not change.
fn snapshot(c: &Cluster) -> String {
    format!(
        "now={} timers={} next={:?}\n{:#?}",
        c.now(),
        c.pending_timers().count(),
        c.next_timer_at(),
        c.store()
    )
}

/// The first lines where two snapshots differ, with a little context.
fn first_difference(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) else {
        return String::new();
    };
    let lo = i.saturating_sub(6);
    let mut s = String::new();
    for (mark, lines) in [("-", &a), ("+", &b)] {
        for l in lines.iter().skip(lo).take(i - lo + 4) {
            s.push_str(&format!("{mark} {l}\n"));
        }
    }
    s
}

fn is_kubectl_error(line: &str) -> bool {
    line.starts_with("error: ")
        || line.starts_with("Error: ")
        || line.starts_with("Error from server (")
        // cmdutil.CheckErr on an invalid kubeconfig (a `--context` it lacks)
        || line.starts_with("Error in configuration: ")
        || line.starts_with("bash: ")
        // an unreachable `-f` URL: kubectl's standardErrorMessage for a *url.Error
        || line.starts_with("Unable to connect to the server: ")
        || (line.starts_with("The connection to the server ") && line.contains(" was refused"))
        // `kubectl explain` prints the RESTMapper's error bare (cmd/explain/explain.go returns it
        // from SplitAndParseResourceRequest without the `error: ` prefix CheckErr adds elsewhere)
        || line.starts_with("the server doesn't have a resource type ")
        || (line.starts_with("The ") && line.contains(" is invalid: "))
}

/// A Deployment manifest around `spec_extra` and an annotation value.
fn deployment_with_annotation(name: &str, value: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  annotations:\n    blob: \"{value}\"\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: app\n        image: nginx\n"
    )
}

/// Inputs too big, too odd or too binary to keep as files.
fn generated_cases() -> Vec<Case> {
    let mut v = Vec::new();
    let mut add = |echo: &str, line: &str, stdin: Option<String>| {
        v.push(Case {
            echo: echo.to_string(),
            line: line.to_string(),
            stdin,
        })
    };
    // -f URLs: a 2 kB host name (no DNS name is that long; the error repeats it), a 100 kB path,
    // a control character
    let long_host = format!("https://{}.io/x.yaml", "a".repeat(2_000));
    add(
        "kubectl apply -f https://aaa…(2 kB host).io/x.yaml",
        &format!("kubectl apply -f {long_host}"),
        None,
    );
    let long_path = format!("https://k8s.io/examples/{}", "x/".repeat(50_000));
    add(
        "kubectl apply -f https://k8s.io/examples/x/x/…(100 kB path)",
        &format!("kubectl apply -f {long_path}"),
        None,
    );
    add(
        "kubectl apply -f 'https://k8s.io/a<TAB>b'",
        "kubectl apply -f 'https://k8s.io/a\tb'",
        None,
    );
    // unterminated quotes and escapes (a script would continue them on the next line)
    add(
        "kubectl get pods 'app (unterminated single quote)",
        "kubectl get pods 'app",
        None,
    );
    add(
        "kubectl get pods \"app (unterminated double quote)",
        "kubectl get pods \"app",
        None,
    );
    add(
        "kubectl patch deployment nginx -p '{\"spec\": (unterminated)",
        "kubectl patch deployment nginx -p '{\"spec\":",
        None,
    );
    add(
        "kubectl label deployment nginx \"a=b (unterminated)",
        "kubectl label deployment nginx \"a=b",
        None,
    );
    // empty and whitespace-only input on stdin
    add(
        "kubectl apply -f - (empty stdin)",
        "kubectl apply -f -",
        Some(String::new()),
    );
    add(
        "kubectl apply -f - (no stdin at all)",
        "kubectl apply -f -",
        None,
    );
    add(
        "kubectl create -f - (whitespace only)",
        "kubectl create -f -",
        Some(" \n\t\n   \n".to_string()),
    );
    // control characters and invalid text
    add(
        "kubectl apply -f - (NUL bytes)",
        "kubectl apply -f -",
        Some("apiVersion: apps/v1\nkind: Deployment\0\0\nmetadata:\n  name: x\n".to_string()),
    );
    add(
        "kubectl apply -f - (escape characters)",
        "kubectl apply -f -",
        Some("\u{1b}[31mapiVersion: apps/v1\u{7}\n".to_string()),
    );
    add(
        "kubectl apply -f - (a lone byte-order mark)",
        "kubectl apply -f -",
        Some("\u{feff}".to_string()),
    );
    add(
        "kubectl get deployment (name with a zero-width space)",
        "kubectl get deployment ngi\u{200b}nx",
        None,
    );
    add(
        "kubectl get deployment (right-to-left name)",
        "kubectl get deployment \u{202e}xnign",
        None,
    );
    add(
        "kubectl scale deployment nginx --replicas=<Arabic-Indic 3>",
        "kubectl scale deployment nginx --replicas=\u{663}",
        None,
    );
    // 1 MB inputs
    let blob = "x".repeat(1 << 20);
    add(
        "kubectl apply -f - (1 MB annotation)",
        "kubectl apply -f -",
        Some(deployment_with_annotation("big", &blob)),
    );
    add(
        "kubectl create -f - (1 MB annotation)",
        "kubectl create -f -",
        Some(deployment_with_annotation("big", &blob)),
    );
    add(
        "kubectl apply -f - (1 MB of comments)",
        "kubectl apply -f -",
        Some(
            "# just a comment line padded out to eighty characters..........................\n"
                .repeat(13_000),
        ),
    );
    add(
        "kubectl apply -f - (1 MB of garbage)",
        "kubectl apply -f -",
        Some(
            (0..(1 << 20))
                .map(|i| ["{", "[", ":", "x", " ", "\"", "\n"][(i * 7 + i / 3) % 7])
                .collect(),
        ),
    );
    add(
        "kubectl apply -f - (1 MB: 4,000 documents of an unknown kind)",
        "kubectl apply -f -",
        Some(
            "apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\nspec:\n  replicas: 1\n  note: padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding\n---\n"
                .repeat(4_000),
        ),
    );
    add(
        "kubectl apply -f - (1 MB label value)",
        "kubectl apply -f -",
        Some(NGINX.replace(
            "    app: nginx\nspec",
            &format!("    app: nginx\n    big: {blob}\nspec"),
        )),
    );
    add(
        "kubectl label deployment nginx big=<1 MB>",
        &format!("kubectl label deployment nginx big={blob}"),
        None,
    );
    add(
        "kubectl annotate deployment nginx big=<1 MB>",
        &format!("kubectl annotate deployment nginx big={blob}"),
        None,
    );
    add(
        "kubectl get deployment <1 MB name>",
        &format!("kubectl get deployment {blob}"),
        None,
    );
    add(
        "kubectl patch deployment nginx -p <1 MB of JSON with a bad value>",
        &format!(
            "kubectl patch deployment nginx -p '{{\"spec\":{{\"replicas\":-1}},\"metadata\":{{\"annotations\":{{\"big\":\"{blob}\"}}}}}}'"
        ),
        None,
    );
    add(
        "kubectl scale deployment nginx --replicas=<1 MB of digits>",
        &format!(
            "kubectl scale deployment nginx --replicas={}",
            "9".repeat(1 << 20)
        ),
        None,
    );
    // deep nesting
    add(
        "kubectl apply -f - (JSON nested 2,000 deep)",
        "kubectl apply -f -",
        Some(format!("{}1{}", "{\"a\":".repeat(2000), "}".repeat(2000))),
    );
    add(
        "kubectl apply -f - (YAML flow sequence nested 20,000 deep)",
        "kubectl apply -f -",
        Some(format!("{}{}", "[".repeat(20_000), "]".repeat(20_000))),
    );
    add(
        "kubectl apply -f - (YAML block mapping nested 3,000 deep)",
        "kubectl apply -f -",
        Some(
            (0..3000)
                .map(|i| format!("{}k:\n", "  ".repeat(i)))
                .collect(),
        ),
    );
    add(
        "kubectl patch deployment nginx -p <JSON nested 5,000 deep>",
        &format!(
            "kubectl patch deployment nginx -p '{}1{}'",
            "{\"spec\":".repeat(5000),
            "}".repeat(5000)
        ),
        None,
    );
    add(
        "kubectl get pods -l <selector with 10,000 terms, one bad>",
        &format!("kubectl get pods -l '{}a b'", "app=nginx,".repeat(10_000)),
        None,
    );
    add(
        "kubectl get pods -o jsonpath=<10,000 open brackets>",
        &format!("kubectl get pods -o jsonpath='{}'", "{[".repeat(10_000)),
        None,
    );
    add(
        "kubectl <10,000 unknown flags>",
        &format!("kubectl get pods {}", "--x ".repeat(10_000)),
        None,
    );
    v
}

fn render(echo: &str, out: &CommandOutput) -> String {
    let mut s = format!("$ {echo}\n");
    let text = out.combined();
    // keep the transcript readable when an error quotes a megabyte of input
    if text.len() > 4000 {
        let mut cut = 2000;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        s.push_str(&text[..cut]);
        s.push_str(&format!("… [{} more bytes]\n", text.len() - cut));
    } else {
        s.push_str(&text);
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(&format!("[exit {}]\n", out.exit_code));
    s
}

#[test]
fn bad_input_fails_cleanly_and_changes_nothing() {
    let dir = corpus_dir();
    let script = std::fs::read_to_string(dir.join("cases.kp")).expect("robustness/cases.kp");
    let mut cases: Vec<Case> = parse_script(&script)
        .into_iter()
        .map(|c| Case {
            echo: c.echo,
            line: c.line,
            stdin: c.stdin,
        })
        .collect();
    let from_file = cases.len();
    cases.extend(generated_cases());
    assert!(
        cases.len() >= 200,
        "the corpus has only {} cases",
        cases.len()
    );

    let base = baseline();
    let before = snapshot(&base);
    let read_file = |p: &str| read_relative(&dir, p);
    let mut transcript = String::new();
    let mut failures = Vec::new();
    // KUBEPLAY_TRACE=1 names each case before it runs (to find one that aborts the process)
    let trace = std::env::var("KUBEPLAY_TRACE").is_ok_and(|v| v == "1");
    for (i, case) in cases.iter().enumerate() {
        let mut c = base.clone();
        let where_ = if i < from_file {
            format!("cases.kp: {}", case.echo.lines().next().unwrap_or(""))
        } else {
            format!("generated: {}", case.echo)
        };
        if trace {
            eprintln!("case {i}: {where_}");
        }
        let run = catch_unwind(AssertUnwindSafe(|| {
            c.exec(&case.line, case.stdin.as_deref(), &read_file)
        }));
        let out = match run {
            Ok(out) => out,
            Err(e) => {
                let msg = e
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| e.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                failures.push(format!("{where_}: panicked: {msg}"));
                transcript.push_str(&format!("$ {}\n[panic]\n", case.echo));
                continue;
            }
        };
        transcript.push_str(&render(&case.echo, &out));
        if out.exit_code == 0 {
            failures.push(format!("{where_}: exited 0:\n{}", out.combined()));
        }
        if !out.combined().lines().any(is_kubectl_error) {
            failures.push(format!(
                "{where_}: no kubectl-style error in the output:\n{}",
                out.combined()
            ));
        }
        let after = snapshot(&c);
        if after != before {
            failures.push(format!(
                "{where_}: the cluster changed:\n{}",
                first_difference(&before, &after)
            ));
        }
    }

    let out_path = dir.join("cases.out");
    if std::env::var("KUBEPLAY_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&out_path, &transcript).expect("writing robustness/cases.out");
    } else {
        match std::fs::read_to_string(&out_path) {
            Ok(exp) if exp == transcript => {}
            Ok(exp) => failures.push(format!(
                "transcript differs from robustness/cases.out (- expected, + actual; KUBEPLAY_BLESS=1 rewrites it):\n{}",
                diff(&exp, &transcript, 3, 80)
            )),
            Err(_) => failures.push(
                "no robustness/cases.out (run with KUBEPLAY_BLESS=1 to create it)".to_string(),
            ),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} robustness checks failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    eprintln!("{} bad inputs: all failed cleanly", cases.len());
}
