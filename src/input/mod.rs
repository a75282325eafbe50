//! Reading inputs: detect the format, parse (keeping what is needed for line/column), normalise into the
//! canonical model. Problems in the data become [`InputError`]s, never panics.

pub mod aws_api;
pub mod cloudformation;
pub mod convert;
mod flow_indent;
pub mod limits;
pub mod locate;
pub mod provider;
pub mod pulumi;
mod suppress;
pub mod terraform;
mod types;
pub mod yaml;

use crate::model::{Model, Origin, SourcePath};
use locate::PositionIndex;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::cell::OnceCell;

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
pub struct Source<'a> {
    pub name: String,
    pub format: Option<Format>,
    locator: Locator<'a>,
}

enum Locator<'a> {
    None,
    /// JSON text (`lines`: one value per line, addressed as a list); indexed on the first request only, so a
    /// document without findings costs nothing here.
    Json { text: &'a str, lines: bool, index: OnceCell<PositionIndex> },
    /// YAML: positions recorded by the parser.
    Yaml(PositionIndex),
}

impl<'a> Locator<'a> {
    /// A JSON text, indexed only when a position is first asked for.
    pub(crate) fn json(text: &'a str) -> Self {
        Locator::Json { text, lines: false, index: OnceCell::new() }
    }
}

impl Source<'_> {
    /// Line and column of the value at `path` (of the key that holds it, when it has one).
    pub fn locate(&self, path: &SourcePath) -> Option<Location> {
        match &self.locator {
            Locator::None => None,
            Locator::Json { text, lines, index } => index.get_or_init(|| locate::index_json(text, *lines)).locate(text, &path.pointer),
            Locator::Yaml(index) => index.locate("", &path.pointer),
        }
    }
}

/// A problem in one part of a document that does not stop the rest of it from being read.
#[derive(Debug)]
pub struct Issue {
    pub code: &'static str,
    pub message: String,
    pub origin: Origin,
}

impl Issue {
    /// Names the resource the problem is in.
    pub fn about(mut self, resource: &str) -> Self {
        self.message = format!("{resource}: {}", self.message);
        self
    }

    pub fn into_error(self, source: &Source<'_>, origins: &crate::model::Origins) -> InputError {
        let path = origins.path(self.origin);
        let location = source.locate(&path);
        InputError { file: source.name.clone(), code: self.code, message: self.message, path: Some(path.pointer), location }
    }
}

pub use limits::Limits;

/// Reads every file into `model`; returns what was read of each (same order) and the data errors.
pub fn read_files<'a>(files: &[InputFile<'a>], forced: Option<Format>, limits: &Limits, model: &mut Model) -> (Vec<Source<'a>>, Vec<InputError>) {
    let mut sources = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let document = u32::try_from(index).unwrap_or(u32::MAX);
        let mut source = Source { name: file.name.to_string(), format: None, locator: Locator::None };
        let first_resource = model.resources.len();
        let mut issues = match read_one(file, &mut source, document, forced, limits, model) {
            Ok(issues) => issues,
            Err(error) => {
                errors.push(error);
                sources.push(source);
                continue;
            }
        };
        for resource in model.resources.iter_mut().skip(first_resource) {
            issues.extend(types::check(resource).into_iter().map(|issue| issue.about(&resource.name)));
            issues.extend(suppress::from_tags(resource));
        }
        errors.extend(issues.into_iter().map(|issue| issue.into_error(&source, &model.origins)));
        sources.push(source);
    }
    for error in &mut errors {
        error.message = limits::clip(std::mem::take(&mut error.message), limits::MAX_MESSAGE);
    }
    (sources, errors)
}

fn read_one<'a>(
    file: &InputFile<'a>,
    source: &mut Source<'a>,
    document: u32,
    forced: Option<Format>,
    limits: &Limits,
    model: &mut Model,
) -> Result<Vec<Issue>, InputError> {
    let error = |code, message: String| InputError { file: file.name.to_string(), code, message, path: None, location: None };
    limits.check_text(file.text).map_err(|(code, message)| error(code, message))?;
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(file.text);
    if text.trim().is_empty() {
        return Err(error("empty-input", "the input is empty".into()));
    }
    let (json, locator) = parse(text, limits).map_err(|(code, message, location)| InputError { location, ..error(code, message) })?;
    source.locator = locator;
    let format = match forced {
        Some(format) => format,
        None => detect(&json).ok_or_else(|| {
            match aws_api::describe_output(&json) {
                Some(message) => error("describe-output", message),
                None => error(
                    "unknown-format",
                    "could not tell the format: tried CloudFormation (a `Resources` map), Terraform plan (`format_version` \
                     with `resource_changes` or `planned_values`), Pulumi resources (`type` and `props`) and AWS API JSON \
                     (task definition, service, cluster, task set or run-task request fields); pass a format to choose one"
                        .into(),
                ),
            }
        })?,
    };
    let adapter_error = |message: String| error("unsupported-input", message);
    let issues = match format {
        Format::AwsApi => {
            aws_api::read(&json, document, limits, model).map_err(adapter_error)?;
            Vec::new()
        }
        Format::CloudFormation => cloudformation::read(&json, document, limits, model).map_err(adapter_error)?,
        Format::TerraformPlan => terraform::read(&json, document, limits, model).map_err(adapter_error)?,
        Format::Pulumi => pulumi::read(&json, document, limits, model).map_err(adapter_error)?,
    };
    source.format = Some(format);
    Ok(issues)
}

/// JSON when the text starts like JSON (one value, or one request object per line); YAML otherwise. Text that
/// starts like JSON but is not valid JSON is a JSON error with its position, never re-read as YAML: a missing
/// value or a trailing comma must not silently become `null`.
fn parse<'a>(text: &'a str, limits: &Limits) -> Result<(Json, Locator<'a>), (&'static str, String, Option<Location>)> {
    let json_locator = |lines| Locator::Json { text, lines, index: OnceCell::new() };
    if !text.trim_start().starts_with(['{', '[']) {
        return yaml::parse(text, limits.max_depth)
            .map(|parsed| (parsed.value, Locator::Yaml(parsed.index)))
            .map_err(|e| (e.code, e.message, e.location));
    }
    let json_error = match limits::parse_json(text) {
        Ok(json) => return Ok((json, json_locator(false))),
        Err(e) => e,
    };
    let json_error = match json_lines(text) {
        Ok(lines) => return Ok((lines, json_locator(true))),
        Err(Some(line_error)) => line_error,
        Err(None) => json_error,
    };
    let location = u32::try_from(json_error.line()).ok().zip(u32::try_from(json_error.column()).ok()).map(|(line, column)| Location { line, column });
    Err(("invalid-json", format!("not valid JSON: {json_error}"), location))
}

/// NDJSON: two or more JSON objects, one after the other (one request per line). Not that: the error in a
/// later line when the first object read (it says more than "trailing characters" after the first), else `None`.
fn json_lines(text: &str) -> Result<Json, Option<serde_json::Error>> {
    match limits::parse_json_stream(text) {
        (items, None) if items.len() > 1 && items.iter().all(Json::is_object) => Ok(Json::Array(items)),
        (items, Some(error)) if items.first().is_some_and(Json::is_object) => Err(Some(error)),
        _ => Err(None),
    }
}

/// Auto-detection from the document's top-level shape.
pub fn detect(json: &Json) -> Option<Format> {
    match json {
        Json::Object(map) => {
            if map.get("Resources").is_some_and(Json::is_object) || map.contains_key("AWSTemplateFormatVersion") {
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
        Json::Array(items) if !items.is_empty() && items.iter().all(is_pulumi_resource) => Some(Format::Pulumi),
        Json::Array(items) if !items.is_empty() && items.iter().all(|i| aws_api::recognise(i).is_some()) => Some(Format::AwsApi),
        _ => None,
    }
}

/// `{ "type": "aws:ecs/service:Service", "props": { … } }`: a Pulumi resource as a policy sees it.
fn is_pulumi_resource(json: &serde_json::Value) -> bool {
    json.get("type").is_some_and(serde_json::Value::is_string) && json.get("props").is_some_and(serde_json::Value::is_object)
}
