//! The rule catalogue. One rule per file under `rules/<group>/`, each a `pub static RULE: Rule` holding its
//! metadata, its check and its examples; each group's `mod.rs` lists its rules; [`all`] lists the groups.

pub mod support;

pub mod ch;
pub mod cs;
pub mod fd;
pub mod fg;
pub mod lm;
pub mod nw;
pub mod sc;
pub mod se;

use crate::link::{Link, Links};
use crate::model::{Field, Kind, Model, Node, Origin, Resource, Variant};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    #[default]
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Some(match text {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

/// An equivalent control in another tool (rules.md cross-reference columns).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Equivalent {
    /// `Security Hub`, `AWS Config`, `Checkov`, `Trivy`, `KICS`, `cdk-nag`, `Prowler`, `Control Tower`, `cfn-lint`, `Pulumi compliance-policies`.
    pub tool: &'static str,
    pub id: &'static str,
}

/// A rule parameter; `default` is JSON text (`"[]"`, `"true"`).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Param {
    pub name: &'static str,
    pub description: &'static str,
    pub default: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Fail,
    Pass,
}

/// A complete input (any supported format, auto-detected) and what the rule must say about it. The test
/// suite runs every example; the docs render them.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Example {
    pub title: &'static str,
    pub expect: Expect,
    pub input: &'static str,
}

pub struct Rule {
    /// Stable code id, e.g. `FG-07`.
    pub id: &'static str,
    /// Stable kebab-case name, e.g. `fargate-capability-not-allowed`.
    pub name: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// Resource kinds the check runs on (once per resource of these kinds).
    pub kinds: &'static [Kind],
    /// Why this matters, in a few sentences; cites the facts it rests on.
    pub description: &'static str,
    pub remediation: &'static str,
    pub equivalents: &'static [Equivalent],
    pub params: &'static [Param],
    pub check: fn(&mut Check<'_>, &Subject<'_>),
    pub examples: &'static [Example],
}

/// Parameters the examples of a rule run with, for rules that do nothing at their defaults (rule id, params JSON).
const EXAMPLE_PARAMS: &[(&str, &str)] = &[("CS-09", r#"{"requiredTags": ["team", "cost-center"]}"#)];

/// The configuration a rule's examples run with in the tests (src/rules/tests.rs, tests/docs.rs): its
/// [`EXAMPLE_PARAMS`], if any.
pub fn example_config(rule_id: &str) -> Option<crate::config::Config> {
    let (id, params) = EXAMPLE_PARAMS.iter().find(|(id, _)| *id == rule_id)?;
    serde_json::from_str(&format!(r#"{{"rules": {{"{id}": {{"params": {params}}}}}}}"#)).ok()
}

/// Every rule, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    [fg::RULES, fd::RULES, ch::RULES, se::RULES, nw::RULES, lm::RULES, cs::RULES, sc::RULES].into_iter().flatten().copied()
}

/// Finds a rule by id or name.
pub fn find(id_or_name: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.id == id_or_name || rule.name == id_or_name)
}

pub const DOCS_BASE: &str = "https://github.com/fargate-guard/fargate-guard/blob/main/docs/rules/";

impl Rule {
    pub fn docs_url(&self) -> String {
        format!("{DOCS_BASE}{}.md", self.id)
    }
}

/// Where a finding points: a value that is there, or a key that should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    Value(Origin),
    Missing { parent: Origin, key: &'static str },
}

impl From<&Node> for At {
    fn from(node: &Node) -> Self {
        At::Value(node.origin)
    }
}

impl From<Field<'_>> for At {
    fn from(field: Field<'_>) -> Self {
        match field {
            Field::Known(node) | Field::Unknown(node) => At::Value(node.origin),
            Field::Absent { parent, key } => At::Missing { parent, key },
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Fail,
    Undecided,
}

/// One change that removes a finding's cause, in canonical (AWS API camelCase) terms. The engine writes it as
/// an RFC 6902 JSON Patch against the user's own document (see [`crate::fix`]). Only for unambiguous remedies.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Writes `value` (canonical JSON) at `at`: replaces a value, or adds a missing key with `value` under it.
    Set { at: At, value: serde_json::Value },
    Remove { at: At },
    /// Appends `value` to the list at `list`.
    Append { list: Origin, value: serde_json::Value },
    /// A name (a tag key) written `from` must read `to`: where the document writes the name as an object key
    /// (Terraform and Pulumi tag maps) the member is renamed, elsewhere the string is replaced.
    Respell { at: At, from: String, to: String },
}

impl Edit {
    pub fn set(at: impl Into<At>, value: serde_json::Value) -> Edit {
        Edit::Set { at: at.into(), value }
    }

    pub fn remove(at: impl Into<At>) -> Edit {
        Edit::Remove { at: at.into() }
    }

    /// Sets the value at `path` below `node`, creating what is missing on the way: the edit lands on the first
    /// missing key with the rest of the path nested in its value. `None` when a value on the way is Unknown.
    pub fn set_path(node: &Node, path: &[&'static str], value: serde_json::Value) -> Option<Edit> {
        let mut field = Field::Known(node);
        for (depth, key) in path.iter().enumerate() {
            field = field.get(key);
            match field {
                Field::Known(_) => {}
                Field::Unknown(_) => return None,
                Field::Absent { .. } => {
                    // Inserted rather than collected: `collect` into a map instantiates a sort per iterator type.
                    let nested = path.iter().skip(depth + 1).rev().fold(value, |inner, key| {
                        let mut object = serde_json::Map::new();
                        object.insert((*key).to_string(), inner);
                        serde_json::Value::Object(object)
                    });
                    return Some(Edit::set(field, nested));
                }
            }
        }
        Some(Edit::set(field, value))
    }
}

/// One thing a rule said about a resource.
#[derive(Clone, Debug)]
pub struct Hit {
    pub status: Status,
    pub severity: Severity,
    pub at: At,
    pub message: String,
    /// Edits that remove the cause; empty when the remedy is not unambiguous.
    pub fix: Vec<Edit>,
}

/// What a rule's check writes to. A check that reports nothing has passed, unless it declared itself not
/// applicable; so every (rule, resource) pair ends as pass, fail, skip or undecided.
pub struct Check<'a> {
    pub rule: &'static Rule,
    params: Option<&'a serde_json::Map<String, serde_json::Value>>,
    pub(crate) hits: Vec<Hit>,
    pub(crate) not_applicable: bool,
}

impl<'a> Check<'a> {
    pub fn new(rule: &'static Rule, params: Option<&'a serde_json::Map<String, serde_json::Value>>) -> Self {
        Check { rule, params, hits: Vec::new(), not_applicable: false }
    }

    /// A failure at the rule's default severity. Messages name fields, never echo values that may be secret.
    pub fn fail(&mut self, at: impl Into<At>, message: impl Into<String>) {
        self.fail_with(self.rule.severity, at, message);
    }

    /// A failure at a severity other than the default (the escalations rules.md describes).
    pub fn fail_with(&mut self, severity: Severity, at: impl Into<At>, message: impl Into<String>) {
        self.fail_fixable(severity, at, message, Vec::new());
    }

    /// A failure at the default severity with the edits that remove its cause (an unambiguous remedy).
    pub fn fail_with_fix(&mut self, at: impl Into<At>, message: impl Into<String>, fix: Vec<Edit>) {
        self.fail_fixable(self.rule.severity, at, message, fix);
    }

    /// A failure at any severity with its fix (empty: none).
    pub fn fail_fixable(&mut self, severity: Severity, at: impl Into<At>, message: impl Into<String>, fix: Vec<Edit>) {
        self.hits.push(Hit { status: Status::Fail, severity, at: at.into(), message: message.into(), fix });
    }

    /// The rule needed a value that is not known before deployment; `message` names it.
    pub fn undecided(&mut self, at: impl Into<At>, message: impl Into<String>) {
        self.hits.push(Hit { status: Status::Undecided, severity: Severity::Info, at: at.into(), message: message.into(), fix: Vec::new() });
    }

    pub fn not_applicable(&mut self) {
        self.not_applicable = true;
    }

    /// A parameter: the user's value if configured, else the rule's declared default.
    pub fn param(&self, name: &str) -> serde_json::Value {
        if let Some(value) = self.params.and_then(|p| p.get(name)) {
            return value.clone();
        }
        self.rule
            .params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| serde_json::from_str(p.default).ok())
            .unwrap_or(serde_json::Value::Null)
    }

    /// A list-of-strings parameter.
    pub fn param_strings(&self, name: &str) -> Vec<String> {
        match self.param(name) {
            serde_json::Value::Array(items) => items.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            _ => Vec::new(),
        }
    }
}

/// What the linked resource of a workload is.
#[derive(Clone, Copy, Debug)]
pub enum Linked<'a> {
    Resolved(Subject<'a>),
    NotWritten,
    Unresolved(&'a str),
}

/// The resource a check runs on, with access to the resources linked to it.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    pub index: usize,
    pub resource: &'a Resource,
    pub model: &'a Model,
    pub links: &'a Links,
    /// The resource's body, or one of its variants'.
    body: &'a Node,
    /// The conditions that variant assumes (empty: the plain body).
    when: &'a [(String, bool)],
}

impl<'a> Subject<'a> {
    pub fn new(index: usize, model: &'a Model, links: &'a Links) -> Option<Self> {
        let resource = model.resources.get(index)?;
        Some(Subject { index, resource, model, links, body: &resource.body, when: &[] })
    }

    /// The same resource as one of its [`Variant`]s.
    pub fn in_variant(self, variant: &'a Variant) -> Self {
        Subject { body: &variant.body, when: &variant.when, ..self }
    }

    /// A linked resource, seen as the one variant of it that agrees with the conditions this variant assumes
    /// (same template); its plain body when that is not exactly one.
    fn linked(&self, index: usize) -> Option<Subject<'a>> {
        let subject = Subject::new(index, self.model, self.links)?;
        if self.when.is_empty() || subject.resource.document != self.resource.document {
            return Some(subject);
        }
        let agrees = |variant: &&Variant| variant.when.iter().all(|(name, value)| self.when.iter().all(|(n, v)| n != name || v == value));
        let mut agreeing = subject.resource.variants.iter().filter(agrees);
        Some(match (agreeing.next(), agreeing.next()) {
            (Some(only), None) => subject.in_variant(only),
            _ => subject,
        })
    }

    pub fn body(&self) -> &'a Node {
        self.body
    }

    pub fn kind(&self) -> Kind {
        self.resource.kind
    }

    fn follow(&self, link: Option<&'a Link>) -> Linked<'a> {
        match link {
            Some(Link::Resolved(i)) => self.linked(*i).map_or(Linked::NotWritten, Linked::Resolved),
            Some(Link::Unresolved(why)) => Linked::Unresolved(why),
            Some(Link::NotWritten) | None => Linked::NotWritten,
        }
    }

    /// A workload's task definition.
    pub fn task_definition(&self) -> Linked<'a> {
        self.follow(self.links.task_definition.get(self.index))
    }

    /// A workload's cluster.
    pub fn cluster(&self) -> Linked<'a> {
        self.follow(self.links.cluster.get(self.index))
    }

    /// For a task definition or cluster: the workloads linked to it.
    pub fn workloads(&self) -> impl Iterator<Item = Subject<'a>> + 'a {
        let this = *self;
        self.links.workloads.get(self.index).map_or(&[][..], Vec::as_slice).iter().filter_map(move |i| this.linked(*i))
    }
}

#[cfg(test)]
pub(crate) mod tests;
