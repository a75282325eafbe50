use super::{check_platform_needs, Need};
use crate::facts::LATEST_LINUX_PV;
use crate::model::{Field, Kind, Node};
use crate::rules::support::{operating_system, require_fargate_task_definition, Os};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-07",
    name: "fargate-pidmode",
    title: "pidMode host / Windows / old PV",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition, Kind::Service, Kind::RunTask, Kind::TaskSet],
    description: "On Fargate the only valid task-level `pidMode` is `task`, and only for Linux tasks on platform version \
        1.4.0 (API_RegisterTaskDefinition). `host` is rejected (and would share the host's process namespace); `task` \
        fails for Windows tasks and for services, run-task calls or task sets pinned to 1.0.0–1.3.0. The check reads the \
        task-level `pidMode` — Checkov CKV_AWS_335 looks for it inside container definitions, where it does not exist, \
        and so never flags `pidMode: host`.",
    remediation: "Remove `pidMode`, or use `task` on a Linux task definition and run it on platform version 1.4.0 (`LATEST`).",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.3" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-pid-mode-check" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_335" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_host_namespace_not_shared" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.10" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "task-level pidMode host on Fargate (Checkov CKV_AWS_335 misses it)",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "pidMode": "host",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "pidMode task on a Windows task definition",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048", "pidMode": "task",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]}"#,
        },
        Example {
            title: "pidMode task run by a service pinned to 1.3.0 (CloudFormation)",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "app", "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc",
    "Cpu": "256", "Memory": "512", "PidMode": "task", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}, {"Name": "profiler", "Image": "profiler:2"}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": "prod", "TaskDefinition": {"Ref": "TaskDef"}, "LaunchType": "FARGATE",
    "PlatformVersion": "1.3.0", "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d"]}}}}}}"#,
        },
        Example {
            title: "pidMode task on Linux, run on LATEST",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "pidMode": "task",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
 {"serviceName": "app", "taskDefinition": "app:1", "launchType": "FARGATE", "platformVersion": "LATEST",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "pidMode host on an EC2-only task definition (CH-02's finding, not a Fargate one)",
            expect: Expect::Pass,
            input: r#"{"family": "agent", "requiresCompatibilities": ["EC2"], "pidMode": "host",
  "containerDefinitions": [{"name": "agent", "image": "agent:1", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, subject: &Subject<'_>) {
    if subject.kind() == Kind::TaskDefinition {
        check_task_definition(check, subject.body());
    } else {
        check_platform_needs(check, subject, "pidMode task", needs);
    }
}

fn check_task_definition(check: &mut Check<'_>, td: &Node) {
    if !require_fargate_task_definition(check, td) {
        return;
    }
    match td.get("pidMode") {
        Field::Known(node) => match (node.as_str(), operating_system(td)) {
            (Some("host"), _) => check.fail(node, "pidMode is host; Fargate only supports pidMode task, and host shares the host's process namespace."),
            (Some("task"), Os::Windows) => check.fail(node, "pidMode task is not supported for Windows tasks on Fargate."),
            (Some("task"), Os::Unknown(at)) => {
                check.undecided(at, "runtimePlatform.operatingSystemFamily is not known before deployment; Windows tasks on Fargate do not support pidMode.")
            }
            _ => {}
        },
        Field::Unknown(node) => check.undecided(node, "pidMode is not known before deployment; Fargate rejects host."),
        Field::Absent { .. } => {}
    }
}

fn needs(td: &Node) -> Vec<Need> {
    match td.get("pidMode") {
        Field::Known(node) if node.as_str() == Some("task") => vec![Need::known(LATEST_LINUX_PV, "pidMode task".into())],
        Field::Unknown(_) => vec![Need::maybe(LATEST_LINUX_PV, "pidMode is not known before deployment and may be task".into())],
        _ => Vec::new(),
    }
}
