use super::{fargate_for_platform, workload_label, WORKLOADS};
use crate::facts::{LATEST_LINUX_PV, LATEST_WINDOWS_PV, OLD_LINUX_PVS};
use crate::model::Field;
use crate::rules::support::{operating_system, Decision, Os};
use crate::rules::{Check, Edit, Example, Expect, Rule, Severity, Subject, Linked};

pub static RULE: Rule = Rule {
    id: "FD-19",
    name: "platform-version-valid",
    title: "Unknown / retired / misplaced platformVersion",
    severity: Severity::High,
    kinds: WORKLOADS,
    description: "`platformVersion` only applies to Fargate, and only a few values launch tasks: on Linux `LATEST` or \
        `1.4.0` (1.3.0 was retired on 2026-03-16, 1.0.0–1.2.0 are deprecated; platform-versions-retired.html), on Windows \
        `LATEST` or `1.0.0`. Any other value, or a `platformVersion` on an EC2 or EXTERNAL workload, is rejected or stops \
        launching tasks. Explicit `1.4.0` is valid — unlike Checkov CKV_AWS_332, which fails every explicit version other \
        than LATEST. When the task definition (and so the OS) is not known, the rule fires only for values that are wrong \
        for both Linux and Windows (rules.md §5.12).",
    remediation: "Remove `platformVersion` (Fargate then uses LATEST), or set `LATEST` or `1.4.0` for Linux tasks and \
        `LATEST` or `1.0.0` for Windows tasks; remove it from workloads that do not run on Fargate.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Linux Fargate service pinned to the retired 1.3.0",
            expect: Expect::Fail,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
 {"serviceName": "web", "taskDefinition": "app:1", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "platformVersion on an EC2 service",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "app:1", "launchType": "EC2", "platformVersion": "LATEST"}"#,
        },
        Example {
            title: "Windows task run on 1.4.0",
            expect: Expect::Fail,
            input: r#"[{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]},
 {"taskDefinition": "win", "launchType": "FARGATE", "platformVersion": "1.4.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "a version that exists for neither OS, task definition not in the inputs",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "app:1", "launchType": "FARGATE", "platformVersion": "1.9.0"}"#,
        },
        Example {
            title: "explicit 1.4.0 on a Linux Fargate service (Checkov CKV_AWS_332 fails it)",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
 {"serviceName": "web", "taskDefinition": "app:1", "launchType": "FARGATE", "platformVersion": "1.4.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "Windows service on 1.0.0 through a capacity provider (CloudFormation)",
            expect: Expect::Pass,
            input: r#"{"Resources": {
  "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "1024", "Memory": "2048",
    "RuntimePlatform": {"OperatingSystemFamily": "WINDOWS_SERVER_2019_CORE", "CpuArchitecture": "X86_64"},
    "ContainerDefinitions": [{"Name": "iis", "Image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019"}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "TaskDef"}, "PlatformVersion": "1.0.0",
    "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}],
    "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d"]}}}}}}"#,
        },
        Example {
            title: "no platformVersion",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "app:1", "launchType": "FARGATE"}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    let field = workload.body().get("platformVersion");
    let node = match field {
        Field::Known(node) => node,
        Field::Unknown(node) => return check.undecided(node, "platformVersion is not known before deployment."),
        Field::Absent { .. } => return check.not_applicable(),
    };
    let label = workload_label(workload);
    let Some(version) = node.as_str() else {
        return check.fail(node, format!("{label}: platformVersion is not a string such as LATEST or 1.4.0."));
    };
    let os = match workload.task_definition() {
        Linked::Resolved(td) => operating_system(td.body()),
        Linked::NotWritten | Linked::Unresolved(_) => Os::Unknown(workload.body().get("taskDefinition").into()),
    };
    let linux_ok = version == "LATEST" || version == LATEST_LINUX_PV;
    let windows_ok = version == "LATEST" || version == LATEST_WINDOWS_PV;
    let fargate = fargate_for_platform(workload);
    if fargate == Decision::No {
        return check.fail_with_fix(node, format!("{label} does not run on Fargate, but sets platformVersion, which only Fargate accepts."), vec![Edit::remove(node)]);
    }
    let wrong = match os {
        Os::Linux if !linux_ok => Some(linux_problem(version)),
        Os::Windows if !windows_ok => Some(format!("platformVersion {version} does not exist for Windows on Fargate, which runs {LATEST_WINDOWS_PV} (LATEST)")),
        Os::Unknown(_) if !linux_ok && !windows_ok => Some(format!("{}, and not a Windows version either", linux_problem(version))),
        _ => None,
    };
    // A wrong value is wrong whether or not the workload turns out to run on Fargate.
    if let Some(problem) = wrong {
        return check.fail_with_fix(node, format!("{label}: {problem}."), vec![Edit::set(node, "LATEST".into())]);
    }
    if let Os::Unknown(_) = os {
        if !(linux_ok && windows_ok) {
            let valid_for = if linux_ok { "Linux but not Windows" } else { "Windows but not Linux" };
            return check.undecided(
                node,
                format!("{label}: platformVersion {version} is valid for {valid_for}, and the task definition's operating system is not known (not in the inputs or not known before deployment)."),
            );
        }
    }
    if let Decision::Unknown(at) = fargate {
        check.undecided(at, format!("{label} sets platformVersion, which only Fargate accepts, and whether it runs on Fargate is not known (no launchType or capacity provider strategy, and its cluster's default strategy is not in the inputs)."));
    }
}

fn linux_problem(version: &str) -> String {
    match version {
        "1.3.0" => "platformVersion 1.3.0 is retired (2026-03-16): new tasks and services cannot use it".into(),
        v if OLD_LINUX_PVS.contains(&v) => format!("platformVersion {v} is deprecated; Linux Fargate runs {LATEST_LINUX_PV} (LATEST)"),
        v => format!("platformVersion {v} is not a Linux Fargate platform version (LATEST or {LATEST_LINUX_PV})"),
    }
}
