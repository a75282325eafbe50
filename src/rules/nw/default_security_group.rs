use crate::model::Kind;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "NW-04",
    name: "default-security-group",
    title: "awsvpc workload without explicit SGs",
    severity: Severity::Medium,
    kinds: &[Kind::Service, Kind::RunTask, Kind::TaskSet],
    description: "When `awsvpcConfiguration.securityGroups` is omitted or empty, ECS attaches the VPC's default \
        security group to the task's network interface. That group is shared by everything else that fell back to it, \
        allows all traffic between its members, and is often left with broad rules, so the workload's exposure is \
        decided by a group nobody owns. Applies when `awsvpcConfiguration` is present (a missing block on an awsvpc \
        workload is FD-15's finding).",
    remediation: "Create a security group for the workload that allows only the ports and sources it needs, and list it \
        in `networkConfiguration.awsvpcConfiguration.securityGroups`.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "service with subnets but no security groups",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}"#,
        },
        Example {
            title: "run-task with an empty security group list",
            expect: Expect::Fail,
            input: r#"{"cluster": "prod", "taskDefinition": "migrate:12", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": []}}}"#,
        },
        Example {
            title: "service with its own security group",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"]}}}"#,
        },
        Example {
            title: "CloudFormation security group by reference",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Service": {"Type": "AWS::ECS::Service", "Properties": {"LaunchType": "FARGATE", "TaskDefinition": "web:3",
  "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d"], "SecurityGroups": [{"Fn::GetAtt": ["WebSg", "GroupId"]}]}}}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    let Some(awsvpc) = super::awsvpc_configuration(check, workload) else { return };
    let groups = awsvpc.get("securityGroups");
    // A list not known before deployment (a reference to a group being created) will be set: presence is what
    // counts here.
    if !groups.is_set() && !groups.is_unknown() {
        check.fail(
            groups,
            "awsvpcConfiguration has no securityGroups, so ECS attaches the VPC's default security group to the tasks.",
        );
    }
}
