//! CS rules (rules.md §1).

use super::Rule;

pub static RULES: &[&Rule] = &[];
