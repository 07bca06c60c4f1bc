//! Share-link packing: a small LZ77 compressor (enough for scripts and manifests, which repeat a
//! lot) and URL-safe base64 without padding. Decoding never panics: a damaged link is an error.
//!
//! Format: a sequence of tokens. A token starts with a varint `n`: `n & 1 == 0` is a literal run
//! of `n >> 1` bytes that follow; `n & 1 == 1` is a match of length `(n >> 1) + MIN_MATCH`
//! followed by a varint distance (1-based, at most `WINDOW`).

const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 1 << 16;
const WINDOW: usize = 1 << 16;
const HASH_BITS: u32 = 13;
/// Largest output the decoder will produce (a share link never needs more).
pub const MAX_DECODED: usize = 8 << 20;

fn put_varint(out: &mut Vec<u8>, mut v: usize) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn get_varint(data: &[u8], pos: &mut usize) -> Result<usize, String> {
    let mut v: usize = 0;
    for shift in (0..35).step_by(7) {
        let b = *data.get(*pos).ok_or("truncated data")?;
        *pos += 1;
        v |= ((b & 0x7f) as usize) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err("bad length".into())
}

fn hash(b: &[u8]) -> usize {
    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

pub fn compress(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2 + 8);
    let mut table = vec![usize::MAX; 1 << HASH_BITS];
    let mut lit_start = 0;
    let mut i = 0;
    let flush = |out: &mut Vec<u8>, from: usize, to: usize| {
        if to > from {
            put_varint(out, (to - from) << 1);
            out.extend_from_slice(&input[from..to]);
        }
    };
    while i + MIN_MATCH <= input.len() {
        let h = hash(&input[i..]);
        let cand = table[h];
        table[h] = i;
        if cand != usize::MAX
            && i - cand <= WINDOW
            && input[cand..cand + MIN_MATCH] == input[i..i + MIN_MATCH]
        {
            let mut len = MIN_MATCH;
            while i + len < input.len() && len < MAX_MATCH && input[cand + len] == input[i + len] {
                len += 1;
            }
            flush(&mut out, lit_start, i);
            put_varint(&mut out, ((len - MIN_MATCH) << 1) | 1);
            put_varint(&mut out, i - cand);
            for j in i + 1..(i + len).min(input.len().saturating_sub(MIN_MATCH - 1)) {
                table[hash(&input[j..])] = j;
            }
            i += len;
            lit_start = i;
        } else {
            i += 1;
        }
    }
    flush(&mut out, lit_start, input.len());
    out
}

pub fn decompress(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out: Vec<u8> = Vec::with_capacity(data.len() * 3);
    let mut pos = 0;
    while pos < data.len() {
        let n = get_varint(data, &mut pos)?;
        if n & 1 == 0 {
            let len = n >> 1;
            let end = pos.checked_add(len).ok_or("bad length")?;
            let bytes = data.get(pos..end).ok_or("truncated data")?;
            out.extend_from_slice(bytes);
            pos = end;
        } else {
            let len = (n >> 1) + MIN_MATCH;
            let dist = get_varint(data, &mut pos)?;
            if dist == 0 || dist > out.len() || len > MAX_MATCH {
                return Err("bad back-reference".into());
            }
            let start = out.len() - dist;
            for k in 0..len {
                let b = out[start + k];
                out.push(b);
            }
        }
        if out.len() > MAX_DECODED {
            return Err("too large".into());
        }
    }
    Ok(out)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64, no padding.
pub fn base64url(data: &[u8]) -> String {
    kubeplay_core::api::config::encode_base64(data, B64, false)
}

pub fn from_base64url(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return Err(format!("invalid character {:?}", c as char)),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_text_and_binary() {
        let texts: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a".to_vec(),
            b"abcabcabcabcabcabcabcabc".to_vec(),
            crate::samples::SAMPLES
                .iter()
                .map(|s| s.yaml)
                .collect::<String>()
                .into_bytes(),
            (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            vec![0u8; 100_000],
        ];
        for t in texts {
            let c = compress(&t);
            assert_eq!(decompress(&c).unwrap(), t);
            let b = base64url(&c);
            assert!(b
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            assert_eq!(from_base64url(&b).unwrap(), c);
        }
    }

    #[test]
    fn manifests_compress_well() {
        let t: String = crate::samples::SAMPLES.iter().map(|s| s.yaml).collect();
        assert!(compress(t.as_bytes()).len() * 2 < t.len());
    }

    #[test]
    fn damaged_input_is_an_error_not_a_panic() {
        let c = compress(b"hello hello hello hello hello world");
        for cut in 0..c.len() {
            let _ = decompress(&c[..cut]);
        }
        assert!(decompress(&[0x03, 0x05]).is_err());
        assert!(decompress(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(from_base64url("ab$").is_err());
        for b in 0..=255u8 {
            let _ = decompress(&[b, b, b, b]);
        }
    }
}
