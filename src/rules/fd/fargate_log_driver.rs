use super::{fargate_containers, presence, Presence};
use crate::facts::FARGATE_LOG_DRIVERS;
use crate::model::{Field, Kind};
use crate::rules::support::container_label;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-10",
    name: "fargate-log-driver",
    title: "Unsupported log driver",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "Tasks on Fargate support the `awslogs`, `splunk` and `awsfirelens` log drivers only (API_LogConfiguration). \
        `json-file`, `syslog`, `journald`, `fluentd`, `gelf` or `logentries` are rejected. Only containers that have a \
        `logConfiguration` are judged here; a container without one is LM-01's finding.",
    remediation: "Use `awslogs` for CloudWatch Logs, `awsfirelens` (a Fluent Bit or Fluentd sidecar) to route logs \
        elsewhere, or `splunk`.",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3048" }, Equivalent { tool: "cfn-lint", id: "E3713" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "json-file driver on Fargate",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "logConfiguration": {"logDriver": "json-file"}}]}"#,
        },
        Example {
            title: "fluentd driver in a CloudFormation Fargate task definition",
            expect: Expect::Fail,
            input: r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["EC2", "FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "LogConfiguration": {"LogDriver": "fluentd", "Options": {"fluentd-address": "10.0.0.5:24224"}}}]}}}}"#,
        },
        Example {
            title: "awslogs, awsfirelens and a container without logConfiguration",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "cloudwatch"}}},
    {"name": "log_router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", "firelensConfiguration": {"type": "fluentbit"},
     "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "firelens"}}},
    {"name": "sidecar", "image": "busybox:1.36"}]}"#,
        },
        Example {
            title: "EC2-only task definition with json-file",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "logConfiguration": {"logDriver": "json-file"}}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = fargate_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let config = container.get("logConfiguration");
        match presence(config) {
            // No logConfiguration: LM-01's finding (rules.md §5.11).
            Presence::No => continue,
            Presence::Unknown(node) => {
                check.undecided(node, format!("Container {label}: logConfiguration is not known before deployment; Fargate supports awslogs, splunk and awsfirelens only."));
                continue;
            }
            Presence::Yes(_) => {}
        }
        match config.get("logDriver") {
            Field::Known(node) if node.as_str().is_some_and(|driver| FARGATE_LOG_DRIVERS.contains(&driver)) => {}
            Field::Known(node) => check.fail(node, format!("Container {label}: logDriver is not supported on Fargate, which supports awslogs, splunk and awsfirelens only.")),
            Field::Unknown(node) => check.undecided(node, format!("Container {label}: logDriver is not known before deployment; Fargate supports awslogs, splunk and awsfirelens only.")),
            // A logConfiguration without a driver is incomplete; LM-01 reports the missing logDriver.
            Field::Absent { .. } => {}
        }
    }
}
