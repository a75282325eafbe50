//! Helpers shared by the format tests: read a fixture into the canonical model, look values up, and check
//! that every pointer a report emits resolves in the document it was read from.
#![allow(dead_code)]

use fargate_guard::input::{read_files, InputError, InputFile, Limits, Source};
use fargate_guard::model::{Field, Model, Node, Resource, SourcePath};
use fargate_guard::report::{Finding, Report};
use fargate_guard::rules::Status;
use serde_json::Value as Json;

pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn read<'a>(name: &'a str, text: &'a str) -> (Model, Vec<Source<'a>>, Vec<InputError>) {
    let mut model = Model::default();
    let (sources, errors) = read_files(&[InputFile { name, text }], None, &Limits::default(), &mut model);
    (model, sources, errors)
}

pub fn resource<'m>(model: &'m Model, address: &str) -> &'m Resource {
    model.resources.iter().find(|r| r.address == address).unwrap_or_else(|| {
        panic!("no resource {address}; have {:?}", model.resources.iter().map(|r| &r.address).collect::<Vec<_>>())
    })
}

/// A value that must be known.
pub fn known<'a>(field: Field<'a>) -> &'a Node {
    match field {
        Field::Known(node) => node,
        other => panic!("expected a known value, got {other:?}"),
    }
}

pub fn path(model: &Model, node: &Node) -> SourcePath {
    model.origins.path(node.origin)
}

/// The pointer (and embedded pointer) of a value.
pub fn pointers(model: &Model, node: &Node) -> (String, Option<String>) {
    let path = path(model, node);
    (path.pointer, path.embedded)
}

/// The rules these tests assert on: the seed rules that existed when the adapters were written. Other rules
/// may add findings; only pointer resolution is checked for those.
pub const SEED_RULES: &[&str] = &["FG-01", "FG-04", "FG-07"];

pub fn findings<'r>(report: &'r Report, rule: &str, status: Status) -> Vec<&'r Finding> {
    report.findings.iter().filter(|f| f.rule_id == rule && f.status == status).collect()
}

/// (rule, status, resource address, path, missing, embedded path).
pub type Row = (String, Status, String, String, Option<String>, Option<String>);

/// A [`Row`] for every finding of [`SEED_RULES`], sorted.
pub fn summary(report: &Report) -> Vec<Row> {
    let mut rows: Vec<_> = report
        .findings
        .iter()
        .filter(|f| SEED_RULES.contains(&f.rule_id))
        .map(|f| (f.rule_id.to_string(), f.status, f.resource.address.clone(), f.path.clone(), f.missing.clone(), f.embedded_path.clone()))
        .collect();
    rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    rows
}

/// Every finding's pointer resolves in `document`: the value itself, or (for a missing key) the object that
/// lacks it; an embedded pointer resolves in the JSON string the outer pointer names.
pub fn assert_pointers_resolve(report: &Report, document: &Json) {
    for finding in &report.findings {
        let target = document
            .pointer(&finding.path)
            .unwrap_or_else(|| panic!("{} {}: pointer {} does not resolve", finding.rule_id, finding.resource.address, finding.path));
        if let Some(missing) = &finding.missing {
            if finding.embedded_path.is_none() {
                assert!(target.is_object(), "{}: {} is not an object", finding.rule_id, finding.path);
                // Absent, null, or what the Terraform provider treats as not set (`""`, an empty block `[]`).
                let unset = |v: &&Json| v.is_null() || v.as_str() == Some("") || v.as_array().is_some_and(Vec::is_empty);
                let written = target.get(missing).filter(|v| !unset(v));
                assert!(written.is_none(), "{}: {missing} is written at {}", finding.rule_id, finding.path);
            }
        }
        if let Some(embedded) = &finding.embedded_path {
            let inner: Json = serde_json::from_str(target.as_str().expect("an embedded pointer is into a string")).expect("the string is JSON");
            assert!(inner.pointer(embedded).is_some(), "{}: embedded pointer {embedded} does not resolve", finding.rule_id);
        }
    }
}
