//! YAML input (CloudFormation templates, task definitions for the deploy actions): parsed into the same JSON
//! value the JSON inputs give, with CloudFormation's short-form tags turned into their long forms, and the
//! position of every value recorded for line/column.
//!
//! Scalars follow the YAML 1.2 core schema (what the parser implements), except that a plain number with a
//! leading zero keeps its spelling as a string (`012345678901` is an account id, not 12345678901).
//! Anchors and aliases are expanded within a budget (a "billion laughs" text is an error, not an OOM);
//! nesting is bounded by the configured depth. Merge keys (`<<`) are an error, not silently a plain key:
//! CloudFormation has none.

use super::flow_indent::{self, Opener, Pads};
use super::locate::{PositionIndex, Shape};
use super::Location;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value as Json};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Values alias expansion may add, at least: a template's anchors are small, so more means an attack.
const MIN_ALIAS_BUDGET: usize = 100_000;

pub struct Parsed {
    pub value: Json,
    pub index: PositionIndex,
}

#[derive(Debug)]
pub struct YamlError {
    pub code: &'static str,
    pub message: String,
    pub location: Option<Location>,
}

/// Re-parsing one flow collection at a time (when indenting them all at once did not work) stops after this
/// much text in all.
const MAX_REINDENT_WORK: usize = 16 << 20;

pub fn parse(text: &str, max_depth: usize) -> Result<Parsed, YamlError> {
    let failure = match parse_once(text, max_depth, &Pads::new()) {
        Ok((parsed, _)) => return Ok(parsed),
        Err(failure) => failure,
    };
    let Some(mut opener) = failure.flow_opener else { return Err(failure.error) };
    // A flow collection sits at its key's indentation (see `flow_indent`): indent all that open at the end of
    // a line at once, kept if the parser confirms each is a flow collection…
    let mut pads = Pads::new();
    if let Some((indented, changed)) = flow_indent::all(text, &mut pads) {
        if let Ok((parsed, flow_openers)) = parse_once(&indented, max_depth, &pads) {
            if changed.iter().all(|opener| flow_openers.contains(opener)) {
                return Ok(parsed);
            }
        }
    }
    // …else one at a time, as the parser meets them.
    let (mut source, mut pads, mut error, mut work) = (Cow::Borrowed(text), Pads::new(), failure.error, 0usize);
    loop {
        work = work.saturating_add(source.len());
        let Some(indented) = flow_indent::one(&source, opener, &mut pads).filter(|_| work <= MAX_REINDENT_WORK) else { return Err(error) };
        source = Cow::Owned(indented);
        match parse_once(&source, max_depth, &pads) {
            Ok((parsed, _)) => return Ok(parsed),
            Err(Failure { error: next_error, flow_opener: Some(next) }) => (error, opener) = (next_error, next),
            Err(failure) => return Err(failure.error),
        }
    }
}

struct Failure {
    error: YamlError,
    /// On an indentation error inside a flow collection: where the outermost open one starts.
    flow_opener: Option<Opener>,
}

/// The document, and where its flow collections open (in `text`'s own coordinates).
fn parse_once(text: &str, max_depth: usize, pads: &Pads) -> Result<(Parsed, HashSet<Opener>), Failure> {
    let mut builder = Builder {
        frames: Vec::new(),
        anchors: HashMap::new(),
        index: PositionIndex::default(),
        expanded: 0,
        budget: MIN_ALIAS_BUDGET.max(text.len()),
        max_depth,
        root: None,
        flow_openers: HashSet::new(),
    };
    let plain = |error: YamlError| Failure { error, flow_opener: None };
    let mut documents = 0;
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(next) => next,
            Err(e) => {
                let indentation = e.info().starts_with("invalid indentation");
                return Err(Failure {
                    error: YamlError {
                        code: "invalid-yaml",
                        message: format!("not valid YAML: {}", e.info()),
                        location: Some(location(e.marker(), pads)),
                    },
                    flow_opener: builder.frames.iter().find_map(|f| f.flow_opener).filter(|_| indentation).map(|m| (m.line(), m.col())),
                });
            }
        };
        let at = location(&span.start, pads);
        // A flow collection starts with its one-character `[`/`{` token; a block one with an empty span.
        let flow_opener = (span.end.index() > span.start.index()).then_some(span.start);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(plain(builder.error("invalid-yaml", "the YAML text holds more than one document".into(), at)));
                }
            }
            Event::Scalar(value, style, anchor, tag) => builder.scalar(&value, style, anchor, tag.as_deref(), at).map_err(plain)?,
            Event::Alias(anchor) => builder.alias(anchor, at).map_err(plain)?,
            Event::SequenceStart(anchor, tag) => {
                builder.start(Container::List(Vec::new()), anchor, tag.as_deref(), at, flow_opener).map_err(plain)?;
            }
            Event::MappingStart(anchor, tag) => {
                builder.start(Container::Map(Map::new(), None), anchor, tag.as_deref(), at, flow_opener).map_err(plain)?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.end(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok((Parsed { value: builder.root.unwrap_or(Json::Null), index: builder.index }, builder.flow_openers))
}

fn location(marker: &Marker, pads: &Pads) -> Location {
    // The parser's lines are 1-based, its columns 0-based (in characters).
    let pad = pads.get(&marker.line()).copied().unwrap_or(0);
    let line = u32::try_from(marker.line()).unwrap_or(u32::MAX);
    let column = u32::try_from(marker.col().saturating_sub(pad)).unwrap_or(u32::MAX).saturating_add(1);
    Location { line, column }
}

enum Container {
    List(Vec<Json>),
    /// The map so far and the key waiting for its value (with where the key is).
    Map(Map<String, Json>, Option<(String, Location)>),
}

struct Frame {
    container: Container,
    /// The CloudFormation long form the node is wrapped in (`!If [...]` → `{"Fn::If": [...]}`).
    wrap: Option<String>,
    anchor: usize,
    /// Index entries to close when the node ends: the node, then its wrapper.
    entry: usize,
    wrapper_entry: Option<usize>,
    /// Values in this subtree (alias expansions included), the cost of a later alias to it.
    size: usize,
    /// Where a flow collection's `[`/`{` is; `None` for a block collection.
    flow_opener: Option<Marker>,
}

struct Builder {
    frames: Vec<Frame>,
    anchors: HashMap<usize, (Json, usize)>,
    index: PositionIndex,
    expanded: usize,
    budget: usize,
    max_depth: usize,
    root: Option<Json>,
    flow_openers: HashSet<Opener>,
}

impl Builder {
    fn error(&self, code: &'static str, message: String, at: Location) -> YamlError {
        YamlError { code, message, location: Some(at) }
    }

    /// A key scalar is taken by the map waiting for one; returns false when this is not a key.
    fn take_key(&mut self, key: &str, at: Location) -> bool {
        match self.frames.last_mut() {
            Some(Frame { container: Container::Map(_, pending @ None), .. }) => {
                *pending = Some((key.to_string(), at));
                true
            }
            _ => false,
        }
    }

    fn expects_key(&self) -> bool {
        matches!(self.frames.last(), Some(Frame { container: Container::Map(_, None), .. }))
    }

    /// Opens the index entries of a value starting at `at`: under its key in a map, and inside the wrapper
    /// map of a short-form tag, so `/Prop/Fn::If/1` resolves in YAML as in the long-form JSON.
    fn open_entries(&mut self, at: Location, shape: Shape, wrap: Option<&str>) -> (usize, Option<usize>) {
        let (key, key_at) = match self.frames.last() {
            Some(Frame { container: Container::Map(_, Some((key, key_at))), .. }) => (Some(key.as_str().into()), *key_at),
            _ => (None, at),
        };
        match wrap {
            Some(long) => {
                let wrapper = self.index.open(key, key_at, Shape::Map);
                (self.index.open(Some(long.into()), at, shape), Some(wrapper))
            }
            None => (self.index.open(key, key_at, shape), None),
        }
    }

    fn close_entries(&mut self, entry: usize, wrapper: Option<usize>) {
        self.index.close(entry);
        if let Some(wrapper) = wrapper {
            self.index.close(wrapper);
        }
    }

    fn scalar(&mut self, text: &str, style: ScalarStyle, anchor: usize, tag: Option<&Tag>, at: Location) -> Result<(), YamlError> {
        if self.expects_key() {
            // Read as a plain key, a merge would silently drop the keys it brings in (a `privileged: true`).
            if text == "<<" && style == ScalarStyle::Plain {
                return Err(self.error("unsupported-yaml", "merge keys (`<<`) are not supported: write the keys out".into(), at));
            }
            if anchor != 0 {
                self.anchors.insert(anchor, (Json::String(text.to_string()), 1));
            }
            self.take_key(text, at);
            return Ok(());
        }
        let wrap = tag.and_then(long_form);
        let value = match (&wrap, tag) {
            (Some(long), _) => wrap_value(long, short_form_argument(long, text)),
            (None, Some(tag)) if tag.is_yaml_core_schema() => core_tagged(text, &tag.suffix),
            _ if style == ScalarStyle::Plain => plain(text),
            _ => Json::String(text.to_string()),
        };
        let (entry, wrapper) = self.open_entries(at, Shape::Scalar, wrap.as_deref());
        self.close_entries(entry, wrapper);
        self.complete(value, 1, anchor);
        Ok(())
    }

    fn alias(&mut self, anchor: usize, at: Location) -> Result<(), YamlError> {
        let Some((value, size)) = self.anchors.get(&anchor) else {
            return Err(self.error("invalid-yaml", "an alias refers to an anchor that is not defined before it".into(), at));
        };
        self.expanded = self.expanded.saturating_add(*size);
        if self.expanded > self.budget {
            return Err(self.error(
                "too-many-aliases",
                format!("YAML aliases expand to more than {} values; the text is rejected as an alias bomb", self.budget),
                at,
            ));
        }
        let (value, size) = (value.clone(), *size);
        if self.expects_key() {
            let Json::String(key) = value else {
                return Err(self.error("unsupported-yaml", "a mapping key must be a string".into(), at));
            };
            self.take_key(&key, at);
            return Ok(());
        }
        // Pointers below an alias land on the alias: that is where the user wrote it.
        let (entry, wrapper) = self.open_entries(at, Shape::Scalar, None);
        self.close_entries(entry, wrapper);
        self.complete(value, size, 0);
        Ok(())
    }

    fn start(&mut self, container: Container, anchor: usize, tag: Option<&Tag>, at: Location, flow_opener: Option<Marker>) -> Result<(), YamlError> {
        if self.expects_key() {
            return Err(self.error("unsupported-yaml", "a mapping key must be a string, not a list or a map".into(), at));
        }
        if self.frames.len() >= self.max_depth {
            return Err(self.error("too-deep", format!("the input nests more than {} levels deep", self.max_depth), at));
        }
        let wrap = tag.and_then(long_form);
        let shape = if matches!(container, Container::List(_)) { Shape::List } else { Shape::Map };
        let (entry, wrapper_entry) = self.open_entries(at, shape, wrap.as_deref());
        if let Some(marker) = flow_opener {
            self.flow_openers.insert((marker.line(), marker.col()));
        }
        self.frames.push(Frame { container, wrap, anchor, entry, wrapper_entry, size: 1, flow_opener });
        Ok(())
    }

    fn end(&mut self) {
        let Some(frame) = self.frames.pop() else { return };
        self.close_entries(frame.entry, frame.wrapper_entry);
        let value = match frame.container {
            Container::List(items) => Json::Array(items),
            Container::Map(map, _) => Json::Object(map),
        };
        let value = match &frame.wrap {
            Some(long) => wrap_value(long, value),
            None => value,
        };
        self.complete(value, frame.size, frame.anchor);
    }

    /// A finished value goes into its parent (or becomes the document).
    fn complete(&mut self, value: Json, size: usize, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
        match self.frames.last_mut() {
            Some(parent) => {
                parent.size = parent.size.saturating_add(size);
                match &mut parent.container {
                    Container::List(items) => items.push(value),
                    Container::Map(map, pending) => {
                        if let Some((key, _)) = pending.take() {
                            map.insert(key, value);
                        }
                    }
                }
            }
            None => self.root = Some(value),
        }
    }
}

/// CloudFormation short forms: `!Ref` → `Ref`, `!Condition` → `Condition`, any other `!Foo` → `Fn::Foo`.
fn long_form(tag: &Tag) -> Option<String> {
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

fn wrap_value(long: &str, value: Json) -> Json {
    let mut map = Map::new();
    map.insert(long.to_string(), value);
    Json::Object(map)
}

/// A tagged scalar is a string (no implicit typing), except `!GetAtt Res.Attr`, the dotted form of
/// `[Res, Attr]` (the attribute may itself hold dots: `Db.Endpoint.Address`).
fn short_form_argument(long: &str, text: &str) -> Json {
    match text.split_once('.') {
        Some((resource, attribute)) if long == "Fn::GetAtt" => {
            Json::Array(vec![Json::String(resource.to_string()), Json::String(attribute.to_string())])
        }
        _ => Json::String(text.to_string()),
    }
}

fn core_tagged(text: &str, suffix: &str) -> Json {
    match suffix {
        "str" => Json::String(text.to_string()),
        "null" => Json::Null,
        "bool" => match text {
            "true" | "True" | "TRUE" => Json::Bool(true),
            "false" | "False" | "FALSE" => Json::Bool(false),
            _ => Json::String(text.to_string()),
        },
        "int" | "float" => number(text).unwrap_or_else(|| Json::String(text.to_string())),
        _ => plain(text),
    }
}

/// An untagged plain scalar, typed by the YAML 1.2 core schema.
pub(crate) fn plain(text: &str) -> Json {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Json::Null,
        "true" | "True" | "TRUE" => Json::Bool(true),
        "false" | "False" | "FALSE" => Json::Bool(false),
        _ => number(text).unwrap_or_else(|| Json::String(text.to_string())),
    }
}

fn number(text: &str) -> Option<Json> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let first = unsigned.bytes().next()?;
    if !(first.is_ascii_digit() || first == b'.') {
        return None;
    }
    // A leading zero keeps the spelling: account ids, file modes.
    if unsigned.len() > 1 && first == b'0' && !unsigned.starts_with("0.") {
        return None;
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().map(Json::from).or_else(|| text.parse::<u64>().ok().map(Json::from));
    }
    if !unsigned.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+')) {
        return None;
    }
    crate::number::parse(text).and_then(Number::from_f64).map(Json::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(text: &str) -> Json {
        parse(text, 64).expect("valid YAML").value
    }

    #[test]
    fn short_forms_become_long_forms() {
        let text = "a: !Ref X\nb: !GetAtt Db.Endpoint.Address\nc: !If [Cond, !Sub '${A}', !Ref AWS::NoValue]\n\
                    d: !Condition IsProd\ne: !GetAZs ''\nf: !Join\n  - ','\n  - [x, !Select [0, !Split [',', 'p,q']]]\n";
        assert_eq!(
            value(text),
            json!({
                "a": {"Ref": "X"},
                "b": {"Fn::GetAtt": ["Db", "Endpoint.Address"]},
                "c": {"Fn::If": ["Cond", {"Fn::Sub": "${A}"}, {"Ref": "AWS::NoValue"}]},
                "d": {"Condition": "IsProd"},
                "e": {"Fn::GetAZs": ""},
                "f": {"Fn::Join": [",", ["x", {"Fn::Select": [0, {"Fn::Split": [",", "p,q"]}]}]]}
            })
        );
    }

    #[test]
    fn scalars_follow_the_core_schema_but_keep_leading_zeros() {
        let text = "a: 256\nb: '256'\nc: false\nd: ~\ne: 012345678901\nf: 1.5\ng: 1.4.0\nh: !!str 5\ni: yes\nj:\nk: .inf\n";
        assert_eq!(
            value(text),
            json!({"a": 256, "b": "256", "c": false, "d": null, "e": "012345678901", "f": 1.5, "g": "1.4.0", "h": "5", "i": "yes", "j": null, "k": ".inf"})
        );
    }

    #[test]
    fn aliases_expand_within_a_budget() {
        assert_eq!(value("a: &x {b: 1}\nc: *x\n"), json!({"a": {"b": 1}, "c": {"b": 1}}));
        let mut bomb = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = level - 1;
            bomb.push_str(&format!("l{level}: &l{level} [*l{previous}, *l{previous}, *l{previous}, *l{previous}, *l{previous}, *l{previous}, *l{previous}, *l{previous}, *l{previous}, *l{previous}]\n"));
        }
        let error = parse(&bomb, 64).err().expect("rejected");
        assert_eq!(error.code, "too-many-aliases");
    }

    #[test]
    fn depth_is_bounded_without_recursion() {
        let deep: String = (0..300).map(|i| format!("{}- \n", "  ".repeat(i))).collect();
        assert_eq!(parse(&deep, 256).err().map(|e| e.code), Some("too-deep"));
    }

    #[test]
    fn errors_have_positions() {
        let error = parse("a: [1, 2\nb: 3\n", 64).err().expect("invalid");
        assert_eq!(error.code, "invalid-yaml");
        assert!(error.location.is_some());
        assert_eq!(parse("a: 1\n---\nb: 2\n", 64).err().map(|e| e.code), Some("invalid-yaml"));
        assert_eq!(parse("? [a]\n: 1\n", 64).err().map(|e| e.code), Some("unsupported-yaml"));
    }

    #[test]
    fn flow_collections_at_their_keys_indentation_read_as_libyaml_reads_them() {
        let text = "S:\n  - Sid: x\n    Action: [\n      \"a\", 'it''s]',\n    ]\n    R: {\n    x: [1,\n  2]\n    }\n";
        let parsed = parse(text, 64).expect("read");
        assert_eq!(parsed.value, json!({"S": [{"Sid": "x", "Action": ["a", "it's]"], "R": {"x": [1, 2]}}]}));
        // Positions are the user's, not the re-indented text's.
        let at = |line, column| Some(Location { line, column });
        assert_eq!(parsed.index.locate("", "/S/0/Action/1"), at(4, 12));
        assert_eq!(parsed.index.locate("", "/S/0/R/x"), at(7, 5));
        assert_eq!(parsed.index.locate("", "/S/0/R/x/1"), at(8, 3));
        // A collection that does not open at a line's end is found by the parser, one at a time.
        assert_eq!(parse("a: [1,\n2]\nb: {c: 1,\nd: 2}\n", 64).expect("read").value, json!({"a": [1, 2], "b": {"c": 1, "d": 2}}));
        // Block indentation is still checked.
        assert_eq!(parse("a:\n  b: 1\n c: 2\n", 64).err().map(|e| e.code), Some("invalid-yaml"));
    }

    #[test]
    fn positions_cover_keys_tags_and_aliases() {
        let text = "Resources:\r\n  \"a/b\":\r\n    P: !If [C, 1, 2]\r\n    Q: &q [x]\r\n    R: *q\r\n    S: !Ref X\r\n";
        let index = parse(text, 64).expect("valid").index;
        let at = |line, column| Some(Location { line, column });
        assert_eq!(index.locate("", "/Resources"), at(1, 1));
        assert_eq!(index.locate("", "/Resources/a~1b"), at(2, 3));
        assert_eq!(index.locate("", "/Resources/a~1b/P"), at(3, 5));
        assert_eq!(index.locate("", "/Resources/a~1b/P/Fn::If"), at(3, 12));
        assert_eq!(index.locate("", "/Resources/a~1b/P/Fn::If/2"), at(3, 19));
        assert_eq!(index.locate("", "/Resources/a~1b/Q/0"), at(4, 12));
        assert_eq!(index.locate("", "/Resources/a~1b/R/0"), at(5, 5));
        assert_eq!(index.locate("", "/Resources/a~1b/S/Ref"), at(6, 13));
    }
}
