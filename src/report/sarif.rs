//! SARIF 2.1.0 (formats.md §5), as GitHub code scanning reads it: every rule of the catalogue with its
//! metadata and `security-severity`, one result per finding with a physical location (line 1 when the input
//! has no lines, e.g. a Terraform plan; the resource address is then in the message and the logical
//! location), suppressions with their justification, baseline state when a baseline was given.

use super::{Finding, Report};
use crate::input::InputError;
use crate::rules::{self, Rule, Severity, Status};
use serde_json::{json, Value as Json};

pub const INFORMATION_URI: &str = "https://github.com/fargate-guard/fargate-guard";

/// GitHub shows help.markdown up to this length.
const HELP_LIMIT: usize = 1024;

/// critical/high → error, medium → warning, low/info → note (checkov's and Trivy's mapping).
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's bands: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low (Trivy's values).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
        Severity::Info => "0.5",
    }
}

fn group(rule: &Rule) -> &'static str {
    rule.id.split('-').next().unwrap_or(rule.id)
}

/// At most `limit` bytes, cut at a character boundary with an ellipsis.
fn clip(text: String, limit: usize) -> String {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit.saturating_sub(3);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", text.get(..end).unwrap_or_default())
}

fn descriptor(rule: &Rule) -> Json {
    let markdown = format!("{}\n\n**Fix:** {}\n\n[Documentation]({})", rule.description, rule.remediation, rule.docs_url());
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {"text": format!("{}\n\nFix: {}", rule.description, rule.remediation), "markdown": clip(markdown, HELP_LIMIT)},
        "helpUri": rule.docs_url(),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "security-severity": security_severity(rule.severity),
            "tags": ["security", group(rule)],
            "precision": "high",
            "severity": rule.severity.as_str(),
        },
    })
}

/// A file name as a URI reference: forward slashes, and percent-encoding for what a URI cannot hold.
pub fn file_uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for byte in file.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn physical(file: &str, line: u32, column: u32) -> Json {
    json!({"artifactLocation": {"uri": file_uri(file)}, "region": {"startLine": line.max(1), "startColumn": column.max(1)}})
}

fn result(finding: &Finding, rule_index: Option<usize>, baseline_given: bool) -> Json {
    let (line, column) = finding.location.map_or((1, 1), |l| (l.line, l.column));
    let undecided = finding.status == Status::Undecided;
    let mut properties = json!({"severity": finding.severity.as_str(), "status": if undecided { "undecided" } else { "fail" },
        "path": finding.path, "resourceKind": finding.resource.kind});
    if let Some(object) = properties.as_object_mut() {
        if let Some(missing) = &finding.missing {
            object.insert("missing".into(), missing.clone().into());
        }
        if let Some(embedded) = &finding.embedded_path {
            object.insert("embeddedPath".into(), embedded.clone().into());
        }
    }
    let mut out = json!({
        "ruleId": finding.rule_id,
        // Undecided is not a failure: shown as a note whatever the severity.
        "level": if undecided { "note" } else { level(finding.severity) },
        "message": {"text": format!("{} [{}]", finding.message, finding.resource.address)},
        "locations": [{
            "physicalLocation": physical(&finding.resource.file, line, column),
            "logicalLocations": [{"name": finding.resource.name, "fullyQualifiedName": finding.resource.address, "kind": "resource"}],
        }],
        "partialFingerprints": {"fargateGuardFinding/v1": fingerprint_text(finding)},
        "properties": properties,
    });
    if let Some(object) = out.as_object_mut() {
        if let Some(index) = rule_index {
            object.insert("ruleIndex".into(), index.into());
        }
        if let Some(suppressed) = &finding.suppressed {
            let kind = if suppressed.source == "config" { "external" } else { "inSource" };
            object.insert("suppressions".into(), json!([{"kind": kind, "justification": suppressed.reason}]));
        }
        if baseline_given {
            object.insert("baselineState".into(), if finding.baseline { "unchanged" } else { "new" }.into());
        }
    }
    out
}

/// The baseline fingerprint as one line-independent string.
fn fingerprint_text(finding: &Finding) -> String {
    let f = finding.fingerprint();
    format!("{}|{}|{}|{}", f.rule_id, f.file, f.resource, f.path)
}

fn notification(error: &InputError) -> Json {
    let (line, column) = error.location.map_or((1, 1), |l| (l.line, l.column));
    json!({"level": "error", "message": {"text": format!("{}: {}", error.code, error.message)}, "descriptor": {"id": error.code},
        "locations": [{"physicalLocation": physical(&error.file, line, column)}]})
}

/// The report as a SARIF log. `baseline_given` adds `baselineState` to every result.
pub fn render(report: &Report, baseline_given: bool) -> String {
    let catalogue: Vec<&Rule> = rules::all().collect();
    let results: Vec<Json> = report
        .findings
        .iter()
        .map(|finding| result(finding, catalogue.iter().position(|r| r.id == finding.rule_id), baseline_given))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "fargate-guard",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": catalogue.iter().map(|rule| descriptor(rule)).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": report.errors.iter().map(notification).collect::<Vec<_>>(),
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    super::pretty_json(&log, report.rendered_size_hint()).unwrap_or_default()
}
