//! Configuration (design.md §4): per-rule off / severity / params, suppressions, the undecided policy and
//! the failure threshold. Parsed once (unknown keys are errors that suggest the key meant), resolved against
//! the registry once (see [`crate::engine::Engine`]). [`schema`] is the published JSON Schema of the same
//! shape, generated from the rule metadata so that both reject the same unknown rules and parameters.

use crate::input::Limits;
use crate::rules::{self, Rule, Severity};
use serde::Deserialize;
use serde_json::{json, Value as Json};
use crate::input::limits::MAX_DEPTH_CEILING;

/// Read by hand from a `serde_json::Value` rather than through derived `Deserialize` impls: serde's typed
/// deserialisers (and the float printing their error messages link) cost ~40 KB of wasm (docs/size.md). The
/// `Deserialize` impl below goes through the same reader.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(try_from = "Json")]
pub struct Config {
    /// Keys are rule ids, names or globs over them (`FG-*`), in key order.
    pub rules: Vec<(String, RuleSetting)>,
    pub suppressions: Vec<Suppression>,
    pub undecided: UndecidedPolicy,
    /// Findings at or above this severity make the run fail (default `high`).
    pub min_severity: Option<Severity>,
    pub limits: Limits,
}

#[derive(Clone, Debug)]
pub enum RuleSetting {
    /// `"off"` or a severity.
    Level(String),
    Detailed(RuleOptions),
}

#[derive(Clone, Debug, Default)]
pub struct RuleOptions {
    pub severity: Option<Severity>,
    pub off: bool,
    pub params: Option<serde_json::Map<String, Json>>,
}

#[derive(Clone, Debug)]
pub struct Suppression {
    /// Rule id, name or glob.
    pub rule: String,
    /// Resource name or address glob; every resource when omitted.
    pub resource: Option<String>,
    pub reason: String,
}

/// What an `undecided` finding counts as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UndecidedPolicy {
    /// Reported at severity info; never fails the run.
    #[default]
    Info,
    /// Reported at the rule's severity and counted like a failure.
    Fail,
    /// Counted in the summary only.
    Ignore,
}

const TOP_KEYS: &[&str] = &["$schema", "rules", "suppressions", "undecided", "minSeverity", "limits"];
const RULE_KEYS: &[&str] = &["severity", "off", "params"];
const SUPPRESSION_KEYS: &[&str] = &["rule", "resource", "reason"];
const LIMIT_KEYS: &[&str] = &["maxBytes", "maxDepth", "maxFindings"];
const LEVELS: &[&str] = &["off", "critical", "high", "medium", "low", "info"];
const SEVERITIES: &[&str] = &["critical", "high", "medium", "low", "info"];
const UNDECIDED: &[&str] = &["info", "fail", "ignore"];

/// Edit distance with adjacent transpositions (optimal string alignment), case-insensitive: `hgih` is one
/// step from `high`. Inputs are short keys, so the full table is fine. ASCII case folding suffices (every
/// candidate is ASCII) and keeps Unicode's case tables (~15 KB) out of the wasm module.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let width = b.len() + 1;
    // Row 0 and column 0 hold the distances from the empty string.
    let mut table: Vec<usize> = (0..(a.len() + 1) * width).map(|k| if k < width { k } else if k % width == 0 { k / width } else { 0 }).collect();
    let at = |table: &Vec<usize>, i: usize, j: usize| table.get(i * width + j).copied().unwrap_or(usize::MAX / 2);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ca, cb) = (a.get(i - 1), b.get(j - 1));
            let mut best = (at(&table, i - 1, j) + 1).min(at(&table, i, j - 1) + 1).min(at(&table, i - 1, j - 1) + usize::from(ca != cb));
            if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                best = best.min(at(&table, i - 2, j - 2) + 1);
            }
            if let Some(cell) = table.get_mut(i * width + j) {
                *cell = best;
            }
        }
    }
    at(&table, a.len(), b.len())
}

/// `"; did you mean `x`?"` for the closest candidate within a third of the word's length, else `""`.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (distance(word, candidate), candidate))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map_or_else(String::new, |(_, candidate)| format!("; did you mean `{candidate}`?"))
}

/// Every rule id and name, what a rule key or suppression can name.
pub fn rule_names() -> impl Iterator<Item = &'static str> {
    rules::all().flat_map(|rule| [rule.id, rule.name])
}

fn check_keys(object: &serde_json::Map<String, Json>, allowed: &[&str], what: &str) -> Result<(), String> {
    match object.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(format!("config: unknown key `{key}` in {what}{}", did_you_mean(key, allowed.iter().copied()))),
        None => Ok(()),
    }
}

/// The word `value` is, when `allowed` has it.
fn check_word<'j>(value: &'j Json, allowed: &[&str], what: &str) -> Result<&'j str, String> {
    match value.as_str() {
        Some(word) if allowed.contains(&word) => Ok(word),
        Some(word) => Err(format!("config: {what} is `{word}`; expected {}{}", allowed.join(", "), did_you_mean(word, allowed.iter().copied()))),
        None => Err(format!("config: {what} must be one of {}", allowed.join(", "))),
    }
}

fn severity(value: &Json, what: &str) -> Result<Severity, String> {
    let word = check_word(value, SEVERITIES, what)?;
    Severity::parse(word).ok_or_else(|| format!("config: {what} is `{word}`, not a severity"))
}

fn as_object<'j>(value: &'j Json, what: &str) -> Result<&'j serde_json::Map<String, Json>, String> {
    value.as_object().ok_or_else(|| format!("config: {what} must be an object"))
}

/// A value of the wrong type, in serde's words (which messages kept when the options and the configuration
/// came to be read by hand).
pub(crate) fn wrong_type(what: &str, value: &Json, expected: &str) -> String {
    let found = match value {
        Json::Null => "invalid type: null",
        Json::Bool(_) => "invalid type: boolean",
        Json::Number(_) => "invalid value: number",
        Json::String(_) => "invalid type: string",
        Json::Array(_) => "invalid type: sequence",
        Json::Object(_) => "invalid type: map",
    };
    format!("{what}: {found}, expected {expected}")
}

/// A string member, `None` when absent or null; `what` names it in the error.
pub(crate) fn optional_string(object: &serde_json::Map<String, Json>, key: &str, what: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(wrong_type(what, other, "a string")),
    }
}

impl TryFrom<Json> for Config {
    type Error = String;

    fn try_from(value: Json) -> Result<Config, String> {
        Config::from_value(&value)
    }
}

impl Config {
    /// Parses a configuration from JSON text.
    pub fn from_json(text: &str) -> Result<Config, String> {
        let value: Json = serde_json::from_str(text).map_err(|e| format!("config: not valid JSON: {e}"))?;
        Config::from_value(&value)
    }

    /// Reads a configuration, checking keys and enumerations as it goes so that a typo gets a suggestion.
    pub fn from_value(value: &Json) -> Result<Config, String> {
        let top = as_object(value, "the configuration")?;
        check_keys(top, TOP_KEYS, "the configuration")?;
        optional_string(top, "$schema", "config: `$schema`")?;
        let mut config = Config::default();
        if let Some(rules) = top.get("rules") {
            for (key, setting) in as_object(rules, "`rules`")? {
                config.rules.push((key.clone(), rule_setting(key, setting)?));
            }
        }
        if let Some(suppressions) = top.get("suppressions") {
            let list = suppressions.as_array().ok_or("config: `suppressions` must be an array")?;
            for (i, item) in list.iter().enumerate() {
                config.suppressions.push(suppression(i, item)?);
            }
        }
        if let Some(policy) = top.get("undecided") {
            config.undecided = match check_word(policy, UNDECIDED, "`undecided`")? {
                "fail" => UndecidedPolicy::Fail,
                "ignore" => UndecidedPolicy::Ignore,
                _ => UndecidedPolicy::Info,
            };
        }
        if let Some(threshold) = top.get("minSeverity") {
            config.min_severity = Some(severity(threshold, "`minSeverity`")?);
        }
        if let Some(limits) = top.get("limits") {
            let object = as_object(limits, "`limits`")?;
            check_keys(object, LIMIT_KEYS, "`limits`")?;
            let Limits { max_bytes, max_depth, max_findings } = &mut config.limits;
            for (key, slot) in [("maxBytes", max_bytes), ("maxDepth", max_depth), ("maxFindings", max_findings)] {
                if let Some(value) = object.get(key) {
                    let number = value.as_u64().and_then(|n| usize::try_from(n).ok());
                    *slot = number.ok_or_else(|| wrong_type(&format!("config: `limits.{key}`"), value, "a whole number"))?;
                }
            }
            if config.limits.max_depth > MAX_DEPTH_CEILING {
                return Err(format!("config: limits.maxDepth is {}; it can be at most {MAX_DEPTH_CEILING}", config.limits.max_depth));
            }
        }
        Ok(config)
    }
}

fn rule_setting(key: &str, setting: &Json) -> Result<RuleSetting, String> {
    let what = format!("`rules.{key}`");
    let options = match setting {
        Json::String(_) => return Ok(RuleSetting::Level(check_word(setting, LEVELS, &what)?.to_string())),
        Json::Object(options) => options,
        _ => return Err(format!("config: {what} must be \"off\", a severity, or {{ severity, off, params }}")),
    };
    check_keys(options, RULE_KEYS, &what)?;
    let severity = options.get("severity").map(|value| severity(value, &format!("`rules.{key}.severity`"))).transpose()?;
    let off = match options.get("off") {
        None => false,
        Some(Json::Bool(off)) => *off,
        Some(other) => return Err(wrong_type(&format!("config: `rules.{key}.off`"), other, "true or false")),
    };
    let params = match options.get("params") {
        None | Some(Json::Null) => None,
        Some(Json::Object(params)) => Some(params.clone()),
        Some(other) => return Err(wrong_type(&format!("config: `rules.{key}.params`"), other, "an object")),
    };
    Ok(RuleSetting::Detailed(RuleOptions { severity, off, params }))
}

fn suppression(i: usize, item: &Json) -> Result<Suppression, String> {
    let what = format!("`suppressions[{i}]`");
    let entry = as_object(item, &what)?;
    check_keys(entry, SUPPRESSION_KEYS, &what)?;
    let required = |key: &str| {
        let text = entry.get(key).and_then(Json::as_str).filter(|text| !text.trim().is_empty());
        text.map(str::to_string).ok_or_else(|| format!("config: {what} needs a non-empty `{key}` (every suppression says why)"))
    };
    let (rule, reason) = (required("rule")?, required("reason")?);
    Ok(Suppression { rule, resource: optional_string(entry, "resource", &format!("config: `suppressions[{i}].resource`"))?, reason })
}

/// A rule as configured for one engine.
#[derive(Clone)]
pub struct ActiveRule {
    pub rule: &'static Rule,
    pub severity: Option<Severity>,
    pub params: Option<serde_json::Map<String, Json>>,
}

/// `*` matches any run of characters.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts.first().copied().unwrap_or(""), parts.last().copied().unwrap_or(""));
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in parts.iter().skip(1).take(parts.len().saturating_sub(2)) {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// Whether a rule key (id, name or glob) selects a rule.
pub fn selects(key: &str, rule: &Rule) -> bool {
    glob_match(key, rule.id) || glob_match(key, rule.name)
}

/// A rule key or suppression that must select at least one rule.
fn require_rules(key: &str, what: &str) -> Result<(), String> {
    if rules::all().any(|rule| selects(key, rule)) {
        Ok(())
    } else {
        Err(format!("config: {what} names `{key}`, which matches no rule{}", did_you_mean(key, rule_names())))
    }
}

/// The JSON Schema of a parameter's value, from the type of its default (every list parameter is a list of
/// strings).
fn param_schema(default: &str) -> Json {
    match serde_json::from_str::<Json>(default) {
        Ok(Json::Array(_)) => json!({"type": "array", "items": {"type": "string"}}),
        Ok(Json::Bool(_)) => json!({"type": "boolean"}),
        Ok(Json::Number(_)) => json!({"type": "number"}),
        _ => json!({"type": "string"}),
    }
}

fn check_param(rule: &Rule, name: &str, value: &Json) -> Result<(), String> {
    let Some(param) = rule.params.iter().find(|p| p.name == name) else {
        let names: Vec<&str> = rule.params.iter().map(|p| p.name).collect();
        return Err(if names.is_empty() {
            format!("config: rule {} takes no parameters (got `{name}`)", rule.id)
        } else {
            format!("config: rule {} has no parameter `{name}`{}; it has {}", rule.id, did_you_mean(name, names.iter().copied()), names.join(", "))
        });
    };
    let fits = match param_schema(param.default).get("type").and_then(Json::as_str) {
        Some("array") => value.as_array().is_some_and(|items| items.iter().all(Json::is_string)),
        Some("boolean") => value.is_boolean(),
        Some("number") => value.is_number(),
        _ => value.is_string(),
    };
    if fits {
        Ok(())
    } else {
        Err(format!("config: parameter `{name}` of rule {} must be {}", rule.id, describe(&param_schema(param.default))))
    }
}

fn describe(schema: &Json) -> &'static str {
    match schema.get("type").and_then(Json::as_str) {
        Some("array") => "a list of strings",
        Some("boolean") => "true or false",
        Some("number") => "a number",
        _ => "a string",
    }
}

impl Config {
    /// Resolves per-rule settings in catalogue order; later, more specific keys (ids and names) win over globs.
    pub fn resolve(&self) -> Result<Vec<ActiveRule>, String> {
        for (key, _) in &self.rules {
            require_rules(key, "`rules`")?;
        }
        for suppression in &self.suppressions {
            require_rules(&suppression.rule, "a suppression")?;
            if suppression.reason.trim().is_empty() {
                return Err(format!("config: the suppression of `{}` needs a reason", suppression.rule));
            }
        }
        let mut active = Vec::new();
        for rule in rules::all() {
            let mut entry = ActiveRule { rule, severity: None, params: None };
            let mut off = false;
            let matching = self.rules.iter().filter(|(key, _)| selects(key, rule));
            // Globs first, exact keys last, so the exact setting wins (two passes rather than a sort: one
            // fewer instantiation of the sort in the wasm module).
            let (globs, exact) = (matching.clone().filter(|(key, _)| key.contains('*')), matching.filter(|(key, _)| !key.contains('*')));
            for (key, setting) in globs.chain(exact) {
                match setting {
                    RuleSetting::Level(level) if level == "off" => off = true,
                    RuleSetting::Level(level) => {
                        off = false;
                        entry.severity = Some(Severity::parse(level).ok_or_else(|| {
                            format!("config: `rules.{key}` is `{level}`; expected off, critical, high, medium, low or info")
                        })?);
                    }
                    RuleSetting::Detailed(options) => {
                        off = options.off;
                        entry.severity = options.severity.or(entry.severity);
                        if let Some(params) = &options.params {
                            for (name, value) in params {
                                check_param(rule, name, value)?;
                            }
                            let merged = entry.params.get_or_insert_with(serde_json::Map::new);
                            merged.extend(params.clone());
                        }
                    }
                }
            }
            if !off {
                active.push(entry);
            }
        }
        Ok(active)
    }
}

/// The published JSON Schema (draft-07) of the configuration; `pkg/config.schema.json` is this, rendered.
/// Exact rule keys get the schema of their own parameters; glob keys (`FG-*`) can only be checked for shape,
/// and a glob that matches no rule is caught by the engine alone.
pub fn schema() -> Json {
    let mut rule_properties = serde_json::Map::new();
    let mut definitions = serde_json::Map::new();
    definitions.insert("level".into(), json!({"enum": LEVELS, "description": "\"off\" or the severity the rule's failures get"}));
    definitions.insert("severity".into(), json!({"enum": SEVERITIES}));
    definitions.insert(
        "setting".into(),
        json!({"anyOf": [{"$ref": "#/definitions/level"}, {"type": "object", "additionalProperties": false,
            "properties": {"severity": {"$ref": "#/definitions/severity"}, "off": {"type": "boolean"}, "params": {"type": "object"}}}]}),
    );
    for rule in rules::all() {
        let mut params = serde_json::Map::new();
        for param in rule.params {
            let mut schema = param_schema(param.default);
            if let (Some(object), Ok(default)) = (schema.as_object_mut(), serde_json::from_str::<Json>(param.default)) {
                object.insert("description".into(), param.description.into());
                object.insert("default".into(), default);
            }
            params.insert(param.name.into(), schema);
        }
        let definition = json!({"description": format!("{} {}: {}", rule.id, rule.name, rule.title),
            "anyOf": [{"$ref": "#/definitions/level"}, {"type": "object", "additionalProperties": false,
                "properties": {"severity": {"$ref": "#/definitions/severity"}, "off": {"type": "boolean"},
                    "params": {"type": "object", "additionalProperties": false, "properties": params}}}]});
        definitions.insert(format!("rule-{}", rule.id), definition);
        let reference = json!({"$ref": format!("#/definitions/rule-{}", rule.id)});
        rule_properties.insert(rule.id.into(), reference.clone());
        rule_properties.insert(rule.name.into(), reference);
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/fargate-guard/fargate-guard/blob/main/pkg/config.schema.json",
        "title": "fargate-guard configuration",
        "description": "Rules (off, severity, parameters), suppressions with a reason, the undecided policy and the failure threshold (.fargate-guard.json).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "$schema": {"type": "string"},
            "rules": {"type": "object", "description": "Keys: rule ids (FG-07), names (fargate-capability-not-allowed) or globs (FG-*).",
                "properties": rule_properties, "patternProperties": {"\\*": {"$ref": "#/definitions/setting"}}, "additionalProperties": false},
            "suppressions": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["rule", "reason"],
                "properties": {
                    "rule": {"type": "string", "pattern": "\\S", "description": "Rule id, name or glob."},
                    "resource": {"type": "string", "description": "Resource name or address glob; every resource when omitted."},
                    "reason": {"type": "string", "pattern": "\\S", "description": "Why: reported with every finding it suppresses."}}}},
            "undecided": {"enum": UNDECIDED, "description": "What a value unknown before deployment counts as (default info)."},
            "minSeverity": {"$ref": "#/definitions/severity", "description": "Findings at or above it make the run fail (default high)."},
            "limits": {"type": "object", "additionalProperties": false, "properties": {
                "maxBytes": {"type": "integer", "minimum": 0}, "maxDepth": {"type": "integer", "minimum": 0},
                "maxFindings": {"type": "integer", "minimum": 0}}}
        },
        "definitions": definitions
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_ids() {
        assert!(glob_match("FG-*", "FG-07"));
        assert!(!glob_match("FG-*", "FD-07"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("App/*/Resource", "App/Task/Resource"));
        assert!(!glob_match("a*b*c", "acb"));
    }

    fn error(text: &str) -> String {
        match Config::from_json(text).and_then(|c| c.resolve().map(|_| ())) {
            Ok(()) => panic!("{text} should be rejected"),
            Err(e) => e,
        }
    }

    #[test]
    fn mistakes_are_errors_that_suggest_the_intended_name() {
        assert!(error(r#"{"rule": {}}"#).contains("did you mean `rules`?"));
        assert!(error(r#"{"rules": {"FG-7": "off"}}"#).contains("did you mean `FG-07`?"));
        assert!(error(r#"{"rules": {"no-privilege": "off"}}"#).contains("did you mean `no-privileged`?"));
        assert!(error(r#"{"rules": {"XX-99": "off"}}"#).contains("matches no rule"));
        assert!(error(r#"{"rules": {"FG-07": "hgih"}}"#).contains("did you mean `high`?"));
        assert!(error(r#"{"rules": {"FG-07": {"severty": "low"}}}"#).contains("did you mean `severity`?"));
        assert!(error(r#"{"rules": {"FG-08": {"params": {"allowedImage": []}}}}"#).contains("did you mean `allowedImages`?"));
        assert!(error(r#"{"rules": {"FG-07": {"params": {"x": 1}}}}"#).contains("takes no parameters"));
        assert!(error(r#"{"rules": {"FG-08": {"params": {"allowedImages": "nginx:*"}}}}"#).contains("a list of strings"));
        assert!(error(r#"{"undecided": "fial"}"#).contains("did you mean `fail`?"));
        assert!(error(r#"{"minSeverity": "hihg"}"#).contains("did you mean `high`?"));
        assert!(error(r#"{"suppressions": [{"rule": "FG-07", "reason": " "}]}"#).contains("non-empty `reason`"));
        assert!(error(r#"{"suppressions": [{"rule": "FG-07", "reson": "x"}]}"#).contains("did you mean `reason`?"));
        assert!(error(r#"{"suppressions": [{"rule": "FG-7", "reason": "x"}]}"#).contains("did you mean `FG-07`?"));
        assert!(error(r#"{"limits": {"maxDepht": 3}}"#).contains("did you mean `maxDepth`?"));
    }

    #[test]
    fn exact_keys_win_over_globs_and_params_merge() {
        let config = Config::from_json(r#"{"rules": {"FG-*": "low", "FG-07": "critical", "FG-08": {"params": {"allowedImages": ["a*"]}}, "CH-*": "off"}}"#).unwrap();
        let active = config.resolve().unwrap();
        let of = |id: &str| active.iter().find(|a| a.rule.id == id);
        assert_eq!(of("FG-07").unwrap().severity, Some(Severity::Critical));
        assert_eq!(of("FG-01").unwrap().severity, Some(Severity::Low));
        assert!(of("CH-01").is_none());
        assert_eq!(of("FG-08").unwrap().params.as_ref().unwrap()["allowedImages"], json!(["a*"]));
    }

    #[test]
    fn suggestions_stay_close() {
        assert_eq!(did_you_mean("zzzzzz", ["rules"]), "");
        assert_eq!(did_you_mean("Rules", ["rules"]), "; did you mean `rules`?");
    }
}
