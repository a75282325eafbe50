use super::{check_platform_needs, Need, WORKLOADS};
use crate::facts::{LARGE_CPU_UNITS, LATEST_LINUX_PV};
use crate::model::{Field, Node};
use crate::rules::support::cpu_units;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-04",
    name: "fargate-large-size-pv",
    title: "8/16 vCPU on old PV",
    severity: Severity::Critical,
    kinds: WORKLOADS,
    description: "The 8 vCPU (8192 CPU units) and 16 vCPU (16384) Fargate task sizes require Linux platform version 1.4.0 \
        (task-cpu-memory-error.html). A service, run-task call or task set that pins an older platform version \
        (1.0.0–1.3.0) cannot launch such a task definition. The check joins each workload's `platformVersion` with its \
        task definition's `cpu`; a task definition on its own runs on LATEST (1.4.0) and passes.",
    remediation: "Remove `platformVersion` (or set it to `LATEST` or `1.4.0`) on the workload, or use a task size of 4 vCPU \
        or less.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "8 vCPU task definition run by a service pinned to 1.3.0",
            expect: Expect::Fail,
            input: r#"[{"family": "batch", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "8 vCPU", "memory": "16 GB",
  "containerDefinitions": [{"name": "worker", "image": "worker:3"}]},
 {"serviceName": "batch", "cluster": "prod", "taskDefinition": "batch:4", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "16 vCPU task set on 1.2.0 through a FARGATE capacity provider (CloudFormation)",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc",
    "Cpu": "16384", "Memory": "32768", "ContainerDefinitions": [{"Name": "worker", "Image": "worker:3"}]}},
  "Set": {"Type": "AWS::ECS::TaskSet", "Properties": {"Cluster": "prod", "Service": "batch", "TaskDefinition": {"Ref": "TaskDef"},
    "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}], "PlatformVersion": "1.2.0",
    "NetworkConfiguration": {"AwsVpcConfiguration": {"Subnets": ["subnet-0a1b2c3d"]}}}}}}"#,
        },
        Example {
            title: "8 vCPU on 1.4.0",
            expect: Expect::Pass,
            input: r#"[{"family": "batch", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "8192", "memory": "16384",
  "containerDefinitions": [{"name": "worker", "image": "worker:3"}]},
 {"taskDefinition": "batch", "cluster": "prod", "launchType": "FARGATE", "platformVersion": "1.4.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "4 vCPU on 1.3.0",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "4096", "memory": "8192",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
 {"serviceName": "app", "taskDefinition": "app", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    check_platform_needs(check, workload, "an 8 or 16 vCPU task size", needs);
}

fn needs(td: &Node) -> Vec<Need> {
    match td.get("cpu") {
        Field::Known(node) => match cpu_units(node) {
            Some(units) if LARGE_CPU_UNITS.contains(&units) => {
                vec![Need::known(LATEST_LINUX_PV, format!("a task size of {} vCPU", units / 1024))]
            }
            _ => Vec::new(),
        },
        Field::Unknown(_) => vec![Need::maybe(LATEST_LINUX_PV, "task-level cpu is not known before deployment and may be 8 or 16 vCPU".into())],
        Field::Absent { .. } => Vec::new(),
    }
}
