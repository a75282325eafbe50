use super::{os_gate, report_for_os};
use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{At, Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-07",
    name: "windows-non-admin",
    title: "Windows container runs as admin",
    severity: Severity::Medium,
    kinds: &[Kind::TaskDefinition],
    description: "Windows containers run as `ContainerAdministrator` unless `user` names another account; that \
        account is an administrator inside the container and widens the impact of any escape. The account name \
        is compared case-insensitively, as Windows does.",
    remediation: "Set `user` to a non-administrator account such as `ContainerUser` on every container of a Windows \
        task definition.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.21" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-windows-user-non-admin" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Windows container without a user",
            expect: Expect::Fail,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "2048", "networkMode": "awsvpc",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_CORE", "cpuArchitecture": "X86_64"},
  "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019"}]}"#,
        },
        Example {
            title: "`user: containeradministrator` in lower case",
            expect: Expect::Fail,
            input: r#"{"family": "win", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_FULL"},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/dotnet/framework/aspnet:4.8", "memory": 2048, "user": "containeradministrator"}]}"#,
        },
        Example {
            title: "`user: ContainerUser`",
            expect: Expect::Pass,
            input: r#"{"family": "win", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/dotnet/framework/aspnet:4.8", "memory": 2048, "user": "ContainerUser"}]}"#,
        },
        Example {
            title: "Linux task definition (not applicable)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let Some(gate) = os_gate(check, body, true) else { return };
    let Some(containers) = known_containers(check, body) else { return };
    let mut violations = Vec::new();
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let user = container.get("user");
        let admin = match user {
            Field::Unknown(_) => {
                check.undecided(user, format!("Container {label}: user is not known before deployment."));
                continue;
            }
            Field::Absent { .. } => true,
            Field::Known(node) => node.as_text().map_or(true, |u| u.trim().is_empty() || u.trim().eq_ignore_ascii_case("ContainerAdministrator")),
        };
        if admin {
            violations.push((At::from(user), format!("Container {label} runs as ContainerAdministrator: user is unset or names the administrator account."), Vec::new()));
        }
    }
    report_for_os(check, &gate, violations);
}
