//! ConfigMaps and Secrets (core/v1): their stored form, the JSON the API serves, and Go's
//! `encoding/base64` as the API server decodes a Secret's `data` (`[]byte` fields in JSON).

use super::codec::{meta_to_value, string_map};
use super::ObjectMeta;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// A ConfigMap: string data, base64 binary data, and the `immutable` flag.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigMap {
    pub metadata: ObjectMeta,
    pub data: BTreeMap<String, String>,
    /// Values as the API serves them (base64 text, already checked by the strict decoder).
    pub binary_data: BTreeMap<String, String>,
    pub immutable: Option<bool>,
}

/// A Secret. `stringData` is write-only: the v1 conversion merges it into `data` (upstream
/// `Convert_v1_Secret_To_core_Secret`), so it is never stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Secret {
    pub metadata: ObjectMeta,
    /// Values as base64 text (how the API serves `[]byte`).
    pub data: BTreeMap<String, String>,
    pub type_: String,
    pub immutable: Option<bool>,
}

impl Secret {
    /// The decoded bytes of one key.
    pub fn value(&self, key: &str) -> Option<Vec<u8>> {
        self.data.get(key).and_then(|v| base64_decode(v).ok())
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `base64.StdEncoding.EncodeToString`.
pub fn base64_encode(data: &[u8]) -> String {
    encode_base64(data, ALPHABET, true)
}

/// Base64 with an alphabet (standard, or URL-safe for the playground's share links), padded
/// with `=` or not.
pub fn encode_base64(data: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn decode_char(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// `base64.StdEncoding.DecodeString` (padded, not strict, `\r`/`\n` skipped), with Go's
/// `CorruptInputError` offset as the error (`illegal base64 data at input byte N`).
pub fn base64_decode(s: &str) -> Result<Vec<u8>, usize> {
    let src = s.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    let skip_nl = |mut si: usize| {
        while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
            si += 1;
        }
        si
    };
    while si < src.len() {
        let mut dbuf = [0u32; 4];
        let mut dlen = 4;
        let mut j = 0;
        let mut trailing: Option<usize> = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(d) = decode_char(c) {
                dbuf[j] = d;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    si = skip_nl(si);
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            si = skip_nl(si);
            if si < src.len() {
                trailing = Some(si);
            }
            dlen = j;
            break;
        }
        let val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(at) = trailing {
            return Err(at);
        }
    }
    Ok(out)
}

fn bool_of(v: &Value, k: &str) -> Option<bool> {
    v.get(k).and_then(Value::as_bool)
}

pub fn configmap_from_value(v: &Value) -> ConfigMap {
    ConfigMap {
        metadata: ObjectMeta::default(),
        data: string_map(v.get("data")),
        binary_data: string_map(v.get("binaryData")),
        immutable: bool_of(v, "immutable"),
    }
}

pub fn configmap_to_value(c: &ConfigMap) -> Value {
    let mut o = Map::new();
    o.insert("apiVersion".into(), json!("v1"));
    if !c.binary_data.is_empty() {
        o.insert("binaryData".into(), json!(c.binary_data));
    }
    if !c.data.is_empty() {
        o.insert("data".into(), json!(c.data));
    }
    if let Some(b) = c.immutable {
        o.insert("immutable".into(), json!(b));
    }
    o.insert("kind".into(), json!("ConfigMap"));
    o.insert("metadata".into(), meta_to_value(&c.metadata));
    Value::Object(o)
}

/// Decodes an admitted Secret: `stringData` merged over `data` (base64-encoded), type defaulted
/// to `Opaque` (`SetDefaults_Secret`).
pub fn secret_from_value(v: &Value) -> Secret {
    let mut data = string_map(v.get("data"));
    for (k, s) in string_map(v.get("stringData")) {
        data.insert(k, base64_encode(s.as_bytes()));
    }
    let type_ = v
        .get("type")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .unwrap_or("Opaque")
        .to_string();
    Secret {
        metadata: ObjectMeta::default(),
        data,
        type_,
        immutable: bool_of(v, "immutable"),
    }
}

pub fn secret_to_value(s: &Secret) -> Value {
    let mut o = Map::new();
    o.insert("apiVersion".into(), json!("v1"));
    if !s.data.is_empty() {
        o.insert("data".into(), json!(s.data));
    }
    if let Some(b) = s.immutable {
        o.insert("immutable".into(), json!(b));
    }
    o.insert("kind".into(), json!("Secret"));
    o.insert("metadata".into(), meta_to_value(&s.metadata));
    o.insert("type".into(), json!(s.type_));
    Value::Object(o)
}

/// The object as validation sees it: a Secret's `stringData` already merged into `data` and
/// its type defaulted (conversion and defaulting run before validation upstream).
pub fn normalize_secret(v: &mut Value) {
    let s = secret_from_value(v);
    if let Some(m) = v.as_object_mut() {
        m.remove("stringData");
        if s.data.is_empty() {
            m.remove("data");
        } else {
            m.insert("data".into(), json!(s.data));
        }
        m.insert("type".into(), json!(s.type_));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_reports_go_offsets() {
        for s in ["", "a", "ab", "abc", "hello\n", "\u{0}\u{ff}"] {
            let e = base64_encode(s.as_bytes());
            assert_eq!(base64_decode(&e).unwrap(), s.as_bytes(), "{s}");
        }
        assert_eq!(base64_encode(b"b"), "Yg==");
        assert_eq!(base64_encode(b"hello\n"), "aGVsbG8K");
        assert_eq!(base64_decode("abc"), Err(0));
        assert_eq!(base64_decode("abcd!"), Err(4));
        assert_eq!(base64_decode("not base64"), Err(3));
        assert_eq!(base64_decode("Yg="), Err(3));
        assert_eq!(base64_decode("Yg==x"), Err(4));
        assert_eq!(base64_decode("Yg\n=="), Ok(b"b".to_vec()));
    }
}
