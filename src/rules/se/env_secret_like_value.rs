use crate::rules::support::ContainerLabel;
use super::{find_material, known_environment, variable_label};
use crate::model::{Field, Kind, Node};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SE-03",
    name: "env-secret-like-value",
    title: "Credential material in a value",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "Environment values, `command` and `entryPoint` arguments are stored in plain text in the task \
        definition and shown by `ecs:DescribeTaskDefinition`, the console and process listings. This rule looks \
        for credential material whatever the variable is called: an AWS access key ID (`AKIA` + 16), a PEM \
        private key (`-----BEGIN … PRIVATE KEY-----`), a GitHub token (`ghp_` + 36), a Slack token (`xoxa-`, \
        `xoxb-`, `xoxp-`), a JSON Web Token (`eyJ….eyJ…`), or a high-entropy string: at least 32 characters of \
        `[A-Za-z0-9+/=_-]` with letters and digits and at least 4.0 bits of Shannon entropy per character, that \
        is not an ARN, a URL without user-info, a path, a UUID or an image reference (rules.md §5.19), looked for \
        in each whitespace-separated word so that keys inside shell strings are found. Findings say which kind \
        of material was found and where, never the value.",
    remediation: "Revoke and rotate the credential (it is already in the task definition's history), store it in \
        Secrets Manager or SSM Parameter Store, and reference it under the container's `secrets`. For values \
        that must reach `command`, read them from the environment variable the secret is injected as.",
    equivalents: &[
        Equivalent { tool: "Trivy", id: "AVD-AWS-0036" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_no_environment_secrets" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "an AWS access key ID under an innocent name",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
  "environment": [{"name": "UPLOAD_CONFIG", "value": "AKIAIOSFODNN7EXAMPLE"}]}]}"#,
        },
        Example {
            title: "a high-entropy key passed in command",
            expect: Expect::Fail,
            input: r#"{"family": "worker", "containerDefinitions": [{"name": "worker", "image": "worker:1.4.2", "memory": 256,
  "command": ["--queue", "jobs", "--signing-key", "Zx7pQ2vR9sL4kW8mN3bT6yH1jF5gD0cA"]}]}"#,
        },
        Example {
            title: "a JSON Web Token in entryPoint",
            expect: Expect::Fail,
            input: concat!(
                r#"{"family": "cli", "containerDefinitions": [{"name": "cli", "image": "curlimages/curl:8.10.1", "memory": 64,
  "entryPoint": ["curl", "-H", "Authorization: Bearer "#,
                "eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiJkZW1vIn0", ".c2lnbmF0dXJl",
                r#"", "https://api.example.com/"]}]}"#
            ),
        },
        Example {
            title: "ordinary values: URLs, ARNs, paths, UUIDs, image names, hashes, words",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
  "command": ["nginx", "-g", "daemon off;"],
  "environment": [
    {"name": "QUEUE_URL", "value": "https://sqs.us-east-1.amazonaws.com/111122223333/jobs-queue-production-2024"},
    {"name": "TOPIC_ARN", "value": "arn:aws:sns:us-east-1:111122223333:events-topic-production-2024"},
    {"name": "CONFIG_PATH", "value": "/etc/app/config/production-settings-v2/Config2024A.yaml"},
    {"name": "INSTANCE_ID", "value": "3f2b8c4e-9a1d-4e7f-b6c5-2d8e0f1a3b9c"},
    {"name": "SIDECAR_IMAGE", "value": "my-team/log-router-with-extra-plugins-v2"},
    {"name": "GIT_SHA", "value": "9fceb02d0ae598e95dc970b74767f19372d61af8"},
    {"name": "GREETING", "value": "Welcome to the production environment of our application"}]}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        if let Some(environment) = known_environment(check, container, label) {
            for (position, entry) in environment.iter().enumerate() {
                if let Field::Known(value) | Field::Unknown(value) = entry.get("value") {
                    scan(check, label, value, || format!("environment variable {}", variable_label(entry, position)));
                }
            }
        }
        for key in ["command", "entryPoint"] {
            let list = container.get(key);
            if list.is_unknown() {
                check.undecided(list, format!("Container {label}: {key} is not known before deployment."));
            }
            for (position, argument) in list.items().iter().enumerate() {
                scan(check, label, argument, || format!("{key}[{position}]"));
            }
        }
    }
}

/// One value: a failure naming the kind of material, undecided when unknown, nothing otherwise. `place`
/// names the value for a message; most values produce none, so it is named only then.
fn scan(check: &mut Check<'_>, label: ContainerLabel<'_>, value: &Node, place: impl Fn() -> String) {
    if value.is_unknown() {
        check.undecided(value, format!("Container {label}: {} is not known before deployment, so it was not scanned for credentials.", place()));
    } else if let Some(material) = value.as_str().and_then(find_material) {
        check.fail(value, format!("Container {label}: {} holds what looks like {}.", place(), material.describe()));
    }
}
