//! Input limits: enforced before parsing, so a huge or hostile document is a clear error, not an OOM or
//! a stack overflow.
//!
//! Depth is checked by a linear pre-scan before any parser runs; the parsers and converters then recurse at
//! most that deep. serde_json's own recursion limit (128) is therefore lifted ([`parse_json`]), so documents
//! up to the configured depth read, and nothing deeper reaches a parser. The configured depth itself is
//! capped ([`MAX_DEPTH_CEILING`]): recursion to that depth must fit in the smallest stack we run on (1 MiB,
//! WebAssembly's default).

use serde::Deserialize;
use serde_json::Value as Json;

/// Highest `maxDepth` a configuration may set; deeper nesting would risk the stack.
pub const MAX_DEPTH_CEILING: usize = 1000;

/// Read from a configuration's `limits` by `config.rs` (which checks `maxDepth` against the ceiling).
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest accepted input in bytes (default 64 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays/objects (default 256, at most [`MAX_DEPTH_CEILING`]).
    pub max_depth: usize,
    /// Most findings one validation reports (default 10 000); past it the report says it is incomplete.
    pub max_findings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 64 * 1024 * 1024, max_depth: 256, max_findings: 10_000 }
    }
}

impl Limits {
    pub fn check_text(&self, text: &str) -> Result<(), (&'static str, String)> {
        if text.len() > self.max_bytes {
            return Err(("too-large", format!("the input is {} bytes; the limit is {} bytes", text.len(), self.max_bytes)));
        }
        let depth = nesting_depth(text);
        if depth > self.max_depth {
            return Err(("too-deep", format!("the input nests {depth} levels deep; the limit is {}", self.max_depth)));
        }
        Ok(())
    }
}

/// Longest identifier (resource name or address) a report repeats in each of its findings.
pub const MAX_IDENTIFIER: usize = 1024;
/// Longest message a report holds: rules and adapters name fields and short identifiers, so only a
/// pathological input (a megabyte-long container name) reaches this.
pub const MAX_MESSAGE: usize = 4096;

/// Most bytes of paths, names and messages a report lists (a key megabytes long would otherwise be repeated
/// in every finding below it).
pub const MAX_REPORT_BYTES: usize = 64 << 20;

/// `text` cut to at most `max` bytes (at a character boundary), saying how much was cut: a long value in the
/// input cannot multiply into a huge report.
pub fn clip(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text.len() - end;
    text.truncate(end);
    text.push_str(&format!("… ({cut} more bytes)"));
    text
}

/// Parses JSON text that [`Limits::check_text`] accepted, without serde_json's fixed recursion limit.
pub fn parse_json(text: &str) -> Result<Json, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    let value = Json::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// JSON values one after the other (NDJSON), parsed as [`parse_json`] does: those read before the first
/// error, and that error.
pub fn parse_json_stream(text: &str) -> (Vec<Json>, Option<serde_json::Error>) {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    let mut values = Vec::new();
    for value in deserializer.into_iter::<Json>() {
        match value {
            Ok(value) => values.push(value),
            Err(error) => return (values, Some(error)),
        }
    }
    (values, None)
}

/// Maximum bracket nesting outside JSON strings; a linear pre-scan so parsers never recurse past the limit.
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_ignores_brackets_inside_strings() {
        assert_eq!(nesting_depth(r#"{"a": "[[[{{{", "b": [[1]]}"#), 3);
        let deep = "[".repeat(100_000);
        assert_eq!(Limits::default().check_text(&deep).map_err(|e| e.0), Err("too-deep"));
    }

    #[test]
    fn clipping_keeps_whole_characters() {
        assert_eq!(clip("short".into(), 10), "short");
        assert_eq!(clip("ééé".into(), 3), "é… (4 more bytes)");
    }
}
