//! Golden transcripts: every `transcripts/**/*.kp` script is run through
//! `kubeplay_core::script::run_script` (exit codes on, seed from its `# seed: N` header, default
//! 1, `-f` paths relative to the script) and compared with the sibling `.out` file. Each script
//! also runs a second time with the same seed, and the two transcripts must be byte-identical.
//!
//! `KUBEPLAY_BLESS=1 cargo test -p kubeplay-tests --test transcripts` (re)writes the `.out`
//! files. `KUBEPLAY_ONLY=<substring>` restricts the run to scripts whose path contains it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use kubeplay_tests::{diff, find_files, run_transcript, seed_of, transcripts_dir};

fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = e.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = e.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_string()
    }
}

#[test]
fn golden_transcripts() {
    let dir = transcripts_dir();
    let all = find_files(&dir, "kp");
    assert!(
        !all.is_empty(),
        "no .kp scripts found under {}",
        dir.display()
    );
    let bless = std::env::var("KUBEPLAY_BLESS").is_ok_and(|v| v == "1");
    let only = std::env::var("KUBEPLAY_ONLY")
        .ok()
        .filter(|s| !s.is_empty());
    let scripts: Vec<_> = all
        .iter()
        .filter(|p| {
            only.as_ref()
                .is_none_or(|o| p.to_string_lossy().contains(o.as_str()))
        })
        .collect();
    assert!(
        !scripts.is_empty(),
        "KUBEPLAY_ONLY={only:?} matches none of the {} scripts",
        all.len()
    );

    let mut failures: Vec<String> = Vec::new();
    let mut blessed = 0;
    for path in &scripts {
        let rel = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let script = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{rel}: cannot read: {e}"));
                continue;
            }
        };
        let seed = seed_of(&script);
        let base = path.parent().unwrap_or(Path::new("."));
        let run = || catch_unwind(AssertUnwindSafe(|| run_transcript(&script, base, seed)));
        let first = match run() {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!(
                    "{rel} (seed {seed}): engine panicked: {}",
                    panic_message(e.as_ref())
                ));
                continue;
            }
        };
        match run() {
            Ok(second) if second == first => {}
            Ok(second) => failures.push(format!(
                "{rel} (seed {seed}): not deterministic, a second run with the same seed differs:\n{}",
                diff(&first, &second, 3, 60)
            )),
            Err(e) => failures.push(format!(
                "{rel} (seed {seed}): engine panicked on the second run: {}",
                panic_message(e.as_ref())
            )),
        }

        let out_path = path.with_extension("out");
        let expected = std::fs::read_to_string(&out_path).ok();
        if bless {
            if expected.as_deref() != Some(first.as_str()) {
                std::fs::write(&out_path, &first)
                    .unwrap_or_else(|e| panic!("writing {}: {e}", out_path.display()));
                blessed += 1;
                eprintln!("blessed {rel}");
            }
            continue;
        }
        match expected {
            None => failures.push(format!(
                "{rel} (seed {seed}): no {} (run with KUBEPLAY_BLESS=1 to create it)",
                out_path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )),
            Some(exp) if exp != first => failures.push(format!(
                "{rel} (seed {seed}): transcript differs from {} (- expected, + actual):\n{}",
                out_path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                diff(&exp, &first, 3, 80)
            )),
            Some(_) => {}
        }
    }

    // .out files whose script is gone
    if only.is_none() {
        for out in find_files(&dir, "out") {
            if !out.with_extension("kp").exists() {
                let rel = out.strip_prefix(&dir).unwrap_or(&out).display().to_string();
                failures.push(format!("{rel}: orphaned .out file (no matching .kp)"));
            }
        }
    }

    if bless {
        eprintln!(
            "{blessed} of {} transcripts (re)written under {}",
            scripts.len(),
            dir.display()
        );
    }
    if !failures.is_empty() {
        panic!(
            "{} of {} transcript checks failed:\n\n{}\n",
            failures.len(),
            scripts.len(),
            failures.join("\n\n")
        );
    }
    eprintln!("{} transcripts ok", scripts.len());
}
