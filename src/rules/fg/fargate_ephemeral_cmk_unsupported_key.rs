use super::ephemeral_storage_key;
use crate::model::{Field, Kind};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-02",
    name: "fargate-ephemeral-cmk-unsupported-key",
    title: "Ephemeral-storage key is an alias or multi-Region key",
    severity: Severity::High,
    kinds: &[Kind::Cluster],
    description: "Fargate ephemeral-storage encryption does not support KMS aliases or multi-Region keys \
        (fargate-create-storage-key.html, API_ManagedStorageConfiguration). A cluster whose \
        `configuration.managedStorageConfiguration.fargateEphemeralStorageKmsKeyId` is `alias/…`, an alias ARN \
        (`…:alias/…`) or a multi-Region key (key id starting with `mrk-`) cannot encrypt its tasks' storage with it.",
    remediation: "Use the key ID or key ARN of a single-Region symmetric KMS key \
        (`arn:aws:kms:<region>:<account>:key/<uuid>`), not an alias and not a multi-Region (`mrk-`) key.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "alias name",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "capacityProviders": ["FARGATE"],
  "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "alias/fargate-storage"}}}"#,
        },
        Example {
            title: "alias ARN",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod",
  "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "arn:aws:kms:us-east-1:111122223333:alias/fargate-storage"}}}"#,
        },
        Example {
            title: "multi-Region key ARN",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod",
  "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"}}}"#,
        },
        Example {
            title: "multi-Region key id in CloudFormation",
            expect: Expect::Fail,
            input: r#"{"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
  "Configuration": {"ManagedStorageConfiguration": {"FargateEphemeralStorageKmsKeyId": "mrk-1234abcd12ab34cd56ef1234567890ab"}}}}}}"#,
        },
        Example {
            title: "single-Region key ARN",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod",
  "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
        },
        Example {
            title: "single-Region key id",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod",
  "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
        },
        Example {
            title: "no key (FG-01's finding, not this rule's)",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "capacityProviders": ["FARGATE"]}"#,
        },
    ],
};

/// Why a key reference is not usable for Fargate ephemeral storage, if it is not.
fn unsupported(key: &str) -> Option<&'static str> {
    let key = key.trim();
    if key.starts_with("alias/") || key.contains(":alias/") {
        return Some("a KMS alias");
    }
    // The key id is the whole value, or what follows `key/` in a key ARN.
    let key_id = key.rsplit_once(":key/").map_or(key, |(_, id)| id);
    key_id.starts_with("mrk-").then_some("a multi-Region key")
}

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    let key = ephemeral_storage_key(cluster.body());
    match key {
        Field::Absent { .. } => check.not_applicable(),
        Field::Unknown(_) => check.undecided(
            key,
            "fargateEphemeralStorageKmsKeyId is not known before deployment, so whether it is an alias or a multi-Region key cannot be decided.",
        ),
        Field::Known(node) => match node.as_str().and_then(unsupported) {
            Some(what) => check.fail(
                key,
                format!("fargateEphemeralStorageKmsKeyId is {what}; Fargate ephemeral storage needs the ID or ARN of a single-Region key."),
            ),
            None if node.as_str().is_some_and(|s| s.trim().is_empty()) => check.not_applicable(),
            None => {}
        },
    }
}

#[cfg(test)]
mod tests {
    use super::unsupported;

    #[test]
    fn aliases_and_multi_region_keys_are_recognised() {
        assert_eq!(unsupported("alias/x"), Some("a KMS alias"));
        assert_eq!(unsupported("arn:aws-cn:kms:cn-north-1:1:alias/x"), Some("a KMS alias"));
        assert_eq!(unsupported("mrk-0123"), Some("a multi-Region key"));
        assert_eq!(unsupported("arn:aws:kms:us-east-1:1:key/mrk-0123"), Some("a multi-Region key"));
        assert_eq!(unsupported("arn:aws:kms:us-east-1:1:key/1234abcd-12ab"), None);
        // A key whose id merely contains the letters is fine.
        assert_eq!(unsupported("arn:aws:kms:us-east-1:1:key/ab-mrk-12"), None);
    }
}
