//! Limits (README "Limits and hostile input"): huge and deep inputs are rejected quickly with a clear error,
//! documents up to the configured depth read in every format, and huge arrays give bounded reports. The same
//! through the wasm package: tests/js/limits.test.js.
#![cfg(not(target_arch = "wasm32"))]

use fargate_guard::api::{self, ValidateOptions};
use fargate_guard::report::Report;
use std::time::{Duration, Instant};

fn validate(text: &str, options: &str) -> Report {
    api::validate(text, api::parse_options(options).expect("valid options")).expect("valid options")
}

fn codes(report: &Report) -> Vec<&str> {
    report.errors.iter().map(|e| e.code).collect()
}

/// `text` nested `depth` levels deep inside a container's dockerLabels.
fn nested_json(depth: usize) -> String {
    let inner = depth - 3;
    format!(r#"{{"family": "app", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{{"name": "a", "privileged": true, "dockerLabels": {}1{}}}]}}"#, "[".repeat(inner), "]".repeat(inner))
}

fn nested_yaml(depth: usize) -> String {
    let mut text = String::from("family: app\nrequiresCompatibilities: [FARGATE]\ncontainerDefinitions:\n  - name: a\n    privileged: true\n    dockerLabels:\n");
    for level in 0..depth - 3 {
        text.push_str(&format!("{}k:\n", " ".repeat(6 + level)));
    }
    text
}

#[test]
fn a_100_mb_input_is_rejected_quickly() {
    let text = format!(r#"{{"family": "{}"}}"#, "a".repeat(100 << 20));
    let started = Instant::now();
    let report = validate(&text, "");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(codes(&report), ["too-large"]);
    assert!(report.errors[0].message.contains("the limit is 67108864 bytes"), "{}", report.errors[0].message);
}

#[test]
fn depth_100_000_is_rejected_quickly_in_json_and_yaml() {
    let json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let flow_yaml = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let block_yaml: String = (0..100_000).map(|i| format!("{}- \n", " ".repeat(i % 200))).collect();
    // Compact nested block sequences: `- - - … 1`, 100 000 levels in 200 KB.
    let block_yaml_deep = format!("{}1\n", "- ".repeat(100_000));
    for (name, text) in [("json", json), ("flow yaml", flow_yaml), ("block yaml", block_yaml_deep)] {
        let started = Instant::now();
        let report = validate(&text, "");
        assert!(started.elapsed() < Duration::from_secs(5), "{name}: {:?}", started.elapsed());
        assert_eq!(codes(&report), ["too-deep"], "{name}");
        assert!(report.errors[0].message.contains("the limit is 256") || report.errors[0].message.contains("more than 256"), "{name}");
    }
    // Not deep, only long: read (as a list of nulls), never an error about depth.
    assert!(!codes(&validate(&block_yaml, "")).contains(&"too-deep"));
}

#[test]
fn documents_up_to_the_configured_depth_read_in_every_format() {
    // serde_json alone stops at 128; the default limit is 256.
    for depth in [129, 200, 256] {
        let report = validate(&nested_json(depth), "");
        assert!(codes(&report).is_empty(), "json depth {depth}: {:?}", report.errors);
        assert!(report.findings.iter().any(|f| f.rule_id == "CH-01"), "json depth {depth}");
        let report = validate(&nested_yaml(depth), "");
        assert!(codes(&report).is_empty(), "yaml depth {depth}: {:?}", report.errors);
    }
    assert_eq!(codes(&validate(&nested_json(257), "")), ["too-deep"]);
    assert_eq!(codes(&validate(&nested_yaml(258), "")), ["too-deep"]);
    // Raised to the ceiling, in a thread with the smallest stack we run on (WebAssembly's 1 MiB), in a
    // Terraform plan whose container definitions (a JSON string) nest as deep again. Unoptimised frames are
    // several times larger: a debug build gets 16 MiB (the 1 MiB figure holds for release builds, the package).
    let stack = if cfg!(debug_assertions) { 16 << 20 } else { 1 << 20 };
    let deep = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(|| {
            let options = r#"{"config": {"limits": {"maxDepth": 1000}}}"#;
            let json = validate(&nested_json(1000), options);
            let containers = format!(r#"[{{"name": "a", "privileged": true, "dockerLabels": {}1{}}}]"#, "[".repeat(990), "]".repeat(990));
            let plan = format!(
                r#"{{"format_version": "1.2", "resource_changes": [{{"address": "aws_ecs_task_definition.a", "type": "aws_ecs_task_definition",
                "change": {{"actions": ["create"], "after": {{"family": "a", "container_definitions": {}, "tags": {{"deep": {}{}}}}}}}}}]}}"#,
                serde_json::Value::from(containers),
                "[".repeat(990),
                "]".repeat(990)
            );
            let terraform = validate(&plan, options);
            (json.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>(), terraform.errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>())
        })
        .expect("thread");
    let (json, terraform) = deep.join().expect("no stack overflow");
    assert!(json.is_empty() && terraform.is_empty(), "{json:?} {terraform:?}");
    let error = api::parse_options(r#"{"config": {"limits": {"maxDepth": 1001}}}"#).expect_err("rejected");
    assert!(error.contains("limits.maxDepth is 1001; it can be at most 1000"), "{error}");
}

#[test]
fn huge_arrays_give_bounded_reports() {
    let containers: Vec<String> = (0..20_000).map(|i| format!(r#"{{"name": "c{i}", "image": "nginx", "privileged": true}}"#)).collect();
    let text = format!(r#"{{"family": "app", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{}]}}"#, containers.join(","));
    let started = Instant::now();
    let report = validate(&text, r#"{"config": {"limits": {"maxFindings": 500}}}"#);
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
    assert_eq!(report.findings.len(), 500);
    assert_eq!(codes(&report), ["too-many-findings"]);
    // Counted all the same: the run still fails.
    assert!(report.summary.blocking > 500);
    let message = &report.errors[0].message;
    assert!(message.contains("more findings are not listed") && message.contains("limits.maxFindings"), "{message}");
}

#[test]
fn long_names_do_not_multiply_into_the_report() {
    let name = "n".repeat(1 << 20);
    let text = format!(r#"{{"family": "{name}", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{{"name": "{name}", "privileged": true}}]}}"#);
    let report = api::validate(&text, ValidateOptions::default()).expect("valid");
    assert!(report.findings.len() > 3);
    assert!(report.to_json().len() < 200_000, "{} bytes", report.to_json().len());
    assert!(report.findings.iter().all(|f| f.message.len() < 4200 && f.resource.name.len() < 1100));
}
