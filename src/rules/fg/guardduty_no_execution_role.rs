use super::{agent_finding, require_agent_os};
use crate::model::Kind;
use crate::rules::support::{is_provided, require_fargate_task_definition};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-12",
    name: "guardduty-no-execution-role",
    title: "Fargate task gets no GuardDuty sidecar",
    severity: Severity::Medium,
    kinds: &[Kind::TaskDefinition],
    description: "GuardDuty Runtime Monitoring pulls its agent sidecar (`aws-gd-agent`) from ECR with the task's \
        execution role. A Fargate task definition without `executionRoleArn` starts its tasks without the agent, \
        silently: runtime threats in them go undetected (prereq-runtime-monitoring-ecs-support.html, \
        ecs-guard-duty-troubleshooting.html). Windows task definitions are skipped: the agent never runs in them \
        (FG-13 reports that).",
    remediation: "Set `executionRoleArn` to a role with the `AmazonECSTaskExecutionRolePolicy` managed policy (or \
        `ecr:GetAuthorizationToken`, `ecr:BatchCheckLayerAvailability`, `ecr:GetDownloadUrlForLayer`, \
        `ecr:BatchGetImage`), and make sure the task can reach ECR.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Fargate task definition without an execution role",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "Fargate task definition with an execution role",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#,
        },
        Example {
            title: "CloudFormation execution role from GetAtt",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512", "ExecutionRoleArn": {"Fn::GetAtt": ["ExecRole", "Arn"]},
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#,
        },
        Example {
            title: "Windows Fargate task definition (no agent on Windows: FG-13's finding)",
            expect: Expect::Pass,
            input: r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
  "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
  "containerDefinitions": [{"name": "app", "image": "mcr.microsoft.com/windows/servercore:ltsc2022"}]}"#,
        },
        Example {
            title: "EC2-only task definition",
            expect: Expect::Pass,
            input: r#"{"family": "app", "requiresCompatibilities": ["EC2"], "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    if !require_fargate_task_definition(check, body) {
        return;
    }
    let Some(os) = require_agent_os(check, body) else { return };
    let role = body.get("executionRoleArn");
    if !is_provided(role) {
        agent_finding(check, os, role, "The Fargate task definition has no executionRoleArn, so its tasks start without the GuardDuty Runtime Monitoring agent.");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::findings_of;
    use crate::rules::Status;

    #[test]
    fn the_missing_key_is_spelled_as_the_user_writes_it() {
        let template = r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#;
        let findings = findings_of("FG-12", template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].path.as_str(), findings[0].missing.as_deref()), ("/Resources/Task/Properties", Some("ExecutionRoleArn")));
    }

    #[test]
    fn an_unknown_operating_system_is_undecided() {
        let template = r#"{"Parameters": {"Os": {"Type": "String"}}, "Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "RequiresCompatibilities": ["FARGATE"], "RuntimePlatform": {"OperatingSystemFamily": {"Ref": "Os"}},
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#;
        let findings = findings_of("FG-12", template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Undecided);
    }
}
