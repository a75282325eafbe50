//! Terraform plan and Pulumi classic (`aws`) renderings: the Terraform AWS provider's shape, the inverse of
//! what src/input/provider.rs reads. Attributes the provider spells or shapes differently from the API
//! (`assign_public_ip` a boolean, tags a map, container definitions one JSON string, the deployment settings
//! at the top, cluster capacity providers and detector features as resources of their own) are reshaped
//! first; then keys are spelled per format (`spell_key`), and Terraform writes a block of at most one as a
//! list of one. A value known only at deployment is `after_unknown` in a plan and Pulumi's preview
//! placeholder in a stack.

use super::tree::{Key, Tree};
use super::{Part, Rendering};
use crate::input::provider::{camel_to_snake, snake_to_camel, ProviderType, SINGLE_BLOCKS, USER_KEYED};
use crate::input::pulumi::STRING_SENTINEL;
use crate::model::origin::spell_key;
use crate::model::{KeyStyle, Kind};

/// One resource as the provider declares it: API key names still, the provider's shape.
struct Declared {
    provider_type: ProviderType,
    /// The Terraform resource name and Pulumi logical name.
    name: String,
    props: Tree,
    /// A property that names another of the resources by its id, known only once that one exists (a detector
    /// feature's `detectorId`): the property and the other resource's position.
    depends_on: Option<(&'static str, usize)>,
}

pub(super) fn terraform(parts: &[Part]) -> Rendering {
    let declared = match declare(parts, KeyStyle::Snake) {
        Ok(declared) => declared,
        Err(why) => return Rendering::NotExpressible(why),
    };
    // Terraform names are identifiers.
    let names: Vec<String> = declared.iter().map(|d| d.name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")).collect();
    let addresses: Vec<String> = declared.iter().zip(&names).map(|(d, name)| format!("{}.{name}", d.provider_type.names().0)).collect();
    let mut changes = Vec::new();
    let mut configuration = Vec::new();
    for ((declared, address), name) in declared.into_iter().zip(&addresses).zip(&names) {
        let (after, unknown) = split_unknown(spell(declared.props, declared.provider_type, KeyStyle::Snake));
        let mut change = Tree::map(vec![("actions", Tree::List(vec![Tree::string("create")])), ("after", after)]);
        if let Some(marks) = unknown {
            change.set("after_unknown", marks, false);
        }
        changes.push(Tree::map(vec![
            ("address", Tree::string(address)),
            ("mode", Tree::string("managed")),
            ("type", Tree::string(declared.provider_type.names().0)),
            ("name", Tree::string(name)),
            ("change", change),
        ]));
        // How the plan says what an unknown id refers to: the expression's references in `configuration`.
        if let Some((key, target)) = declared.depends_on {
            let target = addresses.get(target).cloned().unwrap_or_default();
            let references = Tree::List(vec![Tree::String(format!("{target}.id")), Tree::String(target)]);
            let expression = Tree::map(vec![("references", references)]);
            let expressions = Tree::Map(vec![(spell_key(key, KeyStyle::Snake), expression)]);
            configuration.push(Tree::map(vec![("address", Tree::string(address)), ("expressions", expressions)]));
        }
    }
    let mut plan = Tree::map(vec![("format_version", Tree::string("1.2")), ("resource_changes", Tree::List(changes))]);
    if !configuration.is_empty() {
        let root = Tree::map(vec![("resources", Tree::List(configuration))]);
        plan.set("configuration", Tree::map(vec![("root_module", root)]), false);
    }
    Rendering::Text { language: "json", text: plan.json() }
}

pub(super) fn pulumi(parts: &[Part]) -> Rendering {
    let declared = match declare(parts, KeyStyle::Bridged) {
        Ok(declared) => declared,
        Err(why) => return Rendering::NotExpressible(why),
    };
    let urn = |d: &Declared| format!("urn:pulumi:dev::app::{}::{}", d.provider_type.names().1, d.name);
    let urns: Vec<String> = declared.iter().map(urn).collect();
    let targets: Vec<usize> = declared.iter().filter_map(|d| d.depends_on.map(|(_, target)| target)).collect();
    let mut resources = Vec::new();
    for (index, declared) in declared.into_iter().enumerate() {
        let mut resource = Tree::map(vec![("type", Tree::string(declared.provider_type.names().1)), ("name", Tree::string(&declared.name))]);
        // A preview links an unknown id by the URN of the resource it depends on.
        if targets.contains(&index) {
            resource.set("urn", Tree::string(urns.get(index).map_or("", String::as_str)), false);
        }
        resource.set("props", placeholders(spell(declared.props, declared.provider_type, KeyStyle::Bridged)), false);
        if let Some((key, target)) = declared.depends_on {
            let urn = Tree::string(urns.get(target).map_or("", String::as_str));
            resource.set("propertyDependencies", Tree::Map(vec![(spell_key(key, KeyStyle::Bridged), Tree::List(vec![urn]))]), false);
        }
        resources.push(resource);
    }
    let document = match <[Tree; 1]>::try_from(resources) {
        Ok([only]) => only,
        Err(resources) => Tree::List(resources),
    };
    Rendering::Text { language: "json", text: document.json() }
}

/// The parts as the provider declares them, or why they cannot be.
fn declare(parts: &[Part], style: KeyStyle) -> Result<Vec<Declared>, String> {
    let tool = if style == KeyStyle::Snake { "Terraform" } else { "Pulumi" };
    let mut declared: Vec<Declared> = Vec::new();
    for part in parts {
        let Some(provider_type) = ProviderType::of_kind(part.kind) else {
            return Err(format!("a RunTask call starts tasks once; {tool} declares resources"));
        };
        if let Some(values) = &part.compared {
            return Err(format!("{values}: {tool} shows values known only at deployment without where they come from, so whether they are the same cannot be told"));
        }
        let mut body = part.body.clone();
        let name = part.name.clone().unwrap_or_else(|| super::kebab(&part.id));
        let mut more = Vec::new();
        match part.kind {
            Kind::TaskDefinition => {
                for volume in body.items_mut("volumes") {
                    // `host: {}` is a Docker-managed volume: no path.
                    if let Some(path) = volume.take("host").and_then(|mut host| host.take("sourcePath")) {
                        volume.set("hostPath", path, false);
                    }
                }
                if let Some(properties) = body.get_mut("proxyConfiguration").and_then(|p| p.get_mut("properties")) {
                    pairs_to_map(properties, "name", "value", "proxyConfiguration.properties")?;
                }
                containers_as_string(&mut body, tool)?;
            }
            Kind::Service | Kind::TaskSet => {
                network(&mut body)?;
                if part.kind == Kind::Service {
                    deployment(&mut body)?;
                    for volume in body.items_mut("volumeConfigurations") {
                        if let Some(ebs) = volume.get_mut("managedEBSVolume") {
                            // GiB in the API, `size_in_gb` in the provider.
                            ebs.rename("sizeInGiB", "sizeInGb");
                        }
                    }
                    if style == KeyStyle::Bridged {
                        // Pulumi writes a block of at most one as an object.
                        for key in ["serviceRegistries", "volumeConfigurations"] {
                            if let Some(Tree::List(items)) = body.get_mut(key) {
                                if let Ok([only]) = <[Tree; 1]>::try_from(std::mem::take(items)) {
                                    body.set(key, only, false);
                                }
                            }
                        }
                    }
                }
            }
            Kind::Cluster => {
                let providers: Vec<(&str, Tree)> =
                    ["capacityProviders", "defaultCapacityProviderStrategy"].into_iter().filter_map(|key| body.take(key).map(|value| (key, value))).collect();
                if !providers.is_empty() {
                    let mut props = Tree::map(providers);
                    props.set("clusterName", Tree::string(&name), true);
                    more.push(Declared { provider_type: ProviderType::ClusterCapacityProviders, name: name.clone(), props, depends_on: None });
                }
            }
            Kind::Detector => {
                let detector = declared.len();
                if let Some(features) = body.take("features") {
                    let Tree::List(features) = features else { return Err("`Features` is known only at deployment".into()) };
                    for mut feature in features {
                        let Some(feature_name) = feature.get("name").and_then(Tree::as_str).map(|n| n.to_ascii_lowercase()) else {
                            return Err("a feature has no name".into());
                        };
                        feature.set("detectorId", Tree::Unknown("the detector's id".into()), true);
                        more.push(Declared { provider_type: ProviderType::DetectorFeature, name: feature_name, props: feature, depends_on: Some(("detectorId", detector)) });
                    }
                }
            }
            Kind::CapacityProvider | Kind::RunTask => {}
        }
        if let Some(tags) = body.get_mut("tags") {
            pairs_to_map(tags, "key", "value", "tags")?;
        }
        declared.push(Declared { provider_type, name, props: body, depends_on: None });
        declared.append(&mut more);
    }
    Ok(declared)
}

/// `[{name: k, value: v}]` → `{k: v}`.
fn pairs_to_map(tree: &mut Tree, key_name: &str, value_name: &str, what: &str) -> Result<(), String> {
    let Tree::List(items) = tree else { return Ok(()) };
    let mut entries: Vec<(String, Tree)> = Vec::new();
    for item in items.iter() {
        let key = item.get(key_name).and_then(Tree::as_str).ok_or_else(|| format!("an entry of `{what}` has no literal `{key_name}`"))?;
        if entries.iter().any(|(k, _)| k == key) {
            return Err(format!("`{what}` names `{key}` twice, and the provider's `{what}` is a map"));
        }
        entries.push((key.to_string(), item.get(value_name).cloned().unwrap_or(Tree::Null)));
    }
    *tree = Tree::Map(entries);
    Ok(())
}

/// Container definitions as the provider takes them: one JSON string.
fn containers_as_string(body: &mut Tree, tool: &str) -> Result<(), String> {
    let Some(containers) = body.get_mut("containerDefinitions") else { return Ok(()) };
    if let Some((path, why)) = containers.unknowns().first() {
        return Err(format!(
            "`ContainerDefinitions.{}` is `{why}`, known only at deployment, and {tool} holds container definitions as one JSON string: it would be unknown as a whole",
            super::cloudformation_path(path)
        ));
    }
    *containers = Tree::String(containers.compact_json());
    Ok(())
}

/// `networkConfiguration.awsvpcConfiguration` → `networkConfiguration`, `assignPublicIp` a boolean.
fn network(body: &mut Tree) -> Result<(), String> {
    let Some(network) = body.get_mut("networkConfiguration") else { return Ok(()) };
    let Some(mut awsvpc) = network.take("awsvpcConfiguration") else { return Ok(()) };
    if let Some(public) = awsvpc.get_mut("assignPublicIp") {
        match public.as_str() {
            Some("ENABLED") => *public = Tree::Bool(true),
            Some("DISABLED") => *public = Tree::Bool(false),
            Some(other) => return Err(format!("`assignPublicIp` is `{other}`, and the provider's `assign_public_ip` is a boolean")),
            None => {}
        }
    }
    *network = awsvpc;
    Ok(())
}

/// `deploymentConfiguration` → the provider's top-level attributes (`deployment_circuit_breaker`, …).
fn deployment(body: &mut Tree) -> Result<(), String> {
    match body.take("deploymentConfiguration") {
        None => Ok(()),
        Some(Tree::Map(entries)) => {
            for (key, value) in entries {
                match key.as_str() {
                    "deploymentCircuitBreaker" | "maximumPercent" | "minimumHealthyPercent" | "alarms" => body.set(&key, value, false),
                    other => return Err(format!("`deploymentConfiguration.{other}` has no attribute in the provider")),
                }
            }
            Ok(())
        }
        Some(_) => Err("`DeploymentConfiguration` is known only at deployment, and the provider splits it into attributes".into()),
    }
}

/// Keys in the format's spelling; in Terraform, a block of at most one as a list of one.
fn spell(props: Tree, provider_type: ProviderType, style: KeyStyle) -> Tree {
    props.respell(&|key| {
        let name = match (provider_type, key) {
            // Not the cluster's own name (`name`): the attribute that names the cluster.
            (ProviderType::ClusterCapacityProviders, "clusterName") if style == KeyStyle::Snake => camel_to_snake(key),
            (ProviderType::ClusterCapacityProviders, "clusterName") => key.to_string(),
            _ => spell_key(key, style),
        };
        // The key as the reader's walk names it again: its lists of single blocks and user maps use these names.
        let read = if style == KeyStyle::Snake { snake_to_camel(&name) } else { name.clone() };
        Key { verbatim: USER_KEYED.contains(&read.as_str()), listed: style == KeyStyle::Snake && SINGLE_BLOCKS.contains(&read.as_str()), name }
    })
}

/// A plan's `after` (unknown values left out, or null in a list) and its `after_unknown` marks.
fn split_unknown(tree: Tree) -> (Tree, Option<Tree>) {
    match tree {
        Tree::Map(entries) => {
            let (mut after, mut marks) = (Vec::new(), Vec::new());
            for (key, value) in entries {
                if matches!(value, Tree::Unknown(_)) {
                    marks.push((key, Tree::Bool(true)));
                    continue;
                }
                let (value, mark) = split_unknown(value);
                if let Some(mark) = mark {
                    marks.push((key.clone(), mark));
                }
                after.push((key, value));
            }
            (Tree::Map(after), (!marks.is_empty()).then_some(Tree::Map(marks)))
        }
        Tree::List(items) => {
            let (after, marks): (Vec<Tree>, Vec<Option<Tree>>) = items
                .into_iter()
                .map(|item| match item {
                    Tree::Unknown(_) => (Tree::Null, Some(Tree::Bool(true))),
                    other => split_unknown(other),
                })
                .unzip();
            let marked = marks.iter().any(Option::is_some);
            let marks = marked.then(|| Tree::List(marks.into_iter().map(|m| m.unwrap_or(Tree::Bool(false))).collect()));
            (Tree::List(after), marks)
        }
        other => (other, None),
    }
}

/// Values unknown during preview as a policy sees them.
fn placeholders(tree: Tree) -> Tree {
    match tree {
        Tree::Unknown(_) => Tree::string(STRING_SENTINEL),
        Tree::List(items) => Tree::List(items.into_iter().map(placeholders).collect()),
        Tree::Map(entries) => Tree::Map(entries.into_iter().map(|(key, value)| (key, placeholders(value))).collect()),
        other => other,
    }
}
