//! Learning a site's boilerplate from its own pages: what recurs across the pages of one host
//! while the articles change is the site's template.
//!
//! - [`fingerprint`]: a block's text as a pattern (folded, numbers and month names masked);
//! - [`summary`]: the bounded per-host count of patterns and the pages they were seen on;
//! - [`guard`]: the precision guard deciding which patterns may become rules, and why;
//! - [`propose`]: patterns that pass, as rules; [`rule_file`]: those rules as a file to review;
//! - [`live`]: a job's learning as it runs (`learn = true`), dropping learned blocks from later
//!   pages.

pub mod fingerprint;
pub mod guard;
pub mod live;
pub mod propose;
pub mod rule_file;
pub mod summary;

pub use guard::Guard;
pub use live::Learner;
pub use propose::{propose, Proposal};
pub use summary::HostSummary;
