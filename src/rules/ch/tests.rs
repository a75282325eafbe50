//! CH regression tests: the defects of other tools (rules.md §4) we must not repeat, and the edge cases of
//! the table's wording that the examples do not pin down (paths, severities, undecided).

use super::user_is_root;
use crate::model::{KeyStyle, Node, Origins, Value};
use crate::report::Finding;
use crate::rules::support::Decision;
use crate::rules::tests::findings_of;
use crate::rules::{Severity, Status};

fn fails(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.status == Status::Fail).collect()
}

fn user(text: &str) -> Decision {
    let mut origins = Origins::default();
    let container = Node::new(
        Value::Map(vec![("user".into(), Node::new(Value::String(text.into()), origins.document(0, KeyStyle::Camel)))]),
        origins.document(0, KeyStyle::Camel),
    );
    user_is_root(container.get("user"))
}

#[test]
fn checkov_ckv_aws_334_regression_privileged_true_is_caught_at_its_path() {
    // Checkov reads `privilege`; the API key is `privileged`.
    let input = r#"{"family": "a", "containerDefinitions": [{"name": "ok", "image": "x", "memory": 64}, {"name": "bad", "image": "x", "memory": 64, "privileged": true}]}"#;
    let found = findings_of("CH-01", input, "");
    assert_eq!(fails(&found).len(), 1);
    assert_eq!(found[0].path, "/containerDefinitions/1/privileged");
    assert_eq!(found[0].severity, Severity::Critical);
    assert!(found[0].message.contains("'bad'"));
}

#[test]
fn checkov_ckv_aws_335_regression_task_level_pid_mode_is_caught() {
    let found = findings_of("CH-02", r#"{"family": "a", "pidMode": "host", "containerDefinitions": [{"name": "c", "image": "x"}]}"#, "");
    assert_eq!(fails(&found).len(), 1);
    assert_eq!(found[0].path, "/pidMode");
}

#[test]
fn cdk_nag_host_mode_regression_config_or_semantics() {
    let td = |container: &str| format!(r#"{{"family": "a", "networkMode": "host", "containerDefinitions": [{container}]}}"#);
    // Non-privileged with a non-root user: cdk-nag fails it, AWS Config (and we) pass it.
    assert!(findings_of("CH-05", &td(r#"{"name": "c", "image": "x", "user": "1000"}"#), "").is_empty());
    assert!(findings_of("CH-05", &td(r#"{"name": "c", "image": "x", "user": "app", "privileged": false}"#), "").is_empty());
    // Privileged is Config's explicit opt-in, even as root.
    assert!(findings_of("CH-05", &td(r#"{"name": "c", "image": "x", "privileged": true}"#), "").is_empty());
    // Non-privileged root fails, pointing at the missing or root user.
    let missing = findings_of("CH-05", &td(r#"{"name": "c", "image": "x"}"#), "");
    assert_eq!(fails(&missing).len(), 1);
    assert_eq!((missing[0].path.as_str(), missing[0].missing.as_deref()), ("/containerDefinitions/0", Some("user")));
    let root = findings_of("CH-05", &td(r#"{"name": "c", "image": "x", "user": "root:root", "privileged": false}"#), "");
    assert_eq!(root[0].path, "/containerDefinitions/0/user");
}

#[test]
fn linux_user_formats() {
    for root in ["root", "0", "00", "root:wheel", "0:0", "root:1000", "", " ", ":1000"] {
        assert_eq!(user(root), Decision::Yes, "{root:?} is root");
    }
    for other in ["nginx", "1000", "app:app", "1000:0", "1000:1000", "Root", "rooty", "10"] {
        assert_eq!(user(other), Decision::No, "{other:?} is not root");
    }
}

#[test]
fn unknown_values_are_undecided_not_passed() {
    let template = |props: &str| {
        format!(
            r#"{{"Parameters": {{"Mode": {{"Type": "String"}}, "Os": {{"Type": "String"}}}},
  "Resources": {{"T": {{"Type": "AWS::ECS::TaskDefinition", "Properties": {{{props}}}}}}}}}"#
        )
    };
    let containers = r#""ContainerDefinitions": [{"Name": "c", "Image": "x", "Memory": 64}]"#;
    let network = findings_of("CH-04", &template(&format!(r#""NetworkMode": {{"Ref": "Mode"}}, {containers}"#)), "");
    assert_eq!(network.len(), 1);
    assert_eq!(network[0].status, Status::Undecided);
    assert_eq!(network[0].path, "/Resources/T/Properties/NetworkMode");
    // CH-05 with an unknown mode: undecided only for a container that would fail in host mode.
    let host_user = findings_of("CH-05", &template(&format!(r#""NetworkMode": {{"Ref": "Mode"}}, {containers}"#)), "");
    assert_eq!(host_user.len(), 1);
    assert_eq!(host_user[0].status, Status::Undecided);
    let os = template(&format!(r#""RuntimePlatform": {{"OperatingSystemFamily": {{"Ref": "Os"}}}}, {containers}"#));
    for rule in ["CH-06", "CH-07", "CH-08"] {
        let found = findings_of(rule, &os, "");
        assert_eq!(found.len(), 1, "{rule}");
        assert_eq!(found[0].status, Status::Undecided, "{rule}");
    }
    // A container that passes on either OS is not undecided.
    let fine = template(
        r#""RuntimePlatform": {"OperatingSystemFamily": {"Ref": "Os"}}, "ContainerDefinitions": [{"Name": "c", "Image": "x", "User": "1000", "ReadonlyRootFilesystem": true}]"#,
    );
    assert!(findings_of("CH-06", &fine, "").is_empty());
    assert!(findings_of("CH-08", &fine, "").is_empty());
}

#[test]
fn readonly_rootfs_points_at_the_missing_key_in_the_users_spelling() {
    let input = r#"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [{"Name": "c", "Image": "x"}]}}}}"#;
    let found = findings_of("CH-08", input, "");
    assert_eq!(found[0].path, "/Resources/T/Properties/ContainerDefinitions/0");
    assert_eq!(found[0].missing.as_deref(), Some("ReadonlyRootFilesystem"));
}

#[test]
fn memory_limit_severity_follows_the_launch_type() {
    let td = |compat: &str| format!(r#"{{"family": "a", {compat} "containerDefinitions": [{{"name": "c", "image": "x"}}]}}"#);
    assert_eq!(findings_of("CH-09", &td(r#""requiresCompatibilities": ["FARGATE"],"#), "")[0].severity, Severity::Low);
    assert_eq!(findings_of("CH-09", &td(r#""requiresCompatibilities": ["EC2", "FARGATE"],"#), "")[0].severity, Severity::Low);
    assert_eq!(findings_of("CH-09", &td(r#""requiresCompatibilities": ["EC2"],"#), "")[0].severity, Severity::Medium);
    assert_eq!(findings_of("CH-09", &td(""), "")[0].severity, Severity::Medium);
}

#[test]
fn healthcheck_essential_defaults_to_true() {
    let td = |container: &str| format!(r#"{{"family": "a", "containerDefinitions": [{container}]}}"#);
    assert_eq!(fails(&findings_of("CH-10", &td(r#"{"name": "c", "image": "x"}"#), "")).len(), 1);
    assert_eq!(fails(&findings_of("CH-10", &td(r#"{"name": "c", "image": "x", "essential": "true"}"#), "")).len(), 1);
    assert!(findings_of("CH-10", &td(r#"{"name": "c", "image": "x", "essential": false}"#), "").is_empty());
    let empty_command = findings_of("CH-10", &td(r#"{"name": "c", "image": "x", "healthCheck": {"command": []}}"#), "");
    assert_eq!(empty_command[0].path, "/containerDefinitions/0/healthCheck/command");
}

#[test]
fn roles_compared_by_arn_or_name() {
    let td = |roles: &str| format!(r#"{{"family": "a", {roles}, "containerDefinitions": [{{"name": "c", "image": "x"}}]}}"#);
    let same_path = td(r#""executionRoleArn": "arn:aws:iam::111122223333:role/svc/app", "taskRoleArn": "app""#);
    assert_eq!(fails(&findings_of("CH-11", &same_path, "")).len(), 1);
    let other_account = td(r#""executionRoleArn": "arn:aws:iam::111122223333:role/app", "taskRoleArn": "arn:aws:iam::444455556666:role/app""#);
    assert!(findings_of("CH-11", &other_account, "").is_empty());
    let cfn = r#"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
      "ExecutionRoleArn": {"Fn::GetAtt": ["Exec", "Arn"]}, "TaskRoleArn": {"Fn::GetAtt": ["Task", "Arn"]},
      "ContainerDefinitions": [{"Name": "c", "Image": "x"}]}}}}"#;
    // Different template roles are different roles.
    assert!(findings_of("CH-11", cfn, "").is_empty());
    let imported = r#"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
      "ExecutionRoleArn": {"Fn::ImportValue": "exec-role"}, "TaskRoleArn": "arn:aws:iam::111122223333:role/app",
      "ContainerDefinitions": [{"Name": "c", "Image": "x"}]}}}}"#;
    let unknown = findings_of("CH-11", imported, "");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].status, Status::Undecided);
}
