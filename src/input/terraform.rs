//! Terraform plan JSON (`terraform show -json tfplan`, OpenTofu alike), format 1.x.
//!
//! What is read: `resource_changes[].change.after` of managed ECS and GuardDuty resources, with
//! `after_unknown` marking what is known only after apply. Deletes and forgets are skipped (nothing will
//! exist), data sources too; no-op changes *are* checked — the resource stays deployed as planned, and
//! checkov and Trivy scan every planned resource alike. Changes deferred to a later run
//! (`deferred_changes`) are not read. Without `resource_changes`, `planned_values` (recursively through
//! `child_modules`) is read instead; there unknown values are left out, so an attribute the `configuration`
//! computes from references that is missing or null is taken as unknown (pointing at its expression).
//!
//! Resources are named by their full address (`module.app.aws_ecs_task_definition.this["web"]`) and every
//! value points into the plan (`/resource_changes/3/change/after/network_configuration/0/assign_public_ip`).
//! A service's `task_definition` / `cluster` that is a known ARN or name links by name; when it is unknown
//! (a new revision), the `configuration` section's references (`aws_ecs_task_definition.app.arn`) link it
//! to that resource's address in the same module instance.

use super::provider::{attach, camel_to_snake, declared_name, shape, snake_to_camel, take, Attachment, Issue, ProviderType, Walker, AFTER_APPLY};
use super::Limits;
use crate::model::{Field, KeyStyle, Kind, Model, Origin, Origins, Reference, Resource};
use serde_json::Value as Json;
use std::collections::HashSet;

/// One planned resource of a type fargate-guard reads.
struct Planned<'j> {
    resource_type: ProviderType,
    address: &'j str,
    /// `module.app["x"]`; empty in the root module.
    module_address: &'j str,
    /// `aws_ecs_service.web` within its module, as `configuration` lists it.
    config_address: String,
    /// `count` / `for_each` key.
    index: Option<&'j Json>,
    values: &'j Json,
    unknown: Option<&'j Json>,
    origin: Origin,
    unknown_origin: Option<Origin>,
}

pub fn read(json: &Json, document: u32, limits: &Limits, model: &mut Model) -> Result<Vec<Issue>, String> {
    check_format_version(json)?;
    let root = model.origins.document(document, KeyStyle::Snake);
    let mut planned = Vec::new();
    match json.get("resource_changes") {
        Some(Json::Array(changes)) => collect_changes(changes, root, &mut model.origins, &mut planned),
        Some(_) => return Err("`resource_changes` is not a list".into()),
        None => {
            let module = json.pointer("/planned_values/root_module").ok_or("the plan has neither `resource_changes` nor `planned_values`")?;
            let values = model.origins.key(root, "planned_values", KeyStyle::Snake);
            let origin = model.origins.key(values, "root_module", KeyStyle::Snake);
            collect_module(module, origin, limits.max_depth, &mut model.origins, &mut planned);
        }
    }

    let first = model.resources.len();
    let mut read: Vec<&Planned<'_>> = Vec::new();
    let mut pending = Vec::new();
    let mut issues = Vec::new();
    for resource in &planned {
        // Without `after_unknown` (planned_values), the configuration tells what is computed.
        let inferred = match resource.unknown {
            Some(_) => None,
            None => config_resource(json, resource).and_then(|(config, mut path)| {
                let marks = unknown_from_configuration(resource.values, config.get("expressions")?);
                path.push(Seg::Key("expressions"));
                let origin = path.iter().fold(root, |at, seg| match seg {
                    Seg::Key(key) => model.origins.key(at, key, KeyStyle::Snake),
                    Seg::Index(i) => model.origins.index(at, *i, KeyStyle::Snake),
                });
                Some((marks, origin))
            }),
        };
        let (unknown, unknown_origin) = match &inferred {
            Some((marks, origin)) => (Some(marks), Some(*origin)),
            None => (resource.unknown, resource.unknown_origin),
        };
        let mut body = Walker::new(&mut model.origins, limits.max_depth, KeyStyle::Snake, unknown_origin).walk(resource.values, unknown, resource.origin);
        for attribute in computed_unless_configured(resource.resource_type) {
            let configured = config_resource(json, resource).map(|(config, _)| config.pointer(&format!("/expressions/{attribute}")).is_some());
            if configured == Some(false) {
                take(&mut body, &snake_to_camel(attribute));
            }
        }
        if let Err(issue) = shape(resource.resource_type, &mut body, &mut model.origins, limits) {
            issues.push(issue.about(resource.address));
            continue;
        }
        let Some(kind) = resource.resource_type.kind() else {
            pending.push((resource, body));
            continue;
        };
        let mut out = Resource::new(kind, resource.address.to_string(), resource.address.to_string(), document, body);
        out.declared_name = match kind {
            // A detector is named by its id (known once it exists), as `detector_id` refers to it.
            Kind::Detector => out.body.get("id").as_str().map(str::to_string),
            _ => declared_name(kind, &out.body),
        };
        model.resources.push(out);
        read.push(resource);
    }

    let linker = Linker {
        document: json,
        addresses: model.resources.iter().skip(first).map(|r| (r.kind, r.address.clone())).collect(),
    };
    for (resource, planned) in model.resources.iter_mut().skip(first).zip(read) {
        if resource.kind.is_workload() {
            resource.task_definition = linker.reference(resource.body.get("taskDefinition"), Kind::TaskDefinition, planned, "task_definition");
            resource.cluster = linker.reference(resource.body.get("cluster"), Kind::Cluster, planned, "cluster");
        }
    }
    let mut attachments = Vec::new();
    for (resource, body) in pending {
        let Some((kind, keys)) = resource.resource_type.attaches_to() else { continue };
        let Some(key) = keys.iter().find(|key| !body.get(key).is_absent()).or(keys.first()) else { continue };
        let target = linker.reference(body.get(key), kind, resource, &camel_to_snake(key));
        attachments.extend(Attachment::new(resource.resource_type, body, target, document));
    }
    attach(model, attachments);
    Ok(issues)
}

/// Optional+Computed attributes whose value, when the configuration does not set them, is what AWS reports
/// rather than what the user asked for: ECS reports the service-linked role as a service's `iam_role`
/// (aws/containers-roadmap#2575), which would read as a role the user set.
fn computed_unless_configured(resource_type: ProviderType) -> &'static [&'static str] {
    match resource_type {
        ProviderType::Service => &["iam_role"],
        _ => &[],
    }
}

fn check_format_version(json: &Json) -> Result<(), String> {
    let version = json
        .get("format_version")
        .and_then(Json::as_str)
        .ok_or("the plan has no `format_version` string; expected the output of `terraform show -json <planfile>`")?;
    if version.split('.').next() != Some("1") {
        return Err(format!(
            "Terraform plan format_version {version} is not supported; fargate-guard reads format 1.x (Terraform and OpenTofu 1.0 and later)"
        ));
    }
    Ok(())
}

/// Whether the resource exists after the change: anything but a pure delete / forget.
fn will_exist(actions: Option<&Json>) -> bool {
    match actions.and_then(Json::as_array) {
        Some(actions) => !actions.iter().all(|a| matches!(a.as_str(), Some("delete" | "forget"))),
        None => true,
    }
}

fn collect_changes<'j>(changes: &'j [Json], root: Origin, origins: &mut Origins, planned: &mut Vec<Planned<'j>>) {
    let changes_origin = origins.key(root, "resource_changes", KeyStyle::Snake);
    for (i, entry) in changes.iter().enumerate() {
        let Some(resource_type) = entry.get("type").and_then(Json::as_str).and_then(ProviderType::from_terraform) else { continue };
        let Some(change) = entry.get("change") else { continue };
        let Some(after @ Json::Object(_)) = change.get("after") else { continue };
        if entry.get("mode").and_then(Json::as_str) == Some("data") || !will_exist(change.get("actions")) {
            continue;
        }
        let Some(address) = entry.get("address").and_then(Json::as_str) else { continue };
        let at = origins.index(changes_origin, i, KeyStyle::Snake);
        let change_origin = origins.key(at, "change", KeyStyle::Snake);
        let unknown = change.get("after_unknown");
        planned.push(Planned {
            resource_type,
            address,
            module_address: entry.get("module_address").and_then(Json::as_str).unwrap_or(""),
            config_address: config_address(entry),
            index: entry.get("index"),
            values: after,
            unknown,
            origin: origins.key(change_origin, "after", KeyStyle::Snake),
            unknown_origin: unknown.map(|_| origins.key(change_origin, "after_unknown", KeyStyle::Snake)),
        });
    }
}

fn collect_module<'j>(module: &'j Json, origin: Origin, depth: usize, origins: &mut Origins, planned: &mut Vec<Planned<'j>>) {
    let module_address = module.get("address").and_then(Json::as_str).unwrap_or("");
    if let Some(Json::Array(resources)) = module.get("resources") {
        let resources_origin = origins.key(origin, "resources", KeyStyle::Snake);
        for (i, entry) in resources.iter().enumerate() {
            let Some(resource_type) = entry.get("type").and_then(Json::as_str).and_then(ProviderType::from_terraform) else { continue };
            let (Some(address), Some(values @ Json::Object(_))) = (entry.get("address").and_then(Json::as_str), entry.get("values")) else { continue };
            if entry.get("mode").and_then(Json::as_str) == Some("data") {
                continue;
            }
            let at = origins.index(resources_origin, i, KeyStyle::Snake);
            planned.push(Planned {
                resource_type,
                address,
                module_address,
                config_address: config_address(entry),
                index: entry.get("index"),
                values,
                unknown: None,
                origin: origins.key(at, "values", KeyStyle::Snake),
                unknown_origin: None,
            });
        }
    }
    if let (Some(Json::Array(children)), Some(depth)) = (module.get("child_modules"), depth.checked_sub(1)) {
        let children_origin = origins.key(origin, "child_modules", KeyStyle::Snake);
        for (i, child) in children.iter().enumerate() {
            let child_origin = origins.index(children_origin, i, KeyStyle::Snake);
            collect_module(child, child_origin, depth, origins, planned);
        }
    }
}

fn config_address(entry: &Json) -> String {
    let part = |key| entry.get(key).and_then(Json::as_str).unwrap_or("");
    format!("{}.{}", part("type"), part("name"))
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A resource's entry in `configuration` (module calls followed, instance keys dropped) and its path.
fn config_resource<'j>(document: &'j Json, planned: &Planned<'j>) -> Option<(&'j Json, Vec<Seg<'j>>)> {
    let mut module = document.get("configuration")?.get("root_module")?;
    let mut path = vec![Seg::Key("configuration"), Seg::Key("root_module")];
    for call in module_calls(planned.module_address) {
        module = module.get("module_calls")?.get(call)?.get("module")?;
        path.extend([Seg::Key("module_calls"), Seg::Key(call), Seg::Key("module")]);
    }
    let (index, resource) = module
        .get("resources")?
        .as_array()?
        .iter()
        .enumerate()
        .find(|(_, r)| r.get("address").and_then(Json::as_str) == Some(planned.config_address.as_str()))?;
    path.extend([Seg::Key("resources"), Seg::Index(index)]);
    Some((resource, path))
}

/// `after_unknown`-shaped marks for planned_values: `true` where the configuration computes an attribute from
/// references and the plan leaves it out (or null); nested blocks followed position by position.
fn unknown_from_configuration(values: &Json, expressions: &Json) -> Json {
    let mut marks = serde_json::Map::new();
    if let (Json::Object(values), Json::Object(expressions)) = (values, expressions) {
        for (key, expression) in expressions {
            match (expression, values.get(key).filter(|v| !v.is_null())) {
                (Json::Object(expression), None) if expression.get("references").and_then(Json::as_array).is_some_and(|r| !r.is_empty()) => {
                    marks.insert(key.clone(), Json::Bool(true));
                }
                (Json::Array(blocks), Some(Json::Array(items))) => {
                    let nested = blocks.iter().zip(items).map(|(block, item)| unknown_from_configuration(item, block)).collect();
                    marks.insert(key.clone(), Json::Array(nested));
                }
                _ => {}
            }
        }
    }
    Json::Object(marks)
}

/// Turns a workload's (or attachment's) reference into a [`Reference`].
struct Linker<'j> {
    document: &'j Json,
    /// (kind, address) of every resource read from this plan.
    addresses: HashSet<(Kind, String)>,
}

impl<'j> Linker<'j> {
    fn reference(&self, field: Field<'_>, kind: Kind, planned: &Planned<'j>, attribute: &str) -> Reference {
        if let Some(name) = field.as_str().filter(|s| !s.is_empty()) {
            return Reference::Name(name.to_string());
        }
        let references = self.config_references(planned, attribute);
        if let Some(address) = references.iter().find_map(|reference| self.resolve(reference, kind, planned)) {
            return Reference::Address(address);
        }
        match (field, references.first()) {
            (Field::Absent { .. }, None) => Reference::None,
            (_, Some(reference)) => Reference::Unknown(format!("{attribute} refers to {reference}, {AFTER_APPLY}")),
            (_, None) => Reference::Unknown(format!("{attribute} is {AFTER_APPLY}")),
        }
    }

    /// `aws_ecs_task_definition.app.arn`, written in the workload's module → the address of a resource read
    /// from the plan, if it names one.
    fn resolve(&self, reference: &str, kind: Kind, planned: &Planned<'_>) -> Option<String> {
        if !type_prefix(kind).is_some_and(|prefix| reference.starts_with(prefix)) {
            return None;
        }
        let address = if planned.module_address.is_empty() { reference.to_string() } else { format!("{}.{reference}", planned.module_address) };
        if self.addresses.contains(&(kind, address.clone())) {
            return Some(address);
        }
        if address.ends_with(']') {
            return None;
        }
        // `aws_ecs_task_definition.this[each.key]` is listed without its key: take the instance with the
        // workload's own key, else the only instance.
        if let Some(index) = planned.index {
            let candidate = format!("{address}[{index}]");
            if self.addresses.contains(&(kind, candidate.clone())) {
                return Some(candidate);
            }
        }
        let stem = format!("{address}[");
        let mut matching = self.addresses.iter().filter(|(k, a)| *k == kind && a.starts_with(&stem));
        match (matching.next(), matching.next()) {
            (Some((_, only)), None) => Some(only.clone()),
            _ => None,
        }
    }

    /// `configuration…resources[address].expressions.<attribute>.references`.
    fn config_references(&self, planned: &Planned<'j>, attribute: &str) -> Vec<&'j str> {
        config_resource(self.document, planned)
            .and_then(|(r, _)| r.get("expressions"))
            .and_then(|e| e.get(attribute))
            .and_then(|e| e.get("references"))
            .and_then(Json::as_array)
            .map(|refs| refs.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default()
    }
}

fn type_prefix(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::TaskDefinition => Some("aws_ecs_task_definition."),
        Kind::Cluster => Some("aws_ecs_cluster."),
        Kind::Detector => Some("aws_guardduty_detector."),
        _ => None,
    }
}

/// Splits an address at the dots outside `["…"]` index keys.
fn split_address(address: &str) -> Vec<&str> {
    let (mut parts, mut start, mut depth, mut quoted, mut escaped) = (Vec::new(), 0, 0usize, false, false);
    for (i, c) in address.char_indices() {
        if quoted {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(address.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(address.get(start..).unwrap_or(""));
    parts
}

/// `module.app["x"].module.db` → `["app", "db"]`: the module calls to follow in `configuration`.
fn module_calls(module_address: &str) -> Vec<&str> {
    if module_address.is_empty() {
        return Vec::new();
    }
    split_address(module_address)
        .chunks(2)
        .filter_map(|pair| match pair {
            ["module", call] => Some(call.split('[').next().unwrap_or(call)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_outside_index_keys() {
        assert_eq!(split_address(r#"module.app["a.b"].aws_ecs_service.web"#), vec!["module", r#"app["a.b"]"#, "aws_ecs_service", "web"]);
        assert_eq!(module_calls(r#"module.app["x"].module.db[0]"#), vec!["app", "db"]);
    }

    #[test]
    fn only_format_1_is_read() {
        assert!(check_format_version(&serde_json::json!({"format_version": "1.2"})).is_ok());
        let error = check_format_version(&serde_json::json!({"format_version": "2.0"})).unwrap_err();
        assert!(error.contains("format_version 2.0 is not supported"), "{error}");
        assert!(check_format_version(&serde_json::json!({"format_version": 1})).is_err());
    }

    #[test]
    fn deletes_and_forgets_do_not_exist_afterwards() {
        let actions = |a: serde_json::Value| will_exist(Some(&a));
        assert!(!actions(serde_json::json!(["delete"])));
        assert!(!actions(serde_json::json!(["forget"])));
        assert!(actions(serde_json::json!(["delete", "create"])));
        assert!(actions(serde_json::json!(["no-op"])));
        assert!(actions(serde_json::json!(["create", "forget"])));
    }
}
