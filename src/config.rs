//! Configuration (design.md §4): per-rule off / severity / params, suppressions, the undecided policy and
//! the failure threshold. Parsed once, resolved against the registry once (see [`crate::engine::Engine`]).

use crate::input::Limits;
use crate::rules::{self, Rule, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Keys are rule ids, names or group globs (`FG-*`).
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    #[serde(default)]
    pub suppressions: Vec<Suppression>,
    #[serde(default)]
    pub undecided: UndecidedPolicy,
    /// Findings at or above this severity make the run fail (default `high`).
    pub min_severity: Option<Severity>,
    #[serde(default)]
    pub limits: Limits,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum RuleSetting {
    /// `"off"` or a severity.
    Level(String),
    Detailed(RuleOptions),
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleOptions {
    pub severity: Option<Severity>,
    #[serde(default)]
    pub off: bool,
    pub params: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suppression {
    /// Rule id, name or glob.
    pub rule: String,
    /// Resource name or address glob; every resource when omitted.
    #[serde(default)]
    pub resource: Option<String>,
    pub reason: String,
}

/// What an `undecided` finding counts as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UndecidedPolicy {
    /// Reported at severity info; never fails the run.
    #[default]
    Info,
    /// Reported at the rule's severity and counted like a failure.
    Fail,
    /// Counted in the summary only.
    Ignore,
}

/// A rule as configured for one engine.
#[derive(Clone)]
pub struct ActiveRule {
    pub rule: &'static Rule,
    pub severity: Option<Severity>,
    pub params: Option<serde_json::Map<String, serde_json::Value>>,
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

impl Config {
    /// Resolves per-rule settings in catalogue order; later, more specific keys (ids and names) win over globs.
    pub fn resolve(&self) -> Result<Vec<ActiveRule>, String> {
        for key in self.rules.keys() {
            if !rules::all().any(|rule| selects(key, rule)) {
                return Err(format!("config: `rules` names `{key}`, which matches no rule"));
            }
        }
        for suppression in &self.suppressions {
            if suppression.reason.trim().is_empty() {
                return Err(format!("config: the suppression of `{}` needs a reason", suppression.rule));
            }
        }
        let mut active = Vec::new();
        for rule in rules::all() {
            let mut entry = ActiveRule { rule, severity: None, params: None };
            let mut off = false;
            let mut matching: Vec<(&String, &RuleSetting)> = self.rules.iter().filter(|(key, _)| selects(key, rule)).collect();
            // Globs first, exact keys last, so the exact setting wins.
            matching.sort_by_key(|(key, _)| !key.contains('*'));
            for (key, setting) in matching {
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
                            for name in params.keys() {
                                if !rule.params.iter().any(|p| p.name == name) {
                                    return Err(format!("config: rule {} has no parameter `{name}`", rule.id));
                                }
                            }
                            entry.params = Some(params.clone());
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

    #[test]
    fn unknown_rule_keys_are_errors() {
        let config: Config = serde_json::from_str(r#"{"rules": {"XX-99": "off"}}"#).unwrap_or_default();
        assert!(config.resolve().is_err());
    }
}
