//! AWS API / CLI JSON: RegisterTaskDefinition input (and `--cli-input-json` files), the DescribeTaskDefinition
//! wrapper `{ "taskDefinition": …, "tags": … }`, CreateService, UpdateService, CreateCluster, RunTask and
//! StartTask (with their `overrides`), CreateTaskSet, and arrays of these (a JSON array, or one request per
//! line). Already in canonical shape: only recognised and given provenance.

use super::convert::{Converter, Identity};
use super::Limits;
use crate::model::{Field, KeyStyle, Kind, Model, Node, Reference, Resource, Value};
use serde_json::Value as Json;

/// Which request a JSON object is, by the fields only that request has.
pub fn recognise(json: &Json) -> Option<Kind> {
    let map = json.as_object()?;
    let has = |key: &str| map.contains_key(key);
    if map.get("taskDefinition").is_some_and(Json::is_object) || has("containerDefinitions") || (has("family") && !has("serviceName")) {
        Some(Kind::TaskDefinition)
    } else if has("serviceName") {
        Some(Kind::Service)
    } else if has("service") {
        // CreateTaskSet and UpdateService both name `service`; only a task set has these.
        let task_set = ["externalId", "scale", "launchType", "clientToken", "tags"].iter().any(|key| has(key));
        Some(if task_set && has("taskDefinition") { Kind::TaskSet } else { Kind::Service })
    } else if has("taskDefinition") {
        Some(Kind::RunTask)
    } else if has("clusterName") {
        Some(Kind::Cluster)
    } else {
        None
    }
}

/// Describe* outputs describe what is already deployed, not a request: they are named in a clear error.
pub fn describe_output(json: &Json) -> Option<String> {
    let map = json.as_object()?;
    let (key, call, request) = [
        ("services", "DescribeServices", "CreateService or UpdateService"),
        ("clusters", "DescribeClusters", "CreateCluster"),
        ("tasks", "DescribeTasks or RunTask", "RunTask"),
        ("taskSets", "DescribeTaskSets", "CreateTaskSet"),
    ]
    .into_iter()
    .find(|(key, _, _)| map.get(*key).is_some_and(Json::is_array))?;
    Some(format!(
        "this is {call} output (`{key}`), a description of deployed resources; fargate-guard checks what is about to be \
         deployed: give it the {request} request (`--cli-input-json` file) instead"
    ))
}

pub fn read(json: &Json, document: u32, limits: &Limits, model: &mut Model) -> Result<(), String> {
    let root = model.origins.document(document, KeyStyle::Camel);
    match json {
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let origin = model.origins.index(root, i, KeyStyle::Camel);
                read_object(item, origin, &format!("[{i}]"), document, limits, model)?;
            }
            Ok(())
        }
        _ => read_object(json, root, "", document, limits, model),
    }
}

fn read_object(json: &Json, origin: crate::model::Origin, at: &str, document: u32, limits: &Limits, model: &mut Model) -> Result<(), String> {
    let kind = recognise(json).ok_or_else(|| format!("element {at} is not a task definition, service, cluster, task set or run-task request"))?;
    let mut converter = Converter { origins: &mut model.origins, max_depth: limits.max_depth };
    // DescribeTaskDefinition output: the task definition is wrapped, its tags sit beside it.
    let (body, wrapper_tags) = match json.get("taskDefinition") {
        Some(inner @ Json::Object(_)) => {
            let inner_origin = converter.origins.key(origin, "taskDefinition", KeyStyle::Camel);
            let body = converter.convert(&Identity, inner, inner_origin);
            let tags = json.get("tags").map(|tags| {
                let tags_origin = converter.origins.key(origin, "tags", KeyStyle::Camel);
                converter.convert(&Identity, tags, tags_origin)
            });
            (body, tags)
        }
        _ => (converter.convert(&Identity, json, origin), None),
    };
    let body = match wrapper_tags {
        Some(tags) if body.get("tags").is_absent() => with_entry(body, "tags", tags),
        _ => body,
    };
    let declared_name = match kind {
        Kind::TaskDefinition => body.get("family").as_str(),
        Kind::Service => body.get("serviceName").as_str().or_else(|| body.get("service").as_str()),
        Kind::Cluster => body.get("clusterName").as_str(),
        _ => None,
    }
    .map(str::to_string);
    let label = declared_name.clone().unwrap_or_else(|| format!("{}{at}", kind.as_str()));
    let task_definition = name_reference(body.get("taskDefinition"));
    let cluster = name_reference(body.get("cluster"));
    let mut resource = Resource::new(kind, label.clone(), format!("{}/{label}", kind.as_str()), document, body);
    resource.declared_name = declared_name;
    if kind.is_workload() {
        resource.task_definition = task_definition;
        resource.cluster = cluster;
    }
    model.resources.push(resource);
    Ok(())
}

fn with_entry(mut node: Node, key: &str, value: Node) -> Node {
    if let Value::Map(entries) = &mut node.value {
        entries.push((key.into(), value));
    }
    node
}

fn name_reference(field: Field<'_>) -> Reference {
    match field {
        Field::Known(node) => node.as_str().map_or(Reference::None, |s| Reference::Name(s.to_string())),
        Field::Unknown(node) => Reference::Unknown(match &node.value {
            Value::Unknown(why) => why.to_string(),
            _ => String::new(),
        }),
        Field::Absent { .. } => Reference::None,
    }
}
