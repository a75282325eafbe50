use crate::model::Kind;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "NW-02",
    name: "taskset-public-ip",
    title: "Task set auto-assigns public IP",
    severity: Severity::High,
    kinds: &[Kind::TaskSet],
    description: "A task set (EXTERNAL or CODE_DEPLOY deployments) carries its own \
        `networkConfiguration.awsvpcConfiguration.assignPublicIp`. ENABLED gives every task of the set a public IP \
        address, reachable from the internet wherever its security groups allow it. The API default is DISABLED.",
    remediation: "Set `assignPublicIp` to `DISABLED` (or remove it) on the task set, run its tasks in private subnets and \
        give them outbound access through a NAT gateway or VPC endpoints.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.16" },
        Equivalent { tool: "AWS Config", id: "ecs-taskset-assign-public-ip-disabled (SH custom)" },
        Equivalent { tool: "Prowler", id: "ecs_task_set_no_assign_public_ip" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "task set with a public IP",
            expect: Expect::Fail,
            input: r#"{"service": "web", "cluster": "prod", "taskDefinition": "web:4", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"], "assignPublicIp": "ENABLED"}}}"#,
        },
        Example {
            title: "CloudFormation task set (AwsVpcConfiguration spelling) with a public IP",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Blue": {"Type": "AWS::ECS::TaskSet", "Properties": {"Cluster": "prod", "Service": "web", "TaskDefinition": "web:4",
  "LaunchType": "FARGATE", "NetworkConfiguration": {"AwsVpcConfiguration": {"AssignPublicIp": "ENABLED", "Subnets": ["subnet-0a1b2c3d"]}}}}}}"#,
        },
        Example {
            title: "task set without a public IP",
            expect: Expect::Pass,
            input: r#"{"service": "web", "cluster": "prod", "taskDefinition": "web:4", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"], "assignPublicIp": "DISABLED"}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, task_set: &Subject<'_>) {
    super::check_public_ip(check, task_set, "task set");
}
