use super::{os_gate, report_for_os};
use crate::model::{Field, Kind};
use serde_json::json;
use crate::rules::support::{container_label, known_containers};
use crate::rules::{At, Check, Edit, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-08",
    name: "readonly-rootfs",
    title: "Writable root filesystem",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "Unless `readonlyRootFilesystem` is `true`, a compromised process can rewrite the container's own \
        binaries and configuration, drop tools and persist for the life of the task. A read-only root filesystem \
        with explicit writable volumes for the paths the application writes keeps the image immutable. Windows \
        containers do not support the parameter, so the rule does not apply to them.",
    remediation: "Set `readonlyRootFilesystem: true` and mount volumes (or bind mounts of task storage) for the paths \
        the application must write, such as `/tmp`. ECS Exec needs writable paths for its agent (see CS-05).",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.5" },
        Equivalent { tool: "AWS Config", id: "ecs-containers-readonly-access" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_336" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_containers_readonly_access" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.6" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "readonlyRootFilesystem not set",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
        Example {
            title: "readonlyRootFilesystem false on one of two containers",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [
  {"name": "web", "image": "nginx:1.27", "memory": 256, "readonlyRootFilesystem": true},
  {"name": "log", "image": "fluent/fluent-bit:3.1", "memory": 128, "readonlyRootFilesystem": false}]}"#,
        },
        Example {
            title: "read-only root filesystem with a writable volume",
            expect: Expect::Pass,
            input: r#"{"family": "app", "volumes": [{"name": "tmp"}],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "readonlyRootFilesystem": true,
    "mountPoints": [{"sourceVolume": "tmp", "containerPath": "/tmp"}]}]}"#,
        },
        Example {
            title: "Windows task definition (not applicable)",
            expect: Expect::Pass,
            input: r#"{"family": "win", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022", "memory": 2048}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let Some(gate) = os_gate(check, body, false) else { return };
    let Some(containers) = known_containers(check, body) else { return };
    let mut violations = Vec::new();
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let field = container.get("readonlyRootFilesystem");
        if field.is_unknown() {
            check.undecided(field, format!("Container {label}: readonlyRootFilesystem is not known before deployment."));
        } else if field.as_bool() != Some(true) {
            let how = if matches!(field, Field::Absent { .. }) { "does not set readonlyRootFilesystem" } else { "sets readonlyRootFilesystem to other than true" };
            violations.push((At::from(field), format!("Container {label} {how}, so its root filesystem is writable."), vec![Edit::set(field, json!(true))]));
        }
    }
    report_for_os(check, &gate, violations);
}
