use super::{presence, Presence, WORKLOADS};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-17",
    name: "launchtype-xor-capacity",
    title: "launchType and capacityProviderStrategy both set",
    severity: Severity::Critical,
    kinds: WORKLOADS,
    description: "A service, run-task call or task set chooses its infrastructure either with `launchType` or with a \
        `capacityProviderStrategy`, never both: \"If a capacityProviderStrategy is specified, the launchType parameter \
        must be omitted\" (API_CreateService, API_RunTask, API_CreateTaskSet). Setting both is rejected. An empty strategy \
        list counts as not set.",
    remediation: "Keep one: remove `launchType` to use capacity providers (FARGATE, FARGATE_SPOT or an Auto Scaling group \
        provider), or remove `capacityProviderStrategy` to use the launch type.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "service with launchType and a FARGATE_SPOT strategy",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "app:2", "launchType": "FARGATE",
  "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]}"#,
        },
        Example {
            title: "run-task request with both",
            expect: Expect::Fail,
            input: r#"{"cluster": "prod", "taskDefinition": "job", "launchType": "FARGATE", "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1}]}"#,
        },
        Example {
            title: "capacity provider strategy only",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "app:2",
  "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 3}]}"#,
        },
        Example {
            title: "launchType with an empty strategy list (describe-services output)",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "app:2", "launchType": "FARGATE", "capacityProviderStrategy": []}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    let body = workload.body();
    let launch_type = body.get("launchType");
    let strategy = presence(body.get("capacityProviderStrategy"));
    match (presence(launch_type), strategy) {
        (Presence::Yes(node), Presence::Yes(_)) => {
            check.fail(node, "launchType is set together with capacityProviderStrategy; the API accepts one or the other, not both.")
        }
        (Presence::Unknown(node), Presence::Yes(_) | Presence::Unknown(_)) => check.undecided(
            node,
            "launchType is not known before deployment, and capacityProviderStrategy is also set; the API rejects both together.",
        ),
        (Presence::Yes(_), Presence::Unknown(node)) => check.undecided(
            node,
            "capacityProviderStrategy is not known before deployment, and launchType is also set; the API rejects both together.",
        ),
        _ => {}
    }
}
