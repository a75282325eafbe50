use crate::model::{Field, Kind};
use crate::rules::support::known_containers;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-13",
    name: "essential-container",
    title: "No essential container",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "A task definition must have at least one essential container: the task stops when an essential container \
        stops (API_ContainerDefinition). `essential` defaults to true when omitted, so this fires only when every \
        container says `essential: false` — a definition that is rejected at registration.",
    remediation: "Mark the main container `essential: true` (or remove `essential: false` from it); keep `false` for \
        sidecars whose exit should not stop the task.",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3042" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "every container non-essential",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": false}, {"name": "sidecar", "image": "envoy:1.30", "essential": false}]}"#,
        },
        Example {
            title: "single non-essential container in CloudFormation (boolean written as a string)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Essential": "false"}]}}}}"#,
        },
        Example {
            title: "essential omitted (defaults to true) next to a non-essential sidecar",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}, {"name": "sidecar", "image": "envoy:1.30", "essential": false}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let Some(containers) = known_containers(check, body) else { return };
    if containers.is_empty() {
        return check.not_applicable();
    }
    let mut unknown = None;
    for container in containers {
        match container.get("essential") {
            Field::Known(node) if node.as_bool() == Some(false) => {}
            Field::Unknown(node) => unknown = unknown.or(Some(node)),
            // Omitted (or any other value): essential, the default.
            _ => return,
        }
    }
    match unknown {
        Some(node) => check.undecided(node, "essential is not known before deployment for some containers, and every other container is non-essential."),
        None => check.fail(body.get("containerDefinitions"), "Every container sets essential to false; a task definition needs at least one essential container."),
    }
}
