//! NW: networking (rules.md §1.5): public IPs on workloads, the VPC default security group, EFS in transit.

mod default_security_group;
mod efs_iam_authz;
mod efs_transit_encryption;
mod runtask_public_ip;
mod service_public_ip;
mod taskset_public_ip;

use crate::rules::support::ContainerLabel;
use super::support::{container_label, enum_is, Decision};
use super::{Check, Edit, Rule, Subject};
use crate::model::{Field, Node};

pub static RULES: &[&Rule] = &[
    &service_public_ip::RULE,
    &taskset_public_ip::RULE,
    &runtask_public_ip::RULE,
    &default_security_group::RULE,
    &efs_transit_encryption::RULE,
    &efs_iam_authz::RULE,
];

/// A workload's `networkConfiguration.awsvpcConfiguration`, or `None` after recording skip (absent: nothing to
/// judge, a missing block on an awsvpc workload is FD-15's) or undecided (not known before deployment).
fn awsvpc_configuration<'a>(check: &mut Check<'_>, workload: &Subject<'a>) -> Option<&'a Node> {
    let awsvpc = workload.body().get("networkConfiguration").get("awsvpcConfiguration");
    match awsvpc {
        Field::Known(node) => Some(node),
        Field::Unknown(_) => {
            check.undecided(awsvpc, "networkConfiguration.awsvpcConfiguration is not known before deployment.");
            None
        }
        Field::Absent { .. } => {
            check.not_applicable();
            None
        }
    }
}

/// NW-01..03: `assignPublicIp` must not be ENABLED (the API default is DISABLED).
fn check_public_ip(check: &mut Check<'_>, workload: &Subject<'_>, what: &str) {
    let Some(awsvpc) = awsvpc_configuration(check, workload) else { return };
    let assign = awsvpc.get("assignPublicIp");
    // Adapters turn Terraform/Pulumi booleans into the API enum; a boolean `true` that slipped through means the same.
    let enabled = match enum_is(assign, "ENABLED") {
        Decision::No if assign.as_bool() == Some(true) => Decision::Yes,
        decision => decision,
    };
    match enabled {
        Decision::Yes => check.fail_with_fix(
            assign,
            format!(
                "The {what} sets assignPublicIp to ENABLED: every task gets a public IP address and is reachable from the \
                 internet wherever its security groups allow."
            ),
            vec![Edit::set(assign, "DISABLED".into())],
        ),
        Decision::Unknown(at) => check.undecided(at, "awsvpcConfiguration.assignPublicIp is not known before deployment."),
        Decision::No => {}
    }
}

/// The EFS volumes of a task definition with a label each; records undecided for volumes not known before
/// deployment.
fn efs_volumes<'a>(check: &mut Check<'_>, td: &'a Node) -> Vec<(ContainerLabel<'a>, &'a Node)> {
    let volumes = td.get("volumes");
    if volumes.is_unknown() {
        check.undecided(volumes, "volumes is not known before deployment.");
        return Vec::new();
    }
    let mut efs = Vec::new();
    for (index, volume) in volumes.items().iter().enumerate() {
        let label = container_label(volume, index);
        match volume.get("efsVolumeConfiguration") {
            Field::Known(node) => efs.push((label, node)),
            field @ Field::Unknown(_) => {
                check.undecided(field, format!("Volume {label}: efsVolumeConfiguration is not known before deployment."))
            }
            Field::Absent { .. } => {}
        }
    }
    efs
}

/// NW-05/06: on EVERY EFS volume (not only the first, unlike Checkov CKV_AWS_97) the switch at `path` under
/// `efsVolumeConfiguration` must be ENABLED; absent means the API default DISABLED. `fixable`: turning the
/// switch on is the whole remedy (IAM authorization also needs transit encryption, FD-18).
fn require_efs_enabled(check: &mut Check<'_>, td: &Subject<'_>, path: &[&'static str], consequence: &str, fixable: bool) {
    let volumes = efs_volumes(check, td.body());
    if volumes.is_empty() {
        return check.not_applicable();
    }
    let name = path.join(".");
    for (label, efs) in volumes {
        let field = path.iter().fold(Field::Known(efs), |field, key| field.get(key));
        match enum_is(field, "ENABLED") {
            Decision::Yes => {}
            Decision::No => check.fail_with_fix(
                field,
                format!("Volume {label}: efsVolumeConfiguration.{name} is not ENABLED (the default is DISABLED), so {consequence}."),
                Edit::set_path(efs, path, "ENABLED".into()).into_iter().filter(|_| fixable).collect(),
            ),
            Decision::Unknown(at) => check.undecided(at, format!("Volume {label}: efsVolumeConfiguration.{name} is not known before deployment.")),
        }
    }
}
