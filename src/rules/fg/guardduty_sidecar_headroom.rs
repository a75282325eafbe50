use super::{agent_finding, require_agent_os};
use crate::facts::guardduty_agent_memory;
use crate::model::{Field, Kind, Node};
use crate::rules::support::{container_label, cpu_units, known_containers, memory_mib, require_fargate_task_definition};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-14",
    name: "guardduty-sidecar-headroom",
    title: "No memory headroom for the GuardDuty sidecar",
    severity: Severity::Low,
    kinds: &[Kind::TaskDefinition],
    description: "The GuardDuty Runtime Monitoring agent runs as a sidecar inside the task's memory. Its maximum is \
        128 MiB for task cpu 256–4096, 256 MiB (8 vCPU, 16–28 GB) or 512 MiB (8 vCPU, 32–60 GB), and 1 GiB for \
        16 vCPU (prereq-runtime-monitoring-ecs-support.html, \"CPU and memory limits\"; MB read as MiB, rules.md \
        §5.6). When the containers' memory (`memory`, else `memoryReservation`) leaves less than that under the task \
        `memory`, tasks can be stopped out of memory; AWS advises resizing such tasks \
        (ecs-guard-duty-troubleshooting.html#memory-error). Task definitions where no container sets memory are skipped, and so are \
        Windows ones: the agent never runs in them (FG-13 reports that).",
    remediation: "Raise the task `memory` (to a valid Fargate size) or lower the containers' `memory` / \
        `memoryReservation` so that at least the agent's maximum is left free.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "containers take all of the task memory",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 448}, {"name": "log", "image": "fluent-bit:3", "memoryReservation": 64}]}"#,
        },
        Example {
            title: "8 vCPU with 32 GB needs 512 MiB free",
            expect: Expect::Fail,
            input: r#"{"family": "big", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "8 vCPU", "memory": "32 GB",
  "containerDefinitions": [{"name": "app", "image": "app:1", "memory": 32512}]}"#,
        },
        Example {
            title: "128 MiB left on a small task",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 384}]}"#,
        },
        Example {
            title: "Windows task definition (no agent on Windows)",
            expect: Expect::Pass,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022", "memory": 2048}]}"#,
        },
        Example {
            title: "no container sets memory",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
    ],
};

/// A task-level size normalised by `parse`, or `None` after recording undecided (unknown) or skip (absent or
/// not a size: FD-02 / FD-03 report those).
fn task_size(check: &mut Check<'_>, field: Field<'_>, name: &str, parse: fn(&Node) -> Option<u32>) -> Option<u32> {
    match field {
        Field::Unknown(_) => {
            check.undecided(field, format!("The task {name} is not known before deployment."));
            None
        }
        Field::Absent { .. } => None,
        Field::Known(node) => parse(node),
    }
}

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    if !require_fargate_task_definition(check, body) {
        return;
    }
    let Some(os) = require_agent_os(check, body) else { return };
    let memory_field = body.get("memory");
    let (Some(cpu), Some(memory)) = (task_size(check, body.get("cpu"), "cpu", cpu_units), task_size(check, memory_field, "memory", memory_mib))
    else {
        return check.not_applicable();
    };
    let Some(agent) = guardduty_agent_memory(cpu, memory) else { return check.not_applicable() };
    let Some(containers) = known_containers(check, body) else { return };
    let mut used: i64 = 0;
    let mut any = false;
    for (index, container) in containers.iter().enumerate() {
        let field = match container.get("memory") {
            Field::Absent { .. } => container.get("memoryReservation"),
            hard => hard,
        };
        match field {
            Field::Unknown(_) => {
                let label = container_label(container, index);
                return check.undecided(field, format!("Container {label}: its memory is not known before deployment."));
            }
            Field::Absent { .. } => {}
            Field::Known(node) => {
                if let Some(mib) = memory_mib(node) {
                    used += i64::from(mib);
                    any = true;
                }
            }
        }
    }
    if !any {
        return check.not_applicable();
    }
    let headroom = i64::from(memory) - used;
    if headroom < i64::from(agent) {
        let message = format!(
            "The containers use {used} MiB of the task's {memory} MiB, leaving {} MiB; the GuardDuty agent may use up to {agent} MiB at this task size.",
            headroom.max(0)
        );
        agent_finding(check, os, memory_field, &message);
    }
}
