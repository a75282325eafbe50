//! One Fargate task definition — SYS_ADMIN added, 250 GiB of ephemeral storage — written in every supported
//! format must give the same findings (rule, status, message) at the equivalent place of each document.

mod common;

use common::*;
use fargate_guard::api::{self, ResourceOptions, ValidateOptions};
use fargate_guard::report::Report;
use fargate_guard::rules::Status;
use serde_json::{json, Value as Json};

/// How a case is validated.
enum Call {
    /// `validate(document)` with format auto-detection.
    Document(Json),
    /// `validateResource(type, props)`.
    Resource(&'static str, Json),
}

struct Case {
    format: &'static str,
    call: Call,
    /// Expected (path, embedded path) of FG-04 and FG-07.
    storage: (&'static str, Option<&'static str>),
    capability: (&'static str, Option<&'static str>),
}

fn containers_string() -> String {
    json!([{"name": "web", "image": "nginx:1.27", "essential": true, "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN"]}}}]).to_string()
}

fn cases() -> Vec<Case> {
    let api_json = json!({"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "ephemeralStorage": {"sizeInGiB": 250},
        "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true, "linuxParameters": {"capabilities": {"add": ["SYS_ADMIN"]}}}]});
    let cfn_properties = json!({"Family": "app", "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
        "EphemeralStorage": {"SizeInGiB": 250},
        "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Essential": true, "LinuxParameters": {"Capabilities": {"Add": ["SYS_ADMIN"]}}}]});
    let tf_after = json!({"family": "app", "requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc", "cpu": "256", "memory": "512",
        "ephemeral_storage": [{"size_in_gib": 250}], "container_definitions": containers_string(), "volume": [], "tags": null});
    let classic = json!({"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "ephemeralStorage": {"sizeInGib": 250}, "containerDefinitions": containers_string()});
    let native = api_json.clone();
    let embedded = Some("/0/linuxParameters/capabilities/add/0");
    vec![
        Case {
            format: "AWS API JSON",
            call: Call::Document(api_json),
            storage: ("/ephemeralStorage/sizeInGiB", None),
            capability: ("/containerDefinitions/0/linuxParameters/capabilities/add/0", None),
        },
        Case {
            format: "CloudFormation JSON",
            call: Call::Document(json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"App": {"Type": "AWS::ECS::TaskDefinition", "Properties": cfn_properties.clone()}}})),
            storage: ("/Resources/App/Properties/EphemeralStorage/SizeInGiB", None),
            capability: ("/Resources/App/Properties/ContainerDefinitions/0/LinuxParameters/Capabilities/Add/0", None),
        },
        Case {
            format: "Terraform plan JSON",
            call: Call::Document(json!({"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
                {"address": "aws_ecs_task_definition.app", "mode": "managed", "type": "aws_ecs_task_definition", "name": "app",
                 "provider_name": "registry.terraform.io/hashicorp/aws",
                 "change": {"actions": ["create"], "before": null, "after": tf_after.clone(),
                            "after_unknown": {"arn": true, "id": true, "revision": true, "ephemeral_storage": [{}]}}}]})),
            storage: ("/resource_changes/0/change/after/ephemeral_storage/0/size_in_gib", None),
            capability: ("/resource_changes/0/change/after/container_definitions", embedded),
        },
        Case {
            format: "Pulumi classic props",
            call: Call::Resource("aws:ecs/taskDefinition:TaskDefinition", classic),
            storage: ("/ephemeralStorage/sizeInGib", None),
            capability: ("/containerDefinitions", embedded),
        },
        Case {
            format: "Pulumi aws-native props",
            call: Call::Resource("aws-native:ecs:TaskDefinition", native),
            storage: ("/ephemeralStorage/sizeInGiB", None),
            capability: ("/containerDefinitions/0/linuxParameters/capabilities/add/0", None),
        },
        Case {
            format: "CloudFormation properties by type",
            call: Call::Resource("AWS::ECS::TaskDefinition", cfn_properties),
            storage: ("/EphemeralStorage/SizeInGiB", None),
            capability: ("/ContainerDefinitions/0/LinuxParameters/Capabilities/Add/0", None),
        },
        Case {
            format: "Terraform attributes by type",
            call: Call::Resource("aws_ecs_task_definition", tf_after),
            storage: ("/ephemeral_storage/0/size_in_gib", None),
            capability: ("/container_definitions", embedded),
        },
    ]
}

fn run(call: &Call) -> (Report, Json) {
    match call {
        Call::Document(document) => (api::validate(&document.to_string(), ValidateOptions::default()).unwrap(), document.clone()),
        Call::Resource(resource_type, props) => (api::validate_resource(resource_type, &props.to_string(), ResourceOptions::default()).unwrap(), props.clone()),
    }
}

#[test]
fn the_same_task_definition_in_every_format_gives_the_same_findings() {
    let mut reference: Option<Vec<(String, Status, String)>> = None;
    for case in cases() {
        let (report, document) = run(&case.call);
        assert!(report.errors.is_empty(), "{}: {:?}", case.format, report.errors);
        assert_eq!(report.resources.len(), 1, "{}", case.format);
        assert_eq!(report.resources[0].kind, "TaskDefinition", "{}", case.format);
        assert_pointers_resolve(&report, &document);

        let mut said: Vec<(String, Status, String)> = report.findings.iter().filter(|f| SEED_RULES.contains(&f.rule_id)).map(|f| (f.rule_id.to_string(), f.status, f.message.clone())).collect();
        said.sort();
        let rules: Vec<_> = said.iter().map(|(rule, status, _)| (rule.as_str(), *status)).collect();
        assert_eq!(rules, [("FG-04", Status::Fail), ("FG-07", Status::Fail)], "{}", case.format);
        match &reference {
            Some(first) => assert_eq!(&said, first, "{}: messages differ from the first format's", case.format),
            None => reference = Some(said),
        }

        let at = |rule| {
            let finding = findings(&report, rule, Status::Fail)[0];
            (finding.path.clone(), finding.embedded_path.clone())
        };
        assert_eq!(at("FG-04"), (case.storage.0.to_string(), case.storage.1.map(str::to_string)), "{}", case.format);
        assert_eq!(at("FG-07"), (case.capability.0.to_string(), case.capability.1.map(str::to_string)), "{}", case.format);
    }
}
