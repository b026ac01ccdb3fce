//! kooship: lint, check and package SaaS product releases for Huawei Cloud KooGallery.
//!
//! The pipeline, one module per stage: [`load`] (bytes → spanned YAML → JSON value and
//! pointer → span index), [`schema`] (generated JSON Schema, MAN002–MAN004), [`model`]
//! (typed serde structs), [`rules`] (the catalog, one file per area), [`settings`] (lint
//! settings), [`fix`] (fixes as text edits), [`report`] (output formats). [`lint`] runs them
//! for one manifest; [`package`] renders a clean manifest as the release checklist and the
//! submission bundle; [`probe`] checks the live endpoint (the only network access);
//! [`server`] is the language server; [`cli`] is the command line.

pub mod cli;
pub mod clock;
pub mod decimal;
pub mod describe;
pub mod files;
pub mod finding;
pub mod fix;
pub mod history;
pub mod init;
pub mod invariants;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod package;
pub mod probe;
pub mod release;
pub mod report;
pub mod rules;
pub mod schema;
pub mod server;
pub mod settings;
