use crate::model::{Field, Kind, Node};
use crate::number::to_text;
use crate::rules::support::{container_label, cpu_units, known_containers, memory_mib};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-14",
    name: "container-resources-fit",
    title: "Container limits exceed task size",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "When a task definition sets task-level `cpu` and `memory`, its containers must fit inside them: the sum of \
        container `cpu` may not exceed the task cpu, the sum of container hard `memory` limits may not exceed the task \
        memory, and no container's `memoryReservation` may exceed the task memory (API_ContainerDefinition, \
        task_definition_parameters.html). Otherwise registration fails, or on Fargate the task cannot be placed. Task \
        values are normalised first (`\"1 vCPU\"`, `\"2 GB\"`).",
    remediation: "Lower the container `cpu`/`memory`/`memoryReservation` values, or raise the task size to a Fargate size \
        that holds them all.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "two containers of 512 MiB in a 512 MiB task",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512}, {"name": "sidecar", "image": "envoy:1.30", "memory": 512}]}"#,
        },
        Example {
            title: "container cpu above \"1 vCPU\"",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1 vCPU", "memory": "2 GB",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "cpu": 768}, {"name": "sidecar", "image": "envoy:1.30", "cpu": 512}]}"#,
        },
        Example {
            title: "memoryReservation above the task memory (CloudFormation)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "512", "Memory": "1 GB", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "MemoryReservation": 1536}]}}}}"#,
        },
        Example {
            title: "containers that fit \"1 vCPU\" / \"2 GB\" exactly",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1 vCPU", "memory": "2 GB",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "cpu": 768, "memory": 1536, "memoryReservation": 1024}, {"name": "sidecar", "image": "envoy:1.30", "cpu": 256, "memory": 512}]}"#,
        },
        Example {
            title: "EC2 task definition without task-level size",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "cpu": 4096, "memory": 8192}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let (cpu, memory) = (body.get("cpu"), body.get("memory"));
    if cpu.is_absent() && memory.is_absent() {
        return check.not_applicable();
    }
    let Some(containers) = known_containers(check, body) else { return };
    total(check, cpu, cpu_units, containers, "cpu", "CPU units");
    total(check, memory, memory_mib, containers, "memory", "MiB");
    let Some(task_mib) = task_value(check, memory, memory_mib, containers, "memoryReservation") else { return };
    for (index, container) in containers.iter().enumerate() {
        match container.get("memoryReservation") {
            Field::Known(node) if node.as_f64().is_some_and(|mib| mib > f64::from(task_mib)) => check.fail(
                node,
                format!("Container {}: memoryReservation exceeds the task memory of {task_mib} MiB.", container_label(container, index)),
            ),
            Field::Unknown(node) => check.undecided(node, format!("Container {}: memoryReservation is not known before deployment.", container_label(container, index))),
            _ => {}
        }
    }
}

/// Σ of a container field against the task-level value; fails at the task-level value.
fn total(check: &mut Check<'_>, task: Field<'_>, normalise: fn(&Node) -> Option<u32>, containers: &[Node], key: &'static str, unit: &str) {
    let Some(limit) = task_value(check, task, normalise, containers, key) else { return };
    let mut sum = 0.0;
    let mut unknown = None;
    for container in containers {
        match container.get(key) {
            Field::Known(node) => sum += node.as_f64().filter(|v| v.is_finite() && *v > 0.0).unwrap_or(0.0),
            Field::Unknown(node) => unknown = unknown.or(Some(node)),
            Field::Absent { .. } => {}
        }
    }
    // Container values are never negative, so a known sum above the limit fails whatever the unknown ones are.
    if sum > f64::from(limit) {
        check.fail(task, format!("The containers' {key} values add up to {} {unit}, more than the task-level {key} of {limit} {unit}.", to_text(sum)));
    } else if let Some(node) = unknown {
        check.undecided(node, format!("A container's {key} is not known before deployment, so its fit in the task-level {key} cannot be checked."));
    }
}

/// The normalised task-level value when the containers' values must be compared with it.
fn task_value(check: &mut Check<'_>, task: Field<'_>, normalise: fn(&Node) -> Option<u32>, containers: &[Node], key: &'static str) -> Option<u32> {
    match task {
        Field::Known(node) => normalise(node),
        Field::Unknown(node) => {
            if containers.iter().any(|c| !c.get(key).is_absent()) {
                check.undecided(node, format!("The task-level size is not known before deployment, so the containers' {key} cannot be checked against it."));
            }
            None
        }
        Field::Absent { .. } => None,
    }
}
