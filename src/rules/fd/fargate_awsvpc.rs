use crate::model::{Field, Kind};
use crate::rules::support::require_fargate_task_definition;
use crate::rules::{Check, Edit, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-01",
    name: "fargate-awsvpc",
    title: "Fargate requires awsvpc",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "Tasks on Fargate only support the `awsvpc` network mode (fargate-tasks-services.html): every task gets its \
        own elastic network interface. A task definition that lists FARGATE in `requiresCompatibilities` with `bridge`, \
        `host` or `none` — or with no `networkMode`, which means the EC2 default `bridge` — is rejected when it is \
        registered.",
    remediation: "Set `networkMode` to `awsvpc`, and give services and run-task calls a `networkConfiguration.awsvpcConfiguration` \
        with subnets (and security groups).",
    equivalents: &[
        Equivalent { tool: "AWS Config", id: "ecs-awsvpc-networking-enabled" },
        Equivalent { tool: "KICS", id: "tf:ecs_task_definition_network_mode_not_recommended" },
        Equivalent { tool: "KICS", id: "cf:ecs_task_definition_network_mode_not_recommended" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.4" },
        Equivalent { tool: "cfn-lint", id: "E3048" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "bridge mode on Fargate",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "bridge", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "no networkMode on Fargate (the default is bridge)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "Cpu": "256", "Memory": "512", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#,
        },
        Example {
            title: "awsvpc on Fargate",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "EC2-only task definition in bridge mode",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"], "networkMode": "bridge",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    if !require_fargate_task_definition(check, body) {
        return;
    }
    let mode = body.get("networkMode");
    match mode {
        Field::Known(node) if node.as_str() == Some("awsvpc") => {}
        Field::Known(node) => {
            check.fail_with_fix(node, "networkMode is not awsvpc; Fargate only supports the awsvpc network mode.", vec![Edit::set(node, "awsvpc".into())])
        }
        // Known-absent is the EC2 default, bridge (rules.md §5.8).
        Field::Absent { .. } => {
            check.fail_with_fix(mode, "networkMode is not set, which means bridge; Fargate only supports awsvpc.", vec![Edit::set(mode, "awsvpc".into())])
        }
        Field::Unknown(_) => check.undecided(mode, "networkMode is not known before deployment; Fargate needs awsvpc."),
    }
}
