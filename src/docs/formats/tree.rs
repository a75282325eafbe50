//! The value tree the converter works on, and its JSON and YAML writers. Unlike `serde_json::Value` (whose
//! maps are sorted here) it keeps keys in the order the example's author wrote them, and it can hold a value
//! known only at deployment.

use crate::input::yaml;
use serde_json::Value as Json;

#[derive(Clone, Debug, PartialEq)]
pub enum Tree {
    Null,
    Bool(bool),
    /// As written (`256`, `0.5`).
    Number(String),
    String(String),
    List(Vec<Tree>),
    Map(Vec<(String, Tree)>),
    /// Known only at deployment; the text says why (`Ref Key`, `Fn::GetAtt Role.Arn`).
    Unknown(String),
}

/// How a format writes a canonical key, and what it does to the value under it.
pub struct Key {
    pub name: String,
    /// The value is user data (tags, log options): its keys stay as written.
    pub verbatim: bool,
    /// A Terraform block of at most one: an object is written as a list of one.
    pub listed: bool,
}

/// Lines of JSON and YAML are kept within this many characters where the values allow.
const WIDTH: usize = 120;

impl Tree {
    pub fn map(entries: Vec<(&str, Tree)>) -> Tree {
        Tree::Map(entries.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
    }

    pub fn string(text: &str) -> Tree {
        Tree::String(text.to_string())
    }

    pub fn get(&self, key: &str) -> Option<&Tree> {
        match self {
            Tree::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Tree> {
        match self {
            Tree::Map(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, value)| value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn take(&mut self, key: &str) -> Option<Tree> {
        let Tree::Map(entries) = self else { return None };
        let position = entries.iter().position(|(k, _)| k == key)?;
        Some(entries.remove(position).1)
    }

    /// Sets `key`, in place when it is there, else at the end (or at the start with `first`).
    pub fn set(&mut self, key: &str, value: Tree, first: bool) {
        let Tree::Map(entries) = self else { return };
        match entries.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None if first => entries.insert(0, (key.to_string(), value)),
            None => entries.push((key.to_string(), value)),
        }
    }

    pub fn rename(&mut self, from: &str, to: &str) {
        if let Tree::Map(entries) = self {
            if let Some(entry) = entries.iter_mut().find(|(k, _)| k == from) {
                entry.0 = to.to_string();
            }
        }
    }

    /// The items of the list at `key` (none when it is not a list).
    pub fn items_mut(&mut self, key: &str) -> &mut [Tree] {
        match self.get_mut(key) {
            Some(Tree::List(items)) => items,
            _ => &mut [],
        }
    }

    /// The values known only at deployment, each with the keys leading to it (list positions left out).
    pub fn unknowns(&self) -> Vec<(Vec<&str>, &str)> {
        let mut found = Vec::new();
        self.collect_unknowns(&mut Vec::new(), &mut found);
        found
    }

    fn collect_unknowns<'t>(&'t self, path: &mut Vec<&'t str>, found: &mut Vec<(Vec<&'t str>, &'t str)>) {
        match self {
            Tree::Unknown(why) => found.push((path.clone(), why)),
            Tree::List(items) => items.iter().for_each(|item| item.collect_unknowns(path, found)),
            Tree::Map(entries) => {
                for (key, value) in entries {
                    path.push(key);
                    value.collect_unknowns(path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// Every map key respelled as `key` says.
    pub fn respell(self, key: &dyn Fn(&str) -> Key) -> Tree {
        match self {
            Tree::Map(entries) => Tree::Map(
                entries
                    .into_iter()
                    .map(|(name, value)| {
                        let spelled = key(&name);
                        let value = if spelled.verbatim { value } else { value.respell(key) };
                        let value = match value {
                            Tree::Map(_) if spelled.listed => Tree::List(vec![value]),
                            other => other,
                        };
                        (spelled.name, value)
                    })
                    .collect(),
            ),
            Tree::List(items) => Tree::List(items.into_iter().map(|item| item.respell(key)).collect()),
            other => other,
        }
    }

    /// Parsed JSON, its keys in the order `order` gives (the author's, from the text's positions).
    pub fn from_json(json: &Json, pointer: &str, order: &dyn Fn(&str) -> (u32, u32)) -> Tree {
        match json {
            Json::Null => Tree::Null,
            Json::Bool(b) => Tree::Bool(*b),
            Json::Number(n) => Tree::Number(n.to_string()),
            Json::String(s) => Tree::String(s.clone()),
            Json::Array(items) => {
                Tree::List(items.iter().enumerate().map(|(i, item)| Tree::from_json(item, &format!("{pointer}/{i}"), order)).collect())
            }
            Json::Object(map) => {
                let mut entries: Vec<((u32, u32), String, Tree)> = map
                    .iter()
                    .map(|(key, value)| {
                        let child = format!("{pointer}/{}", crate::fix::escape(key));
                        (order(&child), key.clone(), Tree::from_json(value, &child, order))
                    })
                    .collect();
                entries.sort_by_key(|(at, _, _)| *at);
                Tree::Map(entries.into_iter().map(|(_, key, value)| (key, value)).collect())
            }
        }
    }

    /// JSON on one line, as `JSON.stringify` and Terraform's `jsonencode` write it.
    pub fn compact_json(&self) -> String {
        self.flat_json(",", ":")
    }

    /// JSON that breaks a container over lines only when it does not fit.
    pub fn json(&self) -> String {
        let mut out = String::new();
        self.write_json(0, 0, &mut out);
        out
    }

    fn flat_json(&self, comma: &str, colon: &str) -> String {
        match self {
            Tree::Null | Tree::Unknown(_) => "null".into(),
            Tree::Bool(b) => b.to_string(),
            Tree::Number(n) => n.clone(),
            Tree::String(s) => json_string(s),
            Tree::List(items) => format!("[{}]", items.iter().map(|i| i.flat_json(comma, colon)).collect::<Vec<_>>().join(comma)),
            Tree::Map(entries) => format!(
                "{{{}}}",
                entries.iter().map(|(k, v)| format!("{}{colon}{}", json_string(k), v.flat_json(comma, colon))).collect::<Vec<_>>().join(comma)
            ),
        }
    }

    /// Writes the value from column `used`; a container that does not fit is broken over lines, its entries
    /// packed onto each line as far as they fit (the way the hand-written examples read).
    fn write_json(&self, indent: usize, used: usize, out: &mut String) {
        let flat = self.flat_json(", ", ": ");
        let entries: Vec<(Option<&str>, &Tree)> = match self {
            Tree::List(items) => items.iter().map(|item| (None, item)).collect(),
            Tree::Map(entries) => entries.iter().map(|(k, v)| (Some(k.as_str()), v)).collect(),
            _ => Vec::new(),
        };
        if used + flat.chars().count() <= WIDTH || entries.is_empty() {
            out.push_str(&flat);
            return;
        }
        let (open, close) = if matches!(self, Tree::List(_)) { ('[', ']') } else { ('{', '}') };
        out.push(open);
        let inner = indent + 2;
        // The column the current line has reached; `None` before the first entry.
        let mut column: Option<usize> = None;
        for (i, (key, value)) in entries.iter().enumerate() {
            let key = key.map(|key| format!("{}: ", json_string(key))).unwrap_or_default();
            let entry = format!("{key}{}", value.flat_json(", ", ": "));
            let last = i + 1 == entries.len();
            let width = entry.chars().count() + usize::from(!last);
            match column {
                Some(at) if at + 1 + width <= WIDTH => {
                    out.push(' ');
                    out.push_str(&entry);
                    column = Some(at + 1 + entry.chars().count());
                }
                _ => {
                    out.push('\n');
                    out.push_str(&" ".repeat(inner));
                    if inner + width <= WIDTH {
                        out.push_str(&entry);
                        column = Some(inner + entry.chars().count());
                    } else {
                        out.push_str(&key);
                        value.write_json(inner, inner + key.chars().count(), out);
                        // What follows a broken entry starts a line of its own.
                        column = Some(WIDTH);
                    }
                }
            }
            if !last {
                out.push(',');
                column = column.map(|at| at + 1);
            }
        }
        out.push('\n');
        out.push_str(&" ".repeat(indent));
        out.push(close);
    }

    /// YAML in block style, CloudFormation functions in their short form (`!Ref Key`); the root is a map.
    pub fn yaml(&self) -> String {
        let mut out = String::new();
        if let Tree::Map(entries) = self {
            write_yaml_map(entries, 0, &mut out);
        }
        out.trim_end().to_string()
    }

    /// A CloudFormation function (`{"Ref": …}`, `{"Fn::Sub": …}`): its short-form tag and argument.
    fn function(&self) -> Option<(String, &Tree)> {
        let Tree::Map(entries) = self else { return None };
        let [(name, argument)] = entries.as_slice() else { return None };
        match name.as_str() {
            "Ref" | "Condition" => Some((format!("!{name}"), argument)),
            _ => name.strip_prefix("Fn::").map(|short| (format!("!{short}"), argument)),
        }
    }

    /// The YAML of a value on one line (flow style), when it has one.
    fn flow_yaml(&self, in_flow: bool) -> Option<String> {
        if let Some((tag, argument)) = self.function() {
            if let (Some(Tree::String(resource)), Some(Tree::String(attribute)), 2) = (list_item(argument, 0), list_item(argument, 1), list_len(argument)) {
                if tag == "!GetAtt" {
                    return Some(format!("{tag} {resource}.{attribute}"));
                }
            }
            return Some(format!("{tag} {}", argument.flow_yaml(true)?));
        }
        Some(match self {
            Tree::Null | Tree::Unknown(_) => "null".into(),
            Tree::Bool(b) => b.to_string(),
            Tree::Number(n) => n.clone(),
            Tree::String(s) => yaml_scalar(s, in_flow),
            Tree::List(items) => format!("[{}]", items.iter().map(|i| i.flow_yaml(true)).collect::<Option<Vec<_>>>()?.join(", ")),
            Tree::Map(entries) if entries.is_empty() => "{}".into(),
            // Block style reads better for maps.
            Tree::Map(_) => return None,
        })
    }
}

fn list_item(tree: &Tree, index: usize) -> Option<&Tree> {
    match tree {
        Tree::List(items) => items.get(index),
        _ => None,
    }
}

fn list_len(tree: &Tree) -> usize {
    match tree {
        Tree::List(items) => items.len(),
        _ => 0,
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// A string as a plain YAML scalar when it reads back as that same string, in every YAML parser a template
/// may meet (so not `yes`, YAML 1.1's boolean); else double-quoted (JSON's escapes are YAML's).
fn yaml_scalar(text: &str, in_flow: bool) -> String {
    let plain_chars = |c: char| c.is_ascii_alphanumeric() || " _./@+=-".contains(c) || (c == ':' && !in_flow);
    let first_ok = text.starts_with(|c: char| c.is_ascii_alphanumeric() || "/_.".contains(c));
    let yaml_1_1 = ["y", "n", "yes", "no", "on", "off"].iter().any(|word| word.eq_ignore_ascii_case(text));
    // `0123` and `1.3.0` are strings in YAML 1.2, but numbers (or doubtful) to older parsers and to readers.
    let numeric = text.starts_with(|c: char| c.is_ascii_digit()) && text.chars().all(|c| c.is_ascii_digit() || ".eE+-_".contains(c));
    let plain = first_ok
        && text.chars().all(plain_chars)
        && !text.contains(": ")
        && !text.ends_with([' ', ':'])
        && !yaml_1_1
        && !numeric
        && yaml::plain(text) == Json::String(text.to_string());
    if plain {
        text.to_string()
    } else {
        json_string(text)
    }
}

fn write_yaml_map(entries: &[(String, Tree)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml_scalar(key, false));
        out.push(':');
        write_yaml_value(value, indent, indent + key.chars().count() + 2, out);
    }
}

/// A value after `key:` or `-`: on the same line when it fits, else as a block below.
fn write_yaml_value(value: &Tree, indent: usize, used: usize, out: &mut String) {
    if let Some(flow) = value.flow_yaml(false).filter(|flow| used + 1 + flow.chars().count() <= WIDTH || matches!(value, Tree::String(_))) {
        out.push(' ');
        out.push_str(&flow);
        out.push('\n');
        return;
    }
    if let Some((tag, argument)) = value.function() {
        out.push(' ');
        out.push_str(&tag);
        write_yaml_value(argument, indent, used + tag.len() + 1, out);
        return;
    }
    out.push('\n');
    match value {
        Tree::Map(entries) => write_yaml_map(entries, indent + 2, out),
        Tree::List(items) => {
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push('-');
                match item {
                    // The first key on the dash's line, the others below it.
                    Tree::Map(entries) if !entries.is_empty() && item.function().is_none() => {
                        let mut block = String::new();
                        write_yaml_map(entries, indent + 4, &mut block);
                        out.push(' ');
                        out.push_str(block.trim_start());
                    }
                    _ => write_yaml_value(item, indent + 2, indent + 3, out),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_scalars_read_back_as_written() {
        let strings = ["256", "true", "yes", "No", "null", "", " x", "a: b", "a #b", "x:", "-1", "0123", "arn:aws:kms:eu-west-1:1:key/a", "${A}", "é", "app:1"];
        let entries: Vec<(String, Tree)> = strings.iter().enumerate().map(|(i, s)| (format!("k{i}"), Tree::string(s))).collect();
        let list = Tree::List(strings.iter().map(|s| Tree::string(s)).collect());
        let tree = Tree::Map(vec![("m".into(), Tree::Map(entries)), ("l".into(), list)]);
        let parsed = yaml::parse(&tree.yaml(), 64).expect("valid YAML").value;
        let back = Tree::from_json(&parsed, "", &|_| (0, 0));
        assert_eq!(back.get("l"), tree.get("l"), "{}", tree.yaml());
        for (i, s) in strings.iter().enumerate() {
            assert_eq!(back.get("m").and_then(|m| m.get(&format!("k{i}"))), Some(&Tree::string(s)), "{}", tree.yaml());
        }
    }

    #[test]
    fn functions_take_their_short_form() {
        let function = |name: &str, argument: Tree| Tree::Map(vec![(name.to_string(), argument)]);
        let tree = Tree::map(vec![
            ("A", function("Ref", Tree::string("Key"))),
            ("B", function("Fn::GetAtt", Tree::List(vec![Tree::string("Role"), Tree::string("Arn")]))),
            ("C", function("Fn::Sub", Tree::string("${AWS::AccountId}.dkr.ecr"))),
            ("D", function("Fn::Join", Tree::List(vec![Tree::string(","), Tree::List(vec![function("Ref", Tree::string("X"))])]))),
        ]);
        let text = tree.yaml();
        assert_eq!(text, "A: !Ref Key\nB: !GetAtt Role.Arn\nC: !Sub \"${AWS::AccountId}.dkr.ecr\"\nD: !Join [\",\", [!Ref X]]");
        let parsed = yaml::parse(&text, 64).expect("valid YAML").value;
        assert_eq!(
            parsed,
            serde_json::json!({"A": {"Ref": "Key"}, "B": {"Fn::GetAtt": ["Role", "Arn"]}, "C": {"Fn::Sub": "${AWS::AccountId}.dkr.ecr"},
                "D": {"Fn::Join": [",", [{"Ref": "X"}]]}})
        );
    }

    #[test]
    fn json_breaks_only_what_does_not_fit() {
        let short = Tree::map(vec![("a", Tree::List(vec![Tree::Number("1".into())])), ("b", Tree::Bool(true))]);
        assert_eq!(short.json(), r#"{"a": [1], "b": true}"#);
        let long = Tree::map(vec![("k", Tree::string(&"x".repeat(120))), ("short", short.clone()), ("again", short)]);
        let expected = format!("{{\n  \"k\": \"{}\",\n  \"short\": {{\"a\": [1], \"b\": true}}, \"again\": {{\"a\": [1], \"b\": true}}\n}}", "x".repeat(120));
        assert_eq!(long.json(), expected);
        assert_eq!(long.compact_json().chars().filter(|c| *c == ' ').count(), 0);
    }
}
