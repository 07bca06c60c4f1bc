//! `cargo xtask <command>`: the project's build, test and setup tasks, in Rust, std only.
//!
//! Commands install what a fresh machine lacks (see `shared/TOOLCHAIN.md`: the machines reach only
//! crates.io, npm and Debian, so every tool comes from one of those at a pinned version) and then
//! run the real work. Run `cargo xtask help` for the list.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

type Result<T = (), E = String> = std::result::Result<T, E>;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_BINDGEN_VERSION: &str = "0.2.130";
const BINARYEN_VERSION: &str = "132";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
const DEFAULT_PORT: u16 = 8080;
/// PRODUCT.md §8: whole page (wasm + js + css), gzip.
const BUNDLE_BUDGET_GZIP_BYTES: u64 = 350 * 1024;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  install          install missing tools (wasm target, trunk, wasm-bindgen, wasm-opt,
                   chromium, playwright-core); skips what is already there
  serve [--port N] build the playground and serve it on http://127.0.0.1:8080 (default port)
  test             fmt, clippy (native + wasm32), cargo test, trunk build, browser tests,
                   bench-wasm (figures only)
  bless            rewrite golden transcripts (KUBEPLAY_BLESS=1 cargo test -p kubeplay-tests)
  bench [ARGS]     cargo bench -p kubeplay-core [ARGS]
  bench-wasm [SAMPLES [REPLICAS...]]
                   the rollout benchmark natively and as WebAssembly under Node, with the
                   ratio (defaults: 5 samples of 1000 and 10000 replicas)
  size             release build, then raw and gzip sizes of dist/
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = project_root();
    if let Err(e) = env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    setup_env();

    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "install" => install(&[Need::Build, Need::Browser]),
        "serve" => serve(rest),
        "test" => test(&root),
        "bless" => bless(),
        "bench" => bench(rest),
        "bench-wasm" => bench_wasm(&root, rest),
        "size" => size(&root),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

// ---------------------------------------------------------------------------------------------
// Environment

/// Puts the tool directories first on PATH for every child process: npm's binaryen package
/// (its `wasm-opt` must win over Debian's, which is too old for current rustc output), cargo's
/// bin (trunk, wasm-bindgen), then npm's global bin. npm's global bin comes after cargo's because
/// it may be `/usr/bin`, which could hold a distribution `cargo`.
/// Called again after an install so that freshly installed tools are found.
fn setup_env() {
    let mut front: Vec<PathBuf> = Vec::new();
    if let Some(root) = capture(Command::new("npm").args(["root", "-g"])) {
        front.push(Path::new(root.trim()).join("binaryen").join("bin"));
    }
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(home) = cargo_home {
        front.push(home.join("bin"));
    }
    if let Some(prefix) = capture(Command::new("npm").args(["prefix", "-g"])) {
        front.push(Path::new(prefix.trim()).join("bin"));
    }
    front.retain(|p| p.is_dir());
    front.dedup();

    let current = env::var_os("PATH").unwrap_or_default();
    let mut paths = front.clone();
    paths.extend(env::split_paths(&current).filter(|p| !front.contains(p)));
    if let Ok(joined) = env::join_paths(paths) {
        env::set_var("PATH", joined);
    }
    // Trunk asks crates.io for newer versions unless told not to; the version is pinned anyway.
    env::set_var("TRUNK_SKIP_VERSION_CHECK", "true");
}

fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")))
}

/// Prints and runs a command with inherited stdio; fails unless it exits 0.
fn run(cmd: &mut Command) -> Result {
    println!("$ {}", display(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", display(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", display(cmd)))
    }
}

/// Runs a command quietly and returns its stdout when it exits 0.
fn capture(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

// ---------------------------------------------------------------------------------------------
// install

/// What a command needs installed.
#[derive(Clone, Copy, PartialEq)]
enum Need {
    /// Building the web crate with Trunk: wasm target, trunk, wasm-bindgen, wasm-opt.
    Build,
    /// The browser test: Chromium and playwright-core.
    Browser,
}

fn install(needs: &[Need]) -> Result {
    if needs.contains(&Need::Build) {
        install_components()?;
        install_wasm_target()?;
        install_trunk()?;
        install_wasm_bindgen()?;
        install_wasm_opt()?;
    }
    if needs.contains(&Need::Browser) {
        install_chromium()?;
        install_playwright()?;
    }
    Ok(())
}

fn step(tool: &str, state: &str) {
    println!("xtask install: {tool}: {state}");
}

/// rustfmt and clippy: in rustup's default profile, but not in the minimal one.
fn install_components() -> Result {
    let installed = capture(Command::new("rustup").args(["component", "list", "--installed"]))
        .ok_or("`rustup` is required (https://rustup.rs)")?;
    let has = |name: &str| installed.lines().any(|l| l.starts_with(name));
    let missing: Vec<&str> = ["rustfmt", "clippy"]
        .into_iter()
        .filter(|c| !has(c))
        .collect();
    if missing.is_empty() {
        step("rustfmt, clippy", "present");
        return Ok(());
    }
    step(&missing.join(", "), "installing");
    run(Command::new("rustup")
        .args(["component", "add"])
        .args(&missing))
}

fn install_wasm_target() -> Result {
    let installed = capture(Command::new("rustup").args(["target", "list", "--installed"]))
        .ok_or("`rustup` is required (https://rustup.rs)")?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        step(WASM_TARGET, "present");
        return Ok(());
    }
    step(WASM_TARGET, "installing");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// True when `PROGRAM --version` prints `expected` as one of its words.
fn has_version(program: &str, expected: &str) -> bool {
    capture(Command::new(program).arg("--version")).is_some_and(|out| {
        out.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .any(|w| w == expected)
    })
}

fn install_trunk() -> Result {
    let tool = format!("trunk {TRUNK_VERSION}");
    if has_version("trunk", TRUNK_VERSION) {
        step(&tool, "present");
        return Ok(());
    }
    step(&tool, "installing (cargo install, a few minutes)");
    run(cargo().args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

fn install_wasm_bindgen() -> Result {
    let tool = format!("wasm-bindgen-cli {WASM_BINDGEN_VERSION}");
    if has_version("wasm-bindgen", WASM_BINDGEN_VERSION) {
        step(&tool, "present");
        return Ok(());
    }
    step(&tool, "installing (cargo install, a few minutes)");
    // Not --locked: its lockfile pins a webpki-roots release the registry lacks.
    run(cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        WASM_BINDGEN_VERSION,
    ]))
}

fn install_wasm_opt() -> Result {
    let tool = format!("wasm-opt (binaryen {BINARYEN_VERSION})");
    if has_version("wasm-opt", BINARYEN_VERSION) {
        step(&tool, "present");
        return Ok(());
    }
    step(&tool, "installing (npm)");
    run(Command::new("npm").args([
        "install",
        "-g",
        "--no-audit",
        "--no-fund",
        &format!("binaryen@{BINARYEN_VERSION}"),
    ]))?;
    setup_env();
    if has_version("wasm-opt", BINARYEN_VERSION) {
        Ok(())
    } else {
        Err(format!(
            "installed binaryen@{BINARYEN_VERSION}, but `wasm-opt --version` still is not \
             {BINARYEN_VERSION}: an older wasm-opt shadows it on PATH (Debian's `binaryen`? \
             remove it with `apt-get remove -y binaryen`)"
        ))
    }
}

fn is_root() -> bool {
    capture(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

fn install_chromium() -> Result {
    if Path::new(CHROMIUM).exists() {
        step("chromium", "present");
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "{CHROMIUM} is missing; install it with \
             `sudo apt-get update && sudo apt-get install -y chromium`, then run again"
        ));
    }
    step("chromium", "installing (apt-get)");
    run(Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn install_playwright() -> Result {
    let dir = Path::new("tests/browser");
    let locked = fs::read_to_string(dir.join("package-lock.json"))
        .ok()
        .and_then(|lock| {
            let entry = lock.find("\"node_modules/playwright-core\"")?;
            json_string_field(&lock[entry..], "version")
        });
    let installed = fs::read_to_string(dir.join("node_modules/playwright-core/package.json"))
        .ok()
        .and_then(|pkg| json_string_field(&pkg, "version"));
    match (&locked, &installed) {
        (Some(l), Some(i)) if l == i => {
            step(&format!("playwright-core {i}"), "present");
            return Ok(());
        }
        (None, Some(i)) => {
            step(&format!("playwright-core {i}"), "present");
            return Ok(());
        }
        _ => {}
    }
    step("playwright-core", "installing (npm, tests/browser)");
    let verb = if locked.is_some() { "ci" } else { "install" };
    run(Command::new("npm")
        .args([verb, "--no-audit", "--no-fund"])
        .current_dir(dir))
}

/// The first `"field": "value"` string after the start of `json` (enough for package files).
fn json_string_field(json: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let after_key = &json[json.find(&key)? + key.len()..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = after_colon.strip_prefix('"')?;
    Some(value[..value.find('"')?].to_owned())
}

// ---------------------------------------------------------------------------------------------
// serve, bless, bench

fn serve(args: &[String]) -> Result {
    let mut port = DEFAULT_PORT;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let value = match arg.as_str() {
            "--port" | "-p" => it.next().cloned(),
            a => a.strip_prefix("--port=").map(str::to_owned),
        };
        let value = value.ok_or_else(|| format!("serve: unexpected argument `{arg}`"))?;
        port = value
            .parse()
            .map_err(|_| format!("serve: `{value}` is not a port number"))?;
    }
    install(&[Need::Build])?;
    println!("xtask serve: http://127.0.0.1:{port}/ (Ctrl-C stops)");
    run(Command::new("trunk").args([
        "serve",
        "--release",
        "--address",
        "127.0.0.1",
        "--port",
        &port.to_string(),
    ]))
}

fn bless() -> Result {
    run(cargo()
        .args(["test", "-p", "kubeplay-tests"])
        .env("KUBEPLAY_BLESS", "1"))
}

fn bench(args: &[String]) -> Result {
    run(cargo().args(["bench", "-p", "kubeplay-core"]).args(args))
}

/// PRODUCT.md §8: the engine in WebAssembly within this factor of native.
const WASM_NATIVE_BUDGET: f64 = 2.0;

/// The rollout scenario of `core/benches/rollout.rs`, timed natively (`bench/src/main.rs`) and
/// as WebAssembly under Node (`bench/run.mjs`), both at opt-level 3 (the bench profile), and
/// the WebAssembly again as the page ships it (the release profile: opt-level "z").
fn bench_wasm(root: &Path, args: &[String]) -> Result {
    install(&[Need::Build])?;
    let samples = args.first().cloned().unwrap_or_else(|| "5".into());
    let sizes: Vec<String> = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        vec!["1000".into(), "10000".into()]
    };
    let target = env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let out_dir = target.join("bench-wasm");
    let mut results: Vec<(String, String, f64)> = Vec::new();
    let mut collect = |cmd: &mut Command| -> Result {
        println!("$ {}", display(cmd));
        let out = cmd
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot start `{}`: {e}", display(cmd)))?;
        if !out.status.success() {
            return Err(format!("`{}` failed ({})", display(cmd), out.status));
        }
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            println!("{line}");
            let f: Vec<&str> = line.split_whitespace().collect();
            if let ["RESULT", label, replicas, median, _min] = f[..] {
                let ms = median
                    .parse()
                    .map_err(|_| format!("bad result line `{line}`"))?;
                results.push((label.to_string(), replicas.to_string(), ms));
            }
        }
        Ok(())
    };
    collect(
        cargo()
            .args([
                "run",
                "-q",
                "--profile",
                "bench",
                "-p",
                "kubeplay-bench",
                "--",
            ])
            .arg(&samples)
            .args(&sizes),
    )?;
    // `bench` and `release` both build into `release/`: each build is bound and run before
    // the next replaces it.
    for (profile, label) in [("bench", "wasm"), ("release", "wasm-page-build")] {
        run(cargo().args([
            "build",
            "-q",
            "--profile",
            profile,
            "--target",
            WASM_TARGET,
            "-p",
            "kubeplay-bench",
            "--lib",
        ]))?;
        let module = target.join(WASM_TARGET).join("release/kubeplay_bench.wasm");
        run(Command::new("wasm-bindgen")
            .args(["--target", "nodejs", "--out-dir"])
            .arg(&out_dir)
            .arg(&module))?;
        collect(
            Command::new("node")
                .arg(root.join("bench/run.mjs"))
                .arg(&out_dir)
                .args([label, &samples])
                .args(&sizes),
        )?;
    }
    let median = |label: &str, replicas: &str| {
        results
            .iter()
            .find(|(l, r, _)| l == label && r == replicas)
            .map(|(_, _, ms)| *ms)
    };
    println!("\nrollout to completion, median of {samples} (ms)");
    println!(
        "{:>9} {:>10} {:>16} {:>7} {:>22} {:>7}",
        "replicas", "native", "wasm (opt 3)", "ratio", "wasm (page, opt z)", "ratio"
    );
    for replicas in &sizes {
        let (Some(native), Some(wasm), Some(page)) = (
            median("native", replicas),
            median("wasm", replicas),
            median("wasm-page-build", replicas),
        ) else {
            return Err(format!("missing results for {replicas} replicas"));
        };
        println!(
            "{replicas:>9} {native:>10.1} {wasm:>16.1} {:>6.2}× {page:>22.1} {:>6.2}×",
            wasm / native,
            page / native
        );
    }
    println!("budget: WebAssembly ≤ {WASM_NATIVE_BUDGET}× native (PRODUCT.md §8)");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// test

fn test(root: &Path) -> Result {
    install(&[Need::Build, Need::Browser])?;

    type Step<'a> = (&'a str, Box<dyn Fn() -> Result + 'a>);
    let steps: Vec<Step> = vec![
        (
            "fmt",
            Box::new(|| run(cargo().args(["fmt", "--all", "--", "--check"]))),
        ),
        (
            "clippy",
            Box::new(|| {
                run(cargo().args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        (
            "clippy-wasm",
            Box::new(|| {
                run(cargo().args([
                    "clippy",
                    "-p",
                    "kubeplay-web",
                    "-p",
                    "kubeplay-bench",
                    "--target",
                    WASM_TARGET,
                    "--",
                    "-D",
                    "warnings",
                ]))
            }),
        ),
        (
            "cargo-test",
            Box::new(|| run(cargo().args(["test", "--workspace"]))),
        ),
        ("trunk-build", Box::new(trunk_build)),
        ("browser", Box::new(|| browser_test(root))),
        // Reports the wasm/native ratio on every run (after the browser's timings, so as not
        // to share the machine with them); fails only if a runner does.
        (
            "bench-wasm",
            Box::new(|| bench_wasm(root, &["3".into(), "1000".into(), "10000".into()])),
        ),
    ];

    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for (name, f) in &steps {
        // The browser test needs the bundle the build step makes.
        if *name == "browser" && failures.contains(&"trunk-build") {
            println!("\n==> {name}: skipped (trunk-build failed)");
            skipped += 1;
            continue;
        }
        println!("\n==> {name}");
        let start = Instant::now();
        let result = f();
        let secs = start.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                println!("<== {name}: ok ({secs:.1}s)");
                passed += 1;
            }
            Err(e) => {
                println!("<== {name}: FAILED ({secs:.1}s): {e}");
                failed += 1;
                failures.push(*name);
            }
        }
    }
    println!();
    if !failures.is_empty() {
        println!("xtask: failed steps: {}", failures.join(", "));
    }
    if skipped > 0 {
        println!("xtask: {passed} passed, {failed} failed, {skipped} skipped");
    } else {
        println!("xtask: {passed} passed, {failed} failed");
    }
    if failed > 0 {
        Err(format!("{failed} step(s) failed"))
    } else {
        Ok(())
    }
}

fn trunk_build() -> Result {
    run(Command::new("trunk").args(["build", "--release"]))
}

/// The browser test files in tests/browser, in the order they run: the smoke test, the
/// playground's end-to-end paths (screenshots go to tests/browser/artifacts), and the
/// performance figures (cold load, frame work with 1,000 pods rolling at 60×; reported).
const BROWSER_TESTS: [&str; 3] = ["smoke.mjs", "playground.mjs", "perf.mjs"];

fn browser_test(root: &Path) -> Result {
    let mut failed = Vec::new();
    for test in BROWSER_TESTS {
        let result = run(Command::new("node")
            .arg(test)
            .current_dir(root.join("tests/browser"))
            .env("KUBEPLAY_DIST", root.join("dist"))
            .stdin(Stdio::null()));
        if result.is_err() {
            failed.push(test);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("browser tests failed: {}", failed.join(", ")))
    }
}

// ---------------------------------------------------------------------------------------------
// size

fn size(root: &Path) -> Result {
    install(&[Need::Build])?;
    trunk_build()?;

    let dist = root.join("dist");
    let mut files = Vec::new();
    walk(&dist, &mut files).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    files.sort();

    println!("\n{:<48} {:>12} {:>12}", "dist/", "raw", "gzip -9");
    // What the page loads; anything else in dist (the explain schemas) is fetched on demand.
    let kinds = ["wasm", "js", "css", "html"];
    let mut totals = [(0u64, 0u64); 4];
    let mut on_demand = (0u64, 0u64);
    for file in &files {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let raw = fs::metadata(file).map_err(|e| e.to_string())?.len();
        let gz = gzip_size(file)?;
        let name = file
            .strip_prefix(&dist)
            .unwrap_or(file)
            .display()
            .to_string();
        println!("{name:<48} {:>12} {:>12}", kib(raw), kib(gz));
        if let Some(i) = kinds.iter().position(|k| *k == ext) {
            totals[i].0 += raw;
            totals[i].1 += gz;
        } else {
            on_demand.0 += raw;
            on_demand.1 += gz;
        }
    }
    println!();
    for (kind, (raw, gz)) in kinds.iter().zip(totals) {
        println!(
            "{:<48} {:>12} {:>12}",
            format!("*.{kind}"),
            kib(raw),
            kib(gz)
        );
    }
    let raw: u64 = totals.iter().map(|t| t.0).sum();
    let gz: u64 = totals.iter().map(|t| t.1).sum();
    println!(
        "{:<48} {:>12} {:>12}",
        "page load (wasm + js + css + html)",
        kib(raw),
        kib(gz)
    );
    println!(
        "{:<48} {:>12} {:>12}",
        "fetched on first use (explain schemas)",
        kib(on_demand.0),
        kib(on_demand.1)
    );
    let verdict = if gz <= BUNDLE_BUDGET_GZIP_BYTES {
        "within"
    } else {
        "OVER"
    };
    println!(
        "budget: {} gzip — {verdict} ({:.1}% used)",
        kib(BUNDLE_BUDGET_GZIP_BYTES),
        gz as f64 * 100.0 / BUNDLE_BUDGET_GZIP_BYTES as f64
    );
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn gzip_size(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip failed on {}", file.display()));
    }
    Ok(out.stdout.len() as u64)
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_string_field_reads_the_first_value_after_the_start() {
        let lock = r#"{"packages": {"node_modules/playwright-core": {"version": "1.2.3"}}}"#;
        let entry = lock.find("\"node_modules/playwright-core\"").unwrap();
        assert_eq!(
            json_string_field(&lock[entry..], "version").as_deref(),
            Some("1.2.3")
        );
        assert_eq!(json_string_field("{}", "version"), None);
    }

    #[test]
    fn kib_has_one_decimal() {
        assert_eq!(kib(1536), "1.5 KiB");
    }
}
