//! `perl -Mbignum=bpi -wle 'print bpi(N)'`: the Job example of the Kubernetes docs
//! (`controllers/job.yaml`, image `perl:5.34.0`) prints π to N significant digits — Math::BigFloat
//! rounds to that accuracy, half to even — and exits 0.

use super::{Exit, Line, Piece, Process};

/// How long the docs' `bpi(2000)` computes, in ms (Math::BigFloat's bpi takes a moment).
const RUN_MS: u64 = 3_000;

/// The digits of π (`3`, `1`, `4`, …), `n` of them: Rabinowitz and Wagon's spigot with its
/// held predigits, so carries land on the right digit.
pub fn pi_digits(n: usize) -> Vec<u8> {
    let len = n * 10 / 3 + 1;
    let mut a = vec![2u32; len];
    let mut digits = Vec::with_capacity(n + 1);
    let mut nines = 0usize;
    let mut predigit: Option<u8> = None;
    while digits.len() + nines + usize::from(predigit.is_some()) < n + 1 {
        let mut carry = 0u64;
        for i in (1..len).rev() {
            let x = 10 * a[i] as u64 + carry * (i as u64 + 1);
            let denominator = 2 * i as u64 + 1;
            a[i] = (x % denominator) as u32;
            carry = x / denominator;
        }
        let x = 10 * a[0] as u64 + carry;
        a[0] = (x % 10) as u32;
        let q = (x / 10) as u8;
        match q {
            9 => nines += 1,
            10 => {
                if let Some(p) = predigit {
                    digits.push(p + 1);
                }
                digits.extend(std::iter::repeat_n(0, nines));
                predigit = Some(0);
                nines = 0;
            }
            _ => {
                if let Some(p) = predigit {
                    digits.push(p);
                }
                predigit = Some(q);
                digits.extend(std::iter::repeat_n(9, nines));
                nines = 0;
            }
        }
    }
    if let Some(p) = predigit {
        digits.push(p);
    }
    digits.extend(std::iter::repeat_n(9, nines));
    digits.truncate(n);
    digits
}

/// `bpi(n)` as Math::BigFloat prints it: `3.` and the next n-1 digits, rounded half to even.
pub fn bpi(n: usize) -> String {
    let n = n.max(1);
    let mut d = pi_digits(n + 20);
    let rest = d.split_off(n);
    let round_up = match rest.first() {
        Some(&x) if x > 5 => true,
        Some(5) => rest[1..].iter().any(|&x| x != 0) || d.last().is_some_and(|l| l % 2 == 1),
        _ => false,
    };
    if round_up {
        for x in d.iter_mut().rev() {
            if *x == 9 {
                *x = 0;
            } else {
                *x += 1;
                break;
            }
        }
    }
    let mut s = String::with_capacity(n + 1);
    for (i, x) in d.iter().enumerate() {
        if i == 1 {
            s.push('.');
        }
        s.push((b'0' + x) as char);
    }
    s
}

/// The process for `perl ARGS…`, when it is the docs' π one-liner.
pub(super) fn process(args: &[String]) -> Option<Process> {
    let bignum = args.iter().any(|a| a == "-Mbignum=bpi");
    let script = args.last()?;
    let n: usize = script
        .trim()
        .strip_prefix("print bpi(")?
        .strip_suffix(')')?
        .trim()
        .parse()
        .ok()?;
    if !bignum || n > 100_000 {
        return None;
    }
    Some(Process {
        lines: vec![Line {
            at_ms: RUN_MS,
            pieces: vec![Piece::Text(bpi(n))],
            err: false,
        }],
        exit: Some(Exit {
            after_ms: RUN_MS,
            code: 0,
            oom_killed: false,
        }),
        ..Process::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pi_to_fifty_digits() {
        assert_eq!(
            bpi(50),
            "3.1415926535897932384626433832795028841971693993751"
        );
        // the 762nd decimal starts the Feynman point's six nines: carries stay right
        let d = pi_digits(775);
        let s: String = d[762..768].iter().map(|x| (b'0' + x) as char).collect();
        assert_eq!(s, "999999");
    }

    #[test]
    fn rounding_half_even_and_carry() {
        // π = 3.14159 26535…: 6 digits round 3.14159|2 down, 5 digits 3.1415|9 up
        assert_eq!(bpi(6), "3.14159");
        assert_eq!(bpi(5), "3.1416");
        assert_eq!(bpi(1), "3");
    }

    #[test]
    fn the_docs_job_prints_two_thousand_digits() {
        let p = process(&[
            "-Mbignum=bpi".into(),
            "-wle".into(),
            "print bpi(2000)".into(),
        ])
        .unwrap();
        let Piece::Text(t) = &p.lines[0].pieces[0] else {
            panic!()
        };
        assert_eq!(t.len(), 2001);
        assert!(t.starts_with("3.14159265358979323846"));
        assert_eq!(p.exit.map(|e| e.code), Some(0));
    }
}
