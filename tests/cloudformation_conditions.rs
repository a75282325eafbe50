//! CloudFormation `Fn::If` on a condition that cannot be decided offline: both branches are checked
//! (formats.md §3). A violation in one branch fails, pointing at that branch and saying when it deploys; one in
//! every variant is reported once, as it is; decidable conditions still pick their branch.

use fargate_guard::api::{validate, ValidateOptions};
use fargate_guard::fix::apply;
use fargate_guard::input::{read_files, yaml, InputFile, Limits, Location};
use fargate_guard::link::{link, Link};
use fargate_guard::model::{Model, Value};
use fargate_guard::report::{Finding, Report};
use fargate_guard::rules::Status;
use serde_json::Value as Json;

fn report(text: &str, name: &str) -> Report {
    let report = validate(text, ValidateOptions { file_name: Some(name.into()), ..Default::default() }).expect("default options");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report
}

fn model(text: &str) -> Model {
    let mut model = Model::default();
    let (_, errors) = read_files(&[InputFile { name: "input", text }], None, &Limits::default(), &mut model);
    assert!(errors.is_empty(), "{errors:?}");
    model
}

fn of<'r>(report: &'r Report, rule: &str) -> Vec<&'r Finding> {
    report.findings.iter().filter(|f| f.rule_id == rule).collect()
}

/// The one finding of `rule`.
fn only<'r>(report: &'r Report, rule: &str) -> &'r Finding {
    match of(report, rule).as_slice() {
        [one] => one,
        other => panic!("expected one {rule} finding, got {other:#?}"),
    }
}

/// Line and column of `needle` on the first line containing `marker`.
fn position(text: &str, marker: &str, needle: &str) -> Location {
    let (index, line) = text.lines().enumerate().find(|(_, l)| l.contains(marker)).unwrap_or_else(|| panic!("no line with {marker}"));
    let byte = line.find(needle).unwrap_or_else(|| panic!("{needle} not on the line of {marker}"));
    Location { line: index as u32 + 1, column: line[..byte].chars().count() as u32 + 1 }
}

/// The same template as JSON text.
fn as_json(yaml_text: &str) -> String {
    let parsed = yaml::parse(yaml_text, 256).expect("valid YAML");
    serde_json::to_string_pretty(&parsed.value).expect("serialisable")
}

/// Applies a finding's fix to the template (as JSON) and validates the result.
fn fixed(yaml_text: &str, finding: &Finding) -> (Json, Report) {
    let mut doc: Json = serde_json::from_str(&as_json(yaml_text)).expect("JSON");
    apply(&mut doc, finding.fix.as_ref().expect("a fix")).expect("the fix applies");
    let report = report(&doc.to_string(), "fixed.json");
    (doc, report)
}

const SERVICE: &str = r#"Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: 256
      Memory: 512
      ContainerDefinitions:
        - {Name: app, Image: app:1}
  Service:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      LaunchType: FARGATE
      PlatformVersion: !If [IsProd, "1.4.0", "1.3.0"]
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [subnet-1]}
"#;

#[test]
fn a_violation_in_one_branch_fails_naming_the_condition_and_pointing_at_the_branch() {
    let report = report(SERVICE, "service.yaml");
    let finding = only(&report, "FD-19");
    assert_eq!(finding.status, Status::Fail);
    assert_eq!(finding.path, "/Resources/Service/Properties/PlatformVersion/Fn::If/2");
    assert_eq!(finding.location, Some(position(SERVICE, "PlatformVersion", "\"1.3.0\"")));
    assert!(finding.message.contains("1.3.0"), "{}", finding.message);
    assert!(finding.message.ends_with(" (when condition IsProd is false)"), "{}", finding.message);
    // The (rule, resource) pair is counted once, as failed.
    assert_eq!(report.evaluations.iter().filter(|e| e.rule == "FD-19").count(), 1);

    // The fix patches that branch only; the condition stays.
    let (doc, after) = fixed(SERVICE, finding);
    assert_eq!(doc.pointer("/Resources/Service/Properties/PlatformVersion/Fn::If/2"), Some(&Json::from("LATEST")));
    assert_eq!(doc.pointer("/Resources/Service/Properties/PlatformVersion/Fn::If/1"), Some(&Json::from("1.4.0")));
    assert!(of(&after, "FD-19").is_empty(), "{:#?}", of(&after, "FD-19"));
}

#[test]
fn a_boolean_branch_is_checked_and_its_fix_empties_that_branch() {
    let text = r#"Parameters:
  Debug: {Type: String, AllowedValues: ["yes", "no"]}
Conditions:
  IsDebug: !Equals [!Ref Debug, "yes"]
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: 256
      Memory: 512
      ContainerDefinitions:
        - Name: app
          Image: app:1
          Privileged: !If [IsDebug, true, false]
"#;
    let report = report(text, "task.yaml");
    let finding = only(&report, "CH-01");
    assert_eq!((finding.status, finding.path.as_str()), (Status::Fail, "/Resources/Task/Properties/ContainerDefinitions/0/Privileged/Fn::If/1"));
    assert_eq!(finding.location, Some(position(text, "Privileged", "true")));
    assert!(finding.message.ends_with(" (when condition IsDebug is true)"), "{}", finding.message);
    let (doc, after) = fixed(text, finding);
    let privileged = doc.pointer("/Resources/Task/Properties/ContainerDefinitions/0/Privileged/Fn::If").expect("the Fn::If stays");
    assert_eq!(privileged, &serde_json::json!(["IsDebug", {"Ref": "AWS::NoValue"}, false]));
    assert!(of(&after, "CH-01").is_empty());
}

#[test]
fn a_violation_in_every_variant_is_reported_once_without_a_condition() {
    let text = r#"Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: !If [IsProd, 1024, 256]
      Memory: !If [IsProd, 2048, 512]
      ContainerDefinitions:
        - Name: app
          Image: app:1
          Privileged: true
  Service:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      PlatformVersion: !If [IsProd, "1.3.0", "1.2.0"]
"#;
    let report = report(text, "task.yaml");
    let privileged = only(&report, "CH-01");
    assert_eq!(privileged.path, "/Resources/Task/Properties/ContainerDefinitions/0/Privileged");
    assert!(!privileged.message.contains("(when"), "{}", privileged.message);
    assert!(privileged.fix.is_some(), "a finding of every variant keeps its fix");
    // Both branches fail, each at its own place: two findings, each saying when.
    let mut versions: Vec<(&str, &str)> = of(&report, "FD-19")
        .iter()
        .map(|f| (f.path.as_str(), f.message.rsplit_once(" (when ").map_or("", |(_, when)| when)))
        .collect();
    versions.sort();
    assert_eq!(
        versions,
        [
            ("/Resources/Service/Properties/PlatformVersion/Fn::If/1", "condition IsProd is true)"),
            ("/Resources/Service/Properties/PlatformVersion/Fn::If/2", "condition IsProd is false)")
        ]
    );
    let pair = |rule: &str, address: &str| report.evaluations.iter().filter(|e| e.rule == rule && report.resources[e.resource].address == address).count();
    assert_eq!((pair("CH-01", "Task"), pair("FD-19", "Service")), (1, 1));
}

#[test]
fn decidable_conditions_still_pick_their_branch() {
    let text = SERVICE.replace("Env: {Type: String}", "Env: {Type: String, Default: prod}");
    let report = report(&text, "service.yaml");
    assert!(of(&report, "FD-19").is_empty(), "{:#?}", of(&report, "FD-19"));
    let model = model(&text);
    assert!(model.resources.iter().all(|r| r.variants.is_empty()));
    let dev = text.replace("Default: prod", "Default: dev");
    let report = self::report(&dev, "service.yaml");
    let finding = only(&report, "FD-19");
    assert_eq!(finding.path, "/Resources/Service/Properties/PlatformVersion/Fn::If/2");
    assert!(!finding.message.contains("(when"), "a decided condition is no assumption: {}", finding.message);
}

#[test]
fn nested_ifs_and_derived_conditions_are_assumed_consistently() {
    let text = r#"Parameters:
  Env: {Type: String}
  Region: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  IsEu: !Equals [!Ref Region, eu]
  DevInEu: !And [!Condition IsDev, !Condition IsEu]
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      LaunchType: FARGATE
      PlatformVersion: !If [IsProd, "1.4.0", !If [IsEu, "1.3.0", LATEST]]
      EnableExecuteCommand: !If [DevInEu, true, false]
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [subnet-1]}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: 256
      Memory: 512
      ContainerDefinitions:
        - Name: app
          Image: app:1
          Privileged: !If [IsDev, true, false]
          ReadonlyRootFilesystem: !If [IsProd, true, false]
"#;
    let report = report(text, "nested.yaml");
    let version = only(&report, "FD-19");
    assert_eq!(version.path, "/Resources/Service/Properties/PlatformVersion/Fn::If/2/Fn::If/1");
    assert!(version.message.ends_with(" (when condition IsProd is false and condition IsEu is true)"), "{}", version.message);

    // IsDev and DevInEu follow from IsProd and IsEu: only the bases are assumed, so no variant has IsProd and
    // IsDev both true.
    let model = model(text);
    let service = model.resources.iter().find(|r| r.address == "Service").expect("service");
    assert_eq!(service.variants.len(), 4);
    // The task definition depends on IsProd, and on IsEu through the service that runs it.
    let task = model.resources.iter().find(|r| r.address == "Task").expect("task");
    assert_eq!(task.variants.len(), 4);
    for variant in service.variants.iter().chain(&task.variants) {
        let value = |name: &str| variant.when.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
        if let (Some(prod), Some(dev)) = (value("IsProd"), value("IsDev")) {
            assert_ne!(prod, dev, "{:?}", variant.when);
        }
        if let (Some(dev), Some(eu), Some(both)) = (value("IsDev"), value("IsEu"), value("DevInEu")) {
            assert_eq!(both, dev && eu, "{:?}", variant.when);
        }
    }
    // Named as the `Fn::If` names it.
    let privileged = only(&report, "CH-01");
    assert!(privileged.message.ends_with(" (when condition IsDev is true)"), "{}", privileged.message);
    let readonly = only(&report, "CH-08");
    assert_eq!(readonly.path, "/Resources/Task/Properties/ContainerDefinitions/0/ReadonlyRootFilesystem/Fn::If/2");
    assert!(readonly.message.ends_with(" (when condition IsProd is false)"), "{}", readonly.message);
}

#[test]
fn a_resource_whose_own_condition_is_undecided_is_checked_where_it_exists() {
    let text = r#"Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Always:
    Type: AWS::ECS::TaskDefinition
    Condition: IsProd
    Properties:
      ContainerDefinitions:
        - {Name: app, Image: app:1, Privileged: true}
  ProdOnly:
    Type: AWS::ECS::TaskDefinition
    Condition: IsProd
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: app:1
          Privileged: !If [IsProd, false, true]
"#;
    let report = report(text, "conditional.yaml");
    // It may be created: checked.
    let always = only(&report, "CH-01");
    assert_eq!((always.resource.address.as_str(), always.status), ("Always", Status::Fail));
    assert!(!always.message.contains("(when"), "{}", always.message);
    // Where it is created IsProd is true: the other branch never deploys.
    let model = model(text);
    let prod_only = model.resources.iter().find(|r| r.address == "ProdOnly").expect("ProdOnly is read");
    assert!(prod_only.variants.is_empty());
    assert_eq!(prod_only.body.get("containerDefinitions").items()[0].get("privileged").as_bool(), Some(false));
}

#[test]
fn more_conditions_than_the_cap_stay_undecided() {
    let text = r#"Parameters:
  P: {Type: String}
Conditions:
  C1: !Equals [!Ref P, "1"]
  C2: !Equals [!Ref P, "2"]
  C3: !Equals [!Ref P, "3"]
  C4: !Equals [!Ref P, "4"]
  C5: !Equals [!Ref P, "5"]
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      PlatformVersion: !If [C1, "1.3.0", LATEST]
      DesiredCount: !If [C2, 1, 2]
      EnableExecuteCommand: !If [C3, true, false]
      PropagateTags: !If [C4, SERVICE, TASK_DEFINITION]
      SchedulingStrategy: !If [C5, REPLICA, REPLICA]
      HealthCheckGracePeriodSeconds: !If [C5, 10, 20]
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [subnet-1]}
"#;
    assert_eq!(fargate_guard::input::cloudformation::MAX_ASSUMED_CONDITIONS, 4);
    let report = report(text, "many.yaml");
    let finding = only(&report, "FD-19");
    assert_eq!((finding.status, finding.path.as_str()), (Status::Undecided, "/Resources/Service/Properties/PlatformVersion"));
    let model = model(text);
    let service = &model.resources[0];
    assert!(service.variants.is_empty());
    let version = service.body.get("platformVersion").known();
    assert!(version.is_none());
    assert!(matches!(service.body.get("platformVersion"), fargate_guard::model::Field::Unknown(n) if matches!(&n.value, Value::Unknown(why) if &**why == "Fn::If on condition C1")));

    // Four conditions (C5's `!If [C5, REPLICA, REPLICA]` deploys one value either way, so it is no dependency
    // when it is the only use of C5) are checked both ways.
    let four = text.replace("      HealthCheckGracePeriodSeconds: !If [C5, 10, 20]\n", "");
    let report = self::report(&four, "four.yaml");
    let finding = only(&report, "FD-19");
    assert_eq!((finding.status, finding.path.as_str()), (Status::Fail, "/Resources/Service/Properties/PlatformVersion/Fn::If/1"));
    assert!(finding.message.ends_with(" (when condition C1 is true)"), "{}", finding.message);
    assert_eq!(self::model(&four).resources[0].variants.len(), 16);
}

#[test]
fn json_and_yaml_give_the_same_findings_with_positions() {
    let yaml_text = SERVICE;
    let json_text = as_json(yaml_text);
    let (from_yaml, from_json) = (report(yaml_text, "t.yaml"), report(&json_text, "t.json"));
    let rows = |r: &Report| r.findings.iter().map(|f| (f.rule_id, f.status, f.path.clone(), f.message.clone())).collect::<Vec<_>>();
    assert_eq!(rows(&from_yaml), rows(&from_json));
    let json_finding = only(&from_json, "FD-19");
    assert_eq!(json_finding.location, Some(position(&json_text, "\"1.3.0\"", "\"1.3.0\"")));
    assert!(from_yaml.findings.iter().chain(&from_json.findings).all(|f| f.location.is_some()));
}

#[test]
fn the_same_input_gives_the_same_report() {
    let text = r#"Parameters:
  Env: {Type: String}
  Region: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsEu: !Equals [!Ref Region, eu]
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      NetworkMode: !If [IsEu, awsvpc, bridge]
      Cpu: !If [IsProd, 4096, 256]
      Memory: !If [IsProd, 512, 512]
      ContainerDefinitions:
        - Name: app
          Image: !If [IsProd, "app:1", "app@sha256:0000000000000000000000000000000000000000000000000000000000000000"]
          Privileged: !If [IsEu, true, !Ref AWS::NoValue]
          PortMappings: [{ContainerPort: 80, HostPort: !If [IsProd, 80, 8080]}]
"#;
    let first = report(text, "t.yaml").to_json();
    for _ in 0..3 {
        assert_eq!(report(text, "t.yaml").to_json(), first);
    }
}

#[test]
fn variants_of_a_service_link_to_the_task_definition_and_its_variants_see_the_service() {
    let text = r#"Parameters:
  Env: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: 256
      Memory: 512
      EphemeralStorage: {SizeInGiB: !If [IsProd, 100, 30]}
      ContainerDefinitions:
        - Name: app
          Image: app:1
          LinuxParameters: {Capabilities: {Add: [!If [IsProd, !Ref AWS::NoValue, SYS_PTRACE]]}}
          Secrets: !If
            - IsProd
            - !Ref AWS::NoValue
            - [{Name: DB, ValueFrom: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::"}]
  Service:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      LaunchType: FARGATE
      PlatformVersion: !If [IsProd, LATEST, "1.3.0"]
      NetworkConfiguration:
        AwsvpcConfiguration: {Subnets: [subnet-1]}
"#;
    let model = model(text);
    let index = |address: &str| model.resources.iter().position(|r| r.address == address).expect(address);
    let (task, service) = (index("Task"), index("Service"));
    assert_eq!((model.resources[task].variants.len(), model.resources[service].variants.len()), (2, 2));
    let links = link(&model);
    assert_eq!(links.task_definition[service], Link::Resolved(task));
    assert_eq!(links.workloads[task], [service]);

    let report = report(text, "linked.yaml");
    // Each variant of one sees the variant of the other that deploys with it (same IsProd): the service on
    // 1.3.0 runs the task definition with a secret's JSON key, which needs 1.4.0 …
    let secrets = only(&report, "FD-21");
    assert_eq!((secrets.status, secrets.resource.address.as_str()), (Status::Fail, "Service"));
    assert!(secrets.message.ends_with(" (when condition IsProd is false)"), "{}", secrets.message);
    // … and the task definition adds SYS_PTRACE and sets ephemeral storage when the service runs it on 1.3.0.
    for rule in ["FG-08", "FG-05"] {
        let finding = only(&report, rule);
        assert_eq!((finding.status, finding.resource.address.as_str()), (Status::Fail, "Task"), "{rule}");
        assert!(finding.message.contains("1.3.0") && finding.message.ends_with(" (when condition IsProd is false)"), "{}", finding.message);
    }
    // A service without conditions of its own is checked under those of its task definition.
    let plain = text.replace("PlatformVersion: !If [IsProd, LATEST, \"1.3.0\"]", "PlatformVersion: \"1.3.0\"");
    let report = self::report(&plain, "plain.yaml");
    let secrets = only(&report, "FD-21");
    assert_eq!((secrets.status, secrets.resource.address.as_str()), (Status::Fail, "Service"));
    assert!(secrets.message.ends_with(" (when condition IsProd is false)"), "{}", secrets.message);
}
