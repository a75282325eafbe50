//! Pulumi resource inputs: classic (`aws`) and aws-native props, CloudFormation- and Terraform-typed props,
//! preview sentinels, stack linking, and the `validateResource` / `validateStack` contract.

mod common;

use common::*;
use fargate_guard::api::{self, ResourceOptions, StackOptions, ValidateOptions};
use fargate_guard::link::{link, Link};
use fargate_guard::model::{Field, Reference, Value};
use fargate_guard::rules::Status;
use serde_json::Value as Json;

const STRING_UNKNOWN: &str = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const TD_URN: &str = "urn:pulumi:dev::shop::awsx:ecs:FargateTaskDefinition$aws:ecs/taskDefinition:TaskDefinition::app";
const SERVICE_URN: &str = "urn:pulumi:dev::shop::awsx:ecs:FargateService$aws:ecs/service:Service::web";
const CLUSTER_URN: &str = "urn:pulumi:dev::shop::aws:ecs/cluster:Cluster::main";

fn props_of(document: &str) -> (String, String) {
    let json: Json = serde_json::from_str(document).unwrap();
    (json["type"].as_str().unwrap().to_string(), json["props"].to_string())
}

fn validate_resource(resource_type: &str, props: &str) -> fargate_guard::report::Report {
    api::validate_resource(resource_type, props, ResourceOptions { name: Some("app".into()), ..Default::default() }).expect("a valid call")
}

#[test]
fn classic_task_definition_props_become_the_api_shape() {
    // formats.md §1.7, read as a document `{ type, name, props }`.
    let text = fixture("pulumi/classic-task-definition.json");
    let (model, sources, errors) = read("td.json", &text);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sources[0].format, Some(fargate_guard::input::Format::Pulumi));
    let td = resource(&model, "aws:ecs/taskDefinition:TaskDefinition::app");
    assert_eq!(td.name, "app");
    let size = known(td.body.get("ephemeralStorage").get("sizeInGiB"));
    assert_eq!(size.as_f64(), Some(50.0));
    assert_eq!(pointers(&model, size).0, "/props/ephemeralStorage/sizeInGib");
    let add = &td.body.get("containerDefinitions").items()[0].get("linuxParameters").get("capabilities").get("add").items()[0];
    assert_eq!(add.as_str(), Some("SYS_PTRACE"));
    assert_eq!(pointers(&model, add), ("/props/containerDefinitions".into(), Some("/0/linuxParameters/capabilities/add/0".into())));
    assert_eq!(td.body.get("volumes").items()[0].get("efsVolumeConfiguration").get("transitEncryption").as_str(), Some("ENABLED"));
    assert_eq!(td.body.get("runtimePlatform").get("operatingSystemFamily").as_str(), Some("LINUX"));

    let report = api::validate(&text, ValidateOptions::default()).unwrap();
    assert!(summary(&report).is_empty(), "{:?}", summary(&report));
    assert_pointers_resolve(&report, &serde_json::from_str(&text).unwrap());
}

#[test]
fn validate_resource_points_into_props() {
    let (resource_type, props) = props_of(&fixture("pulumi/classic-task-definition.json"));
    let props = props.replace("SYS_PTRACE", "SYS_ADMIN").replace(r#""sizeInGib":50"#, r#""sizeInGib":250"#);
    let report = validate_resource(&resource_type, &props);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.resources[0].name, "app");
    assert_eq!(report.resources[0].file, "app");
    assert_eq!(report.resources[0].format, "pulumi");
    assert_pointers_resolve(&report, &serde_json::from_str(&props).unwrap());
    let rows: Vec<_> = summary(&report).into_iter().map(|(rule, status, _, path, _, embedded)| (rule, status, path, embedded)).collect();
    assert_eq!(
        rows,
        vec![
            ("FG-04".into(), Status::Fail, "/ephemeralStorage/sizeInGib".into(), None),
            ("FG-07".into(), Status::Fail, "/containerDefinitions".into(), Some("/0/linuxParameters/capabilities/add/0".into())),
        ]
    );
}

#[test]
fn preview_sentinels_are_unknown_anywhere() {
    let props = format!(
        r#"{{"family": "app", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": "{STRING_UNKNOWN}",
            "ephemeralStorage": {{"sizeInGib": "3eeb2bf0-c639-47a8-9e75-3b44932eb421"}}, "volumes": "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
            "runtimePlatform": "dd056dcd-154b-4c76-9bd3-c8f88648b5ff"}}"#
    );
    let report = validate_resource("aws:ecs/taskDefinition:TaskDefinition", &props);
    assert!(report.findings.iter().filter(|f| SEED_RULES.contains(&f.rule_id)).all(|f| f.status == Status::Undecided), "{:?}", summary(&report));
    let rows: Vec<_> = summary(&report).into_iter().map(|(rule, _, _, path, _, _)| (rule, path)).collect();
    assert_eq!(rows, vec![("FG-04".into(), "/ephemeralStorage/sizeInGib".into()), ("FG-07".into(), "/containerDefinitions".into())]);

    // Inside the containers' JSON, too.
    let props = format!(
        r#"{{"family": "app", "requiresCompatibilities": ["FARGATE"],
            "containerDefinitions": [{{"name": "web", "image": "{STRING_UNKNOWN}", "linuxParameters": {{"capabilities": {{"add": ["{STRING_UNKNOWN}"]}}}}}}]}}"#
    );
    let report = validate_resource("aws:ecs/taskDefinition:TaskDefinition", &props);
    let undecided = findings(&report, "FG-07", Status::Undecided);
    assert_eq!(undecided.len(), 1);
    assert_eq!(undecided[0].path, "/containerDefinitions/0/linuxParameters/capabilities/add/0");
}

#[test]
fn classic_stack_is_mapped_and_linked_by_property_dependencies() {
    let text = fixture("pulumi/classic-stack.json");
    let (model, _, errors) = read("stack.json", &text);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].code, errors[0].path.as_deref()), ("unknown-resource-type", Some("/5/type")));

    let service = resource(&model, SERVICE_URN);
    assert_eq!(service.name, "web");
    assert_eq!(service.declared_name.as_deref(), Some("web-5e6f7a"));
    let body = &service.body;
    let public_ip = known(body.get("networkConfiguration").get("awsvpcConfiguration").get("assignPublicIp"));
    assert_eq!(public_ip.as_str(), Some("ENABLED"));
    assert_eq!(pointers(&model, public_ip).0, "/2/props/networkConfiguration/assignPublicIp");
    let groups = body.get("networkConfiguration").get("awsvpcConfiguration").get("securityGroups").items();
    assert!(groups[0].is_unknown());
    let breaker = body.get("deploymentConfiguration").get("deploymentCircuitBreaker");
    assert_eq!(pointers(&model, known(breaker.get("rollback"))).0, "/2/props/deploymentCircuitBreaker/rollback");
    assert_eq!(body.get("deploymentConfiguration").get("minimumHealthyPercent").as_f64(), Some(50.0));
    assert!(body.get("enableExecuteCommand").is_unknown());
    assert_eq!(body.get("serviceRegistries").items().len(), 1, "an object becomes the API's list");
    let Field::Unknown(unknown) = body.get("taskDefinition") else { panic!() };
    assert!(matches!(&unknown.value, Value::Unknown(why) if &**why == "unknown during preview"));

    // The ARNs are unknown in preview: linked through `propertyDependencies` (URN strings or `{urn}`).
    assert_eq!(service.task_definition, Reference::Address(TD_URN.into()));
    assert_eq!(service.cluster, Reference::Address(CLUSTER_URN.into()));
    let links = link(&model);
    let index = |address| model.resources.iter().position(|r| r.address == address).unwrap();
    assert_eq!(links.task_definition[index(SERVICE_URN)], Link::Resolved(index(TD_URN)));
    assert_eq!(links.cluster[index(SERVICE_URN)], Link::Resolved(index(CLUSTER_URN)));

    // The cluster: settings, the renamed S3 flag, and the capacity providers of ClusterCapacityProviders.
    let cluster = &resource(&model, CLUSTER_URN).body;
    assert_eq!(cluster.get("clusterName").as_str(), Some("main-1a2b3c"));
    assert_eq!(cluster.get("settings").items()[0].get("value").as_str(), Some("enhanced"));
    let exec = cluster.get("configuration").get("executeCommandConfiguration");
    assert_eq!(exec.get("logConfiguration").get("s3EncryptionEnabled").as_bool(), Some(true));
    assert!(exec.get("kmsKeyId").is_unknown());
    assert_eq!(cluster.get("capacityProviders").items().len(), 2);
    assert_eq!(pointers(&model, &cluster.get("defaultCapacityProviderStrategy").items()[0]).0, "/4/props/defaultCapacityProviderStrategies/0");

    // Tags map → list; an empty tag value is the user's data and is kept.
    let td = &resource(&model, TD_URN).body;
    let tags = td.get("tags").items();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1].get("value").as_str(), Some(""));
    assert!(resource(&model, "urn:pulumi:dev::shop::aws:ecs/taskDefinition:TaskDefinition::preview").body.get("volumes").is_unknown());
}

#[test]
fn classic_stack_findings() {
    let text = fixture("pulumi/classic-stack.json");
    let report = api::validate_stack(&text, StackOptions::default()).unwrap();
    assert_pointers_resolve(&report, &serde_json::from_str(&text).unwrap());
    let rows: Vec<_> = summary(&report).into_iter().map(|(rule, status, _, path, missing, embedded)| (rule, status, path, missing, embedded)).collect();
    assert_eq!(
        rows,
        vec![
            ("FG-01".into(), Status::Fail, "/3/props/configuration".into(), Some("managedStorageConfiguration".into()), None),
            ("FG-04".into(), Status::Fail, "/0/props/ephemeralStorage/sizeInGib".into(), None, None),
            ("FG-04".into(), Status::Undecided, "/1/props/ephemeralStorage/sizeInGib".into(), None, None),
            // Keys inside the string match case-insensitively, as the provider decodes them.
            ("FG-07".into(), Status::Fail, "/0/props/containerDefinitions".into(), None, Some("/0/LinuxParameters/Capabilities/add/0".into())),
            ("FG-07".into(), Status::Undecided, "/1/props/containerDefinitions".into(), None, None),
        ]
    );
    assert_eq!(report.resources.iter().find(|r| r.address == TD_URN).map(|r| r.file.as_str()), Some("stack"));
    assert_eq!(report.errors[0].code, "unknown-resource-type");
}

#[test]
fn native_and_cloudformation_props_and_name_links() {
    let text = fixture("pulumi/native-stack.json");
    let (model, _, errors) = read("native.json", &text);
    assert!(errors.is_empty(), "{errors:?}");
    let cluster = &resource(&model, "aws-native:ecs:Cluster::native").body;
    assert_eq!(cluster.get("settings").items()[0].get("value").as_str(), Some("enabled"));
    assert!(cluster.get("configuration").get("managedStorageConfiguration").get("fargateEphemeralStorageKmsKeyId").is_unknown());
    let td = &resource(&model, "aws-native:ecs:TaskDefinition::native-td").body;
    assert_eq!(td.get("volumes").items()[0].get("efsVolumeConfiguration").get("fileSystemId").as_str(), Some("fs-1"));
    let links = link(&model);
    let index = |address| model.resources.iter().position(|r| r.address == address).unwrap();
    let service = index("aws-native:ecs:Service::svc");
    assert_eq!(links.task_definition[service], Link::Resolved(index("aws-native:ecs:TaskDefinition::native-td")));
    assert_eq!(links.cluster[service], Link::Resolved(index("aws-native:ecs:Cluster::native")));

    let report = api::validate_stack(&text, StackOptions::default()).unwrap();
    assert_pointers_resolve(&report, &serde_json::from_str(&text).unwrap());
    let rows: Vec<_> = summary(&report).into_iter().map(|(rule, status, _, path, _, _)| (rule, status, path)).collect();
    assert_eq!(
        rows,
        vec![
            ("FG-04".into(), Status::Fail, "/0/props/ephemeralStorage/sizeInGiB".into()),
            ("FG-07".into(), Status::Fail, "/0/props/containerDefinitions/0/linuxParameters/capabilities/add/0".into()),
            ("FG-07".into(), Status::Undecided, "/3/props/ContainerDefinitions/0/LinuxParameters/Capabilities/Add/0".into()),
        ]
    );
}

#[test]
fn missing_keys_are_spelled_as_each_flavour_writes_them() {
    let missing = |resource_type: &str, props: &str| {
        let report = validate_resource(resource_type, props);
        let storage = findings(&report, "FG-04", Status::Fail);
        assert_eq!(storage.len(), 1, "{resource_type}: {:?}", summary(&report));
        (storage[0].path.clone(), storage[0].missing.clone().unwrap_or_default())
    };
    assert_eq!(missing("aws:ecs/taskDefinition:TaskDefinition", r#"{"family": "a", "ephemeralStorage": {}}"#), ("/ephemeralStorage".into(), "sizeInGib".into()));
    assert_eq!(missing("aws-native:ecs:TaskDefinition", r#"{"family": "a", "ephemeralStorage": {}}"#), ("/ephemeralStorage".into(), "sizeInGiB".into()));
    assert_eq!(missing("AWS::ECS::TaskDefinition", r#"{"Family": "a", "EphemeralStorage": {}}"#), ("/EphemeralStorage".into(), "SizeInGiB".into()));
    assert_eq!(missing("aws_ecs_task_definition", r#"{"family": "a", "ephemeral_storage": [{}]}"#), ("/ephemeral_storage/0".into(), "size_in_gib".into()));
}

#[test]
fn the_call_contract() {
    // An unknown type is a structured error in the report, not a failed call.
    let report = validate_resource("aws:s3/bucket:Bucket", "{}");
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].code, "unknown-resource-type");
    assert_eq!(report.errors[0].path.as_deref(), Some(""));
    assert!(report.resources.is_empty());
    // A resource that only adds to another one is accepted and has nothing to check on its own.
    let report = validate_resource("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", r#"{"clusterName": "c", "capacityProviders": ["FARGATE"]}"#);
    assert!(report.errors.is_empty() && report.resources.is_empty());
    // Props that are not an object, and unknown options, are call errors.
    assert!(api::validate_resource("aws:ecs/service:Service", "[]", ResourceOptions::default()).is_err());
    assert!(api::validate_resource("aws:ecs/service:Service", "{", ResourceOptions::default()).is_err());
    assert!(api::validate_resource_json_str("aws:ecs/service:Service", "{}", r#"{"nmae": "x"}"#).unwrap_err().contains("unknown field"));
    // Limits are data errors.
    let deep = format!("{}{}", r#"{"a":"#.repeat(300), "}".repeat(300));
    let report = validate_resource("aws:ecs/service:Service", &deep);
    assert_eq!(report.errors[0].code, "too-deep");
    // The JSON-string forms.
    let json: Json = serde_json::from_str(
        &api::validate_resource_json_str("aws:ecs/service:Service", r#"{"name": "web", "networkConfiguration": {"subnets": [], "assignPublicIp": true}}"#, r#"{"name": "web", "urn": "urn:x"}"#)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(json["resources"][0]["address"], "urn:x");
    assert_eq!(json["resources"][0]["kind"], "Service");
    let json: Json = serde_json::from_str(&api::validate_stack_json_str(&fixture("pulumi/classic-stack.json"), r#"{"fileName": "dev"}"#).unwrap()).unwrap();
    let seed_failures = json["findings"].as_array().unwrap().iter().filter(|f| SEED_RULES.contains(&f["ruleId"].as_str().unwrap()) && f["status"] == "fail").count();
    assert_eq!(seed_failures, 3);
    assert_eq!(json["findings"][0]["resource"]["file"], "dev");
    // A stack element that is not a resource is reported, the others are still checked.
    let report = api::validate_stack(r#"[{"type": "aws:ecs/cluster:Cluster"}, {"type": "aws:ecs/cluster:Cluster", "props": {"name": "c"}}]"#, StackOptions::default()).unwrap();
    assert_eq!((report.errors[0].code, report.errors[0].path.as_deref()), ("invalid-resource", Some("/0")));
    assert_eq!(report.resources.len(), 1);
    assert_eq!(report.errors[0].message, "resource [0] needs a `type` string and a `props` object");
    let forced = ValidateOptions { format: Some(fargate_guard::input::Format::Pulumi), ..Default::default() };
    let report = api::validate(r#"{"clusterName": "c"}"#, forced).unwrap();
    assert_eq!(report.errors[0].message, "the resource needs a `type` string and a `props` object");
}

#[test]
fn terraform_typed_props_read_like_plan_attributes() {
    let props = r#"{"name": "web", "launch_type": "FARGATE", "network_configuration": [{"assign_public_ip": false, "subnets": ["subnet-1"]}],
                   "deployment_circuit_breaker": [{"enable": true, "rollback": false}], "tags": {"team": "web"}}"#;
    let mut model = fargate_guard::model::Model::default();
    let (_, errors) = fargate_guard::input::pulumi::read_resource("aws_ecs_service", props, Some("web"), None, &Default::default(), &mut model).unwrap();
    assert!(errors.is_empty());
    let body = &model.resources[0].body;
    let public_ip = known(body.get("networkConfiguration").get("awsvpcConfiguration").get("assignPublicIp"));
    assert_eq!(public_ip.as_str(), Some("DISABLED"));
    assert_eq!(pointers(&model, public_ip).0, "/network_configuration/0/assign_public_ip");
    assert_eq!(body.get("deploymentConfiguration").get("deploymentCircuitBreaker").get("rollback").as_bool(), Some(false));
    assert_eq!(body.get("tags").items()[0].get("key").as_str(), Some("team"));
    assert_eq!(model.resources[0].address, "aws_ecs_service::web");
}
