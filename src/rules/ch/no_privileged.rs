use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Edit, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-01",
    name: "no-privileged",
    title: "Privileged container",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "`containerDefinitions[].privileged: true` gives the container root on the host: every kernel \
        capability, all host devices, and no seccomp or AppArmor confinement; `linuxParameters.capabilities` is \
        ignored. An escape from such a container owns the instance and every other task on it. Fargate rejects \
        the parameter (FD-06 reports that); on EC2 it is accepted silently.",
    remediation: "Remove `privileged` (or set it to `false`). If the workload needs one specific privilege, add only \
        that capability under `linuxParameters.capabilities.add` on EC2.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.4" },
        Equivalent { tool: "AWS Config", id: "ecs-containers-nonprivileged" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_334" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_no_privileged_containers" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.11" },
        Equivalent { tool: "Pulumi compliance-policies", id: "aws-ecs-taskdefinition-disallow-privileged-containers" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "`\"privileged\": true` (Checkov CKV_AWS_334 reads `privilege` and misses it)",
            expect: Expect::Fail,
            input: r#"{"family": "agent", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "agent", "image": "datadog/agent:7", "memory": 256, "privileged": true}]}"#,
        },
        Example {
            title: "CloudFormation `Privileged: \"true\"` written as a string",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "agent", "Image": "datadog/agent:7", "Memory": 256, "Privileged": "true"}]}}}}"#,
        },
        Example {
            title: "`privileged: false` and an unset flag",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [
  {"name": "web", "image": "nginx:1.27", "memory": 256, "privileged": false},
  {"name": "sidecar", "image": "envoyproxy/envoy:v1.31.0", "memory": 128}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let field = container.get("privileged");
        match field {
            Field::Unknown(_) => check.undecided(
                field,
                format!("Container {}: privileged is not known before deployment.", container_label(container, index)),
            ),
            Field::Known(node) if node.as_bool() == Some(true) => check.fail_with_fix(
                field,
                format!("Container {} is privileged: it runs with every capability and full access to the host's devices.", container_label(container, index)),
                vec![Edit::remove(field)],
            ),
            _ => {}
        }
    }
}
