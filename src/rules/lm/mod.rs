//! LM: logging and monitoring (rules.md §1.6): container logs, log delivery mode, Container Insights.

mod container_insights;
mod log_configuration;
mod log_delivery_mode;

use super::Rule;

pub static RULES: &[&Rule] = &[&log_configuration::RULE, &log_delivery_mode::RULE, &container_insights::RULE];
