//! CloudFormation templates (and CDK synth output): ECS resources under `Resources`, PascalCase properties
//! mapped to API camelCase, intrinsic functions resolved where that is safe offline and Unknown otherwise.
//!
//! What is resolved: `Ref` to a parameter's `Default` (or its only `AllowedValues` entry; not SSM parameter
//! types, whose default is a parameter *name*), `Ref AWS::NoValue` (the key or list item disappears), `Conditions`
//! over literals and parameter defaults (so `Fn::If` picks its branch, and a resource whose `Condition` is false
//! is skipped), and `Fn::Sub`/`Fn::Join`/`Fn::Select`/`Fn::Split`/`Fn::FindInMap` over such values. Anything
//! computed at deploy time (`Fn::GetAtt`, `Fn::ImportValue`, pseudo parameters, `{{resolve:…}}` dynamic
//! references) is Unknown naming the function.
//!
//! An `Fn::If` whose condition cannot be decided offline is checked on both branches (formats.md §3): the
//! resource is converted once per combination of the undecided conditions it depends on (its [`Variant`]s;
//! conditions that depend on others are evaluated from them, so every combination is consistent), and the
//! engine merges what the rules say about each. Its plain `body` keeps such an `Fn::If` Unknown naming the
//! condition (unless both branches are the same), as does a resource that depends on more than
//! [`MAX_ASSUMED_CONDITIONS`] of them.

use super::convert::{lower_camel, Converter, Dialect, Selected};
use super::{suppress, Issue, Limits};
use crate::model::resource::InlineSuppression;
use crate::model::{KeyStyle, Kind, Model, Node, Origin, Origins, Reference, Resource, Value, Variant};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

/// Bounds evaluation through nested functions and conditions, which the template controls.
const MAX_EVALUATION_DEPTH: usize = 64;

/// A resource whose values depend on more undecided conditions than this keeps them Unknown rather than being
/// converted under every combination (2^4 = 16 conversions at most).
pub const MAX_ASSUMED_CONDITIONS: usize = 4;

const ASSOCIATIONS: &str = "AWS::ECS::ClusterCapacityProviderAssociations";

/// The resource types read, and their kinds.
const TYPES: &[(&str, Kind)] = &[
    ("AWS::ECS::TaskDefinition", Kind::TaskDefinition),
    ("AWS::ECS::Service", Kind::Service),
    ("AWS::ECS::Cluster", Kind::Cluster),
    ("AWS::ECS::TaskSet", Kind::TaskSet),
    ("AWS::ECS::CapacityProvider", Kind::CapacityProvider),
    ("AWS::GuardDuty::Detector", Kind::Detector),
];

fn kind_of(resource_type: &str) -> Option<Kind> {
    TYPES.iter().find(|(name, _)| *name == resource_type).map(|(_, kind)| *kind)
}

/// The CloudFormation type of a kind (none for a RunTask call).
pub fn resource_type(kind: Kind) -> Option<&'static str> {
    TYPES.iter().find(|(_, k)| *k == kind).map(|(name, _)| *name)
}

/// CloudFormation property names that are not the API name with a lower-case first letter.
fn renamed(key: &str) -> Option<&'static str> {
    Some(match key {
        "ClusterSettings" => "settings",
        "FilesystemId" => "fileSystemId",
        "AwsVpcConfiguration" => "awsvpcConfiguration",
        _ => return None,
    })
}

struct Template<'t> {
    parameters: Option<&'t Map<String, Json>>,
    mappings: Option<&'t Map<String, Json>>,
    conditions: Option<&'t Map<String, Json>>,
    resources: &'t Map<String, Json>,
    /// Truth values assumed for conditions that cannot be decided offline: one variant of a resource.
    assumed: Vec<(String, bool)>,
    /// Conditions evaluated so far (`None`: not decidable). Entered before evaluating, so a cycle stays
    /// undecided instead of recursing.
    decided: RefCell<HashMap<String, Option<Truth>>>,
    /// Where the converter put the `Fn::If` branches chosen by an assumption, and on which condition.
    branches: RefCell<Vec<(Origin, String)>>,
}

/// A condition's value, and whether it rests on an assumed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Truth {
    value: bool,
    assumed: bool,
}

impl Truth {
    fn known(value: bool) -> Self {
        Truth { value, assumed: false }
    }
}

/// The undecided conditions a resource's values depend on.
#[derive(Clone, Default)]
struct Dependencies {
    /// Named by its `Fn::If`s, in the order they appear.
    direct: Vec<String>,
    /// What to assume true and false so that all of them are decided (see [`Template::bases`]).
    bases: Vec<String>,
}

impl Dialect for Template<'_> {
    fn style(&self) -> KeyStyle {
        KeyStyle::Pascal
    }

    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        renamed(key).map_or_else(|| lower_camel(key), Cow::Borrowed)
    }

    fn drops_null_items(&self) -> bool {
        true
    }

    fn select<'v>(&self, value: &'v Json) -> Option<Selected<'v>> {
        let (condition, yes, no) = if_arguments(value)?;
        let (index, value, assumed) = match self.decision(condition, 0) {
            // Both branches deploy the same value: one place to point at, whatever is assumed.
            Some(Truth { assumed: true, .. }) if self.same(yes, no) => (1, yes, false),
            Some(Truth { value: true, assumed }) => (1, yes, assumed),
            Some(Truth { value: false, assumed }) => (2, no, assumed),
            None if self.same(yes, no) => (1, yes, false),
            None => return None,
        };
        Some(Selected { key: "Fn::If", index, value, assumed: assumed.then_some(condition) })
    }

    fn assumed_part(&self, part: Origin, condition: &str) {
        self.branches.borrow_mut().push((part, condition.to_string()));
    }

    fn intercept(&self, value: &Json, origin: Origin, converter: &mut Converter<'_>) -> Option<Node> {
        match value {
            Json::Object(map) if map.len() == 1 => {
                let function = map.keys().next()?;
                if function == "Ref" || function.starts_with("Fn::") {
                    return Some(match self.evaluate(value, 0) {
                        // The finding points at the function; its literal result has no keys to rename.
                        Ok(literal) => converter.convert(&Plain, &literal, origin),
                        Err(why) => unknown(why, origin),
                    });
                }
                (function == "Condition").then(|| unknown("Condition".into(), origin))
            }
            Json::String(s) if is_dynamic_reference(s) => Some(unknown("dynamic reference".into(), origin)),
            _ => None,
        }
    }
}

/// Literal values (parameter defaults, function results) are converted without renaming.
struct Plain;

impl Dialect for Plain {
    fn style(&self) -> KeyStyle {
        KeyStyle::Pascal
    }
    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        Cow::Borrowed(key)
    }
    fn drops_null_items(&self) -> bool {
        true
    }
}

fn unknown(why: String, origin: Origin) -> Node {
    Node::new(Value::Unknown(why.into()), origin)
}

fn is_dynamic_reference(text: &str) -> bool {
    text.contains("{{resolve:")
}

/// `{"Fn::If": [condition, yes, no]}`.
fn if_arguments(value: &Json) -> Option<(&str, &Json, &Json)> {
    let map = value.as_object().filter(|m| m.len() == 1)?;
    match map.get("Fn::If")?.as_array()?.as_slice() {
        [Json::String(condition), yes, no] => Some((condition, yes, no)),
        _ => None,
    }
}

/// The single `(function, argument)` of an intrinsic function object.
fn function_of(value: &Json) -> Option<(&str, &Json)> {
    let map = value.as_object().filter(|m| m.len() == 1)?;
    map.iter().next().map(|(k, v)| (k.as_str(), v))
}

/// Strings, numbers and booleans as CloudFormation turns them into strings.
fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `Fn::Equals` compares strings: `256` equals `"256"`.
fn equal_values(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal_values(x, y)),
        _ => match (scalar_text(a), scalar_text(b)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
    }
}

impl<'t> Template<'t> {
    fn new(json: &'t Json, resources: &'t Map<String, Json>) -> Self {
        let section = |name: &str| json.get(name).and_then(Json::as_object);
        Template {
            parameters: section("Parameters"),
            mappings: section("Mappings"),
            conditions: section("Conditions"),
            resources,
            assumed: Vec::new(),
            decided: RefCell::new(HashMap::new()),
            branches: RefCell::new(Vec::new()),
        }
    }

    /// The same template with undecided conditions assumed true or false.
    fn assuming(&self, assumed: Vec<(String, bool)>) -> Self {
        Template { assumed, decided: RefCell::new(HashMap::new()), branches: RefCell::new(Vec::new()), ..*self }
    }

    /// A named condition: `Some` when decidable from literals and parameter defaults (and assumptions).
    fn condition(&self, name: &str, depth: usize) -> Option<bool> {
        self.decision(name, depth).map(|truth| truth.value)
    }

    fn decision(&self, name: &str, depth: usize) -> Option<Truth> {
        if let Some(decided) = self.decided.borrow().get(name) {
            return *decided;
        }
        self.decided.borrow_mut().insert(name.to_string(), None);
        let result = self
            .conditions
            .and_then(|c| c.get(name))
            .and_then(|expression| self.truth(expression, depth + 1))
            .or_else(|| self.assumed.iter().find(|(assumed, _)| assumed == name).map(|(_, value)| Truth { value: *value, assumed: true }));
        self.decided.borrow_mut().insert(name.to_string(), result);
        result
    }

    /// A condition expression, in three-valued logic (`None`: not decidable).
    fn truth(&self, expression: &Json, depth: usize) -> Option<Truth> {
        if depth > MAX_EVALUATION_DEPTH {
            return None;
        }
        let (function, argument) = function_of(expression)?;
        let operands = argument.as_array().map_or(&[][..], Vec::as_slice);
        match function {
            "Fn::Equals" => {
                let [a, b] = operands else { return None };
                let (a, b) = (self.evaluate(a, depth + 1).ok()?, self.evaluate(b, depth + 1).ok()?);
                Some(Truth::known(equal_values(&a, &b)))
            }
            "Fn::Not" => {
                let [operand] = operands else { return None };
                self.truth(operand, depth + 1).map(|t| Truth { value: !t.value, ..t })
            }
            "Fn::And" | "Fn::Or" => {
                // And: one false decides; Or: one true decides. Otherwise any undecided operand leaves it open.
                // A decisive operand that is only assumed decides under the assumption.
                let decisive = function == "Fn::Or";
                let (mut open, mut assumed_decisive, mut assumed) = (false, false, false);
                for operand in operands {
                    match self.truth(operand, depth + 1) {
                        Some(t) if t.value == decisive && !t.assumed => return Some(Truth::known(decisive)),
                        Some(t) if t.value == decisive => assumed_decisive = true,
                        Some(t) => assumed |= t.assumed,
                        None => open = true,
                    }
                }
                if assumed_decisive {
                    Some(Truth { value: decisive, assumed: true })
                } else if open {
                    None
                } else {
                    Some(Truth { value: !decisive, assumed })
                }
            }
            "Condition" => self.decision(argument.as_str()?, depth + 1),
            _ => None,
        }
    }

    /// The undecided conditions to assume true and false so that `name` is decided: itself when its own
    /// expression has a part known only at deploy time (an `Fn::Equals` over a parameter without a default),
    /// and those of the undecided conditions it names. A condition the template does not define is none: the
    /// template is invalid there, and its `Fn::If` stays Unknown.
    fn bases(&self, name: &str, out: &mut Vec<String>, visiting: &mut Vec<String>) {
        if out.iter().any(|n| n == name) || self.condition(name, 0).is_some() {
            return;
        }
        let Some(expression) = self.conditions.and_then(|c| c.get(name)) else { return };
        if visiting.iter().any(|n| n == name) || visiting.len() > MAX_EVALUATION_DEPTH {
            // A cycle (which CloudFormation rejects): assume it rather than follow it.
            out.push(name.to_string());
            return;
        }
        visiting.push(name.to_string());
        let own = self.open_parts(expression, out, visiting, 0);
        visiting.pop();
        if own && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }

    /// Walks an undecided condition expression for [`Template::bases`]: collects the bases of the conditions
    /// it names; true when it has an undecidable part of its own.
    fn open_parts(&self, expression: &Json, out: &mut Vec<String>, visiting: &mut Vec<String>, depth: usize) -> bool {
        if depth > MAX_EVALUATION_DEPTH {
            return true;
        }
        if self.truth(expression, depth).is_some() {
            return false;
        }
        let Some((function, argument)) = function_of(expression) else { return true };
        match (function, argument) {
            ("Fn::Not" | "Fn::And" | "Fn::Or", Json::Array(operands)) => {
                // Every operand is walked: each may name conditions.
                let mut own = false;
                for operand in operands {
                    own |= self.open_parts(operand, out, visiting, depth + 1);
                }
                own
            }
            ("Condition", Json::String(name)) => {
                self.bases(name, out, visiting);
                false
            }
            _ => true,
        }
    }

    /// Collects the undecided conditions the `Fn::If`s in `value` depend on; only the branch a decided
    /// condition takes is walked.
    fn dependencies(&self, value: &Json, found: &mut Dependencies, depth: usize, max_depth: usize) {
        if depth > max_depth {
            return;
        }
        if let Some((condition, yes, no)) = if_arguments(value) {
            match self.condition(condition, 0) {
                Some(true) => return self.dependencies(yes, found, depth + 1, max_depth),
                Some(false) => return self.dependencies(no, found, depth + 1, max_depth),
                None if self.same(yes, no) => return self.dependencies(yes, found, depth + 1, max_depth),
                None => {
                    let mut bases = Vec::new();
                    self.bases(condition, &mut bases, &mut Vec::new());
                    if !bases.is_empty() && !found.direct.iter().any(|c| c == condition) {
                        found.direct.push(condition.to_string());
                    }
                    for base in bases {
                        if !found.bases.contains(&base) {
                            found.bases.push(base);
                        }
                    }
                }
            }
        }
        match value {
            Json::Array(items) => items.iter().for_each(|item| self.dependencies(item, found, depth + 1, max_depth)),
            Json::Object(map) => map.values().for_each(|item| self.dependencies(item, found, depth + 1, max_depth)),
            _ => {}
        }
    }

    /// What each ECS resource's checks depend on: the undecided conditions of its own values, and those joined
    /// with the conditions of the resources it is linked with in this template (a workload's task definition
    /// and cluster, and the other way round; `None` when they add none), so that each variant of one sees the
    /// one variant of the other that deploys with it.
    fn linked_dependencies(&self, ecs: &[(&String, &Json, Kind)], max_depth: usize) -> Vec<(Dependencies, Option<Dependencies>)> {
        let own: Vec<Dependencies> = ecs
            .iter()
            .map(|(_, resource, _)| {
                let mut found = Dependencies::default();
                if let Some(properties) = resource.get("Properties") {
                    self.dependencies(properties, &mut found, 0, max_depth);
                }
                found
            })
            .collect();
        let mut partners: Vec<Vec<usize>> = vec![Vec::new(); ecs.len()];
        // Logical ids are unique in a template: one lookup per link, not a scan of every resource.
        let by_id: HashMap<&str, usize> = ecs.iter().enumerate().map(|(index, (id, _, _))| (id.as_str(), index)).collect();
        for (index, (_, resource, _)) in ecs.iter().enumerate().filter(|(_, (_, _, kind))| kind.is_workload()) {
            for key in ["TaskDefinition", "Cluster"] {
                let wanted = if key == "Cluster" { Kind::Cluster } else { Kind::TaskDefinition };
                let Reference::Address(target) = self.reference(resource.get("Properties").and_then(|p| p.get(key)), 0) else { continue };
                let Some(&target) = by_id.get(target.as_str()).filter(|&&at| ecs.get(at).is_some_and(|(_, _, kind)| *kind == wanted)) else { continue };
                for (from, to) in [(index, target), (target, index)] {
                    if let Some(list) = partners.get_mut(from) {
                        list.push(to);
                    }
                }
            }
        }
        // Deduplicated once: a cluster can have thousands of services.
        for list in &mut partners {
            list.sort_unstable();
            list.dedup();
        }
        own.iter()
            .zip(&partners)
            .map(|(mine, partners)| {
                let mut joined = mine.clone();
                for partner in partners.iter().filter_map(|p| own.get(*p)) {
                    for (to, from) in [(&mut joined.direct, &partner.direct), (&mut joined.bases, &partner.bases)] {
                        for name in from {
                            if !to.contains(name) {
                                to.push(name.clone());
                            }
                        }
                    }
                }
                let joined = (joined.bases.len() > mine.bases.len()).then_some(joined);
                (mine.clone(), joined)
            })
            .collect()
    }

    /// The variants to convert a resource under: one template per combination of the undecided conditions it
    /// depends on (with its linked resources', unless that is more than the cap), except those under which its
    /// own `Condition` is false (it is not created then), each with the conditions' values. Empty when it
    /// depends on none or on too many.
    fn variants(&self, resource: &Json, (own, linked): (Dependencies, Option<Dependencies>)) -> Vec<(Template<'t>, Vec<(String, bool)>)> {
        let created_when = resource.get("Condition").and_then(Json::as_str).filter(|c| self.condition(c, 0).is_none());
        let with_own_condition = |mut found: Dependencies| {
            if let Some(condition) = created_when {
                self.bases(condition, &mut found.bases, &mut Vec::new());
            }
            found
        };
        let Some(found) = linked
            .into_iter()
            .chain([own])
            .filter(|found| !found.bases.is_empty())
            .map(with_own_condition)
            .find(|found| found.bases.len() <= MAX_ASSUMED_CONDITIONS)
        else {
            return Vec::new();
        };
        let templates: Vec<Template<'t>> = (0..1usize << found.bases.len())
            .map(|combination| {
                let assumed = found.bases.iter().enumerate().map(|(bit, name)| (name.clone(), combination & (1 << bit) == 0)).collect();
                self.assuming(assumed)
            })
            .filter(|template| created_when.map_or(true, |c| template.condition(c, 0) != Some(false)))
            .collect();
        // Named as the `Fn::If`s name them first; only conditions decided in every variant can say which.
        let names: Vec<&String> = found.direct.iter().chain(found.bases.iter().filter(|b| !found.direct.contains(b))).collect();
        let values: Vec<Vec<Option<bool>>> = templates.iter().map(|t| names.iter().map(|name| t.condition(name, 0)).collect()).collect();
        let decided: Vec<usize> = (0..names.len()).filter(|column| values.iter().all(|row| row.get(*column).copied().flatten().is_some())).collect();
        templates
            .into_iter()
            .zip(&values)
            .map(|(template, row)| {
                let when = decided
                    .iter()
                    .filter_map(|column| Some(((*names.get(*column)?).clone(), row.get(*column).copied().flatten()?)))
                    .collect();
                (template, when)
            })
            .collect()
    }

    /// Both branches of an undecided `Fn::If` deploy the same value.
    fn same(&self, yes: &Json, no: &Json) -> bool {
        yes == no || matches!((self.evaluate(yes, 0), self.evaluate(no, 0)), (Ok(a), Ok(b)) if a == b)
    }

    /// The literal a value stands for, when it is known offline; otherwise why not (e.g. `Fn::GetAtt Repo.Arn`).
    /// `Ref AWS::NoValue` is `null`.
    fn evaluate(&self, value: &Json, depth: usize) -> Result<Json, String> {
        if depth > MAX_EVALUATION_DEPTH {
            return Err("functions nested too deeply".into());
        }
        match value {
            Json::String(s) if is_dynamic_reference(s) => Err("dynamic reference".into()),
            Json::Array(items) => items.iter().map(|item| self.evaluate(item, depth + 1)).collect::<Result<_, _>>().map(Json::Array),
            Json::Object(map) => match function_of(value) {
                Some((function, argument)) if function == "Ref" || function.starts_with("Fn::") => {
                    self.function(function, argument, depth + 1)
                }
                _ => map
                    .iter()
                    .map(|(key, item)| Ok((key.clone(), self.evaluate(item, depth + 1)?)))
                    .collect::<Result<Map<_, _>, String>>()
                    .map(Json::Object),
            },
            other => Ok(other.clone()),
        }
    }

    fn function(&self, function: &str, argument: &Json, depth: usize) -> Result<Json, String> {
        let operands = argument.as_array().map_or(&[][..], Vec::as_slice);
        let fail = || function.to_string();
        // The function name, then what made it unknown: "Fn::Join (Ref AWS::Region)"; the innermost function
        // of a nest names the cause.
        let inner = |why: String| if why.contains(" (") { why } else { format!("{function} ({why})") };
        match function {
            "Ref" => self.parameter(argument.as_str().ok_or_else(fail)?),
            "Fn::If" => {
                let [Json::String(condition), yes, no] = operands else { return Err(fail()) };
                match self.condition(condition, depth) {
                    Some(true) => self.evaluate(yes, depth),
                    Some(false) => self.evaluate(no, depth),
                    None => match (self.evaluate(yes, depth), self.evaluate(no, depth)) {
                        (Ok(a), Ok(b)) if a == b => Ok(a),
                        _ => Err(format!("Fn::If on condition {condition}")),
                    },
                }
            }
            "Fn::Sub" => self.sub(argument, depth),
            "Fn::Join" => {
                let [delimiter, list] = operands else { return Err(fail()) };
                let delimiter = scalar_text(&self.evaluate(delimiter, depth).map_err(inner)?).ok_or_else(fail)?;
                let Json::Array(items) = self.evaluate(list, depth).map_err(inner)? else { return Err(fail()) };
                let parts: Option<Vec<String>> = items.iter().filter(|item| !item.is_null()).map(scalar_text).collect();
                Ok(Json::String(parts.ok_or_else(fail)?.join(&delimiter)))
            }
            "Fn::Select" => {
                let [index, list] = operands else { return Err(fail()) };
                let index = scalar_text(&self.evaluate(index, depth).map_err(inner)?).and_then(|i| i.parse::<usize>().ok());
                let Json::Array(items) = self.evaluate(list, depth).map_err(inner)? else { return Err(fail()) };
                index.and_then(|i| items.into_iter().nth(i)).ok_or_else(fail)
            }
            "Fn::Split" => {
                let [delimiter, text] = operands else { return Err(fail()) };
                let delimiter = scalar_text(&self.evaluate(delimiter, depth).map_err(inner)?).ok_or_else(fail)?;
                let text = scalar_text(&self.evaluate(text, depth).map_err(inner)?).ok_or_else(fail)?;
                if delimiter.is_empty() {
                    return Err(fail());
                }
                Ok(Json::Array(text.split(delimiter.as_str()).map(|part| Json::String(part.to_string())).collect()))
            }
            "Fn::FindInMap" => {
                let [map, top, second, ..] = operands else { return Err(fail()) };
                let mut found = self.mappings;
                let mut value = None;
                for key in [map, top, second] {
                    let key = scalar_text(&self.evaluate(key, depth).map_err(inner)?).ok_or_else(fail)?;
                    value = found.and_then(|m| m.get(&key));
                    found = value.and_then(Json::as_object);
                }
                value.cloned().ok_or_else(fail)
            }
            "Fn::GetAtt" => {
                let target = match argument {
                    Json::Array(parts) => parts.iter().filter_map(Json::as_str).collect::<Vec<_>>().join("."),
                    other => other.as_str().unwrap_or_default().to_string(),
                };
                Err(format!("Fn::GetAtt {target}"))
            }
            // Fn::ImportValue, Fn::GetAZs, Fn::Cidr, Fn::Base64, Fn::Transform, …: known at deploy time only.
            _ => Err(fail()),
        }
    }

    /// What `Ref name` yields offline: a parameter's default; `null` for `AWS::NoValue`.
    fn parameter(&self, name: &str) -> Result<Json, String> {
        let why = |detail: &str| format!("Ref {name}{detail}");
        if name == "AWS::NoValue" {
            return Ok(Json::Null);
        }
        if name.starts_with("AWS::") || self.resources.contains_key(name) {
            return Err(why(""));
        }
        let parameter = self.parameters.and_then(|p| p.get(name)).ok_or_else(|| why(""))?;
        let kind = parameter.get("Type").and_then(Json::as_str).unwrap_or("String");
        if kind.starts_with("AWS::SSM::Parameter::Value") {
            return Err(why(" (an SSM parameter value)"));
        }
        let only_allowed = parameter.get("AllowedValues").and_then(Json::as_array).filter(|values| values.len() == 1).and_then(|v| v.first());
        let default = parameter.get("Default").or(only_allowed).ok_or_else(|| why(" (a parameter without a default)"))?;
        if kind == "CommaDelimitedList" || kind.starts_with("List<") {
            if let Some(text) = scalar_text(default) {
                return Ok(Json::Array(text.split(',').map(|item| Json::String(item.trim().to_string())).collect()));
            }
        }
        Ok(default.clone())
    }

    /// `Fn::Sub`: `"text ${Var} ${!Literal}"` or `[template, {Var: value}]`.
    fn sub(&self, argument: &Json, depth: usize) -> Result<Json, String> {
        let fail = || "Fn::Sub".to_string();
        let (template, variables) = match argument {
            Json::String(template) => (template.as_str(), None),
            Json::Array(parts) => match parts.as_slice() {
                [Json::String(template)] => (template.as_str(), None),
                [Json::String(template), Json::Object(variables)] => (template.as_str(), Some(variables)),
                _ => return Err(fail()),
            },
            _ => return Err(fail()),
        };
        if is_dynamic_reference(template) {
            return Err("Fn::Sub (dynamic reference)".into());
        }
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some((before, after)) = rest.split_once("${") {
            out.push_str(before);
            if let Some(literal) = after.strip_prefix('!') {
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some((name, tail)) = after.split_once('}') else {
                out.push_str("${");
                rest = after;
                continue;
            };
            let name = name.trim();
            let value = match variables.and_then(|v| v.get(name)) {
                Some(value) => self.evaluate(value, depth),
                None if name.contains('.') => Err(format!("Fn::GetAtt {name}")),
                None => self.parameter(name),
            };
            let text = value.ok().as_ref().and_then(scalar_text).ok_or_else(|| format!("Fn::Sub (${{{name}}})"))?;
            out.push_str(&text);
            rest = tail;
        }
        out.push_str(rest);
        Ok(Json::String(out))
    }

    /// How a property such as `Service.TaskDefinition` names another resource.
    fn reference(&self, value: Option<&Json>, depth: usize) -> Reference {
        let Some(value) = value else { return Reference::None };
        if let Some(selected) = self.select(value).filter(|_| depth < MAX_EVALUATION_DEPTH) {
            return self.reference(Some(selected.value), depth + 1);
        }
        if let Some((function, argument)) = function_of(value) {
            let target = match (function, argument) {
                ("Ref", Json::String(target)) => Some(target.as_str()),
                ("Fn::GetAtt", Json::Array(parts)) => parts.first().and_then(Json::as_str),
                ("Fn::GetAtt", Json::String(dotted)) => dotted.split('.').next(),
                _ => None,
            };
            if let Some(target) = target.filter(|t| self.resources.contains_key(*t)) {
                return Reference::Address(target.to_string());
            }
        }
        match self.evaluate(value, 0) {
            Ok(Json::String(name)) => Reference::Name(name),
            Ok(Json::Null) => Reference::None,
            Ok(_) => Reference::Unknown("not a string or reference".into()),
            Err(why) => Reference::Unknown(why),
        }
    }
}

pub fn read(json: &Json, document: u32, limits: &Limits, model: &mut Model) -> Result<Vec<Issue>, String> {
    let resources = json.get("Resources").and_then(Json::as_object).ok_or("the template has no `Resources` map")?;
    let template = Template::new(json, resources);
    let root = model.origins.document(document, KeyStyle::Pascal);
    let resources_origin = model.origins.key(root, "Resources", KeyStyle::Pascal);
    let mut issues = Vec::new();
    let mut associations = Vec::new();
    let mut ecs: Vec<(&String, &Json, Kind)> = Vec::new();
    for (logical_id, resource) in resources {
        let Some(resource_type) = resource.get("Type").and_then(Json::as_str) else { continue };
        // A resource whose condition is false is not created; an undecided one may be, so it is checked.
        let condition = resource.get("Condition").and_then(Json::as_str);
        if condition.is_some_and(|c| template.condition(c, 0) == Some(false)) {
            continue;
        }
        if resource_type == ASSOCIATIONS {
            associations.push((logical_id, resource));
        } else if let Some(kind) = kind_of(resource_type) {
            ecs.push((logical_id, resource, kind));
        }
    }
    let dependencies = template.linked_dependencies(&ecs, limits.max_depth);
    for ((logical_id, resource, kind), dependencies) in ecs.into_iter().zip(dependencies) {
        let resource_origin = model.origins.key(resources_origin, logical_id, KeyStyle::Pascal);
        let properties_origin = model.origins.key(resource_origin, "Properties", KeyStyle::Pascal);
        let mut variants = template.variants(resource, dependencies);
        // A single variant (its own condition decides the rest): the resource is plain under that assumption.
        let only = if variants.len() == 1 { variants.pop().map(|(template, _)| template) } else { None };
        let template = only.as_ref().unwrap_or(&template);
        let body = convert_properties(template, resource, properties_origin, limits, &mut model.origins);
        let variants: Vec<Variant> = variants
            .into_iter()
            .map(|(template, when)| {
                let body = convert_properties(&template, resource, properties_origin, limits, &mut model.origins);
                Variant { when, body, branches: template.branches.take() }
            })
            .collect();
        let name = resource
            .pointer("/Metadata/aws:cdk:path")
            .and_then(Json::as_str)
            .map_or_else(|| logical_id.clone(), str::to_string);
        let mut out = Resource::new(kind, name, logical_id.clone(), document, body);
        let name_key = match kind {
            Kind::TaskDefinition => Some("family"),
            Kind::Service => Some("serviceName"),
            Kind::Cluster => Some("clusterName"),
            _ => None,
        };
        out.declared_name = name_key.and_then(|key| out.body.get(key).as_str()).map(str::to_string);
        if kind.is_workload() {
            let properties = resource.get("Properties");
            out.task_definition = template.reference(properties.and_then(|p| p.get("TaskDefinition")), 0);
            out.cluster = template.reference(properties.and_then(|p| p.get("Cluster")), 0);
        }
        out.inline_suppressions = metadata_suppressions(resource, resource_origin, &mut model.origins, &mut issues);
        out.variants = variants;
        model.resources.push(out);
    }
    for (logical_id, association) in associations {
        merge_association(&template, logical_id, association, resources_origin, document, limits, model);
    }
    Ok(issues)
}

fn convert_properties(template: &Template<'_>, resource: &Json, origin: Origin, limits: &Limits, origins: &mut Origins) -> Node {
    let empty = Json::Object(Map::new());
    let properties = resource.get("Properties").unwrap_or(&empty);
    Converter { origins, max_depth: limits.max_depth }.convert(template, properties, origin)
}

/// `Metadata: { "fargate-guard": { "suppress": [ { "rule": "FG-07", "reason": "…" } ] } }`.
fn metadata_suppressions(resource: &Json, resource_origin: Origin, origins: &mut Origins, issues: &mut Vec<Issue>) -> Vec<InlineSuppression> {
    let Some(list) = resource.pointer("/Metadata/fargate-guard/suppress") else { return Vec::new() };
    let metadata = origins.key(resource_origin, "Metadata", KeyStyle::Pascal);
    let ours = origins.key(metadata, "fargate-guard", KeyStyle::Pascal);
    let list_origin = origins.key(ours, "suppress", KeyStyle::Pascal);
    let Some(entries) = list.as_array() else {
        let message = "`Metadata.fargate-guard.suppress` must be a list of `{rule, reason}`".into();
        issues.push(Issue { code: "invalid-suppression", message, origin: list_origin });
        return Vec::new();
    };
    let mut found = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let origin = origins.index(list_origin, index, KeyStyle::Pascal);
        let rule = entry.get("rule").and_then(scalar_text).unwrap_or_default();
        let reason = entry.get("reason").and_then(scalar_text);
        match suppress::entries(&rule, reason, "cloudformation-metadata", origin) {
            Ok(entries) => found.extend(entries),
            Err(issue) => issues.push(issue),
        }
    }
    found
}

/// `AWS::ECS::ClusterCapacityProviderAssociations` sets its cluster's capacity providers and default strategy:
/// they become part of that cluster (provenance still points at the association, where the user edits them).
/// An association whose cluster is not in this template has nothing to join.
fn merge_association(
    template: &Template<'_>,
    logical_id: &str,
    association: &Json,
    resources_origin: Origin,
    document: u32,
    limits: &Limits,
    model: &mut Model,
) {
    let cluster = template.reference(association.pointer("/Properties/Cluster"), 0);
    let Some(target) = model.resources.iter().position(|r| {
        r.document == document
            && r.kind == Kind::Cluster
            && match &cluster {
                Reference::Address(id) => &r.address == id,
                Reference::Name(name) => r.declared_name.as_ref() == Some(name),
                _ => false,
            }
    }) else {
        return;
    };
    let origin = model.origins.key(resources_origin, logical_id, KeyStyle::Pascal);
    let properties_origin = model.origins.key(origin, "Properties", KeyStyle::Pascal);
    let Value::Map(entries) = convert_properties(template, association, properties_origin, limits, &mut model.origins).value else {
        return;
    };
    let Some(cluster) = model.resources.get_mut(target) else { return };
    for body in std::iter::once(&mut cluster.body).chain(cluster.variants.iter_mut().map(|v| &mut v.body)) {
        let Value::Map(body) = &mut body.value else { continue };
        for (key, node) in entries.iter().filter(|(key, _)| matches!(&**key, "capacityProviders" | "defaultCapacityProviderStrategy")) {
            body.retain(|(existing, _)| existing != key);
            body.push((key.clone(), node.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(json: &Json) -> Template<'_> {
        Template::new(json, json.get("Resources").and_then(Json::as_object).expect("resources"))
    }

    #[test]
    fn conditions_decide_over_literals_and_defaults() {
        let json = json!({
            "Parameters": {"Env": {"Type": "String", "Default": "dev"}, "Open": {"Type": "String"}},
            "Conditions": {
                "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
                "Unknown": {"Fn::Equals": [{"Ref": "Open"}, "x"]},
                "Either": {"Fn::Or": [{"Condition": "Unknown"}, {"Condition": "IsDev"}]},
                "Both": {"Fn::And": [{"Condition": "Unknown"}, {"Condition": "IsDev"}]},
                "Loop": {"Fn::Not": [{"Condition": "Loop"}]}
            },
            "Resources": {}
        });
        let t = template(&json);
        assert_eq!(t.condition("IsProd", 0), Some(false));
        assert_eq!(t.condition("IsDev", 0), Some(true));
        assert_eq!(t.condition("Unknown", 0), None);
        assert_eq!(t.condition("Either", 0), Some(true));
        assert_eq!(t.condition("Both", 0), None);
        assert_eq!(t.condition("Loop", 0), None);
        assert_eq!(t.condition("Missing", 0), None);
    }

    #[test]
    fn undecided_conditions_are_assumed_through_their_bases() {
        let json = json!({
            "Parameters": {"Env": {"Type": "String"}, "Region": {"Type": "String"}, "Size": {"Type": "String", "Default": "s"}},
            "Conditions": {
                "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
                "IsEu": {"Fn::Equals": [{"Ref": "Region"}, "eu"]},
                "ProdInEu": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsEu"}]},
                "DevOrBig": {"Fn::Or": [{"Condition": "IsDev"}, {"Fn::Equals": [{"Ref": "AWS::Region"}, "x"]}]},
                "Small": {"Fn::Equals": [{"Ref": "Size"}, "s"]},
                "Broken": {"Fn::Not": [{"Condition": "Nowhere"}]},
                "Loop": {"Fn::Not": [{"Condition": "Loop"}]}
            },
            "Resources": {}
        });
        let t = template(&json);
        let bases = |name: &str| {
            let mut out = Vec::new();
            t.bases(name, &mut out, &mut Vec::new());
            out
        };
        // Derived conditions are assumed through the ones they rest on; a mixed one is a base itself too.
        assert_eq!(bases("IsDev"), ["IsProd"]);
        assert_eq!(bases("ProdInEu"), ["IsProd", "IsEu"]);
        assert_eq!(bases("DevOrBig"), ["IsProd", "DevOrBig"]);
        assert!(bases("Small").is_empty(), "decided by a default");
        assert!(bases("Broken").is_empty(), "a condition the template does not define stays undecided");
        assert_eq!(bases("Loop"), ["Loop"]);

        let assumed = t.assuming(vec![("IsProd".into(), false), ("IsEu".into(), true), ("DevOrBig".into(), false)]);
        assert_eq!(assumed.decision("IsDev", 0), Some(Truth { value: true, assumed: true }));
        assert_eq!(assumed.condition("ProdInEu", 0), Some(false));
        // IsDev is true, so the Or is true whatever was assumed for it.
        assert_eq!(assumed.condition("DevOrBig", 0), Some(true));
        assert_eq!(assumed.decision("Small", 0), Some(Truth::known(true)));
        assert_eq!(assumed.condition("Broken", 0), None);
        assert_eq!(assumed.evaluate(&json!({"Fn::If": ["IsDev", "a", "b"]}), 0), Ok(json!("a")));
        assert_eq!(t.evaluate(&json!({"Fn::If": ["IsDev", "a", "b"]}), 0), Err("Fn::If on condition IsDev".into()));
    }

    #[test]
    fn functions_of_literals_resolve_and_others_say_why_not() {
        let json = json!({
            "Parameters": {
                "Env": {"Type": "String", "Default": "dev"},
                "Subnets": {"Type": "CommaDelimitedList", "Default": "a, b"},
                "Ami": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/aws/ami"}
            },
            "Mappings": {"Sizes": {"dev": {"Cpu": 256}}},
            "Resources": {"Repo": {"Type": "AWS::ECR::Repository"}}
        });
        let t = template(&json);
        let eval = |v: Json| t.evaluate(&v, 0);
        assert_eq!(eval(json!({"Fn::Sub": "app-${Env}-${!Literal}"})), Ok(json!("app-dev-${Literal}")));
        assert_eq!(eval(json!({"Fn::Sub": ["${A}:${Env}", {"A": {"Ref": "Env"}}]})), Ok(json!("dev:dev")));
        assert_eq!(eval(json!({"Fn::Sub": "${AWS::Region}-x"})), Err("Fn::Sub (${AWS::Region})".into()));
        assert_eq!(eval(json!({"Fn::Join": ["-", ["a", {"Ref": "Env"}, 1, {"Ref": "AWS::NoValue"}]]})), Ok(json!("a-dev-1")));
        assert_eq!(eval(json!({"Fn::Join": ["", ["a", {"Ref": "AWS::Region"}]]})), Err("Fn::Join (Ref AWS::Region)".into()));
        assert_eq!(eval(json!({"Fn::Select": [1, {"Ref": "Subnets"}]})), Ok(json!("b")));
        assert_eq!(eval(json!({"Fn::Select": ["0", {"Fn::Split": [",", "x,y"]}]})), Ok(json!("x")));
        assert_eq!(eval(json!({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Cpu"]})), Ok(json!(256)));
        assert_eq!(eval(json!({"Fn::FindInMap": ["Sizes", "prod", "Cpu"]})), Err("Fn::FindInMap".into()));
        assert_eq!(eval(json!({"Fn::GetAtt": ["Repo", "Arn"]})), Err("Fn::GetAtt Repo.Arn".into()));
        assert_eq!(eval(json!({"Fn::ImportValue": "net-Vpc"})), Err("Fn::ImportValue".into()));
        assert_eq!(eval(json!({"Ref": "Repo"})), Err("Ref Repo".into()));
        assert_eq!(eval(json!({"Ref": "Ami"})), Err("Ref Ami (an SSM parameter value)".into()));
        assert_eq!(eval(json!({"Ref": "Nope"})), Err("Ref Nope".into()));
        assert_eq!(eval(json!("{{resolve:ssm:/x}}")), Err("dynamic reference".into()));
        assert_eq!(eval(json!({"Fn::If": ["Nope", "a", "a"]})), Ok(json!("a")));
        assert_eq!(eval(json!({"Fn::If": ["Nope", "a", "b"]})), Err("Fn::If on condition Nope".into()));
        let mut deep = json!("x");
        for _ in 0..200 {
            deep = json!({"Fn::Join": ["", [deep]]});
        }
        let why = eval(deep).expect_err("too deep");
        assert_eq!(why, "Fn::Join (functions nested too deeply)");
    }
}
