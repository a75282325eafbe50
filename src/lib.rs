#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

//! fargate-guard: a pre-provisioning policy engine for Amazon ECS and AWS Fargate.
//!
//! Data flow (design.md §2): [`input`] detects and parses a document and normalises it into the canonical
//! [`model`]; [`link`] joins workloads to task definitions and clusters; [`rules`] evaluate the linked model;
//! [`engine`] applies the [`config`] and builds a [`report::Report`]. [`api`] is the contract in JSON-string
//! form; `wasm` (wasm32 only) is the only module that knows about JavaScript.

pub mod api;
pub mod config;
pub mod docs;
pub mod engine;
pub mod facts;
pub mod fix;
pub mod input;
pub mod link;
pub mod model;
pub mod number;
pub mod report;
pub mod rules;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
