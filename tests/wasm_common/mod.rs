//! Boundary tests shared by `wasm_node.rs` (Node) and `wasm_browser.rs` (headless Chromium): JS values in and
//! out, data errors in the report, call errors as real JS `Error`s, and no panic on hostile input.

use fargate_guard::wasm::{render_files, rules, validate, validate_files, version, Engine};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const BAD: &str = include_str!("../../examples/bad-task-definition.json");
const GOOD: &str = include_str!("../../examples/good-task-definition.json");

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| match key.parse::<u32>() {
        Ok(index) => Reflect::get_u32(&v, index).unwrap(),
        Err(_) => Reflect::get(&v, &key.into()).unwrap(),
    })
}

fn number(value: &JsValue, path: &str) -> f64 {
    get(value, path).as_f64().unwrap_or_else(|| panic!("{path} is not a number"))
}

fn string(value: &JsValue, path: &str) -> String {
    get(value, path).as_string().unwrap_or_else(|| panic!("{path} is not a string"))
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn object(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn files(list: &[(&str, &str)]) -> JsValue {
    list.iter()
        .map(|(name, content)| {
            let file = js_sys::Object::new();
            Reflect::set(&file, &"name".into(), &(*name).into()).unwrap();
            Reflect::set(&file, &"content".into(), &(*content).into()).unwrap();
            JsValue::from(file)
        })
        .collect::<Array>()
        .into()
}

/// Ids of the seed rules' findings, sorted: other rules may report on the same inputs.
fn seeded(report: &JsValue) -> Vec<String> {
    let mut ids: Vec<String> = Array::from(&get(report, "findings"))
        .iter()
        .map(|f| string(&f, "ruleId"))
        .filter(|id| ["FG-01", "FG-04", "FG-07"].contains(&id.as_str()))
        .collect();
    ids.sort();
    ids
}

/// The finding of rule `id`.
fn finding(report: &JsValue, id: &str) -> JsValue {
    Array::from(&get(report, "findings")).iter().find(|f| string(f, "ruleId") == id).unwrap_or_else(|| panic!("no {id} finding"))
}

/// The call failed with a JS `Error` whose message matches.
fn assert_error<T>(result: Result<T, wasm_bindgen::JsError>, needle: &str) {
    let Err(error) = result else { panic!("the call should fail with {needle:?}") };
    let error = JsValue::from(error);
    let error: js_sys::Error = error.dyn_into().expect("a JS Error");
    let message = String::from(error.message());
    assert!(message.contains(needle), "{message:?} does not contain {needle:?}");
}

#[wasm_bindgen_test]
fn validate_takes_a_string_and_returns_a_plain_report() {
    let report = validate(BAD.into(), JsValue::UNDEFINED).unwrap();
    assert!(report.is_object());
    assert!(Array::is_array(&get(&report, "findings")));
    assert_eq!(seeded(&report), ["FG-04", "FG-07"]);
    let fg07 = finding(&report, "FG-07");
    assert_eq!(string(&fg07, "severity"), "critical");
    assert_eq!(string(&fg07, "resource.kind"), "TaskDefinition");
    assert_eq!(string(&fg07, "path"), "/containerDefinitions/0/linuxParameters/capabilities/add/0");
    assert!(number(&report, "summary.blocking") >= 2.0);
    assert_eq!(number(&report, "errors.length"), 0.0);
    assert_eq!(string(&report, "version"), version());
    let good = validate(GOOD.into(), object(r#"{"fileName": "good.json"}"#)).unwrap();
    assert_eq!(number(&good, "findings.length"), 0.0);
    assert_eq!(string(&good, "resources.0.file"), "good.json");
}

#[wasm_bindgen_test]
fn validate_takes_an_object_like_its_text_without_line_and_column() {
    let from_text = validate(BAD.into(), JsValue::UNDEFINED).unwrap();
    let from_object = validate(object(BAD), JsValue::NULL).unwrap();
    // An object has no text to point into: the same report, less the locations.
    let text = stringify(&from_text);
    assert!(text.contains("\"location\""));
    let mut without_locations = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find(",\"location\":{") {
        without_locations.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("a location object ends") + start + 1;
        rest = &rest[end..];
    }
    without_locations.push_str(rest);
    assert_eq!(without_locations, stringify(&from_object));
}

#[wasm_bindgen_test]
fn validate_files_links_across_files() {
    let cluster = r#"{"clusterName": "prod", "capacityProviders": ["ec2-capacity"]}"#;
    let service = r#"{"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "launchType": "FARGATE"}"#;
    let alone = validate_files(files(&[("cluster.json", cluster)]), JsValue::UNDEFINED).unwrap();
    assert!(seeded(&alone).is_empty());
    let together = validate_files(files(&[("cluster.json", cluster), ("service.json", service)]), JsValue::UNDEFINED).unwrap();
    assert_eq!(seeded(&together), ["FG-01"]);
    assert_eq!(string(&finding(&together, "FG-01"), "resource.file"), "cluster.json");
}

#[wasm_bindgen_test]
fn render_files_returns_the_report_and_its_rendering() {
    let result = render_files(files(&[("bad.json", BAD)]), "json", JsValue::UNDEFINED).unwrap();
    let report = result.report().unwrap();
    assert_eq!(stringify(&object(&result.rendered().as_string().unwrap())), stringify(&report));
    // The cheap getters are the report's own fields.
    for (getter, field) in [(result.summary().unwrap(), "summary"), (result.errors().unwrap(), "errors"), (result.skipped().unwrap(), "skipped")] {
        assert_eq!(stringify(&getter), stringify(&get(&report, field)), "{field}");
    }
    assert!(result.baseline().contains("\"findings\""));
    let text = render_files(files(&[("bad.json", BAD)]), "text", JsValue::UNDEFINED).unwrap();
    assert!(text.rendered().as_string().unwrap().contains("FG-07 fargate-capability-not-allowed"));
    assert_error(render_files(files(&[("bad.json", BAD)]), "xml", JsValue::UNDEFINED), "unknown format `xml`");
    let sarif = render_files(files(&[("bad.json", BAD)]), "sarif", JsValue::UNDEFINED).unwrap();
    assert!(sarif.rendered().as_string().unwrap().contains("\"version\": \"2.1.0\""));
}

#[wasm_bindgen_test]
fn rules_are_plain_metadata() {
    let list = rules().unwrap();
    assert!(Array::is_array(&list));
    assert!(number(&list, "length") >= 3.0);
    assert_eq!(string(&list, "0.id"), "FG-01");
    assert!(Array::is_array(&get(&list, "0.examples")));
    assert!(string(&list, "0.docsUrl").ends_with("FG-01.md"));
}

#[wasm_bindgen_test]
fn engine_keeps_its_configuration() {
    let engine = Engine::new(object(r#"{"rules": {"*": "off", "FG-07": {}}}"#)).unwrap();
    let report = engine.validate(BAD.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(number(&report, "findings.length"), 1.0);
    assert_eq!(string(&report, "findings.0.ruleId"), "FG-07");
    assert_error(engine.validate(BAD.into(), object(r#"{"config": {}}"#)), "pass the config to new Engine");
    assert_error(Engine::new(object(r#"{"rules": {"XX-99": "off"}}"#)), "XX-99");
    assert_error(Engine::new(7.into()), "config must be an object, got number");
}

#[wasm_bindgen_test]
fn malformed_data_is_a_structured_error_in_the_report() {
    let report = validate(r#"{"family": "app", "#.into(), object(r#"{"fileName": "broken.json"}"#)).unwrap();
    assert_eq!(number(&report, "errors.length"), 1.0);
    assert_eq!(string(&report, "errors.0.code"), "invalid-json");
    assert_eq!(string(&report, "errors.0.file"), "broken.json");
    assert_eq!(number(&report, "errors.0.location.line"), 1.0);
    assert_eq!(number(&report, "summary.errors"), 1.0);
    let empty = validate("".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(string(&empty, "errors.0.code"), "empty-input");
}

#[wasm_bindgen_test]
fn wrong_argument_types_are_js_errors() {
    assert_error(validate(42.into(), JsValue::UNDEFINED), "expected a string or an object, got number");
    assert_error(validate(JsValue::NULL, JsValue::UNDEFINED), "got null");
    assert_error(validate(JsValue::TRUE, JsValue::UNDEFINED), "got boolean");
    assert_error(validate(BAD.into(), "opts".into()), "options must be an object, got string");
    assert_error(validate(BAD.into(), Array::new().into()), "options must be an object, got array");
    assert_error(validate(BAD.into(), object(r#"{"bogus": 1}"#)), "unknown field `bogus`");
    assert_error(validate_files("a.json".into(), JsValue::UNDEFINED), "expected an array");
    assert_error(validate_files(object(r#"[{"name": "a.json"}]"#), JsValue::UNDEFINED), "each file must be");
    // JSON.stringify throws on a BigInt: a clear Error, not a crash.
    let with_bigint = js_sys::Object::new();
    Reflect::set(&with_bigint, &"size".into(), &js_sys::BigInt::from(10u32).into()).unwrap();
    assert_error(validate(with_bigint.into(), JsValue::UNDEFINED), "cannot be serialised as JSON");
}

#[wasm_bindgen_test]
fn hostile_inputs_do_not_panic() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let report = validate(deep.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(string(&report, "errors.0.code"), "too-deep");
    // A lone surrogate cannot be UTF-8: it arrives replaced, and the document is simply not JSON.
    let lone_surrogate = object(r#""{\"family\": \"\ud800\"""#);
    let report = validate(lone_surrogate, JsValue::UNDEFINED).unwrap();
    assert_eq!(number(&report, "errors.length"), 1.0);
    for input in ["null", "[]", "[1]", "1e999", "\"text\"", "{\"taskDefinition\": 5}", "{\"containerDefinitions\": {}}"] {
        let report = validate(input.into(), JsValue::UNDEFINED).unwrap();
        assert!(report.is_object(), "{input}");
    }
    // Still usable afterwards.
    assert_eq!(seeded(&validate(BAD.into(), JsValue::UNDEFINED).unwrap()), ["FG-04", "FG-07"]);
}
