//! Format fixtures (tests/fixtures/): each input read end to end, with the findings' JSON Pointers and their
//! line/column in the user's text asserted, plus the CloudFormation semantics and AWS API request shapes.

use fargate_guard::api::{validate, ValidateOptions};
use fargate_guard::input::{read_files, InputError, InputFile, Limits, Location};
use fargate_guard::link::{link, Link};
use fargate_guard::model::{Kind, Model, SourcePath, Value};
use fargate_guard::report::{Finding, Report};
use fargate_guard::rules::Status;

fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn report(text: &str, name: &str) -> Report {
    validate(text, ValidateOptions { file_name: Some(name.into()), ..Default::default() }).expect("default options")
}

fn model(text: &str) -> (Model, Vec<InputError>) {
    let mut model = Model::default();
    let (_, errors) = read_files(&[InputFile { name: "input", text }], None, &Limits::default(), &mut model);
    (model, errors)
}

/// Where `needle` first is on the first line containing `line_marker`, 1-based, in characters: what an editor
/// shows.
fn position(text: &str, line_marker: &str, needle: &str) -> Location {
    let (index, line) = text.lines().enumerate().find(|(_, l)| l.contains(line_marker)).unwrap_or_else(|| panic!("no line with {line_marker}"));
    let byte = line.find(needle).unwrap_or_else(|| panic!("{needle} not on the line of {line_marker}"));
    Location { line: index as u32 + 1, column: line[..byte].chars().count() as u32 + 1 }
}

fn finding<'r>(report: &'r Report, rule: &str, resource: &str) -> &'r Finding {
    report
        .findings
        .iter()
        .find(|f| f.rule_id == rule && f.resource.address == resource)
        .unwrap_or_else(|| panic!("no {rule} finding on {resource}: {:#?}", report.findings))
}

fn assert_finding(report: &Report, rule: &str, resource: &str, status: Status, path: &str, missing: Option<&str>, at: Location) {
    let f = finding(report, rule, resource);
    assert_eq!((f.status, f.path.as_str(), f.missing.as_deref(), f.location), (status, path, missing, Some(at)), "{rule} on {resource}");
}

#[test]
fn cloudformation_yaml_with_conditions_short_forms_and_suppressions() {
    let text = fixture("cloudformation/service.yaml");
    // The same template with Windows line endings must give the same lines and columns.
    for text in [text.clone(), text.replace('\n', "\r\n")] {
        let report = report(&text, "service.yaml");
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        // `ProdOnly` has the false condition IsProd: not created, not checked.
        let names: Vec<&str> = report.resources.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(names, ["Cluster", "Service", "Task", "Worker"]);
        assert!(report.resources.iter().all(|r| r.format == "cloudformation"));

        // IsDev = !Not [IsProd] with Env's default `dev`: the `!If` takes its first branch, 250.
        let size = position(&text, "SizeInGiB: !If [IsDev", "250");
        assert_finding(&report, "FG-04", "Task", Status::Fail, "/Resources/Task/Properties/EphemeralStorage/SizeInGiB/Fn::If/1", None, size);
        // The NoValue branch of the inner `!If` drops the item; SYS_ADMIN keeps its source index.
        let add = position(&text, "Add: [SYS_PTRACE", "SYS_ADMIN");
        let path = "/Resources/Task/Properties/ContainerDefinitions/0/LinuxParameters/Capabilities/Add/2";
        assert_finding(&report, "FG-07", "Task", Status::Fail, path, None, add);
        let suppressed = finding(&report, "FG-07", "Task").suppressed.as_ref().expect("suppressed by Metadata");
        assert_eq!((suppressed.source.as_str(), suppressed.reason.as_str()), ("cloudformation-metadata", "reviewed exception, see ticket 42"));
        // InVpc depends on a parameter without default: undecided, pointing at the key that holds the `!If`.
        let worker = position(&text, "SizeInGiB: !If [InVpc", "SizeInGiB");
        assert_finding(&report, "FG-04", "Worker", Status::Undecided, "/Resources/Worker/Properties/EphemeralStorage/SizeInGiB", None, worker);
        // A missing key points at its parent object's key.
        let properties = Location { line: position(&text, "ClusterName: !Sub", "ClusterName").line - 1, column: 5 };
        assert_finding(&report, "FG-01", "Cluster", Status::Fail, "/Resources/Cluster/Properties", Some("Configuration"), properties);
        let by_tag = finding(&report, "FG-01", "Cluster").suppressed.as_ref().expect("suppressed by tag");
        assert_eq!((by_tag.source.as_str(), by_tag.reason.as_str()), ("tag", "no task data on ephemeral storage"));
    }
}

#[test]
fn cloudformation_values_resolve_as_deployed() {
    let text = fixture("cloudformation/service.yaml");
    let (model, errors) = model(&text);
    assert!(errors.is_empty(), "{errors:?}");
    let resource = |address: &str| model.resources.iter().position(|r| r.address == address).expect(address);
    let get = |address: &str, path: &[&'static str]| {
        let mut field = model.resources[resource(address)].body.get(path[0]);
        for key in &path[1..] {
            field = field.get(key);
        }
        field
    };
    // Fn::Join / Fn::Sub over parameter defaults are strings; what needs the account is Unknown, saying why.
    assert_eq!(model.resources[resource("Task")].declared_name.as_deref(), Some("dev-app"));
    assert_eq!(model.resources[resource("Cluster")].declared_name.as_deref(), Some("dev-cluster"));
    assert_eq!(get("Service", &["platformVersion"]).as_str(), Some("LATEST"));
    assert_eq!(get("Task", &["cpu"]).as_text().as_deref(), Some("256"));
    let image = model.resources[resource("Task")].body.get("containerDefinitions").items()[0].get("image");
    assert!(matches!(image, fargate_guard::model::Field::Unknown(node) if matches!(&node.value, Value::Unknown(why) if &**why == "Fn::Sub (${AWS::AccountId})")));
    let worker = get("Worker", &["ephemeralStorage", "sizeInGiB"]);
    assert!(matches!(worker, fargate_guard::model::Field::Unknown(node) if matches!(&node.value, Value::Unknown(why) if &**why == "Fn::If on condition InVpc")));
    let add: Vec<&str> = model.resources[resource("Task")].body.get("containerDefinitions").items()[0]
        .get("linuxParameters")
        .get("capabilities")
        .get("add")
        .items()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(add, ["SYS_PTRACE", "SYS_ADMIN"]);
    // The service links to the task definition and cluster by logical id.
    let links = link(&model);
    let service = resource("Service");
    assert_eq!(links.task_definition[service], Link::Resolved(resource("Task")));
    assert_eq!(links.cluster[service], Link::Resolved(resource("Cluster")));
}

#[test]
fn yaml_booleans_and_numbers_read_as_their_spelling() {
    // rules.md §5.23: `Value: false` is the tag value "false".
    let text = "Resources:\n  C:\n    Type: AWS::ECS::Cluster\n    Properties:\n      Tags:\n        - {Key: a, Value: false}\n        - {Key: b, Value: 1.50}\n        - {Key: c, Value: 007}\n";
    let (model, errors) = model(text);
    assert!(errors.is_empty(), "{errors:?}");
    let values: Vec<Option<String>> = model.resources[0].body.get("tags").items().iter().map(|tag| tag.get("value").as_text()).collect();
    assert_eq!(values, [Some("false".into()), Some("1.5".into()), Some("007".into())]);
}

#[test]
fn cdk_json_template_with_capacity_provider_association() {
    let text = fixture("cloudformation/cdk.template.json");
    for text in [text.clone(), text.replace('\n', "\r\n")] {
        let report = report(&text, "AppStack.template.json");
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        // CDK paths name the resources; AWS::CDK::Metadata and the association are not resources of their own.
        let names: Vec<&str> = report.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["AppStack/Cluster/Resource", "AppStack/Task/Resource"]);
        // The association gives the cluster an EC2 capacity provider only: FG-01 does not apply.
        assert!(report.findings.iter().all(|f| f.rule_id != "FG-01"), "{:?}", report.findings);
        let add = position(&text, "\"Add\": [\"NET_RAW\"]", "\"NET_RAW\"");
        let path = "/Resources/AppTask/Properties/ContainerDefinitions/0/LinuxParameters/Capabilities/Add/0";
        assert_finding(&report, "FG-07", "AppTask", Status::Fail, path, None, add);
        let size = position(&text, "\"SizeInGiB\": 20", "\"SizeInGiB\"");
        assert_finding(&report, "FG-04", "AppTask", Status::Fail, "/Resources/AppTask/Properties/EphemeralStorage/SizeInGiB", None, size);
    }
    let (model, _) = model(&text);
    let cluster = &model.resources[0];
    assert_eq!(cluster.body.get("capacityProviders").items().len(), 1);
    assert_eq!(model.origins.path(cluster.body.get("capacityProviders").known().expect("merged").origin).pointer, "/Resources/AppClusterProviders/Properties/CapacityProviders");
    assert_eq!(model.resources[1].declared_name.as_deref(), Some("app-web"));
}

#[test]
fn pointers_with_escaped_keys_locate_in_json_and_yaml() {
    let json = fixture("cloudformation/cdk.template.json");
    let yaml = "Resources:\n  AppTask:\n    Properties:\n      ContainerDefinitions:\n        - DockerLabels:\n            \"team/owner\": web\n            cost~center: \"42\"\n";
    let labels = "/Resources/AppTask/Properties/ContainerDefinitions/0/DockerLabels";
    for (text, name) in [(json.as_str(), "t.json"), (yaml, "t.yaml")] {
        for text in [text.to_string(), text.replace('\n', "\r\n")] {
            let mut model = Model::default();
            let (sources, errors) = read_files(&[InputFile { name, text: &text }], None, &Limits::default(), &mut model);
            assert!(errors.is_empty(), "{errors:?}");
            let locate = |pointer: &str| sources[0].locate(&SourcePath { document: 0, pointer: pointer.into(), embedded: None });
            assert_eq!(locate(&format!("{labels}/team~1owner")), Some(position(&text, "team/owner", "\"team/owner\"")), "{name}");
            let cost = if name == "t.json" { "\"cost~center\"" } else { "cost~center" };
            assert_eq!(locate(&format!("{labels}/cost~0center")), Some(position(&text, "cost~center", cost)), "{name}");
            // A pointer past what the text holds lands on the deepest value that exists.
            assert_eq!(locate(&format!("{labels}/nothing/0")), locate(labels), "{name}");
        }
    }
}

#[test]
fn aws_api_array_and_ndjson_requests() {
    let json = fixture("aws-api/requests.json");
    let lines = fixture("aws-api/requests.ndjson");
    for (text, name) in [(&json, "requests.json"), (&lines, "requests.ndjson")] {
        let report = report(text, name);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let kinds: Vec<&str> = report.resources.iter().map(|r| r.kind).collect();
        // The last one is UpdateService: `service` without a task set's fields.
        assert_eq!(kinds, ["TaskDefinition", "Service", "Cluster", "RunTask", "Service"], "{name}");
        let size = position(text, "\"sizeInGiB\": 250", "\"sizeInGiB\"");
        assert_finding(&report, "FG-04", "TaskDefinition/web", Status::Fail, "/0/ephemeralStorage/sizeInGiB", None, size);
        let add = position(text, "\"add\": [\"SYS_ADMIN\"]", "\"SYS_ADMIN\"");
        assert_finding(&report, "FG-07", "TaskDefinition/web", Status::Fail, "/0/containerDefinitions/0/linuxParameters/capabilities/add/0", None, add);
        // The cluster runs the Fargate service linked by name: its missing key points at its own object.
        let cluster = position(text, "\"clusterName\": \"prod\"", "{");
        assert_finding(&report, "FG-01", "Cluster/prod", Status::Fail, "/2", Some("configuration"), cluster);
    }
    let (model, errors) = model(&lines);
    assert!(errors.is_empty());
    let links = link(&model);
    // The service and the RunTask (by ARN) link to the task definition and the cluster by name.
    for workload in [1, 3] {
        assert_eq!(links.task_definition[workload], Link::Resolved(0));
        assert_eq!(links.cluster[workload], Link::Resolved(2));
    }
    // RunTask overrides stay in the request body, where rules can read them.
    assert_eq!(model.resources[3].body.get("overrides").get("ephemeralStorage").get("sizeInGiB").as_f64(), Some(100.0));
    assert_eq!(model.resources[4].kind, Kind::Service);
    assert_eq!(model.resources[4].declared_name.as_deref(), Some("web"));
}

#[test]
fn aws_api_task_definition_in_yaml() {
    let text = fixture("aws-api/task-definition.yaml");
    let report = report(&text, "task-definition.yaml");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.resources[0].format, "aws-api");
    let add = position(&text, "add: [SYS_PTRACE", "\"CAP_SYS_ADMIN\"");
    assert_finding(&report, "FG-07", "TaskDefinition/batch", Status::Fail, "/containerDefinitions/0/linuxParameters/capabilities/add/1", None, add);
}

#[test]
fn describe_outputs_are_named_in_a_clear_error() {
    let services = report(&fixture("aws-api/describe-services.json"), "services.json");
    assert!(services.resources.is_empty());
    let error = &services.errors[0];
    assert_eq!(error.code, "describe-output");
    assert!(error.message.contains("DescribeServices") && error.message.contains("CreateService"), "{}", error.message);
    for (text, call) in [(r#"{"clusters": [], "failures": []}"#, "DescribeClusters"), (r#"{"tasks": [{"taskArn": "x"}]}"#, "RunTask")] {
        let report = report(text, "out.json");
        assert_eq!(report.errors[0].code, "describe-output");
        assert!(report.errors[0].message.contains(call));
    }
}

#[test]
fn suppressions_need_a_reason() {
    let text = "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Metadata:\n      fargate-guard:\n        suppress:\n          - rule: FG-07\n    Properties:\n      Family: app\n      Tags:\n        - Key: fargate-guard:suppress\n          Value: FG-04\n";
    let report = report(text, "t.yaml");
    let codes: Vec<(&str, &str, Option<Location>)> = report.errors.iter().map(|e| (e.code, e.path.as_deref().unwrap_or(""), e.location)).collect();
    assert_eq!(
        codes,
        [
            ("suppression-without-reason", "/Resources/Task/Metadata/fargate-guard/suppress/0", Some(Location { line: 7, column: 13 })),
            ("suppression-without-reason", "/Resources/Task/Properties/Tags/0/Value", Some(Location { line: 12, column: 11 })),
        ]
    );
    // The resource is still read and checked.
    assert_eq!(report.resources.len(), 1);
}

#[test]
fn text_detection_and_errors() {
    let cases: &[(&str, &str)] = &[
        ("{\"family\": \"a\"", "invalid-json"),
        ("Resources: [1, 2\n", "invalid-yaml"),
        ("just some words\n", "unknown-format"),
        ("- input:\n    Resources: {}\n  expectations: {}\n", "unknown-format"),
        ("a: &a [*a]\n", "invalid-yaml"),
    ];
    for (text, code) in cases {
        let report = report(text, "x");
        assert_eq!(report.errors.iter().map(|e| e.code).collect::<Vec<_>>(), [*code], "{text:?}");
    }
    // Text that starts like JSON is JSON: a missing value or a trailing comma is an error at its position,
    // never re-read as YAML (where `"cpu": ` would silently become null).
    for (text, at) in [("{\"family\": \"a\",}", (1, 16)), ("{\n  \"family\": \"app\",\n  \"cpu\": \n}\n", (4, 1))] {
        let report = report(text, "x");
        let location = report.errors.first().and_then(|e| e.location).map(|l| (l.line, l.column));
        assert_eq!((report.errors.iter().map(|e| e.code).collect::<Vec<_>>(), location), (vec!["invalid-json"], Some(at)), "{text:?}");
        assert!(report.resources.is_empty());
    }
    let json_error = &self::report("{\n  \"family\": \"a\" \"b\"\n}", "x").errors[0];
    assert_eq!((json_error.code, json_error.location), ("invalid-json", Some(Location { line: 2, column: 17 })));
}
