use crate::model::Kind;
use crate::rules::support::{enum_is, Decision};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-03",
    name: "exec-override-config",
    title: "OVERRIDE without logConfiguration",
    severity: Severity::Critical,
    kinds: &[Kind::Cluster],
    description: "`executeCommandConfiguration.logging: OVERRIDE` means \"log ECS Exec sessions where \
        `logConfiguration` says\"; the API requires `logConfiguration` with it (API_ExecuteCommandConfiguration), so \
        creating or updating the cluster fails.",
    remediation: "Add `executeCommandConfiguration.logConfiguration` with a `cloudWatchLogGroupName` and/or \
        `s3BucketName`, or set `logging` to `DEFAULT`.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "OVERRIDE without logConfiguration",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "configuration": {"executeCommandConfiguration": {"logging": "OVERRIDE",
  "kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
        },
        Example {
            title: "OVERRIDE with an S3 destination",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "configuration": {"executeCommandConfiguration": {"logging": "OVERRIDE",
  "logConfiguration": {"s3BucketName": "exec-logs-111122223333", "s3EncryptionEnabled": true, "s3KeyPrefix": "prod"}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    let exec = super::exec_configuration(cluster.body());
    let log_configuration = exec.get("logConfiguration");
    // An empty object is no configuration (rules.md §5.10); one not known before deployment will be there.
    if log_configuration.is_set() || log_configuration.is_unknown() {
        return;
    }
    match enum_is(exec.get("logging"), "OVERRIDE") {
        Decision::Yes => check.fail(
            log_configuration,
            "executeCommandConfiguration.logging is OVERRIDE without a logConfiguration; the API rejects the cluster.",
        ),
        Decision::Unknown(at) => check.undecided(at, "executeCommandConfiguration.logging is not known before deployment."),
        Decision::No => {}
    }
}
