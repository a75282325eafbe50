use super::{os_gate, report_for_os, user_is_root};
use crate::model::Kind;
use crate::rules::support::{container_label, known_containers, Decision};
use crate::rules::{At, Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-06",
    name: "linux-non-root",
    title: "Linux container runs as root",
    severity: Severity::Medium,
    kinds: &[Kind::TaskDefinition],
    description: "A Linux container whose `user` is unset runs as the image's default user, which is root for most \
        images; `root` and uid `0` are root explicitly, with or without a group (`root:wheel`, `0:0`). A process \
        running as root inside the container turns any container escape or writable host mount into root on the \
        host. `user` accepts a name, a uid, `name:group` or `uid:gid`; only the user part decides.",
    remediation: "Set `user` to a non-root user, preferably a numeric `uid:gid` such as `1000:1000` that exists in the \
        image (or create one in the Dockerfile with `USER`).",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.20" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-linux-user-non-root" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-nonroot-user" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.3" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "no user (the image default, usually root)",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
        Example {
            title: "`root:wheel`",
            expect: Expect::Fail,
            input: r#"{"family": "app", "runtimePlatform": {"operatingSystemFamily": "LINUX"},
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "user": "root:wheel"}]}"#,
        },
        Example {
            title: "`0:0`",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "user": "0:0"}]}"#,
        },
        Example {
            title: "CloudFormation `User: \"0\"`",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Memory": 256, "User": "0"}]}}}}"#,
        },
        Example {
            title: "non-root users in every format: name, uid, name:group, uid:gid (group 0 is fine)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [
  {"name": "a", "image": "nginx:1.27", "memory": 128, "user": "nginx"},
  {"name": "b", "image": "nginx:1.27", "memory": 128, "user": "1000"},
  {"name": "c", "image": "nginx:1.27", "memory": 128, "user": "app:app"},
  {"name": "d", "image": "nginx:1.27", "memory": 128, "user": "1000:0"}]}"#,
        },
        Example {
            title: "Windows task definition (CH-07 applies instead)",
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
        let user = container.get("user");
        match user_is_root(user) {
            Decision::Yes => violations.push((At::from(user), format!("Container {label} runs as root: user is unset, root or uid 0."), Vec::new())),
            Decision::Unknown(at) => check.undecided(at, format!("Container {label}: user is not known before deployment.")),
            Decision::No => {}
        }
    }
    report_for_os(check, &gate, violations);
}
