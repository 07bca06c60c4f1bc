//! Stable sorting through one non-generic core, to keep the wasm download small.
//!
//! `slice::sort_by` instantiates the whole of std's driftsort for every element type and
//! comparator: with a few dozen call sites that was ~140 KB of the playground's wasm. Here the
//! algorithm (a stable merge sort over indices, [`permutation`]) is compiled once and reaches
//! the elements through `&mut dyn FnMut`; what each call site instantiates is a few lines.
//!
//! The functions below have exactly the semantics of their std namesakes (stable: equal
//! elements keep their order). Use them instead of `sort`, `sort_by`, `sort_by_key` in
//! non-test code of `core` and `web`, and [`btree_map`], [`btree_set`], [`json_map`] instead of
//! `collect()` into those maps (std's `FromIterator` for them sorts).

use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `v` stably by `cmp`, like `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let perm = {
        let s = &*v;
        permutation(s.len(), &mut |a, b| cmp(&s[a], &s[b]))
    };
    apply(perm, &mut |a, b| v.swap(a, b));
}

/// Sorts `v` stably by the key `f` returns, like `v.sort_by_key(f)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` stably, like `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Collects into a `BTreeMap` by insertion, like `collect()` (later duplicates win). std's
/// `FromIterator` for `BTreeMap` sorts its input first: one more driftsort per key type.
pub fn btree_map<K: Ord, V>(it: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    m.extend(it);
    m
}

/// Collects into a `BTreeSet` by insertion, like `collect()` (see [`btree_map`]).
pub fn btree_set<T: Ord>(it: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut s = BTreeSet::new();
    s.extend(it);
    s
}

/// Collects into a JSON object by insertion, like `collect()` (see [`btree_map`]).
pub fn json_map(it: impl IntoIterator<Item = (String, Value)>) -> Map<String, Value> {
    let mut m = Map::new();
    m.extend(it);
    m
}

/// The order in which a stable sort puts `n` elements compared by `cmp` (indices into the
/// unsorted sequence): a top-down merge sort with insertion sort for short runs.
#[inline(never)]
pub fn permutation(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf = vec![0; n];
    merge_sort(&mut idx, &mut buf, cmp);
    idx
}

fn merge_sort(v: &mut [usize], buf: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    let n = v.len();
    if n <= 12 {
        for i in 1..n {
            let x = v[i];
            let mut j = i;
            while j > 0 && cmp(x, v[j - 1]) == Ordering::Less {
                v[j] = v[j - 1];
                j -= 1;
            }
            v[j] = x;
        }
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], &mut buf[..mid], cmp);
    merge_sort(&mut v[mid..], &mut buf[mid..], cmp);
    if cmp(v[mid], v[mid - 1]) != Ordering::Less {
        return; // already in order
    }
    buf[..n].copy_from_slice(v);
    let (left, right) = buf[..n].split_at(mid);
    let (mut i, mut j) = (0, 0);
    for slot in v.iter_mut() {
        // Take from the right run only when strictly less: equal elements keep their order.
        if j < right.len() && (i == left.len() || cmp(right[j], left[i]) == Ordering::Less) {
            *slot = right[j];
            j += 1;
        } else {
            *slot = left[i];
            i += 1;
        }
    }
}

/// Rearranges a sequence so that position `k` holds what was at `perm[k]`, by swaps.
#[inline(never)]
fn apply(mut perm: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    const DONE: usize = usize::MAX;
    for start in 0..perm.len() {
        let mut j = start;
        while perm[j] != DONE {
            let k = perm[j];
            perm[j] = DONE;
            if k == start {
                break;
            }
            swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_std_stable_sort() {
        // A small deterministic generator: many lengths, many duplicate keys.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..200 {
            for modulus in [1u64, 2, 3, 7, 50, 1000] {
                let v: Vec<(u64, usize)> = (0..len)
                    .map(|i| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x % modulus, i)
                    })
                    .collect();
                let mut want = v.clone();
                want.sort_by_key(|e| e.0);
                let mut got = v.clone();
                sort_by_key(&mut got, |e| e.0);
                assert_eq!(got, want, "len {len} mod {modulus}");
                let mut want = v.clone();
                want.sort_by_key(|e| std::cmp::Reverse(e.0));
                let mut got = v;
                sort_by(&mut got, |a, b| b.0.cmp(&a.0));
                assert_eq!(got, want);
            }
        }
        let mut s = vec!["b".to_string(), "a".into(), "c".into(), "a".into()];
        sort(&mut s);
        assert_eq!(s, ["a", "a", "b", "c"]);
    }
}
