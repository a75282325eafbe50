//! Resources of the canonical model and the references between them.

use super::node::Node;
use super::origin::{Origin, Origins};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Kind {
    TaskDefinition,
    Service,
    Cluster,
    /// A RunTask / StartTask call (rules.md's "RT").
    RunTask,
    TaskSet,
    CapacityProvider,
    /// A GuardDuty detector (rules.md's optional kind for FG-15).
    Detector,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TaskDefinition => "TaskDefinition",
            Kind::Service => "Service",
            Kind::Cluster => "Cluster",
            Kind::RunTask => "RunTask",
            Kind::TaskSet => "TaskSet",
            Kind::CapacityProvider => "CapacityProvider",
            Kind::Detector => "Detector",
        }
    }

    /// Kinds that launch tasks from a task definition on a cluster.
    pub fn is_workload(self) -> bool {
        matches!(self, Kind::Service | Kind::RunTask | Kind::TaskSet)
    }
}

/// How a resource names another one, as written by the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reference {
    /// Not written: the API default applies (e.g. the `default` cluster).
    None,
    /// A reference to a resource in the same input: CloudFormation logical id, Terraform address.
    Address(String),
    /// A name, family[:revision] or ARN, resolved against names of resources in the input.
    Name(String),
    /// Cannot be known offline (an import, a parameter without default, a computed value); the text says why.
    Unknown(String),
}

#[derive(Debug)]
pub struct Resource {
    pub kind: Kind,
    /// Friendly name: CDK path, CloudFormation logical id, Terraform address, family or service name.
    pub name: String,
    /// Stable unique address within its document: logical id, Terraform address, URN or a synthetic one.
    pub address: String,
    /// Index of the input document (file) the resource came from.
    pub document: u32,
    /// The canonical (AWS API camelCase) body.
    pub body: Node,
    /// The family / service / cluster name by which other resources may reference this one.
    pub declared_name: Option<String>,
    pub task_definition: Reference,
    pub cluster: Reference,
    /// Rules the user suppressed on this resource in the input itself (CloudFormation Metadata, tags).
    pub inline_suppressions: Vec<InlineSuppression>,
    /// The ways the resource may deploy when its values depend on conditions that cannot be decided offline
    /// (CloudFormation `Fn::If`): rules run on each and the engine merges what they say. Empty: `body` is the
    /// only way. `body` keeps those values Unknown; a linked resource sees it unless the variant it is checked
    /// in tells which variant of this one deploys with it.
    pub variants: Vec<Variant>,
}

/// The resource with undecided conditions assumed one way: `body` is plain wherever those conditions decide.
#[derive(Debug)]
pub struct Variant {
    /// The conditions assumed, and those that follow from them, with their truth value in this one (the same
    /// names, in the same order, in every variant of a resource).
    pub when: Vec<(String, bool)>,
    pub body: Node,
    /// The `Fn::If` branches taken because of the assumption, with their condition: a finding inside one is
    /// described by that condition first, and a finding of only some variants keeps its fix when the fix edits
    /// inside one of these (it then changes that branch only).
    pub branches: Vec<(Origin, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineSuppression {
    pub rule: String,
    pub reason: String,
    pub source: String,
}

impl Resource {
    pub fn new(kind: Kind, name: String, address: String, document: u32, body: Node) -> Self {
        Resource {
            kind,
            name,
            address,
            document,
            body,
            declared_name: None,
            task_definition: Reference::None,
            cluster: Reference::None,
            inline_suppressions: Vec::new(),
            variants: Vec::new(),
        }
    }
}

/// Everything read from the inputs of one validation.
#[derive(Debug, Default)]
pub struct Model {
    pub resources: Vec<Resource>,
    pub origins: Origins,
}
