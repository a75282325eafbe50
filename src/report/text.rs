//! Human-readable text, grouped by file and resource, most severe first within a resource.

use super::{Finding, Report};
use crate::rules::Status;
use std::fmt::Write;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for error in &report.errors {
        let at = error.location.map(|l| format!(":{}:{}", l.line, l.column)).unwrap_or_default();
        let _ = writeln!(out, "{}{at}: error[{}]: {}", error.file, error.code, error.message);
    }
    let mut current: Option<(&str, &str)> = None;
    for finding in sorted(&report.findings) {
        let key = (finding.resource.file.as_str(), finding.resource.address.as_str());
        if current != Some(key) {
            let _ = writeln!(out, "\n{}  {} {}", finding.resource.file, finding.resource.kind, finding.resource.name);
            current = Some(key);
        }
        let status = match (&finding.suppressed, finding.status) {
            (Some(_), _) => "suppressed",
            (None, _) if finding.baseline => "baseline",
            (None, Status::Undecided) => "undecided",
            (None, Status::Fail) => finding.severity.as_str(),
        };
        let location = finding.location.map(|l| format!(" ({}:{})", l.line, l.column)).unwrap_or_default();
        let mut path = finding.path.clone();
        if let Some(missing) = &finding.missing {
            let _ = write!(path, " (missing {missing})");
        }
        if let Some(embedded) = &finding.embedded_path {
            let _ = write!(path, " -> {embedded}");
        }
        let _ = writeln!(out, "  {status:<10} {} {}  {path}{location}", finding.rule_id, finding.rule_name);
        let _ = writeln!(out, "             {}", finding.message);
        if let Some(suppressed) = &finding.suppressed {
            let _ = writeln!(out, "             suppressed ({}): {}", suppressed.source, suppressed.reason);
        } else if finding.status == Status::Fail && !finding.baseline {
            let fixable = if finding.fix.is_some() { " (fixable with --fix)" } else { "" };
            let _ = writeln!(out, "             fix: {}{fixable}", finding.remediation);
        }
    }
    if !report.stale_suppressions.is_empty() {
        out.push('\n');
    }
    for stale in &report.stale_suppressions {
        let resource = stale.resource.as_deref().map(|r| format!(" on {r}")).unwrap_or_default();
        let _ = writeln!(out, "warning: stale suppression of {}{resource} ({}): {}", stale.rule, stale.source, stale.message);
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "\n{} resources, {} rules: {} failed, {} undecided, {} passed, {} skipped, {} suppressed, {} in baseline; {} at or above {}; {} input errors",
        s.resources,
        s.rules,
        s.fail,
        s.undecided,
        s.pass,
        s.skip,
        s.suppressed,
        s.baselined,
        s.blocking,
        s.threshold.as_str(),
        s.errors
    );
    out
}

/// Findings keep report order (file, resource, rule); within a resource the most severe come first.
fn sorted(findings: &[Finding]) -> Vec<&Finding> {
    let mut list: Vec<&Finding> = findings.iter().collect();
    list.sort_by(|a, b| {
        (a.resource.file.as_str(), a.resource.address.as_str())
            .cmp(&(b.resource.file.as_str(), b.resource.address.as_str()))
            .then(b.severity.cmp(&a.severity))
    });
    list
}
