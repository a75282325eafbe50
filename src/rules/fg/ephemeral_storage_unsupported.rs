use super::{old_platform, workload_label, OldPlatform};
use crate::facts::LATEST_LINUX_PV;
use crate::model::{Field, Kind};
use crate::rules::support::{operating_system, Os};
use crate::rules::{Check, Example, Expect, Linked, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-05",
    name: "ephemeral-storage-unsupported",
    title: "ephemeralStorage on a platform that lacks it",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition, Kind::RunTask],
    description: "Ephemeral storage beyond the 20 GiB default (`ephemeralStorage.sizeInGiB`) is only supported for Linux \
        tasks on Fargate platform version 1.4.0 or later; it is not supported for Windows containers on Fargate \
        (fargate-task-storage.html, API_RegisterTaskDefinition). The rule checks the task definition's \
        `ephemeralStorage` against its OS and the platform version of every linked service, run-task call or task \
        set, and a RunTask call's `overrides.ephemeralStorage` against its own platform version and task definition.",
    remediation: "Run the task on platform version `LATEST` (1.4.0) with a Linux task definition, or remove \
        `ephemeralStorage` (and `overrides.ephemeralStorage`) and fit the data into the default 20 GiB.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Windows task definition with ephemeralStorage",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_FULL", "cpuArchitecture": "X86_64"},
  "ephemeralStorage": {"sizeInGiB": 50},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/dotnet/framework/aspnet:4.8"}]}"#,
        },
        Example {
            title: "task definition with ephemeralStorage run by a service on 1.3.0",
            expect: Expect::Fail,
            input: r#"[{"serviceName": "batch", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
   "ephemeralStorage": {"sizeInGiB": 100}, "containerDefinitions": [{"name": "job", "image": "busybox:1.36"}]}]"#,
        },
        Example {
            title: "run-task overrides ephemeralStorage on 1.3.0",
            expect: Expect::Fail,
            input: r#"{"cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "overrides": {"ephemeralStorage": {"sizeInGiB": 100}}}"#,
        },
        Example {
            title: "run-task overrides ephemeralStorage for a Windows task definition",
            expect: Expect::Fail,
            input: r#"[{"cluster": "prod", "taskDefinition": "win", "launchType": "FARGATE", "overrides": {"ephemeralStorage": {"sizeInGiB": 40}}},
  {"family": "win", "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "2048",
   "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
   "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]}]"#,
        },
        Example {
            title: "Linux task definition with ephemeralStorage on LATEST",
            expect: Expect::Pass,
            input: r#"[{"serviceName": "batch", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
   "ephemeralStorage": {"sizeInGiB": 100}, "containerDefinitions": [{"name": "job", "image": "busybox:1.36"}]}]"#,
        },
        Example {
            title: "Windows task definition without ephemeralStorage",
            expect: Expect::Pass,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]}"#,
        },
        Example {
            title: "Windows service on its latest version 1.0.0, Linux-only storage not set",
            expect: Expect::Pass,
            input: r#"[{"serviceName": "win", "taskDefinition": "win", "launchType": "FARGATE", "platformVersion": "1.0.0"},
  {"family": "win", "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "2048",
   "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
   "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]}]"#,
        },
    ],
};

fn check(check: &mut Check<'_>, subject: &Subject<'_>) {
    if subject.kind() == Kind::TaskDefinition {
        let storage = subject.body().get("ephemeralStorage");
        let platforms = subject.workloads().filter(|w| w.kind().is_workload()).map(|w| (workload_label(&w), old_platform(&w)));
        judge(check, storage, "ephemeralStorage", operating_system(subject.body()), platforms.collect());
    } else {
        let storage = subject.body().get("overrides").get("ephemeralStorage");
        let os = match subject.task_definition() {
            Linked::Resolved(td) => operating_system(td.body()),
            // Not in the inputs: only the platform version can be judged (rules.md §5.2).
            Linked::NotWritten | Linked::Unresolved(_) => Os::Linux,
        };
        judge(check, storage, "overrides.ephemeralStorage", os, vec![(workload_label(subject), old_platform(subject))]);
    }
}

/// Judges one `ephemeralStorage` value against the OS of its task definition and the platform versions that
/// run it. An unknown value may be set, so conditions that hold make it undecided instead of failed.
fn judge(check: &mut Check<'_>, storage: Field<'_>, field: &str, os: Os, platforms: Vec<(String, OldPlatform<'_>)>) {
    let maybe_set = storage.is_unknown();
    if !storage.is_set() && !maybe_set {
        return check.not_applicable();
    }
    let report = |check: &mut Check<'_>, reason: String| {
        if maybe_set {
            check.undecided(storage, format!("{field} is not known before deployment; if it is set: {reason}"));
        } else {
            check.fail(storage, format!("{field} is set, but {reason}"));
        }
    };
    match os {
        Os::Windows => return report(check, "Fargate does not support it for Windows task definitions.".into()),
        Os::Unknown(at) => check.undecided(at, format!("{field} is set and operatingSystemFamily is not known before deployment (Windows does not support it).")),
        Os::Linux => {}
    }
    for (label, platform) in platforms {
        match platform {
            OldPlatform::Yes(version, _) => {
                report(check, format!("{label} runs the task on platform version {version}, which does not support it (needs {LATEST_LINUX_PV})."));
            }
            OldPlatform::Unknown(_) => check.undecided(storage, format!("{field} is set and the platformVersion of {label} is not known before deployment.")),
            OldPlatform::No => {}
        }
    }
}
