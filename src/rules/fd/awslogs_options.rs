use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers, task_definition_is_fargate, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-11",
    name: "awslogs-options",
    title: "Required awslogs options missing",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "The `awslogs` log driver needs `awslogs-group` and `awslogs-region` in `logConfiguration.options`, and on \
        Fargate also `awslogs-stream-prefix` (\"Required: Yes, when using Fargate\", API_LogConfiguration / \
        using_awslogs.html). Without them the container cannot start or its log streams cannot be tied to tasks. cfn-lint \
        E3046 checks group and region only.",
    remediation: "Add `awslogs-group`, `awslogs-region` and (on Fargate) `awslogs-stream-prefix` to the container's \
        `logConfiguration.options`.",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3046" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "awslogs on Fargate without awslogs-stream-prefix",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1"}}}]}"#,
        },
        Example {
            title: "awslogs without options on EC2",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["EC2"],
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Memory": 256, "LogConfiguration": {"LogDriver": "awslogs"}}]}}}}"#,
        },
        Example {
            title: "all three options on Fargate (group as a Ref)",
            expect: Expect::Pass,
            input: r#"{"Resources": {
  "Logs": {"Type": "AWS::Logs::LogGroup"},
  "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
    "ExecutionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "LogConfiguration": {"LogDriver": "awslogs",
      "Options": {"awslogs-group": {"Ref": "Logs"}, "awslogs-region": {"Ref": "AWS::Region"}, "awslogs-stream-prefix": "web"}}}]}}}}"#,
        },
        Example {
            title: "awslogs on EC2 without a stream prefix",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1"}}}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let Some(containers) = known_containers(check, body) else { return };
    let fargate = task_definition_is_fargate(body);
    let mut any = false;
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let config = container.get("logConfiguration");
        let driver = config.get("logDriver");
        if driver.is_unknown() {
            check.undecided(driver, format!("Container {label}: logDriver is not known before deployment; awslogs needs awslogs-group and awslogs-region."));
            continue;
        }
        if driver.as_str() != Some("awslogs") {
            continue;
        }
        any = true;
        let options = config.get("options");
        if options.is_unknown() {
            check.undecided(options, format!("Container {label}: the awslogs options are not known before deployment."));
            continue;
        }
        for key in ["awslogs-group", "awslogs-region"] {
            if blank(options.get(key)) {
                check.fail(options.get(key), format!("Container {label} uses awslogs without the {key} option, which the driver requires."));
            }
        }
        let prefix = options.get("awslogs-stream-prefix");
        if blank(prefix) {
            match fargate {
                Decision::Yes => check.fail(prefix, format!("Container {label} uses awslogs on Fargate without awslogs-stream-prefix, which Fargate requires.")),
                Decision::Unknown(at) => check.undecided(at, format!("requiresCompatibilities is not known before deployment; on Fargate container {label} needs awslogs-stream-prefix.")),
                Decision::No => {}
            }
        }
    }
    if !any {
        check.not_applicable();
    }
}

/// Missing, null or an empty string; an unknown value (a Ref to a log group) is a value that will be set.
fn blank(field: Field<'_>) -> bool {
    match field {
        Field::Known(node) => node.as_text().map_or(true, |text| text.trim().is_empty()),
        Field::Unknown(_) => false,
        Field::Absent { .. } => true,
    }
}
