//! API types, codec, defaults and validation.

pub mod apps;
pub mod codec;
pub mod defaults;
pub mod schema;
pub mod core;
pub mod meta;
pub mod server;
pub mod yaml;

pub use self::apps::*;
pub use self::core::*;
pub use self::meta::*;
