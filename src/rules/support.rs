//! Predicates shared by rules (rules.md §0): is it Fargate, which OS, which platform version, and the
//! normalisation of cpu, memory and capability names. Each answers Yes / No / Unknown so that rules turn
//! an unknown input into an `undecided` finding instead of a silent pass.

use super::{At, Linked, Subject};
use crate::facts::{LATEST_LINUX_PV, OLD_LINUX_PVS};
use crate::number::parse;
use crate::model::{Field, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Yes,
    No,
    /// Depends on a value not known before deployment, at this place.
    Unknown(At),
}

impl Decision {
    pub fn is_yes(self) -> bool {
        self == Decision::Yes
    }
}

/// Whether a known list contains a string; Unknown when the list or a non-matching element is unknown.
pub fn list_contains(field: Field<'_>, wanted: &[&str]) -> Decision {
    match field {
        Field::Unknown(node) => Decision::Unknown(At::from(node)),
        Field::Absent { .. } => Decision::No,
        Field::Known(list) => {
            let mut unknown = None;
            for item in list.items() {
                if item.is_unknown() {
                    unknown = Some(At::from(item));
                } else if item.as_str().is_some_and(|s| wanted.contains(&s)) {
                    return Decision::Yes;
                }
            }
            unknown.map_or(Decision::No, Decision::Unknown)
        }
    }
}

/// isFargate(TD): `requiresCompatibilities` contains `FARGATE`.
pub fn task_definition_is_fargate(td: &Node) -> Decision {
    list_contains(td.get("requiresCompatibilities"), &["FARGATE"])
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    Linux,
    Windows,
    Unknown(At),
}

/// isWindows(TD): `runtimePlatform.operatingSystemFamily` starts with `WINDOWS_SERVER_`; Linux when unset.
pub fn operating_system(td: &Node) -> Os {
    let field = td.get("runtimePlatform").get("operatingSystemFamily");
    match field {
        Field::Unknown(_) => Os::Unknown(At::from(field)),
        Field::Known(node) if node.as_str().is_some_and(|s| s.starts_with("WINDOWS_SERVER_")) => Os::Windows,
        _ => Os::Linux,
    }
}

/// isFargate(SVC/RT/TS): `launchType` FARGATE, or a FARGATE/FARGATE_SPOT capacity provider in the workload's
/// strategy, or (neither set) in the linked cluster's default strategy.
pub fn workload_is_fargate(workload: &Subject<'_>) -> Decision {
    let body = workload.body();
    let launch_type = body.get("launchType");
    match launch_type {
        Field::Known(node) => return if node.as_str() == Some("FARGATE") { Decision::Yes } else { Decision::No },
        Field::Unknown(_) => return Decision::Unknown(At::from(launch_type)),
        Field::Absent { .. } => {}
    }
    let strategy = body.get("capacityProviderStrategy");
    if strategy.is_set() || strategy.is_unknown() {
        return strategy_is_fargate(strategy);
    }
    match workload.cluster() {
        Linked::Resolved(cluster) => strategy_is_fargate(cluster.body().get("defaultCapacityProviderStrategy")),
        // No cluster default strategy can be seen: ECS falls back to the EC2 launch type.
        Linked::NotWritten | Linked::Unresolved(_) => Decision::No,
    }
}

fn strategy_is_fargate(strategy: Field<'_>) -> Decision {
    match strategy {
        Field::Unknown(node) => Decision::Unknown(At::from(node)),
        Field::Absent { .. } => Decision::No,
        Field::Known(list) => {
            let mut unknown = None;
            for item in list.items() {
                let provider = item.get("capacityProvider");
                match provider.as_str() {
                    Some("FARGATE" | "FARGATE_SPOT") => return Decision::Yes,
                    _ if provider.is_unknown() || item.is_unknown() => unknown = Some(At::from(provider)),
                    _ => {}
                }
            }
            unknown.map_or(Decision::No, Decision::Unknown)
        }
    }
}

/// A workload's platform version as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlatformVersion<'a> {
    /// Unset or `LATEST`: 1.4.0 on Linux, 1.0.0 on Windows.
    Latest,
    Explicit(&'a str, At),
    Unknown(At),
}

pub fn platform_version<'a>(workload: &Subject<'a>) -> PlatformVersion<'a> {
    let field = workload.body().get("platformVersion");
    match field {
        Field::Unknown(_) => PlatformVersion::Unknown(At::from(field)),
        Field::Known(node) => match node.as_str() {
            Some("LATEST") | None => PlatformVersion::Latest,
            Some(version) => PlatformVersion::Explicit(version, At::from(node)),
        },
        Field::Absent { .. } => PlatformVersion::Latest,
    }
}

/// "PV < 1.4.0" (rules.md §5.2): Linux (or OS unknown) AND an explicit 1.0.0–1.3.0. Windows is never "old".
pub fn is_old_platform(version: PlatformVersion<'_>, os: Os) -> Decision {
    match (version, os) {
        (_, Os::Windows) | (PlatformVersion::Latest, _) => Decision::No,
        (PlatformVersion::Unknown(at), _) => Decision::Unknown(at),
        (PlatformVersion::Explicit(v, _), _) => {
            if OLD_LINUX_PVS.contains(&v) {
                Decision::Yes
            } else {
                Decision::No
            }
        }
    }
}

/// The platform versions a task definition runs on: one per linked workload, or the default (`LATEST`)
/// when it is evaluated on its own (rules.md §5.1).
pub fn platforms_of_task_definition<'a>(td: &Subject<'a>) -> Vec<(Option<Subject<'a>>, PlatformVersion<'a>)> {
    let linked: Vec<_> = td.workloads().filter(|w| w.kind().is_workload()).map(|w| (Some(w), platform_version(&w))).collect();
    if linked.is_empty() {
        vec![(None, PlatformVersion::Latest)]
    } else {
        linked
    }
}

/// Task cpu in CPU units from `256`, `"256"`, `"1 vCPU"`, `".25 vcpu"`.
pub fn cpu_units(node: &Node) -> Option<u32> {
    let text = node.as_text()?;
    let lower = text.trim().to_ascii_lowercase();
    if let Some(vcpu) = lower.strip_suffix("vcpu") {
        return to_u32(parse(vcpu.trim())? * 1024.0);
    }
    to_u32(parse(&lower)?)
}

/// Task memory in MiB from `512`, `"512"`, `"2 GB"`, `"0.5GB"`.
pub fn memory_mib(node: &Node) -> Option<u32> {
    let text = node.as_text()?;
    let lower = text.trim().to_ascii_lowercase();
    if let Some(gb) = lower.strip_suffix("gb") {
        return to_u32(parse(gb.trim())? * 1024.0);
    }
    if let Some(mb) = lower.strip_suffix("mb").or_else(|| lower.strip_suffix("mib")) {
        return to_u32(parse(mb.trim())?);
    }
    to_u32(parse(&lower)?)
}

fn to_u32(value: f64) -> Option<u32> {
    (value.is_finite() && value >= 0.0 && value <= f64::from(u32::MAX) && value.fract() == 0.0).then_some(value as u32)
}

/// A capability name normalised for meaning: upper-case without `CAP_` (rules.md §5.3). The flag says whether
/// the user wrote the exact enum spelling.
pub fn capability(raw: &str) -> (String, bool) {
    let upper = raw.trim().to_ascii_uppercase();
    let name = upper.strip_prefix("CAP_").unwrap_or(&upper).to_string();
    let exact = name == raw;
    (name, exact)
}

/// The containers of a task definition.
pub fn containers(td: &Node) -> &[Node] {
    td.get("containerDefinitions").items()
}

/// A short label for a container in messages: its name, or its position. Formatted only when a message
/// uses it: rules label every container they look at, and most containers produce no finding.
pub fn container_label(container: &Node, index: usize) -> ContainerLabel<'_> {
    ContainerLabel { name: container.get("name").as_str().filter(|name| !name.trim().is_empty()), index }
}

#[derive(Clone, Copy, Debug)]
pub struct ContainerLabel<'a> {
    name: Option<&'a str>,
    index: usize,
}

/// Labels are equal when they read the same: containers of one name share a label, as in the messages.
impl PartialEq for ContainerLabel<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self.name, other.name) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.index == other.index,
            _ => false,
        }
    }
}

impl std::fmt::Display for ContainerLabel<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name {
            Some(name) => write!(f, "'{name}'"),
            None => write!(f, "#{}", self.index),
        }
    }
}

/// The latest Linux platform version, for messages.
pub const LATEST_LINUX: &str = LATEST_LINUX_PV;

use super::Check;

/// Gate for rules that apply to Fargate task definitions only: `true` when Fargate; otherwise records
/// skip (not Fargate) or undecided (`requiresCompatibilities` unknown) and returns `false`.
pub fn require_fargate_task_definition(check: &mut Check<'_>, td: &Node) -> bool {
    match task_definition_is_fargate(td) {
        Decision::Yes => true,
        Decision::No => {
            check.not_applicable();
            false
        }
        Decision::Unknown(at) => {
            check.undecided(at, "requiresCompatibilities is not known before deployment, so whether the task runs on Fargate cannot be decided");
            false
        }
    }
}

/// The containers of a task definition, or `None` after recording undecided when the list is unknown
/// (Terraform's `container_definitions` before apply, a Pulumi preview).
pub fn known_containers<'a>(check: &mut Check<'_>, td: &'a Node) -> Option<&'a [Node]> {
    let field = td.get("containerDefinitions");
    if field.is_unknown() {
        check.undecided(field, "containerDefinitions is not known before deployment");
        return None;
    }
    Some(field.items())
}

/// Whether an enum field holds `wanted` (ASCII case-insensitive); Unknown when the value is not known. Absent or
/// any other value is `No`: the caller knows the API default (`assignPublicIp` DISABLED, `logging` DEFAULT).
pub fn enum_is(field: Field<'_>, wanted: &str) -> Decision {
    match field {
        Field::Unknown(node) => Decision::Unknown(At::from(node)),
        Field::Known(node) if node.as_str().is_some_and(|s| s.trim().eq_ignore_ascii_case(wanted)) => Decision::Yes,
        Field::Known(_) | Field::Absent { .. } => Decision::No,
    }
}

/// Whether a boolean field is `true` (or `"true"`, as CloudFormation writes it); absent is `No`.
pub fn is_true(field: Field<'_>) -> Decision {
    match field {
        Field::Unknown(node) => Decision::Unknown(At::from(node)),
        Field::Known(node) if node.as_bool() == Some(true) => Decision::Yes,
        Field::Known(_) | Field::Absent { .. } => Decision::No,
    }
}

/// A reference that will be there at deploy time: a non-blank string, or a value computed at deploy time (a Ref to
/// a role, key or secret). For "absent" conditions such as a missing `executionRoleArn`.
pub fn is_provided(field: Field<'_>) -> bool {
    match field {
        Field::Unknown(_) => true,
        Field::Absent { .. } => false,
        Field::Known(node) => node.as_str().map_or(true, |s| !s.trim().is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyStyle, Origins, Value};

    fn text(s: &str) -> Node {
        let mut origins = Origins::default();
        Node::new(Value::String(s.into()), origins.document(0, KeyStyle::Camel))
    }

    #[test]
    fn cpu_and_memory_are_normalised() {
        assert_eq!(cpu_units(&text("1 vCPU")), Some(1024));
        assert_eq!(cpu_units(&text(".25 vcpu")), Some(256));
        assert_eq!(cpu_units(&text("256")), Some(256));
        assert_eq!(memory_mib(&text("2 GB")), Some(2048));
        assert_eq!(memory_mib(&text("0.5GB")), Some(512));
        assert_eq!(memory_mib(&text("512")), Some(512));
        assert_eq!(memory_mib(&text("lots")), None);
    }

    #[test]
    fn capability_names_are_normalised() {
        assert_eq!(capability("SYS_PTRACE"), ("SYS_PTRACE".to_string(), true));
        assert_eq!(capability("CAP_SYS_PTRACE"), ("SYS_PTRACE".to_string(), false));
        assert_eq!(capability("sys_ptrace"), ("SYS_PTRACE".to_string(), false));
    }
}
