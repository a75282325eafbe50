use super::secret_references;
use crate::model::Kind;
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SE-05",
    name: "secrets-without-exec-role",
    title: "Secrets referenced without execution role",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "ECS fetches `secrets`, log `secretOptions` and private registry `repositoryCredentials` with the \
        task execution role, before the containers start. A task definition that references any of them without \
        `executionRoleArn` registers fine and then every task fails to start.",
    remediation: "Set `executionRoleArn` to a role that ECS tasks can assume, allowed `secretsmanager:GetSecretValue` \
        and/or `ssm:GetParameters` on the referenced secrets and parameters (plus `kms:Decrypt` for a \
        customer-managed key), e.g. based on `AmazonECSTaskExecutionRolePolicy`.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "secrets without executionRoleArn",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
  "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}]}]}"#,
        },
        Example {
            title: "private registry credentials without executionRoleArn (CloudFormation)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": "registry.example.com/web:1.0",
    "RepositoryCredentials": {"CredentialsParameter": "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry-AbCdEf"}}]}}}}"#,
        },
        Example {
            title: "secrets with an execution role",
            expect: Expect::Pass,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}]}]}"#,
        },
        Example {
            title: "no secret references (not applicable)",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "secrets": []}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let body = td.body();
    let role = body.get("executionRoleArn");
    // An unknown role is one that will be set.
    if role.is_unknown() || role.as_str().is_some_and(|r| !r.trim().is_empty()) {
        return;
    }
    let Some(containers) = known_containers(check, body) else { return };
    let mut referencing = Vec::new();
    let mut maybe = None;
    for (index, container) in containers.iter().enumerate() {
        let (references, unknown) = secret_references(container);
        if !references.is_empty() {
            referencing.push(container_label(container, index));
        } else if let Some(list) = unknown.first() {
            maybe.get_or_insert((*list, container_label(container, index)));
        }
    }
    if !referencing.is_empty() {
        check.fail(
            role,
            format!(
                "Container(s) {} reference secrets or registry credentials, but the task definition has no executionRoleArn to fetch them with.",
                referencing.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
        );
    } else if let Some((list, label)) = maybe {
        check.undecided(list, format!("Container {label}: whether it references secrets is not known before deployment, and there is no executionRoleArn."));
    } else {
        check.not_applicable();
    }
}
