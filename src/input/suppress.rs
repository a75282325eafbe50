//! Inline suppressions written in the input itself (design.md §4): every one needs a reason, and one without is
//! reported as a data error and not applied.

use super::Issue;
use crate::model::resource::InlineSuppression;
use crate::model::{Field, Node, Origin, Resource, Value};

/// Tag holding the suppressed rules, comma-separated ids or names: `fargate-guard:suppress = "FG-07,CH-08"`.
pub const TAG_RULES: &str = "fargate-guard:suppress";
/// Tag holding the reason for the rules in [`TAG_RULES`].
pub const TAG_REASON: &str = "fargate-guard:suppress-reason";

/// A suppression of `rules` (comma-separated) with `reason`, or the issue that keeps it from applying.
pub fn entries(rules: &str, reason: Option<String>, source: &str, origin: Origin) -> Result<Vec<InlineSuppression>, Issue> {
    let rules: Vec<&str> = rules.split(',').map(str::trim).filter(|r| !r.is_empty()).collect();
    if rules.is_empty() {
        return Err(Issue { code: "invalid-suppression", message: "a suppression names no rule".into(), origin });
    }
    let Some(reason) = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty()) else {
        return Err(Issue {
            code: "suppression-without-reason",
            message: format!("the suppression of {} gives no reason, so it is not applied", rules.join(", ")),
            origin,
        });
    };
    Ok(rules.into_iter().map(|rule| InlineSuppression { rule: rule.to_string(), reason: reason.clone(), source: source.to_string() }).collect())
}

/// The resource tags [`TAG_RULES`] and [`TAG_REASON`], in any format: a list of `{key, value}` (AWS API,
/// CloudFormation) or a map (Terraform, Pulumi).
pub fn from_tags(resource: &mut Resource) -> Vec<Issue> {
    let pairs: Vec<(Option<&str>, Option<&Node>)> = match resource.body.get("tags").known().map(|tags| &tags.value) {
        Some(Value::List(items)) => items.iter().map(|tag| (tag.get("key").as_str(), present(tag.get("value")))).collect(),
        Some(Value::Map(entries)) => entries.iter().map(|(key, value)| (Some(&**key), Some(value))).collect(),
        _ => Vec::new(),
    };
    // The last of duplicate tags wins, as in the APIs.
    let tag = |name: &str| pairs.iter().rev().find(|(key, _)| *key == Some(name)).and_then(|(_, value)| *value);
    let (rules, reason) = (tag(TAG_RULES), tag(TAG_REASON));
    let Some(rules) = rules else { return Vec::new() };
    let Some(rule_list) = rules.as_text() else {
        let message = format!("the `{TAG_RULES}` tag value is not known before deployment, so it suppresses nothing");
        return vec![Issue { code: "invalid-suppression", message, origin: rules.origin }];
    };
    match entries(&rule_list, reason.and_then(Node::as_text), "tag", rules.origin) {
        Ok(found) => {
            resource.inline_suppressions.extend(found);
            Vec::new()
        }
        Err(issue) => vec![issue],
    }
}

fn present(field: Field<'_>) -> Option<&Node> {
    match field {
        Field::Known(node) | Field::Unknown(node) => Some(node),
        Field::Absent { .. } => None,
    }
}
