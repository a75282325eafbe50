//! The public contract in JSON-string form: what the wasm layer exposes, testable natively with `cargo test`.
//! Errors in the *call* (bad options, unknown config keys) are `Err`; errors in the *data* are in the report.

use crate::config::Config;
use crate::engine::Engine;
use crate::input::{Format, InputFile};
use crate::report::Report;
use crate::rules::{self, Equivalent, Example, Param, Severity};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidateOptions {
    /// Skip auto-detection.
    pub format: Option<Format>,
    /// Names the input in findings (default `input`).
    pub file_name: Option<String>,
    pub config: Option<Config>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedInput {
    pub name: String,
    pub content: String,
}

pub fn parse_options(options_json: &str) -> Result<ValidateOptions, String> {
    if options_json.trim().is_empty() {
        return Ok(ValidateOptions::default());
    }
    serde_json::from_str(options_json).map_err(|e| format!("invalid options: {e}"))
}

pub fn engine_for(config: Option<Config>) -> Result<Engine, String> {
    Engine::new(config.unwrap_or_default())
}

/// `validate(input, options)` with the input as text.
pub fn validate(input: &str, options: ValidateOptions) -> Result<Report, String> {
    let engine = engine_for(options.config)?;
    Ok(engine.validate_str(input, options.file_name.as_deref().unwrap_or("input"), options.format))
}

/// Several named documents validated together (cross-file linking), as the CLI does.
pub fn validate_files(files: &[NamedInput], options: ValidateOptions) -> Result<Report, String> {
    let engine = engine_for(options.config)?;
    let inputs: Vec<InputFile<'_>> = files.iter().map(|f| InputFile { name: &f.name, text: &f.content }).collect();
    Ok(engine.validate_files(&inputs, options.format))
}

pub fn validate_json_str(input: &str, options_json: &str) -> Result<String, String> {
    Ok(validate(input, parse_options(options_json)?)?.to_json())
}

/// Everything a UI, the docs or SARIF need to know about a rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMeta {
    pub id: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub kinds: Vec<&'static str>,
    pub description: &'static str,
    pub remediation: &'static str,
    pub docs_url: String,
    pub references: &'static [Equivalent],
    pub params: &'static [Param],
    pub examples: &'static [Example],
}

pub fn rule_metadata() -> Vec<RuleMeta> {
    rules::all()
        .map(|r| RuleMeta {
            id: r.id,
            name: r.name,
            title: r.title,
            severity: r.severity,
            kinds: r.kinds.iter().map(|k| k.as_str()).collect(),
            description: r.description,
            remediation: r.remediation,
            docs_url: r.docs_url(),
            references: r.equivalents,
            params: r.params,
            examples: r.examples,
        })
        .collect()
}

pub fn rules_json() -> String {
    serde_json::to_string(&rule_metadata()).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_options_use_the_names_reports_use() {
        for format in [Format::AwsApi, Format::CloudFormation, Format::TerraformPlan, Format::Pulumi] {
            let options = parse_options(&format!(r#"{{"format": "{}"}}"#, format.as_str())).expect("a valid format name");
            assert_eq!(options.format, Some(format));
        }
    }
}
