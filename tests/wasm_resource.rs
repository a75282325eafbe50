//! The JS boundary of `validateResource` / `validateStack` (run under wasm:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --test wasm_resource`).
#![cfg(target_arch = "wasm32")]

use fargate_guard::wasm;
use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(text: &str) -> JsValue {
    JSON::parse(text).expect("test JSON")
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| match key.parse::<u32>() {
        Ok(i) => Reflect::get_u32(&v, i).unwrap(),
        Err(_) => Reflect::get(&v, &key.into()).unwrap(),
    })
}

fn message(error: wasm_bindgen::JsError) -> String {
    get(&JsValue::from(error), "message").as_string().unwrap()
}

const SERVICE: &str = r#"{"name": "web", "launchType": "FARGATE", "networkConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": true}}"#;

#[wasm_bindgen_test]
fn validate_resource_takes_a_props_object() {
    let report = wasm::validate_resource("aws:ecs/service:Service".into(), js(SERVICE), js(r#"{"name": "web"}"#)).unwrap();
    assert_eq!(get(&report, "resources.0.kind").as_string().as_deref(), Some("Service"));
    assert_eq!(get(&report, "resources.0.name").as_string().as_deref(), Some("web"));
    let report = wasm::validate_resource("aws:s3/bucket:Bucket".into(), js("{}"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "errors.0.code").as_string().as_deref(), Some("unknown-resource-type"));
}

#[wasm_bindgen_test]
fn validate_resource_rejects_wrong_argument_types() {
    let error = wasm::validate_resource(JsValue::from(3), js(SERVICE), JsValue::UNDEFINED).unwrap_err();
    assert!(message(error).contains("validateResource(type): expected a resource type string"));
    let error = wasm::validate_resource("aws:ecs/service:Service".into(), js("[]"), JsValue::UNDEFINED).unwrap_err();
    assert!(message(error).contains("validateResource(props): expected an object of input properties, got array"));
    let error = wasm::validate_resource("aws:ecs/service:Service".into(), js(SERVICE), js(r#"{"nmae": 1}"#)).unwrap_err();
    assert!(message(error).contains("unknown field"));
}

#[wasm_bindgen_test]
fn validate_stack_checks_its_elements() {
    let stack = js(&format!(r#"[{{"type": "aws:ecs/service:Service", "name": "web", "props": {SERVICE}}}]"#));
    let report = wasm::validate_stack(stack, JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "resources.0.file").as_string().as_deref(), Some("stack"));
    let error = wasm::validate_stack(js(r#"{"type": "x"}"#), JsValue::UNDEFINED).unwrap_err();
    assert!(message(error).contains("validateStack(resources): expected an array"));
    let error = wasm::validate_stack(js(r#"[{"type": "aws:ecs/service:Service", "props": 1}]"#), JsValue::UNDEFINED).unwrap_err();
    assert!(message(error).contains("element 0 must be"));
}

#[wasm_bindgen_test]
fn engine_methods_refuse_a_second_config() {
    let engine = wasm::Engine::new(JsValue::UNDEFINED).unwrap();
    assert!(engine.validate_resource("aws:ecs/service:Service".into(), js(SERVICE), JsValue::UNDEFINED).is_ok());
    let error = engine.validate_stack(js("[]"), js(r#"{"config": {}}"#)).unwrap_err();
    assert!(message(error).contains("pass the config to new Engine(config)"));
}
