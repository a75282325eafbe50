use super::{check_platform_needs, Need, WORKLOADS};
use crate::facts::{LATEST_LINUX_PV, SECRETS_MIN_LINUX_PV};
use crate::model::{Field, Node};
use crate::rules::support::{container_label, containers};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FD-21",
    name: "secrets-pv",
    title: "Secret features vs platform",
    severity: Severity::High,
    kinds: WORKLOADS,
    description: "On Fargate, injecting secrets (`secrets[]`, log `secretOptions[]`) needs Linux platform version 1.3.0 or \
        later, and naming a JSON key, version stage or version id of a Secrets Manager secret \
        (`arn:…:secret:NAME:json-key:version-stage:version-id`) needs 1.4.0 (secrets-envvar-secrets-manager.html); on \
        Windows the only version, 1.0.0, supports both. The check joins each workload's `platformVersion` with its task \
        definition's secrets; a task definition alone runs on LATEST and passes.",
    remediation: "Remove `platformVersion` from the workload (or set `LATEST` / `1.4.0`); 1.3.0 is retired anyway.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "secret JSON key with a service on 1.3.0",
            expect: Expect::Fail,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf:password::"}]}]},
 {"serviceName": "web", "taskDefinition": "app:2", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "whole secret with a run-task request on 1.2.0",
            expect: Expect::Fail,
            input: r#"[{"family": "job", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "job", "image": "job:1",
    "secrets": [{"name": "API_TOKEN", "valueFrom": "arn:aws:ssm:us-east-1:111122223333:parameter/job/token"}]}]},
 {"taskDefinition": "job", "launchType": "FARGATE", "platformVersion": "1.2.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "whole secret on 1.3.0",
            expect: Expect::Pass,
            input: r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"}]}]},
 {"serviceName": "web", "taskDefinition": "app:2", "launchType": "FARGATE", "platformVersion": "1.3.0",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}]"#,
        },
        Example {
            title: "JSON key on LATEST (CloudFormation)",
            expect: Expect::Pass,
            input: r#"{"Resources": {
  "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
    "ExecutionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
    "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27",
      "Secrets": [{"Name": "DB_PASSWORD", "ValueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf:password::"}]}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "TaskDef"}, "LaunchType": "FARGATE", "PlatformVersion": "LATEST",
    "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-0a1b2c3d"]}}}}}}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    check_platform_needs(check, workload, "secrets", needs);
}

fn needs(td: &Node) -> Vec<Need> {
    let list = td.get("containerDefinitions");
    if list.is_unknown() {
        return vec![Need::maybe(LATEST_LINUX_PV, "containerDefinitions is not known before deployment and may reference secrets".into())];
    }
    let mut needs = Vec::new();
    for (index, container) in containers(td).iter().enumerate() {
        let label = container_label(container, index);
        for (field, name) in [(container.get("secrets"), "secrets"), (container.get("logConfiguration").get("secretOptions"), "logConfiguration.secretOptions")] {
            if let Field::Unknown(_) = field {
                needs.push(Need::maybe(LATEST_LINUX_PV, format!("container {label}: {name} is not known before deployment and may name a JSON key or version of a secret")));
                continue;
            }
            let references = field.items();
            if references.is_empty() {
                continue;
            }
            needs.push(Need::known(SECRETS_MIN_LINUX_PV, format!("container {label} injects {name}")));
            for reference in references {
                match reference.get("valueFrom") {
                    Field::Known(node) if node.as_str().is_some_and(names_secret_part) => needs.push(Need::known(
                        LATEST_LINUX_PV,
                        format!("container {label} names a JSON key or version of a Secrets Manager secret in {name}"),
                    )),
                    Field::Unknown(_) => needs.push(Need::maybe(
                        LATEST_LINUX_PV,
                        format!("container {label} has a {name} valueFrom that is not known before deployment and may name a JSON key or version of a secret"),
                    )),
                    _ => {}
                }
            }
        }
    }
    needs
}

/// A Secrets Manager ARN with a JSON key, version stage or version id after the secret name:
/// `arn:aws:secretsmanager:region:account:secret:name-AbCdEf:json-key:version-stage:version-id`.
fn names_secret_part(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts.as_slice() {
        ["arn", partition, "secretsmanager", _, _, "secret", _, rest @ ..] if partition.starts_with("aws") => rest.iter().any(|part| !part.is_empty()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::names_secret_part;

    #[test]
    fn json_keys_and_versions_are_recognised() {
        let base = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf";
        assert!(!names_secret_part(base));
        assert!(!names_secret_part(&format!("{base}:::")));
        assert!(names_secret_part(&format!("{base}:password::")));
        assert!(names_secret_part(&format!("{base}::AWSPREVIOUS:")));
        assert!(names_secret_part("arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:db-AbCdEf:::a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"));
        assert!(!names_secret_part("arn:aws:ssm:us-east-1:111122223333:parameter/app/key"));
    }
}
