// Turning a report into what the page lists: failing findings grouped by resource and sorted by severity,
// with undecided and suppressed findings kept apart. Pure functions, tested in Node.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

export const severityRank = (severity) => {
  const index = SEVERITIES.indexOf(severity);
  return index < 0 ? SEVERITIES.length : index;
};

export const atLeast = (severity, minimum) => severityRank(severity) <= severityRank(minimum);

const line = (finding) => (finding.location ? finding.location.line : Number.MAX_SAFE_INTEGER);

export function compareFindings(a, b) {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    line(a) - line(b) ||
    String(a.ruleId).localeCompare(String(b.ruleId)) ||
    String(a.path).localeCompare(String(b.path))
  );
}

const resourceKey = (resource) => `${resource.file}\u0000${resource.address}`;

/**
 * `{ failing: [{ resource, findings }], undecided: [], suppressed: [], hidden }`: suppressed wins over
 * undecided; findings below `minSeverity` are counted in `hidden`, not listed.
 */
export function organise(report, { minSeverity = 'info' } = {}) {
  const groups = new Map();
  const undecided = [];
  const suppressed = [];
  let hidden = 0;
  for (const finding of report.findings || []) {
    if (!atLeast(finding.severity, minSeverity)) {
      hidden++;
    } else if (finding.suppressed) {
      suppressed.push(finding);
    } else if (finding.status === 'undecided') {
      undecided.push(finding);
    } else {
      const key = resourceKey(finding.resource);
      if (!groups.has(key)) groups.set(key, { resource: finding.resource, findings: [] });
      groups.get(key).findings.push(finding);
    }
  }
  const failing = [...groups.values()];
  for (const group of failing) group.findings.sort(compareFindings);
  failing.sort(
    (a, b) =>
      compareFindings(a.findings[0], b.findings[0]) || String(a.resource.address).localeCompare(String(b.resource.address)),
  );
  undecided.sort(compareFindings);
  suppressed.sort(compareFindings);
  return { failing, undecided, suppressed, hidden };
}

/** Resources of the report without any listed failing finding. */
export function cleanResources(report, failing) {
  const flagged = new Set(failing.map((group) => resourceKey(group.resource)));
  return (report.resources || []).filter((resource) => !flagged.has(resourceKey(resource)));
}

/** Detected formats of the report's resources, without repeats. */
export function detectedFormats(report) {
  return [...new Set((report.resources || []).map((resource) => resource.format).filter(Boolean))];
}
