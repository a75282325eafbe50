use super::check_task_mode_not_host;
use crate::model::Kind;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-04",
    name: "no-host-network",
    title: "Host network mode",
    severity: Severity::Medium,
    kinds: &[Kind::TaskDefinition],
    description: "`networkMode: host` binds the containers directly to the instance's network interfaces: they can \
        listen on any host port, reach services bound to localhost on the instance (such as the ECS agent's \
        introspection API), and no task-level security group applies. \
        `awsvpc` gives each task its own interface and security groups (and is the only mode on Fargate).",
    remediation: "Use `networkMode: awsvpc` (or `bridge` on EC2) and publish ports through port mappings.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.17" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-network-mode-not-host" },
        Equivalent { tool: "KICS", id: "tf:ecs_task_definition_network_mode_not_recommended" },
        Equivalent { tool: "KICS", id: "cf:ecs_task_definition_network_mode_not_recommended" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.4" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "`networkMode: host`",
            expect: Expect::Fail,
            input: r#"{"family": "proxy", "requiresCompatibilities": ["EC2"], "networkMode": "host",
  "containerDefinitions": [{"name": "proxy", "image": "haproxy:3.0", "memory": 256, "user": "haproxy"}]}"#,
        },
        Example {
            title: "CloudFormation `NetworkMode: host`",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"NetworkMode": "host",
  "ContainerDefinitions": [{"Name": "proxy", "Image": "haproxy:3.0", "Memory": 256}]}}}}"#,
        },
        Example {
            title: "`networkMode: awsvpc`",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    check_task_mode_not_host(check, td.body(), "networkMode", "the containers use the instance's network stack directly, bypass task security groups and can reach services bound to the host's localhost.");
}
