use crate::rules::support::ContainerLabel;
use super::{check_platform_needs, fargate_containers, Need};
use crate::facts::LATEST_LINUX_PV;
use crate::model::{Field, Kind, Node};
use crate::rules::support::{container_label, containers, operating_system, Os};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-22",
    name: "sysctl-fargate",
    title: "systemControls on unsupported platform",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition, Kind::Service, Kind::RunTask, Kind::TaskSet],
    description: "Container `systemControls` (namespaced kernel parameters) are supported on Fargate only for Linux tasks on \
        platform version 1.4.0 (API_SystemControl): not for Windows, and not for services, run-task calls or task sets \
        pinned to 1.0.0–1.3.0. On Fargate all containers of a task share one network namespace, so when two containers \
        set the same `net.*` parameter to different values the last container started wins; that is reported at info \
        severity.",
    remediation: "Remove `systemControls` from Windows task definitions, run Linux tasks on platform version 1.4.0 \
        (`LATEST`), and set each `net.*` parameter in one container only (or to the same value everywhere).",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "systemControls on a Windows Fargate task definition",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
    "systemControls": [{"namespace": "net.ipv4.tcp_keepalive_time", "value": "300"}]}]}"#,
        },
        Example {
            title: "systemControls with a service pinned to 1.3.0",
            expect: Expect::Fail,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "systemControls": [{"namespace": "net.core.somaxconn", "value": "4096"}]}]},
 {"serviceName": "web", "taskDefinition": "app", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "two containers set net.core.somaxconn differently (info)",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "systemControls": [{"namespace": "net.core.somaxconn", "value": "4096"}]},
    {"name": "proxy", "image": "envoy:1.30", "systemControls": [{"namespace": "net.core.somaxconn", "value": "1024"}]}]}"#,
        },
        Example {
            title: "systemControls on Linux, LATEST, the same value in both containers",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "systemControls": [{"namespace": "net.core.somaxconn", "value": "4096"}]},
    {"name": "proxy", "image": "envoy:1.30", "systemControls": [{"namespace": "net.core.somaxconn", "value": "4096"}]}]},
 {"serviceName": "web", "taskDefinition": "app", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
    ],
};

fn check(check: &mut Check<'_>, subject: &Subject<'_>) {
    if subject.kind() == Kind::TaskDefinition {
        check_task_definition(check, subject.body());
    } else {
        check_platform_needs(check, subject, "systemControls", needs);
    }
}

fn check_task_definition(check: &mut Check<'_>, td: &Node) {
    let Some(containers) = fargate_containers(check, td) else { return };
    let os = operating_system(td);
    // (namespace, value, container) of every net.* setting seen so far.
    let mut net: Vec<(&str, String, ContainerLabel<'_>)> = Vec::new();
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let controls = container.get("systemControls");
        match (controls, os) {
            (Field::Unknown(node), Os::Windows | Os::Unknown(_)) => {
                check.undecided(node, format!("Container {label}: systemControls is not known before deployment; Windows tasks on Fargate do not support them."));
            }
            (Field::Known(node), Os::Windows) if node.is_set() => {
                check.fail(node, format!("Container {label} sets systemControls, which Windows tasks on Fargate do not support."));
            }
            (Field::Known(node), Os::Unknown(at)) if node.is_set() => {
                check.undecided(at, format!("runtimePlatform.operatingSystemFamily is not known before deployment; on Windows, container {label}'s systemControls are not supported."));
            }
            _ => {}
        }
        for control in controls.items() {
            let Some(namespace) = control.get("namespace").as_str().filter(|n| n.starts_with("net.")) else { continue };
            // An unknown value may or may not differ; only known values are compared.
            let Some(value) = control.get("value").as_text() else { continue };
            let earlier = net.iter().find(|(n, v, other)| *n == namespace && *v != value && *other != label).map(|(_, _, other)| *other);
            if let Some(other) = earlier {
                check.fail_with(
                    Severity::Info,
                    control,
                    format!("Containers {other} and {label} set {namespace} to different values; they share the task's network namespace, so the last container started wins."),
                );
            }
            net.push((namespace, value, label));
        }
    }
}

fn needs(td: &Node) -> Vec<Need> {
    if td.get("containerDefinitions").is_unknown() {
        return vec![Need::maybe(LATEST_LINUX_PV, "containerDefinitions is not known before deployment and may set systemControls".into())];
    }
    containers(td)
        .iter()
        .enumerate()
        .filter_map(|(index, container)| {
            let label = container_label(container, index);
            match container.get("systemControls") {
                Field::Known(node) if node.is_set() => Some(Need::known(LATEST_LINUX_PV, format!("container {label} sets systemControls"))),
                Field::Unknown(_) => Some(Need::maybe(LATEST_LINUX_PV, format!("container {label}: systemControls is not known before deployment and may be set"))),
                _ => None,
            }
        })
        .collect()
}
