//! The canonical value tree every input format normalises into: AWS API camelCase keys, every value
//! Known (a plain value), Unknown (computed at deploy time) or Absent, each with its origin.

use super::origin::Origin;

#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(Box<str>),
    List(Vec<Node>),
    /// Keys in source order; objects in ECS resources are small, so lookup is a linear scan.
    Map(Vec<(Box<str>, Node)>),
    /// Not known before deployment; the text says why (e.g. "Fn::GetAtt Repo.Arn", "known after apply").
    Unknown(Box<str>),
}

/// The result of looking a key up: what a rule branches on.
#[derive(Debug, Clone, Copy)]
pub enum Field<'a> {
    Known(&'a Node),
    Unknown(&'a Node),
    /// Missing (or null). `parent` is the object that should hold `key`.
    Absent { parent: Origin, key: &'static str },
}

impl Node {
    pub fn new(value: Value, origin: Origin) -> Self {
        Node { value, origin }
    }

    pub fn get(&self, key: &'static str) -> Field<'_> {
        match &self.value {
            Value::Unknown(_) => Field::Unknown(self),
            Value::Map(entries) => match entries.iter().find(|(k, _)| &**k == key) {
                Some((_, node)) => Field::of(node, self.origin, key),
                None => Field::Absent { parent: self.origin, key },
            },
            _ => Field::Absent { parent: self.origin, key },
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            // CloudFormation and some CLIs write booleans as strings.
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => Some(*n),
            Value::String(s) => crate::number::parse(s.trim()),
            _ => None,
        }
    }

    /// Strings and numbers alike as text (CloudFormation writes `Cpu: 256` or `"256"`).
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.to_string()),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            Value::Number(n) => Some(crate::number::to_text(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::List(items) => items,
            _ => &[],
        }
    }

    pub fn entries(&self) -> &[(Box<str>, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.value, Value::Unknown(_))
    }

    /// "Present with an enabling value" (rules.md §5.10): non-empty list/map, `true`, any number or string.
    pub fn is_set(&self) -> bool {
        match &self.value {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) | Value::String(_) | Value::Unknown(_) => true,
            Value::List(items) => !items.is_empty(),
            Value::Map(entries) => !entries.is_empty(),
        }
    }
}

impl<'a> Field<'a> {
    fn of(node: &'a Node, parent: Origin, key: &'static str) -> Self {
        match node.value {
            Value::Null => Field::Absent { parent, key },
            Value::Unknown(_) => Field::Unknown(node),
            _ => Field::Known(node),
        }
    }

    /// Chained lookup: an Absent parent yields the first missing key; an Unknown parent stays Unknown.
    pub fn get(self, key: &'static str) -> Field<'a> {
        match self {
            Field::Known(node) => node.get(key),
            other => other,
        }
    }

    pub fn known(self) -> Option<&'a Node> {
        match self {
            Field::Known(node) => Some(node),
            _ => None,
        }
    }

    pub fn is_unknown(self) -> bool {
        matches!(self, Field::Unknown(_))
    }

    pub fn is_absent(self) -> bool {
        matches!(self, Field::Absent { .. })
    }

    pub fn as_str(self) -> Option<&'a str> {
        self.known().and_then(Node::as_str)
    }

    pub fn as_bool(self) -> Option<bool> {
        self.known().and_then(Node::as_bool)
    }

    pub fn as_f64(self) -> Option<f64> {
        self.known().and_then(Node::as_f64)
    }

    pub fn as_text(self) -> Option<String> {
        self.known().and_then(Node::as_text)
    }

    /// Elements of a known list; empty when absent, unknown or not a list.
    pub fn items(self) -> &'a [Node] {
        self.known().map_or(&[], Node::items)
    }

    /// Known and set with an enabling value (rules.md §5.10).
    pub fn is_set(self) -> bool {
        self.known().is_some_and(Node::is_set)
    }
}
