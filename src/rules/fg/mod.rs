//! FG: the Fargate seed rules (rules.md §1.1): ephemeral-storage encryption, capabilities, GuardDuty.

mod ephemeral_storage_size_range;
mod fargate_capability_not_allowed;
mod fargate_ephemeral_cmk_missing;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &fargate_ephemeral_cmk_missing::RULE,
    &ephemeral_storage_size_range::RULE,
    &fargate_capability_not_allowed::RULE,
];
