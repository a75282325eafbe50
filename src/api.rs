//! The public contract in JSON-string form: what the wasm layer exposes, testable natively with `cargo test`.
//! Errors in the *call* (bad options, unknown config keys) are `Err`; errors in the *data* are in the report.

use crate::config::{did_you_mean, optional_string, wrong_type, Config};
use crate::engine::Engine;
use crate::input::{Format, InputError, InputFile};
use crate::report::{Baseline, Fingerprint, Report};
use crate::rules::{self, Equivalent, Example, Param, Severity};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

type Object = serde_json::Map<String, Json>;

// The option types are read by hand from a `serde_json::Value` (their `Deserialize` impls go through the same
// readers): serde's derived deserialisers cost ~40 KB of wasm (docs/size.md). Messages keep serde's words.

/// The members of `value`, an object with no key outside `allowed`.
fn members<'j>(value: &'j Json, allowed: &[&str], what: &str) -> Result<&'j Object, String> {
    let object = value.as_object().ok_or_else(|| wrong_type(what, value, "an object"))?;
    match object.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(format!("unknown field `{key}` in {what}, expected one of `{}`{}", allowed.join("`, `"), did_you_mean(key, allowed.iter().copied()))),
        None => Ok(object),
    }
}

/// A member that is there and not null.
fn member<'j>(object: &'j Object, key: &str) -> Option<&'j Json> {
    object.get(key).filter(|value| !value.is_null())
}

fn config(object: &Object) -> Result<Option<Config>, String> {
    member(object, "config").map(Config::from_value).transpose()
}

/// Every input format, by the name options use.
const FORMATS: [Format; 4] = [Format::AwsApi, Format::CloudFormation, Format::TerraformPlan, Format::Pulumi];

fn format(value: &Json) -> Result<Format, String> {
    let names = FORMATS.map(Format::as_str);
    match value.as_str() {
        Some(name) => FORMATS.into_iter().find(|format| format.as_str() == name).ok_or_else(|| {
            format!("unknown variant `{name}` of `format`, expected one of `{}`{}", names.join("`, `"), did_you_mean(name, names))
        }),
        None => Err(wrong_type("`format`", value, &format!("one of `{}`", names.join("`, `")))),
    }
}

const FINGERPRINT_KEYS: [&str; 4] = ["ruleId", "resource", "file", "path"];

/// A baseline file's contents (`--write-baseline`).
fn baseline(value: &Json) -> Result<Baseline, String> {
    let object = members(value, &["fargateGuardBaseline", "findings"], "`baseline`")?;
    let field = |key: &str| object.get(key).ok_or_else(|| format!("missing field `{key}` in `baseline`"));
    let version = field("fargateGuardBaseline")?;
    let version = version.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| wrong_type("`baseline.fargateGuardBaseline`", version, "a whole number"))?;
    let list = field("findings")?;
    let list = list.as_array().ok_or_else(|| wrong_type("`baseline.findings`", list, "an array"))?;
    let mut findings = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let what = format!("`baseline.findings[{i}]`");
        let entry = members(item, &FINGERPRINT_KEYS, &what)?;
        let [rule_id, resource, file, path] = FINGERPRINT_KEYS.map(|key| match entry.get(key) {
            Some(Json::String(text)) => Ok(text.clone()),
            Some(other) => Err(wrong_type(&format!("`{key}` in {what}"), other, "a string")),
            None => Err(format!("missing field `{key}` in {what}")),
        });
        findings.push(Fingerprint { rule_id: rule_id?, resource: resource?, file: file?, path: path? });
    }
    Ok(Baseline { fargate_guard_baseline: version, findings })
}

#[derive(Debug, Default, Deserialize)]
#[serde(try_from = "Json")]
pub struct ValidateOptions {
    /// Skip auto-detection.
    pub format: Option<Format>,
    /// Names the input in findings (default `input`).
    pub file_name: Option<String>,
    pub config: Option<Config>,
    /// Findings accepted for now (a file written by `--write-baseline`): marked `baseline`, not blocking.
    pub baseline: Option<Baseline>,
}

impl TryFrom<Json> for ValidateOptions {
    type Error = String;

    fn try_from(value: Json) -> Result<Self, String> {
        let object = members(&value, &["format", "fileName", "config", "baseline"], "the options")?;
        Ok(ValidateOptions {
            format: member(object, "format").map(format).transpose()?,
            file_name: optional_string(object, "fileName", "`fileName`")?,
            config: config(object)?,
            baseline: member(object, "baseline").map(baseline).transpose()?,
        })
    }
}

/// One input of `validateFiles` / `renderFiles`: its text, or why it could not be read (a file the caller
/// could not open is reported as an error of that file; the others are still checked).
#[derive(Debug, Deserialize)]
#[serde(try_from = "Json")]
pub struct NamedInput {
    pub name: String,
    pub content: Option<String>,
    pub error: Option<String>,
    /// Found by walking a directory rather than named by the user: when it is not an ECS input in any known
    /// format it is listed in `report.skipped` instead of being an error.
    pub discovered: bool,
}

impl TryFrom<Json> for NamedInput {
    type Error = String;

    fn try_from(value: Json) -> Result<Self, String> {
        let object = members(&value, &["name", "content", "error", "discovered"], "a file")?;
        let name = optional_string(object, "name", "`name`")?.ok_or("missing field `name`")?;
        let discovered = match member(object, "discovered") {
            None => false,
            Some(value) => value.as_bool().ok_or_else(|| wrong_type("`discovered`", value, "true or false"))?,
        };
        Ok(NamedInput { name, content: optional_string(object, "content", "`content`")?, error: optional_string(object, "error", "`error`")?, discovered })
    }
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
    parse_options_as(options_json)
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

/// A file's bytes as text, as the CLI reads it: UTF-8, without its byte order mark. Anything else is the
/// reason the file cannot be read (reported as `unreadable`), never text with replacement characters in it: a
/// check of a damaged document must not pass.
pub fn decode_text(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err("not UTF-8 text: it starts with a UTF-16 byte order mark; save it as UTF-8".into());
    }
    let mark = if bytes.starts_with(&[0xef, 0xbb, 0xbf]) { 3 } else { 0 };
    bytes.drain(..mark);
    String::from_utf8(bytes).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        let line = 1 + error.as_bytes().get(..at).unwrap_or_default().iter().filter(|&&b| b == b'\n').count();
        let byte = error.as_bytes().get(at).copied().unwrap_or_default();
        // The offset counts the file's own bytes, its byte order mark included.
        format!("not UTF-8 text: invalid byte 0x{byte:02x} at offset {} (line {line})", at + mark)
    })
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
#[serde(try_from = "Json")]
pub struct ResourceOptions {
    /// The resource's name (Pulumi logical name); names it in findings.
    pub name: Option<String>,
    pub urn: Option<String>,
    pub config: Option<Config>,
}

impl TryFrom<Json> for ResourceOptions {
    type Error = String;

    fn try_from(value: Json) -> Result<Self, String> {
        let object = members(&value, &["name", "urn", "config"], "the options")?;
        Ok(ResourceOptions { name: optional_string(object, "name", "`name`")?, urn: optional_string(object, "urn", "`urn`")?, config: config(object)? })
    }
}

/// Options of `validateStack(resources, options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(try_from = "Json")]
pub struct StackOptions {
    /// Names the stack in findings (default `stack`).
    pub file_name: Option<String>,
    pub config: Option<Config>,
}

impl TryFrom<Json> for StackOptions {
    type Error = String;

    fn try_from(value: Json) -> Result<Self, String> {
        let object = members(&value, &["fileName", "config"], "the options")?;
        Ok(StackOptions { file_name: optional_string(object, "fileName", "`fileName`")?, config: config(object)? })
    }
}

/// Options of any entry point from JSON text (empty = defaults).
pub fn parse_options_as<T: Default + TryFrom<Json, Error = String>>(options_json: &str) -> Result<T, String> {
    if options_json.trim().is_empty() {
        return Ok(T::default());
    }
    let value: Json = serde_json::from_str(options_json).map_err(|e| format!("invalid options: {e}"))?;
    T::try_from(value).map_err(|e| format!("invalid options: {e}"))
}

/// The files of `validateFiles` / `renderFiles` from JSON text: `[{ name, content } | { name, error }]`.
pub fn parse_named_inputs(files_json: &str) -> Result<Vec<NamedInput>, String> {
    match serde_json::from_str(files_json).map_err(|e| e.to_string())? {
        Json::Array(items) => items.into_iter().map(NamedInput::try_from).collect(),
        _ => Err("expected an array".into()),
    }
}

/// `validateFiles(files, options)` in its JSON-string form: files as `[{ name, content } | { name, error }]`.
pub fn validate_files_json_str(files_json: &str, options_json: &str) -> Result<String, String> {
    Ok(validate_files(&parse_named_inputs(files_json)?, parse_options(options_json)?)?.to_json())
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
    fn bytes_decode_as_utf8_or_say_where_they_stop_being_it() {
        assert_eq!(decode_text(b"{\"a\": 1}".to_vec()), Ok("{\"a\": 1}".into()));
        assert_eq!(decode_text(b"\xef\xbb\xbf{}".to_vec()), Ok("{}".into()));
        assert_eq!(decode_text("é".as_bytes().to_vec()), Ok("é".into()));
        assert_eq!(decode_text(b"{\n\"a\": \"caf\xe9\"}".to_vec()), Err("not UTF-8 text: invalid byte 0xe9 at offset 11 (line 2)".into()));
        assert_eq!(decode_text(b"\xef\xbb\xbf\xc3".to_vec()), Err("not UTF-8 text: invalid byte 0xc3 at offset 3 (line 1)".into()));
        assert!(decode_text(b"\xff\xfe{\x00}\x00".to_vec()).is_err_and(|e| e.contains("UTF-16")));
    }

    #[test]
    fn format_options_use_the_names_reports_use() {
        // A new format must be added to FORMATS: this match stops compiling until then.
        let _listed = |format: Format| match format {
            Format::AwsApi | Format::CloudFormation | Format::TerraformPlan | Format::Pulumi => (),
        };
        for format in FORMATS {
            let options = parse_options(&format!(r#"{{"format": "{}"}}"#, format.as_str())).expect("a valid format name");
            assert_eq!(options.format, Some(format));
        }
    }

    fn option_error(text: &str) -> String {
        match parse_options(text) {
            Ok(_) => panic!("{text} should be rejected"),
            Err(e) => e,
        }
    }

    #[test]
    fn mistaken_options_are_named_in_serde_words() {
        let unknown = option_error(r#"{"fileNmae": "a.json"}"#);
        assert!(unknown.contains("unknown field `fileNmae`") && unknown.contains("did you mean `fileName`?"), "{unknown}");
        assert!(option_error(r#"{"format": "xml"}"#).contains("unknown variant `xml`"));
        assert!(option_error(r#"{"format": "cloudfromation"}"#).contains("did you mean `cloudformation`?"));
        assert!(option_error(r#"{"fileName": 3}"#).contains("`fileName`: invalid value: number, expected a string"));
        assert!(option_error(r#"{"config": {"limits": {"maxBytes": "big"}}}"#).contains("invalid type: string, expected a whole number"));
        assert!(option_error(r#"{"config": {"rules": {"FG-07": {"off": "yes"}}}}"#).contains("`rules.FG-07.off`: invalid type: string"));
        assert!(option_error(r#"{"baseline": {"findings": []}}"#).contains("missing field `fargateGuardBaseline`"));
        assert!(option_error(r#"{"baseline": {"fargateGuardBaseline": 1, "findings": [{"ruleId": "FG-07"}]}}"#).contains("missing field `resource`"));
        assert!(option_error("[]").contains("invalid type: sequence, expected an object"));
        assert!(parse_options(r#"{"fileName": null, "config": null}"#).is_ok_and(|o| o.file_name.is_none() && o.config.is_none()));
    }

    #[test]
    fn a_written_baseline_reads_back_as_written() {
        let report = validate(r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:latest", "privileged": true}]}"#, ValidateOptions::default());
        let written = Baseline::of(&report.expect("a valid call"));
        assert!(!written.findings.is_empty());
        let options = parse_options(&format!(r#"{{"baseline": {}}}"#, written.to_json())).expect("a baseline file");
        assert_eq!(options.baseline, Some(written));
    }

    #[test]
    fn named_inputs_read_as_the_js_api_sends_them() {
        let files = parse_named_inputs(r#"[{"name": "a.json", "content": "{}"}, {"name": "b.json", "error": "EACCES", "discovered": true}]"#).expect("valid");
        assert_eq!((files[0].content.as_deref(), files[1].error.as_deref(), files[1].discovered), (Some("{}"), Some("EACCES"), true));
        assert!(parse_named_inputs(r#"[{"content": "{}"}]"#).is_err_and(|e| e.contains("missing field `name`")));
        assert!(parse_named_inputs(r#"[{"name": "a", "content": {}}]"#).is_err_and(|e| e.contains("`content`: invalid type: map")));
        assert!(parse_named_inputs(r#"{"name": "a"}"#).is_err());
        let report = validate_files_json_str(r#"[{"name": "a.json", "content": "{\"clusterName\": \"prod\"}"}, {"name": "b.json", "error": "EACCES"}]"#, "").expect("a valid call");
        assert!(report.contains("\"code\": \"unreadable\"") && report.contains("\"file\": \"a.json\""), "{report}");
    }
}
