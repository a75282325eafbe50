//! Cross-resource behaviour, undecided pairs and the rules.md §4 regressions, beyond what the examples show.

use crate::api;
use crate::rules::Status;

/// (rule id, status, path, missing key) of every FD finding.
fn findings(input: &str) -> Vec<(&'static str, Status, String, Option<String>)> {
    let report = api::validate(input, api::ValidateOptions::default()).expect("default options are valid");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.findings.into_iter().filter(|f| f.rule_id.starts_with("FD-")).map(|f| (f.rule_id, f.status, f.path, f.missing)).collect()
}

fn of(input: &str, rule: &str) -> Vec<(Status, String, Option<String>)> {
    findings(input).into_iter().filter(|f| f.0 == rule).map(|(_, status, path, missing)| (status, path, missing)).collect()
}

fn fail(path: &str) -> (Status, String, Option<String>) {
    (Status::Fail, path.to_string(), None)
}

fn undecided(path: &str) -> (Status, String, Option<String>) {
    (Status::Undecided, path.to_string(), None)
}

const LINUX_TD: &str = r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "8192", "memory": "16384",
  "pidMode": "task", "executionRoleArn": "arn:aws:iam::111122223333:role/exec",
  "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "systemControls": [{"namespace": "net.core.somaxconn", "value": "4096"}],
    "secrets": [{"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::"}]}]}"#;

#[test]
fn a_task_definition_alone_is_judged_at_latest() {
    // 8 vCPU, pidMode task, systemControls and a secret JSON key are all fine on LATEST (rules.md §5.1).
    let all = findings(LINUX_TD);
    assert!(all.is_empty(), "{all:?}");
}

#[test]
fn every_platform_feature_fails_on_the_old_version_at_the_workload() {
    let input = format!(
        r#"[{LINUX_TD}, {{"serviceName": "web", "taskDefinition": "app:3", "launchType": "FARGATE", "platformVersion": "1.3.0",
          "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["subnet-1"]}}}}}}]"#
    );
    for rule in ["FD-04", "FD-07", "FD-21", "FD-22"] {
        assert_eq!(of(&input, rule), vec![fail("/1/platformVersion")], "{rule}");
    }
    // 1.3.0 is retired: FD-19 says so too; on 1.3.0 a whole secret would be fine, a JSON key is not.
    assert_eq!(of(&input, "FD-19"), vec![fail("/1/platformVersion")]);
}

#[test]
fn an_unresolved_task_definition_is_undecided_when_the_pair_could_fail() {
    let old = r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "elsewhere:3", "launchType": "FARGATE", "platformVersion": "1.3.0"}"#;
    for rule in ["FD-04", "FD-07", "FD-21", "FD-22"] {
        assert_eq!(of(old, rule), vec![undecided("/platformVersion")], "{rule}");
    }
    assert_eq!(of(old, "FD-15"), vec![(Status::Undecided, String::new(), Some("networkConfiguration".into()))]);
    assert_eq!(of(old, "FD-18"), vec![undecided("/taskDefinition")]);
    // On LATEST none of the platform joins can fail, so nothing is undecided for them.
    let latest = r#"{"serviceName": "web", "taskDefinition": "elsewhere:3", "launchType": "FARGATE",
      "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}}"#;
    let all: Vec<_> = findings(latest).into_iter().filter(|f| f.0 != "FD-18").collect();
    assert!(all.is_empty(), "{all:?}");
}

#[test]
fn a_cloudformation_task_definition_from_another_stack_is_undecided() {
    let input = r#"{"Parameters": {"TaskDefArn": {"Type": "String"}}, "Resources": {"Service": {"Type": "AWS::ECS::Service",
      "Properties": {"TaskDefinition": {"Ref": "TaskDefArn"}, "LaunchType": "FARGATE", "PlatformVersion": "1.2.0"}}}}"#;
    assert_eq!(of(input, "FD-21"), vec![undecided("/Resources/Service/Properties/PlatformVersion")]);
    assert_eq!(of(input, "FD-18"), vec![undecided("/Resources/Service/Properties/TaskDefinition")]);
}

#[test]
fn windows_on_its_only_version_is_never_old() {
    let input = r#"[{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048",
      "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"},
      "containerDefinitions": [{"name": "iis", "image": "iis:2022", "systemControls": [{"namespace": "net.ipv4.tcp_keepalive_time", "value": "300"}]}]},
     {"serviceName": "win", "taskDefinition": "win", "launchType": "FARGATE", "platformVersion": "1.0.0",
      "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}}]"#;
    // The Windows clause fails on the task definition; the workload's 1.0.0 is not "old" (rules.md §5.2).
    assert_eq!(of(input, "FD-22"), vec![fail("/0/containerDefinitions/0/systemControls")]);
    assert!(of(input, "FD-19").is_empty());
}

#[test]
fn an_explicit_version_on_an_unknown_cluster_is_undecided_not_ec2() {
    // No launchType and no strategy: the cluster's default strategy decides, and that cluster is not in the inputs.
    let input = r#"[{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "pidMode": "task",
      "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]},
     {"serviceName": "web", "cluster": "shared", "taskDefinition": "app", "platformVersion": "1.3.0",
      "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}}]"#;
    assert_eq!(of(input, "FD-07"), vec![undecided("/1/platformVersion")]);
    // 1.3.0 is wrong on Fargate and misplaced elsewhere: a failure either way.
    assert_eq!(of(input, "FD-19"), vec![fail("/1/platformVersion")]);
    let valid = input.replace("1.3.0", "1.4.0");
    assert_eq!(of(&valid, "FD-19"), vec![undecided("/1/cluster")]);
    assert!(of(&valid, "FD-07").is_empty());
}

#[test]
fn platform_version_without_the_task_definition_follows_decision_12() {
    let service = |version: &str| format!(r#"{{"serviceName": "web", "taskDefinition": "app:1", "launchType": "FARGATE", "platformVersion": "{version}"}}"#);
    assert_eq!(of(&service("1.0.0"), "FD-19"), vec![undecided("/platformVersion")]);
    assert_eq!(of(&service("1.4.0"), "FD-19"), vec![undecided("/platformVersion")]);
    assert_eq!(of(&service("1.3.0"), "FD-19"), vec![fail("/platformVersion")]);
    assert!(of(&service("LATEST"), "FD-19").is_empty());
}

/// rules.md §4: Checkov CKV_AWS_332 fails an explicit 1.4.0; FD-19 must not.
#[test]
fn explicit_1_4_0_is_a_valid_linux_version() {
    let input = r#"{"Resources": {
      "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
        "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}},
      "Service": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "TaskDef"}, "LaunchType": "FARGATE", "PlatformVersion": "1.4.0",
        "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}}}}}"#;
    assert!(findings(input).is_empty(), "{:?}", findings(input));
}

/// rules.md §4: Checkov CKV_AWS_335 looks for pidMode inside container definitions and misses the task level.
#[test]
fn task_level_pid_mode_host_is_caught() {
    let api = r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512", "pidMode": "host",
      "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#;
    assert_eq!(of(api, "FD-07"), vec![fail("/pidMode")]);
    let cfn = r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"RequiresCompatibilities": ["FARGATE"],
      "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512", "PidMode": "host", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}}}}"#;
    assert_eq!(of(cfn, "FD-07"), vec![fail("/Resources/TaskDef/Properties/PidMode")]);
}

/// rules.md §4: KICS checks container-level Cpu/Memory, omits 8/16 vCPU and needs a FARGATE service.
#[test]
fn task_size_is_checked_at_task_level_with_every_documented_pair() {
    let template = |cpu: &str, memory: &str, container: &str| {
        format!(
            r#"{{"Resources": {{"TaskDef": {{"Type": "AWS::ECS::TaskDefinition", "Properties": {{"RequiresCompatibilities": ["FARGATE"],
              "NetworkMode": "awsvpc", "Cpu": "{cpu}", "Memory": "{memory}", "ContainerDefinitions": [{{"Name": "web", "Image": "nginx:1.27", {container}}}]}}}}}}}}"#
        )
    };
    // A task-level pair that is invalid fails although the container-level pair is valid, without any service.
    assert_eq!(of(&template("512", "512", r#""Cpu": 256, "Memory": 512"#), "FD-03"), vec![fail("/Resources/TaskDef/Properties/Memory")]);
    // Container-level values outside the table are not the task size.
    assert!(of(&template("256", "512", r#""Cpu": 100, "Memory": 300"#), "FD-03").is_empty());
    // Every one of the 74 pairs passes, 8 and 16 vCPU included; the step between them fails.
    let mut valid = 0;
    for &(cpu, from, to, step) in crate::facts::FARGATE_TASK_SIZES {
        let mut memory = from;
        while memory <= to {
            assert!(of(&template(&cpu.to_string(), &memory.to_string(), r#""Essential": true"#), "FD-03").is_empty(), "{cpu}/{memory}");
            valid += 1;
            memory += step;
        }
    }
    assert_eq!(valid, 74);
    for (cpu, memory) in [("8192", "18432"), ("16384", "36864"), ("16384", "131072"), ("8 vCPU", "64 GB")] {
        assert_eq!(of(&template(cpu, memory, r#""Essential": true"#), "FD-03"), vec![fail("/Resources/TaskDef/Properties/Memory")], "{cpu}/{memory}");
    }
}

#[test]
fn each_invalid_fargate_parameter_is_reported_at_its_own_path() {
    let input = r#"{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
      "ipcMode": "host", "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.os-type == linux"}],
      "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "privileged": true, "links": ["db"], "dnsServers": ["10.0.0.2"],
        "dnsSearchDomains": ["corp"], "dockerSecurityOptions": ["no-new-privileges"], "extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.9"}],
        "disableNetworking": true, "resourceRequirements": [{"type": "GPU", "value": "1"}],
        "linuxParameters": {"devices": [{"hostPath": "/dev/fuse"}], "sharedMemorySize": 64, "tmpfs": [{"containerPath": "/run", "size": 64}], "maxSwap": 0, "swappiness": 60}},
       {"name": "tolerated", "image": "busybox:1.36", "privileged": false, "disableNetworking": false, "links": [], "linuxParameters": {"devices": []}}]}"#;
    let paths: Vec<String> = of(input, "FD-06").into_iter().map(|(status, path, _)| {
        assert_eq!(status, Status::Fail);
        path
    }).collect();
    let c = "/containerDefinitions/0";
    let expected: Vec<String> = ["/ipcMode".to_string(), "/placementConstraints".to_string()]
        .into_iter()
        .chain(["privileged", "links", "dnsServers", "dnsSearchDomains", "dockerSecurityOptions", "extraHosts", "disableNetworking"].map(|k| format!("{c}/{k}")))
        .chain(["devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"].map(|k| format!("{c}/linuxParameters/{k}")))
        .chain([format!("{c}/resourceRequirements/0")])
        .collect();
    assert_eq!(paths, expected);
}

#[test]
fn unknown_values_are_undecided_not_silent() {
    let input = r#"{"Parameters": {"Mode": {"Type": "String"}, "Privileged": {"Type": "String"}}, "Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition",
      "Properties": {"RequiresCompatibilities": ["FARGATE"], "NetworkMode": {"Ref": "Mode"}, "Cpu": "256", "Memory": "512",
        "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27", "Privileged": {"Ref": "Privileged"}}]}}}}"#;
    assert_eq!(of(input, "FD-01"), vec![undecided("/Resources/TaskDef/Properties/NetworkMode")]);
    assert_eq!(of(input, "FD-06"), vec![undecided("/Resources/TaskDef/Properties/ContainerDefinitions/0/Privileged")]);
    // A parameter default is what deploys: it is judged.
    let defaulted = input.replace(r#""Mode": {"Type": "String"}"#, r#""Mode": {"Type": "String", "Default": "bridge"}"#);
    assert_eq!(of(&defaulted, "FD-01"), vec![fail("/Resources/TaskDef/Properties/NetworkMode")]);
}

#[test]
fn windows_limits_are_reported_where_they_are_written() {
    let input = r#"{"family": "win", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "512", "memory": "1024", "ipcMode": "task",
      "ephemeralStorage": {"sizeInGiB": 30}, "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2019_FULL", "cpuArchitecture": "ARM64"},
      "containerDefinitions": [{"name": "iis", "image": "iis:2019", "linuxParameters": {"initProcessEnabled": true}}]}"#;
    let paths: Vec<String> = of(input, "FD-05").into_iter().map(|(_, path, _)| path).collect();
    assert_eq!(paths, ["/cpu", "/runtimePlatform/cpuArchitecture", "/ephemeralStorage", "/ipcMode", "/containerDefinitions/0/linuxParameters"]);
    // With the operating system unknown the same limits are undecided.
    let unknown = r#"{"Parameters": {"Os": {"Type": "String"}}, "Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
      "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "512", "Memory": "1024", "RuntimePlatform": {"OperatingSystemFamily": {"Ref": "Os"}},
      "ContainerDefinitions": [{"Name": "app", "Image": "app:1"}]}}}}"#;
    assert_eq!(of(unknown, "FD-05"), vec![undecided("/Resources/TaskDef/Properties/Cpu")]);
    assert_eq!(of(unknown, "FD-03"), vec![undecided("/Resources/TaskDef/Properties/RuntimePlatform/OperatingSystemFamily")]);
}

#[test]
fn container_resources_are_summed_against_the_task_size() {
    let td = |containers: &str| format!(r#"{{"family": "app", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "512", "memory": "1 GB", "containerDefinitions": [{containers}]}}"#);
    assert!(of(&td(r#"{"name": "a", "image": "a", "cpu": 256, "memory": 512}, {"name": "b", "image": "b", "cpu": 256, "memory": 512}"#), "FD-14").is_empty());
    assert_eq!(of(&td(r#"{"name": "a", "image": "a", "cpu": 256}, {"name": "b", "image": "b", "cpu": 257}"#), "FD-14"), vec![fail("/cpu")]);
    assert_eq!(of(&td(r#"{"name": "a", "image": "a", "memory": 600}, {"name": "b", "image": "b", "memory": 600}"#), "FD-14"), vec![fail("/memory")]);
    assert_eq!(of(&td(r#"{"name": "a", "image": "a", "memoryReservation": 1025}"#), "FD-14"), vec![fail("/containerDefinitions/0/memoryReservation")]);
}

#[test]
fn host_port_rules_follow_the_network_mode() {
    let td = |mode: &str| format!(r#"{{"family": "app", "networkMode": "{mode}", "containerDefinitions": [{{"name": "web", "image": "nginx:1.27", "memory": 256,
      "portMappings": [{{"containerPort": 80, "hostPort": 80}}, {{"containerPort": 443, "hostPort": 8443}}]}}]}}"#);
    assert_eq!(of(&td("host"), "FD-09"), vec![fail("/containerDefinitions/0/portMappings/1/hostPort")]);
    assert_eq!(of(&td("awsvpc"), "FD-09"), vec![fail("/containerDefinitions/0/portMappings/1/hostPort")]);
    assert!(of(&td("bridge"), "FD-09").is_empty());
}
