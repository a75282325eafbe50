//! CS: cluster, service and ECS Exec (rules.md §1.7).

mod capacity_provider_termination;
mod circuit_breaker;
mod desired_count_zero;
mod exec_enabled;
mod exec_encryption;
mod exec_logging;
mod exec_override_config;
mod exec_readonly_conflict;
mod latest_platform;
mod required_tags;
mod service_role;

use super::Rule;
use crate::model::{Field, Node};

pub static RULES: &[&Rule] = &[
    &exec_logging::RULE,
    &exec_encryption::RULE,
    &exec_override_config::RULE,
    &exec_enabled::RULE,
    &exec_readonly_conflict::RULE,
    &latest_platform::RULE,
    &circuit_breaker::RULE,
    &capacity_provider_termination::RULE,
    &required_tags::RULE,
    &service_role::RULE,
    &desired_count_zero::RULE,
];

/// A cluster's ECS Exec settings: `configuration.executeCommandConfiguration`.
fn exec_configuration(cluster: &Node) -> Field<'_> {
    cluster.get("configuration").get("executeCommandConfiguration")
}
