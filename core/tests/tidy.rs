//! Tidy checks of the architecture invariants that a compiler does not enforce.

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn core_has_no_web_or_io_dependencies() {
    let manifest = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .expect("Cargo.toml");
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap_or("")
        .split("\n[")
        .next()
        .unwrap_or("");
    for banned in [
        "wasm-bindgen",
        "web-sys",
        "js-sys",
        "yew",
        "gloo",
        "getrandom",
        "rand",
        "tokio",
        "chrono",
        "k8s-openapi",
    ] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(banned)),
            "core must not depend on {banned}"
        );
    }
}

#[test]
fn core_reads_no_clock_and_does_no_io() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10);
    let banned = [
        "std::time",
        "SystemTime",
        "Instant::now",
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "thread_rng",
        "println!",
        "eprintln!",
    ];
    for f in files {
        let text = fs::read_to_string(&f).expect("source");
        for b in banned {
            assert!(
                !text.contains(b),
                "{} uses {b}: core is sans-IO (ARCHITECTURE.md)",
                f.display()
            );
        }
    }
}
