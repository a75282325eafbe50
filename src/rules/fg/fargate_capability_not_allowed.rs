use crate::facts::FARGATE_ADDABLE_CAPABILITY;
use crate::model::{Field, Kind, Node};
use crate::rules::support::{capability, container_label, known_containers, require_fargate_task_definition};
use crate::rules::{Check, Edit, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-07",
    name: "fargate-capability-not-allowed",
    title: "Capability other than SYS_PTRACE added on Fargate",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "Tasks launched on Fargate only support adding the SYS_PTRACE kernel capability \
        (API_KernelCapabilities). Any other value in `linuxParameters.capabilities.add` (ALL, SYS_ADMIN, NET_ADMIN, \
        NET_RAW, …) makes the task fail to launch, late, at deploy time. Capability names are enum values without \
        the `CAP_` prefix: `CAP_SYS_PTRACE` or `sys_ptrace` are not the API's spelling. Such spellings are read for \
        their meaning (`CAP_NET_ADMIN` is NET_ADMIN and fails at the rule's severity); a non-enum spelling of \
        SYS_PTRACE itself is reported at severity info with the spelling to use (rules.md §5.3).",
    remediation: "Remove every capability other than SYS_PTRACE from `linuxParameters.capabilities.add`, and write \
        SYS_PTRACE exactly so. If the workload needs more privileges it cannot run on Fargate.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "SYS_ADMIN added on Fargate",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN"]}}}]}"#,
        },
        Example {
            title: "CAP_-prefixed spelling of SYS_PTRACE",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "linuxParameters": {"capabilities": {"add": ["CAP_SYS_PTRACE"]}}}]}"#,
        },
        Example {
            title: "CAP_-prefixed spelling of a forbidden capability",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "vpn", "image": "vpn:2", "linuxParameters": {"capabilities": {"add": ["CAP_NET_ADMIN"]}}}]}"#,
        },
        Example {
            title: "lower-case sys_ptrace",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "linuxParameters": {"capabilities": {"add": ["sys_ptrace"]}}}]}"#,
        },
        Example {
            title: "ALL in CloudFormation",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "LinuxParameters": {"Capabilities": {"Add": ["ALL"]}}}]}}}}"#,
        },
        Example {
            title: "only SYS_PTRACE added",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "falco", "image": "falcosecurity/falco:0.39.0", "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE"], "drop": ["ALL"]}}}]}"#,
        },
        Example {
            title: "EC2-only task definition may add NET_ADMIN",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "vpn", "image": "vpn:2", "memory": 256, "linuxParameters": {"capabilities": {"add": ["NET_ADMIN"]}}}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    if !require_fargate_task_definition(check, body) {
        return;
    }
    let Some(containers) = known_containers(check, body) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let add = container.get("linuxParameters").get("capabilities").get("add");
        if add.is_unknown() {
            check.undecided(add, format!("Container {label}: capabilities.add is not known before deployment."));
            continue;
        }
        let fix = allowed_only(add);
        for value in add.items() {
            let Some(raw) = value.as_str() else {
                if value.is_unknown() {
                    check.undecided(value, format!("Container {label}: an added capability is not known before deployment."));
                } else {
                    check.fail_with_fix(value, format!("Container {label}: capabilities.add holds a value that is not a capability name."), fix.clone());
                }
                continue;
            };
            let (name, exact) = capability(raw);
            // Capability values are short enum-like identifiers, safe to name in messages.
            let spelling = if exact { String::new() } else { format!(" (written `{}`, not the enum value `{name}`)", raw.trim()) };
            if name != FARGATE_ADDABLE_CAPABILITY {
                check.fail_with_fix(value, format!("Container {label} adds {name}{spelling}; Fargate only allows adding SYS_PTRACE and will reject the task."), fix.clone());
            } else if !exact {
                // The meaning is the allowed capability; only the spelling is off (rules.md §1.1: info "non-enum value").
                check.fail_fixable(
                    Severity::Info,
                    value,
                    format!("Container {label} adds SYS_PTRACE as a non-enum value{spelling}; write exactly `SYS_PTRACE`."),
                    fix.clone(),
                );
            }
        }
    }
}

/// The fix for every finding on one `add` list: the list with SYS_PTRACE alone, spelled as the enum (one edit
/// for the whole list, so that the fixes of several findings on it agree). None while an entry is unknown.
fn allowed_only(add: Field<'_>) -> Vec<Edit> {
    let items = add.items();
    if items.iter().any(Node::is_unknown) {
        return Vec::new();
    }
    let keeps_ptrace = items.iter().any(|item| item.as_str().is_some_and(|raw| capability(raw).0 == FARGATE_ADDABLE_CAPABILITY));
    let allowed: Vec<serde_json::Value> = keeps_ptrace.then(|| FARGATE_ADDABLE_CAPABILITY.into()).into_iter().collect();
    vec![Edit::set(add, allowed.into())]
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::findings_of;
    use crate::rules::Severity;

    fn td(add: &str) -> String {
        format!(
            r#"{{"family": "app", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{{"name": "web", "image": "nginx:1.27",
  "linuxParameters": {{"capabilities": {{"add": {add}}}}}}}]}}"#
        )
    }

    #[test]
    fn a_non_enum_spelling_of_sys_ptrace_is_info_and_names_the_spelling_to_use() {
        let findings = findings_of("FG-07", &td(r#"["CAP_SYS_PTRACE"]"#), "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Info);
        assert!(findings[0].message.contains("`SYS_PTRACE`"), "{}", findings[0].message);
    }

    #[test]
    fn a_prefixed_forbidden_capability_is_critical_and_named_for_its_meaning() {
        let findings = findings_of("FG-07", &td(r#"["CAP_NET_ADMIN", "SYS_PTRACE"]"#), "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Critical);
        assert!(findings[0].message.contains("adds NET_ADMIN"), "{}", findings[0].message);
        assert_eq!(findings[0].path, "/containerDefinitions/0/linuxParameters/capabilities/add/0");
    }
}
