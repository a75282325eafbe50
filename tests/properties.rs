//! Property tests (fuzzing on stable Rust): structure-aware generators produce ECS inputs in every format —
//! AWS API JSON, CloudFormation JSON and YAML, Terraform plans, Pulumi resources and stacks, configuration
//! JSON — with values mutated into wrong types, unknowns, huge numbers and odd strings; raw mutations
//! (bytes, truncation, splices) damage the fixtures. Every case must give a report (or a call error), never a
//! panic, and the report must be well formed, deterministic and free of the secrets put into the input.
//!
//! `cargo test --test properties` runs a bounded number of cases per target; `FUZZ_CASES=1000000 cargo test
//! --release --test properties -- --nocapture` is the long run (it prints executions and time per target).
//! `tests/mutations.rs` separately splices JSON/YAML syntax into the fixtures.
#![cfg(not(target_arch = "wasm32"))]

use fargate_guard::api::{self, ResourceOptions, StackOptions, ValidateOptions};
use fargate_guard::input::Format;
use fargate_guard::report::Report;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value as Json};
use std::time::Instant;

/// Secrets the generators put into values; no report may contain them.
const SECRETS: &[&str] = &[
    "AKIAZ7Q3EXAMPLE7KEY2",
    "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEYq",
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "hunter2-Pa55word-0xDEADBEEF",
    "-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA",
];

fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// Runs `strategy` through `test` for the configured number of cases; prints the figures in long runs.
fn run<S: Strategy>(name: &str, default_cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let cases = cases(default_cases);
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 2_000, ..Config::default() };
    let started = Instant::now();
    // Deterministic, so a failure reproduces; FUZZ_SEED picks another sequence.
    let mut seed = [7u8; 32];
    let chosen: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    seed[..8].copy_from_slice(&chosen.to_le_bytes());
    let rng = proptest::test_runner::TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &seed);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let result = runner.run(&strategy, test);
    if std::env::var("FUZZ_CASES").is_ok() {
        println!("{name}: {cases} executions in {:.1?}", started.elapsed());
    }
    if let Err(error) = result {
        panic!("{name}: {error}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Values

/// Strings that matter to the adapters and rules, odd ones included.
fn odd_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "", " ", "256", "512", "1024", "0", "-1", "1e400", "NaN", "true", "false", "null", "FARGATE", "EC2",
            "EXTERNAL", "awsvpc", "host", "bridge", "none", "task", "ENABLED", "DISABLED", "LATEST", "1.3.0", "1.4.0",
            "LINUX", "WINDOWS_SERVER_2019_CORE", "ARM64", "X86_64", "SYS_ADMIN", "SYS_PTRACE", "ALL", "awslogs",
            "splunk", "awsfirelens", "root", "0:0", "1000", "ContainerAdministrator", "nginx:latest",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "arn:aws:iam::123456789012:role/exec", "arn:aws:kms:us-east-1:123456789012:key/k",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "{{resolve:ssm:/x}}", "${AWS::Region}",
            "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", "é\u{0}\u{feff}\u{10FFFF}",
            "a/b~c", "~0~1", "[]", "{}", "[{\"name\":\"x\"}]", "{\"a\":", "\r\n", "GUARDDUTY_AGENT_MANAGED",
            "fargate-guard:suppress", "FG-07", "AWS::NoValue", "Fn::If",
        ])
        .prop_map(str::to_string),
        2 => "\\PC{0,12}",
        1 => (1usize..5000).prop_map(|n| "x".repeat(n)),
    ]
}

fn number() -> impl Strategy<Value = Json> {
    prop_oneof![
        prop::sample::select(vec![0i64, -1, 1, 2, 20, 21, 200, 201, 256, 512, 1024, 2048, 4096, 8192, 16384, 30720, 122_880, i64::MAX, i64::MIN])
            .prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        prop::sample::select(vec![0.5f64, -0.0, 1e308, -1e308, 1e-308, 255.999, 4.9e-324]).prop_map(Json::from),
    ]
}

fn scalar() -> impl Strategy<Value = Json> {
    prop_oneof![
        3 => odd_string().prop_map(Json::String),
        2 => number(),
        1 => any::<bool>().prop_map(Json::Bool),
        1 => Just(Json::Null),
    ]
}

/// Any JSON value, a few levels deep, with the given keys likely.
fn value(keys: &'static [&'static str]) -> impl Strategy<Value = Json> {
    scalar().prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            prop::collection::vec((key(keys), inner), 0..5).prop_map(|entries| Json::Object(entries.into_iter().collect())),
        ]
    })
}

fn key(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![8 => prop::sample::select(keys).prop_map(str::to_string), 1 => odd_string()]
}

/// An object with keys from `keys` (a value each: `good` when it fits, else anything).
fn object(keys: &'static [&'static str], extra: &'static [&'static str]) -> impl Strategy<Value = Json> {
    prop::collection::vec((key(keys), value(extra)), 0..keys.len().min(12)).prop_map(|entries| Json::Object(entries.into_iter().collect()))
}

// ---------------------------------------------------------------------------------------------------------
// Shapes, in the AWS API's camelCase; the format generators rename keys.

const TASK_KEYS: &[&str] = &[
    "family", "cpu", "memory", "networkMode", "requiresCompatibilities", "executionRoleArn", "taskRoleArn", "pidMode",
    "ipcMode", "runtimePlatform", "ephemeralStorage", "volumes", "tags", "proxyConfiguration", "inferenceAccelerators",
    "placementConstraints", "containerDefinitions",
];
const CONTAINER_KEYS: &[&str] = &[
    "name", "image", "cpu", "memory", "memoryReservation", "essential", "privileged", "user", "readonlyRootFilesystem",
    "linuxParameters", "environment", "environmentFiles", "secrets", "logConfiguration", "portMappings", "healthCheck",
    "command", "entryPoint", "mountPoints", "systemControls", "dockerLabels", "repositoryCredentials", "ulimits",
    "dependsOn", "firelensConfiguration", "restartPolicy",
];
const NESTED_KEYS: &[&str] = &[
    "name", "value", "valueFrom", "key", "add", "drop", "capabilities", "initProcessEnabled", "logDriver", "options",
    "secretOptions", "sizeInGiB", "operatingSystemFamily", "cpuArchitecture", "containerPort", "hostPort", "protocol",
    "command", "interval", "efsVolumeConfiguration", "fileSystemId", "transitEncryption", "authorizationConfig", "iam",
    "host", "sourcePath", "dockerVolumeConfiguration", "scope", "type", "awslogs-group", "awslogs-region",
    "awslogs-stream-prefix", "mode", "sourceVolume", "containerPath", "readOnly",
];
const SERVICE_KEYS: &[&str] = &[
    "serviceName", "cluster", "taskDefinition", "launchType", "platformVersion", "capacityProviderStrategy",
    "networkConfiguration", "desiredCount", "enableExecuteCommand", "deploymentConfiguration", "role", "tags",
    "propagateTags", "loadBalancers", "serviceConnectConfiguration",
];
const SERVICE_NESTED: &[&str] = &[
    "awsvpcConfiguration", "assignPublicIp", "subnets", "securityGroups", "capacityProvider", "weight", "base",
    "deploymentCircuitBreaker", "enable", "rollback", "maximumPercent", "minimumHealthyPercent", "key", "value",
];
const CLUSTER_KEYS: &[&str] = &["clusterName", "settings", "configuration", "capacityProviders", "defaultCapacityProviderStrategy", "tags"];
const CLUSTER_NESTED: &[&str] = &[
    "name", "value", "executeCommandConfiguration", "kmsKeyId", "logging", "logConfiguration", "cloudWatchEncryptionEnabled",
    "managedStorageConfiguration", "fargateEphemeralStorageKmsKeyId", "capacityProvider", "weight",
];

fn environment() -> impl Strategy<Value = Json> {
    let name = prop_oneof![
        prop::sample::select(vec!["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DB_PASSWORD", "API_TOKEN", "PRIVATE_KEY", "PORT", "MODE"])
            .prop_map(str::to_string),
        odd_string(),
    ];
    prop::collection::vec((name, prop::sample::select(SECRETS.to_vec())), 0..4)
        .prop_map(|pairs| Json::Array(pairs.into_iter().map(|(name, value)| json!({"name": name, "value": value})).collect()))
}

fn container() -> impl Strategy<Value = Json> {
    (object(CONTAINER_KEYS, NESTED_KEYS), environment(), prop::option::of(prop::sample::select(SECRETS.to_vec()))).prop_map(
        |(mut container, environment, secret_command)| {
            if let Json::Object(map) = &mut container {
                map.insert("environment".into(), environment);
                if let Some(secret) = secret_command {
                    map.insert("command".into(), json!(["sh", "-c", format!("curl -H 'Authorization: {secret}'")]));
                }
            }
            container
        },
    )
}

fn task_definition() -> impl Strategy<Value = Json> {
    (object(TASK_KEYS, NESTED_KEYS), prop::collection::vec(container(), 0..4), any::<bool>()).prop_map(|(mut td, containers, fargate)| {
        if let Json::Object(map) = &mut td {
            map.entry("family").or_insert(json!("app"));
            map.insert("containerDefinitions".into(), Json::Array(containers));
            if fargate {
                map.insert("requiresCompatibilities".into(), json!(["FARGATE"]));
            }
        }
        td
    })
}

fn service() -> impl Strategy<Value = Json> {
    object(SERVICE_KEYS, SERVICE_NESTED).prop_map(|mut service| {
        if let Json::Object(map) = &mut service {
            map.entry("serviceName").or_insert(json!("web"));
            map.entry("taskDefinition").or_insert(json!("app"));
        }
        service
    })
}

fn cluster() -> impl Strategy<Value = Json> {
    object(CLUSTER_KEYS, CLUSTER_NESTED).prop_map(|mut cluster| {
        if let Json::Object(map) = &mut cluster {
            map.entry("clusterName").or_insert(json!("prod"));
        }
        cluster
    })
}

/// (kind, API-shaped body) of one resource.
fn resource() -> impl Strategy<Value = (&'static str, Json)> {
    prop_oneof![
        3 => task_definition().prop_map(|v| ("TaskDefinition", v)),
        2 => service().prop_map(|v| ("Service", v)),
        1 => cluster().prop_map(|v| ("Cluster", v)),
    ]
}

// ---------------------------------------------------------------------------------------------------------
// Key spellings per format.

fn rename_keys(value: &Json, style: fn(&str) -> String, depth: usize) -> Json {
    match value {
        Json::Object(map) if depth < 64 => Json::Object(map.iter().map(|(k, v)| (style(k), rename_keys(v, style, depth + 1))).collect()),
        Json::Array(items) if depth < 64 => Json::Array(items.iter().map(|v| rename_keys(v, style, depth + 1)).collect()),
        other => other.clone(),
    }
}

fn pascal(key: &str) -> String {
    let mut chars = key.chars();
    chars.next().map_or_else(String::new, |c| c.to_ascii_uppercase().to_string() + chars.as_str())
}

fn snake(key: &str) -> String {
    key.chars().flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] }).collect()
}

// ---------------------------------------------------------------------------------------------------------
// CloudFormation: intrinsic functions anywhere.

fn intrinsic() -> impl Strategy<Value = Json> {
    let name = prop::sample::select(vec!["P", "Missing", "AWS::Region", "AWS::NoValue", "T", "Cond", "Loop", "List"]);
    prop_oneof![
        name.clone().prop_map(|n| json!({"Ref": n})),
        (name.clone(), scalar(), scalar()).prop_map(|(c, a, b)| json!({"Fn::If": [c, a, b]})),
        name.clone().prop_map(|n| json!({"Fn::GetAtt": [n, "Arn"]})),
        odd_string().prop_map(|s| json!({"Fn::Sub": s})),
        (odd_string(), prop::collection::vec(scalar(), 0..3)).prop_map(|(d, l)| json!({"Fn::Join": [d, l]})),
        (scalar(), name.clone()).prop_map(|(i, n)| json!({"Fn::Select": [i, {"Ref": n}]})),
        (scalar(), scalar()).prop_map(|(a, b)| json!({"Fn::Split": [a, b]})),
        (scalar(), scalar()).prop_map(|(a, b)| json!({"Fn::FindInMap": ["M", a, b]})),
        name.prop_map(|n| json!({"Condition": n})),
        scalar().prop_map(|s| json!({"Fn::ImportValue": s})),
        Just(json!({"Fn::If": []})),
        Just(json!({"Fn::Bogus": 1, "Ref": "P"})),
    ]
}

/// Replaces some values of `value` by intrinsic functions (chosen by `picks`, cycled).
fn sprinkle(value: &mut Json, functions: &[Json], picks: &[u8], at: &mut usize) {
    let pick = |at: &mut usize| {
        *at += 1;
        picks.get(*at % picks.len().max(1)).copied().unwrap_or(0)
    };
    match value {
        Json::Object(map) => {
            for item in map.values_mut() {
                if pick(at) % 5 == 0 && !functions.is_empty() {
                    *item = functions[pick(at) as usize % functions.len()].clone();
                } else {
                    sprinkle(item, functions, picks, at);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|item| sprinkle(item, functions, picks, at)),
        _ => {}
    }
}

fn cfn_type(kind: &str) -> &'static str {
    match kind {
        "TaskDefinition" => "AWS::ECS::TaskDefinition",
        "Service" => "AWS::ECS::Service",
        _ => "AWS::ECS::Cluster",
    }
}

fn template() -> impl Strategy<Value = Json> {
    (
        prop::collection::vec(resource(), 1..4),
        prop::collection::vec(intrinsic(), 0..6),
        prop::collection::vec(any::<u8>(), 1..32),
        value(&["Default", "Type", "AllowedValues", "Fn::Equals", "Fn::Not", "Condition", "Fn::Or"]),
        prop::sample::select(vec!["AWS::ECS::TaskSet", "AWS::ECS::CapacityProvider", "AWS::GuardDuty::Detector", "AWS::S3::Bucket", "", "Custom::X"]),
    )
        .prop_map(|(resources, functions, picks, noise, other_type)| {
            let mut map = Map::new();
            for (i, (kind, body)) in resources.into_iter().enumerate() {
                let mut properties = rename_keys(&body, pascal, 0);
                sprinkle(&mut properties, &functions, &picks, &mut 0);
                map.insert(format!("R{i}"), json!({"Type": cfn_type(kind), "Properties": properties, "Condition": if i == 1 { json!("Cond") } else { Json::Null }}));
            }
            map.insert("Other".into(), json!({"Type": other_type, "Properties": noise.clone()}));
            json!({
                "AWSTemplateFormatVersion": "2010-09-09",
                "Parameters": {"P": {"Type": "String", "Default": noise.clone()}, "List": {"Type": "CommaDelimitedList", "Default": "a,b"}},
                "Conditions": {"Cond": {"Fn::Equals": [{"Ref": "P"}, "x"]}, "Loop": {"Condition": "Loop"}, "Other": noise},
                "Mappings": {"M": {"a": {"b": 1}}},
                "Resources": map,
            })
        })
}

/// A YAML rendering of JSON with CloudFormation short forms, anchors and aliases.
fn to_yaml(value: &Json, indent: usize, out: &mut String, anchors: &mut u32) {
    let pad = " ".repeat(indent);
    match value {
        Json::Object(map) if map.len() == 1 && map.keys().next().is_some_and(|k| k == "Ref" || k.starts_with("Fn::")) => {
            let (function, argument) = map.iter().next().expect("one entry");
            let tag = function.strip_prefix("Fn::").unwrap_or(function);
            out.push_str(&format!("!{tag} {}\n", serde_json::to_string(argument).unwrap_or_default()));
        }
        Json::Object(map) if !map.is_empty() => {
            *anchors += 1;
            out.push_str(&format!("&a{anchors}\n"));
            for (key, item) in map {
                out.push_str(&format!("{pad}{}: ", serde_json::to_string(key).unwrap_or_default()));
                to_yaml(item, indent + 2, out, anchors);
            }
        }
        Json::Array(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.push_str(&format!("{pad}- "));
                to_yaml(item, indent + 2, out, anchors);
            }
        }
        Json::String(s) if s.len() % 3 == 0 => out.push_str(&format!("'{}'\n", s.replace('\'', "''").replace(['\n', '\r'], " "))),
        other => {
            let text = serde_json::to_string(other).unwrap_or_default();
            out.push_str(&text);
            out.push('\n');
            if *anchors > 1 && text.len() % 7 == 0 {
                out.push_str(&format!("{pad}alias{anchors}: *a1\n"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Terraform plans and Pulumi resources.

fn tf_type(kind: &str) -> &'static str {
    match kind {
        "TaskDefinition" => "aws_ecs_task_definition",
        "Service" => "aws_ecs_service",
        _ => "aws_ecs_cluster",
    }
}

fn unknown_marks(value: &Json, picks: &[u8], at: &mut usize) -> Json {
    *at += 1;
    let pick = picks.get(*at % picks.len().max(1)).copied().unwrap_or(0);
    match value {
        _ if pick % 7 == 0 => Json::Bool(true),
        Json::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), unknown_marks(v, picks, at))).collect()),
        Json::Array(items) => Json::Array(items.iter().map(|v| unknown_marks(v, picks, at)).collect()),
        _ => Json::Bool(false),
    }
}

fn plan() -> impl Strategy<Value = Json> {
    (
        prop::collection::vec((resource(), prop::sample::select(vec!["create", "update", "delete", "no-op", "forget"]), any::<u8>()), 1..4),
        prop::collection::vec(any::<u8>(), 1..32),
        any::<bool>(),
        value(&["references", "constant_value", "expressions", "resources", "module_calls"]),
    )
        .prop_map(|(resources, picks, planned, configuration)| {
            let mut changes = Vec::new();
            let mut planned_resources = Vec::new();
            for (i, ((kind, body), action, how)) in resources.into_iter().enumerate() {
                let mut after = rename_keys(&body, snake, 0);
                if let (Some(containers), 0..=200) = (after.get("container_definitions").cloned(), how) {
                    // The provider's JSON string; sometimes truncated.
                    let text = serde_json::to_string(&containers).unwrap_or_default();
                    let cut = if how % 5 == 0 { text.len() / 2 } else { text.len() };
                    after["container_definitions"] = Json::String(text.chars().take(cut).collect());
                }
                let address = format!("{}.r{i}", tf_type(kind));
                let after_unknown = unknown_marks(&after, &picks, &mut 0);
                let after = if how % 11 == 0 { Json::Null } else { after };
                planned_resources.push(json!({"address": address, "type": tf_type(kind), "name": format!("r{i}"), "mode": "managed", "values": after}));
                changes.push(json!({
                    "address": address, "type": tf_type(kind), "name": format!("r{i}"), "mode": if how % 13 == 0 { "data" } else { "managed" },
                    "change": {"actions": [action], "after": after, "after_unknown": after_unknown},
                }));
            }
            let mut document = json!({"format_version": "1.2", "configuration": {"root_module": configuration}});
            if planned {
                document["planned_values"] = json!({"root_module": {"resources": planned_resources, "child_modules": [{"address": "module.m", "resources": []}]}});
            } else {
                document["resource_changes"] = Json::Array(changes);
            }
            document
        })
}

const PULUMI_TYPES: &[&str] = &[
    "aws:ecs/taskDefinition:TaskDefinition", "aws:ecs/service:Service", "aws:ecs/cluster:Cluster",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "aws:ecs/taskSet:TaskSet", "aws:guardduty/detector:Detector",
    "aws:guardduty/detectorFeature:DetectorFeature", "aws-native:ecs:TaskDefinition", "aws-native:ecs:Service", "AWS::ECS::TaskDefinition",
    "AWS::ECS::Service", "aws_ecs_task_definition", "aws_ecs_service", "aws:s3/bucket:Bucket", "aws-native:ecs", "",
];

/// (type token, props) with keys spelled for the token's flavour and containers sometimes as a JSON string.
fn pulumi_resource() -> impl Strategy<Value = (String, Json)> {
    (prop::sample::select(PULUMI_TYPES), resource(), any::<u8>()).prop_map(|(token, (_, body), how)| {
        let mut props = if token.starts_with("AWS::") {
            rename_keys(&body, pascal, 0)
        } else if token.starts_with("aws_") {
            rename_keys(&body, snake, 0)
        } else {
            body
        };
        if token.starts_with("aws:") || token.starts_with("aws_") {
            let key = if token.starts_with("aws_") { "container_definitions" } else { "containerDefinitions" };
            if let Some(containers) = props.get(key).cloned().filter(|_| how % 2 == 0) {
                props[key] = Json::String(serde_json::to_string(&containers).unwrap_or_default());
            }
        }
        if how % 3 == 0 {
            if let Json::Object(map) = &mut props {
                if let Some(first) = map.keys().next().cloned() {
                    map.insert(first, json!("04da6b54-80e4-46f7-96ec-b56ff0331ba9"));
                }
            }
        }
        (token.to_string(), props)
    })
}

fn stack() -> impl Strategy<Value = Json> {
    prop::collection::vec((pulumi_resource(), prop::option::of(odd_string()), any::<bool>()), 0..5).prop_map(|resources| {
        Json::Array(
            resources
                .into_iter()
                .enumerate()
                .map(|(i, ((token, props), name, dependencies))| {
                    let mut entry = json!({"type": token, "props": props, "urn": format!("urn:pulumi:dev::app::{token}::r{i}")});
                    if let Some(name) = name {
                        entry["name"] = Json::String(name);
                    }
                    if dependencies {
                        entry["propertyDependencies"] = json!({"taskDefinition": ["urn:pulumi:dev::app::aws:ecs/taskDefinition:TaskDefinition::r0", {"urn": 5}]});
                    }
                    entry
                })
                .collect(),
        )
    })
}

/// Configuration objects, valid and not.
fn config() -> impl Strategy<Value = Json> {
    let setting = prop_oneof![
        prop::sample::select(vec!["off", "info", "low", "medium", "high", "critical", "bogus", ""]).prop_map(Json::from),
        value(&["severity", "off", "params", "allowedRegistries", "requiredTags", "x"]),
    ];
    let rule = prop::sample::select(vec!["FG-07", "FG-*", "*", "SC-03", "image-registry-allowlist", "CS-02", "XX-99", "", "F*-0?"]);
    (
        prop::collection::vec((rule.clone(), setting), 0..4),
        prop::collection::vec((rule, prop::option::of(odd_string()), prop::option::of(odd_string())), 0..3),
        prop::option::of(prop::sample::select(vec!["info", "fail", "ignore", "maybe"])),
        prop::option::of(prop::sample::select(vec!["info", "low", "high", "critical", "none"])),
        prop::option::of((prop::option::of(number()), prop::option::of(number()), prop::option::of(number()))),
        value(&["rules", "limits", "undecided"]),
    )
        .prop_map(|(rules, suppressions, undecided, min_severity, limits, noise)| {
            let mut config = json!({
                "rules": rules.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>(),
                "suppressions": suppressions.into_iter().map(|(rule, resource, reason)| json!({"rule": rule, "resource": resource, "reason": reason})).collect::<Vec<_>>(),
            });
            if let Some(u) = undecided {
                config["undecided"] = json!(u);
            }
            if let Some(s) = min_severity {
                config["minSeverity"] = json!(s);
            }
            if let Some((bytes, depth, findings)) = limits {
                let mut l = Map::new();
                for (key, v) in [("maxBytes", bytes), ("maxDepth", depth), ("maxFindings", findings)] {
                    if let Some(v) = v {
                        l.insert(key.into(), v);
                    }
                }
                config["limits"] = Json::Object(l);
            }
            if noise.is_object() && noise.as_object().is_some_and(|m| m.len() % 4 == 1) {
                config["extra"] = noise;
            }
            config
        })
}

// ---------------------------------------------------------------------------------------------------------
// Invariants

/// What every report must satisfy; `document` is the parsed input when it is JSON (its pointers must resolve).
fn check_report(report: &Report, again: &Report, document: Option<&Json>) -> Result<(), TestCaseError> {
    let json = report.to_json();
    prop_assert_eq!(&json, &again.to_json(), "the same input gave two different reports");
    let parsed: Json = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("report is not JSON: {e}")))?;
    prop_assert!(parsed.is_object());
    prop_assert_eq!(report.summary.errors, report.errors.len());
    for secret in SECRETS {
        prop_assert!(!json.contains(secret), "the report repeats a secret: {}", secret);
        prop_assert!(!fargate_guard::report::text::render(report).contains(secret), "the text report repeats a secret");
    }
    for finding in &report.findings {
        prop_assert!(finding.path.is_empty() || finding.path.starts_with('/'), "bad pointer {}", finding.path);
        if let Some(location) = finding.location {
            prop_assert!(location.line >= 1 && location.column >= 1);
        }
        if let Some(document) = document {
            prop_assert!(resolves(document, &finding.path), "{} {}: pointer {} does not resolve", finding.rule_id, finding.resource.address, finding.path);
        }
    }
    Ok(())
}

/// The pointer resolves, or goes below a CloudFormation function whose value the adapter computed (a
/// parameter default, a split string): there the user's document ends at the function.
fn resolves(document: &Json, pointer: &str) -> bool {
    let mut prefix = pointer;
    loop {
        match document.pointer(prefix) {
            Some(_) if prefix.len() == pointer.len() => return true,
            Some(Json::Object(map)) => return map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::")),
            Some(_) => return false,
            None => match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => return false,
            },
        }
    }
}

fn validate_text(text: &str, format: Option<Format>) -> (Report, Report) {
    let options = || ValidateOptions { format, file_name: Some("input".into()), ..Default::default() };
    let report = api::validate(text, options()).expect("default options are valid");
    let again = api::validate(text, options()).expect("default options are valid");
    (report, again)
}

fn check_json_document(document: &Json, format: Option<Format>) -> Result<(), TestCaseError> {
    for text in [serde_json::to_string(document).unwrap_or_default(), serde_json::to_string_pretty(document).unwrap_or_default()] {
        let (report, again) = validate_text(&text, format);
        check_report(&report, &again, Some(document))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Targets

#[test]
fn aws_api_json() {
    let input = prop_oneof![
        resource().prop_map(|(_, body)| body),
        prop::collection::vec(resource().prop_map(|(_, body)| body), 0..4).prop_map(Json::Array),
        task_definition().prop_map(|td| json!({"taskDefinition": td, "tags": [{"key": "k", "value": "v"}]})),
    ];
    run("aws-api", 200, input, |document| check_json_document(&document, None));
}

#[test]
fn aws_api_ndjson() {
    run("aws-api ndjson", 100, prop::collection::vec(resource().prop_map(|(_, body)| body), 2..4), |items| {
        let text: String = items.iter().map(|item| serde_json::to_string(item).unwrap_or_default() + "\n").collect();
        let (report, again) = validate_text(&text, None);
        check_report(&report, &again, None)
    });
}

#[test]
fn cloudformation_json() {
    run("cloudformation-json", 200, template(), |document| check_json_document(&document, None));
}

#[test]
fn cloudformation_yaml() {
    run("cloudformation-yaml", 200, template(), |document| {
        let mut text = String::new();
        to_yaml(&document, 0, &mut text, &mut 0);
        let (report, again) = validate_text(&text, None);
        check_report(&report, &again, None)
    });
}

#[test]
fn terraform_plan() {
    run("terraform-plan", 200, plan(), |document| check_json_document(&document, Some(Format::TerraformPlan)));
}

#[test]
fn pulumi_validate_resource() {
    run("pulumi validateResource", 200, pulumi_resource(), |(token, props)| {
        let text = serde_json::to_string(&props).unwrap_or_default();
        let report = api::validate_resource(&token, &text, ResourceOptions { name: Some("r".into()), ..ResourceOptions::default() });
        let again = api::validate_resource(&token, &text, ResourceOptions { name: Some("r".into()), ..ResourceOptions::default() });
        match (report, again) {
            (Ok(report), Ok(again)) => check_report(&report, &again, Some(&props)),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                Ok(())
            }
            _ => Err(TestCaseError::fail("nondeterministic call error")),
        }
    });
}

#[test]
fn pulumi_validate_stack() {
    run("pulumi validateStack", 200, stack(), |document| {
        let text = serde_json::to_string(&document).unwrap_or_default();
        let report = api::validate_stack(&text, StackOptions::default()).expect("default options");
        let again = api::validate_stack(&text, StackOptions::default()).expect("default options");
        check_report(&report, &again, Some(&document))
    });
}

#[test]
fn configuration_json() {
    run("config", 300, config(), |config| {
        let text = json!({"config": config, "fileName": "input"}).to_string();
        let Ok(options) = api::parse_options(&text) else { return Ok(()) };
        let Ok(engine) = api::engine_for(options.config) else { return Ok(()) };
        let input = include_str!("../examples/bad-task-definition.json");
        let report = engine.validate_str(input, "input", None);
        let again = engine.validate_str(input, "input", None);
        check_report(&report, &again, None)
    });
}

/// Inputs damaged byte by byte: flips, inserted bytes, truncation, and splices of two inputs.
#[test]
fn raw_mutations() {
    let mut seeds: Vec<Vec<u8>> = FIXTURES.iter().map(|f| f.as_bytes().to_vec()).collect();
    seeds.extend(corpus_files());
    let count = seeds.len();
    let mutation = (0..count, 0..count, prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..6), any::<usize>());
    run("raw mutations", 300, mutation, |(first, second, edits, cut)| {
        let mut bytes = seeds[first].clone();
        for (op, at, byte) in edits {
            let at = at % (bytes.len() + 1);
            match op % 5 {
                0 if at < bytes.len() => bytes[at] ^= byte,
                1 => bytes.insert(at, byte),
                2 => bytes.truncate(at),
                3 => {
                    let other = &seeds[second];
                    let from = at % (other.len() + 1);
                    bytes.splice(at..at, other[from..(from + 64).min(other.len())].iter().copied());
                }
                _ => {
                    let end = (at + (byte as usize)).min(bytes.len());
                    bytes.drain(at..end);
                }
            }
        }
        bytes.truncate(bytes.len() - cut % (bytes.len().min(8) + 1));
        let text = String::from_utf8_lossy(&bytes);
        let (report, again) = validate_text(&text, None);
        check_report(&report, &again, None)
    });
}

const FIXTURES: &[&str] = &[
    include_str!("fixtures/cloudformation/service.yaml"),
    include_str!("fixtures/cloudformation/cdk.template.json"),
    include_str!("fixtures/aws-api/requests.json"),
    include_str!("fixtures/aws-api/requests.ndjson"),
    include_str!("fixtures/aws-api/task-definition.yaml"),
    include_str!("fixtures/aws-api/describe-services.json"),
    include_str!("fixtures/terraform/plan-modules.json"),
    include_str!("fixtures/terraform/planned-values.json"),
    include_str!("fixtures/terraform/plan-invalid-container-definitions.json"),
    include_str!("fixtures/pulumi/classic-stack.json"),
    include_str!("fixtures/pulumi/native-stack.json"),
    include_str!("../examples/bad-task-definition.json"),
    include_str!("../examples/cloudformation-stack.json"),
];

/// The shared corpus's inputs (real documents), when the shared directory is beside the repository.
fn corpus_files() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(corpus) = [root.join("../shared/corpus"), root.join("../../shared/corpus")].into_iter().find(|p| p.is_dir()) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    let mut pending = vec![corpus];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml" || e == "template") {
                if let Ok(bytes) = std::fs::read(&path) {
                    if bytes.len() < 256 * 1024 {
                        files.push(bytes);
                    }
                }
            }
        }
    }
    files
}
