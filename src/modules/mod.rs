//! The capabilities of essaim, one folder each (see ARCHITECTURE.md).

pub mod demo;
pub mod events;
pub mod network;
pub mod news;
pub mod seed;
pub mod site;
pub mod wordpress;
