use crate::rules::support::ContainerLabel;
use super::{presence, Presence};
use crate::model::{Field, Kind, Node};
use crate::rules::support::container_label;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-20",
    name: "efs-authz-needs-tls",
    title: "EFS IAM/access point without TLS",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "An EFS volume that uses IAM authorization (`authorizationConfig.iam: ENABLED`) or an access point \
        (`authorizationConfig.accessPointId`) must enable `transitEncryption` (API_EFSAuthorizationConfig, \
        API_EFSVolumeConfiguration); and with an access point the `rootDirectory` must be omitted or `/`, because the \
        access point sets the path. Otherwise the task definition is rejected or the mount fails when the task starts.",
    remediation: "Set `transitEncryption: ENABLED` on the EFS volume, and move a custom `rootDirectory` into the access \
        point's root directory (leave the volume's `rootDirectory` unset or `/`).",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "IAM authorization without transit encryption",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "volumes": [{"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0123456789abcdef0", "authorizationConfig": {"iam": "ENABLED"}}}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "access point with a rootDirectory (CloudFormation)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
  "Volumes": [{"Name": "shared", "EFSVolumeConfiguration": {"FilesystemId": "fs-0123456789abcdef0", "RootDirectory": "/data", "TransitEncryption": "ENABLED",
    "AuthorizationConfig": {"AccessPointId": "fsap-0123456789abcdef0", "IAM": "ENABLED"}}}],
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#,
        },
        Example {
            title: "access point with TLS and rootDirectory /",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "volumes": [{"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0123456789abcdef0", "rootDirectory": "/", "transitEncryption": "ENABLED",
    "authorizationConfig": {"accessPointId": "fsap-0123456789abcdef0", "iam": "ENABLED"}}}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "plain EFS mount without authorization (NW-05 judges its encryption)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "volumes": [{"name": "shared", "efsVolumeConfiguration": {"fileSystemId": "fs-0123456789abcdef0", "rootDirectory": "/data"}}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let volumes = td.body().get("volumes");
    if volumes.is_unknown() {
        return check.undecided(volumes, "volumes is not known before deployment.");
    }
    let mut any = false;
    for (index, volume) in volumes.items().iter().enumerate() {
        let efs = volume.get("efsVolumeConfiguration");
        match efs {
            Field::Known(node) => {
                any = true;
                check_volume(check, node, container_label(volume, index));
            }
            Field::Unknown(node) => {
                any = true;
                check.undecided(node, format!("Volume {}: efsVolumeConfiguration is not known before deployment.", container_label(volume, index)));
            }
            Field::Absent { .. } => {}
        }
    }
    if !any {
        check.not_applicable();
    }
}

fn check_volume(check: &mut Check<'_>, efs: &Node, label: ContainerLabel<'_>) {
    let authorization = efs.get("authorizationConfig");
    let iam = authorization.get("iam");
    let access_point = presence(authorization.get("accessPointId"));
    // Whether the volume needs TLS: Some(true) certainly, Some(false) not, None unknown.
    let needs_tls = match (iam.as_str(), access_point) {
        (Some("ENABLED"), _) | (_, Presence::Yes(_)) => Some(true),
        _ if iam.is_unknown() || matches!(access_point, Presence::Unknown(_)) => None,
        _ => Some(false),
    };
    let tls = efs.get("transitEncryption");
    let reason = "IAM authorization and access points need transitEncryption ENABLED";
    match (needs_tls, tls) {
        (Some(false), _) => {}
        (_, Field::Known(node)) if node.as_str() == Some("ENABLED") => {}
        (_, Field::Unknown(node)) => check.undecided(node, format!("Volume {label}: transitEncryption is not known before deployment; {reason}.")),
        (Some(true), _) => check.fail(tls, format!("Volume {label} uses IAM authorization or an access point, but transitEncryption is not ENABLED; {reason}.")),
        (None, _) => check.undecided(tls, format!("Volume {label}: authorizationConfig is not known before deployment and transitEncryption is not ENABLED; {reason}.")),
    }
    if matches!(access_point, Presence::No) {
        return;
    }
    let root = efs.get("rootDirectory");
    let custom_root = match root {
        Field::Known(node) => node.as_str().is_some_and(|path| !path.trim().is_empty() && path != "/"),
        Field::Unknown(node) if matches!(access_point, Presence::Yes(_)) => {
            return check.undecided(node, format!("Volume {label}: rootDirectory is not known before deployment; with an access point it must be unset or /."));
        }
        _ => false,
    };
    if custom_root {
        match access_point {
            Presence::Yes(_) => check.fail(root, format!("Volume {label} sets rootDirectory together with an access point; the access point sets the path, so rootDirectory must be unset or /.")),
            _ => check.undecided(root, format!("Volume {label}: accessPointId is not known before deployment; with an access point rootDirectory must be unset or /.")),
        }
    }
}
