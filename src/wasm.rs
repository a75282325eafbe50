//! The JavaScript boundary. Converts at the edge only: JS values in (strings, or plain objects serialised
//! with `JSON.stringify`), plain JS objects out (`JSON.parse` of the report), call errors as real `Error`s.

use crate::api::{self, NamedInput, ValidateOptions};
use crate::report::{Baseline, Report};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    // A panic must reach JS as an Error with a message, not as `RuntimeError: unreachable`.
    std::panic::set_hook(Box::new(|info| wasm_bindgen::throw_str(&format!("fargate-guard internal error: {info}"))));
}

fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        "array".into()
    } else {
        value.js_typeof().as_string().unwrap_or_else(|| "unknown".into())
    }
}

use js_sys::{Array, JSON};

/// A JS object as JSON text; cycles and BigInts make `JSON.stringify` throw, which becomes a clear Error.
fn stringify(value: &JsValue, what: &str) -> Result<String, JsError> {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new(&format!("{what}: cannot be serialised as JSON (cyclic, BigInt or a function?)")))
}

/// Grows the wasm heap once, ahead of a validation, to about what it will use: the allocator otherwise grows
/// it a few pages at a time, and each `memory.grow` makes V8 replace the memory's ArrayBuffer and count it as
/// new external memory (at 78 MB of input, 40% of the CLI's run went to growing and garbage collection).
/// Freed at once, the space stays with the allocator for the validation's own allocations; a reservation that
/// cannot be had changes nothing.
fn reserve_heap(input_bytes: usize) {
    let mut room: Vec<u8> = Vec::new();
    let _ = room.try_reserve_exact(input_bytes.saturating_mul(HEAP_PER_INPUT_BYTE));
}

/// Heap bytes a validation uses per input byte, about (model, positions, findings, the rendered report).
const HEAP_PER_INPUT_BYTE: usize = 10;

fn input_text(input: &JsValue) -> Result<String, JsError> {
    if let Some(text) = input.as_string() {
        reserve_heap(text.len());
        return Ok(text);
    }
    if input.is_object() && !input.is_function() {
        let text = stringify(input, "validate(input)")?;
        reserve_heap(text.len());
        return Ok(text);
    }
    Err(JsError::new(&format!("validate(input): expected a string or an object, got {}", type_name(input))))
}

fn options(value: &JsValue, what: &str) -> Result<ValidateOptions, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(ValidateOptions::default());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(JsError::new(&format!("{what}: options must be an object, got {}", type_name(value))));
    }
    api::parse_options(&stringify(value, what)?).map_err(|e| JsError::new(&format!("{what}: {e}")))
}


/// `validate(input, options?)`: one document as text or as a plain object.
#[wasm_bindgen(js_name = validate)]
pub fn validate(input: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
    let options = options(&opts, "validate")?;
    let text = input_text(&input)?;
    let report = api::validate(&text, options).map_err(|e| JsError::new(&e))?;
    report_to_js(&if input.is_string() { report } else { report.without_locations() })
}

/// The files array read field by field: each content crosses the boundary once, as a string or as UTF-8 bytes
/// (what a file read gives, without decoding it in JS and encoding it again here), instead of the whole array
/// being `JSON.stringify`-ed into one string and decoded again.
fn named_inputs(files: &JsValue, what: &str) -> Result<Vec<NamedInput>, JsError> {
    if !Array::is_array(files) {
        return Err(JsError::new(&format!("{what}(files): expected an array of {{ name, content }}, got {}", type_name(files))));
    }
    let shape = |index: u32, why: String| {
        JsError::new(&format!(
            "{what}(files): each file must be {{ name: string, content: string | Uint8Array }} (or {{ name, error }} for a file that could not be read): element {index} {why}"
        ))
    };
    let mut inputs = Vec::new();
    for (index, item) in Array::from(files).iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        if !is_plain_object(&item) {
            return Err(shape(index, format!("is {}", type_name(&item))));
        }
        for key in js_sys::Object::keys(item.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
            if !FILE_KEYS.contains(&key.as_str()) {
                return Err(shape(index, format!("has an unknown field `{key}`")));
            }
        }
        let field = |key: &str| js_sys::Reflect::get(&item, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
        let text = |key: &str| match field(key) {
            None => Ok(None),
            Some(value) => value.as_string().map(Some).ok_or_else(|| shape(index, format!("has a `{key}` that is {}, not a string", type_name(&value)))),
        };
        let name = text("name")?.ok_or_else(|| shape(index, "has no `name`".into()))?;
        let discovered = match field("discovered") {
            None => false,
            Some(value) => value.as_bool().ok_or_else(|| shape(index, "has a `discovered` that is not a boolean".into()))?,
        };
        let (content, error) = match field("content") {
            // Bytes (a Node Buffer): copied once, decoded here; text that is not UTF-8 makes the file unreadable.
            Some(bytes) if bytes.is_instance_of::<js_sys::Uint8Array>() => {
                match api::decode_text(bytes.unchecked_into::<js_sys::Uint8Array>().to_vec()) {
                    Ok(decoded) => (Some(decoded), text("error")?),
                    Err(why) => (None, Some(why)),
                }
            }
            _ => (text("content")?, text("error")?),
        };
        inputs.push(NamedInput { name, content, error, discovered });
    }
    reserve_heap(inputs.iter().filter_map(|input| input.content.as_ref()).map(String::len).sum());
    Ok(inputs)
}

/// The fields of a file in `validateFiles` / `renderFiles`.
const FILE_KEYS: &[&str] = &["name", "content", "error", "discovered"];

/// `validateFiles([{ name, content }], options?)`: several documents validated together.
#[wasm_bindgen(js_name = validateFiles)]
pub fn validate_files(files: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
    let options = options(&opts, "validateFiles")?;
    let files = named_inputs(&files, "validateFiles")?;
    report_to_js(&api::validate_files(&files, options).map_err(|e| JsError::new(&format!("validateFiles(files): {e}")))?)
}

/// `rules()`: metadata of every rule.
#[wasm_bindgen(js_name = rules)]
pub fn rules() -> Result<JsValue, JsError> {
    JSON::parse(&api::rules_json()).map_err(|_| JsError::new("fargate-guard internal error: rule metadata is not valid JSON"))
}

/// `renderFiles([{ name, content } | { name, error }], format, options?)`: validates like `validateFiles` and
/// returns the report rendered as `text`, `json`, `sarif` or `junit` (the CLI's outputs). The result's
/// `report` (the full report object) and `baseline` (the file `--write-baseline` writes) are built only when
/// read: the CLI needs `rendered` and the summary, and converting every finding into JS objects would cost
/// more than validating.
#[wasm_bindgen(js_name = renderFiles)]
pub fn render_files(files: JsValue, format: &str, opts: JsValue) -> Result<Rendered, JsError> {
    let options = options(&opts, "renderFiles")?;
    if !api::OUTPUTS.contains(&format) {
        return Err(JsError::new(&format!("renderFiles: unknown format `{format}`; expected {}", api::OUTPUTS.join(", "))));
    }
    let baseline_given = options.baseline.is_some();
    let files = named_inputs(&files, "renderFiles")?;
    let report = api::validate_files(&files, options).map_err(|e| JsError::new(&format!("renderFiles: {e}")))?;
    let rendered = api::render(&report, format, baseline_given).map_err(|e| JsError::new(&format!("renderFiles: {e}")))?;
    Ok(Rendered { report, rendered })
}

/// What `renderFiles` returns; the report stays in wasm memory until it is read or collected.
#[wasm_bindgen]
pub struct Rendered {
    report: Report,
    rendered: String,
}

#[wasm_bindgen]
impl Rendered {
    /// Made into a JS string straight from the Rust one: a `String` return would copy the whole rendering (up
    /// to hundreds of MB) once more first.
    #[wasm_bindgen(getter)]
    pub fn rendered(&self) -> JsValue {
        JsValue::from_str(&self.rendered)
    }

    /// `rendered` as UTF-8 bytes, to write to a file or stream without making a JS string of it first.
    #[wasm_bindgen(getter, js_name = renderedBytes)]
    pub fn rendered_bytes(&self) -> js_sys::Uint8Array {
        js_sys::Uint8Array::from(self.rendered.as_bytes())
    }

    /// The full report, as `validateFiles` returns it.
    #[wasm_bindgen(getter)]
    pub fn report(&self) -> Result<JsValue, JsError> {
        report_to_js(&self.report)
    }

    /// The baseline file (JSON text) that accepts every unsuppressed finding.
    #[wasm_bindgen(getter)]
    pub fn baseline(&self) -> String {
        Baseline::of(&self.report).to_json()
    }

    /// `report.summary`, without converting the findings.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.report.summary)
    }

    /// `report.errors`, without converting the findings.
    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> Result<JsValue, JsError> {
        to_js(&self.report.errors)
    }

    /// `report.skipped`, without converting the findings.
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> Result<JsValue, JsError> {
        to_js(&self.report.skipped)
    }
}

/// JSON across the boundary: `JSON.parse` in JS builds plain objects faster than any per-field conversion.
fn to_js(value: &impl serde::Serialize) -> Result<JsValue, JsError> {
    to_js_sized(value, 0)
}

/// A report across the boundary, its JSON buffer allocated once at about its final size.
fn report_to_js(report: &Report) -> Result<JsValue, JsError> {
    to_js_sized(report, report.rendered_size_hint())
}

fn to_js_sized(value: &impl serde::Serialize, capacity: usize) -> Result<JsValue, JsError> {
    // Pretty, like every other JSON the crate writes: one serializer instantiation in the wasm, not two.
    let text = crate::report::pretty_json(value, capacity).map_err(|e| JsError::new(&format!("fargate-guard internal error: cannot serialise: {e}")))?;
    JSON::parse(&text).map_err(|_| JsError::new("fargate-guard internal error: the result is not valid JSON"))
}

/// `explainRule(idOrName)`: the rule's full documentation as Markdown (what `--explain` prints).
#[wasm_bindgen(js_name = explainRule)]
pub fn explain_rule(id_or_name: &str) -> Result<String, JsError> {
    api::explain_rule(id_or_name).map_err(|e| JsError::new(&format!("explainRule: {e}")))
}

/// Panics on purpose: proves that a panic reaches JS as an Error with a message (tests/js/panic.test.js).
#[cfg(feature = "test-panic")]
#[wasm_bindgen(js_name = panicForTest)]
#[allow(clippy::panic)]
pub fn panic_for_test(message: &str) {
    panic!("{message}");
}

#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// A configuration resolved once and reused.
#[wasm_bindgen(js_name = Engine)]
pub struct Engine {
    inner: crate::engine::Engine,
}

#[wasm_bindgen(js_class = Engine)]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<Engine, JsError> {
        let config = if config.is_undefined() || config.is_null() {
            crate::config::Config::default()
        } else if config.is_object() && !Array::is_array(&config) {
            let text = stringify(&config, "new Engine(config)")?;
            crate::config::Config::from_json(&text).map_err(|e| JsError::new(&format!("new Engine(config): invalid config: {e}")))?
        } else {
            return Err(JsError::new(&format!("new Engine(config): config must be an object, got {}", type_name(&config))));
        };
        Ok(Engine { inner: crate::engine::Engine::new(config).map_err(|e| JsError::new(&e))? })
    }

    pub fn validate(&self, input: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
        let options = options(&opts, "Engine.validate")?;
        if options.config.is_some() {
            return Err(JsError::new("Engine.validate: pass the config to new Engine(config), not to validate"));
        }
        let text = input_text(&input)?;
        let report = self.inner.validate_str(&text, options.file_name.as_deref().unwrap_or("input"), options.format);
        report_to_js(&if input.is_string() { report } else { report.without_locations() })
    }
}

/// Options of the resource/stack entry points: `undefined`, `null` or a plain object.
fn options_as<T: Default + TryFrom<serde_json::Value, Error = String>>(value: &JsValue, what: &str) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(JsError::new(&format!("{what}: options must be an object, got {}", type_name(value))));
    }
    api::parse_options_as(&stringify(value, what)?).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn type_token(value: &JsValue, what: &str) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| {
        JsError::new(&format!("{what}(type): expected a resource type string such as aws:ecs/service:Service, got {}", type_name(value)))
    })
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !Array::is_array(value)
}

fn props_text(props: &JsValue, what: &str) -> Result<String, JsError> {
    if !is_plain_object(props) {
        return Err(JsError::new(&format!("{what}(props): expected an object of input properties, got {}", type_name(props))));
    }
    stringify(props, what)
}

/// The stack as JSON text, after checking that every element is `{ type: string, props: object, … }`.
fn stack_text(resources: &JsValue, what: &str) -> Result<String, JsError> {
    if !Array::is_array(resources) {
        return Err(JsError::new(&format!("{what}(resources): expected an array of {{ type, name?, urn?, props }}, got {}", type_name(resources))));
    }
    for (i, item) in Array::from(resources).iter().enumerate() {
        let field = |key: &str| js_sys::Reflect::get(&item, &key.into()).ok();
        let valid = is_plain_object(&item)
            && field("type").is_some_and(|t| t.is_string())
            && field("props").is_some_and(|p| is_plain_object(&p));
        if !valid {
            return Err(JsError::new(&format!("{what}(resources): element {i} must be {{ type: string, props: object, name?, urn? }}")));
        }
    }
    let text = stringify(resources, what)?;
    reserve_heap(text.len());
    Ok(text)
}

/// `validateResource(type, props, options?)`: one resource's input properties, as a Pulumi resource policy
/// sees them. `type` is a Pulumi token, a CloudFormation type or a Terraform type; `options` is
/// `{ name?, urn?, config? }`. Paths in the report point into `props`.
#[wasm_bindgen(js_name = validateResource)]
pub fn validate_resource(resource_type: JsValue, props: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
    let options: api::ResourceOptions = options_as(&opts, "validateResource")?;
    let resource_type = type_token(&resource_type, "validateResource")?;
    let props = props_text(&props, "validateResource")?;
    // Objects have no text of the user's to point into (as `validate(object)`).
    report_to_js(&api::validate_resource(&resource_type, &props, options).map_err(|e| JsError::new(&e))?.without_locations())
}

/// `validateStack(resources, options?)`: `[{ type, name?, urn?, props, propertyDependencies? }]` validated
/// together (services link to their task definitions and clusters); `options` is `{ fileName?, config? }`.
/// Paths in the report point into the array (`/2/props/…`).
#[wasm_bindgen(js_name = validateStack)]
pub fn validate_stack(resources: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
    let options: api::StackOptions = options_as(&opts, "validateStack")?;
    let text = stack_text(&resources, "validateStack")?;
    report_to_js(&api::validate_stack(&text, options).map_err(|e| JsError::new(&e))?.without_locations())
}

#[wasm_bindgen(js_class = Engine)]
impl Engine {
    #[wasm_bindgen(js_name = validateResource)]
    pub fn validate_resource(&self, resource_type: JsValue, props: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
        let options: api::ResourceOptions = options_as(&opts, "Engine.validateResource")?;
        if options.config.is_some() {
            return Err(JsError::new("Engine.validateResource: pass the config to new Engine(config), not to validateResource"));
        }
        let resource_type = type_token(&resource_type, "Engine.validateResource")?;
        let props = props_text(&props, "Engine.validateResource")?;
        let report = self.inner.validate_resource(&resource_type, &props, options.name.as_deref(), options.urn.as_deref());
        report_to_js(&report.map_err(|e| JsError::new(&e))?.without_locations())
    }

    #[wasm_bindgen(js_name = validateStack)]
    pub fn validate_stack(&self, resources: JsValue, opts: JsValue) -> Result<JsValue, JsError> {
        let options: api::StackOptions = options_as(&opts, "Engine.validateStack")?;
        if options.config.is_some() {
            return Err(JsError::new("Engine.validateStack: pass the config to new Engine(config), not to validateStack"));
        }
        let text = stack_text(&resources, "Engine.validateStack")?;
        report_to_js(&self.inner.validate_str(&text, options.file_name.as_deref().unwrap_or("stack"), Some(crate::input::Format::Pulumi)).without_locations())
    }
}
