//! Every rule example in every input format fargate-guard reads, for the rule pages (docs/rules/<ID>.md).
//! Native only: the wasm module's `explainRule` shows the examples as written, and stays small.
//!
//! An example is read by the engine's own readers, so CloudFormation parameters, functions and links resolve
//! as in a check, into canonical parts (AWS API shape, keys in the author's order). Each part is then written
//! as an AWS API request, a CloudFormation resource (YAML), a Terraform plan resource (`terraform show -json`,
//! the `resource_changes` fargate-guard reads) and a Pulumi classic (`aws`) resource as a policy pack receives
//! it. What a format cannot say (a RunTask call in a template, a value known only at deployment in an API
//! request) is said instead of written wrongly. tests/docs.rs checks that every rendering gets the verdict
//! of the original.

mod provider;
mod tree;

use crate::input::{self, locate, yaml, Format, InputFile, Limits};
use crate::link::{self, Link};
use crate::model::origin::spell_key;
use crate::model::{KeyStyle, Kind, Model, Node, Origin, Value};
use crate::rules::Example;
use std::fmt::Write;
use tree::{Key, Tree};

/// The formats in the order a page shows them.
pub const FORMATS: [Format; 4] = [Format::AwsApi, Format::CloudFormation, Format::TerraformPlan, Format::Pulumi];

/// What the rule pages say once, above the examples.
pub const INTRO: &str = "Each example is written once (marked *original*) and converted into every input format fargate-guard \
reads: an AWS API request (JSON), a CloudFormation template (YAML), a Terraform plan (`terraform show -json`; the part \
fargate-guard reads) and Pulumi `aws` resources as a policy pack receives them (`validateStack`; a value unknown during \
preview is Pulumi's placeholder `04da6b54-…`). A test checks that every conversion gets the verdict of the original. \
Where an example cannot be said in a format, the page says why.";

pub enum Rendering {
    /// The example in this format, and the language of its code fence.
    Text { language: &'static str, text: String },
    /// Why the example cannot be written in this format.
    NotExpressible(String),
}

pub struct Shown {
    pub format: Format,
    /// The format the example is written in.
    pub original: bool,
    pub rendering: Rendering,
}

/// One resource of an example, in canonical (AWS API) shape.
struct Part {
    kind: Kind,
    /// CloudFormation logical id: the template's, or one made from the kind (and name).
    id: String,
    /// The name other resources link to it by (family; service, cluster or capacity provider name). Where the
    /// example leaves it to CloudFormation to make one up, it is made from the logical id, as CloudFormation does.
    name: Option<String>,
    body: Tree,
    /// Why its deploy-time values can be compared only in CloudFormation, which names where they come from.
    compared: Option<String>,
}

struct Read {
    format: Format,
    parts: Vec<Part>,
    /// Why the example can be said only in its own format.
    only_original: Option<String>,
}

/// The example in every format, in [`FORMATS`] order; `Err` when it cannot be read.
pub fn example_formats(example: &Example) -> Result<Vec<Shown>, String> {
    let read = read(example.input)?;
    Ok(FORMATS
        .iter()
        .map(|&format| {
            let rendering = match &read.only_original {
                Some(why) if format != read.format => Rendering::NotExpressible(why.clone()),
                _ => render(&read, format, example.input),
            };
            Shown { format, original: format == read.format, rendering }
        })
        .collect())
}

/// The Markdown of one example in every format.
pub fn write_markdown(out: &mut String, shown: &[Shown]) {
    for shown in shown {
        let label = label(shown.format);
        let original = if shown.original { " — original" } else { "" };
        match &shown.rendering {
            Rendering::Text { language, text } => {
                let _ = writeln!(out, "**{label}**{original}\n\n```{language}\n{text}\n```\n");
            }
            Rendering::NotExpressible(why) => {
                let _ = writeln!(out, "**{label}** — not expressible: {why}\n");
            }
        }
    }
}

pub fn label(format: Format) -> &'static str {
    match format {
        Format::AwsApi => "AWS API",
        Format::CloudFormation => "CloudFormation",
        Format::TerraformPlan => "Terraform",
        Format::Pulumi => "Pulumi",
    }
}

fn render(read: &Read, format: Format, original: &str) -> Rendering {
    match format {
        Format::AwsApi if read.format == Format::AwsApi => Rendering::Text { language: "json", text: original.trim().to_string() },
        Format::AwsApi => aws_api(&read.parts),
        Format::CloudFormation if read.format == Format::CloudFormation => template_as_yaml(original),
        Format::CloudFormation => cloudformation(&read.parts),
        Format::TerraformPlan => provider::terraform(&read.parts),
        Format::Pulumi => provider::pulumi(&read.parts),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Reading.

/// What DescribeTaskDefinition adds to a task definition: outputs, which no request, template or plan declares.
const DESCRIBED: &[&str] = &["taskDefinitionArn", "revision", "status", "compatibilities", "requiresAttributes", "registeredAt", "registeredBy"];

/// The body key that holds a kind's name.
fn name_key(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::TaskDefinition => Some("family"),
        Kind::Service => Some("serviceName"),
        Kind::Cluster => Some("clusterName"),
        Kind::CapacityProvider => Some("name"),
        Kind::RunTask | Kind::TaskSet | Kind::Detector => None,
    }
}

fn read(text: &str) -> Result<Read, String> {
    let mut model = Model::default();
    let (sources, errors) = input::read_files(&[InputFile { name: "example", text }], None, &Limits::default(), &mut model);
    if let Some(error) = errors.first() {
        return Err(error.message.clone());
    }
    let source = sources.first().ok_or("nothing was read")?;
    let format = source.format.ok_or("the format was not recognised")?;
    let place = |origin: Origin| source.locate(&model.origins.path(origin)).map_or((u32::MAX, u32::MAX), |at| (at.line, at.column));
    let only_original = model.resources.iter().find(|r| !r.variants.is_empty()).map(|r| {
        format!("`{}` depends on CloudFormation conditions that are decided only at deployment", r.address)
    });

    let mut parts: Vec<Part> = model
        .resources
        .iter()
        .map(|resource| {
            let mut body = tree(&resource.body, &place);
            if resource.kind == Kind::TaskDefinition {
                for key in DESCRIBED {
                    body.take(key);
                }
            }
            let name = name_key(resource.kind).and_then(|key| body.get(key)).and_then(Tree::as_str).map(str::to_string);
            Part { kind: resource.kind, id: resource.address.clone(), name, body, compared: None }
        })
        .collect();
    if format == Format::CloudFormation {
        let template = serde_json::from_str(text).ok().or_else(|| yaml::parse(text, Limits::default().max_depth).ok().map(|p| p.value)).unwrap_or_default();
        for part in &mut parts {
            part.compared = comparable_unknowns(part, &template);
        }
    } else {
        make_ids(&mut parts);
    }
    for part in &mut parts {
        if let (None, Some(key)) = (&part.name, name_key(part.kind)) {
            let made = kebab(&part.id);
            part.body.set(key, Tree::string(&made), true);
            part.name = Some(made);
        }
    }
    // A link CloudFormation writes as a `Ref` names the resource in the other formats.
    let links = link::link(&model);
    let names: Vec<Option<String>> = parts.iter().map(|p| p.name.clone()).collect();
    for (index, part) in parts.iter_mut().enumerate() {
        for (key, link) in [("taskDefinition", links.task_definition.get(index)), ("cluster", links.cluster.get(index))] {
            let target = match link {
                Some(Link::Resolved(target)) => names.get(*target).cloned().flatten(),
                _ => None,
            };
            if let (Some(name), Some(Tree::Unknown(_))) = (target, part.body.get(key)) {
                part.body.set(key, Tree::String(name), false);
            }
        }
    }
    let mut placed: Vec<((u32, u32), Part)> = model.resources.iter().map(|r| place(r.body.origin)).zip(parts).collect();
    placed.sort_by_key(|(at, _)| *at);
    Ok(Read { format, parts: placed.into_iter().map(|(_, part)| part).collect(), only_original })
}

/// A model value as a tree, map keys in the order of the text.
fn tree(node: &Node, place: &dyn Fn(Origin) -> (u32, u32)) -> Tree {
    match &node.value {
        Value::Null => Tree::Null,
        Value::Bool(b) => Tree::Bool(*b),
        Value::Number(_) => Tree::Number(node.as_text().unwrap_or_default()),
        Value::String(s) => Tree::string(s),
        Value::List(items) => Tree::List(items.iter().map(|item| tree(item, place)).collect()),
        Value::Map(entries) => {
            let mut keyed: Vec<((u32, u32), String, Tree)> = entries.iter().map(|(k, v)| (place(v.origin), k.to_string(), tree(v, place))).collect();
            keyed.sort_by_key(|(at, _, _)| *at);
            Tree::Map(keyed.into_iter().map(|(_, key, value)| (key, value)).collect())
        }
        Value::Unknown(why) => Tree::Unknown(why.to_string()),
    }
}

/// Logical ids for parts that have none: the kind (`Service`), with the name when the kind repeats.
fn make_ids(parts: &mut [Part]) {
    let kinds: Vec<Kind> = parts.iter().map(|p| p.kind).collect();
    let mut used: Vec<String> = Vec::new();
    for part in parts.iter_mut() {
        let kind = part.kind.as_str();
        let mut id = match &part.name {
            Some(name) if kinds.iter().filter(|k| **k == part.kind).count() > 1 => format!("{}{kind}", pascal(name)),
            _ => kind.to_string(),
        };
        let mut n = 1;
        while used.contains(&id) {
            n += 1;
            id = format!("{kind}{n}");
        }
        used.push(id.clone());
        part.id = id;
    }
}

/// `my-app` → `MyApp`.
fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |c| c.to_ascii_uppercase().to_string() + chars.as_str())
        })
        .collect()
}

/// `TaskDef` → `task-def`: a name made from a logical id, spelled as the names in examples are.
fn kebab(id: &str) -> String {
    spell_key(id, KeyStyle::Snake).replace('_', "-")
}

/// Two deploy-time values of a part that come from the same template resource, or from resources of one type
/// (`Fn::GetAtt Role.Arn` twice, two roles): the template tells whether they are the same; a plan or a
/// preview only says that each is unknown.
fn comparable_unknowns(part: &Part, template: &serde_json::Value) -> Option<String> {
    let unknowns = part.body.unknowns();
    let source_type = |why: &str| {
        let target = why.strip_prefix("Ref ").or_else(|| why.strip_prefix("Fn::GetAtt "))?;
        let resource = target.split('.').next()?;
        template.get("Resources")?.get(resource)?.get("Type")?.as_str()
    };
    let typed: Vec<(&(Vec<&str>, &str), &str)> = unknowns.iter().filter_map(|unknown| Some((unknown, source_type(unknown.1)?))).collect();
    typed.iter().enumerate().find_map(|(i, (first, kind))| {
        let (second, _) = typed.iter().skip(i + 1).find(|(_, other)| other == kind)?;
        Some(format!("{} and {}", describe_unknown(part, first), describe_unknown(part, second)))
    })
}

/// Keys as the original CloudFormation spells them (`LogConfiguration.Options.awslogs-group`).
fn cloudformation_path(path: &[&str]) -> String {
    let mut spelled: Vec<String> = Vec::new();
    for (i, key) in path.iter().enumerate() {
        let user_data = i.checked_sub(1).and_then(|p| path.get(p)).is_some_and(|parent| input::convert::OPAQUE_MAPS.contains(parent));
        spelled.push(if user_data { key.to_string() } else { spell_key(key, KeyStyle::Pascal) });
    }
    spelled.join(".")
}

/// A value known only at deployment, named for a message: where it is, and why.
fn describe_unknown(part: &Part, (path, why): &(Vec<&str>, &str)) -> String {
    format!("`{}` of `{}` is `{why}`", cloudformation_path(path), part.id)
}

// ---------------------------------------------------------------------------------------------------------
// AWS API and CloudFormation.

fn aws_api(parts: &[Part]) -> Rendering {
    let mut requests = Vec::new();
    for part in parts {
        if matches!(part.kind, Kind::Detector | Kind::CapacityProvider) {
            let what = if part.kind == Kind::Detector { "a GuardDuty detector" } else { "a capacity provider" };
            return Rendering::NotExpressible(format!(
                "fargate-guard reads the ECS requests for task definitions, services, clusters, task sets and RunTask; {what} is none of them"
            ));
        }
        if let Some(unknown) = part.body.unknowns().first() {
            return Rendering::NotExpressible(format!("{}, known only at deployment, and an API request carries values", describe_unknown(part, unknown)));
        }
        // The reader tells requests apart by their fields: a request it would take for another kind is not this one.
        let request: serde_json::Value = serde_json::from_str(&part.body.compact_json()).unwrap_or_default();
        let read_as = input::aws_api::recognise(&request);
        if read_as != Some(part.kind) {
            let read_as = read_as.map_or("no request", Kind::as_str);
            return Rendering::NotExpressible(format!("as an API request, `{}` would be read as {read_as}, not as a {}", part.id, part.kind.as_str()));
        }
        requests.push(part.body.clone());
    }
    let document = match <[Tree; 1]>::try_from(requests) {
        Ok([only]) => only,
        Err(requests) => Tree::List(requests),
    };
    Rendering::Text { language: "json", text: document.json() }
}

fn cloudformation(parts: &[Part]) -> Rendering {
    let mut resources = Vec::new();
    for part in parts {
        let Some(resource_type) = input::cloudformation::resource_type(part.kind) else {
            return Rendering::NotExpressible("a RunTask call starts tasks once; a template declares resources".into());
        };
        let task_set = part.kind == Kind::TaskSet;
        let properties = part.body.clone().respell(&|key| Key {
            name: match key {
                // The one property a task set spells differently from a service.
                "awsvpcConfiguration" if task_set => "AwsVpcConfiguration".to_string(),
                _ => spell_key(key, KeyStyle::Pascal),
            },
            verbatim: input::convert::OPAQUE_MAPS.contains(&key),
            listed: false,
        });
        resources.push((part.id.clone(), Tree::map(vec![("Type", Tree::string(resource_type)), ("Properties", properties)])));
    }
    Rendering::Text { language: "yaml", text: Tree::map(vec![("Resources", Tree::Map(resources))]).yaml() }
}

/// A CloudFormation JSON template as YAML, keys in the order written.
fn template_as_yaml(text: &str) -> Rendering {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        // Already YAML.
        return Rendering::Text { language: "yaml", text: text.trim().to_string() };
    };
    let index = locate::index_json(text, false);
    let order = |pointer: &str| index.locate(text, pointer).map_or((u32::MAX, u32::MAX), |at| (at.line, at.column));
    Rendering::Text { language: "yaml", text: Tree::from_json(&json, "", &order).yaml() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_names_follow_cloudformation_ids() {
        assert_eq!(kebab("TaskDef"), "task-def");
        assert_eq!(kebab("Service"), "service");
        assert_eq!(kebab("ECSCluster"), "ecscluster");
        assert_eq!(pascal("my-app"), "MyApp");
    }
}
