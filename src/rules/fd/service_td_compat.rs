use super::{family, workload_label, WORKLOADS};
use crate::rules::support::{task_definition_is_fargate, workload_is_fargate, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Linked, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-18",
    name: "service-td-compat",
    title: "Fargate service with non-Fargate TD",
    severity: Severity::High,
    kinds: WORKLOADS,
    description: "A workload that runs on Fargate — by `launchType: FARGATE`, by a FARGATE/FARGATE_SPOT capacity provider, or \
        by its cluster's default capacity provider strategy — can only launch a task definition whose \
        `requiresCompatibilities` contains FARGATE; otherwise ECS answers \"Task definition does not support launch_type \
        FARGATE\". cfn-lint E3054, Checkov, Prowler and KICS read only `launchType` and miss the capacity-provider cases.",
    remediation: "Add `FARGATE` to the task definition's `requiresCompatibilities` (and meet the Fargate requirements: \
        awsvpc, task-level cpu/memory), or run the workload on EC2.",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3054" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Fargate service with an EC2-only task definition",
            expect: Expect::Fail,
            input: r#"[{"family": "app", "requiresCompatibilities": ["EC2"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
 {"serviceName": "web", "cluster": "prod", "taskDefinition": "app:7", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "FARGATE_SPOT capacity provider with a task definition without requiresCompatibilities (CloudFormation)",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "TaskDef"},
    "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}],
    "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d"]}}}}}}"#,
        },
        Example {
            title: "Fargate service with a task definition compatible with EC2 and FARGATE",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["EC2", "FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
 {"serviceName": "web", "taskDefinition": "arn:aws:ecs:us-east-1:111122223333:task-definition/app:7", "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "EC2 service with an EC2-only task definition",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["EC2"], "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]},
 {"serviceName": "web", "taskDefinition": "app", "launchType": "EC2"}]"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    let fargate = workload_is_fargate(workload);
    if fargate == Decision::No {
        return check.not_applicable();
    }
    let label = workload_label(workload);
    // Findings point at the workload's own taskDefinition field: it is in the document of the resource reported.
    let at = workload.body().get("taskDefinition");
    let td = match workload.task_definition() {
        Linked::Resolved(td) => td,
        Linked::NotWritten => return check.not_applicable(),
        Linked::Unresolved(why) => {
            return check.undecided(at, format!("{label} runs on Fargate, but its task definition is not readable ({why}), so its requiresCompatibilities cannot be checked."))
        }
    };
    let family = family(&td);
    match (task_definition_is_fargate(td.body()), fargate) {
        (Decision::Yes, _) => {}
        (Decision::No, Decision::Yes) => check.fail(at, format!("{label} runs on Fargate, but task definition '{family}' does not list FARGATE in requiresCompatibilities.")),
        (Decision::No, _) => check.undecided(
            at,
            format!("Task definition '{family}' does not list FARGATE in requiresCompatibilities, and whether {label} runs on Fargate is not known before deployment."),
        ),
        (Decision::Unknown(_), _) => check.undecided(at, format!("The requiresCompatibilities of task definition '{family}' is not known before deployment; {label} may run on Fargate.")),
    }
}
