use super::{is_host_mode, user_is_root};
use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers, Decision};
use crate::rules::{At, Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-05",
    name: "host-mode-user",
    title: "Host networking with non-opted-in root",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "In `host` network mode a container shares the instance's network stack, so running it as root \
        gives root on the host's interfaces. AWS Config's ecs-task-definition-user-for-host-mode-check (and the \
        retired Security Hub ECS.1) accept a host-mode container when it is explicitly `privileged: true` OR runs \
        as a non-root `user`; it fails only when the container is not privileged AND its user is unset, `root` or \
        `0` (also `root:group` / `0:gid`). cdk-nag's port inverts the OR and fails a non-privileged container with \
        a non-root user; this rule does not.",
    remediation: "Set `user` to a non-root user (name or uid, e.g. `1000:1000`) on every container of a host-mode task \
        definition, or use `awsvpc` networking. Marking the container `privileged` also satisfies AWS Config but \
        is far more dangerous (CH-01).",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.1" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-user-for-host-mode-check" },
        Equivalent { tool: "cdk-nag", id: "ECSTaskDefinitionUserForHostMode" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_host_networking_mode_users" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.8" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "host mode, no user, not privileged",
            expect: Expect::Fail,
            input: r#"{"family": "proxy", "requiresCompatibilities": ["EC2"], "networkMode": "host",
  "containerDefinitions": [{"name": "proxy", "image": "haproxy:3.0", "memory": 256}]}"#,
        },
        Example {
            title: "host mode, `user: 0:0`",
            expect: Expect::Fail,
            input: r#"{"family": "proxy", "requiresCompatibilities": ["EC2"], "networkMode": "host",
  "containerDefinitions": [{"name": "proxy", "image": "haproxy:3.0", "memory": 256, "user": "0:0", "privileged": false}]}"#,
        },
        Example {
            title: "host mode, non-privileged with a non-root user (cdk-nag fails this; AWS Config passes it)",
            expect: Expect::Pass,
            input: r#"{"family": "proxy", "requiresCompatibilities": ["EC2"], "networkMode": "host",
  "containerDefinitions": [{"name": "proxy", "image": "haproxy:3.0", "memory": 256, "user": "haproxy", "privileged": false}]}"#,
        },
        Example {
            title: "host mode, root but explicitly privileged (AWS Config's opt-in; CH-01 reports the privilege)",
            expect: Expect::Pass,
            input: r#"{"family": "agent", "requiresCompatibilities": ["EC2"], "networkMode": "host",
  "containerDefinitions": [{"name": "agent", "image": "datadog/agent:7", "memory": 256, "privileged": true}]}"#,
        },
        Example {
            title: "bridge mode with a root container (not host mode)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"], "networkMode": "bridge",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let host = is_host_mode(body.get("networkMode"));
    if host == Decision::No {
        return check.not_applicable();
    }
    let Some(containers) = known_containers(check, body) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let privileged = container.get("privileged");
        let opted_in = match privileged {
            Field::Unknown(_) => Decision::Unknown(At::from(privileged)),
            _ if privileged.as_bool() == Some(true) => Decision::Yes,
            _ => Decision::No,
        };
        let user = container.get("user");
        // AWS Config's OR: privileged OR non-root passes; only non-privileged AND root fails.
        let violates = match (opted_in, user_is_root(user)) {
            (Decision::Yes, _) | (_, Decision::No) => Decision::No,
            (Decision::No, Decision::Yes) => Decision::Yes,
            (Decision::Unknown(at), _) | (_, Decision::Unknown(at)) => Decision::Unknown(at),
        };
        match (host, violates) {
            (_, Decision::No) | (Decision::No, _) => {}
            (Decision::Yes, Decision::Yes) => check.fail(
                user,
                format!("Container {label} runs as root (user unset, root or 0) in host network mode without the privileged opt-in; set a non-root user."),
            ),
            (Decision::Unknown(at), Decision::Yes) => check.undecided(
                at,
                format!("networkMode is not known before deployment; container {label} runs as root and would fail in host mode."),
            ),
            (_, Decision::Unknown(at)) => check.undecided(
                at,
                format!("Container {label}: user or privileged is not known before deployment, so whether it runs as root in host mode cannot be decided."),
            ),
        }
    }
}
