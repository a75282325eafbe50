use crate::model::{Field, Kind};
use crate::rules::support::{enum_is, Decision};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-11",
    name: "desired-count-zero",
    title: "Replica service with zero tasks",
    severity: Severity::Info,
    kinds: &[Kind::Service],
    description: "A REPLICA service (the default scheduling strategy) with `desiredCount: 0` runs no tasks: a \
        deployment of it proves nothing and serves nothing. Often deliberate (scaled to zero, or left to Application \
        Auto Scaling), sometimes a Terraform `desired_count` left at its default of 0.",
    remediation: "Set `desiredCount` to the number of tasks the service should run, or suppress this finding with a \
        reason if the service is scaled to zero on purpose.",
    equivalents: &[
        Equivalent { tool: "KICS", id: "tf:ecs_service_without_running_tasks" },
        Equivalent { tool: "KICS", id: "cf:ecs_service_without_running_tasks" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "replica service with desiredCount 0",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "desiredCount": 0}"#,
        },
        Example {
            title: "two replicas",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "schedulingStrategy": "REPLICA", "desiredCount": 2}"#,
        },
        Example {
            title: "daemon service",
            expect: Expect::Pass,
            input: r#"{"serviceName": "agent", "taskDefinition": "agent:1", "launchType": "EC2", "schedulingStrategy": "DAEMON", "desiredCount": 0}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, service: &Subject<'_>) {
    let body = service.body();
    let strategy = enum_is(body.get("schedulingStrategy"), "DAEMON");
    if strategy == Decision::Yes {
        return check.not_applicable();
    }
    let count = body.get("desiredCount");
    let zero = match count {
        Field::Unknown(_) => return check.undecided(count, "desiredCount is not known before deployment."),
        Field::Known(node) => node.as_f64() == Some(0.0),
        Field::Absent { .. } => false,
    };
    if !zero {
        return;
    }
    match strategy {
        Decision::Unknown(at) => check.undecided(at, "desiredCount is 0 and schedulingStrategy is not known before deployment."),
        _ => check.fail(count, "The REPLICA service has desiredCount 0, so it runs no tasks."),
    }
}
