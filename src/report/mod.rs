//! The report: findings as data (design.md §5), and renderers that turn it into text and JSON.

pub mod text;

use crate::input::{InputError, Location};
use crate::rules::{Equivalent, Severity, Status};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub version: &'static str,
    pub findings: Vec<Finding>,
    pub resources: Vec<ResourceRef>,
    pub errors: Vec<InputError>,
    /// Files found by walking a directory that are not ECS inputs in any known format (not errors).
    pub skipped: Vec<InputError>,
    pub summary: Summary,
}

impl Report {
    /// Drops line/column: for inputs given as objects they would point into a serialisation the user never saw.
    pub fn without_locations(mut self) -> Self {
        self.findings.iter_mut().for_each(|finding| finding.location = None);
        self.errors.iter_mut().for_each(|error| error.location = None);
        self
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    pub kind: &'static str,
    pub name: String,
    pub address: String,
    pub file: String,
    /// Detected input format of the file.
    pub format: &'static str,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub rule_id: &'static str,
    pub rule_name: &'static str,
    pub status: Status,
    pub severity: Severity,
    pub title: &'static str,
    pub message: String,
    pub resource: ResourceRef,
    /// RFC 6901 pointer into the user's document (the value, or the object that lacks `missing`).
    pub path: String,
    /// The key that should exist under `path`, spelled as the user's format spells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// Pointer into the JSON-encoded string at `path` (Terraform `container_definitions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedded_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub remediation: &'static str,
    pub docs_url: String,
    pub references: &'static [Equivalent],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppressed>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Suppressed {
    pub reason: String,
    /// `config`, or where in the input the suppression was written.
    pub source: String,
}

/// Counts over every (rule, resource) pair that was evaluated, so "0 findings" never hides "0 rules ran".
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub resources: usize,
    pub rules: usize,
    pub pass: usize,
    pub fail: usize,
    pub skip: usize,
    pub undecided: usize,
    pub suppressed: usize,
    /// Failing findings at or above `threshold` that are not suppressed: non-zero fails a CI run.
    pub blocking: usize,
    pub threshold: Severity,
    pub errors: usize,
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"cannot serialise the report: {e}\"}}"))
    }
}
