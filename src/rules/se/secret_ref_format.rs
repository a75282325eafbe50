use super::{secret_references, ReferenceKind};
use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SE-04",
    name: "secret-ref-format",
    title: "Malformed secret reference",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "`secrets[].valueFrom` and `logConfiguration.secretOptions[].valueFrom` take the full ARN of a \
        Secrets Manager secret (`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME`, optionally followed by \
        `:json-key:version-stage:version-id` with empty fields allowed), the ARN of an SSM parameter \
        (`arn:aws:ssm:REGION:ACCOUNT:parameter/NAME`) or the name of an SSM parameter. A bare name is looked up \
        as an SSM parameter in the task's own Region, so a parameter in another Region, and any Secrets Manager \
        secret, needs the full ARN. `repositoryCredentials.credentialsParameter` must be a Secrets Manager secret \
        ARN. A malformed reference is accepted at registration and fails every task launch with \
        ResourceInitializationError. Findings never repeat the value: a secret pasted in place of its reference \
        stays out of the report.",
    remediation: "Write the full ARN of the secret or parameter, e.g. \
        `arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf` or \
        `arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password`; to pick a JSON key write \
        `…:secret:prod/db-AbCdEf:password::`. If the value was the secret itself, rotate it.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "SSM parameter ARN written with `parameter:` instead of `parameter/`",
            expect: Expect::Fail,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
    "logConfiguration": {"logDriver": "fluentd", "secretOptions": [{"name": "fluentd-address", "valueFrom": "arn:aws:ssm:us-east-1:111122223333:parameter:/fluentd"}]}}]}"#,
        },
        Example {
            title: "Secrets Manager ARN with a JSON key but without the version fields",
            expect: Expect::Fail,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf:password"}]}]}"#,
        },
        Example {
            title: "repositoryCredentials given as an SSM parameter",
            expect: Expect::Fail,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution",
  "containerDefinitions": [{"name": "web", "image": "registry.example.com/web:1.0", "memory": 256,
    "repositoryCredentials": {"credentialsParameter": "arn:aws:ssm:us-east-1:111122223333:parameter/registry"}}]}"#,
        },
        Example {
            title: "every accepted form",
            expect: Expect::Pass,
            input: r#"{"family": "app", "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution",
  "containerDefinitions": [{"name": "web", "image": "registry.example.com/web:1.0", "memory": 256,
    "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:us-east-1:111122223333:secret:registry-AbCdEf"},
    "secrets": [
      {"name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"},
      {"name": "B", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf:password::"},
      {"name": "C", "valueFrom": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf::AWSPREVIOUS:"},
      {"name": "D", "valueFrom": "arn:aws-us-gov:ssm:us-gov-west-1:111122223333:parameter/prod/api/key"},
      {"name": "E", "valueFrom": "/prod/api/key"},
      {"name": "F", "valueFrom": "api_key.v2"}],
    "logConfiguration": {"logDriver": "splunk", "options": {"splunk-url": "https://splunk.example.com"},
      "secretOptions": [{"name": "splunk-token", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:splunk-AbCdEf"}]}}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let Some(containers) = known_containers(check, td.body()) else { return };
    let mut any = false;
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let (references, unknown) = secret_references(container);
        for list in unknown {
            any = true;
            check.undecided(list, format!("Container {label}: a list or object that may hold secret references is not known before deployment."));
        }
        for reference in references {
            any = true;
            let place = reference.place();
            let text = match reference.value {
                Field::Unknown(_) => {
                    check.undecided(reference.value, format!("Container {label}: {place} is not known before deployment."));
                    continue;
                }
                Field::Absent { .. } => {
                    check.fail(reference.value, format!("Container {label}: {place} is missing."));
                    continue;
                }
                Field::Known(node) => match node.as_text() {
                    Some(text) => text,
                    None => {
                        check.fail(reference.value, format!("Container {label}: {place} is not a string."));
                        continue;
                    }
                },
            };
            let form = classify(text.trim());
            let problem = match (reference.kind, form) {
                (_, Err(problem)) => problem,
                (ReferenceKind::RepositoryCredentials, Ok(Form::SecretsManagerArn)) => continue,
                (ReferenceKind::RepositoryCredentials, Ok(_)) => "is not a Secrets Manager secret ARN, which private registry credentials must be",
                (_, Ok(_)) => continue,
            };
            // The value itself never goes into the message: it may be the secret pasted in by mistake.
            check.fail(reference.value, format!("Container {label}: {place} {problem}."));
        }
    }
    if !any {
        check.not_applicable();
    }
}

/// The accepted forms of a secret reference.
#[derive(Debug, PartialEq, Eq)]
enum Form {
    SecretsManagerArn,
    SsmParameterArn,
    SsmParameterName,
}

const SECRETS_MANAGER_SHAPE: &str =
    "is not a well-formed Secrets Manager ARN (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME, optionally followed by all three of :json-key:version-stage:version-id)";
const SSM_SHAPE: &str = "is not a well-formed SSM parameter ARN (arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME)";

fn classify(value: &str) -> Result<Form, &'static str> {
    if value.is_empty() {
        return Err("is empty");
    }
    if !value.starts_with("arn:") {
        return if is_parameter_name(value) {
            Ok(Form::SsmParameterName)
        } else {
            Err("is neither an ARN nor a valid SSM parameter name (letters, digits and _ . - /)")
        };
    }
    let parts: Vec<&str> = value.split(':').collect();
    match parts.as_slice() {
        ["arn", partition, "secretsmanager", region, account, rest @ ..] => match rest {
            ["secret", name] | ["secret", name, _, _, _]
                if is_partition(partition) && is_region(region) && is_account(account) && is_secret_name(name) =>
            {
                Ok(Form::SecretsManagerArn)
            }
            _ => Err(SECRETS_MANAGER_SHAPE),
        },
        ["arn", partition, "ssm", region, account, resource] => match resource.strip_prefix("parameter/") {
            Some(name) if is_partition(partition) && is_region(region) && is_account(account) && is_parameter_name(name) => Ok(Form::SsmParameterArn),
            _ => Err(SSM_SHAPE),
        },
        ["arn", _, "ssm", ..] => Err(SSM_SHAPE),
        _ => Err("is an ARN of neither a Secrets Manager secret nor an SSM parameter"),
    }
}

/// `aws`, `aws-cn`, `aws-us-gov`, … (`aws[-a-z]*`).
fn is_partition(partition: &str) -> bool {
    partition.strip_prefix("aws").is_some_and(|rest| rest.bytes().all(|b| b == b'-' || b.is_ascii_lowercase()))
}

fn is_region(region: &str) -> bool {
    !region.is_empty() && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_account(account: &str) -> bool {
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())
}

/// Secrets Manager names: letters, digits and `/_+=.@-`.
fn is_secret_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"/_+=.@-".contains(&b))
}

/// SSM parameter names: letters, digits and `_.-`, with `/` between hierarchy levels.
fn is_parameter_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-/".contains(&b))
}
