//! What text looks like, shared by every stage: phrase folding (NFKC, case, whitespace) for
//! matching, word counts, and telling a headline from a sentence.
//!
//! Extraction, site rules, the cleaners and learning all ask these questions of the same text, so
//! they ask them here, once, and agree on the answers.

pub(crate) mod ascii_masks;
mod char_table;
pub mod fold;
pub mod tidy;
pub mod title;

pub use fold::{fold, word_count};
pub use title::looks_like_title;
