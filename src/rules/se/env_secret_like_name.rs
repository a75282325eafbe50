use super::{known_environment, variable_label};
use crate::config::glob_match;
use crate::model::{Field, Kind};
use crate::rules::support::{container_label, known_containers};
use crate::rules::{Check, Equivalent, Example, Expect, Param, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "SE-02",
    name: "env-secret-like-name",
    title: "Secret-looking variable name with literal value",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "An environment variable whose name says it holds a secret (it contains password, passwd, secret, \
        token, api_key, apikey, private_key, access_key or credential) and whose value is written literally (not \
        empty, not an ARN) puts that secret in plain text into the task definition, readable by anyone allowed \
        `ecs:DescribeTaskDefinition` and kept in every revision. Names such as `*_ARN`, `*_NAME`, `*_PATH`, \
        `*_FILE` and `token_type*` usually point at a secret rather than hold it and are allowed. Patterns and \
        the allow-list are matched case-insensitively on both sides (rules.md §5.20), without regular \
        expressions: a configured pattern is plain text, so it cannot fail to compile the way Pulumi \
        compliance-policies' `(?i)` regular expression does in JavaScript.",
    remediation: "Store the value in Secrets Manager or SSM Parameter Store and reference it under the container's \
        `secrets` (`{\"name\": \"DB_PASSWORD\", \"valueFrom\": \"arn:aws:secretsmanager:…\"}`), which also needs an \
        execution role allowed to read it. If the variable is not a secret, add its name to `allowedNames`.",
    equivalents: &[
        Equivalent { tool: "Trivy", id: "AVD-AWS-0036" },
        Equivalent { tool: "KICS", id: "cf:ecs_task_definition_with_plaintext_password" },
        Equivalent { tool: "cdk-nag", id: "AwsSolutions-ECS2" },
        Equivalent { tool: "Prowler", id: "ecs_task_definitions_no_environment_secrets" },
        Equivalent { tool: "Pulumi compliance-policies", id: "aws-ecs-taskdefinition-disallow-secrets-in-env-vars" },
    ],
    params: &[
        Param {
            name: "secretNamePatterns",
            description: "Substrings that make a variable name look like a secret (case-insensitive, plain text).",
            default: r#"["password", "passwd", "secret", "token", "api_key", "apikey", "private_key", "access_key", "credential"]"#,
        },
        Param {
            name: "allowedNames",
            description: "Glob patterns (`*` = any run of characters) of variable names never reported (case-insensitive).",
            default: r#"["*_ARN", "*_NAME", "*_PATH", "*_FILE", "token_type*"]"#,
        },
    ],
    check,
    examples: &[
        Example {
            title: "DB_PASSWORD with a literal value",
            expect: Expect::Fail,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
  "environment": [{"name": "DB_HOST", "value": "db.internal"}, {"name": "DB_PASSWORD", "value": "correct-horse-battery-staple"}]}]}"#,
        },
        Example {
            title: "mixed-case name `Stripe_ApiKey` (matched case-insensitively)",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Environment": [{"Name": "Stripe_ApiKey", "Value": "not-a-real-key-123"}]}]}}}}"#,
        },
        Example {
            title: "ARN values, an empty value and allow-listed names",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256,
  "environment": [{"name": "DB_PASSWORD_SECRET", "value": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"},
    {"name": "API_TOKEN", "value": ""}, {"name": "db_password_arn", "value": "db/password"},
    {"name": "SECRET_FILE", "value": "/run/secrets/db"}, {"name": "TOKEN_TYPE", "value": "Bearer"}],
  "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"}]}],
  "executionRoleArn": "arn:aws:iam::111122223333:role/app-execution"}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    let patterns: Vec<String> = check.param_strings("secretNamePatterns").iter().map(|p| p.trim().to_ascii_lowercase()).filter(|p| !p.is_empty()).collect();
    let allowed: Vec<String> = check.param_strings("allowedNames").iter().map(|p| p.trim().to_ascii_lowercase()).collect();
    let Some(containers) = known_containers(check, td.body()) else { return };
    for (index, container) in containers.iter().enumerate() {
        let label = container_label(container, index);
        let Some(environment) = known_environment(check, container, label) else { continue };
        for (position, entry) in environment.iter().enumerate() {
            let name = entry.get("name");
            if name.is_unknown() {
                check.undecided(name, format!("Container {label}: the name of environment[{position}] is not known before deployment."));
                continue;
            }
            let Some(lower) = name.as_str().map(|n| n.trim().to_ascii_lowercase()) else { continue };
            let Some(pattern) = patterns.iter().find(|p| lower.contains(p.as_str())) else { continue };
            if allowed.iter().any(|glob| glob_match(glob, &lower)) {
                continue;
            }
            let variable = variable_label(entry, position);
            let value = entry.get("value");
            match value {
                Field::Unknown(_) => check.undecided(
                    value,
                    format!("Container {label}: the value of environment variable {variable} (a secret-looking name) is not known before deployment."),
                ),
                _ => {
                    let literal = value.as_text().is_some_and(|v| !v.trim().is_empty() && !v.trim().starts_with("arn:"));
                    if literal {
                        check.fail(
                            value,
                            format!("Container {label}: environment variable {variable} looks like a secret (its name contains '{pattern}') and has a literal value; reference it under secrets instead."),
                        );
                    }
                }
            }
        }
    }
}
