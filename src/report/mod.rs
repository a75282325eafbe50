//! The report: findings as data (design.md §5), and renderers that turn it into text, JSON, SARIF 2.1.0 and
//! JUnit XML.

pub mod junit;
pub mod sarif;
pub mod text;

use crate::fix::PatchOp;
use crate::input::{InputError, Location};
use crate::rules::{Equivalent, Severity, Status};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub version: &'static str,
    pub findings: Vec<Finding>,
    pub resources: Vec<ResourceRef>,
    pub errors: Vec<InputError>,
    /// Files found by walking a directory that are not ECS inputs in any known format (not errors).
    pub skipped: Vec<InputError>,
    /// Suppressions that matched no finding (cargo-deny's rule: a suppression that does nothing is reported,
    /// so it does not outlive its reason).
    pub stale_suppressions: Vec<StaleSuppression>,
    pub summary: Summary,
    /// Every (rule, resource) pair evaluated and its outcome, for renderers that list passes (JUnit).
    #[serde(skip)]
    pub evaluations: Vec<Evaluation>,
}

/// How one (rule, resource) pair ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
    Undecided,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub rule: &'static str,
    /// Index into [`Report::resources`].
    pub resource: usize,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StaleSuppression {
    /// The rule as the suppression names it.
    pub rule: String,
    /// The resource glob (config) or the resource carrying the suppression (inline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub reason: String,
    /// `config`, or where in the input the suppression is written.
    pub source: String,
    /// Why it is stale: it matched nothing, or it names no rule.
    pub message: String,
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
    /// RFC 6902 JSON Patch against the user's document that removes the cause (unambiguous remedies only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Vec<PatchOp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppressed>,
    /// The finding is in the baseline given with the call: known, accepted for now, not blocking.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub baseline: bool,
}

impl Finding {
    /// The line-independent identity a baseline records (rule, resource address, file, path).
    pub fn fingerprint(&self) -> Fingerprint {
        let mut path = self.path.clone();
        if let Some(embedded) = &self.embedded_path {
            path.push_str(embedded);
        }
        if let Some(missing) = &self.missing {
            path.push('/');
            path.push_str(&crate::fix::escape(missing));
        }
        Fingerprint { rule_id: self.rule_id.to_string(), resource: self.resource.address.clone(), file: self.resource.file.clone(), path }
    }
}

/// One entry of a baseline. `path` is the finding's pointer, continued into a JSON-encoded string's contents
/// (`embeddedPath`) and to the missing key, so that two findings at different places never share one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fingerprint {
    pub rule_id: String,
    pub resource: String,
    pub file: String,
    pub path: String,
}

/// A baseline file (`--write-baseline`): the findings accepted when it was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Baseline {
    /// Format version of the file, 1.
    pub fargate_guard_baseline: u32,
    pub findings: Vec<Fingerprint>,
}

impl Baseline {
    /// The unsuppressed findings of a report, sorted and without duplicates (stable diffs).
    pub fn of(report: &Report) -> Baseline {
        let mut findings: Vec<Fingerprint> = report.findings.iter().filter(|f| f.suppressed.is_none()).map(Finding::fingerprint).collect();
        findings.sort();
        findings.dedup();
        Baseline { fargate_guard_baseline: 1, findings }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
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
    /// Failing findings at or above `threshold` that are neither suppressed nor in the baseline: non-zero
    /// fails a CI run.
    pub blocking: usize,
    /// Findings marked as in the baseline.
    pub baselined: usize,
    pub stale_suppressions: usize,
    pub threshold: Severity,
    pub errors: usize,
}

impl Report {
    pub fn to_json(&self) -> String {
        pretty_json(self, self.rendered_size_hint()).unwrap_or_else(|e| format!("{{\"error\":\"cannot serialise the report: {e}\"}}"))
    }

    /// About the bytes of this report rendered as pretty JSON (a finding takes ~1.2 KB), so the output
    /// buffer is allocated once instead of doubling, and copied, a dozen times on a large report.
    pub fn rendered_size_hint(&self) -> usize {
        1024 + self.findings.len() * 1400 + self.resources.len() * 256 + self.errors.len() * 512
    }
}

/// Pretty JSON written into a buffer of `capacity` bytes.
pub fn pretty_json(value: &impl Serialize, capacity: usize) -> Result<String, String> {
    let mut out = Vec::with_capacity(capacity);
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}
