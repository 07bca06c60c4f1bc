//! `stress` (Amos Waterland's workload generator, the `polinux/stress` image of the "Assign
//! Memory Resources to Containers and Pods" page): what it writes and whether its memory hogs
//! outgrow the container's memory limit.
//!
//! stress 1.0.4 (`stress.c`): options are read in order, the last of a kind winning; it prints
//! `stress: info: [PID] dispatching hogs: C cpu, I io, V vm, H hdd` to standard output, forks
//! the hogs and waits. Each `--vm` hog mallocs `--vm-bytes` (default 256 MiB, suffixes b/k/m/g
//! in powers of 1024), touches it, sleeps `--vm-hang` seconds, frees it and starts over, so the
//! container's memory is the hogs' sum. With `--timeout N` it ends after N seconds with
//! `successful run completed in Ns`; otherwise it runs until stopped.
//!
//! Past the limit the kernel's OOM killer ends the container: the v1.33 kubelet sets
//! `memory.oom.group` on cgroup v2 (`singleProcessOOMKill` false), so the whole container goes,
//! and the runtime reports exit code 137 with reason `OOMKilled` (kuberuntime
//! `convertToKubeContainerStatus`).

use super::{Exit, Line, Piece, Process};

/// The exit code of a process killed by SIGKILL (128 + 9), which the OOM killer sends.
const OOM_EXIT_CODE: i32 = 137;

/// How fast a hog fills memory: 1 MiB a millisecond (malloc and touch of fresh pages).
const BYTES_PER_MS: i64 = 1 << 20;

/// `stress ARGS…` in a container limited to `memory_limit` bytes (None: no limit).
pub(super) fn process(args: &[String], memory_limit: Option<i64>) -> Process {
    let mut hogs = [0i64; 4];
    let mut vm_bytes: i64 = 256 << 20;
    let mut timeout_s: Option<i64> = None;
    let mut i = 0;
    while i < args.len() {
        let option = args[i].as_str();
        let value = args.get(i + 1).map(String::as_str);
        let slot = match option {
            "-c" | "--cpu" => Some(0),
            "-i" | "--io" => Some(1),
            "-m" | "--vm" => Some(2),
            "-d" | "--hdd" => Some(3),
            _ => None,
        };
        match (slot, option) {
            (Some(s), _) => hogs[s] = value.and_then(|v| v.parse().ok()).unwrap_or(0),
            (None, "--vm-bytes") => {
                vm_bytes = value.and_then(size_bytes).unwrap_or(vm_bytes);
            }
            (None, "-t" | "--timeout") => timeout_s = value.and_then(seconds),
            // flags without a value
            (None, "-q" | "--quiet" | "-v" | "--verbose" | "-n" | "--dry-run" | "--vm-keep") => {
                i += 1;
                continue;
            }
            _ => {}
        }
        i += 2;
    }
    let dispatching = format!(
        "stress: info: [1] dispatching hogs: {} cpu, {} io, {} vm, {} hdd",
        hogs[0], hogs[1], hogs[2], hogs[3]
    );
    let mut lines = vec![text_line(0, dispatching)];
    let demand = hogs[2].saturating_mul(vm_bytes);
    let oom_at = memory_limit
        .filter(|limit| hogs[2] > 0 && demand > *limit)
        .map(|limit| (limit / BYTES_PER_MS).max(1) as u64);
    let exit = match (oom_at, timeout_s) {
        (Some(at), t) if t.is_none_or(|t| (at as i64) < t.saturating_mul(1000)) => Some(Exit {
            after_ms: at,
            code: OOM_EXIT_CODE,
            oom_killed: true,
        }),
        (_, Some(t)) => {
            let after_ms = t.saturating_mul(1000).max(0) as u64;
            lines.push(text_line(
                after_ms,
                format!("stress: info: [1] successful run completed in {t}s"),
            ));
            Some(Exit {
                after_ms,
                code: 0,
                oom_killed: false,
            })
        }
        _ => None,
    };
    Process {
        lines,
        exit,
        // stress handles no SIGTERM of its own as PID 1: only the grace period's SIGKILL
        ignores_sigterm: true,
        ..Process::default()
    }
}

fn text_line(at_ms: u64, text: String) -> Line {
    Line {
        at_ms,
        pieces: vec![Piece::Text(text)],
        err: false,
    }
}

/// `atoll_b`: a byte count with an optional b/k/m/g suffix (powers of 1024, either case).
fn size_bytes(v: &str) -> Option<i64> {
    let (digits, factor) = match v.chars().last()?.to_ascii_lowercase() {
        'b' => (&v[..v.len() - 1], 1),
        'k' => (&v[..v.len() - 1], 1 << 10),
        'm' => (&v[..v.len() - 1], 1 << 20),
        'g' => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    digits.parse::<i64>().ok()?.checked_mul(factor)
}

/// `atoll_s`: seconds with an optional s/m/h/d/y suffix.
fn seconds(v: &str) -> Option<i64> {
    let (digits, factor) = match v.chars().last()? {
        's' => (&v[..v.len() - 1], 1),
        'm' => (&v[..v.len() - 1], 60),
        'h' => (&v[..v.len() - 1], 3600),
        'd' => (&v[..v.len() - 1], 86_400),
        'y' => (&v[..v.len() - 1], 31_536_000),
        _ => (v, 1),
    };
    digits.parse::<i64>().ok()?.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn log(p: &Process, until: i64) -> Vec<String> {
        p.log(0, until).into_iter().map(|(_, l)| l).collect()
    }

    #[test]
    fn the_memory_page_examples() {
        // memory-request-limit.yaml: 150M in a 200Mi limit runs on
        let fits = process(&args("--vm 1 --vm-bytes 150M --vm-hang 1"), Some(200 << 20));
        assert_eq!(fits.exit, None);
        assert_eq!(
            log(&fits, 60_000),
            ["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]
        );
        // memory-request-limit-2.yaml: 250M in a 100Mi limit is OOM-killed
        let oom = process(&args("--vm 1 --vm-bytes 250M --vm-hang 1"), Some(100 << 20));
        assert_eq!(
            oom.exit,
            Some(Exit {
                after_ms: 100,
                code: 137,
                oom_killed: true
            })
        );
        // no limit: the node's memory is the bound, which kubeplay does not model
        assert_eq!(process(&args("--vm 1 --vm-bytes 250M"), None).exit, None);
    }

    #[test]
    fn sizes_timeouts_and_defaults() {
        assert_eq!(size_bytes("250M"), Some(250 << 20));
        assert_eq!(size_bytes("1g"), Some(1 << 30));
        assert_eq!(size_bytes("512"), Some(512));
        assert_eq!(size_bytes("x"), None);
        assert_eq!(seconds("2m"), Some(120));
        // the default hog is 256 MiB: over a 200Mi limit
        assert!(process(&args("-m 2"), Some(200 << 20)).exit.is_some());
        let timed = process(&args("--cpu 2 --timeout 10s"), Some(1 << 20));
        assert_eq!(
            timed.exit,
            Some(Exit {
                after_ms: 10_000,
                code: 0,
                oom_killed: false
            })
        );
        assert_eq!(
            log(&timed, 10_000),
            [
                "stress: info: [1] dispatching hogs: 2 cpu, 0 io, 0 vm, 0 hdd",
                "stress: info: [1] successful run completed in 10s"
            ]
        );
    }
}
