//! Structural types of the canonical model that rules rely on. A list written as a string or a map (a
//! `containerDefinitions` object, a capability string, an `environment` map) would make every rule over its
//! items see none and pass: it is an `invalid-type` error instead (the deploy would reject it too). Values
//! unknown before deployment, and absent ones, are not checked; scalar types are the rules' business (a `cpu`
//! of `"a quarter"` is a finding).

use super::Issue;
use crate::model::{Kind, Node, Resource, Value};

#[derive(Clone, Copy)]
enum Shape {
    List,
    Map,
    /// A list of objects.
    Objects,
    /// A list of strings.
    Strings,
}

/// (kinds, path of keys where `*` is each list item, shape).
const CHECKS: &[(&[Kind], &[&str], Shape)] = &[
    (TASK, &["containerDefinitions"], Shape::Objects),
    (TASK, &["requiresCompatibilities"], Shape::Strings),
    (TASK, &["volumes"], Shape::Objects),
    (TASK, &["ephemeralStorage"], Shape::Map),
    (TASK, &["runtimePlatform"], Shape::Map),
    (TASK, &["containerDefinitions", "*", "environment"], Shape::Objects),
    (TASK, &["containerDefinitions", "*", "secrets"], Shape::Objects),
    (TASK, &["containerDefinitions", "*", "portMappings"], Shape::Objects),
    (TASK, &["containerDefinitions", "*", "mountPoints"], Shape::Objects),
    (TASK, &["containerDefinitions", "*", "logConfiguration"], Shape::Map),
    (TASK, &["containerDefinitions", "*", "linuxParameters"], Shape::Map),
    (TASK, &["containerDefinitions", "*", "linuxParameters", "capabilities"], Shape::Map),
    (TASK, &["containerDefinitions", "*", "linuxParameters", "capabilities", "add"], Shape::Strings),
    (TASK, &["containerDefinitions", "*", "linuxParameters", "capabilities", "drop"], Shape::Strings),
    (TASK, &["containerDefinitions", "*", "systemControls"], Shape::Objects),
    (WORKLOAD, &["networkConfiguration"], Shape::Map),
    (WORKLOAD, &["networkConfiguration", "awsvpcConfiguration"], Shape::Map),
    (WORKLOAD, &["capacityProviderStrategy"], Shape::Objects),
    (&[Kind::Cluster], &["settings"], Shape::Objects),
    (&[Kind::Cluster], &["configuration"], Shape::Map),
    (&[Kind::Cluster], &["capacityProviders"], Shape::List),
];

const TASK: &[Kind] = &[Kind::TaskDefinition];
const WORKLOAD: &[Kind] = &[Kind::Service, Kind::TaskSet, Kind::RunTask];

/// The `invalid-type` issues of one resource (its body must be an object).
pub fn check(resource: &Resource) -> Vec<Issue> {
    let mut issues = Vec::new();
    if !matches!(resource.body.value, Value::Map(_) | Value::Unknown(_) | Value::Null) {
        issues.push(issue(&resource.body, "the resource's properties are", "an object"));
        return issues;
    }
    for (kinds, path, shape) in CHECKS {
        if kinds.contains(&resource.kind) {
            visit(&resource.body, path, &path.join("."), *shape, &mut issues);
        }
    }
    issues
}

fn visit(node: &Node, path: &[&str], name: &str, shape: Shape, issues: &mut Vec<Issue>) {
    let Some((first, rest)) = path.split_first() else {
        check_shape(node, name, shape, issues);
        return;
    };
    match (&node.value, *first) {
        (Value::List(items), "*") => items.iter().for_each(|item| visit(item, rest, name, shape, issues)),
        (Value::Map(entries), key) => {
            if let Some((_, child)) = entries.iter().find(|(k, _)| &**k == key) {
                visit(child, rest, name, shape, issues);
            }
        }
        _ => {}
    }
}

fn check_shape(node: &Node, name: &str, shape: Shape, issues: &mut Vec<Issue>) {
    let expected = match shape {
        Shape::List => "a list",
        Shape::Map => "an object",
        Shape::Objects => "a list of objects",
        Shape::Strings => "a list of strings",
    };
    match (&node.value, shape) {
        (Value::Null | Value::Unknown(_), _) | (Value::Map(_), Shape::Map) | (Value::List(_), Shape::List) => {}
        (Value::List(items), Shape::Objects | Shape::Strings) => {
            for item in items {
                let fits = matches!(
                    (&item.value, shape),
                    (Value::Null | Value::Unknown(_), _) | (Value::Map(_), Shape::Objects) | (Value::String(_), Shape::Strings)
                );
                if !fits {
                    let item_type = if matches!(shape, Shape::Objects) { "an object" } else { "a string" };
                    issues.push(issue(item, &format!("an item of `{name}` is"), item_type));
                }
            }
        }
        _ => issues.push(issue(node, &format!("`{name}` is"), expected)),
    }
}

fn issue(node: &Node, what: &str, expected: &str) -> Issue {
    let actual = match &node.value {
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::List(_) => "a list",
        Value::Map(_) => "an object",
        Value::Null | Value::Unknown(_) => "empty",
    };
    Issue { code: "invalid-type", message: format!("{what} {actual}; expected {expected}"), origin: node.origin }
}
