use crate::model::Kind;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "NW-06",
    name: "efs-iam-authz",
    title: "EFS mount without IAM authorization",
    severity: Severity::Low,
    kinds: &[Kind::TaskDefinition],
    description: "Without `efsVolumeConfiguration.authorizationConfig.iam: ENABLED` the task mounts the file system \
        without presenting its task role, so the EFS file system policy cannot tell this task from any other client \
        that reaches the mount target: access is controlled by network reachability alone. The default is DISABLED. \
        IAM authorization needs `transitEncryption: ENABLED` (FD-20).",
    remediation: "Set `authorizationConfig.iam` to `ENABLED` (with `transitEncryption: ENABLED`) on every EFS volume, \
        and grant the task role `elasticfilesystem:ClientMount` (and `ClientWrite` if needed) in the file system policy.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "EFS volume without IAM authorization",
            expect: Expect::Fail,
            input: r#"{"family": "app", "taskRoleArn": "arn:aws:iam::111122223333:role/app-task",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}],
  "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-0a1b2c3d", "transitEncryption": "ENABLED",
    "authorizationConfig": {"accessPointId": "fsap-0a1b2c3d4e5f6a7b8"}}}]}"#,
        },
        Example {
            title: "EFS volume mounted with the task role",
            expect: Expect::Pass,
            input: r#"{"family": "app", "taskRoleArn": "arn:aws:iam::111122223333:role/app-task",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}],
  "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-0a1b2c3d", "transitEncryption": "ENABLED",
    "authorizationConfig": {"accessPointId": "fsap-0a1b2c3d4e5f6a7b8", "iam": "ENABLED"}}}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    super::require_efs_enabled(
        check,
        td,
        &["authorizationConfig", "iam"],
        "the mount does not present the task role and the file system policy cannot authorize this task by identity",
        false,
    );
}
