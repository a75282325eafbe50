use crate::model::Kind;
use crate::rules::support::{enum_is, Decision};
use crate::rules::{Check, Edit, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-01",
    name: "exec-logging",
    title: "ECS Exec sessions not logged",
    severity: Severity::Medium,
    kinds: &[Kind::Cluster],
    description: "With `configuration.executeCommandConfiguration.logging: NONE` the commands people run in containers \
        through ECS Exec, and their output, are recorded nowhere: an interactive shell in production leaves no audit \
        trail beyond the CloudTrail `ExecuteCommand` event. The default (`DEFAULT`) logs through the task's awslogs \
        configuration; `OVERRIDE` logs to the CloudWatch log group or S3 bucket you name.",
    remediation: "Set `executeCommandConfiguration.logging` to `DEFAULT` (and give containers an awslogs log \
        configuration) or to `OVERRIDE` with a `logConfiguration` naming a CloudWatch log group or S3 bucket.",
    equivalents: &[Equivalent { tool: "Checkov", id: "CKV_AWS_223" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "exec logging turned off",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "configuration": {"executeCommandConfiguration": {"logging": "NONE"}}}"#,
        },
        Example {
            title: "exec sessions logged to CloudWatch",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "configuration": {"executeCommandConfiguration": {"kmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "logging": "OVERRIDE", "logConfiguration": {"cloudWatchLogGroupName": "/ecs/exec", "cloudWatchEncryptionEnabled": true}}}}"#,
        },
        Example {
            title: "no exec configuration (DEFAULT logging)",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod"}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    let logging = super::exec_configuration(cluster.body()).get("logging");
    match enum_is(logging, "NONE") {
        Decision::Yes => check.fail_with_fix(
            logging,
            "executeCommandConfiguration.logging is NONE: ECS Exec commands and their output are not recorded.",
            vec![Edit::set(logging, "DEFAULT".into())],
        ),
        Decision::Unknown(at) => check.undecided(at, "executeCommandConfiguration.logging is not known before deployment."),
        Decision::No => {}
    }
}
