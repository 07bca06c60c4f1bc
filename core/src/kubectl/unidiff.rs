//! GNU diffutils' `diff -u`, byte for byte, for `kubectl diff` (which runs `diff -u -N` on two
//! directories of YAML files and prints what it says).
//!
//! Among the many shortest edit scripts between two texts, GNU diff picks one in its own way, and
//! then moves and merges the changes; a plain Myers diff often prints other hunks for
//! repeated lines (`- name: x` blocks, `---` separators, blank lines). So this is a port of the
//! pipeline diffutils 3.x runs for one pair of regular files, not just "a Myers diff":
//!
//! 1. `io.c` `find_identical_ends`: the identical prefix and suffix (up to 3 lines of horizon
//!    kept) are set aside; only the middle is analysed.
//! 2. `io.c` `find_and_hash_each_line`: lines become equivalence classes; an incomplete last line
//!    equals only the other file's incomplete last line.
//! 3. `analyze.c` `discard_confusing_lines`: lines with no match in the other file (and some
//!    very frequent ones) are taken out before the search.
//! 4. gnulib `diffseq.h` `compareseq`/`diag`: Myers' linear-space divide and conquer with the
//!    forward and backward snakes, `find_minimal` false, `TOO_EXPENSIVE` as `analyze.c` sets it.
//! 5. `analyze.c` `shift_boundaries` and `build_script`.
//! 6. `context.c` `find_hunk` and `pr_unidiff_hunk` (with `util.c` `analyze_hunk`,
//!    `print_1_line`): hunks with 3 lines of context.
//!
//! Files with NUL bytes are compared as text (as with `diff -a`): GNU diff would only say
//! "Binary files … differ", which YAML never triggers.
//!
//! Pure and allocation-only: no I/O, no `unsafe`, no recursion (compareseq's divide and
//! conquer runs on an explicit stack), and no panics: every index is in range by the upstream
//! invariants, and the flag tables answer out-of-range reads with the sentinel `false`.

use std::collections::HashMap;

/// Lines of context (`diff -u` = `-U 3`).
const CONTEXT: usize = 3;

/// context.c `find_hunk`'s `non_ignorable_threshold`: this many unchanged lines between two
/// changes put them in separate hunks.
const HUNK_GAP: usize = 2 * CONTEXT + 1;

/// `horizon_lines`: diff.c raises it to the context, "so that shift_boundaries has more freedom
/// to shift the first and last hunks".
const HORIZON: usize = CONTEXT;

/// GNU `diff -u` of two texts (3 lines of context), as diffutils prints it for one pair of
/// files; `None` when the texts are identical.
/// `from_header`/`to_header` are what follows `--- ` / `+++ ` (path, a tab, the timestamp).
pub fn unified(from: &str, to: &str, from_header: &str, to_header: &str) -> Option<String> {
    if from == to {
        return None;
    }
    let script = edit_script(from.as_bytes(), to.as_bytes());
    if script.is_empty() {
        return None;
    }
    let lines0 = split_lines(from);
    let lines1 = split_lines(to);
    let mut out = String::new();
    out.push_str("--- ");
    out.push_str(from_header);
    out.push_str("\n+++ ");
    out.push_str(to_header);
    out.push('\n');
    // util.c print_script: cut the script into hunks (find_hunk), print each.
    let mut start = 0;
    while start < script.len() {
        let end = find_hunk(&script, start);
        pr_unidiff_hunk(&mut out, &script[start..=end], &lines0, &lines1);
        start = end + 1;
    }
    Some(out)
}

/// One `struct change` of the edit script, in whole-file line numbers (origin 0): `deleted`
/// lines of file 0 from `line0` are replaced by `inserted` lines of file 1 from `line1`. With
/// nothing deleted, `line0` is the line before which the insertion goes; likewise `line1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Change {
    line0: usize,
    line1: usize,
    deleted: usize,
    inserted: usize,
}

/// A text's lines for printing: the text without its newline, and whether it had one (only the
/// last line can lack it).
fn split_lines(text: &str) -> Vec<(&str, bool)> {
    let mut lines = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find('\n') {
            Some(at) => {
                lines.push((&rest[..at], true));
                rest = &rest[at + 1..];
            }
            None => {
                lines.push((rest, false));
                rest = "";
            }
        }
    }
    lines
}

/// context.c `find_hunk`: the index of the last change of the hunk starting at `start`.
/// Changes join while fewer than `2 * CONTEXT + 1` unchanged lines separate them (no change is
/// ignorable without `-B`/`-I`).
fn find_hunk(script: &[Change], start: usize) -> usize {
    let mut end = start;
    while let (Some(this), Some(next)) = (script.get(end), script.get(end + 1)) {
        let top0 = this.line0 + this.deleted;
        if next.line0.saturating_sub(top0) >= HUNK_GAP {
            break;
        }
        end += 1;
    }
    end
}

/// context.c `print_unidiff_number_range` (after util.c `translate_range`): `a` and `b` are the
/// first and last line (origin 0) of a range; an empty range prints the line before it and `,0`,
/// a one-line range its number alone.
fn push_range(out: &mut String, a: isize, b: isize) {
    let (ta, tb) = (a + 1, b + 1);
    let text = if tb < ta {
        format!("{tb},0")
    } else if tb == ta {
        format!("{tb}")
    } else {
        format!("{ta},{}", tb - ta + 1)
    };
    out.push_str(&text);
}

/// util.c `print_1_line` with a one-character flag: a line without its newline is followed by
/// the `\ No newline at end of file` marker line.
fn push_line(out: &mut String, flag: char, line: Option<&(&str, bool)>) {
    let (text, newline) = line.copied().unwrap_or(("", true));
    out.push(flag);
    out.push_str(text);
    out.push('\n');
    if !newline {
        out.push_str("\\ No newline at end of file\n");
    }
}

/// context.c `pr_unidiff_hunk`: the `@@` line (util.c `analyze_hunk` gives the changed ranges,
/// widened by the context and clamped to the files), then context, deleted and inserted lines.
fn pr_unidiff_hunk(
    out: &mut String,
    hunk: &[Change],
    lines0: &[(&str, bool)],
    lines1: &[(&str, bool)],
) {
    let (Some(first), Some(last)) = (hunk.first(), hunk.last()) else {
        return;
    };
    let ctx = CONTEXT as isize;
    let len0 = lines0.len() as isize;
    let len1 = lines1.len() as isize;
    let first0 = (first.line0 as isize - ctx).max(0);
    let first1 = (first.line1 as isize - ctx).max(0);
    let last0 = (last.line0 + last.deleted) as isize - 1;
    let last1 = (last.line1 + last.inserted) as isize - 1;
    let last0 = if last0 < len0 - ctx {
        last0 + ctx
    } else {
        len0 - 1
    };
    let last1 = if last1 < len1 - ctx {
        last1 + ctx
    } else {
        len1 - 1
    };

    out.push_str("@@ -");
    push_range(out, first0, last0);
    out.push_str(" +");
    push_range(out, first1, last1);
    out.push_str(" @@\n");

    let mut next = hunk.iter().peekable();
    let (mut i, mut j) = (first0, first1);
    while i <= last0 || j <= last1 {
        match next.peek() {
            Some(change) if i >= change.line0 as isize => {
                for _ in 0..change.deleted {
                    push_line(out, '-', lines0.get(i as usize));
                    i += 1;
                }
                for _ in 0..change.inserted {
                    push_line(out, '+', lines1.get(j as usize));
                    j += 1;
                }
                next.next();
            }
            _ => {
                if i >= len0 {
                    // Unreachable: context lines exist in both files. Stop rather than loop.
                    break;
                }
                push_line(out, ' ', lines0.get(i as usize));
                i += 1;
                j += 1;
            }
        }
    }
}

/// A `changed` vector of analyze.c: one flag per line of the analysed middle, with the extra
/// `false` element at each end that shift_boundaries and build_script rely on (index -1 and
/// `len`). Reads outside answer `false` and writes outside are dropped, so no index panics.
struct Flags(Vec<bool>);

impl Flags {
    fn new(len: usize) -> Self {
        Flags(vec![false; len + 2])
    }
    fn get(&self, i: isize) -> bool {
        usize::try_from(i + 1)
            .ok()
            .and_then(|k| self.0.get(k))
            .copied()
            .unwrap_or(false)
    }
    fn set(&mut self, i: isize, value: bool) {
        // The sentinels stay false.
        if i >= 0 && ((i + 2) as usize) < self.0.len() {
            if let Some(slot) = self.0.get_mut((i + 1) as usize) {
                *slot = value;
            }
        }
    }
}

/// One file as analyze.c sees it: the equivalence classes of its middle lines, which of them
/// are changed, and (after discard_confusing_lines) the undiscarded ones.
struct FileData {
    /// `equivs`: class of each middle line; classes start at 1.
    equivs: Vec<usize>,
    changed: Flags,
    /// `undiscarded`: classes of the lines compareseq sees.
    undiscarded: Vec<usize>,
    /// `realindexes`: the middle line number of each undiscarded line.
    realindexes: Vec<usize>,
}

/// The whole analysis (diff_2_files up to build_script): the edit script in whole-file line
/// numbers, in order.
fn edit_script(text0: &[u8], text1: &[u8]) -> Vec<Change> {
    let ends = find_identical_ends(text0, text1);
    let mut classes: HashMap<(&[u8], bool), usize> = HashMap::new();
    let mut files = [
        hash_lines(text0, ends.prefix_end, ends.suffix_begin[0], &mut classes),
        hash_lines(text1, ends.prefix_end, ends.suffix_begin[1], &mut classes),
    ];
    let equiv_max = classes.len() + 1;
    discard_confusing_lines(&mut files, equiv_max);
    compareseq_all(&mut files);
    shift_boundaries(&mut files);
    build_script(&files, ends.prefix_lines)
}

/// Where io.c `find_identical_ends` cuts the two texts: byte offsets of the end of the common
/// prefix (the same in both) and of the start of the common suffix in each, and the number of
/// prefix lines.
struct Ends {
    prefix_end: usize,
    suffix_begin: [usize; 2],
    prefix_lines: usize,
}

/// io.c `find_identical_ends` (after `prepare_text`, which appends the missing newline to the
/// buffer and remembers it): skip the identical prefix back to a line start and then
/// `HORIZON` more lines; likewise the identical suffix forward (one more line when it does not
/// start a line in both). A suffix is set aside only when both texts end alike (both with or
/// both without a newline), and a prefix never takes one text's added newline.
fn find_identical_ends(text0: &[u8], text1: &[u8]) -> Ends {
    let missing0 = !text0.is_empty() && !text0.ends_with(b"\n");
    let missing1 = !text1.is_empty() && !text1.ends_with(b"\n");
    // The buffers as prepare_text leaves them: with the newline appended.
    let byte0 = |i: usize| text0.get(i).copied().unwrap_or(b'\n');
    let byte1 = |i: usize| text1.get(i).copied().unwrap_or(b'\n');
    let n0 = text0.len() + usize::from(missing0);
    let n1 = text1.len() + usize::from(missing1);

    // Identical prefix: up to the first mismatch or the end of the shorter buffer.
    let mut p = 0;
    while p < n0 && p < n1 && byte0(p) == byte1(p) {
        p += 1;
    }
    // "Don't mistakenly count missing newline as part of prefix."
    if (missing0 && n0 - 1 < p) != (missing1 && n1 - 1 < p) {
        p = p.saturating_sub(1);
    }
    // Back to the last line start, then give back HORIZON lines.
    let mut hor = HORIZON;
    while p != 0 {
        if byte0(p - 1) == b'\n' {
            if hor == 0 {
                break;
            }
            hor -= 1;
        }
        p -= 1;
    }
    let prefix_end = p;

    let (mut p0, mut p1) = (n0, n1);
    if missing0 == missing1 {
        let end0 = n0;
        let mut beg0 = prefix_end + n0.saturating_sub(n1);
        while p0 != beg0 && p0 > 0 && p1 > 0 {
            p0 -= 1;
            p1 -= 1;
            if byte0(p0) != byte1(p1) {
                p0 += 1;
                p1 += 1;
                beg0 = p0;
                break;
            }
        }
        let at_line_beginning =
            (p0 == 0 || byte0(p0 - 1) == b'\n') && (p1 == 0 || byte1(p1 - 1) == b'\n');
        let mut lines = HORIZON + usize::from(!at_line_beginning);
        while lines > 0 && p0 != end0 {
            lines -= 1;
            while p0 < end0 && byte0(p0) != b'\n' {
                p0 += 1;
            }
            p0 += 1;
        }
        p1 += p0.saturating_sub(beg0);
    }
    let prefix_lines = text0
        .get(..prefix_end)
        .map_or(0, |pre| pre.iter().filter(|&&b| b == b'\n').count());
    Ends {
        prefix_end,
        suffix_begin: [p0, p1],
        prefix_lines,
    }
}

/// io.c `find_and_hash_each_line` for the middle `[begin, end)` of a text: each line's
/// equivalence class, shared by both files through `classes`. Lines are equal when their bytes
/// are; the incomplete last line (no newline) is its own kind, equal only to another incomplete
/// line ("buckets[-1]").
fn hash_lines<'a>(
    text: &'a [u8],
    begin: usize,
    end: usize,
    classes: &mut HashMap<(&'a [u8], bool), usize>,
) -> FileData {
    let mut equivs = Vec::new();
    let middle = text.get(begin..end.min(text.len())).unwrap_or(&[]);
    let mut rest = middle;
    while !rest.is_empty() {
        let (line, complete, tail) = match rest.iter().position(|&b| b == b'\n') {
            Some(at) => (&rest[..at], true, &rest[at + 1..]),
            None => (rest, false, &rest[rest.len()..]),
        };
        let next = classes.len() + 1;
        equivs.push(*classes.entry((line, complete)).or_insert(next));
        rest = tail;
    }
    let len = equivs.len();
    FileData {
        equivs,
        changed: Flags::new(len),
        undiscarded: Vec::new(),
        realindexes: Vec::new(),
    }
}

/// `floor_log2` of a positive number (0 for 0).
fn floor_log2(n: usize) -> u32 {
    n.checked_ilog2().unwrap_or(0)
}

/// analyze.c `discard_confusing_lines`: a line with no match in the other file is marked
/// changed and hidden from compareseq; a line matching more than `many` lines there is
/// "provisionally" discardable, and is discarded only inside a run of discardable lines by the
/// rules below. Fewer lines for compareseq, and a different choice among equal-cost scripts
/// — which is why this must be ported as is.
fn discard_confusing_lines(files: &mut [FileData; 2], equiv_max: usize) {
    let mut equiv_count = [vec![0usize; equiv_max], vec![0usize; equiv_max]];
    for (f, file) in files.iter().enumerate() {
        for &e in &file.equivs {
            if let Some(c) = equiv_count[f].get_mut(e) {
                *c += 1;
            }
        }
    }

    let mut discarded: [Vec<u8>; 2] = [
        vec![0; files[0].equivs.len()],
        vec![0; files[1].equivs.len()],
    ];

    // Mark each line that matches nothing (1), or too much (2, provisional).
    for f in 0..2 {
        let end = files[f].equivs.len();
        let counts = &equiv_count[1 - f];
        let many: usize = 5
            << if end < 64 {
                0
            } else {
                (floor_log2(end) >> 1) - 3
            };
        for (d, &e) in discarded[f].iter_mut().zip(&files[f].equivs) {
            if e == 0 {
                continue;
            }
            let nmatch = counts.get(e).copied().unwrap_or(0);
            if nmatch == 0 {
                *d = 1;
            } else if nmatch > many {
                *d = 2;
            }
        }
    }

    // Keep provisional discards only in the middle of runs of discardable lines.
    for discards in &mut discarded {
        let end = discards.len() as isize;
        let at = |d: &Vec<u8>, k: isize| d.get(k as usize).copied().unwrap_or(0);
        let mut i: isize = 0;
        while i < end {
            if at(discards, i) == 2 {
                discards[i as usize] = 0;
            } else if at(discards, i) != 0 {
                // A nonprovisional discard: find the end of its run, counting provisionals.
                let mut provisional: isize = 0;
                let mut j = i;
                while j < end {
                    match at(discards, j) {
                        0 => break,
                        2 => provisional += 1,
                        _ => {}
                    }
                    j += 1;
                }
                // Cancel provisional discards at the end, and shrink the run.
                while j > i && at(discards, j - 1) == 2 {
                    j -= 1;
                    discards[j as usize] = 0;
                    provisional -= 1;
                }
                let length = j - i;
                if (length >> 2) < provisional {
                    // A quarter or more provisional: cancel them all.
                    while j > i {
                        j -= 1;
                        if at(discards, j) == 2 {
                            discards[j as usize] = 0;
                        }
                    }
                } else {
                    // MINIMUM is approximate square root of LENGTH/4; cancel any subrun of
                    // MINIMUM or more provisionals.
                    let minimum: isize = if length < 4 {
                        2
                    } else {
                        (1 << ((floor_log2(length as usize) >> 1) - 1)) + 1
                    };
                    let mut consec: isize = 0;
                    let mut j: isize = 0;
                    while j < length {
                        if at(discards, i + j) != 2 {
                            consec = 0;
                        } else {
                            consec += 1;
                            if minimum == consec {
                                // Back up to the start of the subrun, to cancel it all.
                                j -= consec;
                            } else if minimum < consec {
                                discards[(i + j) as usize] = 0;
                            }
                        }
                        j += 1;
                    }
                    // From the start of the run, until 3 nonprovisionals in a row or the first
                    // nonprovisional 8 or more lines in, cancel provisionals.
                    consec = 0;
                    j = 0;
                    while j < length {
                        if j >= 8 && at(discards, i + j) == 1 {
                            break;
                        }
                        match at(discards, i + j) {
                            2 => {
                                consec = 0;
                                discards[(i + j) as usize] = 0;
                            }
                            0 => consec = 0,
                            _ => consec += 1,
                        }
                        if consec == 3 {
                            break;
                        }
                        j += 1;
                    }
                    // I advances to the last line of the run; same thing from the end.
                    i += length - 1;
                    consec = 0;
                    j = 0;
                    while j < length {
                        if j >= 8 && at(discards, i - j) == 1 {
                            break;
                        }
                        match at(discards, i - j) {
                            2 => {
                                consec = 0;
                                discards[(i - j) as usize] = 0;
                            }
                            0 => consec = 0,
                            _ => consec += 1,
                        }
                        if consec == 3 {
                            break;
                        }
                        j += 1;
                    }
                }
            }
            i += 1;
        }
    }

    // Actually discard the lines (`minimal` is false).
    for (file, discards) in files.iter_mut().zip(&discarded) {
        file.undiscarded.clear();
        file.realindexes.clear();
        for (i, (&e, &d)) in file.equivs.iter().zip(discards).enumerate() {
            if d == 0 {
                file.undiscarded.push(e);
                file.realindexes.push(i);
            } else {
                file.changed.set(i as isize, true);
            }
        }
    }
}

/// diffseq.h `struct partition`: the midpoint, and whether each half is to be analysed
/// minimally.
struct Partition {
    xmid: isize,
    ymid: isize,
    lo_minimal: bool,
    hi_minimal: bool,
}

/// diffseq.h `struct context` (ELEMENT = equivalence class, OFFSET = isize).
struct Context<'a> {
    xv: &'a [usize],
    yv: &'a [usize],
    /// `fdiag`/`bdiag`, indexed by diagonal + `off`.
    fd: Vec<isize>,
    bd: Vec<isize>,
    off: isize,
    too_expensive: isize,
}

impl Context<'_> {
    fn eq(&self, x: isize, y: isize) -> bool {
        match (usize::try_from(x), usize::try_from(y)) {
            (Ok(x), Ok(y)) => {
                matches!((self.xv.get(x), self.yv.get(y)), (Some(a), Some(b)) if a == b)
            }
            _ => false,
        }
    }
    fn fd(&self, d: isize) -> isize {
        self.fd.get((d + self.off) as usize).copied().unwrap_or(-1)
    }
    fn bd(&self, d: isize) -> isize {
        self.bd
            .get((d + self.off) as usize)
            .copied()
            .unwrap_or(isize::MAX)
    }
    fn set_fd(&mut self, d: isize, v: isize) {
        if let Some(slot) = self.fd.get_mut((d + self.off) as usize) {
            *slot = v;
        }
    }
    fn set_bd(&mut self, d: isize, v: isize) {
        if let Some(slot) = self.bd.get_mut((d + self.off) as usize) {
            *slot = v;
        }
    }

    /// diffseq.h `diag`: the midpoint of a shortest edit script of `[xoff, xlim)` ×
    /// `[yoff, ylim)`, searching from both corners at once (forward and backward snakes), or —
    /// past `too_expensive` edits — the better of the furthest-reaching diagonals. The
    /// `--speed-large-files` heuristic is left out: analyze.c sets `ctxt.heuristic =
    /// speed_large_files`, off by default.
    fn diag(
        &mut self,
        xoff: isize,
        xlim: isize,
        yoff: isize,
        ylim: isize,
        find_minimal: bool,
    ) -> Partition {
        let dmin = xoff - ylim;
        let dmax = xlim - yoff;
        let fmid = xoff - yoff;
        let bmid = xlim - ylim;
        let (mut fmin, mut fmax) = (fmid, fmid);
        let (mut bmin, mut bmax) = (bmid, bmid);
        let odd = (fmid - bmid) & 1 != 0;

        self.set_fd(fmid, xoff);
        self.set_bd(bmid, xlim);

        let mut c: isize = 1;
        loop {
            // Extend the top-down search by an edit step in each diagonal.
            if fmin > dmin {
                fmin -= 1;
                self.set_fd(fmin - 1, -1);
            } else {
                fmin += 1;
            }
            if fmax < dmax {
                fmax += 1;
                self.set_fd(fmax + 1, -1);
            } else {
                fmax -= 1;
            }
            let mut d = fmax;
            while d >= fmin {
                let tlo = self.fd(d - 1);
                let thi = self.fd(d + 1);
                let x0 = if tlo < thi { thi } else { tlo + 1 };
                let (mut x, mut y) = (x0, x0 - d);
                while x < xlim && y < ylim && self.eq(x, y) {
                    x += 1;
                    y += 1;
                }
                self.set_fd(d, x);
                if odd && bmin <= d && d <= bmax && self.bd(d) <= x {
                    return Partition {
                        xmid: x,
                        ymid: y,
                        lo_minimal: true,
                        hi_minimal: true,
                    };
                }
                d -= 2;
            }

            // Similarly extend the bottom-up search.
            if bmin > dmin {
                bmin -= 1;
                self.set_bd(bmin - 1, isize::MAX);
            } else {
                bmin += 1;
            }
            if bmax < dmax {
                bmax += 1;
                self.set_bd(bmax + 1, isize::MAX);
            } else {
                bmax -= 1;
            }
            let mut d = bmax;
            while d >= bmin {
                let tlo = self.bd(d - 1);
                let thi = self.bd(d + 1);
                let x0 = if tlo < thi { tlo } else { thi - 1 };
                let (mut x, mut y) = (x0, x0 - d);
                while xoff < x && yoff < y && self.eq(x - 1, y - 1) {
                    x -= 1;
                    y -= 1;
                }
                self.set_bd(d, x);
                if !odd && fmin <= d && d <= fmax && x <= self.fd(d) {
                    return Partition {
                        xmid: x,
                        ymid: y,
                        lo_minimal: true,
                        hi_minimal: true,
                    };
                }
                d -= 2;
            }

            if !find_minimal && c >= self.too_expensive {
                // Gone well beyond the call of duty: give up and report halfway between the
                // best results so far. Forward diagonal that maximizes X + Y:
                let (mut fxybest, mut fxbest) = (-1, 0);
                let mut d = fmax;
                while d >= fmin {
                    let mut x = self.fd(d).min(xlim);
                    let mut y = x - d;
                    if ylim < y {
                        x = ylim + d;
                        y = ylim;
                    }
                    if fxybest < x + y {
                        fxybest = x + y;
                        fxbest = x;
                    }
                    d -= 2;
                }
                // Backward diagonal that minimizes X + Y:
                let (mut bxybest, mut bxbest) = (isize::MAX, 0);
                let mut d = bmax;
                while d >= bmin {
                    let mut x = xoff.max(self.bd(d));
                    let mut y = x - d;
                    if y < yoff {
                        x = yoff + d;
                        y = yoff;
                    }
                    if x + y < bxybest {
                        bxybest = x + y;
                        bxbest = x;
                    }
                    d -= 2;
                }
                // Use the better of the two diagonals.
                return if (xlim + ylim) - bxybest < fxybest - (xoff + yoff) {
                    Partition {
                        xmid: fxbest,
                        ymid: fxybest - fxbest,
                        lo_minimal: true,
                        hi_minimal: false,
                    }
                } else {
                    Partition {
                        xmid: bxbest,
                        ymid: bxybest - bxbest,
                        lo_minimal: false,
                        hi_minimal: true,
                    }
                };
            }
            c += 1;
        }
    }
}

/// diffseq.h `compareseq` over the undiscarded lines, with analyze.c's setup: `fdiag`/`bdiag`
/// of `diags = n0 + n1 + 3` entries and `TOO_EXPENSIVE` the approximate square root of
/// `diags`, at least 4096. Changed lines are noted through `realindexes` (NOTE_DELETE,
/// NOTE_INSERT). Upstream recurses on the smaller half and loops on the other; here both halves
/// go on a stack, smaller on top, which keeps it short — and the order of the notes does not
/// matter (NOTE_ORDERED is false).
fn compareseq_all(files: &mut [FileData; 2]) {
    let [file0, file1] = files;
    let n0 = file0.undiscarded.len() as isize;
    let n1 = file1.undiscarded.len() as isize;
    let diags = (n0 + n1 + 3) as usize;
    let too_expensive = (1isize << ((floor_log2(diags) >> 1) + 1)).max(4096);
    let mut ctx = Context {
        xv: &file0.undiscarded,
        yv: &file1.undiscarded,
        fd: vec![0; diags],
        bd: vec![0; diags],
        off: n1 + 1,
        too_expensive,
    };
    let mut stack = vec![(0, n0, 0, n1, false)];
    while let Some((mut xoff, mut xlim, mut yoff, mut ylim, find_minimal)) = stack.pop() {
        // Slide down the bottom initial diagonal, and up the top one.
        while xoff < xlim && yoff < ylim && ctx.eq(xoff, yoff) {
            xoff += 1;
            yoff += 1;
        }
        while xoff < xlim && yoff < ylim && ctx.eq(xlim - 1, ylim - 1) {
            xlim -= 1;
            ylim -= 1;
        }
        if xoff == xlim {
            for y in yoff..ylim {
                if let Some(&real) = file1.realindexes.get(y as usize) {
                    file1.changed.set(real as isize, true);
                }
            }
        } else if yoff == ylim {
            for x in xoff..xlim {
                if let Some(&real) = file0.realindexes.get(x as usize) {
                    file0.changed.set(real as isize, true);
                }
            }
        } else {
            let part = ctx.diag(xoff, xlim, yoff, ylim, find_minimal);
            let lo = (xoff, part.xmid, yoff, part.ymid, part.lo_minimal);
            let hi = (part.xmid, xlim, part.ymid, ylim, part.hi_minimal);
            if (xlim + ylim) - (part.xmid + part.ymid) < (part.xmid + part.ymid) - (xoff + yoff) {
                stack.push(lo);
                stack.push(hi);
            } else {
                stack.push(hi);
                stack.push(lo);
            }
        }
    }
}

/// analyze.c `shift_boundaries`: slide each run of changed lines over identical neighbours —
/// back to merge with earlier runs, then forward as far as possible (merging with later ones),
/// then back again until it lines up with a run of changes in the other file, if it can.
fn shift_boundaries(files: &mut [FileData; 2]) {
    for f in 0..2 {
        let (a, b) = files.split_at_mut(1);
        let (this, other) = if f == 0 {
            (&mut a[0], &b[0])
        } else {
            (&mut b[0], &a[0])
        };
        let changed = &mut this.changed;
        let other_changed = &other.changed;
        let equivs = &this.equivs;
        let eq = |k: isize| equivs.get(k as usize).copied();
        let i_end = equivs.len() as isize;
        let (mut i, mut j): (isize, isize) = (0, 0);

        loop {
            // Scan forwards to the beginning of another run of changes, tracking the
            // corresponding point in the other file.
            while i < i_end && !changed.get(i) {
                while other_changed.get(j) {
                    j += 1;
                }
                j += 1;
                i += 1;
            }
            if i == i_end {
                break;
            }
            let mut start = i;

            // Find the end of this run of changes.
            i += 1;
            while changed.get(i) {
                i += 1;
            }
            while other_changed.get(j) {
                j += 1;
            }

            let mut corresponding;
            loop {
                // Record the length of this run, to see later whether it has grown.
                let runlength = i - start;

                // Move the changed region back while the previous unchanged line matches the
                // last changed one; this merges with previous changed regions.
                while start > 0 && eq(start - 1) == eq(i - 1) {
                    start -= 1;
                    changed.set(start, true);
                    i -= 1;
                    changed.set(i, false);
                    while changed.get(start - 1) {
                        start -= 1;
                    }
                    j -= 1;
                    while other_changed.get(j) {
                        j -= 1;
                    }
                }

                // CORRESPONDING: the end of the run at the last point where it corresponds to
                // a changed run in the other file; I_END means none found.
                corresponding = if other_changed.get(j - 1) { i } else { i_end };

                // Move the changed region forward while the first changed line matches the
                // following unchanged one; this merges with following changed regions.
                while i != i_end && eq(start) == eq(i) {
                    changed.set(start, false);
                    start += 1;
                    changed.set(i, true);
                    i += 1;
                    while changed.get(i) {
                        i += 1;
                    }
                    j += 1;
                    while other_changed.get(j) {
                        j += 1;
                        corresponding = i;
                    }
                }

                if runlength == i - start {
                    break;
                }
            }

            // If possible, move the fully merged run back to a corresponding run in the other
            // file.
            while corresponding < i {
                start -= 1;
                changed.set(start, true);
                i -= 1;
                changed.set(i, false);
                j -= 1;
                while other_changed.get(j) {
                    j -= 1;
                }
            }
        }
    }
}

/// analyze.c `build_script`: the changed flags become the list of changes, scanning from the
/// end (so the list comes out in forward order), in whole-file line numbers.
fn build_script(files: &[FileData; 2], prefix_lines: usize) -> Vec<Change> {
    let changed0 = &files[0].changed;
    let changed1 = &files[1].changed;
    let mut i0 = files[0].equivs.len() as isize;
    let mut i1 = files[1].equivs.len() as isize;
    let mut script = Vec::new();
    while i0 >= 0 || i1 >= 0 {
        if changed0.get(i0 - 1) || changed1.get(i1 - 1) {
            let (line0, line1) = (i0, i1);
            while changed0.get(i0 - 1) {
                i0 -= 1;
            }
            while changed1.get(i1 - 1) {
                i1 -= 1;
            }
            script.push(Change {
                line0: i0.max(0) as usize + prefix_lines,
                line1: i1.max(0) as usize + prefix_lines,
                deleted: (line0 - i0) as usize,
                inserted: (line1 - i1) as usize,
            });
        }
        i0 -= 1;
        i1 -= 1;
    }
    script.reverse();
    script
}

#[cfg(test)]
mod tests {
    use super::unified;

    /// Expected outputs below are GNU diffutils 3.8 `diff -u --label A --label B a b`, pasted.
    fn diff(a: &str, b: &str) -> Option<String> {
        unified(a, b, "A", "B")
    }

    #[test]
    fn identical_texts_have_no_diff() {
        assert_eq!(diff("", ""), None);
        assert_eq!(diff("a\nb\n", "a\nb\n"), None);
    }

    #[test]
    fn changed_image_in_a_deployment() {
        let a = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\n\
                 spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    \
                 metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      \
                 - image: nginx:1.25\n        name: nginx\n        resources: {}\nstatus: {}\n";
        let b = a.replace("nginx:1.25", "nginx:1.27");
        let want = "--- A\n+++ B\n@@ -14,7 +14,7 @@\n         app: web\n     spec:\n       containers:\n\
                    -      - image: nginx:1.25\n+      - image: nginx:1.27\n         name: nginx\n         \
                    resources: {}\n status: {}\n";
        assert_eq!(diff(a, &b).as_deref(), Some(want));
    }

    #[test]
    fn added_list_item_among_repeated_lines_goes_last() {
        let a = "ports:\n- containerPort: 80\n  protocol: TCP\n- containerPort: 80\n  protocol: TCP\nenv: []\n";
        let b =
            "ports:\n- containerPort: 80\n  protocol: TCP\n- containerPort: 80\n  protocol: TCP\n\
                 - containerPort: 80\n  protocol: TCP\nenv: []\n";
        let want = "--- A\n+++ B\n@@ -3,4 +3,6 @@\n   protocol: TCP\n - containerPort: 80\n   protocol: TCP\n\
                    +- containerPort: 80\n+  protocol: TCP\n env: []\n";
        assert_eq!(diff(a, b).as_deref(), Some(want));
    }

    #[test]
    fn one_side_empty() {
        assert_eq!(
            diff("", "a\nb\nc\n").as_deref(),
            Some("--- A\n+++ B\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n")
        );
        assert_eq!(
            diff("a\nb\nc\n", "").as_deref(),
            Some("--- A\n+++ B\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n")
        );
    }

    #[test]
    fn single_line_ranges_have_no_count() {
        assert_eq!(
            diff("old\n", "new\n").as_deref(),
            Some("--- A\n+++ B\n@@ -1 +1 @@\n-old\n+new\n")
        );
    }

    #[test]
    fn missing_final_newline() {
        let nl = "\\ No newline at end of file\n";
        assert_eq!(
            diff("a\nb\nc\n", "a\nb\nc"),
            Some(format!(
                "--- A\n+++ B\n@@ -1,3 +1,3 @@\n a\n b\n-c\n+c\n{nl}"
            ))
        );
        assert_eq!(
            diff("a\nb\nc", "a\nb\nd"),
            Some(format!(
                "--- A\n+++ B\n@@ -1,3 +1,3 @@\n a\n b\n-c\n{nl}+d\n{nl}"
            ))
        );
        assert_eq!(
            diff("a\nb\nc", "x\nb\nc"),
            Some(format!(
                "--- A\n+++ B\n@@ -1,3 +1,3 @@\n-a\n+x\n b\n c\n{nl}"
            ))
        );
    }

    #[test]
    fn hunks_merge_across_six_unchanged_lines_not_seven() {
        let a: String = (1..=20).map(|n| format!("{n}\n")).collect();
        let b = a
            .replace("\n3\n", "\nx\n")
            .replace("\n10\n", "\ny\n")
            .replace("\n18\n", "\nz\n");
        let want =
            "--- A\n+++ B\n@@ -1,13 +1,13 @@\n 1\n 2\n-3\n+x\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+y\n\
                    \x2011\n 12\n 13\n@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+z\n 19\n 20\n";
        assert_eq!(diff(&a, &b).as_deref(), Some(want));
    }
}
