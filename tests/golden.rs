//! Golden reports: every input under `examples/` and `tests/fixtures/` is validated natively, and its report
//! JSON must equal `tests/golden/<same path>.report.json` byte for byte. `BLESS=1 cargo test --test golden`
//! rewrites them (review the diff). `tests/js/golden.test.js` holds the wasm build to the same files, so native
//! and wasm cannot drift apart.

use fargate_guard::api::{self, ValidateOptions};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Kept in step with `tests/js/helpers.js` (`goldenInputs`).
const INPUT_DIRS: &[&str] = &["examples", "tests/fixtures"];
const INPUT_EXTENSIONS: &[&str] = &["json", "yaml", "yml", "template"];
const GOLDEN_DIR: &str = "tests/golden";
const GOLDEN_SUFFIX: &str = ".report.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Directories that hold a project of their own (an example Pulumi program and its installed packages), not
/// input documents. Kept in step with `tests/js/helpers.js` (`isProjectDir`).
fn is_project_dir(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "node_modules") || path.join("Pulumi.yaml").exists()
}

/// Files under `dir`, recursively, as paths relative to the repository root with `/` separators.
fn files_under(root: &Path, dir: &str, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<String>) {
    if is_project_dir(&root.join(dir)) {
        return;
    }
    let Ok(entries) = fs::read_dir(root.join(dir)) else { return };
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let relative = format!("{dir}/{name}");
        if entry.file_type().unwrap().is_dir() {
            files_under(root, &relative, keep, out);
        } else if keep(&entry.path()) {
            out.push(relative);
        }
    }
}

fn inputs(root: &Path) -> Vec<String> {
    let is_input = |path: &Path| path.extension().and_then(|e| e.to_str()).is_some_and(|e| INPUT_EXTENSIONS.contains(&e));
    let mut out = Vec::new();
    for dir in INPUT_DIRS {
        files_under(root, dir, &is_input, &mut out);
    }
    out.sort();
    out
}

fn golden_path(input: &str) -> String {
    format!("{GOLDEN_DIR}/{input}{GOLDEN_SUFFIX}")
}

/// The report as the golden files hold it: the JSON renderer's output plus a final newline.
fn report_json(root: &Path, input: &str) -> String {
    let text = fs::read_to_string(root.join(input)).unwrap();
    let options = ValidateOptions { file_name: Some(input.to_string()), ..ValidateOptions::default() };
    api::validate(&text, options).unwrap().to_json() + "\n"
}

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected.lines().zip(actual.lines()).position(|(e, a)| e != a).unwrap_or(expected.lines().count().min(actual.lines().count()));
    format!(
        "line {}: expected {:?}, got {:?}",
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>")
    )
}

#[test]
fn reports_equal_the_golden_files() {
    let root = root();
    let bless = std::env::var("BLESS").is_ok_and(|v| !v.is_empty() && v != "0");
    let inputs = inputs(&root);
    assert!(inputs.iter().any(|i| i.starts_with("examples/")), "no inputs found under examples/");
    let mut problems = Vec::new();
    for input in &inputs {
        let actual = report_json(&root, input);
        let golden = root.join(golden_path(input));
        if bless {
            fs::create_dir_all(golden.parent().unwrap()).unwrap();
            fs::write(&golden, &actual).unwrap();
            continue;
        }
        match fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => problems.push(format!("{input}: report differs from {}: {}", golden_path(input), first_difference(&expected, &actual))),
            Err(_) => problems.push(format!("{input}: no golden report {}", golden_path(input))),
        }
    }
    // A golden file whose input is gone would silently stop being checked.
    let wanted: BTreeSet<String> = inputs.iter().map(|i| golden_path(i)).collect();
    let mut goldens = Vec::new();
    files_under(&root, GOLDEN_DIR, &|p: &Path| p.to_string_lossy().ends_with(GOLDEN_SUFFIX), &mut goldens);
    for golden in goldens.iter().filter(|g| !wanted.contains(*g)) {
        if bless {
            fs::remove_file(root.join(golden)).unwrap();
        } else {
            problems.push(format!("{golden}: no input for this golden report"));
        }
    }
    assert!(problems.is_empty(), "{}\nIf the change is intended: BLESS=1 cargo test --test golden, then review the diff.", problems.join("\n"));
}

#[test]
fn reports_are_deterministic() {
    let root = root();
    for input in inputs(&root) {
        assert_eq!(report_json(&root, &input), report_json(&root, &input), "{input}");
    }
}
