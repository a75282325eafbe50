//! What every fuzz target checks: the call never panics (libFuzzer reports a panic as a crash), and a report
//! is deterministic and consistent.

use fargate_guard::api::{self, ResourceOptions, StackOptions, ValidateOptions};
use fargate_guard::input::Format;
use fargate_guard::report::Report;

fn consistent(report: &Report, again: &Report) {
    let json = report.to_json();
    assert_eq!(json, again.to_json(), "two reports for the same input");
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "the report is not JSON");
    assert_eq!(report.summary.errors, report.errors.len());
    let _ = fargate_guard::report::text::render(report);
}

/// `validate(text)` with the format detected, or forced.
pub fn check(text: &str, format: Option<Format>) {
    let options = || ValidateOptions { format, file_name: Some("input".into()), config: None };
    let report = api::validate(text, options()).expect("default options are valid");
    let again = api::validate(text, options()).expect("default options are valid");
    consistent(&report, &again);
}

/// `validateResource(type, props)`: the first line is the type, the rest the props.
pub fn check_resource(text: &str) {
    let (resource_type, props) = text.split_once('\n').unwrap_or((text, "{}"));
    let options = || ResourceOptions { name: Some("r".into()), ..ResourceOptions::default() };
    match (api::validate_resource(resource_type, props, options()), api::validate_resource(resource_type, props, options())) {
        (Ok(report), Ok(again)) => consistent(&report, &again),
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("a call error only once"),
    }
}

/// `validateStack(resources)`.
pub fn check_stack(text: &str) {
    let report = api::validate_stack(text, StackOptions::default()).expect("default options are valid");
    let again = api::validate_stack(text, StackOptions::default()).expect("default options are valid");
    consistent(&report, &again);
}

/// Options and configuration JSON; when accepted, used on a known input.
pub fn check_options(text: &str) {
    let Ok(options) = api::parse_options(text) else { return };
    let Ok(engine) = api::engine_for(options.config) else { return };
    let input = include_str!("../../examples/bad-task-definition.json");
    consistent(&engine.validate_str(input, "input", None), &engine.validate_str(input, "input", None));
}
