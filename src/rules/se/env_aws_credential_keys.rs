use super::known_environment;
use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

/// Variables that hold AWS or registry credentials (Security Hub ECS.8, AWS Config's default `secretKeys`).
const CREDENTIAL_VARIABLES: &[&str] = &["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"];

pub static RULE: Rule = Rule {
    id: "SE-01",
    name: "env-aws-credential-keys",
    title: "AWS credential variables in environment",
    severity: Severity::Critical,
    kinds: &[Kind::TaskDefinition],
    description: "`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `ECS_ENGINE_AUTH_DATA` in a container's \
        `environment` put long-lived credentials in plain text into the task definition, where anyone allowed \
        `ecs:DescribeTaskDefinition` can read them, and into every revision for good. Tasks get temporary AWS \
        credentials from their task role; registry credentials belong in `repositoryCredentials`. Names are \
        matched in any case.",
    remediation: "Remove the variables and grant the permissions through `taskRoleArn`. If a third-party credential \
        is unavoidable, store it in Secrets Manager or SSM Parameter Store and reference it under `secrets`.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.8" },
        Equivalent { tool: "AWS Config", id: "ecs-no-environment-secrets" },
        Equivalent { tool: "Trivy", id: "AVD-AWS-0036" },
        Equivalent { tool: "cdk-nag", id: "AwsSolutions-ECS2" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_no_environment_secrets" },
        Equivalent { tool: "Control Tower", id: "CT.ECS.PR.12" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "AWS_SECRET_ACCESS_KEY in environment",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
  "environment": [{"name": "AWS_REGION", "value": "us-east-1"}, {"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}]}]}"#,
        },
        Example {
            title: "CloudFormation Environment with AWS_ACCESS_KEY_ID (even with an empty value)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Environment": [{"Name": "AWS_ACCESS_KEY_ID", "Value": ""}]}]}}}}"#,
        },
        Example {
            title: "credentials from the task role; other AWS_ variables are fine",
            expect: Expect::Pass,
            input: r#"{"family": "app", "taskRoleArn": "arn:aws:iam::111122223333:role/app-task",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
    "environment": [{"name": "AWS_REGION", "value": "us-east-1"}, {"name": "AWS_DEFAULT_REGION", "value": "us-east-1"}]}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let Some(environment) = known_environment(check, container, label) else { continue };
        for (position, entry) in environment.iter().enumerate() {
            let name = entry.get("name");
            match name {
                Field::Unknown(_) => check.undecided(name, format!("Container {label}: the name of environment[{position}] is not known before deployment.")),
                Field::Known(node) => {
                    // The message names the listed variable, never what the user wrote.
                    let listed = node.as_str().and_then(|n| CREDENTIAL_VARIABLES.iter().find(|c| c.eq_ignore_ascii_case(n.trim())));
                    if let Some(variable) = listed {
                        check.fail(
                            name,
                            format!("Container {label} sets {variable} in environment: an AWS credential in plain text in the task definition."),
                        );
                    }
                }
                Field::Absent { .. } => {}
            }
        }
    }
}
