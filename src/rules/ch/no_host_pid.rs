use super::check_task_mode_not_host;
use crate::model::Kind;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-02",
    name: "no-host-pid",
    title: "Host PID namespace",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "Task-level `pidMode: host` puts every container in the host's process namespace: they can see \
        every process on the instance, read their environment and command lines through /proc, and signal or \
        trace them. The field is a task-level parameter; looking for it inside container definitions (as \
        Checkov CKV_AWS_335 does) never finds it.",
    remediation: "Remove `pidMode`, or use `task` to share a process namespace only between the task's own containers.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.3" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-pid-mode-check" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_335" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_host_namespace_not_shared" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.10" },
        Equivalent { tool: "Pulumi compliance-policies", id: "aws-ecs-taskdefinition-disallow-host-pid-mode" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "task-level `pidMode: host` (Checkov CKV_AWS_335 looks inside containers and misses it)",
            expect: Expect::Fail,
            input: r#"{"family": "monitor", "requiresCompatibilities": ["EC2"], "pidMode": "host",
  "containerDefinitions": [{"name": "node-exporter", "image": "prom/node-exporter:v1.8.2", "memory": 128}]}"#,
        },
        Example {
            title: "`pidMode: task` shares only between the task's containers",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "pidMode": "task",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "no pidMode",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    check_task_mode_not_host(check, td.body(), "pidMode", "the containers share the host's process namespace and can see, read and signal every process on the instance.");
}
