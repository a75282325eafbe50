use super::{family, workload_label, WORKLOADS};
use crate::model::Field;
use crate::rules::{Check, Equivalent, Example, Expect, Linked, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-15",
    name: "awsvpc-network-config",
    title: "awsvpc service/task without subnets",
    severity: Severity::Critical,
    kinds: WORKLOADS,
    description: "A service, run-task call or task set whose task definition uses the `awsvpc` network mode (every Fargate \
        task) must say where to place the task's network interface: `networkConfiguration.awsvpcConfiguration.subnets` \
        with at least one subnet (API_AwsVpcConfiguration). Without it CreateService, RunTask and CreateTaskSet fail.",
    remediation: "Add `networkConfiguration.awsvpcConfiguration` with `subnets` (private subnets, ideally in several \
        Availability Zones) and `securityGroups`.",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3052" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Fargate service without networkConfiguration",
            expect: Expect::Fail,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
 {"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "desiredCount": 2}]"#,
        },
        Example {
            title: "run-task call with an empty subnet list",
            expect: Expect::Fail,
            input: r#"[{"family": "job", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "job", "image": "job:1"}]},
 {"cluster": "prod", "taskDefinition": "job", "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": [], "securityGroups": ["sg-0123456789abcdef0"]}}}]"#,
        },
        Example {
            title: "service with subnets from a parameter (CloudFormation)",
            expect: Expect::Pass,
            input: r#"{"Parameters": {"Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}}, "Resources": {
  "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "TaskDef"}, "LaunchType": "FARGATE",
    "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": {"Ref": "Subnets"}}}}}}}"#,
        },
        Example {
            title: "bridge-mode EC2 service needs no awsvpcConfiguration",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["EC2"], "networkMode": "bridge",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]},
 {"serviceName": "web", "taskDefinition": "app", "launchType": "EC2", "desiredCount": 2}]"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    let subnets = workload.body().get("networkConfiguration").get("awsvpcConfiguration").get("subnets");
    // A Ref to a subnet list parameter is a list that will be set.
    if subnets.is_unknown() || subnets.is_set() {
        return;
    }
    let label = workload_label(workload);
    let td = match workload.task_definition() {
        Linked::Resolved(td) => td,
        Linked::NotWritten => return check.not_applicable(),
        Linked::Unresolved(why) => {
            return check.undecided(subnets, format!("{label} has no awsvpcConfiguration subnets, and its task definition is not readable ({why}); awsvpc tasks need subnets."))
        }
    };
    let mode = td.body().get("networkMode");
    let family = family(&td);
    match mode {
        Field::Known(node) if node.as_str() == Some("awsvpc") => check.fail(
            subnets,
            format!("{label} runs task definition '{family}' in awsvpc mode but has no networkConfiguration.awsvpcConfiguration.subnets."),
        ),
        Field::Unknown(_) => check.undecided(subnets, format!("{label} has no awsvpcConfiguration subnets, and the networkMode of task definition '{family}' is not known before deployment.")),
        _ => check.not_applicable(),
    }
}
