//! JUnit XML for CI systems that read test reports (GitLab, Jenkins, Azure DevOps): one `testsuite` per
//! input file, one `testcase` per (rule, resource) pair evaluated — a `failure` when the rule failed (its
//! unsuppressed findings listed), `skipped` when its findings are all suppressed, in the baseline or
//! undecided, nothing when it passed. Pairs the rule did not apply to are left out. Input errors are
//! `error` test cases of their file.

use super::{Finding, Outcome, Report};
use crate::rules::Status;
use std::collections::HashMap;
use std::fmt::Write;

/// XML text or attribute content: the five entities, and characters XML 1.0 cannot hold dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// One test case: a (rule, resource) pair, or an input error.
struct Case {
    classname: String,
    name: String,
    /// `failure`, `skipped` or `error` with its message and body; `None` passed.
    verdict: Option<(&'static str, String, String)>,
}

fn describe(finding: &Finding) -> String {
    let mut line = format!("[{}] {} at {}", finding.severity.as_str(), finding.message, finding.path);
    if let Some(embedded) = &finding.embedded_path {
        let _ = write!(line, " -> {embedded}");
    }
    if let Some(missing) = &finding.missing {
        let _ = write!(line, " (missing {missing})");
    }
    if let Some(location) = finding.location {
        let _ = write!(line, " (line {}, column {})", location.line, location.column);
    }
    line
}

fn verdict(outcome: Outcome, findings: &[&Finding]) -> Option<(&'static str, String, String)> {
    let open: Vec<&&Finding> = findings.iter().filter(|f| f.status == Status::Fail && f.suppressed.is_none() && !f.baseline).collect();
    if let Some(first) = open.first() {
        let body: Vec<String> = open.iter().map(|f| describe(f)).collect();
        let body = format!("{}\nFix: {}\n{}", body.join("\n"), first.remediation, first.docs_url);
        return Some(("failure", first.message.clone(), body));
    }
    let why = match (findings.first(), outcome) {
        (Some(f), _) if f.suppressed.is_some() => {
            let reason = f.suppressed.as_ref().map(|s| s.reason.as_str()).unwrap_or_default();
            format!("suppressed: {reason}")
        }
        (Some(f), _) if f.baseline => "in the baseline".to_string(),
        (Some(f), _) => format!("undecided: {}", f.message),
        (None, Outcome::Undecided) => "undecided (not reported: the undecided policy is ignore)".to_string(),
        (None, _) => return None,
    };
    let body: Vec<String> = findings.iter().map(|f| describe(f)).collect();
    Some(("skipped", why, body.join("\n")))
}

pub fn render(report: &Report) -> String {
    // Files in the order they were given: from the resources, then files with errors only.
    let mut files: Vec<&str> = Vec::new();
    for file in report.resources.iter().map(|r| r.file.as_str()).chain(report.errors.iter().map(|e| e.file.as_str())) {
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let mut by_pair: HashMap<(&str, &str, &str), Vec<&Finding>> = HashMap::new();
    for finding in &report.findings {
        by_pair.entry((finding.rule_id, finding.resource.file.as_str(), finding.resource.address.as_str())).or_default().push(finding);
    }
    let mut suites = String::new();
    let (mut all_tests, mut all_failures, mut all_skipped, mut all_errors) = (0, 0, 0, 0);
    for file in files {
        let mut cases: Vec<Case> = Vec::new();
        for evaluation in report.evaluations.iter().filter(|e| report.resources.get(e.resource).is_some_and(|r| r.file == file)) {
            if evaluation.outcome == Outcome::Skip {
                continue;
            }
            let Some(resource) = report.resources.get(evaluation.resource) else { continue };
            let findings = by_pair.get(&(evaluation.rule, resource.file.as_str(), resource.address.as_str())).map_or(&[][..], Vec::as_slice);
            let name = crate::rules::find(evaluation.rule).map_or_else(|| evaluation.rule.to_string(), |rule| format!("{} {}", rule.id, rule.name));
            cases.push(Case { classname: format!("{} {}", resource.kind, resource.address), name, verdict: verdict(evaluation.outcome, findings) });
        }
        for error in report.errors.iter().filter(|e| e.file == file) {
            let body = error.path.as_deref().map(|p| format!("at {p}")).unwrap_or_default();
            cases.push(Case { classname: "input".into(), name: error.code.to_string(), verdict: Some(("error", error.message.clone(), body)) });
        }
        let count = |kind: &str| cases.iter().filter(|c| c.verdict.as_ref().is_some_and(|v| v.0 == kind)).count();
        let (failures, skipped, errors) = (count("failure"), count("skipped"), count("error"));
        all_tests += cases.len();
        all_failures += failures;
        all_skipped += skipped;
        all_errors += errors;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">",
            escape(file),
            cases.len()
        );
        for case in cases {
            let open = format!("    <testcase classname=\"{}\" name=\"{}\"", escape(&case.classname), escape(&case.name));
            match case.verdict {
                None => {
                    let _ = writeln!(suites, "{open}/>");
                }
                Some((kind, message, body)) => {
                    let kind_attribute = if kind == "failure" { " type=\"fargate-guard\"" } else { "" };
                    let _ = writeln!(suites, "{open}>");
                    let _ = writeln!(suites, "      <{kind} message=\"{}\"{kind_attribute}>{}</{kind}>", escape(&message), escape(&body));
                    let _ = writeln!(suites, "    </testcase>");
                }
            }
        }
        let _ = writeln!(suites, "  </testsuite>");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fargate-guard\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"{all_errors}\" skipped=\"{all_skipped}\">\n{suites}</testsuites>\n"
    )
}
