#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod body;
pub mod client;
pub mod error;
pub mod exact_json;
#[doc(hidden)]
pub mod fuzzing;
pub mod model;
pub mod operation;
mod operation_docs;
pub mod reconcile;
#[cfg(feature = "schema")]
pub mod schema;
pub mod signing;
pub mod store;
#[cfg(feature = "uniffi")]
pub mod uniffi_support;
pub mod webhook;

/// The repository README's Rust blocks, compiled (and run unless `no_run`) as doctests, so the
/// README shows code this crate accepts. Only under `cargo test --doc`: a packaged crate never
/// reads the file.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct RepositoryReadme;

pub use body::{Amount, canonicalize, to_body};
pub use client::{Client, ClientBuilder, Environment};
pub use error::{Error, Result};
pub use operation::{Method, Operation};
pub use reconcile::{Reconciler, ReconcilerOptions};
pub use signing::{QueryPrefix, SignInput, Signer};
pub use store::EventDeduplicator;
pub use webhook::{Event, EventData, Verifier};

// The UniFFI component of the core types (feature `uniffi`); the Kotlin binding crate links it.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("wcheckout_core");

/// This crate's version, as sent in the `User-Agent` header.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
