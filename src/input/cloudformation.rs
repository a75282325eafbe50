//! CloudFormation templates (and CDK synth output): ECS resources under `Resources`, PascalCase properties
//! mapped to API camelCase, intrinsic functions resolved where that is safe and Unknown otherwise.

use super::convert::{lower_camel, Converter, Dialect};
use super::Limits;
use crate::model::{KeyStyle, Kind, Model, Node, Origin, Reference, Resource, Value};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;

fn kind_of(resource_type: &str) -> Option<Kind> {
    Some(match resource_type {
        "AWS::ECS::TaskDefinition" => Kind::TaskDefinition,
        "AWS::ECS::Service" => Kind::Service,
        "AWS::ECS::Cluster" => Kind::Cluster,
        "AWS::ECS::TaskSet" => Kind::TaskSet,
        "AWS::ECS::CapacityProvider" => Kind::CapacityProvider,
        "AWS::GuardDuty::Detector" => Kind::Detector,
        _ => return None,
    })
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
    resources: &'t Map<String, Json>,
}

impl Dialect for Template<'_> {
    fn style(&self) -> KeyStyle {
        KeyStyle::Pascal
    }

    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        renamed(key).map_or_else(|| lower_camel(key), Cow::Borrowed)
    }

    fn intercept(&self, value: &Json, origin: Origin, converter: &mut Converter<'_>) -> Option<Node> {
        match value {
            Json::Object(map) if map.len() == 1 => {
                let (function, argument) = map.iter().next()?;
                if function == "Ref" {
                    let name = argument.as_str().unwrap_or_default();
                    return Some(match self.parameter_default(name) {
                        // A parameter default is what deploys unless overridden; the finding points at the Ref.
                        Some(default) => converter.convert(&Plain, default, origin),
                        None => unknown(format!("Ref {name}"), origin),
                    });
                }
                if function.starts_with("Fn::") || function == "Condition" {
                    return Some(unknown(function.clone(), origin));
                }
                None
            }
            Json::String(s) if s.contains("{{resolve:") => Some(unknown("dynamic reference".into(), origin)),
            _ => None,
        }
    }
}

/// Parameter defaults are literal values: converted without renaming.
struct Plain;

impl Dialect for Plain {
    fn style(&self) -> KeyStyle {
        KeyStyle::Pascal
    }
    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        Cow::Borrowed(key)
    }
}

fn unknown(why: String, origin: Origin) -> Node {
    Node::new(Value::Unknown(why.into()), origin)
}

impl<'t> Template<'t> {
    fn parameter_default(&self, name: &str) -> Option<&'t Json> {
        self.parameters?.get(name)?.get("Default")
    }

    /// How a property such as `Service.TaskDefinition` names another resource.
    fn reference(&self, value: Option<&Json>) -> Reference {
        let Some(value) = value else { return Reference::None };
        match value {
            Json::String(s) => Reference::Name(s.clone()),
            Json::Object(map) => {
                if let Some(Json::String(target)) = map.get("Ref") {
                    if self.resources.contains_key(target) {
                        return Reference::Address(target.clone());
                    }
                    return match self.parameter_default(target).and_then(Json::as_str) {
                        Some(default) => Reference::Name(default.to_string()),
                        None => Reference::Unknown(format!("Ref {target}")),
                    };
                }
                let get_att_target = match map.get("Fn::GetAtt") {
                    Some(Json::Array(parts)) => parts.first().and_then(Json::as_str),
                    Some(Json::String(dotted)) => dotted.split('.').next(),
                    _ => None,
                };
                match get_att_target {
                    Some(target) if self.resources.contains_key(target) => Reference::Address(target.to_string()),
                    _ => Reference::Unknown(map.keys().next().cloned().unwrap_or_default()),
                }
            }
            _ => Reference::Unknown("not a string or reference".into()),
        }
    }
}

pub fn read(json: &Json, document: u32, limits: &Limits, model: &mut Model) -> Result<(), String> {
    let resources = json.get("Resources").and_then(Json::as_object).ok_or("the template has no `Resources` map")?;
    let template = Template { parameters: json.get("Parameters").and_then(Json::as_object), resources };
    let root = model.origins.document(document, KeyStyle::Pascal);
    let resources_origin = model.origins.key(root, "Resources", KeyStyle::Pascal);
    for (logical_id, resource) in resources {
        let Some(kind) = resource.get("Type").and_then(Json::as_str).and_then(kind_of) else { continue };
        let resource_origin = model.origins.key(resources_origin, logical_id, KeyStyle::Pascal);
        let properties_origin = model.origins.key(resource_origin, "Properties", KeyStyle::Pascal);
        let empty = Json::Object(Map::new());
        let properties = resource.get("Properties").unwrap_or(&empty);
        let body = Converter { origins: &mut model.origins, max_depth: limits.max_depth }.convert(&template, properties, properties_origin);
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
            out.task_definition = template.reference(properties.get("TaskDefinition"));
            out.cluster = template.reference(properties.get("Cluster"));
        }
        model.resources.push(out);
    }
    Ok(())
}
