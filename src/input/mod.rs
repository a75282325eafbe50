//! Reading inputs: detect the format, parse (keeping what is needed for line/column), normalise into the
//! canonical model. Problems in the data become [`InputError`]s, never panics.

pub mod aws_api;
pub mod cloudformation;
pub mod convert;
pub mod limits;
pub mod provider;
pub mod pulumi;
pub mod terraform;

use crate::model::{Model, SourcePath};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// AWS API / CLI JSON: RegisterTaskDefinition, DescribeTaskDefinition, CreateService, CreateCluster, RunTask.
    #[serde(rename = "aws-api")]
    AwsApi,
    #[serde(rename = "cloudformation")]
    CloudFormation,
    #[serde(rename = "terraform-plan")]
    TerraformPlan,
    #[serde(rename = "pulumi")]
    Pulumi,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::AwsApi => "aws-api",
            Format::CloudFormation => "cloudformation",
            Format::TerraformPlan => "terraform-plan",
            Format::Pulumi => "pulumi",
        }
    }
}

/// 1-based line and column (in Unicode scalar values) of a value in a text input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputError {
    pub file: String,
    /// Stable machine-readable code, e.g. `invalid-json`, `unknown-format`, `too-large`.
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// One input document as handed in by the caller.
pub struct InputFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// What is kept of each document after reading: its name, detected format, and what locates pointers.
pub struct Source {
    pub name: String,
    pub format: Option<Format>,
    locator: Locator,
}

enum Locator {
    None,
}

impl Source {
    pub fn locate(&self, _path: &SourcePath) -> Option<Location> {
        match self.locator {
            Locator::None => None,
        }
    }
}

pub use limits::Limits;

/// Reads every file into `model`; returns what was read of each (same order) and the data errors.
pub fn read_files(files: &[InputFile<'_>], forced: Option<Format>, limits: &Limits, model: &mut Model) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let document = u32::try_from(index).unwrap_or(u32::MAX);
        let format = match read_one(file, document, forced, limits, model, &mut errors) {
            Ok(format) => Some(format),
            Err(error) => {
                errors.push(error);
                None
            }
        };
        sources.push(Source { name: file.name.to_string(), format, locator: Locator::None });
    }
    (sources, errors)
}

/// `errors` receives problems confined to one resource; the rest of the document is still read.
fn read_one(file: &InputFile<'_>, document: u32, forced: Option<Format>, limits: &Limits, model: &mut Model, errors: &mut Vec<InputError>) -> Result<Format, InputError> {
    let error = |code, message: String| InputError { file: file.name.to_string(), code, message, path: None, location: None };
    limits.check_text(file.text).map_err(|(code, message)| error(code, message))?;
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
    if text.trim().is_empty() {
        return Err(error("empty-input", "the input is empty".into()));
    }
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| InputError {
        file: file.name.to_string(),
        code: "invalid-json",
        message: format!("not valid JSON: {e}"),
        path: None,
        location: u32::try_from(e.line()).ok().zip(u32::try_from(e.column()).ok()).map(|(line, column)| Location { line, column }),
    })?;
    let format = match forced {
        Some(format) => format,
        None => detect(&json).ok_or_else(|| {
            error(
                "unknown-format",
                "could not tell the format: tried CloudFormation (a `Resources` map), Terraform plan (`format_version` with \
                 `resource_changes` or `planned_values`) and AWS API JSON (task definition, service, cluster or run-task \
                 request fields)"
                    .into(),
            )
        })?,
    };
    let adapter_error = |message: String| error("unsupported-input", message);
    match format {
        Format::AwsApi => aws_api::read(&json, document, limits, model).map_err(adapter_error)?,
        Format::CloudFormation => cloudformation::read(&json, document, limits, model).map_err(adapter_error)?,
        Format::TerraformPlan | Format::Pulumi => {
            let read = if format == Format::Pulumi { pulumi::read } else { terraform::read };
            let problems = read(&json, document, limits, model).map_err(adapter_error)?;
            errors.extend(problems.into_iter().map(|p| p.into_error(file.name, &model.origins)));
        }
    }
    Ok(format)
}

/// Auto-detection from the document's top-level shape.
pub fn detect(json: &serde_json::Value) -> Option<Format> {
    match json {
        serde_json::Value::Object(map) => {
            if map.get("Resources").is_some_and(serde_json::Value::is_object) || map.contains_key("AWSTemplateFormatVersion") {
                Some(Format::CloudFormation)
            } else if map.contains_key("format_version") && (map.contains_key("resource_changes") || map.contains_key("planned_values")) {
                Some(Format::TerraformPlan)
            } else if is_pulumi_resource(json) {
                Some(Format::Pulumi)
            } else if aws_api::recognise(json).is_some() {
                Some(Format::AwsApi)
            } else {
                None
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() && items.iter().all(is_pulumi_resource) => Some(Format::Pulumi),
        serde_json::Value::Array(items) if !items.is_empty() && items.iter().all(|i| aws_api::recognise(i).is_some()) => Some(Format::AwsApi),
        _ => None,
    }
}

/// `{ "type": "aws:ecs/service:Service", "props": { … } }`: a Pulumi resource as a policy sees it.
fn is_pulumi_resource(json: &serde_json::Value) -> bool {
    json.get("type").is_some_and(serde_json::Value::is_string) && json.get("props").is_some_and(serde_json::Value::is_object)
}
