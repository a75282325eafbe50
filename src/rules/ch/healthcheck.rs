use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CH-10",
    name: "healthcheck",
    title: "Essential container without health check",
    severity: Severity::Low,
    kinds: &[Kind::TaskDefinition],
    description: "Without `healthCheck.command` ECS only notices an essential container that has exited; one that \
        hangs or stops serving keeps the task RUNNING and healthy until a load balancer (if any) notices. \
        `essential` defaults to true when omitted, so every container without `essential: false` is judged.",
    remediation: "Add a `healthCheck` with a `command` (e.g. `[\"CMD-SHELL\", \"curl -f http://localhost/health || exit 1\"]`) \
        to each essential container, with interval, timeout, retries and startPeriod suited to it.",
    equivalents: &[Equivalent { tool: "KICS", id: "cf:ecs_task_definition_healthcheck_missing" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "container without `essential` (defaults to true) and without a health check",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
        Example {
            title: "healthCheck without command",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "essential": true,
  "healthCheck": {"interval": 30}}]}"#,
        },
        Example {
            title: "essential container with a health check; non-essential sidecar without one",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [
  {"name": "web", "image": "nginx:1.27", "memory": 256, "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}},
  {"name": "xray", "image": "amazon/aws-xray-daemon:3.3.12", "memory": 64, "essential": false}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let command = container.get("healthCheck").get("command");
        // An unknown command is still one that will be set.
        if command.is_unknown() || command.is_set() {
            continue;
        }
        let label = container_label(container, index);
        let essential = container.get("essential");
        match essential {
            Field::Unknown(_) => check.undecided(essential, format!("Container {label} has no health check and essential is not known before deployment.")),
            _ if essential.as_bool() == Some(false) => {}
            _ => check.fail(command, format!("Essential container {label} has no healthCheck.command, so ECS cannot tell when it stops working.")),
        }
    }
}
