use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "LM-01",
    name: "log-configuration",
    title: "Container without log configuration",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "A container without `logConfiguration.logDriver` sends its stdout and stderr nowhere you can read \
        after the task stops: on Fargate there is no host to look at, so crashes, security events and the output of \
        ECS Exec sessions (whose DEFAULT logging uses the task's awslogs configuration) are lost. Every container is \
        checked, sidecars included.",
    remediation: "Give every container a `logConfiguration`, e.g. `{\"logDriver\": \"awslogs\", \"options\": \
        {\"awslogs-group\": …, \"awslogs-region\": …, \"awslogs-stream-prefix\": …}}`, or route it through a FireLens \
        (`awsfirelens`) log router.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.9" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-log-configuration" },
        Equivalent { tool: "cdk-nag", id: "AwsSolutions-ECS7" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_logging_enabled" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.5" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "sidecar without logConfiguration",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "logConfiguration": {"logDriver": "awslogs",
      "options": {"awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web"}}},
    {"name": "proxy", "image": "envoyproxy/envoy:v1.31.0"}]}"#,
        },
        Example {
            title: "logConfiguration without logDriver",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "logConfiguration": {"options": {"awslogs-group": "/ecs/app"}}}]}"#,
        },
        Example {
            title: "every container logs",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [
    {"name": "web", "image": "nginx:1.27", "logConfiguration": {"logDriver": "awsfirelens"}},
    {"name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
      "firelensConfiguration": {"type": "fluentbit"},
      "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/firelens", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "router"}}}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let config = container.get("logConfiguration");
        match config {
            Field::Unknown(_) => check.undecided(config, format!("Container {label}: logConfiguration is not known before deployment.")),
            Field::Absent { .. } => check.fail(config, format!("Container {label} has no logConfiguration: its output is not collected.")),
            Field::Known(_) => {
                // A driver not known before deployment is still a driver: the API requires one in every logConfiguration.
                let driver = config.get("logDriver");
                if driver.is_absent() || driver.as_str().is_some_and(|s| s.trim().is_empty()) {
                    check.fail(driver, format!("Container {label}: logConfiguration has no logDriver, so its output is not collected."));
                }
            }
        }
    }
}
