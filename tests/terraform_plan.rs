//! Terraform plan JSON: which changes are read, the canonical model they become (values and their pointers
//! into the plan), unknowns, linking, and the findings of the rules that exist.

mod common;

use common::*;
use fargate_guard::api::{self, ValidateOptions};
use fargate_guard::link::{link, Link};
use fargate_guard::model::{Field, Kind, Reference, Value};
use fargate_guard::rules::Status;
use serde_json::Value as Json;

const WEB_TD: &str = r#"module.app.aws_ecs_task_definition.this["web"]"#;
const WORKER_TD: &str = r#"module.app.aws_ecs_task_definition.this["worker"]"#;
const WEB_SERVICE: &str = r#"module.app.aws_ecs_service.this["web"]"#;

fn validate(name: &str, text: &str) -> fargate_guard::report::Report {
    api::validate(text, ValidateOptions { file_name: Some(name.into()), ..Default::default() }).expect("default options")
}

#[test]
fn reads_what_will_exist_and_names_it_by_address() {
    let text = fixture("terraform/plan-modules.json");
    let (model, sources, errors) = read("plan.json", &text);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sources[0].format, Some(fargate_guard::input::Format::TerraformPlan));
    let read: Vec<(&str, Kind)> = model.resources.iter().map(|r| (r.address.as_str(), r.kind)).collect();
    // Not read: the deleted cluster, the data source, and the two resources that only add to another one.
    assert_eq!(
        read,
        vec![
            (WEB_TD, Kind::TaskDefinition),
            (WORKER_TD, Kind::TaskDefinition),
            (WEB_SERVICE, Kind::Service),
            ("aws_ecs_cluster.main", Kind::Cluster),
            ("aws_ecs_task_definition.legacy", Kind::TaskDefinition),
            ("aws_ecs_task_definition.batch", Kind::TaskDefinition),
            ("aws_guardduty_detector.main", Kind::Detector),
        ]
    );
    assert!(model.resources.iter().all(|r| r.name == r.address));
}

#[test]
fn task_definition_becomes_the_api_shape_with_pointers_into_the_plan() {
    let text = fixture("terraform/plan-modules.json");
    let (model, _, _) = read("plan.json", &text);
    let td = resource(&model, WEB_TD);
    let body = &td.body;
    assert_eq!(td.declared_name.as_deref(), Some("web"));

    let size = known(body.get("ephemeralStorage").get("sizeInGiB"));
    assert_eq!(size.as_f64(), Some(250.0));
    assert_eq!(pointers(&model, size), ("/resource_changes/0/change/after/ephemeral_storage/0/size_in_gib".into(), None));
    assert_eq!(body.get("runtimePlatform").get("cpuArchitecture").as_str(), Some("ARM64"));
    assert_eq!(body.get("networkMode").as_str(), Some("awsvpc"));

    // The JSON string is parsed; keys match case-insensitively, pointers go into the string.
    let containers = body.get("containerDefinitions").items();
    assert_eq!(containers.len(), 1);
    let add = known(containers[0].get("linuxParameters").get("capabilities").get("add"));
    assert_eq!(add.items()[0].as_str(), Some("SYS_ADMIN"));
    assert_eq!(
        pointers(&model, &add.items()[0]),
        ("/resource_changes/0/change/after/container_definitions".into(), Some("/0/linuxParameters/capabilities/add/0".into()))
    );
    let read_only = known(containers[0].get("readonlyRootFilesystem"));
    assert_eq!(read_only.as_bool(), Some(false));
    assert_eq!(pointers(&model, read_only).1.as_deref(), Some("/0/ReadOnlyRootFilesystem"));

    // `volume` (a set) → `volumes`; MaxItems-1 blocks → objects; `host_path = ""` is not a host volume.
    let volume = &body.get("volumes").items()[0];
    let efs = volume.get("efsVolumeConfiguration");
    assert_eq!(efs.get("fileSystemId").as_str(), Some("fs-12345678"));
    assert_eq!(efs.get("authorizationConfig").get("iam").as_str(), Some("ENABLED"));
    assert!(efs.get("authorizationConfig").get("accessPointId").is_absent());
    assert!(volume.get("host").is_absent());
    assert!(volume.get("dockerVolumeConfiguration").is_absent());

    // Unknown attributes are dropped from `after`: they point at their `true` in `after_unknown`.
    let role = body.get("executionRoleArn");
    assert!(role.is_unknown());
    let Field::Unknown(role) = role else { unreachable!() };
    assert_eq!(pointers(&model, role).0, "/resource_changes/0/change/after_unknown/execution_role_arn");
    assert!(matches!(&role.value, Value::Unknown(why) if &**why == "known after apply"));

    // `tags` map → `[{key, value}]`, each pointing at the value written.
    let tags = body.get("tags").items();
    assert_eq!(tags.len(), 1);
    assert_eq!((tags[0].get("key").as_str(), tags[0].get("value").as_str()), (Some("Team"), Some("web")));
    assert_eq!(pointers(&model, &tags[0]).0, "/resource_changes/0/change/after/tags/Team");
    assert!(body.get("pidMode").is_absent());
}

#[test]
fn unknown_container_definitions_are_never_no_containers() {
    let text = fixture("terraform/plan-modules.json");
    let (model, _, _) = read("plan.json", &text);
    // `"[]"` in `after` with `after_unknown.container_definitions = true` (terraform-provider-aws#38482).
    let worker = resource(&model, WORKER_TD);
    let containers = worker.body.get("containerDefinitions");
    let Field::Unknown(node) = containers else { panic!("expected unknown, got {containers:?}") };
    assert_eq!(pointers(&model, node).0, "/resource_changes/1/change/after/container_definitions");
    assert!(worker.body.get("ephemeralStorage").is_absent());
}

#[test]
fn service_is_mapped_and_linked_through_the_configuration() {
    let text = fixture("terraform/plan-modules.json");
    let (model, _, _) = read("plan.json", &text);
    let service = resource(&model, WEB_SERVICE);
    let body = &service.body;
    assert_eq!(body.get("serviceName").as_str(), Some("web"));
    let public_ip = known(body.get("networkConfiguration").get("awsvpcConfiguration").get("assignPublicIp"));
    assert_eq!(public_ip.as_str(), Some("ENABLED"));
    assert_eq!(pointers(&model, public_ip).0, "/resource_changes/2/change/after/network_configuration/0/assign_public_ip");
    assert_eq!(body.get("networkConfiguration").get("awsvpcConfiguration").get("subnets").items().len(), 1);
    let breaker = body.get("deploymentConfiguration").get("deploymentCircuitBreaker");
    assert_eq!(breaker.get("rollback").as_bool(), Some(true));
    assert_eq!(pointers(&model, known(breaker)).0, "/resource_changes/2/change/after/deployment_circuit_breaker/0");
    assert_eq!(body.get("deploymentConfiguration").get("maximumPercent").as_f64(), Some(200.0));
    // `iam_role` is Optional+Computed and not in the configuration: what AWS reports is not the user's role.
    assert!(body.get("role").is_absent());
    assert!(body.get("taskDefinition").is_unknown());

    // The task definition ARN is unknown (a new revision): `aws_ecs_task_definition.this` in the service's
    // module, with the service's own for_each key. The cluster ARN is known: linked by name.
    assert_eq!(service.task_definition, Reference::Address(WEB_TD.into()));
    assert_eq!(service.cluster, Reference::Name("arn:aws:ecs:us-east-1:111111111111:cluster/main".into()));
    let links = link(&model);
    let index = |address| model.resources.iter().position(|r| r.address == address).unwrap();
    assert_eq!(links.task_definition[index(WEB_SERVICE)], Link::Resolved(index(WEB_TD)));
    assert_eq!(links.cluster[index(WEB_SERVICE)], Link::Resolved(index("aws_ecs_cluster.main")));
}

#[test]
fn cluster_takes_its_capacity_providers_and_detector_its_features() {
    let text = fixture("terraform/plan-modules.json");
    let (model, _, _) = read("plan.json", &text);
    let cluster = &resource(&model, "aws_ecs_cluster.main").body;
    assert_eq!(cluster.get("clusterName").as_str(), Some("main"));
    assert_eq!(cluster.get("settings").items()[0].get("value").as_str(), Some("enhanced"));
    let log = cluster.get("configuration").get("executeCommandConfiguration").get("logConfiguration");
    let s3 = known(log.get("s3EncryptionEnabled"));
    assert_eq!(s3.as_bool(), Some(false));
    assert_eq!(
        pointers(&model, s3).0,
        "/resource_changes/3/change/after/configuration/0/execute_command_configuration/0/log_configuration/0/s3_bucket_encryption_enabled"
    );
    assert!(log.get("s3BucketName").is_absent(), "an empty string is not set");
    // From `aws_ecs_cluster_capacity_providers.main` (found by `cluster_name`).
    let providers = known(cluster.get("capacityProviders"));
    assert_eq!(providers.items().iter().filter_map(|p| p.as_str()).collect::<Vec<_>>(), ["FARGATE", "FARGATE_SPOT"]);
    assert_eq!(pointers(&model, providers).0, "/resource_changes/4/change/after/capacity_providers");
    assert_eq!(cluster.get("defaultCapacityProviderStrategy").items()[0].get("capacityProvider").as_str(), Some("FARGATE"));

    // From `aws_guardduty_detector_feature.runtime`, whose `detector_id` is unknown: found by its reference.
    let detector = &resource(&model, "aws_guardduty_detector.main").body;
    assert_eq!(detector.get("enable").as_bool(), Some(true));
    let feature = &detector.get("features").items()[0];
    assert_eq!(feature.get("name").as_str(), Some("RUNTIME_MONITORING"));
    let agent = &feature.get("additionalConfiguration").items()[0];
    assert_eq!((agent.get("name").as_str(), agent.get("status").as_str()), (Some("ECS_FARGATE_AGENT_MANAGEMENT"), Some("ENABLED")));
    assert_eq!(pointers(&model, agent).0, "/resource_changes/10/change/after/additional_configuration/0");
    assert!(detector.get("dataSources").is_unknown());
}

#[test]
fn findings_point_into_the_plan() {
    let text = fixture("terraform/plan-modules.json");
    let report = validate("plan.json", &text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_pointers_resolve(&report, &serde_json::from_str::<Json>(&text).unwrap());
    let rows = summary(&report);
    let expected = vec![
        (
            "FG-01",
            Status::Fail,
            "aws_ecs_cluster.main",
            "/resource_changes/3/change/after/configuration/0/managed_storage_configuration/0",
            Some("fargate_ephemeral_storage_kms_key_id"),
            None,
        ),
        ("FG-04", Status::Fail, WEB_TD, "/resource_changes/0/change/after/ephemeral_storage/0/size_in_gib", None, None),
        ("FG-07", Status::Fail, WEB_TD, "/resource_changes/0/change/after/container_definitions", None, Some("/0/linuxParameters/capabilities/add/0")),
        ("FG-07", Status::Undecided, WORKER_TD, "/resource_changes/1/change/after/container_definitions", None, None),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(rule, status, address, path, missing, embedded)| {
            (rule.to_string(), status, address.to_string(), path.to_string(), missing.map(str::to_string), embedded.map(str::to_string))
        })
        .collect();
    let mut expected = expected;
    expected.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    assert_eq!(rows, expected);
    // The no-op task definition was checked (and passed); the EC2-only replacement was skipped.
    assert!(report.resources.iter().any(|r| r.address == "aws_ecs_task_definition.legacy" && r.format == "terraform-plan"));
}

#[test]
fn invalid_container_definitions_are_an_error_naming_the_resource() {
    let text = fixture("terraform/plan-invalid-container-definitions.json");
    let report = validate("broken.json", &text);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let error = &report.errors[0];
    assert_eq!(error.code, "invalid-container-definitions");
    assert_eq!(error.path.as_deref(), Some("/resource_changes/0/change/after/container_definitions"));
    assert!(error.message.starts_with("aws_ecs_task_definition.broken: container definitions are not valid JSON"), "{}", error.message);
    // The broken resource is not checked; the rest of the plan is.
    assert!(report.resources.iter().all(|r| r.address != "aws_ecs_task_definition.broken"));
    let storage = findings(&report, "FG-04", Status::Fail);
    assert_eq!(storage.len(), 1);
    assert_eq!(storage[0].resource.address, "aws_ecs_task_definition.ok");
}

#[test]
fn planned_values_are_read_through_child_modules() {
    let text = fixture("terraform/planned-values.json");
    let (model, _, errors) = read("planned.json", &text);
    assert!(errors.is_empty(), "{errors:?}");
    let api_service = resource(&model, "module.svc.module.net.aws_ecs_service.api");
    assert_eq!(
        pointers(&model, known(api_service.body.get("networkConfiguration").get("awsvpcConfiguration").get("assignPublicIp"))).0,
        "/planned_values/root_module/child_modules/0/child_modules/0/resources/0/values/network_configuration/0/assign_public_ip"
    );
    let links = link(&model);
    let index = |address| model.resources.iter().position(|r| r.address == address).unwrap();
    let service = index("module.svc.module.net.aws_ecs_service.api");
    assert_eq!(links.task_definition[service], Link::Resolved(index("module.svc.aws_ecs_task_definition.this[0]")));
    assert_eq!(links.cluster[service], Link::Resolved(index("aws_ecs_cluster.main")));
    // Unknown values are left out of planned_values (or null): what the configuration computes from
    // references is unknown, pointing at its expression; missing containers are unknown, never none.
    let worker = &resource(&model, "module.svc.aws_ecs_task_definition.this[1]").body;
    let Field::Unknown(containers) = worker.get("containerDefinitions") else { panic!("containers should be unknown") };
    assert_eq!(pointers(&model, containers).0, "/configuration/root_module/module_calls/svc/module/resources/0/expressions/container_definitions");
    let Field::Unknown(role) = worker.get("executionRoleArn") else { panic!("the role should be unknown") };
    assert_eq!(pointers(&model, role).0, "/configuration/root_module/module_calls/svc/module/resources/0/expressions/execution_role_arn");
    let groups = api_service.body.get("networkConfiguration").get("awsvpcConfiguration").get("securityGroups");
    let Field::Unknown(groups) = groups else { panic!("security groups should be unknown, got {groups:?}") };
    assert_eq!(pointers(&model, groups).0, "/planned_values/root_module/child_modules/0/child_modules/0/resources/0/values/network_configuration/0/security_groups");
    assert!(api_service.body.get("platformVersion").is_absent());

    let report = validate("planned.json", &text);
    assert_pointers_resolve(&report, &serde_json::from_str::<Json>(&text).unwrap());
    let capability = findings(&report, "FG-07", Status::Fail);
    assert_eq!(capability.len(), 1);
    assert_eq!(capability[0].path, "/planned_values/root_module/child_modules/0/resources/0/values/container_definitions");
    assert_eq!(capability[0].embedded_path.as_deref(), Some("/0/linuxParameters/capabilities/add/0"));
    assert_eq!(findings(&report, "FG-07", Status::Undecided).len(), 1);
    assert!(findings(&report, "FG-01", Status::Fail).is_empty());
}

#[test]
fn other_major_format_versions_are_rejected() {
    let report = validate("future.json", r#"{"format_version": "2.0", "resource_changes": []}"#);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].code, "unsupported-input");
    assert!(report.errors[0].message.contains("format_version 2.0 is not supported"), "{}", report.errors[0].message);
    let report = validate("empty.json", r#"{"format_version": "1.2", "resource_changes": []}"#);
    assert!(report.errors.is_empty() && report.resources.is_empty());
}

#[test]
fn missing_keys_are_spelled_in_snake_case() {
    let plan = r#"{"format_version": "1.2", "resource_changes": [{"address": "aws_ecs_task_definition.t", "mode": "managed",
      "type": "aws_ecs_task_definition", "name": "t", "change": {"actions": ["create"],
      "after": {"family": "t", "container_definitions": "[]", "ephemeral_storage": [{}]}, "after_unknown": {}}}]}"#;
    let report = validate("plan.json", plan);
    let storage = findings(&report, "FG-04", Status::Fail);
    assert_eq!(storage.len(), 1);
    assert_eq!(storage[0].path, "/resource_changes/0/change/after/ephemeral_storage/0");
    assert_eq!(storage[0].missing.as_deref(), Some("size_in_gib"));
}

#[test]
fn a_computed_service_role_is_not_read_as_written() {
    let plan = |configuration: &str| {
        format!(
            r#"{{"format_version": "1.2", "resource_changes": [{{"address": "aws_ecs_service.web", "mode": "managed", "type": "aws_ecs_service",
              "name": "web", "change": {{"actions": ["no-op"], "after_unknown": {{}},
              "after": {{"name": "web", "iam_role": "arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"}}}}}}]
              {configuration}}}"#
        )
    };
    let role = |text: &str| {
        let (model, _, errors) = read("plan.json", text);
        assert!(errors.is_empty(), "{errors:?}");
        model.resources[0].body.get("role").as_str().map(str::to_string)
    };
    let config = |expressions: &str| {
        format!(r#", "configuration": {{"root_module": {{"resources": [{{"address": "aws_ecs_service.web", "expressions": {{{expressions}}}}}]}}}}"#)
    };
    assert_eq!(role(&plan(&config(r#""name": {"constant_value": "web"}"#))), None);
    assert!(role(&plan(&config(r#""iam_role": {"references": ["aws_iam_role.ecs.arn"]}"#))).is_some());
    // Without a configuration there is nothing to tell them apart: the value is kept.
    assert!(role(&plan("")).is_some());
}
