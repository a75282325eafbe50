//! Fixes (design.md §3): a rule's canonical [`Edit`]s written as an RFC 6902 JSON Patch against the user's own
//! document — pointers from the values' origins, keys spelled as the format spells them, values converted to
//! the format's types — and a small JSON Patch applier.
//!
//! Values inside a JSON-encoded string (Terraform `container_definitions`, Pulumi classic
//! `containerDefinitions`) cannot be addressed by a JSON Pointer: their fix is one `replace` of the whole
//! string with the patched JSON re-serialised (compact, keys in sorted order).

use crate::input::convert::lower_camel;
use crate::input::provider::{snake_to_camel, SINGLE_BLOCKS};
use crate::model::{origin::spell_key, KeyStyle, Origin, Origins};
use crate::rules::{At, Edit};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Add,
    Replace,
    Remove,
    Move,
}

/// One RFC 6902 operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatchOp {
    pub op: Op,
    pub path: String,
    /// `move` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `add` and `replace` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
}

impl PatchOp {
    fn new(op: Op, path: String, value: Option<Json>) -> Self {
        PatchOp { op, path, from: None, value }
    }
}

/// The documents of one validation, as text, parsed as JSON only when a fix needs to look inside one.
pub struct Documents<'t> {
    texts: Vec<&'t str>,
    parsed: Vec<Option<Option<Json>>>,
}

impl<'t> Documents<'t> {
    pub fn new(texts: Vec<&'t str>) -> Self {
        let parsed = vec![None; texts.len()];
        Documents { texts, parsed }
    }

    fn json(&mut self, document: u32) -> Option<&Json> {
        let index = document as usize;
        let text = *self.texts.get(index)?;
        let slot = self.parsed.get_mut(index)?;
        slot.get_or_insert_with(|| serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()).as_ref()
    }
}

/// Where an edit lands in the user's document.
struct Target {
    document: u32,
    /// Pointer into the document, or to the JSON-encoded string when `embedded` is set.
    pointer: String,
    /// Pointer into the decoded string.
    embedded: Option<String>,
    style: KeyStyle,
    /// The value is there (`replace`/`remove`), or the key is missing (`add`).
    exists: bool,
    /// The canonical key the value is written under, when known.
    key: Option<String>,
    /// The key as the document writes it.
    written_key: Option<String>,
}

impl Target {
    fn of(at: At, origins: &Origins) -> Target {
        match at {
            At::Value(origin) => {
                let path = origins.path(origin);
                let style = origins.style(origin);
                let written_key = origins.leaf_key(origin).map(str::to_string);
                let key = written_key.as_deref().map(|k| canonical_key(k, style));
                Target { document: path.document, pointer: path.pointer, embedded: path.embedded, style, exists: true, key, written_key }
            }
            At::Missing { parent, key } => {
                let mut path = origins.path(parent);
                let style = origins.style(parent);
                let spelled = spell_key(key, style);
                let segment = format!("/{}", escape(&spelled));
                match &mut path.embedded {
                    Some(inner) => inner.push_str(&segment),
                    None => path.pointer.push_str(&segment),
                }
                Target {
                    document: path.document,
                    pointer: path.pointer,
                    embedded: path.embedded,
                    style,
                    exists: false,
                    key: Some(key.to_string()),
                    written_key: Some(spelled),
                }
            }
        }
    }

    /// A branch of a CloudFormation `Fn::If` (`…/Fn::If/1` or `…/Fn::If/2`).
    fn is_branch(&self) -> bool {
        self.style == KeyStyle::Pascal && self.embedded.is_none() && (self.pointer.ends_with("/Fn::If/1") || self.pointer.ends_with("/Fn::If/2"))
    }

    /// The pointer the operation uses: into the decoded string when the value is inside one.
    fn local(&self) -> &str {
        self.embedded.as_deref().unwrap_or(&self.pointer)
    }

    fn set(&self, value: &Json) -> PatchOp {
        let converted = user_value(value, self.style, self.key.as_deref());
        if self.exists {
            // The pointer already addresses the element of a Terraform block list.
            PatchOp::new(Op::Replace, self.local().to_string(), Some(converted))
        } else {
            PatchOp::new(Op::Add, self.local().to_string(), Some(block(self.key.as_deref(), self.style, converted)))
        }
    }
}

/// A key as the format writes it → the canonical key (good enough for [`user_value`]'s decisions).
fn canonical_key(written: &str, style: KeyStyle) -> String {
    match style {
        KeyStyle::Snake => snake_to_camel(written),
        KeyStyle::Pascal | KeyStyle::Native => lower_camel(written).into_owned(),
        KeyStyle::Camel | KeyStyle::Bridged => written.to_string(),
    }
}

/// RFC 6901 escaping of one reference token.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A canonical value in the format's spelling and types: keys respelled, the provider's boolean
/// `assignPublicIp`, Terraform's MaxItems-1 blocks as one-element lists.
fn user_value(value: &Json, style: KeyStyle, key: Option<&str>) -> Json {
    match value {
        Json::String(s) if key == Some("assignPublicIp") && matches!(style, KeyStyle::Snake | KeyStyle::Bridged) => match s.as_str() {
            "ENABLED" => Json::Bool(true),
            "DISABLED" => Json::Bool(false),
            _ => value.clone(),
        },
        Json::Object(map) => {
            // Inserted rather than collected: `collect` into a map instantiates a sort per iterator type.
            let mut spelled = serde_json::Map::new();
            for (k, v) in map {
                spelled.insert(spell_key(k, style), block(Some(k), style, user_value(v, style, Some(k))));
            }
            Json::Object(spelled)
        }
        Json::Array(items) => Json::Array(items.iter().map(|item| user_value(item, style, None)).collect()),
        other => other.clone(),
    }
}

/// Terraform writes a MaxItems-1 block as a list of one object. `key` is canonical; the block list holds the
/// provider's camelCase (`managedEBSVolume` is the provider's `managedEbsVolume`).
fn block(key: Option<&str>, style: KeyStyle, value: Json) -> Json {
    match key {
        Some(key) if style == KeyStyle::Snake && value.is_object() && SINGLE_BLOCKS.contains(&spell_key(key, KeyStyle::Bridged).as_str()) => {
            Json::Array(vec![value])
        }
        _ => value,
    }
}

/// The patch for one finding's edits; `None` when there are none or one cannot be written in the user's
/// format (a value inside an embedded string of a document that cannot be read back, a respelling without
/// a place).
pub fn patch(edits: &[Edit], origins: &Origins, documents: &mut Documents<'_>) -> Option<Vec<PatchOp>> {
    if edits.is_empty() {
        return None;
    }
    let mut outer: Vec<PatchOp> = Vec::new();
    // Operations inside JSON-encoded strings, per (document, pointer of the string).
    let mut inner: Vec<((u32, String), Vec<PatchOp>)> = Vec::new();
    for edit in edits {
        let (target, op) = match edit {
            Edit::Set { at, value } => {
                let target = Target::of(*at, origins);
                let op = target.set(value);
                (target, op)
            }
            Edit::Remove { at } => {
                let target = Target::of(*at, origins);
                if !target.exists {
                    continue;
                }
                let op = if target.is_branch() {
                    // Removing a branch would break its `Fn::If`; the branch can say "nothing" instead.
                    PatchOp::new(Op::Replace, target.local().to_string(), Some(serde_json::json!({"Ref": "AWS::NoValue"})))
                } else {
                    PatchOp::new(Op::Remove, target.local().to_string(), None)
                };
                (target, op)
            }
            Edit::Append { list, value } => append(*list, value, origins),
            Edit::Respell { at, from, to } => {
                let target = Target::of(*at, origins);
                if !target.exists {
                    return None;
                }
                let op = if target.written_key.as_deref() == Some(from.as_str()) {
                    let local = target.local();
                    let parent = local.rsplit_once('/').map_or("", |(parent, _)| parent);
                    PatchOp { op: Op::Move, path: format!("{parent}/{}", escape(to)), from: Some(local.to_string()), value: None }
                } else {
                    PatchOp::new(Op::Replace, target.local().to_string(), Some(Json::String(to.clone())))
                };
                (target, op)
            }
        };
        match target.embedded {
            None => outer.push(op),
            Some(_) => {
                let key = (target.document, target.pointer);
                match inner.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, ops)) => ops.push(op),
                    None => inner.push((key, vec![op])),
                }
            }
        }
    }
    for ((document, pointer), ops) in inner {
        let text = documents.json(document)?.pointer(&pointer)?.as_str()?;
        let mut decoded: Json = serde_json::from_str(text).ok()?;
        // The whole string is the patch's value: with environment values in it, reports, SARIF and logs would
        // carry what may be secrets. No fix then; the finding still says what to change.
        if may_hold_secrets(&decoded) {
            return None;
        }
        apply(&mut decoded, &ops).ok()?;
        outer.push(PatchOp::new(Op::Replace, pointer, Some(Json::String(serde_json::to_string(&decoded).ok()?))));
    }
    (!outer.is_empty()).then_some(outer)
}

/// Whether decoded container definitions hold what may be a secret: a non-empty `environment` value (keys
/// matched case-insensitively, as the provider does), or any string with credential material in it (a command
/// line with a token) — the same detection as SE-03.
fn may_hold_secrets(value: &Json) -> bool {
    match value {
        Json::String(text) => crate::rules::se::find_material(text).is_some(),
        Json::Array(items) => items.iter().any(may_hold_secrets),
        Json::Object(map) => map.iter().any(|(key, item)| {
            let literal_value = |entry: &Json| entry.as_object().into_iter().flatten().any(|(k, v)| k.eq_ignore_ascii_case("value") && v.as_str().is_some_and(|s| !s.is_empty()));
            (key.eq_ignore_ascii_case("environment") && item.as_array().into_iter().flatten().any(literal_value)) || may_hold_secrets(item)
        }),
        _ => false,
    }
}

fn append(list: Origin, value: &Json, origins: &Origins) -> (Target, PatchOp) {
    let mut target = Target::of(At::Value(list), origins);
    let style = target.style;
    let op = PatchOp::new(Op::Add, format!("{}/-", target.local()), Some(user_value(value, style, None)));
    target.exists = true;
    (target, op)
}

// ---------------------------------------------------------------------------------------------------------
// Applying a patch.

fn tokens(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer.strip_prefix('/').ok_or_else(|| format!("`{pointer}` is not a JSON Pointer"))?;
    Ok(rest.split('/').map(unescape).collect())
}

fn index(token: &str, len: usize, allow_end: bool) -> Result<usize, String> {
    if allow_end && token == "-" {
        return Ok(len);
    }
    // RFC 6901: digits without a leading zero.
    let canonical = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) && (token == "0" || !token.starts_with('0'));
    match token.parse::<usize>() {
        Ok(index) if canonical && (index < len || (allow_end && index == len)) => Ok(index),
        Ok(index) if canonical => Err(format!("index {index} is out of range")),
        _ => Err(format!("`{token}` is not an array index")),
    }
}

/// The container that holds the last token of `pointer`, and that token.
fn parent<'d>(doc: &'d mut Json, pointer: &str) -> Result<(&'d mut Json, String), String> {
    let mut tokens = tokens(pointer)?;
    let last = tokens.pop().ok_or("the operation targets the whole document")?;
    let mut node = doc;
    for token in &tokens {
        node = match node {
            Json::Object(map) => map.get_mut(token),
            Json::Array(items) => {
                let i = index(token, items.len(), false)?;
                items.get_mut(i)
            }
            _ => None,
        }
        .ok_or_else(|| format!("`{pointer}`: the parent does not exist"))?;
    }
    Ok((node, last))
}

fn add(doc: &mut Json, pointer: &str, value: Json) -> Result<(), String> {
    if pointer.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (container, key) = parent(doc, pointer)?;
    match container {
        Json::Object(map) => {
            map.insert(key, value);
            Ok(())
        }
        Json::Array(items) => {
            let i = index(&key, items.len(), true)?;
            items.insert(i, value);
            Ok(())
        }
        _ => Err(format!("`{pointer}`: the parent is not an object or array")),
    }
}

fn remove(doc: &mut Json, pointer: &str) -> Result<Json, String> {
    let (container, key) = parent(doc, pointer)?;
    match container {
        Json::Object(map) => map.remove(&key).ok_or_else(|| format!("`{pointer}` does not exist")),
        Json::Array(items) => {
            let i = index(&key, items.len(), false)?;
            Ok(items.remove(i))
        }
        _ => Err(format!("`{pointer}` does not exist")),
    }
}

/// Applies `ops` in order (RFC 6902 `add`, `replace`, `remove`, `move`); on error `doc` may be half-patched.
pub fn apply(doc: &mut Json, ops: &[PatchOp]) -> Result<(), String> {
    for op in ops {
        match op.op {
            Op::Add => add(doc, &op.path, op.value.clone().ok_or("`add` needs a value")?)?,
            Op::Replace => {
                let value = op.value.clone().ok_or("`replace` needs a value")?;
                let slot = doc.pointer_mut(&op.path).ok_or_else(|| format!("`{}` does not exist", op.path))?;
                *slot = value;
            }
            Op::Remove => {
                remove(doc, &op.path)?;
            }
            Op::Move => {
                let from = op.from.as_deref().ok_or("`move` needs `from`")?;
                if op.path.starts_with(&format!("{from}/")) {
                    return Err(format!("cannot move `{from}` into itself"));
                }
                let value = remove(doc, from)?;
                add(doc, &op.path, value)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(text: &str) -> Vec<PatchOp> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn terraform_blocks_are_one_element_lists_whatever_the_canonical_spelling() {
        for key in ["logConfiguration", "managedEBSVolume"] {
            assert_eq!(block(Some(key), KeyStyle::Snake, json!({"a": 1})), json!([{"a": 1}]), "{key}");
            assert_eq!(block(Some(key), KeyStyle::Pascal, json!({"a": 1})), json!({"a": 1}), "{key}");
        }
        assert_eq!(block(Some("environment"), KeyStyle::Snake, json!({"a": 1})), json!({"a": 1}));
    }

    #[test]
    fn applies_the_four_operations() {
        let mut doc = json!({"a": {"b": [1, 2, 3]}, "c/d": "x"});
        apply(
            &mut doc,
            &op(r#"[{"op": "add", "path": "/a/b/-", "value": 4}, {"op": "remove", "path": "/a/b/0"},
                    {"op": "replace", "path": "/c~1d", "value": "y"}, {"op": "add", "path": "/a/e", "value": {"f": true}},
                    {"op": "move", "from": "/c~1d", "path": "/g"}]"#),
        )
        .unwrap();
        assert_eq!(doc, json!({"a": {"b": [2, 3, 4], "e": {"f": true}}, "g": "y"}));
    }

    #[test]
    fn refuses_what_is_not_there() {
        for bad in [
            r#"[{"op": "replace", "path": "/nope", "value": 1}]"#,
            r#"[{"op": "remove", "path": "/a/9"}]"#,
            r#"[{"op": "add", "path": "/x/y", "value": 1}]"#,
            r#"[{"op": "add", "path": "/a/01", "value": 1}]"#,
            r#"[{"op": "move", "from": "/a", "path": "/a/b"}]"#,
        ] {
            let mut doc = json!({"a": [1]});
            assert!(apply(&mut doc, &op(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_take_the_formats_spelling_and_types() {
        let value = json!({"deploymentCircuitBreaker": {"enable": true, "rollback": true}});
        assert_eq!(
            user_value(&value, KeyStyle::Snake, None),
            json!({"deployment_circuit_breaker": [{"enable": true, "rollback": true}]})
        );
        assert_eq!(user_value(&value, KeyStyle::Pascal, None), json!({"DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}}));
        assert_eq!(user_value(&json!("DISABLED"), KeyStyle::Bridged, Some("assignPublicIp")), json!(false));
        assert_eq!(user_value(&json!("DISABLED"), KeyStyle::Camel, Some("assignPublicIp")), json!("DISABLED"));
        assert_eq!(user_value(&json!([{"name": "containerInsights"}]), KeyStyle::Pascal, None), json!([{"Name": "containerInsights"}]));
    }
}
