//! Line and column of a JSON Pointer in the user's text.
//!
//! A [`PositionIndex`] is a flat pre-order list of the document's values, each with the position of its key (or
//! of the value itself inside a list) and the index just past its subtree, so a pointer is resolved by hopping
//! over siblings. YAML fills it while parsing; JSON builds it lazily, by one scan of the text, only for a
//! document that has findings.

use super::Location;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Scalar,
    Map,
    List,
}

#[derive(Debug)]
struct Entry {
    /// The key under which the value sits in its parent map; `None` in a list and at the root.
    key: Key,
    /// Where the key starts (or the value, when there is no key).
    at: Position,
    shape: Shape,
    /// Index just past this entry's subtree: its next sibling.
    end: u32,
}

/// JSON keys stay in the text (a document has many keys and few findings); YAML hands them over decoded.
#[derive(Debug)]
enum Key {
    None,
    Owned(Box<str>),
    /// The bytes between the quotes; `escaped` when they hold a backslash escape and must be decoded to compare.
    InText { start: u32, end: u32, escaped: bool },
}

/// YAML positions come from the parser; JSON ones are byte offsets, turned into line and column only for
/// the few values a finding points at.
#[derive(Debug, Clone, Copy)]
enum Position {
    At(Location),
    Offset(u32),
}

#[derive(Debug, Default)]
pub struct PositionIndex {
    entries: Vec<Entry>,
    /// Byte offsets where lines start (JSON only; YAML positions are already lines and columns).
    line_starts: Vec<u32>,
    /// Characters before each [`CHAR_STEP`]-byte block of a non-ASCII JSON text: a column on a long line (a
    /// Terraform plan is one line) is counted from the nearest block, not from the line's start.
    char_marks: Vec<u32>,
    /// Child tables of large lists and maps, built on their first lookup: a report on each of a million
    /// containers resolves each pointer in constant time instead of walking the siblings before it.
    tables: RefCell<HashMap<usize, Table>>,
}

const CHAR_STEP: usize = 512;

/// Characters that start in `bytes` (UTF-8 continuation bytes belong to the character before them).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Characters before each [`CHAR_STEP`]-byte block.
fn char_marks(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks(CHAR_STEP)
        .scan(0, |counted, block| {
            let before = *counted;
            *counted += count_chars(block);
            Some(offset(before))
        })
        .collect()
}

/// Containers with fewer children are walked; a table would cost more than it saves.
const TABLE_FROM: usize = 32;

#[derive(Debug)]
enum Table {
    List(Vec<usize>),
    /// The last duplicate wins, as in the parsers.
    Map(HashMap<Box<str>, usize>),
}

fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl PositionIndex {
    /// Starts a value; [`PositionIndex::close`] ends it once its children are added.
    pub(crate) fn open(&mut self, key: Option<Box<str>>, at: Location, shape: Shape) -> usize {
        self.push(key.map_or(Key::None, Key::Owned), Position::At(at), shape)
    }

    fn push(&mut self, key: Key, at: Position, shape: Shape) -> usize {
        let index = self.entries.len();
        self.entries.push(Entry { key, at, shape, end: 0 });
        index
    }

    pub(crate) fn close(&mut self, index: usize) {
        let end = offset(self.entries.len());
        if let Some(entry) = self.entries.get_mut(index) {
            entry.end = end;
        }
    }

    /// The position of the deepest value on `pointer`'s path that exists in the text: a pointer into a value
    /// the adapter derived (a parameter default, a split string) lands on what the user wrote. `text` is the
    /// indexed JSON text (unused for YAML).
    pub fn locate(&self, text: &str, pointer: &str) -> Option<Location> {
        let mut current = 0;
        for raw in pointer.split('/').skip(1) {
            let segment = if raw.contains('~') { Cow::Owned(raw.replace("~1", "/").replace("~0", "~")) } else { Cow::Borrowed(raw) };
            match self.child(text, current, &segment) {
                Some(child) => current = child,
                None => break,
            }
        }
        self.entries.get(current).map(|e| self.location(text, e.at))
    }

    fn location(&self, text: &str, at: Position) -> Location {
        match at {
            Position::At(location) => location,
            Position::Offset(at) => {
                let line = self.line_starts.partition_point(|&start| start <= at);
                let start = line.checked_sub(1).and_then(|i| self.line_starts.get(i)).copied().unwrap_or(0);
                let column = self.chars_before(text, at as usize).saturating_sub(self.chars_before(text, start as usize)) + 1;
                Location { line: offset(line), column: offset(column) }
            }
        }
    }

    fn chars_before(&self, text: &str, at: usize) -> usize {
        // An ASCII text (most are) has as many characters as bytes; no marks were kept for it.
        if self.char_marks.is_empty() {
            return at;
        }
        let block = at / CHAR_STEP;
        let counted = self.char_marks.get(block).map_or(0, |&n| n as usize);
        counted + text.as_bytes().get(block * CHAR_STEP..at).map_or(0, count_chars)
    }

    fn key<'t>(&'t self, text: &'t str, entry: &'t Entry) -> Option<Cow<'t, str>> {
        match &entry.key {
            Key::None => None,
            Key::Owned(key) => Some(Cow::Borrowed(key)),
            Key::InText { start, end, escaped: false } => text.get(*start as usize..*end as usize).map(Cow::Borrowed),
            Key::InText { start, end, escaped: true } => {
                let quoted = text.get((*start as usize).saturating_sub(1)..*end as usize + 1)?;
                match serde_json::from_str(quoted) {
                    // Through `Value`: a typed `String` would link serde's float printing for its error text.
                    Ok(serde_json::Value::String(key)) => Some(Cow::Owned(key)),
                    _ => None,
                }
            }
        }
    }

    fn next_sibling(&self, index: usize) -> usize {
        // An unclosed entry (never the case for a finished index) still moves forward.
        self.entries.get(index).map_or(index + 1, |e| (e.end as usize).max(index + 1))
    }

    fn child(&self, text: &str, parent: usize, segment: &str) -> Option<usize> {
        let entry = self.entries.get(parent)?;
        if entry.shape == Shape::Scalar {
            return None;
        }
        if let Some(table) = self.tables.borrow().get(&parent) {
            return match table {
                Table::List(items) => items.get(segment.parse::<usize>().ok()?).copied(),
                Table::Map(keys) => keys.get(segment).copied(),
            };
        }
        let position = match entry.shape {
            Shape::List => Some(segment.parse::<usize>().ok()?),
            _ => None,
        };
        let end = entry.end as usize;
        let (mut found, mut count, mut at) = (None, 0, parent + 1);
        while at < end {
            let hit = match position {
                Some(position) => count == position,
                None => self.entries.get(at).and_then(|e| self.key(text, e)).is_some_and(|key| key == segment),
            };
            if hit {
                found = Some(at);
            }
            count += 1;
            at = self.next_sibling(at);
        }
        if count >= TABLE_FROM {
            let children = self.children(parent);
            let table = match entry.shape {
                Shape::List => Table::List(children),
                _ => Table::Map(
                    children
                        .into_iter()
                        .filter_map(|at| Some((self.key(text, self.entries.get(at)?)?.into_owned().into_boxed_str(), at)))
                        .collect(),
                ),
            };
            self.tables.borrow_mut().insert(parent, table);
        }
        found
    }

    /// The entries of a container's children, in order.
    fn children(&self, parent: usize) -> Vec<usize> {
        let end = self.entries.get(parent).map_or(0, |e| e.end as usize);
        let mut children = Vec::new();
        let mut at = parent + 1;
        while at < end {
            children.push(at);
            at = self.next_sibling(at);
        }
        children
    }
}

/// Reads a JSON text already known to be valid (one value, or one value per line when `lines`, addressed as a
/// list). Iterative: nesting costs heap, not stack. Records byte offsets and key ranges only: no allocation
/// per value, no line counting per byte.
pub fn index_json(text: &str, lines: bool) -> PositionIndex {
    let bytes = text.as_bytes();
    let mut index = PositionIndex {
        // ~1 value per 16 bytes of pretty JSON: one allocation instead of a dozen growths and copies.
        entries: Vec::with_capacity(bytes.len() / 16),
        line_starts: std::iter::once(0).chain(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| offset(i + 1))).collect(),
        char_marks: if text.is_ascii() { Vec::new() } else { char_marks(bytes) },
        ..PositionIndex::default()
    };

    // Open containers: entry index, and whether it is a map (its strings alternate key, value).
    let mut open: Vec<(usize, bool)> = Vec::new();
    if lines {
        open.push((index.push(Key::None, Position::Offset(0), Shape::List), false));
    }
    let mut pending_key: Option<(Key, u32)> = None;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let here = offset(at);
        let place = |pending: &mut Option<(Key, u32)>| pending.take().map_or((Key::None, Position::Offset(here)), |(k, at)| (k, Position::Offset(at)));
        match byte {
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' => at += 1,
            b'{' | b'[' => {
                let (key, position) = place(&mut pending_key);
                let shape = if byte == b'{' { Shape::Map } else { Shape::List };
                open.push((index.push(key, position, shape), byte == b'{'));
                at += 1;
            }
            b'}' | b']' => {
                at += 1;
                if let Some((entry, _)) = open.pop() {
                    index.close(entry);
                }
                if open.is_empty() {
                    break;
                }
            }
            b'"' => {
                let (end, escaped) = string_end(bytes, at + 1);
                let in_map = open.last().is_some_and(|(_, map)| *map);
                if in_map && pending_key.is_none() {
                    pending_key = Some((Key::InText { start: offset(at + 1), end: offset(end), escaped }, here));
                } else {
                    let (key, position) = place(&mut pending_key);
                    let entry = index.push(key, position, Shape::Scalar);
                    index.close(entry);
                }
                at = end + 1;
            }
            _ => {
                while bytes.get(at).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')) {
                    at += 1;
                }
                let (key, position) = place(&mut pending_key);
                let entry = index.push(key, position, Shape::Scalar);
                index.close(entry);
                if open.is_empty() {
                    break;
                }
            }
        }
    }
    while let Some((entry, _)) = open.pop() {
        index.close(entry);
    }
    index
}

/// The offset of the closing quote of a string whose contents start at `from`, and whether it has escapes.
fn string_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut escaped = false;
    let mut at = from;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => return (at, escaped),
            b'\\' => {
                escaped = true;
                at += 2;
            }
            _ => at += 1,
        }
    }
    (bytes.len(), escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Option<Location> {
        Some(Location { line, column })
    }

    #[test]
    fn json_pointers_resolve_to_keys_and_list_items() {
        let text = "{\r\n  \"a/b\": {\"x~y\": [1, {\"é\": \"\\\"q\"}, 3]},\r\n  \"c\": null, \"a/b\": {\"z\": true}\r\n}";
        let index = index_json(text, false);
        assert_eq!(index.locate(text, ""), at(1, 1));
        // The duplicate key: the later one wins, as in serde_json.
        assert_eq!(index.locate(text, "/a~1b"), at(3, 14));
        assert_eq!(index.locate(text, "/a~1b/z"), at(3, 22));
        assert_eq!(index.locate(text, "/c"), at(3, 3));
        // A path below a missing key lands on the deepest value that exists.
        assert_eq!(index.locate(text, "/c/missing/0"), at(3, 3));
        let first_text = "{\"a/b\": {\"x~y\": [1, {\"é\": \"\\\"q\"}, 3]}}";
        let first = index_json(first_text, false);
        assert_eq!(first.locate(first_text, "/a~1b/x~0y/1"), at(1, 21));
        assert_eq!(first.locate(first_text, "/a~1b/x~0y/1/é"), at(1, 22));
        assert_eq!(first.locate(first_text, "/a~1b/x~0y/2"), at(1, 35));
        assert_eq!(first.locate(first_text, "/a~1b/x~0y/7"), at(1, 10));
    }

    #[test]
    fn json_lines_are_a_list() {
        let text = "{\"a\": 1}\n\n  {\"b\": [true]}\n";
        let index = index_json(text, true);
        assert_eq!(index.locate(text, "/1/b/0"), at(3, 10));
        assert_eq!(index.locate(text, "/0/a"), at(1, 2));
    }

    #[test]
    fn escaped_keys_and_large_containers_resolve() {
        // 40 keys (a table is built) with escapes in some, and a multi-byte character before a value.
        let keys: Vec<String> = (0..40).map(|i| format!("\"k\\u0041{i}\": {i}")).collect();
        let text = format!("{{\"é\": 1,\n {},\n \"q\\\"x\": [{}]}}", keys.join(", "), (0..40).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
        let index = index_json(&text, false);
        assert_eq!(index.locate(&text, "/kA0"), at(2, 2));
        assert!(index.locate(&text, "/kA39").is_some_and(|l| l.line == 2 && l.column > 400));
        assert_eq!(index.locate(&text, "/q\"x"), at(3, 2));
        assert_eq!(index.locate(&text, "/q\"x/39"), at(3, 118));
        assert_eq!(index.locate(&text, "/é"), at(1, 2));
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_blocks() {
        // One line of ~3 blocks with multi-byte characters before the value (a Terraform plan is one line).
        let text = format!("{{\"a\": \"{}\", \"b\": 1}}", "é".repeat(5000));
        let index = index_json(&text, false);
        assert_eq!(index.locate(&text, "/b"), at(1, 5000 + 11));
    }
}
