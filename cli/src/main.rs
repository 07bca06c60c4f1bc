//! `kubeplay`: the command-line front end of the simulator.
//!
//! `kubeplay run [--seed N] [--exit-codes] SCRIPT|-` runs a script (PRODUCT §5.1) against a
//! fresh simulated cluster and prints the transcript.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kubeplay_core::script::{run_script, script_seed, ScriptOptions};
use kubeplay_core::{Cluster, ClusterConfig};

/// mimalloc natively (see the workspace manifest): glibc malloc's consolidation
/// was ~18% of a 10k-pod rollout. The WebAssembly build keeps Rust's default allocator.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Seed used when neither `--seed` nor a `# seed: N` script header gives one (the golden
/// transcript harness uses the same default).
const DEFAULT_SEED: u64 = 1;

const USAGE: &str = "\
kubeplay: Kubernetes workload controllers and kubectl, simulated

Usage:
  kubeplay run [--seed N] [--exit-codes] SCRIPT|-
  kubeplay --help
  kubeplay --version

Commands:
  run    Run a script of kubectl/sim commands and print the transcript

Run 'kubeplay run --help' for the script format.
";

const RUN_USAGE: &str = "\
Usage: kubeplay run [--seed N] [--exit-codes] SCRIPT|-

Runs SCRIPT (or standard input for '-') against a fresh simulated cluster and prints the
transcript: each command as '$ <command>', then what it printed (stdout and stderr in order).

Script format:
  one command per line ('kubectl ...' or 'sim ...'); blank lines are skipped;
  '#' starts a comment; a trailing '\\' continues a line;
  '<<EOF' ... 'EOF' heredocs feed 'kubectl apply -f -';
  '-f PATH' is resolved relative to the script's directory (the current directory for '-').

Options:
  --seed N       random seed (default: the script's '# seed: N' header, else 1)
  --exit-codes   print '[exit N]' after a command that exits non-zero
  -h, --help     show this help
";

#[derive(Debug, PartialEq, Eq)]
enum Action {
    Help,
    Version,
    RunHelp,
    Run {
        seed: Option<u64>,
        exit_codes: bool,
        script: String,
    },
}

fn parse_args(args: &[String]) -> Result<Action, String> {
    let Some(first) = args.first() else {
        return Err("missing command".to_string());
    };
    match first.as_str() {
        "-h" | "--help" | "help" => return Ok(Action::Help),
        "-V" | "--version" | "version" => return Ok(Action::Version),
        "run" => {}
        other if other.starts_with('-') => return Err(format!("unknown flag: {other}")),
        other => return Err(format!("unknown command \"{other}\"")),
    }
    let mut seed = None;
    let mut exit_codes = false;
    let mut script = None;
    let mut i = 1;
    let mut only_positional = false;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if !only_positional && a.starts_with('-') && a != "-" {
            match a {
                "--" => only_positional = true,
                "-h" | "--help" => return Ok(Action::RunHelp),
                "--exit-codes" => exit_codes = true,
                "--seed" => {
                    let v = args
                        .get(i)
                        .ok_or_else(|| "flag needs an argument: --seed".to_string())?;
                    i += 1;
                    seed = Some(parse_seed(v)?);
                }
                _ => {
                    if let Some(v) = a.strip_prefix("--seed=") {
                        seed = Some(parse_seed(v)?);
                    } else {
                        return Err(format!("unknown flag: {a}"));
                    }
                }
            }
            continue;
        }
        if script.is_some() {
            return Err(format!("unexpected argument \"{a}\""));
        }
        script = Some(a.to_string());
    }
    let script =
        script.ok_or_else(|| "run: missing SCRIPT (a file, or - for stdin)".to_string())?;
    Ok(Action::Run {
        seed,
        exit_codes,
        script,
    })
}

fn parse_seed(v: &str) -> Result<u64, String> {
    v.parse()
        .map_err(|_| format!("invalid argument \"{v}\" for --seed: not a non-negative integer"))
}

/// What `-f PATH` reads: PATH relative to `base` (absolute paths as is), kubectl's error when it
/// does not exist. A directory yields its `.yaml`, `.yml` and `.json` files (sorted by name, not
/// recursive) as one multi-document stream, as `kubectl apply -f DIR` would read them.
fn read_relative(base: &Path, p: &str) -> Result<String, String> {
    let path = if Path::new(p).is_absolute() {
        PathBuf::from(p)
    } else {
        base.join(p)
    };
    if path.is_dir() {
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
        let mut out = String::new();
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

fn run(seed: Option<u64>, exit_codes: bool, script_arg: &str) -> ExitCode {
    let (script, base) = if script_arg == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("kubeplay: reading standard input: {e}");
            return ExitCode::from(1);
        }
        (s, PathBuf::from("."))
    } else {
        match std::fs::read_to_string(script_arg) {
            Ok(s) => {
                let dir = Path::new(script_arg)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("."));
                (s, dir)
            }
            Err(e) => {
                eprintln!("kubeplay: cannot read script \"{script_arg}\": {e}");
                return ExitCode::from(1);
            }
        }
    };
    let seed = seed
        .or_else(|| script_seed(&script))
        .unwrap_or(DEFAULT_SEED);
    let mut cluster = Cluster::new(ClusterConfig {
        seed,
        ..Default::default()
    });
    let read_file = |p: &str| read_relative(&base, p);
    let transcript = run_script(
        &mut cluster,
        &script,
        &read_file,
        &ScriptOptions { exit_codes },
    );
    // The process ends here: freeing a large cluster object by object (a 10,000-pod rollout
    // leaves ~20,000 Events and 10,000 pods) only delays the exit.
    std::mem::forget(cluster);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(transcript.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kubeplay: writing transcript: {e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Action::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Action::RunHelp) => {
            print!("{RUN_USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Action::Version) => {
            println!("kubeplay {VERSION}");
            ExitCode::SUCCESS
        }
        Ok(Action::Run {
            seed,
            exit_codes,
            script,
        }) => run(seed, exit_codes, &script),
        Err(msg) => {
            eprintln!("kubeplay: {msg}");
            eprint!("\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn parses_run() {
        assert_eq!(
            parse_args(&args(&["run", "x.kp"])),
            Ok(Action::Run {
                seed: None,
                exit_codes: false,
                script: "x.kp".into()
            })
        );
        assert_eq!(
            parse_args(&args(&["run", "--seed", "7", "--exit-codes", "-"])),
            Ok(Action::Run {
                seed: Some(7),
                exit_codes: true,
                script: "-".into()
            })
        );
        assert_eq!(
            parse_args(&args(&["run", "-", "--seed=9"])),
            Ok(Action::Run {
                seed: Some(9),
                exit_codes: false,
                script: "-".into()
            })
        );
        assert_eq!(
            parse_args(&args(&["run", "--", "-weird.kp"])),
            Ok(Action::Run {
                seed: None,
                exit_codes: false,
                script: "-weird.kp".into()
            })
        );
    }

    #[test]
    fn parses_help_and_version() {
        assert_eq!(parse_args(&args(&["--help"])), Ok(Action::Help));
        assert_eq!(parse_args(&args(&["-h"])), Ok(Action::Help));
        assert_eq!(parse_args(&args(&["--version"])), Ok(Action::Version));
        assert_eq!(parse_args(&args(&["run", "--help"])), Ok(Action::RunHelp));
    }

    #[test]
    fn usage_errors() {
        assert!(parse_args(&[]).is_err());
        assert!(parse_args(&args(&["frobnicate"])).is_err());
        assert!(parse_args(&args(&["--bogus"])).is_err());
        assert!(parse_args(&args(&["run"])).is_err());
        assert!(parse_args(&args(&["run", "a", "b"])).is_err());
        assert!(parse_args(&args(&["run", "--seed"])).is_err());
        assert!(parse_args(&args(&["run", "--seed", "x", "a"])).is_err());
        assert!(parse_args(&args(&["run", "--seed=-1", "a"])).is_err());
        assert!(parse_args(&args(&["run", "--nope", "a"])).is_err());
    }

    #[test]
    fn read_relative_paths() {
        let dir = std::env::temp_dir().join(format!("kubeplay-cli-test-{}", std::process::id()));
        let sub = dir.join("manifests");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(dir.join("a.yaml"), "kind: A\n").unwrap();
        std::fs::write(sub.join("2.yml"), "kind: C").unwrap();
        std::fs::write(sub.join("1.yaml"), "kind: B\n").unwrap();
        std::fs::write(sub.join("notes.txt"), "ignored").unwrap();

        assert_eq!(read_relative(&dir, "a.yaml"), Ok("kind: A\n".to_string()));
        let abs = dir.join("a.yaml");
        assert_eq!(
            read_relative(Path::new("/nonexistent"), abs.to_str().unwrap()),
            Ok("kind: A\n".to_string())
        );
        assert_eq!(
            read_relative(&dir, "missing.yaml"),
            Err("error: the path \"missing.yaml\" does not exist".to_string())
        );
        assert_eq!(
            read_relative(&dir, "manifests"),
            Ok("kind: B\n---\nkind: C".to_string())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
