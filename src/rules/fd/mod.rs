//! FD: Fargate deployability (rules.md §1.2): what AWS rejects at registration or launch, or silently ignores.
//!
//! Clauses that depend on a task definition alone run on the task definition. Clauses that join a task
//! definition feature with a platform version run on the workload (service, run-task, task set), because the
//! explicit old `platformVersion` there is what can fail: a task definition evaluated alone is judged at
//! `LATEST` (rules.md §5.1), where every feature is supported.

mod awslogs_options;
mod awsvpc_host_port;
mod awsvpc_network_config;
mod container_resources_fit;
mod efs_authz_needs_tls;
mod essential_container;
mod execution_role_required;
mod fargate_awsvpc;
mod fargate_cpu_memory_combo;
mod fargate_invalid_params;
mod fargate_large_size_pv;
mod fargate_log_driver;
mod fargate_pidmode;
mod fargate_scheduling;
mod fargate_task_size_required;
mod fargate_volume_types;
mod fargate_windows_constraints;
mod launchtype_xor_capacity;
mod platform_version_valid;
mod secrets_pv;
mod service_td_compat;
mod sysctl_fargate;

use super::support::{known_containers, operating_system, platform_version, require_fargate_task_definition, workload_is_fargate};
use super::support::{Decision, Os, PlatformVersion};
use super::{At, Check, Edit, Linked, Rule, Subject};
use crate::facts::OLD_LINUX_PVS;
use crate::model::{Field, Kind, Node};

pub static RULES: &[&Rule] = &[
    &fargate_awsvpc::RULE,
    &fargate_task_size_required::RULE,
    &fargate_cpu_memory_combo::RULE,
    &fargate_large_size_pv::RULE,
    &fargate_windows_constraints::RULE,
    &fargate_invalid_params::RULE,
    &fargate_pidmode::RULE,
    &fargate_volume_types::RULE,
    &awsvpc_host_port::RULE,
    &fargate_log_driver::RULE,
    &awslogs_options::RULE,
    &execution_role_required::RULE,
    &essential_container::RULE,
    &container_resources_fit::RULE,
    &awsvpc_network_config::RULE,
    &fargate_scheduling::RULE,
    &launchtype_xor_capacity::RULE,
    &service_td_compat::RULE,
    &platform_version_valid::RULE,
    &efs_authz_needs_tls::RULE,
    &secrets_pv::RULE,
    &sysctl_fargate::RULE,
];

/// The kinds that launch tasks, for rules that judge a workload against its task definition.
const WORKLOADS: &[Kind] = &[Kind::Service, Kind::RunTask, Kind::TaskSet];

/// The containers of a Fargate task definition; `None` after recording skip or undecided.
fn fargate_containers<'a>(check: &mut Check<'_>, td: &'a Node) -> Option<&'a [Node]> {
    if !require_fargate_task_definition(check, td) {
        return None;
    }
    known_containers(check, td)
}

/// Whether a field is "set" in the sense of rules.md §5.10.
#[derive(Clone, Copy, Debug)]
enum Presence<'a> {
    No,
    Yes(&'a Node),
    Unknown(&'a Node),
}

/// Present with an enabling value (rules.md §5.10): `true` (also the string `"true"` CloudFormation allows),
/// any number or non-blank string, a non-empty list or object. `false`, `[]`, `{}`, null and `""` (the
/// placeholders of `--generate-cli-skeleton`) are not present.
fn presence(field: Field<'_>) -> Presence<'_> {
    match field {
        Field::Unknown(node) => Presence::Unknown(node),
        Field::Absent { .. } => Presence::No,
        Field::Known(node) if node.as_str().is_some_and(|s| s.trim().is_empty()) => Presence::No,
        Field::Known(node) if node.as_bool().unwrap_or_else(|| node.is_set()) => Presence::Yes(node),
        Field::Known(_) => Presence::No,
    }
}

/// Fails a field that must not be set, at its own path (with its removal as the fix when `removable`: nothing
/// else depends on it); undecided when its value is not known.
fn forbid(check: &mut Check<'_>, field: Field<'_>, what: &str, why: &str, removable: bool) {
    match presence(field) {
        Presence::No => {}
        Presence::Yes(node) => {
            let fix = if removable { vec![Edit::remove(node)] } else { Vec::new() };
            check.fail_with_fix(node, format!("{what} is set; {why}."), fix)
        }
        Presence::Unknown(node) => check.undecided(node, format!("{what} is not known before deployment; if it is set, {why}.")),
    }
}

/// `service 'web'`, `run-task request 'RunTask[1]'`, `task set 'Blue'`.
fn workload_label(workload: &Subject<'_>) -> String {
    let kind = match workload.kind() {
        Kind::Service => "service",
        Kind::RunTask => "run-task request",
        Kind::TaskSet => "task set",
        other => other.as_str(),
    };
    format!("{kind} '{}'", workload.resource.name)
}

/// The family (or resource name) of a task definition, for messages.
fn family(td: &Subject<'_>) -> String {
    td.resource.declared_name.clone().unwrap_or_else(|| td.resource.name.clone())
}

/// isFargate for a workload whose platform version matters. Unlike [`workload_is_fargate`], a workload that
/// names neither a launch type nor a capacity provider strategy on a cluster that is not in the inputs is
/// Unknown, not EC2: that cluster's default strategy may be Fargate, and an explicit `platformVersion` says
/// the author expects it to be.
fn fargate_for_platform(workload: &Subject<'_>) -> Decision {
    let body = workload.body();
    let strategy = body.get("capacityProviderStrategy");
    let chose = !body.get("launchType").is_absent() || strategy.is_unknown() || strategy.is_set();
    match (chose, workload.cluster()) {
        (false, Linked::NotWritten | Linked::Unresolved(_)) => Decision::Unknown(At::from(body.get("cluster"))),
        _ => workload_is_fargate(workload),
    }
}

/// What a task definition uses that needs a minimum Linux platform version.
struct Need {
    /// The oldest Linux platform version that supports it.
    min: &'static str,
    /// What it is, naming fields and containers (never values): `pidMode task`, `container 'web' systemControls`;
    /// for a possible need, the unknown value and what it may be: `pidMode is not known before deployment and may be task`.
    what: String,
    /// `false` when the task definition may use it: the deciding value is not known before deployment.
    known: bool,
}

impl Need {
    fn known(min: &'static str, what: String) -> Need {
        Need { min, what, known: true }
    }

    fn maybe(min: &'static str, what: String) -> Need {
        Need { min, what, known: false }
    }
}

/// Whether an explicit Linux platform version is one of the old ones (rules.md §5.2) and older than `min`.
fn linux_version_below(version: &str, min: &str) -> bool {
    let parse = |v: &str| v.split('.').map(|part| part.parse::<u32>().ok()).collect::<Option<Vec<u32>>>();
    OLD_LINUX_PVS.contains(&version) && matches!((parse(version), parse(min)), (Some(v), Some(m)) if v < m)
}

/// Workload side of the rules that join task definition features with the platform version the workload runs
/// them on (FD-04, FD-07, FD-21, FD-22). Fails at the workload's `platformVersion` when it is an explicit old
/// Linux version and the task definition needs a newer one; undecided when the answer hangs on a value that is
/// not known (the version, the launch type, the OS, the task definition itself or a feature of it).
fn check_platform_needs(check: &mut Check<'_>, workload: &Subject<'_>, feature: &str, needs: fn(&Node) -> Vec<Need>) {
    let (version, at) = match platform_version(workload) {
        PlatformVersion::Latest => return,
        PlatformVersion::Explicit(version, at) => (Some(version), at),
        PlatformVersion::Unknown(at) => (None, at),
    };
    // 1.4.0 (or an invalid version, FD-19's finding) supports every feature these rules join.
    if version.is_some_and(|v| !OLD_LINUX_PVS.contains(&v)) {
        return;
    }
    let fargate = fargate_for_platform(workload);
    if fargate == Decision::No {
        return check.not_applicable();
    }
    let label = workload_label(workload);
    let shown = version.unwrap_or("(not known before deployment)");
    let td = match workload.task_definition() {
        Linked::Resolved(td) => td,
        Linked::NotWritten => return check.not_applicable(),
        Linked::Unresolved(why) => {
            return check.undecided(
                at,
                format!("{label} sets platformVersion {shown}, but its task definition is not readable ({why}), so whether it uses {feature} cannot be checked."),
            )
        }
    };
    let os = operating_system(td.body());
    if os == Os::Windows {
        // Windows on Fargate has one platform version, its latest (rules.md §5.2).
        return;
    }
    let failing: Vec<Need> = needs(td.body()).into_iter().filter(|n| version.map_or(true, |v| linux_version_below(v, n.min))).collect();
    if failing.is_empty() {
        return;
    }
    let list = |known: bool| {
        let verb = if known { "needs" } else { "which would need" };
        failing.iter().filter(|n| n.known == known).map(|n| format!("{} ({verb} {} or later)", n.what, n.min)).collect::<Vec<_>>().join("; ")
    };
    let (certain, doubtful) = (list(true), list(false));
    let family = family(&td);
    let doubt = match (version, fargate, os) {
        (None, _, _) => Some("its platformVersion is not known before deployment".to_string()),
        (_, Decision::Unknown(_), _) => Some("whether it runs on Fargate is not known (no launchType or capacity provider strategy, and its cluster's default strategy is not in the inputs or not known)".to_string()),
        (_, _, Os::Unknown(_)) => Some(format!("task definition '{family}' has a runtimePlatform.operatingSystemFamily that is not known before deployment")),
        _ => None,
    };
    match doubt {
        None if !certain.is_empty() => check.fail(at, format!("{label} runs task definition '{family}' on Fargate Linux platform version {shown}, too old for: {certain}.")),
        None => check.undecided(at, format!("{label} runs task definition '{family}' on platform version {shown}; {doubtful}.")),
        Some(doubt) => {
            let uses = if certain.is_empty() { doubtful } else { certain };
            check.undecided(at, format!("{label} runs task definition '{family}' with platformVersion {shown}, but {doubt}; {uses}."))
        }
    }
}

#[cfg(test)]
mod tests;
