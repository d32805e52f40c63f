//! unboil strips boilerplate from scraped news and writes clean article text, recording every
//! removal and the rule behind it.
//!
//! The flow is one direction: a [`source`] yields [`RawPage`]s, [`extract`] turns
//! each into a [`Document`] of blocks, a [`clean::Chain`] of cleaners removes boilerplate and records
//! each removal in a [`Trail`], and a [`sink`] writes the result.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod document;
pub mod extract;
pub mod learn;
pub mod schedule;
pub mod source;
pub mod state;
pub mod text;
pub mod trail;

pub use document::{Block, BlockKind, Document, Flag};
pub use raw_page::RawPage;
pub use trail::{Removal, Trail};
pub mod atomic;
pub mod clean;
pub mod config;
pub mod config_doc;
pub mod pipeline;
pub mod problem;
pub mod raw_page;
pub mod rule_tests;
pub mod rules;
pub mod sink;
