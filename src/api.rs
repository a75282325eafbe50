//! The public contract in JSON-string form: what the wasm layer exposes, testable natively with `cargo test`.
//! Errors in the *call* (bad options, unknown config keys) are `Err`; errors in the *data* are in the report.

use crate::config::Config;
use crate::engine::Engine;
use crate::input::{Format, InputError, InputFile};
use crate::report::{Baseline, Report};
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
    /// Findings accepted for now (a file written by `--write-baseline`): marked `baseline`, not blocking.
    pub baseline: Option<Baseline>,
}

/// One input of `validateFiles` / `renderFiles`: its text, or why it could not be read (a file the caller
/// could not open is reported as an error of that file; the others are still checked).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedInput {
    pub name: String,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    /// Found by walking a directory rather than named by the user: when it is not an ECS input in any known
    /// format it is listed in `report.skipped` instead of being an error.
    #[serde(default)]
    pub discovered: bool,
}

impl NamedInput {
    pub fn text(name: impl Into<String>, content: impl Into<String>) -> Self {
        NamedInput { name: name.into(), content: Some(content.into()), error: None, discovered: false }
    }

    /// A file the caller could not read, and why.
    pub fn unreadable(name: impl Into<String>, why: impl Into<String>) -> Self {
        NamedInput { name: name.into(), content: None, error: Some(why.into()), discovered: false }
    }
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

fn engine_with_baseline(config: Option<Config>, baseline: Option<Baseline>) -> Result<Engine, String> {
    let engine = engine_for(config)?;
    Ok(match baseline {
        Some(baseline) => engine.with_baseline(baseline),
        None => engine,
    })
}

/// `validate(input, options)` with the input as text.
pub fn validate(input: &str, options: ValidateOptions) -> Result<Report, String> {
    let engine = engine_with_baseline(options.config, options.baseline)?;
    Ok(engine.validate_str(input, options.file_name.as_deref().unwrap_or("input"), options.format))
}

/// Several named documents validated together (cross-file linking), as the CLI does.
pub fn validate_files(files: &[NamedInput], options: ValidateOptions) -> Result<Report, String> {
    let engine = engine_with_baseline(options.config, options.baseline)?;
    let mut unreadable = Vec::new();
    let mut inputs: Vec<InputFile<'_>> = Vec::with_capacity(files.len());
    for file in files {
        match (&file.content, &file.error) {
            (Some(text), None) => inputs.push(InputFile { name: &file.name, text }),
            (None, Some(why)) => unreadable.push(InputError {
                file: file.name.clone(),
                code: "unreadable",
                message: format!("cannot read the file: {why}"),
                path: None,
                location: None,
            }),
            (Some(_), Some(_)) | (None, None) => {
                return Err(format!(
                    "each file must be {{ name: string, content: string }} (or {{ name, error }} for a file that could not be read): `{}` has {} of the two",
                    file.name,
                    if file.content.is_some() { "both" } else { "neither" }
                ))
            }
        }
    }
    let mut report = engine.validate_files(&inputs, options.format);
    let (skipped, errors) = std::mem::take(&mut report.errors).into_iter().partition(|error| {
        error.code == "unknown-format" && files.iter().any(|f| f.discovered && f.name == error.file)
    });
    report.errors = errors;
    report.errors.extend(unreadable);
    report.summary.errors = report.errors.len();
    report.skipped = skipped;
    Ok(report)
}

/// Output formats of [`render`].
pub const OUTPUTS: &[&str] = &["text", "json", "sarif", "junit"];

/// A report rendered as `text`, `json`, `sarif` or `junit`; `baseline_given` adds SARIF baseline states.
pub fn render(report: &Report, output: &str, baseline_given: bool) -> Result<String, String> {
    Ok(match output {
        "text" => crate::report::text::render(report),
        "json" => report.to_json(),
        "sarif" => crate::report::sarif::render(report, baseline_given),
        "junit" => crate::report::junit::render(report),
        other => return Err(format!("unknown output `{other}`; expected {}", OUTPUTS.join(", "))),
    })
}

/// The full documentation of a rule (by id or name), as Markdown: what `--explain` prints.
pub fn explain_rule(id_or_name: &str) -> Result<String, String> {
    match rules::find(id_or_name).or_else(|| rules::all().find(|r| r.id.eq_ignore_ascii_case(id_or_name))) {
        Some(rule) => Ok(crate::docs::rule_page(rule)),
        None => Err(format!("no rule `{id_or_name}`{}", crate::config::did_you_mean(id_or_name, crate::config::rule_names()))),
    }
}

pub fn validate_json_str(input: &str, options_json: &str) -> Result<String, String> {
    Ok(validate(input, parse_options(options_json)?)?.to_json())
}

/// Options of `validateResource(type, props, options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResourceOptions {
    /// The resource's name (Pulumi logical name); names it in findings.
    pub name: Option<String>,
    pub urn: Option<String>,
    pub config: Option<Config>,
}

/// Options of `validateStack(resources, options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StackOptions {
    /// Names the stack in findings (default `stack`).
    pub file_name: Option<String>,
    pub config: Option<Config>,
}

/// Options of any entry point from JSON text (empty = defaults).
pub fn parse_options_as<T: Default + serde::de::DeserializeOwned>(options_json: &str) -> Result<T, String> {
    if options_json.trim().is_empty() {
        return Ok(T::default());
    }
    serde_json::from_str(options_json).map_err(|e| format!("invalid options: {e}"))
}

/// `validateResource(type, props, options)`: one resource's input properties (`props` as JSON text), as a
/// Pulumi resource policy sees them; `type` is a Pulumi token, a CloudFormation type or a Terraform type.
/// An unknown type is an `unknown-resource-type` error in the report, not an `Err`.
pub fn validate_resource(resource_type: &str, props: &str, options: ResourceOptions) -> Result<Report, String> {
    let engine = engine_for(options.config)?;
    engine.validate_resource(resource_type, props, options.name.as_deref(), options.urn.as_deref())
}

pub fn validate_resource_json_str(resource_type: &str, props: &str, options_json: &str) -> Result<String, String> {
    Ok(validate_resource(resource_type, props, parse_options_as(options_json)?)?.to_json())
}

/// `validateStack(resources, options)`: `[{ type, name?, urn?, props, propertyDependencies? }]` as JSON text,
/// validated together so that services link to their task definitions and clusters (see `input::pulumi`).
/// Pointers in the report are into that array (`/2/props/networkConfiguration/assignPublicIp`).
pub fn validate_stack(resources: &str, options: StackOptions) -> Result<Report, String> {
    let engine = engine_for(options.config)?;
    Ok(engine.validate_str(resources, options.file_name.as_deref().unwrap_or("stack"), Some(Format::Pulumi)))
}

pub fn validate_stack_json_str(resources: &str, options_json: &str) -> Result<String, String> {
    Ok(validate_stack(resources, parse_options_as(options_json)?)?.to_json())
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
