use super::{old_fargate_platform, workload_label};
use crate::facts::LATEST_LINUX_PV;
use crate::model::Kind;
use crate::rules::support::{operating_system, require_fargate_task_definition, Os};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-13",
    name: "guardduty-unsupported-runtime",
    title: "Fargate workload outside Runtime Monitoring coverage",
    severity: Severity::Medium,
    kinds: &[Kind::TaskDefinition, Kind::Service, Kind::RunTask, Kind::TaskSet],
    description: "GuardDuty Runtime Monitoring covers Fargate tasks on Linux with platform version 1.4.0 or `LATEST` \
        only; Windows tasks and older platform versions run without the agent \
        (prereq-runtime-monitoring-ecs-support.html, ecs-guard-duty-integration.html). The rule reports a Fargate \
        task definition for Windows, and a Fargate service, run-task call or task set on platform version \
        1.0.0–1.3.0 (Linux; a Windows workload on 1.0.0 is reported through its task definition).",
    remediation: "Run the workload on Linux with platform version `LATEST` (1.4.0), or cover it with other runtime \
        monitoring and document the gap.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Windows Fargate task definition",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]}"#,
        },
        Example {
            title: "service on platform version 1.3.0",
            expect: Expect::Fail,
            input: r#"[{"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
   "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}]"#,
        },
        Example {
            title: "Linux Fargate service on LATEST",
            expect: Expect::Pass,
            input: r#"[{"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "LATEST"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
   "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}]"#,
        },
        Example {
            title: "Windows task definition on EC2",
            expect: Expect::Pass,
            input: r#"{"family": "win", "requiresCompatibilities": ["EC2"], "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022", "memory": 1024}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, subject: &Subject<'_>) {
    if subject.kind() == Kind::TaskDefinition {
        let body = subject.body();
        if !require_fargate_task_definition(check, body) {
            return;
        }
        let os = body.get("runtimePlatform").get("operatingSystemFamily");
        match operating_system(body) {
            Os::Windows => check.fail(os, "The Fargate task definition is for Windows, which GuardDuty Runtime Monitoring does not cover."),
            Os::Unknown(at) => check.undecided(at, "runtimePlatform.operatingSystemFamily is not known before deployment."),
            Os::Linux => {}
        }
    } else if let Some((version, at)) = old_fargate_platform(check, subject) {
        let label = workload_label(subject);
        check.fail(
            at,
            format!("{label} runs on Fargate platform version {version}, which GuardDuty Runtime Monitoring does not cover (needs {LATEST_LINUX_PV})."),
        );
    }
}
