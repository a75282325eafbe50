//! The findings on the real-world corpus (shared/corpus), kept as a reviewed golden file: a change in what any
//! rule says about real inputs shows up as a diff of tests/golden/corpus-findings.txt.
//! `BLESS=1 cargo test --test corpus_findings` rewrites it. Skipped when the corpus is not beside the repository.

use fargate_guard::api::{self, NamedInput};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus", "../../shared/corpus"].iter().map(|relative| manifest.join(relative)).find(|dir| dir.join("INDEX.tsv").is_file())
}

/// One line per finding: file, rule, status, severity, resource and path (messages are in the rule docs).
fn summarise(dir: &Path) -> String {
    let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("INDEX.tsv");
    let mut out = String::new();
    for row in index.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let path = row.split('\t').nth(3).expect("INDEX.tsv has an `out` column");
        let content = std::fs::read_to_string(dir.join(path)).expect("corpus file");
        let report = api::validate_files(&[NamedInput::text(path, content)], Default::default())
            .expect("default options are valid");
        let s = &report.summary;
        let _ = writeln!(out, "{path}\tpass={} fail={} skip={} undecided={} errors={}", s.pass, s.fail, s.skip, s.undecided, s.errors);
        for f in &report.findings {
            let missing = f.missing.as_deref().map(|m| format!(" +{m}")).unwrap_or_default();
            let embedded = f.embedded_path.as_deref().map(|e| format!(" >{e}")).unwrap_or_default();
            let status = serde_json::to_string(&f.status).unwrap_or_default();
            let _ = writeln!(out, "  {} {} {} {} {}{missing}{embedded}", f.rule_id, status.trim_matches('"'), f.severity.as_str(), f.resource.name, f.path);
        }
    }
    out
}

#[test]
fn corpus_findings_match_the_reviewed_golden_file() {
    let Some(dir) = corpus() else {
        println!("note: shared/corpus not found beside the repository; corpus findings test skipped");
        return;
    };
    let actual = summarise(&dir);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/corpus-findings.txt");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, &actual).expect("write the golden file");
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "corpus findings differ from tests/golden/corpus-findings.txt (first difference at line {}):\n  golden: {:?}\n  actual: {:?}\nreview, then BLESS=1 cargo test --test corpus_findings",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}
