use super::{old_fargate_platform, workload_label};
use crate::facts::LATEST_LINUX_PV;
use crate::model::Kind;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-06",
    name: "fargate-pv-unencrypted-ephemeral",
    title: "Fargate PV without Fargate-managed ephemeral encryption",
    severity: Severity::High,
    kinds: &[Kind::Service, Kind::RunTask, Kind::TaskSet],
    description: "Fargate encrypts task ephemeral storage (AES-256, AWS-owned key or a customer-managed key) only on \
        Linux platform version 1.4.0 or later (fargate-task-storage.html). A Linux Fargate workload pinned to \
        platform version 1.0.0–1.3.0 gets no Fargate-managed encryption of its ephemeral storage; 1.3.0 was retired \
        on 2026-03-16 and 1.0.0–1.2.0 are deprecated (platform-versions-retired.html). Windows workloads on 1.0.0 are \
        on their latest version and are not affected. Unlike Checkov CKV_AWS_332 and Prowler, explicit `1.4.0` passes \
        and capacity-provider Fargate counts.",
    remediation: "Set `platformVersion` to `LATEST` (or `1.4.0`), or remove it to get the latest version.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.10 (partial)" },
        Equivalent { tool: "AWS Config", id: "ecs-fargate-latest-platform-version (partial)" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_332 (partial)" },
        Equivalent { tool: "Prowler", id: "ecs_service_fargate_latest_platform_version (partial)" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.1" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "run-task on platform version 1.3.0 (the seed's CLI path)",
            expect: Expect::Fail,
            input: r#"{"cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0abc"], "assignPublicIp": "DISABLED"}}}"#,
        },
        Example {
            title: "service on FARGATE_SPOT capacity provider, platform version 1.2.0",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "platformVersion": "1.2.0",
  "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]}"#,
        },
        Example {
            title: "CloudFormation task set on 1.3.0",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskSet": {"Type": "AWS::ECS::TaskSet", "Properties": {"Cluster": "prod", "Service": "web",
  "TaskDefinition": "app:3", "LaunchType": "FARGATE", "PlatformVersion": "1.3.0"}}}}"#,
        },
        Example {
            title: "explicit 1.4.0",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.4.0"}"#,
        },
        Example {
            title: "Windows service on 1.0.0 (its latest version)",
            expect: Expect::Pass,
            input: r#"[{"serviceName": "win", "taskDefinition": "win", "launchType": "FARGATE", "platformVersion": "1.0.0"},
  {"family": "win", "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "2048",
   "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
   "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]}]"#,
        },
        Example {
            title: "EC2 service",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "EC2"}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    if let Some((version, at)) = old_fargate_platform(check, workload) {
        let label = workload_label(workload);
        check.fail(
            at,
            format!("{label} runs on Fargate platform version {version}, which does not encrypt ephemeral storage (needs {LATEST_LINUX_PV})."),
        );
    }
}
