//! Generic conversion of a parsed document (serde_json::Value) into the canonical [`Node`] tree.
//! Each format supplies a [`Dialect`]: how its keys map to AWS API camelCase, and which values it
//! intercepts (CloudFormation intrinsics, Terraform unknowns).

use crate::model::{KeyStyle, Node, Origin, Origins, Value};
use serde_json::Value as Json;
use std::borrow::Cow;

/// Canonical keys whose children are user data (log options, labels), never renamed.
pub(crate) const OPAQUE_MAPS: &[&str] = &["options", "dockerLabels", "driverOpts", "labels", "secretOptionsMap"];

pub trait Dialect {
    fn style(&self) -> KeyStyle;
    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str>;
    /// Takes over the conversion of one value (e.g. `{"Ref": …}`); `None` converts generically.
    fn intercept(&self, _value: &Json, _origin: Origin, _converter: &mut Converter<'_>) -> Option<Node> {
        None
    }
    /// A value that stands for one of its parts (CloudFormation `Fn::If` with a decided condition): conversion
    /// continues at that part in the same context (depth, opaque map), and provenance points into it.
    fn select<'v>(&self, _value: &'v Json) -> Option<Selected<'v>> {
        None
    }
    /// Where the part of a [`Selected`] with `assumed` set was converted to, and the condition assumed.
    fn assumed_part(&self, _part: Origin, _condition: &str) {}
    /// Whether a null list element means "no element" (CloudFormation `Ref AWS::NoValue`), not a null value.
    fn drops_null_items(&self) -> bool {
        false
    }
}

/// The part a [`Dialect::select`] chose: `value` is `wrapper[key][index]`.
pub struct Selected<'v> {
    pub key: &'v str,
    pub index: usize,
    pub value: &'v Json,
    /// Chosen by an assumption: the CloudFormation condition, not decidable offline, taken one way in one
    /// variant of the resource. The converter reports the part's origin to [`Dialect::assumed_part`].
    pub assumed: Option<&'v str>,
}

pub struct Converter<'o> {
    pub origins: &'o mut Origins,
    /// Guards recursion: user documents control nesting.
    pub max_depth: usize,
}

impl Converter<'_> {
    pub fn convert(&mut self, dialect: &dyn Dialect, value: &Json, origin: Origin) -> Node {
        self.convert_at(dialect, value, origin, 0, false)
    }

    fn convert_at(&mut self, dialect: &dyn Dialect, value: &Json, origin: Origin, depth: usize, opaque: bool) -> Node {
        if depth > self.max_depth {
            return Node::new(Value::Unknown("nested deeper than the configured limit".into()), origin);
        }
        if let Some(selected) = dialect.select(value) {
            let style = dialect.style();
            let wrapper = self.origins.key(origin, selected.key, style);
            let part = self.origins.index(wrapper, selected.index, style);
            if let Some(condition) = selected.assumed {
                dialect.assumed_part(part, condition);
            }
            return self.convert_at(dialect, selected.value, part, depth + 1, opaque);
        }
        if let Some(node) = dialect.intercept(value, origin, self) {
            return node;
        }
        let style = dialect.style();
        let converted = match value {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            Json::String(s) => Value::String(s.as_str().into()),
            Json::Array(items) => Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let child = self.origins.index(origin, i, style);
                        self.convert_at(dialect, item, child, depth + 1, false)
                    })
                    .filter(|node| !(dialect.drops_null_items() && matches!(node.value, Value::Null)))
                    .collect(),
            ),
            Json::Object(map) => Value::Map(
                map.iter()
                    .map(|(key, item)| {
                        let child = self.origins.key(origin, key, style);
                        let canonical: Box<str> =
                            if opaque { key.as_str().into() } else { dialect.canonical_key(key).into() };
                        let child_opaque = !opaque && OPAQUE_MAPS.contains(&&*canonical);
                        let node = self.convert_at(dialect, item, child, depth + 1, child_opaque);
                        (canonical, node)
                    })
                    .collect(),
            ),
        };
        Node::new(converted, origin)
    }
}

/// AWS API JSON is already canonical.
pub struct Identity;

impl Dialect for Identity {
    fn style(&self) -> KeyStyle {
        KeyStyle::Camel
    }
    fn canonical_key<'k>(&self, key: &'k str) -> Cow<'k, str> {
        Cow::Borrowed(key)
    }
}

/// `EFSVolumeConfiguration` → `efsVolumeConfiguration`, `IAM` → `iam`, `SizeInGiB` → `sizeInGiB`:
/// lower-cases the leading run of capitals, keeping the last one when a lower-case letter follows.
pub fn lower_camel(key: &str) -> Cow<'_, str> {
    let bytes = key.as_bytes();
    let leading = bytes.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if leading == 0 {
        return Cow::Borrowed(key);
    }
    let lower_upto = if leading > 1 && leading < bytes.len() && bytes.get(leading).is_some_and(u8::is_ascii_lowercase) {
        leading - 1
    } else {
        leading
    };
    let mut out = String::with_capacity(key.len());
    for (i, c) in key.char_indices() {
        out.push(if i < lower_upto { c.to_ascii_lowercase() } else { c });
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::lower_camel;

    #[test]
    fn pascal_keys_become_api_camel_case() {
        for (pascal, camel) in [
            ("EFSVolumeConfiguration", "efsVolumeConfiguration"),
            ("IAM", "iam"),
            ("SizeInGiB", "sizeInGiB"),
            ("ReadonlyRootFilesystem", "readonlyRootFilesystem"),
            ("already", "already"),
        ] {
            assert_eq!(lower_camel(pascal), camel);
        }
    }
}
