//! The committed rule docs and the README's catalogue table must match the rule metadata.
//! `BLESS=1 cargo test --test docs` rewrites them.

use fargate_guard::{docs, rules};
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
        let page = docs::rule_page(rule);
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
