use crate::model::Kind;
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SE-06",
    name: "env-file-unscanned",
    title: "S3 environment files bypass secret scanning",
    severity: Severity::Info,
    kinds: &[Kind::TaskDefinition],
    description: "`environmentFiles` load variables from `.env` objects in S3 when the task starts. Their contents \
        are not in the task definition, so neither this scan nor the AWS controls (Security Hub ECS.8, AWS \
        Config ecs-no-environment-secrets) can see a secret in them, and they are passed as plain environment \
        variables like `environment`.",
    remediation: "Keep secrets out of environment files: reference them under `secrets`. Restrict who can write the \
        S3 objects, enable bucket encryption and versioning, and scan the files in the pipeline that writes them.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "an S3 environment file",
            expect: Expect::Fail,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
    "environmentFiles": [{"type": "s3", "value": "arn:aws:s3:::config-bucket/app/prod.env"}]}]}"#,
        },
        Example {
            title: "no environment files",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
  "environment": [{"name": "LOG_LEVEL", "value": "info"}], "environmentFiles": []}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let files = container.get("environmentFiles");
        let label = container_label(container, index);
        if files.is_unknown() {
            check.undecided(files, format!("Container {label}: environmentFiles is not known before deployment."));
        } else if files.is_set() {
            check.fail(
                files,
                format!("Container {label} loads {} environment file(s) from S3; their contents cannot be scanned for secrets before deployment.", files.items().len()),
            );
        }
    }
}
