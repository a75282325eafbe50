use super::images;
use crate::model::Kind;
use crate::rules::support::is_provided;
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SC-03",
    name: "private-registry-auth",
    title: "Third-party private registry without credentials",
    severity: Severity::Info,
    kinds: &[Kind::TaskDefinition],
    description: "ECS pulls from private Amazon ECR with the execution role and from public registries anonymously; any \
        other registry usually needs `repositoryCredentials.credentialsParameter` (a Secrets Manager secret) or the \
        pull fails at launch (private-auth.html). Public registries are Docker Hub (no host, `docker.io`, \
        `index.docker.io`, `registry-1.docker.io`), `public.ecr.aws`, `mcr.microsoft.com`, `ghcr.io`, `quay.io`, \
        `gcr.io` and `registry.k8s.io` (rules.md §5.18); an image from another registry without credentials is \
        reported at severity info, since some registries allow anonymous pulls.",
    remediation: "Store the registry credentials in Secrets Manager and set the container's \
        `repositoryCredentials.credentialsParameter` to the secret's ARN (the execution role needs \
        `secretsmanager:GetSecretValue` on it), or mirror the image into Amazon ECR.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "self-hosted registry without credentials",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "registry.example.com:5000/team/web:1.2.3"}]}"#,
        },
        Example {
            title: "repositoryCredentials without credentialsParameter",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "registry.gitlab.com/group/web:1.2.3", "repositoryCredentials": {}}]}"#,
        },
        Example {
            title: "self-hosted registry with credentials",
            expect: Expect::Pass,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "registry.example.com:5000/team/web:1.2.3",
    "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry-AbCdEf"}}]}"#,
        },
        Example {
            title: "private ECR, Docker Hub without a host, and public registries",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [
  {"name": "web", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2"},
  {"name": "cache", "image": "redis:7"},
  {"name": "proxy", "image": "public.ecr.aws/nginx/nginx:1.27"},
  {"name": "exporter", "image": "quay.io/prometheus/node-exporter:v1.8.2"},
  {"name": "tool", "image": "ghcr.io/org/tool:2"}]}"#,
        },
        Example {
            title: "image from Fn::Sub (undecided, not a failure)",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": {"Fn::Sub": "${RegistryHost}/team/web:1"}}]}}}}"#,
        },
        Example {
            title: "CloudFormation credentials from a Ref",
            expect: Expect::Pass,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": "registry.example.com/team/web:1",
    "RepositoryCredentials": {"CredentialsParameter": {"Ref": "RegistrySecret"}}}]}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(images) = images(check, td.body()) else { return };
    let mut judged = false;
    for image in &images {
        let reference = image.reference();
        if reference.is_private_ecr() || reference.is_public_registry() {
            continue;
        }
        judged = true;
        let parameter = image.container.get("repositoryCredentials").get("credentialsParameter");
        if !is_provided(parameter) {
            check.fail(
                parameter,
                format!("Container {}: image is pulled from {}, a registry that is neither Amazon ECR nor public, without repositoryCredentials.credentialsParameter.", image.label, reference.registry()),
            );
        }
    }
    if !judged {
        check.not_applicable();
    }
}
