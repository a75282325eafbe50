//! Input limits: enforced before parsing, so a huge or hostile document is a clear error, not an OOM or
//! a stack overflow.

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Limits {
    /// Largest accepted input in bytes (default 64 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays/objects (default 256).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 64 * 1024 * 1024, max_depth: 256 }
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
}
