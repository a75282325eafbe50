use super::forbid;
use crate::model::{Field, Kind};
use crate::rules::support::{container_label, cpu_units, known_containers, operating_system, require_fargate_task_definition, Os};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-05",
    name: "fargate-windows-constraints",
    title: "Windows-on-Fargate limits",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "Windows containers on Fargate need at least 1 vCPU, run on X86_64 only, and do not support the Linux-only \
        task definition parameters: `ephemeralStorage`, `pidMode`, `ipcMode`, EFS volumes, and a container's \
        `linuxParameters` or `readonlyRootFilesystem` (fargate-tasks-services.html, API_RuntimePlatform, \
        fargate-task-storage.html). Such a task definition is rejected or its tasks fail to start.",
    remediation: "For a Windows task on Fargate use 1, 2 or 4 vCPU, `cpuArchitecture` `X86_64`, and remove the Linux-only \
        parameters; or run the workload on Linux.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Windows task with 0.5 vCPU",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019"}]}"#,
        },
        Example {
            title: "Windows task on ARM64",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1 vCPU", "memory": "2 GB",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_FULL", "cpuArchitecture": "ARM64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]}"#,
        },
        Example {
            title: "Windows task with pidMode, read-only root filesystem and an EFS volume",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "1024", "Memory": "2048", "PidMode": "task",
  "RuntimePlatform": {"OperatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "CpuArchitecture": "X86_64"},
  "Volumes": [{"Name": "shared", "EFSVolumeConfiguration": {"FilesystemId": "fs-0123456789abcdef0", "TransitEncryption": "ENABLED"}}],
  "ContainerDefinitions": [{"Name": "iis", "Image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022", "ReadonlyRootFilesystem": true}]}}}}"#,
        },
        Example {
            title: "Windows task within the limits (readonlyRootFilesystem false is not set)",
            expect: Expect::Pass,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022", "readonlyRootFilesystem": false}]}"#,
        },
        Example {
            title: "Linux task with 0.25 vCPU on ARM64",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "pidMode": "task",
  "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "linuxParameters": {"initProcessEnabled": true}}]}"#,
        },
    ],
};

const WHY: &str = "Windows containers on Fargate do not support it";

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    if !require_fargate_task_definition(check, body) {
        return;
    }
    let os_unknown = match operating_system(body) {
        Os::Linux => return check.not_applicable(),
        Os::Windows => false,
        Os::Unknown(_) => true,
    };
    // With the OS unknown, everything that would fail on Windows is undecided instead.
    let mut found = Check::new(check.rule, None);
    inspect(&mut found, td);
    for hit in found.hits {
        if os_unknown {
            check.undecided(hit.at, format!("runtimePlatform.operatingSystemFamily is not known before deployment; on Windows: {}", hit.message));
        } else {
            check.hits.push(hit);
        }
    }
}

/// Every Windows-on-Fargate limit the task definition breaks.
fn inspect(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    match body.get("cpu") {
        Field::Known(node) => {
            if cpu_units(node).is_some_and(|units| units < 1024) {
                check.fail(node, "cpu is below 1 vCPU; Windows tasks on Fargate need at least 1024 CPU units.");
            }
        }
        Field::Unknown(node) => check.undecided(node, "cpu is not known before deployment; Windows tasks on Fargate need at least 1 vCPU."),
        Field::Absent { .. } => {}
    }
    let arch = body.get("runtimePlatform").get("cpuArchitecture");
    match arch {
        Field::Known(node) if node.as_str() == Some("ARM64") => check.fail(node, "cpuArchitecture is ARM64; Windows tasks on Fargate run on X86_64 only."),
        Field::Unknown(node) => check.undecided(node, "cpuArchitecture is not known before deployment; Windows tasks on Fargate run on X86_64 only."),
        _ => {}
    }
    forbid(check, body.get("ephemeralStorage"), "ephemeralStorage", WHY, false);
    forbid(check, body.get("pidMode"), "pidMode", WHY, false);
    forbid(check, body.get("ipcMode"), "ipcMode", WHY, false);
    for (index, volume) in body.get("volumes").items().iter().enumerate() {
        let label = container_label(volume, index);
        forbid(check, volume.get("efsVolumeConfiguration"), &format!("Volume {label}: efsVolumeConfiguration"), "EFS volumes are not supported for Windows containers on Fargate", false);
    }
    if body.get("volumes").is_unknown() {
        check.undecided(body.get("volumes"), "volumes is not known before deployment; Windows tasks on Fargate cannot use EFS volumes.");
    }
    let Some(containers) = known_containers(check, body) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        forbid(check, container.get("linuxParameters"), &format!("Container {label}: linuxParameters"), WHY, false);
        forbid(check, container.get("readonlyRootFilesystem"), &format!("Container {label}: readonlyRootFilesystem"), WHY, false);
    }
}
