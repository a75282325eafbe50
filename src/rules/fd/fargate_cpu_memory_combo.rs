use crate::facts::{is_valid_fargate_size, FARGATE_TASK_SIZES, WINDOWS_CPU_UNITS};
use crate::model::{Field, Kind};
use crate::rules::support::{cpu_units, memory_mib, operating_system, require_fargate_task_definition, Os};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-03",
    name: "fargate-cpu-memory-combo",
    title: "Invalid Fargate cpu/memory pair",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "A task definition that lists FARGATE in `requiresCompatibilities` (even together with EC2) must use one of \
        the 74 task-level cpu/memory pairs of task-cpu-memory-error.html: 256 CPU units with 512, 1024 or 2048 MiB; 512 \
        with 1–4 GB; 1024 with 2–8 GB; 2048 with 4–16 GB; 4096 with 8–30 GB (1 GB steps); 8192 with 16–60 GB (4 GB steps) \
        and 16384 with 32–120 GB (8 GB steps). Windows tasks need at least 1 vCPU and can use 1, 2 or 4 vCPU only. Values \
        are normalised first (`\"1 vCPU\"` is 1024 units, `\"2 GB\"` is 2048 MiB). Anything else fails with `Invalid 'cpu' \
        setting for task` (Terraform: `No Fargate configuration exists for given values`). Unlike KICS, the check reads \
        the task-level values, knows the 8 and 16 vCPU sizes and runs on the task definition itself.",
    remediation: "Pick a valid pair from the Fargate task size table, for example cpu `\"1024\"` with memory `\"2048\"` to \
        `\"8192\"` in 1024 steps. Windows tasks: 1, 2 or 4 vCPU.",
    equivalents: &[
        Equivalent { tool: "KICS", id: "cf:ecs_task_definition_invalid_cpu_or_memory" },
        Equivalent { tool: "cfn-lint", id: "E3047" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "0.25 vCPU with 4 GB",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "4096",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "\"1 vCPU\" with \"1 GB\"",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1 vCPU", "memory": "1 GB",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "8 vCPU with 18 GB (8 vCPU memory goes in 4 GB steps; KICS does not know 8 vCPU)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "8192", "Memory": "18432", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Cpu": 256, "Memory": 512}]}}}}"#,
        },
        Example {
            title: "Windows task with 0.5 vCPU",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]}"#,
        },
        Example {
            title: "task level invalid although container level is a valid pair (KICS reads container level)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "512", "Memory": "512", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Cpu": 256, "Memory": 512}]}}}}"#,
        },
        Example {
            title: "\"1 vCPU\" with \"2 GB\"",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1 vCPU", "memory": "2 GB",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "16 vCPU with 120 GB, written as numbers in CloudFormation",
            expect: Expect::Pass,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": 16384, "Memory": 122880, "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Cpu": 300, "Memory": 700}]}}}}"#,
        },
        Example {
            title: "Windows task with 1 vCPU and 2 GB",
            expect: Expect::Pass,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]}"#,
        },
        Example {
            title: "EC2-only task definition is not held to the Fargate table",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"], "cpu": "300", "memory": "700",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    // EC2-only task definitions are not held to the Fargate table (rules.md §5.9).
    if !require_fargate_task_definition(check, body) {
        return;
    }
    let (cpu_node, memory_node) = match (body.get("cpu"), body.get("memory")) {
        (Field::Known(cpu), Field::Known(memory)) => (cpu, memory),
        // Absent: FD-02's finding.
        (Field::Absent { .. }, _) | (_, Field::Absent { .. }) => return,
        (cpu, memory) => {
            let unknown = if cpu.is_unknown() && memory.is_unknown() { "cpu and memory are" } else if cpu.is_unknown() { "cpu is" } else { "memory is" };
            let at = if cpu.is_unknown() { cpu } else { memory };
            return check.undecided(at, format!("Task-level {unknown} not known before deployment, so the task size cannot be checked against the Fargate table."));
        }
    };
    let Some(units) = cpu_units(cpu_node) else {
        return check.fail(cpu_node, "cpu is neither a number of CPU units nor a vCPU value such as \"1 vCPU\".");
    };
    let Some(mib) = memory_mib(memory_node) else {
        return check.fail(memory_node, "memory is neither a number of MiB nor a GB value such as \"2 GB\".");
    };
    let os = operating_system(body);
    let windows_ok = WINDOWS_CPU_UNITS.contains(&units);
    if !is_valid_fargate_size(units, mib) {
        // Point at memory when the cpu is a Fargate size and only the memory does not fit it.
        let Some(choices) = memory_choices(units) else {
            return check.fail(cpu_node, format!("cpu {units} CPU units is not a Fargate task size; valid values are 256, 512, 1024, 2048, 4096, 8192 and 16384."));
        };
        return check.fail(memory_node, format!("memory {mib} MiB does not fit cpu {units} on Fargate; valid memory in MiB for {units} CPU units: {choices}."));
    }
    match os {
        Os::Windows if !windows_ok => {
            check.fail(cpu_node, format!("cpu {units} CPU units is not available to Windows tasks on Fargate, which use 1, 2 or 4 vCPU (1024, 2048 or 4096)."))
        }
        Os::Unknown(at) if !windows_ok => check.undecided(
            at,
            format!("runtimePlatform.operatingSystemFamily is not known before deployment; cpu {units} is valid for Linux but not for Windows tasks on Fargate."),
        ),
        _ => {}
    }
}

/// The valid memory values in MiB for a Fargate cpu size, for messages: `512, 1024–2048 in 1024 steps`.
fn memory_choices(units: u32) -> Option<String> {
    let ranges: Vec<String> = FARGATE_TASK_SIZES
        .iter()
        .filter(|&&(cpu, ..)| cpu == units)
        .map(|&(_, from, to, step)| if from == to { format!("{from}") } else { format!("{from}–{to} in {step} steps") })
        .collect();
    (!ranges.is_empty()).then(|| ranges.join(", "))
}
