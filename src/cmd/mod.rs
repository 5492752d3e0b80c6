//! The commands, one file each: what `main.rs` dispatches to once the command line is parsed.

pub mod build;
pub mod init;
pub mod links;
pub mod serve;
