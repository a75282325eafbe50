//! One pass: read → link → evaluate → configure → report.

use crate::config::{glob_match, selects, ActiveRule, Config, UndecidedPolicy};
use crate::input::limits::{clip, MAX_IDENTIFIER, MAX_MESSAGE, MAX_REPORT_BYTES};
use crate::input::{self, Format, InputFile, Source};
use crate::link::link;
use crate::model::{origin::spell_key, Model};
use crate::report::{Finding, Report, ResourceRef, Summary, Suppressed};
use crate::rules::{At, Check, Severity, Status, Subject};

/// A configuration resolved once against the rule registry, reused for many validations.
pub struct Engine {
    config: Config,
    active: Vec<ActiveRule>,
}

impl Engine {
    pub fn new(config: Config) -> Result<Engine, String> {
        let active = config.resolve()?;
        Ok(Engine { config, active })
    }

    pub fn threshold(&self) -> Severity {
        self.config.min_severity.unwrap_or(Severity::High)
    }

    /// Validates several documents together, so that resources in one can link to resources in another.
    pub fn validate_files(&self, files: &[InputFile<'_>], format: Option<Format>) -> Report {
        let mut model = Model::default();
        let (sources, errors) = input::read_files(files, format, &self.config.limits, &mut model);
        self.evaluate(&model, &sources, errors)
    }

    pub fn validate_str(&self, text: &str, file_name: &str, format: Option<Format>) -> Report {
        self.validate_files(&[InputFile { name: file_name, text }], format)
    }

    /// One resource's input properties as JSON text (Pulumi `validateResource`): `resource_type` is a Pulumi,
    /// CloudFormation or Terraform type; pointers in the report are into `props`. `Err` is a call error.
    pub fn validate_resource(&self, resource_type: &str, props: &str, name: Option<&str>, urn: Option<&str>) -> Result<Report, String> {
        let mut model = Model::default();
        let (sources, errors) = input::pulumi::read_resource(resource_type, props, name, urn, &self.config.limits, &mut model)?;
        Ok(self.evaluate(&model, &sources, errors))
    }

    pub(crate) fn evaluate(&self, model: &Model, sources: &[Source], mut errors: Vec<input::InputError>) -> Report {
        let links = link(model);
        let refs: Vec<ResourceRef> = model
            .resources
            .iter()
            .map(|r| {
                let source = sources.get(r.document as usize);
                ResourceRef {
                    kind: r.kind.as_str(),
                    name: clip(r.name.clone(), MAX_IDENTIFIER),
                    address: clip(r.address.clone(), MAX_IDENTIFIER),
                    file: source.map(|s| s.name.clone()).unwrap_or_default(),
                    format: source.and_then(|s| s.format).map_or("", Format::as_str),
                }
            })
            .collect();
        let mut summary = Summary { resources: model.resources.len(), rules: self.active.len(), threshold: self.threshold(), errors: errors.len(), ..Summary::default() };
        let mut findings = Vec::new();
        // Findings past the limit are counted in the summary but not built: memory and output stay bounded.
        let mut unreported: Option<(usize, &str)> = None;
        let mut listed_bytes = 0usize;
        for (index, resource) in model.resources.iter().enumerate() {
            let Some(subject) = Subject::new(index, model, &links) else { continue };
            for active in self.active.iter().filter(|a| a.rule.kinds.contains(&resource.kind)) {
                let mut check = Check::new(active.rule, active.params.as_ref());
                (active.rule.check)(&mut check, &subject);
                let failed = check.hits.iter().any(|h| h.status == Status::Fail);
                match (failed, check.hits.is_empty(), check.not_applicable) {
                    (true, _, _) => summary.fail += 1,
                    (false, false, _) => summary.undecided += 1,
                    (false, true, true) => summary.skip += 1,
                    (false, true, false) => summary.pass += 1,
                }
                let Some(resource_ref) = refs.get(index) else { continue };
                for hit in check.hits {
                    if hit.status == Status::Undecided && self.config.undecided == UndecidedPolicy::Ignore {
                        continue;
                    }
                    let severity = match (hit.status, self.config.undecided) {
                        (Status::Undecided, UndecidedPolicy::Fail) => active.severity.unwrap_or(active.rule.severity),
                        (Status::Undecided, _) => Severity::Info,
                        // A configured severity replaces the default; escalations keep their distance from it.
                        (Status::Fail, _) => active.severity.unwrap_or(hit.severity),
                    };
                    let (origin, missing) = match hit.at {
                        At::Value(origin) => (origin, None),
                        At::Missing { parent, key } => (parent, Some(spell_key(key, model.origins.style(parent)))),
                    };
                    let suppressed = self.suppression(resource, resource_ref, active.rule);
                    if suppressed.is_some() {
                        summary.suppressed += 1;
                    } else if severity >= self.threshold()
                        && (hit.status == Status::Fail || self.config.undecided == UndecidedPolicy::Fail)
                    {
                        summary.blocking += 1;
                    }
                    let path = (findings.len() < self.config.limits.max_findings && listed_bytes <= MAX_REPORT_BYTES)
                        .then(|| model.origins.path(origin));
                    let Some(path) = path else {
                        let first_file = unreported.map_or(resource_ref.file.as_str(), |(_, file)| file);
                        unreported = Some((unreported.map_or(0, |(count, _)| count) + 1, first_file));
                        continue;
                    };
                    listed_bytes += path.pointer.len() + path.embedded.as_ref().map_or(0, String::len) + resource_ref.name.len() + resource_ref.address.len() + hit.message.len().min(MAX_MESSAGE);
                    let location = sources.get(path.document as usize).and_then(|s| s.locate(&path));
                    findings.push(Finding {
                        rule_id: active.rule.id,
                        rule_name: active.rule.name,
                        status: hit.status,
                        severity,
                        title: active.rule.title,
                        message: clip(hit.message, MAX_MESSAGE),
                        resource: resource_ref.clone(),
                        path: path.pointer,
                        missing,
                        embedded_path: path.embedded,
                        location,
                        remediation: active.rule.remediation,
                        docs_url: active.rule.docs_url(),
                        references: active.rule.equivalents,
                        suppressed,
                    });
                }
            }
        }
        if let Some((count, file)) = unreported {
            let limit = self.config.limits.max_findings;
            let message = format!(
                "{count} more findings are not listed: a report lists at most {limit} findings (limits.maxFindings) and \
                 {MAX_REPORT_BYTES} bytes of paths and messages; the summary counts them all"
            );
            errors.push(input::InputError { file: file.to_string(), code: "too-many-findings", message, path: None, location: None });
            summary.errors = errors.len();
        }
        Report { version: crate::VERSION, findings, resources: refs, errors, skipped: Vec::new(), summary }
    }

    fn suppression(&self, resource: &crate::model::Resource, resource_ref: &ResourceRef, rule: &crate::rules::Rule) -> Option<Suppressed> {
        if let Some(inline) = resource.inline_suppressions.iter().find(|s| s.rule == rule.id || s.rule == rule.name) {
            return Some(Suppressed { reason: inline.reason.clone(), source: inline.source.clone() });
        }
        self.config
            .suppressions
            .iter()
            .find(|s| {
                selects(&s.rule, rule)
                    && s.resource.as_deref().map_or(true, |glob| glob_match(glob, &resource_ref.name) || glob_match(glob, &resource_ref.address))
            })
            .map(|s| Suppressed { reason: s.reason.clone(), source: "config".into() })
    }
}
