use crate::model::{Kind, Node};
use crate::rules::support::{enum_is, is_old_platform, is_true, operating_system, platform_version, Decision, Os, PlatformVersion};
use crate::rules::{Check, Example, Expect, Linked, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "CS-04",
    name: "exec-enabled",
    title: "Interactive shell enabled on workload",
    severity: Severity::Medium,
    kinds: &[Kind::Service, Kind::RunTask],
    description: "`enableExecuteCommand: true` lets anyone allowed `ecs:ExecuteCommand` open an interactive shell in \
        the workload's running containers, with the task role's credentials at hand. Raised to high when those \
        sessions leave no record — the linked cluster's `executeCommandConfiguration.logging` is NONE, or it is \
        DEFAULT (explicitly or unset) and no container of the linked task definition uses the awslogs driver, which \
        DEFAULT logging writes through — or when the workload runs on Fargate platform version < 1.4.0, which does not \
        support ECS Exec.",
    remediation: "Turn `enableExecuteCommand` off outside break-glass situations. Where it must stay on, restrict \
        `ecs:ExecuteCommand` by cluster, container and tag in IAM, log sessions (cluster `executeCommandConfiguration` \
        with logging DEFAULT plus awslogs containers, or OVERRIDE with a log group or bucket) and use platform version \
        LATEST (1.4.0).",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "exec enabled on a service",
            expect: Expect::Fail,
            input: r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "launchType": "FARGATE", "enableExecuteCommand": true,
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"], "securityGroups": ["sg-0a1b2c3d"]}}}"#,
        },
        Example {
            title: "CloudFormation: exec enabled on a cluster that logs nothing (high)",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"Configuration": {"ExecuteCommandConfiguration": {"Logging": "NONE"}}}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"}, "TaskDefinition": "web:3", "LaunchType": "FARGATE",
    "EnableExecuteCommand": true}}}}"#,
        },
        Example {
            title: "run-task with exec on platform version 1.3.0 (high)",
            expect: Expect::Fail,
            input: r#"{"cluster": "prod", "taskDefinition": "debug:1", "launchType": "FARGATE", "platformVersion": "1.3.0", "enableExecuteCommand": true}"#,
        },
        Example {
            title: "exec not enabled",
            expect: Expect::Pass,
            input: r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "launchType": "FARGATE", "enableExecuteCommand": false}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    let flag = workload.body().get("enableExecuteCommand");
    match is_true(flag) {
        Decision::No => return,
        Decision::Unknown(at) => return check.undecided(at, "enableExecuteCommand is not known before deployment."),
        Decision::Yes => {}
    }
    let task_definition = match workload.task_definition() {
        Linked::Resolved(td) => Some(td),
        Linked::NotWritten | Linked::Unresolved(_) => None,
    };
    let mut reasons: Vec<String> = Vec::new();
    if let Linked::Resolved(cluster) = workload.cluster() {
        let logging = super::exec_configuration(cluster.body()).get("logging");
        if enum_is(logging, "NONE").is_yes() {
            reasons.push("the cluster's executeCommandConfiguration.logging is NONE".into());
        } else if (logging.is_absent() || enum_is(logging, "DEFAULT").is_yes())
            && task_definition.is_some_and(|td| without_awslogs(td.body()))
        {
            reasons.push("the cluster logs exec sessions through awslogs (DEFAULT) but no container uses the awslogs driver".into());
        }
    }
    // Unlinked task definition: the OS is not known, and "PV < 1.4.0" counts as Linux (rules.md §5.2).
    let os = task_definition.map_or(Os::Linux, |td| operating_system(td.body()));
    let version = platform_version(workload);
    if let (Decision::Yes, PlatformVersion::Explicit(v, _)) = (is_old_platform(version, os), version) {
        reasons.push(format!("platform version {v} is older than 1.4.0 and does not support ECS Exec"));
    }
    let message = "enableExecuteCommand is true: anyone allowed ecs:ExecuteCommand gets an interactive shell in the running containers";
    if reasons.is_empty() {
        check.fail(flag, format!("{message}."));
    } else {
        check.fail_with(Severity::High, flag, format!("{message}, and {}.", reasons.join("; ")));
    }
}

/// Every container is known and none logs with awslogs, so DEFAULT exec logging records nothing.
fn without_awslogs(td: &Node) -> bool {
    let containers = td.get("containerDefinitions");
    !containers.is_unknown()
        && containers.items().iter().all(|c| {
            let driver = c.get("logConfiguration").get("logDriver");
            !driver.is_unknown() && driver.as_str() != Some("awslogs")
        })
}

#[cfg(test)]
mod tests {
    use crate::api;
    use crate::rules::{Severity, Status};

    fn severities(input: &str) -> Vec<Severity> {
        let report = api::validate(input, api::ValidateOptions::default()).expect("valid options");
        report.findings.iter().filter(|f| f.rule_id == "CS-04" && f.status == Status::Fail).map(|f| f.severity).collect()
    }

    #[test]
    fn escalations_follow_the_linked_cluster_and_platform_version() {
        let examples: Vec<Vec<Severity>> = super::RULE.examples.iter().map(|e| severities(e.input)).collect();
        assert_eq!(examples, [vec![Severity::Medium], vec![Severity::High], vec![Severity::High], vec![]]);
        // Cluster logging unset (DEFAULT): high only when no container of the linked task definition uses awslogs.
        let with_driver = |driver: &str| {
            format!(
                r#"[{{"clusterName": "prod"}}, {{"family": "web", "containerDefinitions": [{{"name": "web", "image": "nginx:1.27", "logConfiguration": {{"logDriver": "{driver}"}}}}]}},
                   {{"serviceName": "web", "cluster": "prod", "taskDefinition": "web", "launchType": "FARGATE", "enableExecuteCommand": true}}]"#
            )
        };
        assert_eq!(severities(&with_driver("awsfirelens")), [Severity::High]);
        assert_eq!(severities(&with_driver("awslogs")), [Severity::Medium]);
    }
}
