use crate::model::{Field, Kind};
use crate::rules::support::{workload_is_fargate, Decision};
use crate::rules::{At, Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-16",
    name: "fargate-scheduling",
    title: "DAEMON on Fargate",
    severity: Severity::Critical,
    kinds: &[Kind::Service],
    description: "The DAEMON scheduling strategy places one task on every container instance; Fargate has no instances, and \
        the CODE_DEPLOY and EXTERNAL deployment controllers do not support it either (API_CreateService). A DAEMON \
        service that runs on Fargate — by `launchType`, by a FARGATE/FARGATE_SPOT capacity provider or by its cluster's \
        default strategy — or that uses one of those controllers is rejected.",
    remediation: "Use `schedulingStrategy: REPLICA` with a `desiredCount`, or run the daemon on EC2 with the ECS \
        deployment controller.",
    equivalents: &[Equivalent { tool: "cfn-lint", id: "E3044" }],
    params: &[],
    check,
    examples: &[
        Example {
            title: "DAEMON service on Fargate",
            expect: Expect::Fail,
            input: r#"{"serviceName": "agent", "cluster": "prod", "taskDefinition": "agent:2", "launchType": "FARGATE", "schedulingStrategy": "DAEMON"}"#,
        },
        Example {
            title: "DAEMON on a cluster whose default capacity provider strategy is Fargate",
            expect: Expect::Fail,
            input: r#"[{"clusterName": "prod", "capacityProviders": ["FARGATE"], "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]},
 {"serviceName": "agent", "cluster": "prod", "taskDefinition": "agent:2", "schedulingStrategy": "DAEMON"}]"#,
        },
        Example {
            title: "DAEMON with the CODE_DEPLOY controller on EC2",
            expect: Expect::Fail,
            input: r#"{"serviceName": "agent", "taskDefinition": "agent:2", "launchType": "EC2", "schedulingStrategy": "DAEMON", "deploymentController": {"type": "CODE_DEPLOY"}}"#,
        },
        Example {
            title: "DAEMON on EC2 with the ECS controller",
            expect: Expect::Pass,
            input: r#"{"serviceName": "agent", "taskDefinition": "agent:2", "launchType": "EC2", "schedulingStrategy": "DAEMON"}"#,
        },
        Example {
            title: "REPLICA service on Fargate",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "app:2", "launchType": "FARGATE", "schedulingStrategy": "REPLICA", "desiredCount": 2}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, service: &Subject<'_>) {
    let body = service.body();
    let strategy = body.get("schedulingStrategy");
    match strategy {
        // REPLICA is the default.
        Field::Absent { .. } => return,
        Field::Known(node) if node.as_str() != Some("DAEMON") => return,
        _ => {}
    }
    let controller = body.get("deploymentController").get("type");
    // What rules DAEMON out, and the unknown value it hangs on, if any.
    let (blocker, unknown): (String, Option<At>) = match (controller.as_str(), workload_is_fargate(service)) {
        (Some(kind @ ("CODE_DEPLOY" | "EXTERNAL")), _) => (format!("the {kind} deployment controller"), None),
        (_, Decision::Yes) => ("Fargate".into(), None),
        (_, Decision::Unknown(at)) => ("Fargate (the launch type or capacity provider is not known before deployment)".into(), Some(at)),
        _ if controller.is_unknown() => ("the CODE_DEPLOY or EXTERNAL deployment controller (deploymentController.type is not known before deployment)".into(), Some(controller.into())),
        _ => return,
    };
    if strategy.is_unknown() {
        check.undecided(strategy, format!("schedulingStrategy is not known before deployment; DAEMON is not supported with {blocker}."));
    } else if let Some(at) = unknown {
        check.undecided(at, format!("schedulingStrategy is DAEMON, which is not supported with {blocker}."));
    } else {
        check.fail(strategy, format!("schedulingStrategy is DAEMON, which is not supported with {blocker}."));
    }
}
