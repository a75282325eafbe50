use crate::model::{Field, Kind};
use crate::rules::support::{capability, container_label, known_containers, operating_system, Os};
use crate::rules::{Check, Edit, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-09",
    name: "capabilities-not-dropped",
    title: "Default capabilities not dropped",
    severity: Severity::Low,
    kinds: &[Kind::TaskDefinition],
    description: "Linux containers start with the container runtime's default capability set (CHOWN, DAC_OVERRIDE, \
        NET_RAW, SETUID, …). Dropping `ALL` in `linuxParameters.capabilities.drop` and adding back only what the \
        process needs limits what a compromised container can do. Privileged containers ignore add/drop \
        (API_KernelCapabilities), so they are not judged here (CH-01 and FD-06 report them); Windows task \
        definitions have no Linux capabilities.",
    remediation: "Add `\"linuxParameters\": {\"capabilities\": {\"drop\": [\"ALL\"]}}` to each container and add back \
        only the capabilities it needs.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "no drop list",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "drops some capabilities but not ALL",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
  "linuxParameters": {"capabilities": {"drop": ["NET_RAW", "MKNOD"]}}}]}"#,
        },
        Example {
            title: "drops ALL",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
  "linuxParameters": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}}]}"#,
        },
        Example {
            title: "drops ALL in CloudFormation",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "LinuxParameters": {"Capabilities": {"Drop": ["ALL"]}}}]}}}}"#,
        },
        Example {
            title: "privileged container (add/drop ignored)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "agent", "image": "agent:1", "memory": 256, "privileged": true}]}"#,
        },
        Example {
            title: "Windows task definition",
            expect: Expect::Pass,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    match operating_system(body) {
        Os::Linux => {}
        Os::Windows => return check.not_applicable(),
        Os::Unknown(at) => {
            return check.undecided(at, "runtimePlatform.operatingSystemFamily is not known before deployment (the rule applies to Linux only).")
        }
    }
    let Some(containers) = known_containers(check, body) else { return };
    let mut judged = false;
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let privileged = container.get("privileged");
        if privileged.as_bool() == Some(true) {
            continue; // rules.md §5.5: privileged ignores add/drop.
        }
        judged = true;
        let drop = container.get("linuxParameters").get("capabilities").get("drop");
        let drops_all = match drop {
            Field::Unknown(_) => {
                check.undecided(drop, format!("Container {label}: capabilities.drop is not known before deployment."));
                continue;
            }
            Field::Absent { .. } => false,
            Field::Known(list) => {
                let items = list.items();
                let all = items.iter().any(|item| item.as_str().is_some_and(|raw| capability(raw).0 == "ALL"));
                if let Some(item) = items.iter().find(|item| item.is_unknown()).filter(|_| !all) {
                    check.undecided(item, format!("Container {label}: an entry of capabilities.drop is not known before deployment."));
                    continue;
                }
                all
            }
        };
        if drops_all {
            continue;
        }
        if privileged.is_unknown() {
            check.undecided(privileged, format!("Container {label} does not drop ALL capabilities and whether it is privileged is not known before deployment."));
        } else if drop.is_absent() {
            let fix = Edit::set_path(container, &["linuxParameters", "capabilities", "drop"], serde_json::json!(["ALL"]));
            check.fail_with_fix(drop, format!("Container {label} keeps the default capabilities: capabilities.drop is not set to include ALL."), fix.into_iter().collect());
        } else {
            // ALL subsumes the names listed.
            check.fail_with_fix(drop, format!("Container {label} keeps some default capabilities: capabilities.drop does not include ALL."), vec![Edit::set(drop, serde_json::json!(["ALL"]))]);
        }
    }
    if !judged {
        check.not_applicable();
    }
}
