//! kubectl's printing helpers: Go's text/tabwriter, apimachinery/Go duration formatting,
//! timestamp formatting, JSON in sorted (unstructured) and Go struct (typed) field order. Pure
//! functions; the engine's printers build on them.

pub mod duration;
pub mod go_order;
mod go_order_table;
pub mod json;
pub mod tabwriter;
pub mod timefmt;
pub mod yaml;

pub use duration::{
    go_duration, human_duration, parse_go_duration, parse_go_duration_ns, short_human_duration,
};
pub use tabwriter::TabWriter;
pub use timefmt::{parse_rfc3339, rfc1123z, rfc3339, rfc3339_micro};
