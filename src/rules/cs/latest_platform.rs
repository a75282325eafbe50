use crate::facts::{LATEST_LINUX_PV, LATEST_WINDOWS_PV};
use crate::model::Kind;
use crate::rules::support::{operating_system, platform_version, workload_is_fargate, Decision, Os, PlatformVersion};
use crate::rules::{Check, Edit, Equivalent, Example, Expect, Linked, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-06",
    name: "latest-platform",
    title: "Fargate not on latest platform",
    severity: Severity::Medium,
    kinds: &[Kind::Service, Kind::TaskSet, Kind::RunTask],
    description: "A Fargate workload pinned to an older platform version misses the runtime's security fixes and \
        features (1.4.0 brought the task ENI, EFS, SYS_PTRACE and the encrypted 20 GiB ephemeral volume); 1.3.0 was \
        retired on 2026-03-16. `LATEST` (or no `platformVersion`) resolves to 1.4.0 on Linux and 1.0.0 on Windows, and \
        an explicit `1.4.0` (Linux) or `1.0.0` (Windows) is just as current. Fargate is recognised by `launchType` and \
        by FARGATE/FARGATE_SPOT capacity providers (the workload's strategy or the cluster's default), which Checkov \
        CKV_AWS_332 and Prowler do not read; Checkov also fails an explicit `1.4.0`, and Prowler fails Windows \
        services on `LATEST`. Without a linked task definition the operating system is unknown: only a version wrong \
        for both Linux and Windows fails, and `1.0.0` is undecided.",
    remediation: "Remove `platformVersion` or set it to `LATEST` (or to 1.4.0 on Linux, 1.0.0 on Windows), then \
        redeploy the service so its tasks are replaced.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.10" },
        Equivalent { tool: "AWS Config", id: "ecs-fargate-latest-platform-version" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_332" },
        Equivalent { tool: "Prowler", id: "ecs_service_fargate_latest_platform_version" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.1" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Fargate service pinned to 1.3.0",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "platformVersion": "1.3.0"}"#,
        },
        Example {
            title: "Fargate through a capacity provider strategy (regression: tools that read only launchType)",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "platformVersion": "1.2.0",
  "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]}"#,
        },
        Example {
            title: "Fargate through the cluster's default capacity provider strategy",
            expect: Expect::Fail,
            input: r#"[{"clusterName": "prod", "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
  "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]},
 {"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "platformVersion": "1.3.0"}]"#,
        },
        Example {
            title: "CloudFormation: Linux task definition on 1.0.0",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
    "RuntimePlatform": {"OperatingSystemFamily": "LINUX"}, "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "Task"}, "LaunchType": "FARGATE", "PlatformVersion": "1.0.0"}}}}"#,
        },
        Example {
            title: "explicit 1.4.0 (regression: Checkov CKV_AWS_332 fails it)",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "platformVersion": "1.4.0"}"#,
        },
        Example {
            title: "Windows service on LATEST (regression: Prowler fails it)",
            expect: Expect::Pass,
            input: r#"[{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]},
 {"serviceName": "iis", "taskDefinition": "win", "launchType": "FARGATE", "platformVersion": "LATEST"}]"#,
        },
        Example {
            title: "EC2 service",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "EC2"}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    match workload_is_fargate(workload) {
        Decision::No => return check.not_applicable(),
        Decision::Unknown(at) => return check.undecided(at, "Whether the workload runs on Fargate is not known before deployment."),
        Decision::Yes => {}
    }
    let (version, at) = match platform_version(workload) {
        PlatformVersion::Latest => return,
        PlatformVersion::Unknown(at) => return check.undecided(at, "platformVersion is not known before deployment."),
        PlatformVersion::Explicit(version, at) => (version, at),
    };
    let os = match workload.task_definition() {
        Linked::Resolved(td) => operating_system(td.body()),
        Linked::NotWritten | Linked::Unresolved(_) => Os::Unknown(at),
    };
    let latest = match os {
        Os::Linux => LATEST_LINUX_PV,
        Os::Windows => LATEST_WINDOWS_PV,
        // rules.md §5.12: the OS is not known; only a version wrong for both fails.
        Os::Unknown(_) if version == LATEST_LINUX_PV => return,
        Os::Unknown(_) if version == LATEST_WINDOWS_PV => {
            return check.undecided(
                at,
                "platformVersion 1.0.0 is the latest on Windows but old on Linux, and the task definition's operating \
                 system cannot be seen.",
            )
        }
        Os::Unknown(_) => {
            return check.fail_with_fix(
                at,
                format!("platformVersion {version} is neither the latest Linux ({LATEST_LINUX_PV}) nor Windows ({LATEST_WINDOWS_PV}) Fargate platform version."),
                vec![Edit::set(at, "LATEST".into())],
            )
        }
    };
    if version != latest {
        check.fail_with_fix(
            at,
            format!("platformVersion {version} is not the latest Fargate platform version for this operating system ({latest}); use LATEST."),
            vec![Edit::set(at, "LATEST".into())],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::api;
    use crate::rules::Status;

    fn statuses(version: &str) -> Vec<Status> {
        let input = format!(r#"{{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "platformVersion": "{version}"}}"#);
        let report = api::validate(&input, api::ValidateOptions::default()).expect("valid options");
        report.findings.iter().filter(|f| f.rule_id == "CS-06").map(|f| f.status).collect()
    }

    /// rules.md §5.12, without a linked task definition: 1.4.0 passes (Checkov CKV_AWS_332 fails it), 1.0.0 is
    /// undecided, a version wrong for both operating systems fails.
    #[test]
    fn versions_without_a_task_definition() {
        assert_eq!(statuses("1.4.0"), []);
        assert_eq!(statuses("LATEST"), []);
        assert_eq!(statuses("1.0.0"), [Status::Undecided]);
        assert_eq!(statuses("1.9.0"), [Status::Fail]);
    }
}
