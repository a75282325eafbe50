//! libyaml (and so PyYAML, cfn-lint and CloudFormation) reads a multi-line flow collection whose lines sit at its
//! key's indentation, as AWS Copilot's templates and AWS's own examples write them:
//!
//! ```yaml
//! Action: [
//!   "logs:GetLogEvents",
//! ]
//! ```
//!
//! The YAML spec, and so the parser, wants those lines indented past the key. Whitespace at the start of a line
//! inside a flow collection means nothing, so the lines of such a collection are indented past its opening
//! bracket and the text is parsed again; [`Pads`] maps the columns back to the user's text.

use std::collections::HashMap;

/// Spaces inserted at the start of a line (1-based), taken off the columns reported for it.
pub type Pads = HashMap<usize, usize>;

/// Where an opening bracket is: 1-based line, 0-based column in characters (the parser's convention).
pub type Opener = (usize, usize);

/// Indents the lines of the collection opening at `opener`; `None` when none needed it.
pub fn one(text: &str, opener: Opener, pads: &mut Pads) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let (shifts, _) = extent(&lines, opener)?;
    apply(&lines, &shifts, pads)
}

/// Indents every collection that opens at the end of a line (`Action: [`, `- {`), found lexically; returns the
/// new text and the openers of the collections it changed, which the caller confirms with the parser (a
/// bracket at the end of a line in a multi-line scalar is no collection).
pub fn all(text: &str, pads: &mut Pads) -> Option<(String, Vec<Opener>)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut shifts = Vec::new();
    let mut changed = Vec::new();
    let mut free_from = 0;
    for opener in candidates(&lines) {
        // Collections nested in one already indented are indented with it.
        if opener.0 <= free_from {
            continue;
        }
        let Some((mut inner, last)) = extent(&lines, opener) else { continue };
        free_from = last + 1;
        if !inner.is_empty() {
            changed.push(opener);
            shifts.append(&mut inner);
        }
    }
    apply(&lines, &shifts, pads).map(|text| (text, changed))
}

/// The lines of the collection opening at `opener` that need indenting (0-based index, spaces), and the index
/// of the line where it closes; `None` when the opener is not a bracket.
fn extent(lines: &[&str], opener: Opener) -> Option<(Vec<(usize, usize)>, usize)> {
    let first = opener.0.checked_sub(1)?;
    let opener_line = lines.get(first)?;
    let offset = opener_line.char_indices().nth(opener.1).map(|(i, _)| i)?;
    let content = opener_line.get(offset..)?;
    if !content.starts_with(['[', '{']) {
        return None;
    }
    let wanted = opener.1 + 1;
    let mut lexer = FlowLexer::default();
    let mut shifts = Vec::new();
    if lexer.closes_in(content) {
        return Some((shifts, first));
    }
    let mut last = first;
    for (number, line) in lines.iter().enumerate().skip(first + 1) {
        last = number;
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent < wanted && !line.trim().is_empty() {
            shifts.push((number, wanted - indent));
        }
        if lexer.closes_in(line) {
            break;
        }
    }
    Some((shifts, last))
}

fn apply(lines: &[&str], shifts: &[(usize, usize)], pads: &mut Pads) -> Option<String> {
    if shifts.is_empty() {
        return None;
    }
    let size = lines.iter().map(|l| l.len()).sum::<usize>() + shifts.iter().map(|(_, pad)| pad).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut next = shifts.iter().peekable();
    for (number, line) in lines.iter().enumerate() {
        if let Some((_, pad)) = next.next_if(|(shifted, _)| *shifted == number) {
            out.extend(std::iter::repeat(' ').take(*pad));
            *pads.entry(number + 1).or_default() += pad;
        }
        out.push_str(line);
    }
    Some(out)
}

/// Lines whose code (comment removed) ends with an opening bracket in a value position, outside block scalars.
fn candidates(lines: &[&str]) -> Vec<Opener> {
    let mut found = Vec::new();
    // Lines indented past this one belong to a block scalar (`|`, `>`).
    let mut block_scalar_of: Option<usize> = None;
    for (number, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar_of {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar_of = None;
        }
        let code = without_comment(line).trim_end();
        // A bracket or block indicator starts a node only after a key, a `-`, a tag or an anchor.
        let value_position = |head: &str| head.split_whitespace().last().map_or(true, |t| t.ends_with(':') || t == "-" || t.starts_with(['!', '&']));
        let (head, last) = code.rsplit_once(char::is_whitespace).unwrap_or(("", code));
        if !head.trim().is_empty()
            && value_position(head)
            && last.strip_prefix(['|', '>']).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '+' || c == '-'))
        {
            block_scalar_of = Some(indent);
        } else if let Some(head) = code.strip_suffix(['[', '{']) {
            if (head.is_empty() || head.ends_with(char::is_whitespace)) && value_position(head) {
                found.push((number + 1, code.chars().count() - 1));
            }
        }
    }
    found
}

/// A line without its comment (`#` after whitespace, outside quotes).
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && (previous.is_whitespace() || "[{,:".contains(previous)) => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return line.get(..at).unwrap_or(line),
            None => {}
        }
        previous = c;
    }
    line
}

/// Just enough of YAML's flow syntax to find where a flow collection ends: brackets outside quoted scalars
/// and comments.
#[derive(Default)]
struct FlowLexer {
    depth: usize,
    quote: Option<char>,
    escaped: bool,
}

impl FlowLexer {
    /// Reads one line; true once the outermost collection has closed.
    fn closes_in(&mut self, line: &str) -> bool {
        let mut previous = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match self.quote {
                Some('"') if self.escaped => self.escaped = false,
                Some('"') if c == '\\' => self.escaped = true,
                Some('\'') if c == '\'' && chars.peek() == Some(&'\'') => {
                    chars.next();
                }
                Some(quote) if c == quote => self.quote = None,
                Some(_) => {}
                None => match c {
                    // A quote opens a scalar only where a token starts (`[it's]` is a plain scalar).
                    '"' | '\'' if previous.is_whitespace() || "[{,:".contains(previous) => self.quote = Some(c),
                    '#' if previous.is_whitespace() => break,
                    '[' | '{' => self.depth += 1,
                    ']' | '}' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return true;
                        }
                    }
                    _ => {}
                },
            }
            previous = c;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_brackets_ending_a_line_in_value_position() {
        let text = "a: [\n  1,\n]\nb: x [\nc: !Split [\n- {\nd: |\n  run [\ne: 'q [' # [\nf: [ # list\n]\n";
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        // Not `b: x [` (a plain scalar), not inside the block scalar, not in a quote or a comment.
        assert_eq!(candidates(&lines), [(1, 3), (5, 10), (6, 2), (10, 3)]);
    }

    #[test]
    fn every_collection_is_indented_past_its_bracket_at_once() {
        let text = "R:\n  a: [\n  1,\n  ]\n  b: {\n  c: [2,\n 3]\n  }\n";
        let mut pads = Pads::new();
        let (fixed, changed) = all(text, &mut pads).expect("changed");
        assert_eq!(fixed, "R:\n  a: [\n      1,\n      ]\n  b: {\n      c: [2,\n      3]\n      }\n");
        assert_eq!(changed, [(2, 5), (5, 5)]);
        assert_eq!(pads.get(&7), Some(&5));
    }
}
