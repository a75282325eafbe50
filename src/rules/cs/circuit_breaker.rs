use crate::model::{Field, Kind};
use crate::rules::support::{enum_is, is_true, Decision};
use crate::rules::{Check, Edit, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-07",
    name: "circuit-breaker",
    title: "Deployment circuit breaker off",
    severity: Severity::Low,
    kinds: &[Kind::Service],
    description: "Without `deploymentConfiguration.deploymentCircuitBreaker` (`enable` and `rollback` both true) a \
        rolling deployment whose tasks never become healthy keeps launching and stopping them until someone notices, \
        and the service stays on the broken revision. With it, ECS stops the deployment and rolls back to the last \
        working one. Applies to services using the ECS deployment controller (the default); CODE_DEPLOY and EXTERNAL \
        deployments roll back by other means.",
    remediation: "Set `deploymentConfiguration.deploymentCircuitBreaker` to `{\"enable\": true, \"rollback\": true}` \
        (CloudFormation `DeploymentConfiguration.DeploymentCircuitBreaker`, Terraform `deployment_circuit_breaker`).",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "no circuit breaker",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "desiredCount": 2,
  "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100}}"#,
        },
        Example {
            title: "CloudFormation: circuit breaker without rollback",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "web:3", "LaunchType": "FARGATE",
  "DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": false}}}}}}"#,
        },
        Example {
            title: "circuit breaker with rollback",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "desiredCount": 2,
  "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}}"#,
        },
        Example {
            title: "CodeDeploy blue/green service",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "taskDefinition": "web:3", "launchType": "FARGATE", "deploymentController": {"type": "CODE_DEPLOY"}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, service: &Subject<'_>) {
    let body = service.body();
    let controller = body.get("deploymentController").get("type");
    // No controller means the ECS (rolling) controller.
    if !controller.is_absent() {
        match enum_is(controller, "ECS") {
            Decision::Yes => {}
            Decision::No => return check.not_applicable(),
            Decision::Unknown(at) => return check.undecided(at, "deploymentController.type is not known before deployment."),
        }
    }
    let breaker = body.get("deploymentConfiguration").get("deploymentCircuitBreaker");
    match breaker {
        Field::Unknown(_) => return check.undecided(breaker, "deploymentCircuitBreaker is not known before deployment."),
        Field::Absent { .. } => {
            let on = serde_json::json!({"enable": true, "rollback": true});
            let fix = Edit::set_path(body, &["deploymentConfiguration", "deploymentCircuitBreaker"], on).into_iter().collect();
            return check.fail_with_fix(breaker, "The service has no deployment circuit breaker: a failing deployment is neither stopped nor rolled back.", fix);
        }
        Field::Known(_) => {}
    }
    for (key, consequence) in [("enable", "a failing deployment is not stopped"), ("rollback", "a stopped deployment is not rolled back")] {
        let field = breaker.get(key);
        match is_true(field) {
            Decision::Yes => {}
            Decision::No => check.fail_with_fix(field, format!("deploymentCircuitBreaker.{key} is not true: {consequence}."), vec![Edit::set(field, true.into())]),
            Decision::Unknown(at) => check.undecided(at, format!("deploymentCircuitBreaker.{key} is not known before deployment.")),
        }
    }
}
