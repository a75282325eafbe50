//! Pulumi resource inputs — what a CrossGuard policy sees as `args.props` — read by type token:
//! - classic `aws:ecs/taskDefinition:TaskDefinition`, …: the Terraform provider's schema in camelCase (see
//!   `provider.rs`): `containerDefinitions` a JSON string (or an array), `ephemeralStorage.sizeInGib`, a flat
//!   `networkConfiguration` with a boolean `assignPublicIp`, `capacityProviderStrategies`, `tags` maps, a
//!   top-level `deploymentCircuitBreaker`;
//! - aws-native `aws-native:ecs:TaskDefinition`, …: the CloudFormation shape in camelCase;
//! - CloudFormation types `AWS::ECS::TaskDefinition`, …: `Properties` (intrinsic functions are Unknown);
//! - Terraform types `aws_ecs_task_definition`, …: attribute values as in a plan's `after`.
//!
//! During `pulumi preview` unknown values reach the policy as sentinel strings; wherever one appears the
//! value is Unknown ("unknown during preview").
//!
//! A document of this format is one `{ type, name?, urn?, props, propertyDependencies? }` or a list of them
//! (a stack, as `validateStack` receives it). Links between them: a known `taskDefinition` / `cluster` string
//! links by name (ARN, family[:revision], cluster name). An unknown one — in preview a new task definition's
//! ARN always is — links to the resource whose URN is listed for that property in `propertyDependencies`
//! (URN strings or `{ urn }` objects, as Pulumi's `PolicyResource.propertyDependencies` gives them), when
//! that URN is of the right type; otherwise the link stays unresolved. `ClusterCapacityProviders` (and
//! aws-native `ClusterCapacityProviderAssociations`) add their capacity providers to the cluster they name;
//! `DetectorFeature` adds its feature to its detector.

use super::convert::{lower_camel, Converter, Dialect};
use super::provider::{attach, camel_to_snake, declared_name, shape, unknown_node, Attachment, Issue, ProviderType, Walker, PREVIEW};
use super::{Format, InputError, Limits, Locator, Source};
use crate::model::origin::spell_key;
use crate::model::{Field, KeyStyle, Kind, Model, Node, Origin, Reference, Resource};
use serde_json::Value as Json;
use std::borrow::Cow;

/// What a policy sees for a string unknown during preview.
pub const STRING_SENTINEL: &str = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/// The values `@pulumi/policy` puts where a value is unknown during preview: string, boolean, number, array
/// and object (`pulumi/pulumi-policy:sdk/nodejs/policy/proxy.ts`).
const SENTINELS: &[&str] = &[
    STRING_SENTINEL,
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
];

pub fn is_unknown_sentinel(text: &str) -> bool {
    text.len() == 36 && SENTINELS.contains(&text)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Classic,
    Native,
    CloudFormation,
    Terraform,
}

impl Flavour {
    fn style(self) -> KeyStyle {
        match self {
            Flavour::Classic => KeyStyle::Bridged,
            Flavour::Native => KeyStyle::Native,
            Flavour::CloudFormation => KeyStyle::Pascal,
            Flavour::Terraform => KeyStyle::Snake,
        }
    }

    /// How this flavour writes a property name (for `propertyDependencies`).
    fn spell(self, key: &str) -> String {
        match self {
            Flavour::Classic | Flavour::Native => key.to_string(),
            Flavour::CloudFormation => spell_key(key, KeyStyle::Pascal),
            Flavour::Terraform => camel_to_snake(key),
        }
    }
}

/// `aws:ecs/service:Service`, `aws-native:ecs:Service`, `AWS::ECS::Service` or `aws_ecs_service`.
fn resolve(token: &str) -> Option<(Flavour, ProviderType)> {
    if let Some(rest) = token.strip_prefix("aws-native:") {
        let (service, name) = rest.split_once(':')?;
        ProviderType::from_cloudformation(service, name).map(|t| (Flavour::Native, t))
    } else if let Some(rest) = token.strip_prefix("AWS::") {
        let (service, name) = rest.split_once("::")?;
        ProviderType::from_cloudformation(service, name).map(|t| (Flavour::CloudFormation, t))
    } else if token.starts_with("aws:") {
        ProviderType::from_pulumi_classic(token).map(|t| (Flavour::Classic, t))
    } else {
        ProviderType::from_terraform(token).map(|t| (Flavour::Terraform, t))
    }
}

fn unknown_type(resource_type: &str, origin: Origin) -> Issue {
    Issue {
        origin,
        code: "unknown-resource-type",
        message: format!(
            "`{resource_type}` is not a resource type fargate-guard checks; expected an ECS or GuardDuty type as a Pulumi \
             token (aws:ecs/service:Service, aws-native:ecs:Service), a CloudFormation type (AWS::ECS::Service) or a \
             Terraform type (aws_ecs_service)"
        ),
    }
}

/// aws-native property names that are not the API name (CloudFormation's, with a lower-case first letter).
fn native_rename(key: &str) -> Option<&'static str> {
    Some(match key {
        "clusterSettings" => "settings",
        "filesystemId" => "fileSystemId",
        "awsVpcConfiguration" => "awsvpcConfiguration",
        _ => return None,
    })
}

fn sentinel(value: &Json, origin: Origin) -> Option<Node> {
    value.as_str().filter(|s| is_unknown_sentinel(s)).map(|_| unknown_node(PREVIEW, origin))
}

/// aws-native inputs: already camelCase.
struct Native;

impl Dialect for Native {
    fn style(&self) -> KeyStyle {
        KeyStyle::Native
    }

    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        native_rename(key).map_or(Cow::Borrowed(key), Cow::Borrowed)
    }

    fn intercept(&self, value: &Json, origin: Origin, _converter: &mut Converter<'_>) -> Option<Node> {
        sentinel(value, origin)
    }
}

/// CloudFormation `Properties` given on their own: with no template around them, every intrinsic function
/// and dynamic reference is Unknown.
struct CloudFormationProperties;

impl Dialect for CloudFormationProperties {
    fn style(&self) -> KeyStyle {
        KeyStyle::Pascal
    }

    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        let camel = lower_camel(key);
        native_rename(&camel).map_or(camel, Cow::Borrowed)
    }

    fn intercept(&self, value: &Json, origin: Origin, _converter: &mut Converter<'_>) -> Option<Node> {
        match value {
            Json::Object(map) if map.len() == 1 => {
                let function = map.keys().next()?;
                (function == "Ref" || function == "Condition" || function.starts_with("Fn::")).then(|| unknown_node(function, origin))
            }
            Json::String(s) if s.contains("{{resolve:") => Some(unknown_node("dynamic reference", origin)),
            _ => sentinel(value, origin),
        }
    }
}

/// `urn:pulumi:stack::project::parent$aws:ecs/service:Service::name` → `aws:ecs/service:Service`.
fn urn_type(urn: &str) -> Option<&str> {
    let qualified = urn.split("::").nth(2)?;
    qualified.rsplit('$').next()
}

/// A workload's (or attachment's) reference; see the module documentation.
fn link(field: Field<'_>, kind: Kind, property: &str, dependencies: Option<&Json>) -> Reference {
    match field {
        Field::Known(node) => node.as_str().filter(|s| !s.is_empty()).map_or(Reference::None, |s| Reference::Name(s.to_string())),
        Field::Absent { .. } => Reference::None,
        Field::Unknown(_) => dependencies
            .and_then(|d| d.get(property))
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_str().or_else(|| d.get("urn").and_then(Json::as_str)))
            .find(|urn| urn_type(urn).and_then(resolve).and_then(|(_, t)| t.kind()) == Some(kind))
            .map_or_else(|| Reference::Unknown(format!("{property} is {PREVIEW}")), |urn| Reference::Address(urn.to_string())),
    }
}

/// How a resource is named in the report.
struct Identity {
    name: String,
    address: String,
}

impl Identity {
    fn new(resource_type: &str, name: Option<&str>, urn: Option<&str>, position: &str) -> Self {
        let name = name.map(str::to_string).or_else(|| urn.and_then(|u| u.rsplit("::").next()).map(str::to_string));
        let address = match (urn, &name) {
            (Some(urn), _) => urn.to_string(),
            (None, Some(name)) => format!("{resource_type}::{name}"),
            (None, None) => format!("{resource_type}{position}"),
        };
        Identity { name: name.unwrap_or_else(|| address.clone()), address }
    }
}

struct Reader<'m> {
    model: &'m mut Model,
    limits: &'m Limits,
    document: u32,
    attachments: Vec<Attachment>,
    issues: Vec<Issue>,
}

impl Reader<'_> {
    fn add(&mut self, (flavour, resource_type): (Flavour, ProviderType), props: &Json, origin: Origin, identity: Identity, dependencies: Option<&Json>) {
        let origins = &mut self.model.origins;
        let max_depth = self.limits.max_depth;
        let body = match flavour {
            Flavour::Classic | Flavour::Terraform => {
                let mut body = Walker::new(origins, max_depth, flavour.style(), None).walk(props, None, origin);
                if let Err(issue) = shape(resource_type, &mut body, origins, self.limits) {
                    self.issues.push(issue.about(&identity.name));
                    return;
                }
                body
            }
            Flavour::Native => Converter { origins, max_depth }.convert(&Native, props, origin),
            Flavour::CloudFormation => Converter { origins, max_depth }.convert(&CloudFormationProperties, props, origin),
        };
        let Some(kind) = resource_type.kind() else {
            let Some((kind, keys)) = resource_type.attaches_to() else { return };
            let target = keys
                .iter()
                .map(|key| (key, body.get(key)))
                .find(|(_, field)| !field.is_absent())
                .map_or(Reference::None, |(key, field)| link(field, kind, &flavour.spell(key), dependencies));
            self.attachments.extend(Attachment::new(resource_type, body, target, self.document));
            return;
        };
        let mut resource = Resource::new(kind, identity.name, identity.address, self.document, body);
        resource.declared_name = declared_name(kind, &resource.body);
        if kind.is_workload() {
            resource.task_definition = link(resource.body.get("taskDefinition"), Kind::TaskDefinition, &flavour.spell("taskDefinition"), dependencies);
            resource.cluster = link(resource.body.get("cluster"), Kind::Cluster, &flavour.spell("cluster"), dependencies);
        }
        self.model.resources.push(resource);
    }

    fn finish(self) -> Vec<Issue> {
        attach(self.model, self.attachments);
        self.issues
    }
}

/// A document of this format: one resource `{ type, props, … }` or a list of them.
pub fn read(json: &Json, document: u32, limits: &Limits, model: &mut Model) -> Result<Vec<Issue>, String> {
    let root = model.origins.document(document, KeyStyle::Camel);
    let entries: Vec<(Origin, &Json, String)> = match json {
        Json::Array(items) => items.iter().enumerate().map(|(i, item)| (model.origins.index(root, i, KeyStyle::Camel), item, format!("[{i}]"))).collect(),
        Json::Object(_) => vec![(root, json, String::new())],
        _ => return Err("expected a Pulumi resource `{ type, props }` or a list of them".into()),
    };
    let mut reader = Reader { model, limits, document, attachments: Vec::new(), issues: Vec::new() };
    for (origin, entry, position) in entries {
        let text = |key| entry.get(key).and_then(Json::as_str);
        let (Some(resource_type), Some(props)) = (text("type"), entry.get("props").filter(|p| p.is_object())) else {
            let which = if position.is_empty() { "the resource".to_string() } else { format!("resource {position}") };
            let message = format!("{which} needs a `type` string and a `props` object");
            reader.issues.push(Issue { origin, code: "invalid-resource", message });
            continue;
        };
        let Some(resolved) = resolve(resource_type) else {
            let type_origin = reader.model.origins.key(origin, "type", KeyStyle::Camel);
            reader.issues.push(unknown_type(resource_type, type_origin));
            continue;
        };
        let props_origin = reader.model.origins.key(origin, "props", resolved.0.style());
        let identity = Identity::new(resource_type, text("name"), text("urn"), &position);
        reader.add(resolved, props, props_origin, identity, entry.get("propertyDependencies"));
    }
    Ok(reader.finish())
}

/// One resource's props as JSON text (`validateResource`): pointers are into `props`. `Err` is a call error
/// (props that are not a JSON object); issues in the data are in the returned errors.
pub fn read_resource<'a>(resource_type: &str, props: &'a str, name: Option<&str>, urn: Option<&str>, limits: &Limits, model: &mut Model) -> Result<(Vec<Source<'a>>, Vec<InputError>), String> {
    let file = name.unwrap_or(resource_type);
    let source = |format| Source { name: file.to_string(), format, locator: Locator::json(props) };
    if let Err((code, message)) = limits.check_text(props) {
        return Ok((vec![source(None)], vec![InputError { file: file.to_string(), code, message, path: None, location: None }]));
    }
    let json: Json = super::limits::parse_json(props).map_err(|e| format!("props are not valid JSON: {e}"))?;
    if !json.is_object() {
        return Err("props must be an object".into());
    }
    let mut reader = Reader { model, limits, document: 0, attachments: Vec::new(), issues: Vec::new() };
    match resolve(resource_type) {
        Some(resolved) => {
            let origin = reader.model.origins.document(0, resolved.0.style());
            reader.add(resolved, &json, origin, Identity::new(resource_type, name, urn, ""), None);
        }
        None => {
            let origin = reader.model.origins.document(0, KeyStyle::Camel);
            reader.issues.push(unknown_type(resource_type, origin));
        }
    }
    let issues = reader.finish();
    let source = source(Some(Format::Pulumi));
    let errors = issues.into_iter().map(|p| p.into_error(&source, &model.origins)).collect();
    Ok((vec![source], errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_tokens_of_every_flavour_resolve() {
        let kind = |token| resolve(token).and_then(|(_, t)| t.kind());
        assert_eq!(kind("aws:ecs/taskDefinition:TaskDefinition"), Some(Kind::TaskDefinition));
        assert_eq!(kind("aws-native:ecs:Service"), Some(Kind::Service));
        assert_eq!(kind("AWS::ECS::Cluster"), Some(Kind::Cluster));
        assert_eq!(kind("aws_ecs_task_set"), Some(Kind::TaskSet));
        assert_eq!(kind("aws:guardduty/detector:Detector"), Some(Kind::Detector));
        assert!(resolve("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").is_some_and(|(_, t)| t.kind().is_none()));
        assert!(resolve("aws:s3/bucket:Bucket").is_none());
        assert!(resolve("aws-native:ecs").is_none());
    }

    #[test]
    fn urns_name_their_type() {
        assert_eq!(urn_type("urn:pulumi:dev::app::awsx:ecs:FargateService$aws:ecs/service:Service::web"), Some("aws:ecs/service:Service"));
        assert_eq!(urn_type("urn:pulumi:dev::app::aws:ecs/taskDefinition:TaskDefinition::td"), Some("aws:ecs/taskDefinition:TaskDefinition"));
        assert_eq!(urn_type("not-a-urn"), None);
    }
}
