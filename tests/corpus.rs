//! Every real-world file in the shared corpus (shared/corpus/INDEX.tsv) is read without a data error and
//! yields the ECS resources its `ecs` column counts, or the precise error listed here.

use fargate_guard::input::{read_files, InputFile, Limits};
use fargate_guard::model::{Kind, Model};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// (file, error code, line and column of the error).
type ExpectedError = (&'static str, &'static str, Option<(u32, u32)>);

/// Files that are not inputs fargate-guard reads, with the error they must give and where.
const EXPECTED_ERRORS: &[ExpectedError] = &[
    // A cfn-guard test suite (a list of `{input, expectations}`), not a template.
    ("cloudformation-guard/guard-examples/deployment-safety/ecs-taskdef-tests.yaml", "unknown-format", None),
    // Documentation snippets that are not JSON: a single-quoted string, and type placeholders as values.
    ("aws-cloudformation-user-guide/_extracted/aws-properties-ecs-service-secret__block02.json", "invalid-json", Some((18, 34))),
    ("amazon-ecs-developer-guide/_extracted/docker-volumes__block00.json", "invalid-json", Some((8, 33))),
    ("amazon-ecs-developer-guide/_extracted/efs-volumes__block00.json", "invalid-json", Some((29, 42))),
];

/// The corpus sits in `shared/` beside the repository (`/work/shared` for `/work/<repo>`, and in CI); a
/// worktree one level deeper finds it one level up.
fn corpus() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus", "../../shared/corpus"].iter().map(|relative| manifest.join(relative)).find(|dir| dir.join("INDEX.tsv").is_file())
}

#[test]
fn every_corpus_file_reads_as_indexed() {
    let Some(dir) = corpus() else {
        println!("note: shared/corpus not found beside the repository; corpus test skipped");
        return;
    };
    let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("INDEX.tsv");
    let mut checked = 0;
    let mut problems = Vec::new();
    for row in index.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = row.split('\t').collect();
        let (path, format, counts) = (columns[3], columns[4], columns[5]);
        let text = std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut model = Model::default();
        let (sources, errors) = read_files(&[InputFile { name: path, text: &text }], None, &Limits::default(), &mut model);
        checked += 1;
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        let expected_error = EXPECTED_ERRORS.iter().find(|(p, _, _)| *p == path).map(|(_, code, at)| (*code, *at));
        match expected_error {
            Some((code, at)) => {
                let location = errors.first().and_then(|e| e.location).map(|l| (l.line, l.column));
                if codes != [code] || location != at {
                    problems.push(format!("{path}: expected error {code} at {at:?}, got {errors:?}"));
                }
                continue;
            }
            None if !errors.is_empty() => {
                problems.push(format!("{path}: {errors:?}"));
                continue;
            }
            None => {}
        }
        let detected = sources[0].format.map(|f| f.as_str());
        let indexed = match format {
            "api" => Some("aws-api"),
            "cfn-yaml" | "cfn-json" => Some("cloudformation"),
            _ => None,
        };
        if detected != indexed {
            problems.push(format!("{path}: detected {detected:?}, indexed as {format}"));
        }
        // An association joins the cluster of its template, whose capacity providers it sets.
        if counts.contains("ClusterCapacityProviderAssociations") && counts.contains("Cluster=") {
            let merged = model.resources.iter().any(|r| r.kind == Kind::Cluster && !r.body.get("capacityProviders").is_absent());
            if !merged {
                problems.push(format!("{path}: the capacity provider association did not join its cluster"));
            }
        }
        let mut expected: BTreeMap<String, usize> = BTreeMap::new();
        for pair in counts.split(',').filter(|p| *p != "-") {
            let (kind, n) = pair.split_once('=').expect("Kind=N");
            // Associations are merged into their cluster, not resources of their own.
            if kind != "ClusterCapacityProviderAssociations" {
                expected.insert(kind.to_string(), n.parse().expect("count"));
            }
        }
        let mut actual: BTreeMap<String, usize> = BTreeMap::new();
        for resource in &model.resources {
            *actual.entry(resource.kind.as_str().to_string()).or_default() += 1;
        }
        if actual != expected {
            problems.push(format!("{path}: expected {expected:?}, read {actual:?}"));
        }
    }
    assert!(problems.is_empty(), "{} of {checked} corpus files differ:\n{}", problems.len(), problems.join("\n"));
    println!("{checked} corpus files read as indexed");
}
