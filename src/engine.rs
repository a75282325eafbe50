//! One pass: read → link → evaluate → configure → report.

mod variants;

use crate::config::{did_you_mean, glob_match, rule_names, selects, ActiveRule, Config, UndecidedPolicy};
use crate::fix::{self, Documents};
use crate::input::limits::{clip, MAX_IDENTIFIER, MAX_MESSAGE, MAX_REPORT_BYTES};
use crate::input::{self, Format, InputFile, Source};
use crate::link::link;
use crate::model::{origin::spell_key, Model, Origins, Resource};
use crate::report::{Baseline, Evaluation, Finding, Fingerprint, Outcome, Report, ResourceRef, StaleSuppression, Summary, Suppressed};
use crate::rules::{self, At, Check, Hit, Rule, Severity, Status, Subject};
use std::collections::HashSet;

/// A configuration resolved once against the rule registry, reused for many validations.
pub struct Engine {
    config: Config,
    active: Vec<ActiveRule>,
    /// Findings accepted for now (`--baseline`): reported, marked, not blocking.
    baseline: HashSet<Fingerprint>,
}

impl Engine {
    pub fn new(config: Config) -> Result<Engine, String> {
        let active = config.resolve()?;
        Ok(Engine { config, active, baseline: HashSet::new() })
    }

    pub fn with_baseline(mut self, baseline: Baseline) -> Engine {
        self.baseline = baseline.findings.into_iter().collect();
        self
    }

    pub fn threshold(&self) -> Severity {
        self.config.min_severity.unwrap_or(Severity::High)
    }

    /// Validates several documents together, so that resources in one can link to resources in another.
    pub fn validate_files(&self, files: &[InputFile<'_>], format: Option<Format>) -> Report {
        let mut model = Model { origins: Origins::with_room_for(files.iter().map(|f| f.text.len()).sum()), ..Model::default() };
        let (sources, errors) = input::read_files(files, format, &self.config.limits, &mut model);
        self.evaluate(&model, &sources, errors, Documents::new(files.iter().map(|f| f.text).collect()))
    }

    pub fn validate_str(&self, text: &str, file_name: &str, format: Option<Format>) -> Report {
        self.validate_files(&[InputFile { name: file_name, text }], format)
    }

    /// One resource's input properties as JSON text (Pulumi `validateResource`): `resource_type` is a Pulumi,
    /// CloudFormation or Terraform type; pointers in the report are into `props`. `Err` is a call error.
    pub fn validate_resource(&self, resource_type: &str, props: &str, name: Option<&str>, urn: Option<&str>) -> Result<Report, String> {
        let mut model = Model::default();
        let (sources, errors) = input::pulumi::read_resource(resource_type, props, name, urn, &self.config.limits, &mut model)?;
        Ok(self.evaluate(&model, &sources, errors, Documents::new(vec![props])))
    }

    /// `documents` are the texts the model was read from (fixes inside JSON-encoded strings read them back).
    pub(crate) fn evaluate(&self, model: &Model, sources: &[Source], mut errors: Vec<input::InputError>, mut documents: Documents<'_>) -> Report {
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
        let mut evaluations = Vec::new();
        let mut used = Used { config: vec![false; self.config.suppressions.len()], inline: Vec::new() };
        let mut unreported: Option<(usize, &str)> = None;
        let mut listed_bytes = 0usize;
        for (index, resource) in model.resources.iter().enumerate() {
            let Some(subject) = Subject::new(index, model, &links) else { continue };
            let Some(resource_ref) = refs.get(index) else { continue };
            for active in self.active.iter().filter(|a| a.rule.kinds.contains(&resource.kind)) {
                let (outcome, hits) = run(active, &subject, &model.origins);
                match outcome {
                    Outcome::Fail => summary.fail += 1,
                    Outcome::Undecided => summary.undecided += 1,
                    Outcome::Skip => summary.skip += 1,
                    Outcome::Pass => summary.pass += 1,
                }
                evaluations.push(Evaluation { rule: active.rule.id, resource: index, outcome });
                for hit in hits {
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
                    let path = model.origins.path(origin);
                    let location = sources.get(path.document as usize).and_then(|s| s.locate(&path));
                    let suppressed = self.suppression(index, resource, resource_ref, active.rule, &mut used);
                    let mut finding = Finding {
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
                        fix: fix::patch(&hit.fix, &model.origins, &mut documents),
                        suppressed,
                        baseline: false,
                    };
                    finding.baseline = finding.suppressed.is_none() && !self.baseline.is_empty() && self.baseline.contains(&finding.fingerprint());
                    if finding.suppressed.is_some() {
                        summary.suppressed += 1;
                    } else if finding.baseline {
                        summary.baselined += 1;
                    } else if severity >= self.threshold()
                        && (hit.status == Status::Fail || self.config.undecided == UndecidedPolicy::Fail)
                    {
                        summary.blocking += 1;
                    }
                    // Findings past the limit are counted in the summary but not kept: memory and output stay bounded.
                    if findings.len() >= self.config.limits.max_findings || listed_bytes > MAX_REPORT_BYTES {
                        let first_file = unreported.map_or(resource_ref.file.as_str(), |(_, file)| file);
                        unreported = Some((unreported.map_or(0, |(count, _)| count) + 1, first_file));
                        continue;
                    }
                    listed_bytes += finding.path.len()
                        + finding.embedded_path.as_ref().map_or(0, String::len)
                        + resource_ref.name.len()
                        + resource_ref.address.len()
                        + finding.message.len();
                    findings.push(finding);
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
        let stale_suppressions = self.stale_suppressions(model, &used);
        summary.stale_suppressions = stale_suppressions.len();
        Report { version: crate::VERSION, findings, resources: refs, errors, skipped: Vec::new(), stale_suppressions, summary, evaluations }
    }

    /// The suppression that covers a finding of `rule` on a resource: one written on the resource first, then
    /// the first matching one of the config. Records which were used.
    fn suppression(&self, index: usize, resource: &Resource, resource_ref: &ResourceRef, rule: &Rule, used: &mut Used) -> Option<Suppressed> {
        if let Some((position, inline)) = resource.inline_suppressions.iter().enumerate().find(|(_, s)| s.rule == rule.id || s.rule == rule.name) {
            if !used.inline.contains(&(index, position)) {
                used.inline.push((index, position));
            }
            return Some(Suppressed { reason: inline.reason.clone(), source: inline.source.clone() });
        }
        let (position, suppression) = self.config.suppressions.iter().enumerate().find(|(_, s)| {
            selects(&s.rule, rule)
                && s.resource.as_deref().map_or(true, |glob| glob_match(glob, &resource_ref.name) || glob_match(glob, &resource_ref.address))
        })?;
        if let Some(flag) = used.config.get_mut(position) {
            *flag = true;
        }
        Some(Suppressed { reason: suppression.reason.clone(), source: "config".into() })
    }

    /// Suppressions that covered no finding: config entries, and inline ones (which may also name no rule).
    fn stale_suppressions(&self, model: &Model, used: &Used) -> Vec<StaleSuppression> {
        let mut stale = Vec::new();
        for (suppression, _) in self.config.suppressions.iter().zip(&used.config).filter(|(_, used)| !**used) {
            stale.push(StaleSuppression {
                rule: suppression.rule.clone(),
                resource: suppression.resource.clone(),
                reason: suppression.reason.clone(),
                source: "config".into(),
                message: "this suppression matched no finding; remove it".into(),
            });
        }
        for (index, resource) in model.resources.iter().enumerate() {
            for (position, inline) in resource.inline_suppressions.iter().enumerate() {
                if used.inline.contains(&(index, position)) {
                    continue;
                }
                let message = match rules::find(&inline.rule) {
                    Some(_) => "this suppression matched no finding on its resource; remove it".to_string(),
                    None => format!("`{}` names no rule{}", inline.rule, did_you_mean(&inline.rule, rule_names())),
                };
                stale.push(StaleSuppression {
                    rule: inline.rule.clone(),
                    resource: Some(resource.address.clone()),
                    reason: inline.reason.clone(),
                    source: inline.source.clone(),
                    message,
                });
            }
        }
        stale
    }
}

/// Runs a rule on a resource: once, or once per variant with what they say merged (fail when any fails).
fn run(active: &ActiveRule, subject: &Subject<'_>, origins: &Origins) -> (Outcome, Vec<Hit>) {
    let check = |subject: &Subject<'_>| {
        let mut check = Check::new(active.rule, active.params.as_ref());
        (active.rule.check)(&mut check, subject);
        let failed = check.hits.iter().any(|h| h.status == Status::Fail);
        let outcome = match (failed, check.hits.is_empty(), check.not_applicable) {
            (true, _, _) => Outcome::Fail,
            (false, false, _) => Outcome::Undecided,
            (false, true, true) => Outcome::Skip,
            (false, true, false) => Outcome::Pass,
        };
        (outcome, check.hits)
    };
    let variants = &subject.resource.variants;
    if variants.is_empty() {
        return check(subject);
    }
    let rank = |outcome: &Outcome| match outcome {
        Outcome::Skip => 0,
        Outcome::Pass => 1,
        Outcome::Undecided => 2,
        Outcome::Fail => 3,
    };
    let (outcomes, hits): (Vec<Outcome>, Vec<Vec<Hit>>) = variants.iter().map(|v| check(&subject.in_variant(v))).unzip();
    let outcome = outcomes.into_iter().max_by_key(rank).unwrap_or(Outcome::Skip);
    (outcome, variants::merge(variants, hits, origins))
}

/// Which suppressions covered a finding: config entries by position, inline ones by (resource, position).
struct Used {
    config: Vec<bool>,
    inline: Vec<(usize, usize)>,
}
