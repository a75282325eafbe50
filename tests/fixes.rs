//! Fixes: every fix a rule offers, applied to the document it was computed for, removes that finding and
//! makes nothing else worse — on every rule example, and for each fixable rule in every format it reads.

use fargate_guard::api::{self, ResourceOptions, ValidateOptions};
use fargate_guard::fix::{apply, Op};
use fargate_guard::report::{Finding, Report};
use fargate_guard::rules::{self, Expect, Status};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;

/// The rules with an unambiguous remedy. Each must offer a fix on at least one of its failing examples.
const FIXABLE: &[&str] = &[
    "CH-01", "CH-08", "FG-07", "FG-09", "FG-11", "NW-01", "NW-02", "NW-03", "NW-05", "LM-03", "CS-01", "CS-06", "CS-07", "FD-01",
    "FD-06", "FD-09", "FD-19",
];

/// Findings a fix may bring to light, because the fixed setting now takes effect: logging that is on can be
/// unencrypted (CS-02), a GuardDutyManaged tag GuardDuty now reads can exclude the cluster (FG-10), a container
/// that is no longer privileged has capabilities to drop (FG-09).
const REVEALS: &[(&str, &str)] = &[("CS-01", "CS-02"), ("FG-11", "FG-10"), ("CH-01", "FG-09"), ("FD-06", "FG-09")];

/// How a document is validated.
#[derive(Clone)]
enum Call {
    Document,
    Resource(&'static str),
}

fn run(call: &Call, doc: &Json) -> Report {
    match call {
        Call::Document => api::validate(&doc.to_string(), ValidateOptions::default()).expect("valid call"),
        Call::Resource(kind) => api::validate_resource(kind, &doc.to_string(), ResourceOptions::default()).expect("valid call"),
    }
}

/// Failing findings per (rule, resource, message): what "nothing else got worse" compares.
fn failures(report: &Report) -> BTreeMap<(String, String, String), usize> {
    let mut counts = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.status == Status::Fail) {
        *counts.entry((f.rule_id.to_string(), f.resource.address.clone(), f.message.clone())).or_insert(0) += 1;
    }
    counts
}

/// Where a finding is, and what it says (in map-keyed tags a key and its value share one place).
fn place(f: &Finding) -> (String, String, Option<String>, Option<String>, String) {
    (f.resource.address.clone(), f.path.clone(), f.missing.clone(), f.embedded_path.clone(), f.message.clone())
}

/// Applies the fix of every failing finding of `rule` (one at a time, each to the original document) and
/// checks the outcome. Returns how many fixes were checked.
fn check_fixes(label: &str, call: &Call, doc: &Json, rule: &str) -> usize {
    let before = run(call, doc);
    assert!(before.errors.is_empty(), "{label}: {:?}", before.errors);
    let mut checked = 0;
    for finding in before.findings.iter().filter(|f| f.rule_id == rule && f.status == Status::Fail) {
        let Some(fix) = &finding.fix else { continue };
        let mut fixed = doc.clone();
        apply(&mut fixed, fix).unwrap_or_else(|e| panic!("{label}: {rule} fix {fix:?} does not apply: {e}"));
        let after = run(call, &fixed);
        assert!(after.errors.is_empty(), "{label}: {rule} fix made the input unreadable: {:?}", after.errors);
        let same_place = after.findings.iter().any(|f| f.rule_id == rule && f.status == Status::Fail && place(f) == place(finding));
        assert!(!same_place, "{label}: {rule} still fails at {:?} after its fix {fix:?}", place(finding));
        let (old, new) = (failures(&before), failures(&after));
        let revealed = |other: &str| REVEALS.contains(&(rule, other));
        for (key, count) in new.iter().filter(|((other, _, _), _)| !revealed(other)) {
            assert!(old.get(key).is_some_and(|c| c >= count), "{label}: the {rule} fix {fix:?} brought a new failure {key:?}");
        }
        checked += 1;
    }
    checked
}

#[test]
fn every_fix_on_every_rule_example_removes_its_finding_and_nothing_gets_worse() {
    let mut fixed_rules = Vec::new();
    for rule in rules::all() {
        for example in rule.examples.iter().filter(|e| e.expect == Expect::Fail) {
            let Ok(doc) = serde_json::from_str::<Json>(example.input) else { continue };
            if check_fixes(&format!("{} example '{}'", rule.id, example.title), &Call::Document, &doc, rule.id) > 0 {
                fixed_rules.push(rule.id);
            }
        }
    }
    for id in FIXABLE {
        assert!(fixed_rules.contains(id), "{id} offers no fix on any of its failing examples");
    }
    for id in &fixed_rules {
        assert!(FIXABLE.contains(id), "{id} offers fixes: list it in FIXABLE");
    }
}

/// One fixable situation written in each format the rule reads.
struct Case {
    rule: &'static str,
    /// AWS API JSON (canonical).
    api: Json,
    cloudformation: Json,
    /// `change.after` of a Terraform resource of this type.
    terraform: (&'static str, Json),
    /// Pulumi classic props of this type.
    classic: (&'static str, Json),
    /// Pulumi aws-native props of this type.
    native: (&'static str, Json),
    /// The fix is one `replace` of a JSON-encoded string in these formats (Terraform, Pulumi classic).
    embedded: bool,
}

fn cfn(kind: &str, properties: Json) -> Json {
    json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"It": {"Type": kind, "Properties": properties}}})
}

fn plan(kind: &str, after: Json) -> Json {
    json!({"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
        {"address": format!("{kind}.it"), "mode": "managed", "type": kind, "name": "it", "provider_name": "registry.terraform.io/hashicorp/aws",
         "change": {"actions": ["create"], "before": null, "after": after, "after_unknown": {}}}]})
}

fn fargate_td(containers: Json) -> (Json, Json, Json, Json) {
    let api = json!({"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": containers});
    let mut cfn_props = json!({"Family": "app", "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512"});
    cfn_props["ContainerDefinitions"] = pascal(&api["containerDefinitions"]);
    let tf = json!({"family": "app", "requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": "256", "memory": "512",
        "container_definitions": api["containerDefinitions"].to_string()});
    let classic = json!({"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": api["containerDefinitions"].to_string()});
    (api, cfn_props, tf, classic)
}

/// API camelCase keys → CloudFormation PascalCase (values untouched).
fn pascal(value: &Json) -> Json {
    match value {
        Json::Object(map) => Json::Object(
            map.iter().map(|(k, v)| (k.chars().next().map(|c| c.to_ascii_uppercase().to_string() + &k[1..]).unwrap_or_default(), pascal(v))).collect(),
        ),
        Json::Array(items) => Json::Array(items.iter().map(pascal).collect()),
        other => other.clone(),
    }
}

fn container_case(rule: &'static str, containers: Json) -> Case {
    let (api, cfn_props, tf, classic) = fargate_td(containers);
    Case {
        rule,
        native: ("aws-native:ecs:TaskDefinition", api.clone()),
        api,
        cloudformation: cfn("AWS::ECS::TaskDefinition", cfn_props),
        terraform: ("aws_ecs_task_definition", tf),
        classic: ("aws:ecs/taskDefinition:TaskDefinition", classic),
        embedded: true,
    }
}

fn service_case(rule: &'static str, api_extra: Json, cfn_extra: Json, tf_extra: Json, classic_extra: Json) -> Case {
    let merge = |base: Json, extra: &Json| {
        let mut base = base;
        if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        base
    };
    let api = merge(json!({"serviceName": "web", "cluster": "prod", "taskDefinition": "app:1", "launchType": "FARGATE"}), &api_extra);
    let native = merge(json!({"serviceName": "web", "cluster": "prod", "taskDefinition": "app:1", "launchType": "FARGATE"}), &api_extra);
    Case {
        rule,
        api,
        cloudformation: cfn("AWS::ECS::Service", merge(json!({"ServiceName": "web", "Cluster": "prod", "TaskDefinition": "app:1", "LaunchType": "FARGATE"}), &cfn_extra)),
        terraform: ("aws_ecs_service", merge(json!({"name": "web", "cluster": "prod", "task_definition": "app:1", "launch_type": "FARGATE"}), &tf_extra)),
        classic: ("aws:ecs/service:Service", merge(json!({"name": "web", "cluster": "prod", "taskDefinition": "app:1", "launchType": "FARGATE"}), &classic_extra)),
        native: ("aws-native:ecs:Service", native),
        embedded: false,
    }
}

fn cluster_case(rule: &'static str, api: Json, cloudformation: Json, terraform: Json, classic: Json, native: Json) -> Case {
    Case {
        rule,
        api,
        cloudformation: cfn("AWS::ECS::Cluster", cloudformation),
        terraform: ("aws_ecs_cluster", terraform),
        classic: ("aws:ecs/cluster:Cluster", classic),
        native: ("aws-native:ecs:Cluster", native),
        embedded: false,
    }
}

fn cases() -> Vec<Case> {
    let web = |extra: Json| {
        let mut container = json!({"name": "web", "image": "nginx:1.27", "essential": true, "readonlyRootFilesystem": true,
            "linuxParameters": {"capabilities": {"drop": ["ALL"]}}});
        if let (Some(c), Some(e)) = (container.as_object_mut(), extra.as_object()) {
            c.extend(e.clone());
        }
        json!([container])
    };
    let mut cases = vec![
        container_case("CH-01", web(json!({"privileged": true}))),
        container_case("CH-08", web(json!({"readonlyRootFilesystem": false}))),
        container_case("CH-08", json!([{"name": "web", "image": "nginx:1.27", "linuxParameters": {"capabilities": {"drop": ["ALL"]}}}])),
        container_case("FG-07", web(json!({"linuxParameters": {"capabilities": {"add": ["SYS_ADMIN", "CAP_SYS_PTRACE", "NET_RAW"], "drop": ["ALL"]}}}))),
        container_case("FG-09", json!([{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true}])),
        container_case("FG-09", web(json!({"linuxParameters": {"capabilities": {"drop": ["NET_RAW"]}}}))),
        container_case("FD-06", web(json!({"links": ["db"], "linuxParameters": {"capabilities": {"drop": ["ALL"]}, "sharedMemorySize": 64},
            "resourceRequirements": [{"type": "GPU", "value": "1"}]}))),
        container_case("FD-09", web(json!({"portMappings": [{"containerPort": 8080, "hostPort": 80}]}))),
    ];
    // FD-01: networkMode written wrong, and not written.
    let mut bridge = container_case("FD-01", web(json!({})));
    bridge.api["networkMode"] = json!("bridge");
    bridge.native.1["networkMode"] = json!("bridge");
    bridge.cloudformation["Resources"]["It"]["Properties"]["NetworkMode"] = json!("bridge");
    bridge.terraform.1["network_mode"] = json!("bridge");
    bridge.classic.1["networkMode"] = json!("bridge");
    bridge.embedded = false;
    cases.push(bridge);
    let mut unset = container_case("FD-01", web(json!({})));
    for props in [&mut unset.api, &mut unset.native.1, &mut unset.classic.1] {
        props.as_object_mut().map(|p| p.remove("networkMode"));
    }
    unset.cloudformation["Resources"]["It"]["Properties"].as_object_mut().map(|p| p.remove("NetworkMode"));
    unset.terraform.1.as_object_mut().map(|p| p.remove("network_mode"));
    unset.embedded = false;
    cases.push(unset);
    // NW-05: an EFS volume without transit encryption.
    let mut efs = container_case("NW-05", web(json!({})));
    efs.api["volumes"] = json!([{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}]);
    efs.native.1["volumes"] = efs.api["volumes"].clone();
    efs.cloudformation["Resources"]["It"]["Properties"]["Volumes"] = json!([{"Name": "data", "EFSVolumeConfiguration": {"FilesystemId": "fs-1"}}]);
    efs.terraform.1["volume"] = json!([{"name": "data", "efs_volume_configuration": [{"file_system_id": "fs-1", "transit_encryption": "DISABLED"}]}]);
    efs.classic.1["volumes"] = json!([{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}]);
    efs.embedded = false;
    cases.push(efs);
    let network = |public: Json| json!({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": public}}});
    cases.push(service_case(
        "NW-01",
        network(json!("ENABLED")),
        json!({"NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"], "AssignPublicIp": "ENABLED"}}}),
        json!({"network_configuration": [{"subnets": ["subnet-1"], "assign_public_ip": true}]}),
        json!({"networkConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": true}}),
    ));
    cases.push(service_case(
        "CS-06",
        json!({"platformVersion": "1.3.0"}),
        json!({"PlatformVersion": "1.3.0"}),
        json!({"platform_version": "1.3.0"}),
        json!({"platformVersion": "1.3.0"}),
    ));
    cases.push(service_case(
        "FD-19",
        json!({"platformVersion": "1.9.0"}),
        json!({"PlatformVersion": "1.9.0"}),
        json!({"platform_version": "1.9.0"}),
        json!({"platformVersion": "1.9.0"}),
    ));
    cases.push(service_case("CS-07", json!({}), json!({}), json!({"deployment_circuit_breaker": []}), json!({})));
    cases.push(service_case(
        "CS-07",
        json!({"deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": false, "rollback": false}}}),
        json!({"DeploymentConfiguration": {"DeploymentCircuitBreaker": {"Enable": false, "Rollback": false}}}),
        json!({"deployment_circuit_breaker": [{"enable": false, "rollback": false}]}),
        json!({"deploymentCircuitBreaker": {"enable": false, "rollback": false}}),
    ));
    cases.push(cluster_case(
        "LM-03",
        json!({"clusterName": "prod"}),
        json!({"ClusterName": "prod"}),
        json!({"name": "prod", "setting": []}),
        json!({"name": "prod"}),
        json!({"clusterName": "prod"}),
    ));
    cases.push(cluster_case(
        "LM-03",
        json!({"clusterName": "prod", "settings": [{"name": "containerInsights", "value": "disabled"}]}),
        json!({"ClusterName": "prod", "ClusterSettings": [{"Name": "containerInsights", "Value": "disabled"}]}),
        json!({"name": "prod", "setting": [{"name": "containerInsights", "value": "disabled"}]}),
        json!({"name": "prod", "settings": [{"name": "containerInsights", "value": "disabled"}]}),
        json!({"clusterName": "prod", "clusterSettings": [{"name": "containerInsights", "value": "disabled"}]}),
    ));
    let exec = |logging: &str| json!({"executeCommandConfiguration": {"logging": logging}});
    cases.push(cluster_case(
        "CS-01",
        json!({"clusterName": "prod", "configuration": exec("NONE")}),
        json!({"ClusterName": "prod", "Configuration": {"ExecuteCommandConfiguration": {"Logging": "NONE"}}}),
        json!({"name": "prod", "configuration": [{"execute_command_configuration": [{"logging": "NONE"}]}]}),
        json!({"name": "prod", "configuration": exec("NONE")}),
        json!({"clusterName": "prod", "configuration": exec("NONE")}),
    ));
    cases.push(cluster_case(
        "FG-11",
        json!({"clusterName": "prod", "tags": [{"key": "guarddutymanaged", "value": "True"}]}),
        json!({"ClusterName": "prod", "Tags": [{"Key": "guarddutymanaged", "Value": "True"}]}),
        json!({"name": "prod", "tags": {"guarddutymanaged": "True"}}),
        json!({"name": "prod", "tags": {"guarddutymanaged": "True"}}),
        json!({"clusterName": "prod", "tags": [{"key": "guarddutymanaged", "value": "True"}]}),
    ));
    cases
}

/// NW-02 and NW-03 read the same place as NW-01 on task sets and RunTask calls (AWS API and CloudFormation).
#[test]
fn public_ip_fixes_on_task_sets_and_run_task_calls() {
    let task_set = json!({"service": "web", "cluster": "prod", "taskDefinition": "app:1", "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "ENABLED"}}});
    assert_eq!(check_fixes("NW-02 AWS API", &Call::Document, &task_set, "NW-02"), 1);
    let cfn_task_set = cfn("AWS::ECS::TaskSet", json!({"Service": "web", "Cluster": "prod", "TaskDefinition": "app:1", "LaunchType": "FARGATE",
        "NetworkConfiguration": {"AwsVpcConfiguration": {"Subnets": ["subnet-1"], "AssignPublicIp": "ENABLED"}}}));
    assert_eq!(check_fixes("NW-02 CloudFormation", &Call::Document, &cfn_task_set, "NW-02"), 1);
    let tf_task_set = plan("aws_ecs_task_set", json!({"service": "web", "cluster": "prod", "task_definition": "app:1", "launch_type": "FARGATE",
        "network_configuration": [{"subnets": ["subnet-1"], "assign_public_ip": true}]}));
    assert_eq!(check_fixes("NW-02 Terraform", &Call::Document, &tf_task_set, "NW-02"), 1);
    let run_task = json!({"cluster": "prod", "taskDefinition": "app:1", "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "ENABLED"}}});
    assert_eq!(check_fixes("NW-03 AWS API", &Call::Document, &run_task, "NW-03"), 1);
}

#[test]
fn every_fixable_rule_is_fixed_in_every_format() {
    let cases = cases();
    for id in FIXABLE.iter().filter(|id| !matches!(**id, "NW-02" | "NW-03")) {
        assert!(cases.iter().any(|c| c.rule == *id), "no format case for {id}");
    }
    for case in cases {
        let rule = case.rule;
        let formats: Vec<(&str, Call, Json)> = vec![
            ("AWS API JSON", Call::Document, case.api.clone()),
            ("CloudFormation JSON", Call::Document, case.cloudformation.clone()),
            ("Terraform plan JSON", Call::Document, plan(case.terraform.0, case.terraform.1.clone())),
            ("Pulumi classic props", Call::Resource(case.classic.0), case.classic.1.clone()),
            ("Pulumi aws-native props", Call::Resource(case.native.0), case.native.1.clone()),
        ];
        for (format, call, doc) in formats {
            let label = format!("{rule} in {format}");
            let report = run(&call, &doc);
            let fails: Vec<&Finding> = report.findings.iter().filter(|f| f.rule_id == rule && f.status == Status::Fail).collect();
            assert!(!fails.is_empty(), "{label}: the case does not fail: {:?}", report.findings.iter().map(|f| (f.rule_id, &f.message)).collect::<Vec<_>>());
            assert!(fails.iter().all(|f| f.fix.is_some()), "{label}: a finding has no fix: {fails:#?}");
            let string_patch = fails.iter().flat_map(|f| f.fix.iter().flatten()).any(|op| op.op == Op::Replace && op.value.as_ref().is_some_and(Json::is_string) && f_is_containers(&op.path));
            let expect_string = case.embedded && matches!(format, "Terraform plan JSON" | "Pulumi classic props");
            assert_eq!(string_patch, expect_string, "{label}: whole-string replacement expected only inside JSON-encoded containers: {fails:#?}");
            assert_eq!(check_fixes(&label, &call, &doc, rule), fails.len(), "{label}");
        }
    }
}

fn f_is_containers(path: &str) -> bool {
    path.ends_with("/container_definitions") || path.ends_with("/containerDefinitions")
}

#[test]
fn fixes_are_written_in_the_users_spelling() {
    let fix_of = |call: Call, doc: Json, rule: &str| {
        let report = run(&call, &doc);
        serde_json::to_value(report.findings.iter().find(|f| f.rule_id == rule).and_then(|f| f.fix.clone())).unwrap()
    };
    let case = cases().into_iter().find(|c| c.rule == "CS-07").unwrap();
    assert_eq!(
        fix_of(Call::Document, case.cloudformation, "CS-07"),
        json!([{"op": "add", "path": "/Resources/It/Properties/DeploymentConfiguration",
                "value": {"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}}])
    );
    assert_eq!(
        fix_of(Call::Document, plan(case.terraform.0, case.terraform.1), "CS-07"),
        json!([{"op": "add", "path": "/resource_changes/0/change/after/deployment_circuit_breaker", "value": [{"enable": true, "rollback": true}]}])
    );
    assert_eq!(
        fix_of(Call::Resource(case.classic.0), case.classic.1, "CS-07"),
        json!([{"op": "add", "path": "/deploymentCircuitBreaker", "value": {"enable": true, "rollback": true}}])
    );
    let public = cases().into_iter().find(|c| c.rule == "NW-01").unwrap();
    assert_eq!(
        fix_of(Call::Resource(public.classic.0), public.classic.1, "NW-01"),
        json!([{"op": "replace", "path": "/networkConfiguration/assignPublicIp", "value": false}])
    );
    let tag = cases().into_iter().find(|c| c.rule == "FG-11").unwrap();
    let report = run(&Call::Document, &plan(tag.terraform.0, tag.terraform.1));
    let fixes: Vec<Json> = report.findings.iter().filter(|f| f.rule_id == "FG-11").map(|f| serde_json::to_value(&f.fix).unwrap()).collect();
    assert!(fixes.contains(&json!([{"op": "move", "from": "/resource_changes/0/change/after/tags/guarddutymanaged",
        "path": "/resource_changes/0/change/after/tags/GuardDutyManaged"}])), "{fixes:?}");
    let insights = cases().into_iter().find(|c| c.rule == "LM-03").unwrap();
    assert_eq!(
        fix_of(Call::Resource(insights.native.0), insights.native.1, "LM-03"),
        json!([{"op": "add", "path": "/clusterSettings", "value": [{"name": "containerInsights", "value": "enabled"}]}])
    );
}

#[test]
fn ambiguous_remedies_offer_no_fix() {
    // FG-11: `no` could mean either value; FG-04 (storage size) and NW-06 (needs TLS too) have no single remedy.
    let report = run(&Call::Document, &json!({"clusterName": "prod", "tags": [{"key": "GuardDutyManaged", "value": "no"}]}));
    let finding = report.findings.iter().find(|f| f.rule_id == "FG-11").expect("FG-11 fails");
    assert!(finding.fix.is_none());
    let td = json!({"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "ephemeralStorage": {"sizeInGiB": 250},
        "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryption": "ENABLED"}}],
        "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]});
    let report = run(&Call::Document, &td);
    for rule in ["FG-04", "NW-06"] {
        let finding = report.findings.iter().find(|f| f.rule_id == rule).unwrap_or_else(|| panic!("{rule} fails"));
        assert!(finding.fix.is_none(), "{rule}");
    }
}

/// Regression (found by tests/properties.rs): a fix inside a JSON-encoded `container_definitions` string replaces
/// the whole string, so it must not be offered when the string may hold secrets — it would repeat them in
/// reports, SARIF and logs. Without secrets the fix is offered.
#[test]
fn whole_string_fixes_never_carry_secrets() {
    let plan = |containers: &str| {
        serde_json::json!({"format_version": "1.2", "resource_changes": [{"address": "aws_ecs_task_definition.app", "mode": "managed",
            "type": "aws_ecs_task_definition", "name": "app", "change": {"actions": ["create"], "before": null,
            "after": {"family": "app", "requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": "256", "memory": "512",
                "container_definitions": containers}, "after_unknown": {}}}]})
        .to_string()
    };
    let fix_of = |text: &str| {
        let report = fargate_guard::api::validate(text, Default::default()).expect("valid call");
        let json = report.to_json();
        let fix = report.findings.iter().find(|f| f.rule_id == "CH-08").map(|f| f.fix.is_some());
        (json, fix)
    };
    for secret_bearing in [
        r#"[{"name":"web","image":"nginx:1.27","command":["sh","-c","curl -H 'Authorization: AKIAZ7Q3EXAMPLE7KEY2' x"]}]"#,
        r#"[{"name":"web","image":"nginx:1.27","environment":[{"name":"MODE","value":"AKIAZ7Q3EXAMPLE7KEY2"}]}]"#,
    ] {
        let (json, fix) = fix_of(&plan(secret_bearing));
        assert_eq!(fix, Some(false), "CH-08 is reported, without a fix");
        assert!(!json.contains("AKIAZ7Q3EXAMPLE7KEY2"), "the report repeats a secret");
    }
    let (_, fix) = fix_of(&plan(r#"[{"name":"web","image":"nginx:1.27"}]"#));
    assert_eq!(fix, Some(true), "without secrets the whole-string fix is offered");
}
