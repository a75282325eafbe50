//! Resources in the Terraform AWS provider's shape — Terraform plan attributes (snake_case) and Pulumi classic
//! `aws` inputs (the same bridged schema in camelCase) — normalised into the AWS API shape.
//!
//! Two steps. [`Walker`] converts a document into nodes: keys to camelCase, unknowns (Terraform
//! `after_unknown`, Pulumi preview sentinels) to `Value::Unknown`, MaxItems-1 blocks written `[ {…} ]` to
//! `{…}`, empty strings (which the provider treats as not set) to absent. [`shape`] then moves what the
//! provider spells differently from the API: `network_configuration.assign_public_ip` (bool) becomes
//! `networkConfiguration.awsvpcConfiguration.assignPublicIp` (`ENABLED`/`DISABLED`), `tags` maps become
//! `[{key, value}]`, the JSON string `container_definitions` becomes parsed containers, and so on. Nodes move,
//! they are never rebuilt, so every value keeps the origin of what the user wrote.

use super::convert::{Converter, Dialect};
use super::pulumi::is_unknown_sentinel;
use super::Limits;
use crate::model::{KeyStyle, Kind, Model, Node, Origin, Origins, Reference, Value};
use serde_json::Value as Json;
use std::borrow::Cow;

/// The reason Terraform's unknowns carry.
pub const AFTER_APPLY: &str = "known after apply";
/// The reason Pulumi's preview unknowns carry.
pub const PREVIEW: &str = "unknown during preview";
const NO_CONTAINERS: &str = "container definitions are empty or missing before apply";

/// A resource type of the provider, in Terraform and Pulumi classic spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProviderType {
    TaskDefinition,
    Service,
    Cluster,
    /// `aws_ecs_cluster_capacity_providers`: adds capacity providers to a cluster.
    ClusterCapacityProviders,
    TaskSet,
    CapacityProvider,
    Detector,
    /// `aws_guardduty_detector_feature`: adds one feature to a detector.
    DetectorFeature,
}

/// Each type's Terraform type and Pulumi classic token.
const TYPES: &[(ProviderType, &str, &str)] = &[
    (ProviderType::TaskDefinition, "aws_ecs_task_definition", "aws:ecs/taskDefinition:TaskDefinition"),
    (ProviderType::Service, "aws_ecs_service", "aws:ecs/service:Service"),
    (ProviderType::Cluster, "aws_ecs_cluster", "aws:ecs/cluster:Cluster"),
    (ProviderType::ClusterCapacityProviders, "aws_ecs_cluster_capacity_providers", "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"),
    (ProviderType::TaskSet, "aws_ecs_task_set", "aws:ecs/taskSet:TaskSet"),
    (ProviderType::CapacityProvider, "aws_ecs_capacity_provider", "aws:ecs/capacityProvider:CapacityProvider"),
    (ProviderType::Detector, "aws_guardduty_detector", "aws:guardduty/detector:Detector"),
    (ProviderType::DetectorFeature, "aws_guardduty_detector_feature", "aws:guardduty/detectorFeature:DetectorFeature"),
];

impl ProviderType {
    pub fn from_terraform(resource_type: &str) -> Option<Self> {
        TYPES.iter().find(|(_, terraform, _)| *terraform == resource_type).map(|(t, _, _)| *t)
    }

    pub fn from_pulumi_classic(token: &str) -> Option<Self> {
        TYPES.iter().find(|(_, _, pulumi)| *pulumi == token).map(|(t, _, _)| *t)
    }

    /// The Terraform type and the Pulumi classic token.
    pub fn names(self) -> (&'static str, &'static str) {
        TYPES.iter().find(|(t, _, _)| *t == self).map_or(("", ""), |(_, terraform, pulumi)| (*terraform, *pulumi))
    }

    /// The type a kind is declared as (none for a RunTask call).
    pub fn of_kind(kind: Kind) -> Option<Self> {
        TYPES.iter().map(|(t, _, _)| *t).find(|t| t.kind() == Some(kind))
    }

    /// CloudFormation / aws-native names (`ECS`, `TaskDefinition`).
    pub fn from_cloudformation(service: &str, name: &str) -> Option<Self> {
        Some(match (service.to_ascii_lowercase().as_str(), name) {
            ("ecs", "TaskDefinition") => Self::TaskDefinition,
            ("ecs", "Service") => Self::Service,
            ("ecs", "Cluster") => Self::Cluster,
            ("ecs", "ClusterCapacityProviderAssociations") => Self::ClusterCapacityProviders,
            ("ecs", "TaskSet") => Self::TaskSet,
            ("ecs", "CapacityProvider") => Self::CapacityProvider,
            ("guardduty", "Detector") => Self::Detector,
            _ => return None,
        })
    }

    /// The canonical kind; `None` for resources that only add to another one (see [`Self::attaches_to`]).
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            Self::TaskDefinition => Kind::TaskDefinition,
            Self::Service => Kind::Service,
            Self::Cluster => Kind::Cluster,
            Self::TaskSet => Kind::TaskSet,
            Self::CapacityProvider => Kind::CapacityProvider,
            Self::Detector => Kind::Detector,
            Self::ClusterCapacityProviders | Self::DetectorFeature => return None,
        })
    }

    /// For resources that add to another one: its kind and the canonical keys that name it.
    pub fn attaches_to(self) -> Option<(Kind, &'static [&'static str])> {
        match self {
            Self::ClusterCapacityProviders => Some((Kind::Cluster, &["clusterName", "cluster"])),
            Self::DetectorFeature => Some((Kind::Detector, &["detectorId"])),
            _ => None,
        }
    }
}

pub use super::Issue;

pub fn unknown_node(reason: &str, origin: Origin) -> Node {
    Node::new(Value::Unknown(reason.into()), origin)
}

// ---------------------------------------------------------------------------------------------------------
// Step 1: the walk.

/// Canonical names of blocks the provider declares with MaxItems 1 and the API models as one object.
/// (`service_registries` and `volume_configuration` are MaxItems 1 too, but lists in the API.)
pub(crate) const SINGLE_BLOCKS: &[&str] = &[
    "ephemeralStorage",
    "runtimePlatform",
    "proxyConfiguration",
    "dockerVolumeConfiguration",
    "efsVolumeConfiguration",
    "fsxWindowsFileServerVolumeConfiguration",
    "authorizationConfig",
    "networkConfiguration",
    "deploymentCircuitBreaker",
    "deploymentController",
    "alarms",
    "configuration",
    "executeCommandConfiguration",
    "logConfiguration",
    "managedStorageConfiguration",
    "serviceConnectDefaults",
    "serviceConnectConfiguration",
    "timeout",
    "tls",
    "issuerCertAuthority",
    "autoScalingGroupProvider",
    "managedScaling",
    "scale",
    "managedEbsVolume",
];

/// Canonical names of maps whose keys are the user's data (never renamed, empty values kept).
pub(crate) const USER_KEYED: &[&str] = &["tags", "tagsAll", "driverOpts", "labels", "options", "properties", "triggers", "dockerLabels"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A provider attribute.
    Attribute,
    /// A map whose keys are user data.
    UserKeys,
    /// A value inside such a map: taken verbatim.
    UserValue,
}

enum Step<'j> {
    Key(&'j str),
    Index(usize),
}

/// Converts one resource's attributes into nodes; see the module documentation.
pub struct Walker<'o, 'j> {
    origins: &'o mut Origins,
    max_depth: usize,
    /// `Snake` (Terraform) or `Bridged` (Pulumi classic).
    style: KeyStyle,
    /// Where the resource's `after_unknown` is (Terraform plans): unknown attributes are dropped from
    /// `after`, so their origin is their `true` in `after_unknown`.
    unknown_root: Option<Origin>,
    /// The path from the resource root to the value being walked.
    trail: Vec<Step<'j>>,
}

impl<'o, 'j> Walker<'o, 'j> {
    pub fn new(origins: &'o mut Origins, max_depth: usize, style: KeyStyle, unknown_root: Option<Origin>) -> Self {
        Walker { origins, max_depth, style, unknown_root, trail: Vec::new() }
    }

    /// `unknown` is the matching part of Terraform's `after_unknown` (`true` = unknown), if any.
    pub fn walk(&mut self, value: &'j Json, unknown: Option<&'j Json>, origin: Origin) -> Node {
        self.trail.clear();
        self.walk_at(value, unknown, origin, 0, Mode::Attribute)
    }

    fn canonical(&self, key: &str) -> Box<str> {
        match self.style {
            KeyStyle::Snake => snake_to_camel(key).into(),
            _ => key.into(),
        }
    }

    fn walk_at(&mut self, value: &'j Json, unknown: Option<&'j Json>, origin: Origin, depth: usize, mode: Mode) -> Node {
        if depth > self.max_depth {
            return unknown_node("nested deeper than the configured limit", origin);
        }
        if unknown.and_then(Json::as_bool) == Some(true) {
            return unknown_node(AFTER_APPLY, origin);
        }
        let converted = match value {
            Json::String(s) if is_unknown_sentinel(s) => Value::Unknown(PREVIEW.into()),
            // The provider treats an empty string as not set (SDK `GetOk`), so the API never sees it.
            Json::String(s) if s.is_empty() && mode == Mode::Attribute => Value::Null,
            Json::String(s) => Value::String(s.as_str().into()),
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            Json::Array(items) => {
                let item_mode = if mode == Mode::Attribute { Mode::Attribute } else { Mode::UserValue };
                let mut nodes = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let child = self.origins.index(origin, i, self.style);
                    self.trail.push(Step::Index(i));
                    nodes.push(self.walk_at(item, unknown.and_then(|u| u.get(i)), child, depth + 1, item_mode));
                    self.trail.pop();
                }
                Value::List(nodes)
            }
            Json::Object(map) => Value::Map(self.walk_map(map, unknown, origin, depth, mode)),
        };
        Node::new(converted, origin)
    }

    fn walk_map(&mut self, map: &'j serde_json::Map<String, Json>, unknown: Option<&'j Json>, origin: Origin, depth: usize, mode: Mode) -> Vec<(Box<str>, Node)> {
        let mut entries = Vec::with_capacity(map.len());
        for (key, item) in map {
            let child = self.origins.key(origin, key, self.style);
            let (canonical, child_mode) = match mode {
                Mode::Attribute => {
                    let canonical = self.canonical(key);
                    let child_mode = if USER_KEYED.contains(&&*canonical) { Mode::UserKeys } else { Mode::Attribute };
                    (canonical, child_mode)
                }
                Mode::UserKeys | Mode::UserValue => (key.as_str().into(), Mode::UserValue),
            };
            let marks = unknown.and_then(|u| u.get(key.as_str()));
            self.trail.push(Step::Key(key));
            let mut node = match item {
                // Pulumi classic also accepts the containers as an array: API JSON, matched as the provider does.
                Json::Array(_) if mode == Mode::Attribute && &*canonical == "containerDefinitions" && marks.is_none() => {
                    Converter { origins: &mut *self.origins, max_depth: self.max_depth.saturating_sub(depth) }.convert(&ContainerKeys, item, child)
                }
                _ => self.walk_at(item, marks, child, depth + 1, child_mode),
            };
            self.trail.pop();
            if mode == Mode::Attribute && SINGLE_BLOCKS.contains(&&*canonical) {
                node = single_block(node);
            }
            entries.push((canonical, node));
        }
        // Attributes unknown until apply are left out of `after`; `after_unknown` names them.
        if let Some(Json::Object(marks)) = unknown {
            for (key, mark) in marks {
                if mark.as_bool() == Some(true) && !map.contains_key(key) {
                    let at = self.unknown_origin(origin, key);
                    let canonical = if mode == Mode::Attribute { self.canonical(key) } else { key.as_str().into() };
                    entries.push((canonical, unknown_node(AFTER_APPLY, at)));
                }
            }
        }
        entries
    }

    /// The origin of `key` in `after_unknown` at the current position (built only when needed).
    fn unknown_origin(&mut self, fallback: Origin, key: &str) -> Origin {
        let Some(mut at) = self.unknown_root else { return self.origins.key(fallback, key, self.style) };
        for step in &self.trail {
            at = match step {
                Step::Key(k) => self.origins.key(at, k, self.style),
                Step::Index(i) => self.origins.index(at, *i, self.style),
            };
        }
        self.origins.key(at, key, self.style)
    }
}

/// `container_definitions` → `containerDefinitions`.
pub fn snake_to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `clusterName` → `cluster_name`: how the provider spells an attribute it names like the API.
pub fn camel_to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `[ {…} ]` → `{…}` and `[]` → absent; an object stays as it is (providers on the Plugin Framework emit one).
fn single_block(node: Node) -> Node {
    let Node { value, origin } = node;
    match value {
        Value::List(mut items) if items.len() <= 1 => items.pop().unwrap_or_else(|| Node::new(Value::Null, origin)),
        other => Node::new(other, origin),
    }
}

/// API names inside container definitions. The provider decodes the JSON into Go structs without tags, so
/// keys match case-insensitively (`ReadOnlyRootFilesystem` binds to `readonlyRootFilesystem`).
const CONTAINER_KEYS: &[&str] = &[
    "command", "cpu", "credentialSpecs", "dependsOn", "disableNetworking", "dnsSearchDomains", "dnsServers", "dockerLabels",
    "dockerSecurityOptions", "entryPoint", "environment", "environmentFiles", "essential", "extraHosts", "firelensConfiguration",
    "healthCheck", "hostname", "image", "interactive", "links", "linuxParameters", "logConfiguration", "memory",
    "memoryReservation", "mountPoints", "name", "portMappings", "privileged", "pseudoTerminal", "readonlyRootFilesystem",
    "repositoryCredentials", "resourceRequirements", "restartPolicy", "secrets", "startTimeout", "stopTimeout",
    "systemControls", "ulimits", "user", "versionConsistency", "volumesFrom", "workingDirectory",
    // dependsOn, environment(Files), extraHosts, firelensConfiguration, healthCheck
    "containerName", "condition", "value", "type", "ipAddress", "options", "interval", "timeout", "retries", "startPeriod",
    // linuxParameters
    "capabilities", "add", "drop", "devices", "hostPath", "containerPath", "permissions", "initProcessEnabled", "maxSwap",
    "sharedMemorySize", "swappiness", "tmpfs", "size", "mountOptions",
    // logConfiguration, secrets, mountPoints, portMappings, volumesFrom
    "logDriver", "secretOptions", "valueFrom", "sourceVolume", "readOnly", "containerPort", "hostPort", "protocol", "appProtocol",
    "containerPortRange", "sourceContainer",
    // repositoryCredentials, restartPolicy, systemControls, ulimits
    "credentialsParameter", "enabled", "ignoredExitCodes", "restartAttemptPeriod", "namespace", "softLimit", "hardLimit",
];

/// Container definitions given as JSON (inside Terraform's string, or a Pulumi array).
pub struct ContainerKeys;

impl Dialect for ContainerKeys {
    fn style(&self) -> KeyStyle {
        KeyStyle::Camel
    }

    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        Cow::Borrowed(CONTAINER_KEYS.iter().find(|k| k.eq_ignore_ascii_case(key)).copied().unwrap_or(key))
    }

    fn intercept(&self, value: &Json, origin: Origin, _converter: &mut Converter<'_>) -> Option<Node> {
        value.as_str().filter(|s| is_unknown_sentinel(s)).map(|_| unknown_node(PREVIEW, origin))
    }
}

/// Parses the JSON string of container definitions; the containers' origins point into the string.
pub fn parse_containers(text: &str, origin: Origin, origins: &mut Origins, limits: &Limits) -> Result<Node, Issue> {
    let issue = |message: String| Issue { origin, code: "invalid-container-definitions", message };
    limits.check_text(text).map_err(|(_, message)| issue(format!("container definitions: {message}")))?;
    let json: Json = super::limits::parse_json(text).map_err(|e| issue(format!("container definitions are not valid JSON: {e}")))?;
    if !json.is_array() {
        return Err(issue("container definitions must be a JSON array of containers".into()));
    }
    let inner = origins.embedded(origin, KeyStyle::Camel);
    Ok(Converter { origins, max_depth: limits.max_depth }.convert(&ContainerKeys, &json, inner))
}

// ---------------------------------------------------------------------------------------------------------
// Step 2: the API shape.

fn entries_mut(node: &mut Node) -> Option<&mut Vec<(Box<str>, Node)>> {
    match &mut node.value {
        Value::Map(entries) => Some(entries),
        _ => None,
    }
}

fn has(node: &Node, key: &str) -> bool {
    node.entries().iter().any(|(k, _)| &**k == key)
}

fn child_mut<'n>(node: &'n mut Node, key: &str) -> Option<&'n mut Node> {
    entries_mut(node)?.iter_mut().find(|(k, _)| &**k == key).map(|(_, child)| child)
}

pub fn take(node: &mut Node, key: &str) -> Option<Node> {
    let entries = entries_mut(node)?;
    let position = entries.iter().position(|(k, _)| &**k == key)?;
    Some(entries.remove(position).1)
}

fn put(node: &mut Node, key: &str, value: Node) {
    if let Some(entries) = entries_mut(node) {
        match entries.iter_mut().find(|(k, _)| &**k == key) {
            Some(slot) => slot.1 = value,
            None => entries.push((key.into(), value)),
        }
    }
}

/// Renames the first of `from` that is written to `to`, the API name, unless `to` is written too.
fn rename(node: &mut Node, from: &[&str], to: &str) {
    if has(node, to) {
        return;
    }
    if let Some(value) = from.iter().find_map(|key| take(node, key)) {
        put(node, to, value);
    }
}

fn items_mut<'n>(node: &'n mut Node, key: &str) -> &'n mut [Node] {
    match child_mut(node, key).map(|child| &mut child.value) {
        Some(Value::List(items)) => items,
        _ => &mut [],
    }
}

/// A block the API models as a list, written as one object (Pulumi's MaxItems-1 blocks).
fn ensure_list(node: &mut Node, key: &str) {
    if let Some(child) = child_mut(node, key) {
        if matches!(child.value, Value::Map(_)) {
            let origin = child.origin;
            let object = std::mem::replace(child, Node::new(Value::List(Vec::new()), origin));
            child.value = Value::List(vec![object]);
        }
    }
}

/// A map `{k: v}` → `[{<key_name>: k, <value_name>: v}]`; each pair points at the value the user wrote.
fn map_to_pairs(node: &mut Node, key_name: &str, value_name: &str) {
    let Value::Map(entries) = &mut node.value else { return };
    let pairs = std::mem::take(entries)
        .into_iter()
        .map(|(key, value)| {
            let origin = value.origin;
            Node::new(Value::Map(vec![(key_name.into(), Node::new(Value::String(key), origin)), (value_name.into(), value)]), origin)
        })
        .collect();
    node.value = Value::List(pairs);
}

fn tags(body: &mut Node) {
    if let Some(tags) = child_mut(body, "tags") {
        map_to_pairs(tags, "key", "value");
    }
}

/// Turns provider-shaped attributes (already walked) into the API shape of the resource.
pub fn shape(resource_type: ProviderType, body: &mut Node, origins: &mut Origins, limits: &Limits) -> Result<(), Issue> {
    match resource_type {
        ProviderType::TaskDefinition => {
            rename(body, &["volume"], "volumes");
            for volume in items_mut(body, "volumes") {
                host_path(volume);
            }
            if let Some(storage) = child_mut(body, "ephemeralStorage") {
                rename(storage, &["sizeInGib"], "sizeInGiB");
            }
            if let Some(proxy) = child_mut(body, "proxyConfiguration").and_then(|p| child_mut(p, "properties")) {
                map_to_pairs(proxy, "name", "value");
            }
            rename(body, &["inferenceAccelerator"], "inferenceAccelerators");
            tags(body);
            container_definitions(body, origins, limits)?;
        }
        ProviderType::Service => {
            rename(body, &["name"], "serviceName");
            rename(body, &["iamRole"], "role");
            rename(body, &["orderedPlacementStrategy", "orderedPlacementStrategies"], "placementStrategy");
            workload(body);
            deployment_configuration(body);
            rename(body, &["volumeConfiguration"], "volumeConfigurations");
            ensure_list(body, "volumeConfigurations");
            for volume in items_mut(body, "volumeConfigurations") {
                rename(volume, &["managedEbsVolume"], "managedEBSVolume");
                if let Some(ebs) = child_mut(volume, "managedEBSVolume") {
                    rename(ebs, &["sizeInGb"], "sizeInGiB");
                    rename(ebs, &["fileSystemType"], "filesystemType");
                }
            }
            service_connect(body);
        }
        ProviderType::TaskSet => workload(body),
        ProviderType::Cluster => {
            rename(body, &["name"], "clusterName");
            rename(body, &["setting"], "settings");
            rename(body, &["defaultCapacityProviderStrategies"], "defaultCapacityProviderStrategy");
            let log = child_mut(body, "configuration")
                .and_then(|c| child_mut(c, "executeCommandConfiguration"))
                .and_then(|e| child_mut(e, "logConfiguration"));
            if let Some(log) = log {
                rename(log, &["s3BucketEncryptionEnabled"], "s3EncryptionEnabled");
            }
            tags(body);
        }
        ProviderType::ClusterCapacityProviders => rename(body, &["defaultCapacityProviderStrategies"], "defaultCapacityProviderStrategy"),
        ProviderType::CapacityProvider => tags(body),
        ProviderType::Detector => {
            rename(body, &["datasources"], "dataSources");
            tags(body);
        }
        ProviderType::DetectorFeature => rename(body, &["additionalConfigurations"], "additionalConfiguration"),
    }
    Ok(())
}

/// `host_path = "/data"` → `host.sourcePath`.
fn host_path(volume: &mut Node) {
    if let Some(path) = take(volume, "hostPath") {
        if !matches!(path.value, Value::Null) {
            let origin = path.origin;
            put(volume, "host", Node::new(Value::Map(vec![("sourcePath".into(), path)]), origin));
        }
    }
}

/// What services and task sets share.
fn workload(body: &mut Node) {
    rename(body, &["capacityProviderStrategies"], "capacityProviderStrategy");
    rename(body, &["loadBalancer"], "loadBalancers");
    for balancer in items_mut(body, "loadBalancers") {
        rename(balancer, &["elbName"], "loadBalancerName");
    }
    ensure_list(body, "serviceRegistries");
    network_configuration(body);
    tags(body);
}

/// `{subnets, securityGroups, assignPublicIp: bool}` → `{awsvpcConfiguration: {…, assignPublicIp: enum}}`.
fn network_configuration(body: &mut Node) {
    let Some(network) = child_mut(body, "networkConfiguration") else { return };
    if !matches!(network.value, Value::Map(_)) || has(network, "awsvpcConfiguration") {
        return;
    }
    // Both objects are the one block the user wrote: a missing key is missing there.
    let origin = network.origin;
    let mut awsvpc = std::mem::replace(network, Node::new(Value::Map(Vec::new()), origin));
    if let Some(public_ip) = child_mut(&mut awsvpc, "assignPublicIp") {
        if let Some(enabled) = public_ip.as_bool() {
            public_ip.value = Value::String(if enabled { "ENABLED" } else { "DISABLED" }.into());
        }
    }
    put(network, "awsvpcConfiguration", awsvpc);
}

/// The provider's top-level deployment settings → `deploymentConfiguration`. The object is always there
/// and has the resource's origin, so a missing `deploymentCircuitBreaker` is named where the user writes it.
fn deployment_configuration(body: &mut Node) {
    let origin = body.origin;
    let mut configuration = take(body, "deploymentConfiguration").unwrap_or_else(|| Node::new(Value::Map(Vec::new()), origin));
    for (from, to) in [
        ("deploymentCircuitBreaker", "deploymentCircuitBreaker"),
        ("deploymentMaximumPercent", "maximumPercent"),
        ("deploymentMinimumHealthyPercent", "minimumHealthyPercent"),
        ("alarms", "alarms"),
    ] {
        if let Some(value) = take(body, from) {
            put(&mut configuration, to, value);
        }
    }
    put(body, "deploymentConfiguration", configuration);
}

fn service_connect(body: &mut Node) {
    let Some(connect) = child_mut(body, "serviceConnectConfiguration") else { return };
    if let Some(log) = child_mut(connect, "logConfiguration") {
        rename(log, &["secretOption"], "secretOptions");
    }
    rename(connect, &["service"], "services");
    for service in items_mut(connect, "services") {
        rename(service, &["clientAlias"], "clientAliases");
        ensure_list(service, "clientAliases");
    }
}

/// The JSON string → containers. Missing or empty is Unknown, never "no containers": the provider leaves
/// it empty at plan time when it depends on unknown values (terraform-provider-aws#38482, #38471).
fn container_definitions(body: &mut Node, origins: &mut Origins, limits: &Limits) -> Result<(), Issue> {
    let origin = body.origin;
    let Some(containers) = child_mut(body, "containerDefinitions") else {
        put(body, "containerDefinitions", unknown_node(NO_CONTAINERS, origin));
        return Ok(());
    };
    let text = match &containers.value {
        Value::Null => {
            containers.value = Value::Unknown(NO_CONTAINERS.into());
            return Ok(());
        }
        Value::String(text) => text.clone(),
        _ => return Ok(()),
    };
    *containers = parse_containers(&text, containers.origin, origins, limits)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Resources that add to another one.

/// What an `aws_ecs_cluster_capacity_providers` or `aws_guardduty_detector_feature` adds to its target.
pub struct Attachment {
    pub kind: Kind,
    pub target: Reference,
    pub document: u32,
    pub entries: Vec<(Box<str>, Node)>,
}

impl Attachment {
    pub fn new(resource_type: ProviderType, mut body: Node, target: Reference, document: u32) -> Option<Self> {
        let (kind, keys) = resource_type.attaches_to()?;
        for key in keys {
            take(&mut body, key);
        }
        let entries = match resource_type {
            ProviderType::DetectorFeature => {
                let origin = body.origin;
                vec![("features".into(), Node::new(Value::List(vec![body]), origin))]
            }
            _ => match body.value {
                Value::Map(entries) => entries
                    .into_iter()
                    .filter(|(key, _)| matches!(&**key, "capacityProviders" | "defaultCapacityProviderStrategy"))
                    .collect(),
                _ => Vec::new(),
            },
        };
        Some(Attachment { kind, target, document, entries })
    }
}

/// Adds each attachment to the resource it names (by address in its document, or by declared name); one
/// whose target is not in the inputs is dropped: there is nothing to check it on.
pub fn attach(model: &mut Model, attachments: Vec<Attachment>) {
    for attachment in attachments {
        let target = model.resources.iter_mut().find(|r| {
            r.kind == attachment.kind
                && match &attachment.target {
                    Reference::Address(address) => r.document == attachment.document && &r.address == address,
                    Reference::Name(name) => {
                        let short = name.rsplit('/').next().unwrap_or(name);
                        r.declared_name.as_deref() == Some(short)
                    }
                    Reference::None | Reference::Unknown(_) => false,
                }
        });
        let Some(target) = target else { continue };
        for (key, node) in attachment.entries {
            match (child_mut(&mut target.body, &key), node) {
                (Some(Node { value: Value::List(existing), .. }), Node { value: Value::List(more), .. }) => existing.extend(more),
                (_, node) => put(&mut target.body, &key, node),
            }
        }
    }
}

/// The name other resources use for this one.
pub fn declared_name(kind: Kind, body: &Node) -> Option<String> {
    let key = match kind {
        Kind::TaskDefinition => "family",
        Kind::Service => "serviceName",
        Kind::Cluster => "clusterName",
        Kind::CapacityProvider => "name",
        _ => return None,
    };
    body.get(key).as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_becomes_camel_case() {
        assert_eq!(snake_to_camel("fargate_ephemeral_storage_kms_key_id"), "fargateEphemeralStorageKmsKeyId");
        assert_eq!(snake_to_camel("s3_bucket_encryption_enabled"), "s3BucketEncryptionEnabled");
        assert_eq!(snake_to_camel("iam"), "iam");
        assert_eq!(snake_to_camel("_odd__key_"), "oddKey");
        assert_eq!(camel_to_snake("clusterName"), "cluster_name");
    }

    #[test]
    fn container_keys_match_case_insensitively() {
        assert_eq!(ContainerKeys.canonical_key("ReadOnlyRootFilesystem"), "readonlyRootFilesystem");
        assert_eq!(ContainerKeys.canonical_key("LINUXPARAMETERS"), "linuxParameters");
        assert_eq!(ContainerKeys.canonical_key("somethingElse"), "somethingElse");
    }
}
