//! Native (Rust) throughput of fargate-guard on a generated corpus, beside the floor: serde_json parsing the
//! same bytes. Plain timing, no framework; prints one JSON object for benches/run.sh to merge.
//!
//!   cargo bench --bench native -- <corpusDir> [--min-time SECONDS] [--case NAME] [--profile]
//!
//! Cases: the single documents of the corpus (api-all.json, cfn-one.json, cfn-one.yaml, tf-plan.json, pulumi.json)
//! validated with `Engine::validate_str`, and the file-per-resource directories (api/, cfn-json/, cfn-yaml/) validated
//! together with `Engine::validate_files`, as the CLI does. `--profile` runs each case once without the floor
//! (for callgrind).

use fargate_guard::config::Config;
use fargate_guard::engine::Engine;
use fargate_guard::input::{Format, InputFile};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Case {
    name: &'static str,
    path: &'static str,
    format: Option<Format>,
    /// Whether serde_json can parse the bytes (the floor); YAML has no JSON floor.
    json: bool,
}

const CASES: &[Case] = &[
    Case { name: "api-all", path: "api-all.json", format: None, json: true },
    Case { name: "cfn-one-json", path: "cfn-one.json", format: None, json: true },
    Case { name: "cfn-one-yaml", path: "cfn-one.yaml", format: None, json: false },
    Case { name: "tf-plan", path: "tf-plan.json", format: None, json: true },
    Case { name: "pulumi", path: "pulumi.json", format: Some(Format::Pulumi), json: true },
    Case { name: "api-files", path: "api", format: None, json: true },
    Case { name: "cfn-json-files", path: "cfn-json", format: None, json: true },
    Case { name: "cfn-yaml-files", path: "cfn-yaml", format: None, json: false },
];

/// Runs `f` at least once and until `min_time` has passed (at most 50 times); returns the fastest run.
fn fastest(min_time: Duration, mut f: impl FnMut()) -> Duration {
    let started = Instant::now();
    let mut best = Duration::MAX;
    for _ in 0..50 {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        if started.elapsed() >= min_time {
            break;
        }
    }
    best
}

fn read_inputs(path: &Path) -> Vec<(String, String)> {
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path).expect("read corpus dir").map(|e| e.expect("dir entry").path()).collect();
        files.sort();
        files.into_iter().map(|f| (f.display().to_string(), std::fs::read_to_string(&f).expect("read corpus file"))).collect()
    } else {
        vec![(path.display().to_string(), std::fs::read_to_string(path).expect("read corpus file"))]
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let corpus = PathBuf::from(args.first().expect("usage: native <corpusDir> [--min-time S] [--case NAME] [--profile]"));
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let min_time = Duration::from_secs_f64(option("--min-time").map_or(1.0, |s| s.parse().expect("--min-time seconds")));
    let only = option("--case");
    let profile = args.iter().any(|a| a == "--profile");

    // The corpus at N = 10 000 has single documents above the default 64 MiB limit.
    // Every finding listed (the default caps a report at 10 000 findings), as in the Node harnesses.
    let config: Config = serde_json::from_str(r#"{"limits": {"maxBytes": 2000000000, "maxFindings": 100000000}}"#).expect("config");
    let engine = Engine::new(config).expect("engine");

    let mut out = String::from("{\"cases\":[");
    let mut first = true;
    for case in CASES {
        if only.as_deref().is_some_and(|o| o != case.name) {
            continue;
        }
        let path = corpus.join(case.path);
        if !path.exists() {
            continue;
        }
        let inputs = read_inputs(&path);
        let bytes: usize = inputs.iter().map(|(_, text)| text.len()).sum();
        let files: Vec<InputFile<'_>> = inputs.iter().map(|(name, text)| InputFile { name, text }).collect();
        // At N = 100 000 one model of every file would need gigabytes: validate file by file there (as in
        // inprocess.mjs), merging the counts into one report.
        let each = bytes > 200_000_000;
        let validate = || {
            if !each {
                return engine.validate_files(&files, case.format);
            }
            let mut merged = engine.validate_files(&[], case.format);
            for file in &files {
                let report = engine.validate_files(std::slice::from_ref(file), case.format);
                merged.summary.resources += report.summary.resources;
                merged.findings.extend(report.findings);
                merged.errors.extend(report.errors);
            }
            merged
        };
        let name = if each { case.name.replace("-files", "-each") } else { case.name.to_string() };
        if profile {
            let report = validate();
            eprintln!("{}: {} resources, {} findings, {} bytes of report", name, report.summary.resources, report.findings.len(), report.to_json().len());
            continue;
        }
        let report = validate();
        let report_json = report.to_json();
        let validate_time = fastest(min_time, || {
            std::hint::black_box(validate());
        });
        let to_json_time = fastest(min_time / 4, || {
            std::hint::black_box(report.to_json());
        });
        let parse_time = case.json.then(|| {
            fastest(min_time, || {
                for (_, text) in &inputs {
                    std::hint::black_box(serde_json::from_str::<serde_json::Value>(text).expect("corpus JSON"));
                }
            })
        });
        let resources = report.summary.resources;
        let secs = validate_time.as_secs_f64();
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write!(
            out,
            "{{\"case\":\"{}\",\"files\":{},\"bytes\":{},\"resources\":{},\"findings\":{},\"errors\":{},\"reportBytes\":{},\
             \"validateSeconds\":{:.6},\"toJsonSeconds\":{:.6},\"parseSeconds\":{},\"resourcesPerSecond\":{:.1},\"mbPerSecond\":{:.2},\"validateOverParse\":{}}}",
            name,
            files.len(),
            bytes,
            resources,
            report.findings.len(),
            report.errors.len(),
            report_json.len(),
            secs,
            to_json_time.as_secs_f64(),
            parse_time.map_or("null".into(), |p| format!("{:.6}", p.as_secs_f64())),
            resources as f64 / secs,
            bytes as f64 / 1e6 / secs,
            parse_time.map_or("null".into(), |p| format!("{:.2}", secs / p.as_secs_f64())),
        );
    }
    out.push_str("]}");
    println!("{out}");
}
