//! Line and column of a JSON Pointer in the user's text.
//!
//! A [`PositionIndex`] is a flat pre-order list of the document's values, each with the position of its key (or
//! of the value itself inside a list) and the index just past its subtree, so a pointer is resolved by hopping
//! over siblings. YAML fills it while parsing; JSON builds it lazily, by one scan of the text, only for a
//! document that has findings.

use super::Location;
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
    key: Option<Box<str>>,
    /// Where the key starts (or the value, when there is no key).
    at: Location,
    shape: Shape,
    /// Index just past this entry's subtree: its next sibling.
    end: u32,
}

#[derive(Debug, Default)]
pub struct PositionIndex {
    entries: Vec<Entry>,
    /// Direct lookup tables for containers with many children (the `Resources` map of a large template, the
    /// array of a request list): without them every finding hops over all siblings, quadratic in the size.
    wide: HashMap<u32, Children>,
}

/// Children of one wide container: list items by position, or map keys (the last duplicate wins).
#[derive(Debug)]
enum Children {
    List(Vec<u32>),
    Map(HashMap<Box<str>, u32>),
}

/// Containers with more children than this get a lookup table; below it a scan is as fast.
const WIDE: usize = 16;

impl PositionIndex {
    /// Starts a value; [`PositionIndex::close`] ends it once its children are added.
    pub(crate) fn open(&mut self, key: Option<Box<str>>, at: Location, shape: Shape) -> usize {
        let index = self.entries.len();
        self.entries.push(Entry { key, at, shape, end: 0 });
        index
    }

    pub(crate) fn close(&mut self, index: usize) {
        let end = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let Some(entry) = self.entries.get_mut(index) else { return };
        entry.end = end;
        let shape = entry.shape;
        // Children are closed before their parent, so their `end`s are known: one hop per child.
        if shape == Shape::Scalar || (end as usize).saturating_sub(index + 1) <= WIDE {
            return;
        }
        let mut children = Vec::new();
        let mut at = index + 1;
        while at < end as usize {
            children.push(at);
            at = self.next_sibling(at);
        }
        if children.len() <= WIDE {
            return;
        }
        let table = match shape {
            Shape::List => Children::List(children.iter().map(|&c| u32::try_from(c).unwrap_or(u32::MAX)).collect()),
            _ => Children::Map(
                children
                    .iter()
                    .filter_map(|&c| Some((self.entries.get(c)?.key.clone()?, u32::try_from(c).unwrap_or(u32::MAX))))
                    .collect(),
            ),
        };
        self.wide.insert(u32::try_from(index).unwrap_or(u32::MAX), table);
    }

    pub(crate) fn leaf(&mut self, key: Option<Box<str>>, at: Location) {
        let index = self.open(key, at, Shape::Scalar);
        self.close(index);
    }

    /// The position of the deepest value on `pointer`'s path that exists in the text: a pointer into a value
    /// the adapter derived (a parameter default, a split string) lands on what the user wrote.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut current = 0;
        for raw in pointer.split('/').skip(1) {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            match self.child(current, &segment) {
                Some(child) => current = child,
                None => break,
            }
        }
        self.entries.get(current).map(|e| e.at)
    }

    fn next_sibling(&self, index: usize) -> usize {
        // An unclosed entry (never the case for a finished index) still moves forward.
        self.entries.get(index).map_or(index + 1, |e| (e.end as usize).max(index + 1))
    }

    fn child(&self, parent: usize, segment: &str) -> Option<usize> {
        let entry = self.entries.get(parent)?;
        match self.wide.get(&u32::try_from(parent).ok()?) {
            Some(Children::List(items)) => return segment.parse::<usize>().ok().and_then(|i| items.get(i)).map(|&c| c as usize),
            Some(Children::Map(keys)) => return keys.get(segment).map(|&c| c as usize),
            None => {}
        }
        let end = entry.end as usize;
        let mut at = parent + 1;
        match entry.shape {
            Shape::Scalar => None,
            Shape::List => {
                let wanted: usize = segment.parse().ok()?;
                let mut position = 0;
                while at < end {
                    if position == wanted {
                        return Some(at);
                    }
                    position += 1;
                    at = self.next_sibling(at);
                }
                None
            }
            Shape::Map => {
                // The last duplicate wins, as in the parsers.
                let mut found = None;
                while at < end {
                    if self.entries.get(at).and_then(|e| e.key.as_deref()) == Some(segment) {
                        found = Some(at);
                    }
                    at = self.next_sibling(at);
                }
                found
            }
        }
    }
}

/// Reads a JSON text already known to be valid (one value, or one value per line when `lines`, addressed as a
/// list). Iterative: nesting costs heap, not stack.
pub fn index_json(text: &str, lines: bool) -> PositionIndex {
    let mut cursor = Cursor { text, position: 0, line: 1, column: 1 };
    let mut index = PositionIndex::default();
    let mut open: Vec<usize> = Vec::new();
    if lines {
        open.push(index.open(None, Location { line: 1, column: 1 }, Shape::List));
    }
    let mut pending_key: Option<(Box<str>, Location)> = None;
    while let Some(byte) = cursor.skip_blanks() {
        let here = cursor.location();
        let in_map = open.last().and_then(|&i| index.entries.get(i)).is_some_and(|e| e.shape == Shape::Map);
        match byte {
            b'{' | b'[' => {
                let shape = if byte == b'{' { Shape::Map } else { Shape::List };
                let (key, at) = pending_key.take().map_or((None, here), |(k, at)| (Some(k), at));
                open.push(index.open(key, at, shape));
                cursor.bump();
            }
            b'}' | b']' => {
                cursor.bump();
                if let Some(entry) = open.pop() {
                    index.close(entry);
                }
                if open.is_empty() {
                    break;
                }
            }
            b',' | b':' => cursor.bump(),
            b'"' => {
                let text = cursor.string();
                if in_map && pending_key.is_none() {
                    pending_key = Some((text.into(), here));
                } else {
                    let (key, at) = pending_key.take().map_or((None, here), |(k, at)| (Some(k), at));
                    index.leaf(key, at);
                }
            }
            _ => {
                cursor.literal();
                let (key, at) = pending_key.take().map_or((None, here), |(k, at)| (Some(k), at));
                index.leaf(key, at);
                if open.is_empty() {
                    break;
                }
            }
        }
    }
    while let Some(entry) = open.pop() {
        index.close(entry);
    }
    index
}

struct Cursor<'t> {
    text: &'t str,
    position: usize,
    line: u32,
    /// In Unicode scalar values, 1-based.
    column: u32,
}

impl Cursor<'_> {
    fn location(&self) -> Location {
        Location { line: self.line, column: self.column }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.position).copied()
    }

    fn bump(&mut self) {
        let Some(byte) = self.peek() else { return };
        self.position += 1;
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            // Continuation bytes belong to the character already counted.
            self.column += 1;
        }
    }

    fn skip_blanks(&mut self) -> Option<u8> {
        while let Some(byte) = self.peek() {
            if !matches!(byte, b' ' | b'\t' | b'\r' | b'\n') {
                return Some(byte);
            }
            self.bump();
        }
        None
    }

    /// A string token at the cursor, decoded.
    fn string(&mut self) -> String {
        let start = self.position;
        self.bump();
        let mut escaped = false;
        let mut has_escapes = false;
        while let Some(byte) = self.peek() {
            self.bump();
            match byte {
                _ if escaped => escaped = false,
                b'\\' => {
                    escaped = true;
                    has_escapes = true;
                }
                b'"' => break,
                _ => {}
            }
        }
        let raw = self.text.get(start..self.position).unwrap_or_default();
        if has_escapes {
            serde_json::from_str(raw).unwrap_or_default()
        } else {
            raw.trim_matches('"').to_string()
        }
    }

    /// A number, `true`, `false` or `null`.
    fn literal(&mut self) {
        while let Some(byte) = self.peek() {
            if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                break;
            }
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Option<Location> {
        Some(Location { line, column })
    }

    #[test]
    fn wide_containers_resolve_through_their_tables() {
        // 40 list items and 40 keys, one of them duplicated: above the table threshold.
        let items: Vec<String> = (0..40).map(|i| format!("{{\"k\": {i}}}")).collect();
        let keys: Vec<String> = (0..40).map(|i| format!("\"r{i}\": [{i}]")).collect();
        let text = format!("{{\"list\": [\n{}\n],\n\"map\": {{\n{},\n\"r7\": {{\"again\": 1}}\n}}}}", items.join(",\n"), keys.join(",\n"));
        let index = index_json(&text, false);
        assert_eq!(index.wide.len(), 2);
        let mut scan = index_json(&text, false);
        scan.wide.clear();
        for pointer in ["/list/0/k", "/list/39", "/list/40", "/list/x", "/map/r0", "/map/r39/0", "/map/r7/again", "/map/nope"] {
            assert_eq!(index.locate(pointer), scan.locate(pointer), "{pointer}");
        }
        assert_eq!(index.locate("/list/39"), at(41, 1));
        // The later duplicate wins, as in the scan.
        assert_eq!(index.locate("/map/r7/again"), at(84, 8));
    }

    #[test]
    fn json_pointers_resolve_to_keys_and_list_items() {
        let text = "{\r\n  \"a/b\": {\"x~y\": [1, {\"é\": \"\\\"q\"}, 3]},\r\n  \"c\": null, \"a/b\": {\"z\": true}\r\n}";
        let index = index_json(text, false);
        assert_eq!(index.locate(""), at(1, 1));
        // The duplicate key: the later one wins, as in serde_json.
        assert_eq!(index.locate("/a~1b"), at(3, 14));
        assert_eq!(index.locate("/a~1b/z"), at(3, 22));
        assert_eq!(index.locate("/c"), at(3, 3));
        // A path below a missing key lands on the deepest value that exists.
        assert_eq!(index.locate("/c/missing/0"), at(3, 3));
        let first = index_json("{\"a/b\": {\"x~y\": [1, {\"é\": \"\\\"q\"}, 3]}}", false);
        assert_eq!(first.locate("/a~1b/x~0y/1"), at(1, 21));
        assert_eq!(first.locate("/a~1b/x~0y/1/é"), at(1, 22));
        assert_eq!(first.locate("/a~1b/x~0y/2"), at(1, 35));
        assert_eq!(first.locate("/a~1b/x~0y/7"), at(1, 10));
    }

    #[test]
    fn json_lines_are_a_list() {
        let index = index_json("{\"a\": 1}\n\n  {\"b\": [true]}\n", true);
        assert_eq!(index.locate("/1/b/0"), at(3, 10));
        assert_eq!(index.locate("/0/a"), at(1, 2));
    }
}
