//! The committed rule docs and the README's catalogue table must match the rule metadata, and every example
//! the docs show in another format must get the verdict of the original. `BLESS=1 cargo test --test docs`
//! rewrites the docs.
#![cfg(not(target_arch = "wasm32"))] // the format converter is native-only (kept out of the shipped wasm)

use fargate_guard::api::{self, ValidateOptions};
use fargate_guard::docs::formats::{self, Rendering};
use fargate_guard::rules::{self, Rule, Severity, Status};
use fargate_guard::docs;
use std::path::Path;

const TABLE_START: &str = "<!-- rules-table:start -->";
const TABLE_END: &str = "<!-- rules-table:end -->";

fn bless() -> bool {
    std::env::var_os("BLESS").is_some()
}

#[test]
fn rule_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    std::fs::create_dir_all(&dir).unwrap();
    let mut expected_files = Vec::new();
    for rule in rules::all() {
        let file = dir.join(format!("{}.md", rule.id));
        let page = docs::rule_page_all_formats(rule);
        if bless() {
            std::fs::write(&file, &page).unwrap();
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        assert_eq!(committed, page, "{} is stale: run BLESS=1 cargo test --test docs", file.display());
        expected_files.push(format!("{}.md", rule.id));
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(expected_files.contains(&name), "docs/rules/{name} documents no rule");
    }
}

#[test]
fn readme_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let Ok(readme) = std::fs::read_to_string(&path) else { return };
    let (Some(start), Some(end)) = (readme.find(TABLE_START), readme.find(TABLE_END)) else {
        panic!("README.md lacks the {TABLE_START} … {TABLE_END} markers");
    };
    let counts: Vec<String> = docs::group_counts().iter().map(|(g, n)| format!("{g} {n}")).collect();
    let generated = format!(
        "{TABLE_START}\n{} rules ({}).\n\n{}",
        rules::all().count(),
        counts.join(", "),
        docs::catalogue_table()
    );
    let current = &readme[start..end];
    if bless() && current != generated {
        std::fs::write(&path, format!("{}{generated}{}", &readme[..start], &readme[end..])).unwrap();
        return;
    }
    assert_eq!(current, generated, "README.md's rule table is stale: run BLESS=1 cargo test --test docs");
}

/// What a rule says about an input: its findings' statuses and severities, in order.
fn verdict(rule: &Rule, input: &str) -> Result<Vec<(Status, Severity)>, String> {
    let options = ValidateOptions { config: rules::example_config(rule.id), ..Default::default() };
    let report = api::validate(input, options)?;
    if !report.errors.is_empty() {
        return Err(format!("{:?}", report.errors));
    }
    let mut said: Vec<(Status, Severity)> = report.findings.iter().filter(|f| f.rule_id == rule.id).map(|f| (f.status, f.severity)).collect();
    said.sort_by_key(|(status, severity)| (*status as u8, *severity));
    Ok(said)
}

/// The point of the converter: a rendering the engine reads differently from the original is a bug (or must
/// say why the example cannot be written in that format).
#[test]
fn every_format_of_every_example_gets_the_verdict_of_the_original() {
    let (mut rendered, mut not_expressible, mut examples) = (0, 0, 0);
    let mut wrong = Vec::new();
    for rule in rules::all() {
        for example in rule.examples {
            examples += 1;
            let expected = verdict(rule, example.input).expect("the original reads");
            let shown = formats::example_formats(example).unwrap_or_else(|e| panic!("{} '{}' cannot be read: {e}", rule.id, example.title));
            assert_eq!(shown.len(), formats::FORMATS.len());
            for shown in shown {
                let label = formats::label(shown.format);
                match &shown.rendering {
                    Rendering::Text { text, .. } => {
                        rendered += 1;
                        let got = verdict(rule, text);
                        if got.as_ref() != Ok(&expected) {
                            wrong.push(format!("{} '{}' in {label}: {got:?}, the original {expected:?}\n{text}", rule.id, example.title));
                        }
                    }
                    Rendering::NotExpressible(why) => {
                        assert!(!shown.original, "{} '{}': the original format must be shown", rule.id, example.title);
                        assert!(!why.is_empty());
                        not_expressible += 1;
                    }
                }
            }
        }
    }
    eprintln!("{examples} examples: {rendered} renderings, {not_expressible} not expressible");
    assert!(wrong.is_empty(), "{} renderings get another verdict:\n\n{}", wrong.len(), wrong.join("\n\n"));
}
