use crate::model::Kind;
use crate::rules::{Check, Equivalent, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "NW-05",
    name: "efs-transit-encryption",
    title: "EFS volume without TLS",
    severity: Severity::High,
    kinds: &[Kind::TaskDefinition],
    description: "`volumes[].efsVolumeConfiguration.transitEncryption` defaults to DISABLED: the task then mounts the \
        file system over plain NFS and file contents cross the network unencrypted. Every EFS volume is checked: \
        Checkov CKV_AWS_97 stops at the first EFS volume, so a second volume without TLS passes there.",
    remediation: "Set `efsVolumeConfiguration.transitEncryption` to `ENABLED` on every EFS volume (optionally with \
        `transitEncryptionPort`); consider enforcing it in the file system policy with `aws:SecureTransport`.",
    equivalents: &[
        Equivalent { tool: "Security Hub", id: "ECS.18" },
        Equivalent { tool: "AWS Config", id: "ecs-task-definition-efs-encryption-enabled" },
        Equivalent { tool: "Checkov", id: "CKV_AWS_97" },
        Equivalent { tool: "Trivy", id: "AVD-AWS-0035" },
        Equivalent { tool: "KICS", id: "tf:ecs_task_definition_volume_not_encrypted" },
        Equivalent { tool: "KICS", id: "cf:ecs_cluster_not_encrypted_at_rest" },
    ],
    params: &[],
    check,
    examples: &[
        Example {
            title: "second EFS volume without TLS (the first one has it)",
            expect: Expect::Fail,
            input: r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}],
  "volumes": [
    {"name": "assets", "efsVolumeConfiguration": {"fileSystemId": "fs-0a1b2c3d", "transitEncryption": "ENABLED"}},
    {"name": "uploads", "efsVolumeConfiguration": {"fileSystemId": "fs-4e5f6a7b"}}]}"#,
        },
        Example {
            title: "CloudFormation EFS volume with TransitEncryption DISABLED",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "app",
  "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}],
  "Volumes": [{"Name": "data", "EFSVolumeConfiguration": {"FilesystemId": {"Ref": "FileSystem"}, "TransitEncryption": "DISABLED"}}]}}}}"#,
        },
        Example {
            title: "every EFS volume with TLS",
            expect: Expect::Pass,
            input: r#"{"family": "app", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}],
  "volumes": [
    {"name": "assets", "efsVolumeConfiguration": {"fileSystemId": "fs-0a1b2c3d", "transitEncryption": "ENABLED"}},
    {"name": "uploads", "efsVolumeConfiguration": {"fileSystemId": "fs-4e5f6a7b", "transitEncryption": "ENABLED", "transitEncryptionPort": 2049}},
    {"name": "scratch"}]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, td: &Subject<'_>) {
    super::require_efs_enabled(check, td, &["transitEncryption"], "file data crosses the network unencrypted", true);
}

#[cfg(test)]
mod tests {
    use crate::api;
    use crate::rules::Status;

    /// Regression for Checkov CKV_AWS_97: the finding is on the second volume, not hidden by the first.
    #[test]
    fn the_second_efs_volume_is_checked() {
        let input = super::RULE.examples.first().map(|e| e.input).unwrap_or_default();
        let report = api::validate(input, api::ValidateOptions::default()).expect("valid options");
        let findings: Vec<_> = report.findings.iter().filter(|f| f.rule_id == "NW-05" && f.status == Status::Fail).collect();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings.first().map(|f| f.path.as_str()), Some("/volumes/1/efsVolumeConfiguration"));
        assert_eq!(findings.first().and_then(|f| f.missing.as_deref()), Some("transitEncryption"));
    }
}
