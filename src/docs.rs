//! Rule documentation rendered from rule metadata: one Markdown page per rule (docs/rules/<ID>.md) and the
//! catalogue table of the README. A test keeps the committed files in step with the metadata.

#[cfg(not(target_arch = "wasm32"))]
pub mod formats;

use crate::rules::{self, Example, Expect, Rule};
use std::fmt::Write;

/// Tools in the order the README's coverage columns list them.
pub const TOOLS: &[&str] =
    &["Security Hub", "AWS Config", "Checkov", "Trivy", "KICS", "cdk-nag", "Prowler", "cfn-lint", "Control Tower"];

/// The page of a rule, its examples as written: what `explainRule` returns.
pub fn rule_page(rule: &Rule) -> String {
    page(rule, None, &write_as_written)
}

/// The page of a rule with every example in every input format: docs/rules/<ID>.md (native only: the converter
/// stays out of the wasm module).
#[cfg(not(target_arch = "wasm32"))]
pub fn rule_page_all_formats(rule: &Rule) -> String {
    page(rule, Some(formats::INTRO), &|out, example| match formats::example_formats(example) {
        Ok(shown) => formats::write_markdown(out, &shown),
        Err(_) => write_as_written(out, example),
    })
}

fn write_as_written(out: &mut String, example: &Example) {
    let language = if example.input.trim_start().starts_with(['{', '[']) { "json" } else { "yaml" };
    let _ = writeln!(out, "```{language}\n{}\n```\n", example.input.trim());
}

fn page(rule: &Rule, intro: Option<&str>, write_example: &dyn Fn(&mut String, &Example)) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} {} — {}\n", rule.id, rule.name, rule.title);
    let kinds: Vec<&str> = rule.kinds.iter().map(|k| k.as_str()).collect();
    let _ = writeln!(out, "Default severity: **{}** · Applies to: {}\n", rule.severity.as_str(), kinds.join(", "));
    let _ = writeln!(out, "## Why\n\n{}\n", rule.description);
    let _ = writeln!(out, "## Fix\n\n{}\n", rule.remediation);
    if !rule.params.is_empty() {
        let _ = writeln!(out, "## Parameters\n\n| name | default | meaning |\n|---|---|---|");
        for param in rule.params {
            let _ = writeln!(out, "| `{}` | `{}` | {} |", param.name, param.default, param.description);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Examples\n");
    if let Some(intro) = intro {
        let _ = writeln!(out, "{intro}\n");
    }
    for example in rule.examples {
        let verdict = match example.expect {
            Expect::Fail => "fails",
            Expect::Pass => "passes",
        };
        let _ = writeln!(out, "### {} — {verdict}\n", example.title);
        write_example(&mut out, example);
    }
    let _ = writeln!(out, "## Equivalent controls\n");
    if rule.equivalents.is_empty() {
        let _ = writeln!(out, "None: no other tool checks this.");
    } else {
        for equivalent in rule.equivalents {
            let _ = writeln!(out, "- {}: {}", equivalent.tool, equivalent.id);
        }
    }
    let _ = writeln!(out, "\nConfigure with `\"rules\": {{ \"{}\": \"off\" | \"<severity>\" }}` (the name `{}` works too).", rule.id, rule.name);
    out
}

/// The README's catalogue table: id, name, severity and the equivalent ids per tool.
pub fn catalogue_table() -> String {
    let mut out = String::from("| id | name | severity |");
    for tool in TOOLS {
        let _ = write!(out, " {tool} |");
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(TOOLS.len()));
    out.push('\n');
    for rule in rules::all() {
        let _ = write!(out, "| [{}](docs/rules/{}.md) | {} | {} |", rule.id, rule.id, rule.name, rule.severity.as_str());
        for tool in TOOLS {
            let ids: Vec<&str> = rule.equivalents.iter().filter(|e| e.tool == *tool).map(|e| e.id).collect();
            let _ = write!(out, " {} |", if ids.is_empty() { String::new() } else { ids.join(", ") });
        }
        out.push('\n');
    }
    out
}

/// Rules per group (the id prefix), in catalogue order.
pub fn group_counts() -> Vec<(&'static str, usize)> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for rule in rules::all() {
        let group = rule.id.split('-').next().unwrap_or(rule.id);
        match counts.last_mut() {
            Some((g, n)) if *g == group => *n += 1,
            _ => counts.push((group, 1)),
        }
    }
    counts
}
