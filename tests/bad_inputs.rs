//! The bad-input corpus (`tests/bad-inputs/`, described by its `manifest.json`): every case must give exactly
//! the structured errors, or the `undecided` / failing findings, or the call error its manifest entry names.
//! The report of each case is also kept in `tests/bad-inputs/reports/` (`BLESS=1 cargo test --test
//! bad_inputs` rewrites them; review the diff), and `tests/js/bad-inputs.test.js` holds the wasm build to
//! the same bytes.
#![cfg(not(target_arch = "wasm32"))]

use fargate_guard::api::{self, ResourceOptions, StackOptions};
use fargate_guard::report::Report;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn manifest() -> Vec<Json> {
    let text = std::fs::read_to_string(root().join("tests/bad-inputs/manifest.json")).expect("manifest");
    let manifest: Json = serde_json::from_str(&text).expect("manifest is JSON");
    manifest["cases"].as_array().expect("cases").clone()
}

/// The file name reports use: the path from the repository root.
fn name(case: &Json) -> String {
    format!("tests/bad-inputs/{}", case["file"].as_str().expect("file"))
}

fn report_path(case: &Json) -> PathBuf {
    root().join(format!("tests/bad-inputs/reports/{}.report.json", case["file"].as_str().expect("file")))
}

/// Runs one case: its report (as the wasm test will see it) or its call error.
fn run(case: &Json, bytes: &[u8]) -> Result<Report, String> {
    let text = || std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"));
    let field = |key: &str| case.get(key).and_then(Json::as_str);
    match field("call").unwrap_or("validate") {
        "validate" => {
            let format = field("format").map(|f| serde_json::from_value(Json::from(f)).expect("a format name"));
            let options = api::ValidateOptions { format, file_name: Some(name(case)), ..Default::default() };
            api::validate(text()?, options)
        }
        "stack" => api::validate_stack(text()?, StackOptions { file_name: Some(name(case)), config: None }),
        // As a JS object: no text to locate in.
        "resource" => api::validate_resource(field("type").expect("type"), text()?, ResourceOptions { name: Some(name(case)), ..ResourceOptions::default() })
            .map(Report::without_locations),
        "options" => {
            let input = "examples/bad-task-definition.json";
            let mut options = api::parse_options(text()?)?;
            options.file_name = Some(input.into());
            let document = std::fs::read_to_string(root().join(input)).map_err(|e| e.to_string())?;
            api::validate(&document, options)
        }
        other => Err(format!("unknown call {other}")),
    }
}

fn check(case: &Json, result: &Result<Report, String>, bytes: &[u8]) -> Vec<String> {
    let expect = &case["expect"];
    let mut problems = Vec::new();
    if let Some(cli) = expect.get("cli") {
        // Bytes that are not UTF-8 make the file unreadable (`api::decode_text`, reached when the CLI passes a
        // file's bytes), at the offset Rust's own decoder finds (tests/js/bad-inputs.test.js runs the CLI).
        let stderr = cli["stderr"].as_str().unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(_) => problems.push("expected bytes that are not UTF-8".into()),
            Err(error) => {
                if let Some(offset) = stderr.split("at offset ").nth(1).and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next()) {
                    if offset != error.valid_up_to().to_string() {
                        problems.push(format!("the CLI message names offset {offset}; Rust finds the first bad byte at {}", error.valid_up_to()));
                    }
                }
            }
        }
        return problems;
    }
    let report = match (result, expect.get("callError").and_then(Json::as_str)) {
        (Err(error), Some(wanted)) if error.contains(wanted) => return problems,
        (Err(error), _) => return vec![format!("call error {error:?}")],
        (Ok(_), Some(wanted)) => return vec![format!("expected a call error containing {wanted:?}")],
        (Ok(report), None) => report,
    };
    if let Some(errors) = expect.get("errors").and_then(Json::as_array) {
        let actual: Vec<String> = report.errors.iter().map(|e| format!("{} {:?} {:?} {}", e.code, e.path, e.location, e.message)).collect();
        if errors.len() != report.errors.len() {
            problems.push(format!("expected {} errors, got {actual:?}", errors.len()));
        }
        for (wanted, error) in errors.iter().zip(&report.errors) {
            let differs = |key: &str, actual: Option<String>| wanted.get(key).is_some_and(|w| w.as_str().map(str::to_string).or_else(|| w.as_u64().map(|n| n.to_string())) != actual);
            if differs("code", Some(error.code.to_string()))
                || differs("path", error.path.clone())
                || differs("line", error.location.map(|l| l.line.to_string()))
                || differs("file", Some(error.file.clone()))
            {
                problems.push(format!("expected error {wanted}, got {actual:?}"));
            }
        }
    }
    for (key, status) in [("undecided", "undecided"), ("fail", "fail")] {
        for rule in expect.get(key).and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str) {
            let found = report.findings.iter().any(|f| f.rule_id == rule && serde_json::to_value(f.status).ok() == Some(Json::from(status)));
            if !found {
                let ids: Vec<String> = report.findings.iter().map(|f| format!("{}:{:?}", f.rule_id, f.status)).collect();
                problems.push(format!("expected {rule} {status}; findings: {ids:?}"));
            }
        }
    }
    problems
}

#[test]
fn every_bad_input_gives_its_expected_result() {
    let cases = manifest();
    assert!(cases.len() >= 100, "the corpus has {} cases", cases.len());
    let bless = std::env::var("BLESS").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut problems = Vec::new();
    let mut expected_reports = Vec::new();
    for case in &cases {
        let bytes = std::fs::read(root().join("tests/bad-inputs").join(case["file"].as_str().expect("file"))).expect("case file");
        let result = run(case, &bytes);
        problems.extend(check(case, &result, &bytes).into_iter().map(|p| format!("{}: {p}", name(case))));
        // Determinism: the same input, the same bytes.
        if let (Ok(first), Ok(second)) = (&result, &run(case, &bytes)) {
            if first.to_json() != second.to_json() {
                problems.push(format!("{}: two runs gave different reports", name(case)));
            }
        }
        let Ok(report) = result else { continue };
        let path = report_path(case);
        let actual = report.to_json() + "\n";
        expected_reports.push(path.clone());
        if bless {
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("reports directory");
            std::fs::write(&path, &actual).expect("written");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
            problems.push(format!("{}: report differs from {} (BLESS=1 cargo test --test bad_inputs rewrites it)", name(case), path.display()));
        }
    }
    // A report whose case is gone would silently stop being checked.
    let mut stale = Vec::new();
    collect(&root().join("tests/bad-inputs/reports"), &mut stale);
    for path in stale.iter().filter(|p| !expected_reports.contains(p)) {
        if bless {
            std::fs::remove_file(path).expect("removed");
        } else {
            problems.push(format!("{}: no case for this report", path.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_case_file_is_in_the_manifest() {
    let listed: Vec<PathBuf> = manifest().iter().map(|c| root().join("tests/bad-inputs").join(c["file"].as_str().expect("file"))).collect();
    let mut files = Vec::new();
    collect(&root().join("tests/bad-inputs"), &mut files);
    let reports = root().join("tests/bad-inputs/reports");
    for file in files.iter().filter(|f| !f.starts_with(&reports) && !f.ends_with("manifest.json")) {
        assert!(listed.contains(file), "{} is not in the manifest", file.display());
    }
}
