//! Outputs and configuration: SARIF validated against the official 2.1.0 schema, JUnit XML, the published
//! config schema (in step with the Rust parser on the documented examples and on mistakes), baselines and
//! stale suppressions. Native only: the schema validator is not built for wasm32.
#![cfg(not(target_arch = "wasm32"))]

use fargate_guard::api::{self, NamedInput, ValidateOptions};
use fargate_guard::config::{self, Config};
use fargate_guard::report::{junit, Baseline, Report};
use serde_json::{json, Value as Json};

fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn validator(schema: &Json) -> jsonschema::Validator {
    jsonschema::validator_for(schema).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, value: &Json) -> Vec<String> {
    validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

/// Findings of every kind: failing with fixes, undecided, suppressed (config and inline), at a YAML line,
/// in a Terraform plan (no lines), an input error, and a file that could not be read.
fn busy_report(options: ValidateOptions) -> Report {
    let files = vec![
        NamedInput::text("examples/bad-task-definition.json", read("examples/bad-task-definition.json")),
        NamedInput::text("tests/fixtures/cloudformation/service.yaml", read("tests/fixtures/cloudformation/service.yaml")),
        NamedInput::text("tests/fixtures/terraform/plan-modules.json", read("tests/fixtures/terraform/plan-modules.json")),
        NamedInput::text("dir with space/bad <&>.json", "{ not json"),
        NamedInput::unreadable("locked.json", "EACCES"),
    ];
    api::validate_files(&files, options).expect("valid call")
}

fn options(config: Json) -> ValidateOptions {
    serde_json::from_value(json!({ "config": config })).expect("valid options")
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema: Json = serde_json::from_str(&read("tests/schemas/sarif-schema-2.1.0.json")).unwrap();
    let validator = validator(&schema);
    let report = busy_report(options(json!({"suppressions": [{"rule": "FG-04", "reason": "sized by the platform team"}]})));
    assert!(report.findings.iter().any(|f| f.suppressed.is_some()));
    assert!(report.findings.iter().any(|f| f.location.is_some()));
    for baseline_given in [false, true] {
        let sarif: Json = serde_json::from_str(&api::render(&report, "sarif", baseline_given).unwrap()).unwrap();
        assert_eq!(errors(&validator, &sarif), Vec::<String>::new());
        let run = &sarif["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "fargate-guard");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 77);
        for rule in rules {
            let severity: f64 = rule["properties"]["security-severity"].as_str().unwrap().parse().unwrap();
            assert!((0.1..=10.0).contains(&severity), "{rule}");
            assert!(rule["help"]["markdown"].as_str().unwrap().len() <= 1024);
        }
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), report.findings.len());
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
            assert_eq!(result.get("baselineState").is_some(), baseline_given);
        }
        let suppressed = results.iter().find(|r| r.get("suppressions").is_some()).expect("a suppressed result");
        assert_eq!(suppressed["suppressions"][0]["kind"], "external");
        assert_eq!(suppressed["suppressions"][0]["justification"], "sized by the platform team");
        let uris: Vec<&str> = run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
            .collect();
        assert!(uris.contains(&"dir%20with%20space/bad%20%3C&%3E.json") && uris.contains(&"locked.json"), "{uris:?}");
    }
}

#[test]
fn undecided_findings_are_notes_in_sarif() {
    let template = r#"{"Parameters": {"Img": {"Type": "String"}}, "Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
        "RequiresCompatibilities": ["FARGATE"], "NetworkMode": "awsvpc", "Cpu": "256", "Memory": "512",
        "ContainerDefinitions": [{"Name": "a", "Image": "nginx:1", "Privileged": {"Ref": "Img"}}]}}}}"#;
    let report = api::validate(template, ValidateOptions::default()).unwrap();
    let sarif: Json = serde_json::from_str(&api::render(&report, "sarif", false).unwrap()).unwrap();
    let undecided: Vec<&Json> = sarif["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r["properties"]["status"] == "undecided").collect();
    assert!(!undecided.is_empty());
    assert!(undecided.iter().all(|r| r["level"] == "note"));
}

#[test]
fn junit_lists_every_evaluated_pair_and_escapes_everything() {
    let report = busy_report(options(json!({"suppressions": [{"rule": "FG-04", "reason": "a <reason> & \"quotes\""}]})));
    let xml = junit::render(&report);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fargate-guard\""));
    let evaluated = report.evaluations.iter().filter(|e| e.outcome != fargate_guard::report::Outcome::Skip).count();
    assert_eq!(xml.matches("<testcase ").count(), evaluated + report.errors.len());
    assert_eq!(xml.matches("<testsuite ").count(), 5, "one suite per file");
    assert!(xml.contains("name=\"dir with space/bad &lt;&amp;&gt;.json\""));
    assert!(xml.contains("<skipped message=\"suppressed: a &lt;reason&gt; &amp; &quot;quotes&quot;\""));
    let failing_pairs = report.evaluations.iter().filter(|e| e.outcome == fargate_guard::report::Outcome::Fail).count();
    assert!(xml.matches("<failure ").count() <= failing_pairs && xml.contains("<failure "));
    assert!(xml.contains("<error message=\"cannot read the file: EACCES\""));
    // Balanced elements, no raw markup from the data.
    assert_eq!(xml.matches("<testsuite ").count(), xml.matches("</testsuite>").count());
    assert_eq!(junit::escape("a\u{1}b<'"), "ab&lt;&apos;");
}

/// The ```json blocks of docs/configuration.md: configs, and one baseline.
fn documented_examples() -> (Vec<Json>, Vec<Json>) {
    let text = read("docs/configuration.md");
    let blocks: Vec<Json> = text.split("```json\n").skip(1).map(|rest| serde_json::from_str(rest.split("```").next().unwrap()).unwrap()).collect();
    blocks.into_iter().partition(|b| b.get("fargateGuardBaseline").is_none())
}

#[test]
fn the_published_config_schema_is_generated_from_the_rules() {
    let generated = serde_json::to_string_pretty(&config::schema()).unwrap() + "\n";
    let path = root("pkg/config.schema.json");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), generated, "pkg/config.schema.json is stale: BLESS=1 cargo test --test outputs");
}

#[test]
fn schema_and_parser_accept_the_documented_examples() {
    let validator = validator(&config::schema());
    let (configs, baselines) = documented_examples();
    assert!(configs.len() >= 3 && baselines.len() == 1);
    for example in configs {
        assert_eq!(errors(&validator, &example), Vec::<String>::new(), "{example}");
        let parsed = Config::try_from(example.clone()).unwrap_or_else(|e| panic!("{example}: {e}"));
        parsed.resolve().unwrap_or_else(|e| panic!("{example}: {e}"));
    }
    let baseline: Baseline = serde_json::from_value(baselines[0].clone()).unwrap();
    assert_eq!(baseline.fargate_guard_baseline, 1);
}

#[test]
fn schema_and_parser_reject_the_same_mistakes() {
    let validator = validator(&config::schema());
    for invalid in [
        json!({"rule": {}}),
        json!({"rules": {"FG-7": "off"}}),
        json!({"rules": {"no-privilege": "off"}}),
        json!({"rules": {"FG-07": "hgih"}}),
        json!({"rules": {"FG-07": {"severty": "low"}}}),
        json!({"rules": {"FG-07": {"severity": "severe"}}}),
        json!({"rules": {"FG-07": 3}}),
        json!({"rules": {"FG-08": {"params": {"allowedImage": []}}}}),
        json!({"rules": {"FG-08": {"params": {"allowedImages": "nginx"}}}}),
        json!({"rules": {"FG-08": {"params": {"allowedImages": [1]}}}}),
        json!({"rules": {"FG-07": {"params": {"x": []}}}}),
        json!({"rules": {"FG-*": "loud"}}),
        json!({"suppressions": [{"rule": "FG-07"}]}),
        json!({"suppressions": [{"rule": "FG-07", "reason": " "}]}),
        json!({"suppressions": [{"rule": "FG-07", "reason": "x", "resorce": "a"}]}),
        json!({"suppressions": {"rule": "FG-07"}}),
        json!({"undecided": "warn"}),
        json!({"minSeverity": "severe"}),
        json!({"limits": {"maxDepht": 3}}),
        json!({"limits": {"maxDepth": -1}}),
        json!([]),
    ] {
        assert!(!errors(&validator, &invalid).is_empty(), "the schema accepts {invalid}");
        let parsed = Config::try_from(invalid.clone()).and_then(|c| c.resolve().map(|_| ()));
        assert!(parsed.is_err(), "the parser accepts {invalid}");
    }
}

fn fingerprints(report: &Report) -> Vec<String> {
    report.findings.iter().filter(|f| f.baseline).map(|f| f.rule_id.to_string()).collect()
}

#[test]
fn a_baseline_marks_known_findings_and_only_new_ones_block() {
    let text = read("examples/bad-task-definition.json");
    let first = api::validate(&text, ValidateOptions { file_name: Some("td.json".into()), ..Default::default() }).unwrap();
    assert!(first.summary.blocking > 0);
    let baseline = Baseline::of(&first);
    let written: Baseline = serde_json::from_str(&baseline.to_json()).unwrap();
    assert_eq!(written, baseline);
    let with = |text: &str, baseline: &Baseline| {
        api::validate(text, ValidateOptions { file_name: Some("td.json".into()), baseline: Some(baseline.clone()), ..Default::default() }).unwrap()
    };
    // Line-independent: the same document re-indented keeps every fingerprint.
    let reindented = serde_json::to_string_pretty(&serde_json::from_str::<Json>(&text).unwrap()).unwrap().replace("  ", "    ");
    let second = with(&reindented, &baseline);
    assert_eq!(second.summary.blocking, 0);
    assert_eq!(second.summary.baselined, first.findings.len());
    assert_eq!(fingerprints(&second).len(), first.findings.len());
    // A new problem is not in the baseline.
    let mut doc: Json = serde_json::from_str(&text).unwrap();
    doc["containerDefinitions"][0]["privileged"] = json!(true);
    let third = with(&doc.to_string(), &baseline);
    assert!(third.summary.blocking > 0);
    assert!(third.findings.iter().any(|f| f.rule_id == "CH-01" && !f.baseline));
    // Another file name is another finding.
    let elsewhere = api::validate(&text, ValidateOptions { file_name: Some("other.json".into()), baseline: Some(baseline), ..Default::default() }).unwrap();
    assert_eq!(elsewhere.summary.baselined, 0);
}

#[test]
fn suppressions_that_match_nothing_are_reported() {
    let text = read("examples/bad-task-definition.json");
    let config = json!({"suppressions": [
        {"rule": "FG-04", "reason": "used"},
        {"rule": "NW-01", "reason": "no service in this file"},
        {"rule": "FG-07", "resource": "other-*", "reason": "another resource"}]});
    let report = api::validate(&text, options(config)).unwrap();
    let stale: Vec<(&str, Option<&str>)> = report.stale_suppressions.iter().map(|s| (s.rule.as_str(), s.resource.as_deref())).collect();
    assert_eq!(stale, vec![("NW-01", None), ("FG-07", Some("other-*"))]);
    assert_eq!(report.summary.stale_suppressions, 2);
    assert!(api::render(&report, "text", false).unwrap().contains("warning: stale suppression of NW-01"));
    // Inline: a CloudFormation Metadata suppression of a rule that does not fail there, and a misspelt one.
    let template = json!({"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster",
        "Metadata": {"fargate-guard": {"suppress": [{"rule": "LM-03", "reason": "insights on"}, {"rule": "NW-1", "reason": "typo"}]}},
        "Properties": {"ClusterName": "prod", "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}]}}}});
    let report = api::validate(&template.to_string(), ValidateOptions::default()).unwrap();
    let messages: Vec<&str> = report.stale_suppressions.iter().map(|s| s.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{:?}", report.stale_suppressions);
    assert!(messages.iter().any(|m| m.contains("did you mean `NW-01`?")), "{messages:?}");
}
