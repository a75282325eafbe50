use crate::model::{Field, Kind};
use crate::rules::support::{enum_is, is_true, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-02",
    name: "exec-encryption",
    title: "ECS Exec channel/logs not KMS-encrypted",
    severity: Severity::Medium,
    kinds: &[Kind::Cluster],
    description: "ECS Exec sessions carry whatever is typed and printed in a production container. \
        `executeCommandConfiguration.kmsKeyId` encrypts the session data between the client and the container with \
        your KMS key (on top of TLS), and `logConfiguration.cloudWatchEncryptionEnabled` / `s3EncryptionEnabled` make \
        ECS require encryption of the session logs (both default to off). Applies when the cluster has an \
        `executeCommandConfiguration` and its logging is not NONE.",
    remediation: "Set `executeCommandConfiguration.kmsKeyId` to a KMS key the task role may use \
        (`kms:Decrypt`), and turn on `cloudWatchEncryptionEnabled` (with a KMS-encrypted log group) or \
        `s3EncryptionEnabled` (with an encrypted bucket) in its `logConfiguration`.",
    equivalents: &[Equivalent { tool: "Checkov", id: "CKV_AWS_224" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "exec logs to CloudWatch without a key or encryption",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "configuration": {"executeCommandConfiguration": {"logging": "OVERRIDE",
  "logConfiguration": {"cloudWatchLogGroupName": "/ecs/exec"}}}}"#,
        },
        Example {
            title: "key set but no log encryption flag",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "configuration": {"executeCommandConfiguration": {"logging": "DEFAULT",
  "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
        },
        Example {
            title: "CloudFormation: key and encrypted CloudWatch logs",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "prod",
  "Configuration": {"ExecuteCommandConfiguration": {"KmsKeyId": {"Ref": "ExecKey"}, "Logging": "OVERRIDE",
    "LogConfiguration": {"CloudWatchLogGroupName": {"Ref": "ExecLogs"}, "CloudWatchEncryptionEnabled": true}}}}}}}"#,
        },
        Example {
            title: "no exec configuration (not applicable)",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod"}"#,
        },
    ],
};

const FLAGS: [&str; 2] = ["cloudWatchEncryptionEnabled", "s3EncryptionEnabled"];

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    // rules.md §5.14: only clusters that configure exec; workloads that enable it are CS-04's.
    let exec = super::exec_configuration(cluster.body());
    match exec {
        Field::Absent { .. } => return check.not_applicable(),
        Field::Unknown(_) => return check.undecided(exec, "executeCommandConfiguration is not known before deployment."),
        Field::Known(_) => {}
    }
    match enum_is(exec.get("logging"), "NONE") {
        Decision::Yes => return,
        Decision::Unknown(at) => return check.undecided(at, "executeCommandConfiguration.logging is not known before deployment."),
        Decision::No => {}
    }
    // A key not known before deployment is a reference to a key: presence is what counts.
    let key = exec.get("kmsKeyId");
    if !key.is_unknown() && !key.as_str().is_some_and(|s| !s.trim().is_empty()) {
        check.fail(key, "executeCommandConfiguration has no kmsKeyId: ECS Exec session data is not encrypted with your KMS key.");
    }
    let log_configuration = exec.get("logConfiguration");
    let flags = FLAGS.map(|flag| is_true(log_configuration.get(flag)));
    if flags.contains(&Decision::Yes) {
        return;
    }
    match flags.iter().find_map(|d| if let Decision::Unknown(at) = d { Some(*at) } else { None }) {
        Some(at) => check.undecided(at, "Whether ECS Exec session logs are encrypted is not known before deployment."),
        None => check.fail(
            log_configuration,
            "Neither logConfiguration.cloudWatchEncryptionEnabled nor s3EncryptionEnabled is true: ECS Exec session logs \
             are not required to be encrypted.",
        ),
    }
}
