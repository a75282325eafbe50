//! CH: container hardening (rules.md §1.3): privileges, host namespaces, users, root filesystem, limits,
//! health checks and roles.

mod healthcheck;
mod host_mode_user;
mod linux_non_root;
mod memory_hard_limit;
mod no_host_ipc;
mod no_host_network;
mod no_host_pid;
mod no_privileged;
mod readonly_rootfs;
mod roles_distinct;
mod windows_non_admin;

#[cfg(test)]
mod tests;

use super::support::{operating_system, Decision, Os};
use super::{At, Check, Edit, Rule};
use crate::model::{Field, Node};

pub static RULES: &[&Rule] = &[
    &no_privileged::RULE,
    &no_host_pid::RULE,
    &no_host_ipc::RULE,
    &no_host_network::RULE,
    &host_mode_user::RULE,
    &linux_non_root::RULE,
    &windows_non_admin::RULE,
    &readonly_rootfs::RULE,
    &memory_hard_limit::RULE,
    &healthcheck::RULE,
    &roles_distinct::RULE,
];

/// Whether a task-level mode field (`pidMode`, `ipcMode`, `networkMode`) is `host`.
pub fn is_host_mode(field: Field<'_>) -> Decision {
    match field {
        Field::Unknown(_) => Decision::Unknown(At::from(field)),
        // The API enum is lower-case; any spelling of `host` is read for its meaning.
        Field::Known(node) if node.as_str().is_some_and(|s| s.trim().eq_ignore_ascii_case("host")) => Decision::Yes,
        _ => Decision::No,
    }
}

/// CH-02/03/04: fails when the task-level `key` is `host`, undecided when it is not known.
pub fn check_task_mode_not_host(check: &mut Check<'_>, td: &Node, key: &'static str, why: &str) {
    let field = td.get(key);
    match is_host_mode(field) {
        Decision::Yes => check.fail(field, format!("{key} is `host`: {why}")),
        Decision::Unknown(at) => check.undecided(at, format!("{key} is not known before deployment, so whether it is `host` cannot be decided.")),
        Decision::No => {}
    }
}

/// Whether a container's `user` runs it as root on Linux: unset (the image default, root for most images),
/// `root` or uid `0`, alone or with a group (`root:wheel`, `0:0`). Formats: name, uid, name:group, uid:gid.
pub fn user_is_root(user: Field<'_>) -> Decision {
    match user {
        Field::Unknown(_) => Decision::Unknown(At::from(user)),
        Field::Absent { .. } => Decision::Yes,
        Field::Known(node) => {
            let Some(text) = node.as_text() else { return Decision::Yes };
            let name = text.split(':').next().unwrap_or_default().trim();
            let uid_zero = !name.is_empty() && name.bytes().all(|b| b == b'0');
            if name.is_empty() || name == "root" || uid_zero {
                Decision::Yes
            } else {
                Decision::No
            }
        }
    }
}

/// For rules that apply to one OS family only: whether the task definition is of that OS.
pub enum OsGate {
    Applies,
    /// `runtimePlatform.operatingSystemFamily` is not known; findings become undecided there.
    Unknown(At),
}

/// `None`, recorded as not applicable, when the task definition is provably of the other OS family.
pub fn os_gate(check: &mut Check<'_>, td: &Node, windows: bool) -> Option<OsGate> {
    match operating_system(td) {
        Os::Unknown(at) => Some(OsGate::Unknown(at)),
        Os::Windows if windows => Some(OsGate::Applies),
        Os::Linux if !windows => Some(OsGate::Applies),
        Os::Windows | Os::Linux => {
            check.not_applicable();
            None
        }
    }
}

/// Reports the containers that break an OS-specific rule (place, message, fix): failures when the OS is the
/// rule's, one undecided finding when the OS is not known (nothing at all when no container breaks it).
pub fn report_for_os(check: &mut Check<'_>, gate: &OsGate, violations: Vec<(At, String, Vec<Edit>)>) {
    match gate {
        OsGate::Applies => {
            for (at, message, fix) in violations {
                check.fail_with_fix(at, message, fix);
            }
        }
        OsGate::Unknown(at) if !violations.is_empty() => check.undecided(
            *at,
            format!(
                "runtimePlatform.operatingSystemFamily is not known before deployment; {} container(s) would fail if the task runs on this rule's OS.",
                violations.len()
            ),
        ),
        OsGate::Unknown(_) => {}
    }
}
