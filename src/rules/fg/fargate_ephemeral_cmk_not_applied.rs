use super::{has_ephemeral_storage_key, old_platform, require_fargate_workload, workload_label, OldPlatform};
use crate::facts::LATEST_LINUX_PV;
use crate::model::Kind;
use crate::rules::support::{operating_system, Os};
use crate::rules::{Check, Example, Expect, Linked, Rule, Severity, Subject};

pub static RULE: Rule = Rule {
    id: "FG-03",
    name: "fargate-ephemeral-cmk-not-applied",
    title: "CMK configured but the task cannot use it",
    severity: Severity::Medium,
    kinds: &[Kind::Service, Kind::RunTask, Kind::TaskSet],
    description: "A customer-managed key for Fargate ephemeral storage (the cluster's \
        `configuration.managedStorageConfiguration.fargateEphemeralStorageKmsKeyId`) is only used by Linux tasks on \
        platform version 1.4.0 or later; it is not supported for Windows tasks or platform versions before 1.4.0 \
        (fargate-create-storage-key.html). A Fargate workload on such a cluster that runs a Windows task definition or \
        an older platform version silently gets no customer-managed encryption.",
    remediation: "Run the workload on platform version `LATEST` (1.4.0) with a Linux task definition, or accept that \
        its ephemeral storage is encrypted with an AWS-owned key and document the exception.",
    equivalents: &[],
    params: &[],
    check,
    examples: &[
        Example {
            title: "service on platform version 1.3.0 in a cluster with a key",
            expect: Expect::Fail,
            input: r#"[{"clusterName": "prod", "capacityProviders": ["FARGATE"],
   "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}},
  {"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
   "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}]"#,
        },
        Example {
            title: "run-task of a Windows task definition in a cluster with a key",
            expect: Expect::Fail,
            input: r#"[{"clusterName": "prod",
   "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}}},
  {"cluster": "prod", "taskDefinition": "win", "launchType": "FARGATE"},
  {"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
   "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE", "cpuArchitecture": "X86_64"},
   "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}]}]"#,
        },
        Example {
            title: "CloudFormation service on 1.3.0 with the key from a Ref",
            expect: Expect::Fail,
            input: r#"{"Resources": {
  "Key": {"Type": "AWS::KMS::Key", "Properties": {}},
  "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
    "Configuration": {"ManagedStorageConfiguration": {"FargateEphemeralStorageKmsKeyId": {"Ref": "Key"}}}}},
  "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc",
    "Cpu": "256", "Memory": "512", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}},
  "Service": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"},
    "LaunchType": "FARGATE", "PlatformVersion": "1.3.0"}}}}"#,
        },
        Example {
            title: "Linux service on LATEST in a cluster with a key",
            expect: Expect::Pass,
            input: r#"[{"clusterName": "prod",
   "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}}},
  {"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "LATEST"},
  {"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
   "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}]"#,
        },
        Example {
            title: "old platform version, but the cluster has no key",
            expect: Expect::Pass,
            input: r#"[{"clusterName": "prod", "capacityProviders": ["FARGATE"]},
  {"serviceName": "web", "cluster": "prod", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0"}]"#,
        },
        Example {
            title: "Windows task definition on EC2 (the key is for Fargate only)",
            expect: Expect::Pass,
            input: r#"[{"clusterName": "prod",
   "configuration": {"managedStorageConfiguration": {"fargateEphemeralStorageKmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}}},
  {"serviceName": "win", "cluster": "prod", "taskDefinition": "win", "launchType": "EC2"},
  {"family": "win", "requiresCompatibilities": ["EC2"],
   "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
   "containerDefinitions": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis", "memory": 1024}]}]"#,
        },
    ],
};

fn check(check: &mut Check<'_>, workload: &Subject<'_>) {
    // The cluster's configuration must be in the inputs; the key only matters to Fargate tasks.
    let Linked::Resolved(cluster) = workload.cluster() else { return check.not_applicable() };
    if !has_ephemeral_storage_key(cluster.body()) {
        return check.not_applicable();
    }
    if !require_fargate_workload(check, workload) {
        return;
    }
    let label = workload_label(workload);
    let os = match workload.task_definition() {
        Linked::Resolved(td) => Some(operating_system(td.body())),
        Linked::NotWritten | Linked::Unresolved(_) => None,
    };
    if let Some(Os::Windows) = os {
        // Points at the workload's own reference to the task definition: findings stay inside their resource.
        return check.fail(
            workload.body().get("taskDefinition"),
            format!("{label} runs a Windows task definition, which cannot use the cluster's customer-managed key for ephemeral storage."),
        );
    }
    match old_platform(workload) {
        OldPlatform::Yes(version, at) => check.fail(
            at,
            format!(
                "{label} runs on platform version {version}, which cannot use the cluster's customer-managed key for ephemeral storage (needs {LATEST_LINUX_PV})."
            ),
        ),
        OldPlatform::Unknown(at) => check.undecided(at, format!("{label}: platformVersion is not known before deployment.")),
        OldPlatform::No => {
            if let Some(Os::Unknown(at)) = os {
                check.undecided(at, format!("{label}: the task definition's operatingSystemFamily is not known before deployment."));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::findings_of;
    use crate::rules::Status;

    const CLUSTER: &str = r#""Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
    "Configuration": {"ManagedStorageConfiguration": {"FargateEphemeralStorageKmsKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}}}}"#;

    #[test]
    fn an_unknown_platform_version_is_undecided() {
        let template = format!(
            r#"{{"Parameters": {{"Pv": {{"Type": "String"}}}}, "Resources": {{{CLUSTER},
  "Service": {{"Type": "AWS::ECS::Service", "Properties": {{"Cluster": {{"Ref": "Cluster"}}, "TaskDefinition": "app:1",
    "LaunchType": "FARGATE", "PlatformVersion": {{"Ref": "Pv"}}}}}}}}}}"#
        );
        let findings = findings_of("FG-03", &template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Undecided);
        assert_eq!(findings[0].path, "/Resources/Service/Properties/PlatformVersion");
    }

    #[test]
    fn a_parameter_default_is_what_deploys() {
        let template = format!(
            r#"{{"Parameters": {{"Pv": {{"Type": "String", "Default": "1.3.0"}}}}, "Resources": {{{CLUSTER},
  "Service": {{"Type": "AWS::ECS::Service", "Properties": {{"Cluster": {{"Ref": "Cluster"}}, "TaskDefinition": "app:1",
    "CapacityProviderStrategy": [{{"CapacityProvider": "FARGATE", "Weight": 1}}], "PlatformVersion": {{"Ref": "Pv"}}}}}}}}}}"#
        );
        let findings = findings_of("FG-03", &template, "");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].status, Status::Fail);
    }
}
