use super::{ephemeral_storage_key, has_ephemeral_storage_key};
use crate::model::Kind;
use crate::rules::support::{list_contains, workload_is_fargate, Decision};
use crate::rules::{Check, Example, Expect, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-01",
    name: "fargate-ephemeral-cmk-missing",
    title: "Fargate ephemeral storage not encrypted with a customer-managed KMS key",
    severity: Severity::Medium,
    kinds: &[Kind::Cluster],
    description: "Fargate encrypts task ephemeral storage with an AWS-owned key by default. AWS's Fargate security best \
        practices recommend a customer-managed KMS key (platform version 1.4.0 or later), set on the cluster as \
        `configuration.managedStorageConfiguration.fargateEphemeralStorageKmsKeyId`, so that you control key policy, \
        rotation and audit of every task's ephemeral data.",
    remediation: "Create a symmetric KMS key whose policy lets `fargate.amazonaws.com` use \
        `kms:GenerateDataKeyWithoutPlaintext` and `kms:CreateGrant`, and set its key ID or ARN (not an alias, not a \
        multi-Region key) as the cluster's `configuration.managedStorageConfiguration.fargateEphemeralStorageKmsKeyId`.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "Fargate cluster without an ephemeral-storage key",
            expect: Expect::Fail,
            input: r#"{"clusterName": "prod", "capacityProviders": ["FARGATE", "FARGATE_SPOT"]}"#,
        },
        Example {
            title: "cluster with a customer-managed key",
            expect: Expect::Pass,
            input: r#"{"clusterName": "prod", "capacityProviders": ["FARGATE"],
  "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}"#,
        },
        Example {
            title: "CloudFormation cluster without a key, a Fargate service on it",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "prod"}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"}, "LaunchType": "FARGATE", "TaskDefinition": "app:1"}}}}"#,
        },
        Example {
            title: "EC2 capacity providers, but a Fargate service targets the cluster",
            expect: Expect::Fail,
            input: r#"[{"clusterName": "prod", "capacityProviders": ["my-asg-provider"]},
  {"serviceName": "web", "cluster": "prod", "taskDefinition": "app:1", "launchType": "FARGATE"}]"#,
        },
        Example {
            title: "CloudFormation cluster whose key is a Ref to a KMS key",
            expect: Expect::Pass,
            input: r#"{"Resources": {
  "Key": {"Type": "AWS::KMS::Key", "Properties": {}},
  "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"CapacityProviders": ["FARGATE"],
    "Configuration": {"ManagedStorageConfiguration": {"FargateEphemeralStorageKmsKeyId": {"Ref": "Key"}}}}}}}"#,
        },
        Example {
            title: "EC2-only cluster",
            expect: Expect::Pass,
            input: r#"{"clusterName": "ec2", "capacityProviders": ["my-asg-provider"]}"#,
        },
    ],
};

fn check(check: &mut Check<'_>, cluster: &Subject<'_>) {
    let body = cluster.body();
    let providers = body.get("capacityProviders");
    // Provably not used for Fargate (rules.md §5.7): providers listed, none of them Fargate, and no linked
    // workload that is (or may be, when its launch type is unknown) on Fargate.
    let maybe_fargate_workload = cluster.workloads().any(|w| workload_is_fargate(&w) != Decision::No);
    if providers.is_set() && list_contains(providers, &["FARGATE", "FARGATE_SPOT"]) == Decision::No && !maybe_fargate_workload {
        return check.not_applicable();
    }
    if !has_ephemeral_storage_key(body) {
        check.fail(ephemeral_storage_key(body), "The cluster can run Fargate tasks but sets no customer-managed KMS key for their ephemeral storage.");
    }
}
