//! JSON as kubectl prints it: Go's `json.MarshalIndent(obj, "", "    ")` with map keys sorted.

use serde::Serialize;
use serde_json::Value;

pub fn to_json(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(buf).unwrap_or_default()
}
