//! FG: the Fargate seed rules (rules.md §1.1): ephemeral-storage encryption, capabilities, GuardDuty.
//! Helpers shared by several FG rules live here.

mod capabilities_not_dropped;
mod ephemeral_storage_size_range;
mod ephemeral_storage_unsupported;
mod fargate_capability_not_allowed;
mod fargate_ephemeral_cmk_missing;
mod fargate_ephemeral_cmk_not_applied;
mod fargate_ephemeral_cmk_unsupported_key;
mod fargate_pv_unencrypted_ephemeral;
mod guardduty_ecs_runtime_disabled;
mod guardduty_no_execution_role;
mod guardduty_runtime_opt_out;
mod guardduty_sidecar_headroom;
mod guardduty_tag_malformed;
mod guardduty_unsupported_runtime;
mod sys_ptrace_added;

use super::support::{is_old_platform, is_provided, operating_system, platform_version, workload_is_fargate, Decision, Os, PlatformVersion};
use super::{At, Check, Linked, Rule, Subject};
use crate::model::{Field, Node};

pub static RULES: &[&Rule] = &[
    &fargate_ephemeral_cmk_missing::RULE,
    &fargate_ephemeral_cmk_unsupported_key::RULE,
    &fargate_ephemeral_cmk_not_applied::RULE,
    &ephemeral_storage_size_range::RULE,
    &ephemeral_storage_unsupported::RULE,
    &fargate_pv_unencrypted_ephemeral::RULE,
    &fargate_capability_not_allowed::RULE,
    &sys_ptrace_added::RULE,
    &capabilities_not_dropped::RULE,
    &guardduty_runtime_opt_out::RULE,
    &guardduty_tag_malformed::RULE,
    &guardduty_no_execution_role::RULE,
    &guardduty_unsupported_runtime::RULE,
    &guardduty_sidecar_headroom::RULE,
    &guardduty_ecs_runtime_disabled::RULE,
];

/// The cluster's customer-managed key for Fargate ephemeral storage (FG-01..03).
fn ephemeral_storage_key(cluster: &Node) -> Field<'_> {
    cluster.get("configuration").get("managedStorageConfiguration").get("fargateEphemeralStorageKmsKeyId")
}

/// Whether the cluster configures that key (a Ref to a KMS key counts: presence is what matters).
fn has_ephemeral_storage_key(cluster: &Node) -> bool {
    is_provided(ephemeral_storage_key(cluster))
}

/// Gate for rules on Fargate workloads: `true` when the workload runs on Fargate; otherwise records skip
/// (not Fargate) or undecided (launch type or capacity provider unknown) and returns `false`.
fn require_fargate_workload(check: &mut Check<'_>, workload: &Subject<'_>) -> bool {
    match workload_is_fargate(workload) {
        Decision::Yes => true,
        Decision::No => {
            check.not_applicable();
            false
        }
        Decision::Unknown(at) => {
            check.undecided(at, "The launch type or capacity provider is not known before deployment, so whether the task runs on Fargate cannot be decided.");
            false
        }
    }
}

/// The OS of a workload's task definition. A task definition that is not in the inputs counts as Linux:
/// rules.md §5.2 treats an unknown OS as Linux for "PV < 1.4.0".
fn workload_os(workload: &Subject<'_>) -> Os {
    match workload.task_definition() {
        Linked::Resolved(td) => operating_system(td.body()),
        Linked::NotWritten | Linked::Unresolved(_) => Os::Linux,
    }
}

/// "PV < 1.4.0" for a workload (rules.md §5.2), with the version as written for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OldPlatform<'a> {
    Yes(&'a str, At),
    No,
    Unknown(At),
}

fn old_platform<'a>(workload: &Subject<'a>) -> OldPlatform<'a> {
    let version = platform_version(workload);
    match (is_old_platform(version, workload_os(workload)), version) {
        (Decision::Yes, PlatformVersion::Explicit(text, at)) => OldPlatform::Yes(text, at),
        (Decision::Unknown(at), _) => OldPlatform::Unknown(at),
        _ => OldPlatform::No,
    }
}

/// For rules that fire on "isFargate AND PV < 1.4.0" (FG-06, FG-13): the old version and where it is
/// written, after recording skip or undecided for the other outcomes.
fn old_fargate_platform<'a>(check: &mut Check<'_>, workload: &Subject<'a>) -> Option<(&'a str, At)> {
    if !require_fargate_workload(check, workload) {
        return None;
    }
    match old_platform(workload) {
        OldPlatform::Yes(version, at) => Some((version, at)),
        OldPlatform::No => None,
        OldPlatform::Unknown(at) => {
            check.undecided(at, "platformVersion is not known before deployment.");
            None
        }
    }
}

/// The GuardDuty agent runs only in Linux tasks (rules.md §3.3), so rules about the agent (FG-12, FG-14) skip
/// Windows task definitions, which FG-13 reports. Returns the OS after recording skip for Windows.
fn require_agent_os(check: &mut Check<'_>, td: &Node) -> Option<Os> {
    match operating_system(td) {
        Os::Windows => {
            check.not_applicable();
            None
        }
        os => Some(os),
    }
}

/// A finding about the GuardDuty agent: a failure on Linux, undecided when the OS is not known.
fn agent_finding(check: &mut Check<'_>, os: Os, at: impl Into<At>, message: &str) {
    match os {
        Os::Unknown(os_at) => check.undecided(os_at, format!("{message} (if the task definition is for Linux; operatingSystemFamily is not known before deployment)")),
        Os::Linux | Os::Windows => check.fail(at, message),
    }
}

/// How messages name a workload: `Service 'web'`, or a synthetic name as it is (`RunTask[1]`).
fn workload_label(workload: &Subject<'_>) -> String {
    let (kind, name) = (workload.kind().as_str(), &workload.resource.name);
    if name.starts_with(kind) {
        name.clone()
    } else {
        format!("{kind} '{name}'")
    }
}

/// The cluster tag GuardDuty reads, spelled exactly (case-sensitive).
/// Source: https://docs.aws.amazon.com/guardduty/latest/ug/managing-gdu-agent-ecs-automated.html
const GUARDDUTY_TAG_KEY: &str = "GuardDutyManaged";

/// A cluster tag whose key is `GuardDutyManaged` in any case (FG-10, FG-11).
struct GuardDutyTag<'a> {
    key: &'a Node,
    exact_key: bool,
    value: Field<'a>,
}

impl GuardDutyTag<'_> {
    /// The value as GuardDuty reads it: booleans and numbers by their spelling (rules.md §5.23).
    fn value_text(&self) -> Option<String> {
        self.value.as_text()
    }
}

/// The cluster's `GuardDutyManaged` tags in any spelling (canonical `tags[{key,value}]`); records undecided for
/// a tag list or tag key that is not known before deployment.
fn guardduty_tags<'a>(check: &mut Check<'_>, cluster: &'a Node) -> Vec<GuardDutyTag<'a>> {
    let tags = cluster.get("tags");
    if tags.is_unknown() {
        check.undecided(tags, "tags is not known before deployment, so a GuardDutyManaged tag cannot be ruled out.");
        return Vec::new();
    }
    let mut found = Vec::new();
    for tag in tags.items() {
        let key = tag.get("key");
        match key {
            Field::Known(node) => {
                let Some(text) = node.as_text() else { continue };
                if text.trim().eq_ignore_ascii_case(GUARDDUTY_TAG_KEY) {
                    found.push(GuardDutyTag { key: node, exact_key: text == GUARDDUTY_TAG_KEY, value: tag.get("value") });
                }
            }
            // An unknown tag element yields an unknown key too.
            Field::Unknown(_) => check.undecided(key, "A tag key is not known before deployment; it could be GuardDutyManaged."),
            Field::Absent { .. } => {}
        }
    }
    found
}
