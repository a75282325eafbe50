use crate::rules::support::ContainerLabel;
use super::{old_platform, workload_label, OldPlatform};
use crate::config::glob_match;
use crate::facts::{FARGATE_ADDABLE_CAPABILITY, LATEST_LINUX_PV};
use crate::model::{Field, Kind, Node};
use crate::rules::support::{capability, container_label, known_containers, task_definition_is_fargate, workload_is_fargate};
use crate::rules::{Check, Example, Expect, Param, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-08",
    name: "sys-ptrace-added",
    title: "SYS_PTRACE added (audit)",
    severity: Severity::Info,
    kinds: &[Kind::TaskDefinition],
    description: "SYS_PTRACE lets a container trace and inspect other processes in the task; it is expected only for \
        tracing, debugging or runtime-security (Falco-style) images. Each container that adds it is reported at \
        severity info unless its image matches `allowedImages`. Fargate supports adding SYS_PTRACE only from platform \
        version 1.4.0 (platform-linux-fargate.html), so a Fargate service, run-task call or task set that runs the task \
        definition on 1.0.0–1.3.0 raises the finding to high, allow-listed or not. `CAP_SYS_PTRACE` and lower-case \
        spellings count as SYS_PTRACE (rules.md §5.3).",
    remediation: "Remove SYS_PTRACE unless the container is a tracing or security agent that needs it; list such \
        images in the rule's `allowedImages` parameter. Run tasks that add it on platform version `LATEST` (1.4.0).",
    equivalents: &[],
    params: &[Param {
        name: "allowedImages",
        description: "Glob patterns (`*` matches any run of characters) on `image`; containers whose image matches \
            get no info finding (the escalation to high still applies).",
        default: "[]",
    }],
    check,
    examples: &[
        Example {
            title: "SYS_PTRACE on a debugging sidecar",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"},
    {"name": "debug", "image": "busybox:1.36", "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE"]}}}]}"#,
        },
        Example {
            title: "CAP_SYS_PTRACE spelling counts",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "debug", "image": "busybox:1.36",
  "linuxParameters": {"capabilities": {"add": ["CAP_SYS_PTRACE"]}}}]}"#,
        },
        Example {
            title: "SYS_PTRACE run by a Fargate service on 1.3.0 (high)",
            expect: Expect::Fail,
            input: r#"[{"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
   "containerDefinitions": [{"name": "falco", "image": "falcosecurity/falco:0.39.0", "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE"]}}}]}]"#,
        },
        Example {
            title: "no capabilities added",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "linuxParameters": {"capabilities": {"drop": ["ALL"]}}}]}"#,
        },
        Example {
            title: "only other capabilities added (FG-07's concern)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "vpn", "image": "vpn:2", "memory": 256, "linuxParameters": {"capabilities": {"add": ["NET_ADMIN"]}}}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let Some(containers) = known_containers(check, body) else { return };
    let allowed = check.param_strings("allowedImages");
    // Workloads that run this task definition on Fargate before 1.4.0, where adding SYS_PTRACE is unsupported.
    let td_fargate = task_definition_is_fargate(body);
    let mut old = Vec::new();
    let mut unknown = Vec::new();
    for workload in td.workloads().filter(|w| w.kind().is_workload()) {
        if !(td_fargate.is_yes() || workload_is_fargate(&workload).is_yes()) {
            continue;
        }
        match old_platform(&workload) {
            OldPlatform::Yes(version, _) => old.push((workload_label(&workload), version)),
            OldPlatform::Unknown(_) => unknown.push(workload_label(&workload)),
            OldPlatform::No => {}
        }
    }
    let mut found = false;
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let add = container.get("linuxParameters").get("capabilities").get("add");
        if add.is_unknown() {
            check.undecided(add, format!("Container {label}: capabilities.add is not known before deployment."));
            continue;
        }
        for value in add.items() {
            if value.is_unknown() {
                check.undecided(value, format!("Container {label}: an added capability is not known before deployment."));
                continue;
            }
            if !value.as_str().is_some_and(|raw| capability(raw).0 == FARGATE_ADDABLE_CAPABILITY) {
                continue;
            }
            found = true;
            for (workload, version) in &old {
                check.fail_with(
                    Severity::High,
                    value,
                    format!(
                        "Container {label} adds SYS_PTRACE, which Fargate supports only from platform version {LATEST_LINUX_PV}; {workload} runs it on {version}."
                    ),
                );
            }
            for workload in &unknown {
                check.undecided(value, format!("Container {label} adds SYS_PTRACE and the platformVersion of {workload} is not known before deployment."));
            }
            if old.is_empty() {
                audit(check, &allowed, container, label, value);
            }
        }
    }
    if !found {
        check.not_applicable();
    }
}

/// The info finding, unless the container's image is allow-listed.
fn audit(check: &mut Check<'_>, allowed: &[String], container: &Node, label: ContainerLabel<'_>, value: &Node) {
    let image = container.get("image");
    if !allowed.is_empty() {
        match image {
            Field::Unknown(_) => {
                return check.undecided(image, format!("Container {label} adds SYS_PTRACE and its image is not known before deployment, so allowedImages cannot be applied."));
            }
            Field::Known(node) if node.as_str().is_some_and(|i| allowed.iter().any(|pattern| glob_match(pattern, i))) => return,
            _ => {}
        }
    }
    check.fail(value, format!("Container {label} adds SYS_PTRACE; expected only for tracing or security agents (allow-list their images in allowedImages)."));
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::findings_of;
    use crate::rules::{Severity, Status};
    use serde_json::json;

    const ON_1_3_0: &str = r#"[{"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"],
   "containerDefinitions": [{"name": "falco", "image": "falcosecurity/falco@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
     "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE"]}}}]}]"#;

    #[test]
    fn is_high_not_info_on_platform_version_1_3_0() {
        let findings = findings_of("FG-08", ON_1_3_0, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::High);
        assert!(findings[0].message.contains("Service 'web'") && findings[0].message.contains("1.3.0"), "{}", findings[0].message);
        // The image is irrelevant to the finding: neither its digest nor its name is echoed.
        assert!(!findings[0].message.contains("sha256") && !findings[0].message.contains("falcosecurity"), "{}", findings[0].message);
    }

    #[test]
    fn the_allow_list_removes_the_info_finding_but_not_the_escalation() {
        let config = json!({"rules": {"FG-08": {"params": {"allowedImages": ["falcosecurity/falco*"]}}}});
        let high = findings_of("FG-08", ON_1_3_0, &serde_json::json!({"config": config.clone()}).to_string());
        assert_eq!(high.len(), 1);
        assert_eq!(high[0].severity, Severity::High);
        let latest = ON_1_3_0.replace("1.3.0", "LATEST");
        assert!(findings_of("FG-08", &latest, &serde_json::json!({"config": config}).to_string()).is_empty());
        let info = findings_of("FG-08", &latest, "");
        assert_eq!(info.len(), 1);
        assert_eq!(info[0].severity, Severity::Info);
    }

    #[test]
    fn an_unknown_image_with_an_allow_list_is_undecided() {
        let template = r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "falco", "Image": {"Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/falco:1"},
    "LinuxParameters": {"Capabilities": {"Add": ["SYS_PTRACE"]}}}]}}}}"#;
        let config = json!({"rules": {"FG-08": {"params": {"allowedImages": ["*/falco:*"]}}}});
        let findings = findings_of("FG-08", template, &serde_json::json!({"config": config}).to_string());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Undecided);
    }
}
