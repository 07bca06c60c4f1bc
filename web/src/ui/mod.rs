//! Yew components. Each takes its data as props (shared `Rc`s, so unchanged parts skip
//! re-rendering) and reports user actions as command lines or model actions.

pub mod app;
pub mod board;
pub mod editor;
pub mod events;
pub mod header;
pub mod nodes;
pub mod plot;
pub mod terminal;
