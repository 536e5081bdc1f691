//! Integration tests of the sandbox over real loopback HTTP: an in-process `Sandbox`, ureq as the
//! client and the core `Signer` for signatures. One binary, one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod abnormal;
mod auth;
mod conns;
mod control;
mod embedded;
mod faults;
mod framing;
mod http;
mod orders;
mod query;
mod refunds;
mod settlements;
mod signatures;
mod support;
mod tcp;
mod webhooks;
