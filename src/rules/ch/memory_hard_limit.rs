use crate::model::Kind;
use crate::rules::support::{container_label, known_containers, task_definition_is_fargate, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-09",
    name: "memory-hard-limit",
    title: "No container memory hard limit",
    severity: Severity::Low,
    kinds: &[Kind::TaskDefinition],
    description: "Without a container-level `memory` hard limit (a `memoryReservation` is only a soft limit) one \
        container can take all the memory available to it and starve the others. On Fargate the task-level \
        memory still caps the whole task, so the finding is low; on EC2 (and when the launch type cannot be \
        told) a runaway container can exhaust the instance and other tasks on it, so the finding is medium.",
    remediation: "Set `memory` (MiB) on every container definition, sized from its observed peak usage.",
    equivalents: &[
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-memory-hard-limit" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.7" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Fargate container with only a soft limit (low)",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memoryReservation": 256}]}"#,
        },
        Example {
            title: "EC2 container without memory (medium)",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"], "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "every container has a hard limit",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 384}, {"name": "log", "image": "fluent/fluent-bit:3.1", "memory": 64, "memoryReservation": 32}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let (severity, why) = match task_definition_is_fargate(body) {
        Decision::Yes => (Severity::Low, "the task-level memory still caps the task on Fargate"),
        Decision::No => (Severity::Medium, "on EC2 it can exhaust the instance's memory"),
        Decision::Unknown(_) => (Severity::Medium, "on EC2 it could exhaust the instance's memory"),
    };
    let Some(containers) = known_containers(check, body) else { return };
    for (index, container) in containers.iter().enumerate() {
        let memory = container.get("memory");
        // An unknown value is still a limit that will be set: presence is what counts.
        if memory.is_absent() {
            check.fail_with(
                severity,
                memory,
                format!("Container {} has no memory hard limit ({why}).", container_label(container, index)),
            );
        }
    }
}
