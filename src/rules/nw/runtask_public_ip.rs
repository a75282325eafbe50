use crate::model::Kind;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "NW-03",
    name: "runtask-public-ip",
    title: "RunTask call assigns public IP (the seed's own CLI example path)",
    severity: Severity::High,
    kinds: &[Kind::RunTask],
    description: "`aws ecs run-task` (and StartTask) take their own \
        `networkConfiguration.awsvpcConfiguration.assignPublicIp`; the seed document's CLI example passes \
        `assignPublicIp=ENABLED`. Such a task gets a public IP address and is reachable from the internet wherever its \
        security groups allow it. Tools that only look at services and task sets never see this call. The API default \
        is DISABLED.",
    remediation: "Pass `assignPublicIp=DISABLED` (or leave it out) and private subnets to the RunTask call; give the task \
        outbound access through a NAT gateway or VPC endpoints (ECR, S3, CloudWatch Logs).",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "run-task with assignPublicIp=ENABLED",
            expect: Expect::Fail,
            input: r#"{"cluster": "prod", "taskDefinition": "migrate:12", "count": 1, "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"], "assignPublicIp": "ENABLED"}}}"#,
        },
        Example {
            title: "run-task in private subnets",
            expect: Expect::Pass,
            input: r#"{"cluster": "prod", "taskDefinition": "migrate:12", "count": 1, "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"], "assignPublicIp": "DISABLED"}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, run_task: &Subject<'_>) {
    super::check_public_ip(check, run_task, "RunTask call");
}
