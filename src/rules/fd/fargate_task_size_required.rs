use crate::model::Kind;
use crate::rules::support::require_fargate_task_definition;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-02",
    name: "fargate-task-size-required",
    title: "Task-level cpu/memory missing",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "Fargate sizes and bills a task by its task-level `cpu` and `memory`; both are required when \
        `requiresCompatibilities` contains FARGATE (API_RegisterTaskDefinition). Container-level values do not replace \
        them: registration fails without them.",
    remediation: "Set task-level `cpu` and `memory` to one of the valid Fargate combinations (for example `\"256\"` and \
        `\"512\"`, or `\"1 vCPU\"` and `\"2 GB\"`).",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3048" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "only container-level cpu and memory",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "cpu": 256, "memory": 512}]}"#,
        },
        Example {
            title: "memory missing in a CloudFormation template",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "256", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#,
        },
        Example {
            title: "task size written as vCPU and GB",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1 vCPU", "memory": "2 GB",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "EC2-only task definition without task size",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    if !require_fargate_task_definition(check, body) {
        return;
    }
    for key in ["cpu", "memory"] {
        let field = body.get(key);
        // An unknown value is still a value that will be set.
        if field.is_absent() {
            check.fail(field, format!("Task-level {key} is not set; Fargate requires task-level cpu and memory."));
        }
    }
}
