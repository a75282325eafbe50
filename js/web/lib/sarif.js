// SARIF 2.1.0 from a report and rules(), for the page's export (GitHub code scanning reads it).
// Levels and security-severity follow Trivy's mapping (formats.md §5); columns are code points, as the core counts.

const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

function ruleDescriptor(rule) {
  const properties = { tags: ['security', 'ecs', 'fargate'], precision: 'high' };
  if (SECURITY_SEVERITY[rule.severity]) properties['security-severity'] = SECURITY_SEVERITY[rule.severity];
  const descriptor = {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description || rule.title },
    help: { text: rule.remediation || rule.title },
    defaultConfiguration: { level: LEVEL[rule.severity] || 'warning' },
    properties,
  };
  if (rule.docsUrl) descriptor.helpUri = rule.docsUrl;
  return descriptor;
}

function physicalLocation(file, location) {
  const region = location ? { startLine: location.line, startColumn: location.column || 1 } : { startLine: 1 };
  return { artifactLocation: { uri: encodeURI(String(file || 'input').replace(/\\/g, '/')) }, region };
}

function result(finding, ruleIndex) {
  const undecided = finding.status === 'undecided';
  const out = {
    ruleId: finding.ruleId,
    // SARIF: a result whose kind is not "fail" has level "none".
    kind: undecided ? 'review' : 'fail',
    level: undecided ? 'none' : LEVEL[finding.severity] || 'warning',
    message: { text: `${finding.message} (${finding.resource.address})` },
    locations: [
      {
        physicalLocation: physicalLocation(finding.resource.file, finding.location),
        logicalLocations: [{ fullyQualifiedName: finding.resource.address, kind: 'resource' }],
      },
    ],
    properties: { severity: finding.severity, path: finding.path, resourceKind: finding.resource.kind },
  };
  if (ruleIndex >= 0) out.ruleIndex = ruleIndex;
  if (finding.missing) out.properties.missing = finding.missing;
  if (finding.suppressed) {
    out.suppressions = [
      { kind: finding.suppressed.source === 'config' ? 'external' : 'inSource', justification: finding.suppressed.reason },
    ];
  }
  return out;
}

function notification(error) {
  const out = { level: 'error', message: { text: `${error.code}: ${error.message}` }, descriptor: { id: error.code } };
  out.locations = [{ physicalLocation: physicalLocation(error.file, error.location) }];
  return out;
}

export function toSarif(report, rules, { toolVersion } = {}) {
  const descriptors = rules.map(ruleDescriptor);
  const indexOf = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'fargate-guard', version: toolVersion || report.version, rules: descriptors } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: (report.errors || []).map(notification),
          },
        ],
        columnKind: 'unicodeCodePoints',
        results: (report.findings || []).map((finding) => result(finding, indexOf.has(finding.ruleId) ? indexOf.get(finding.ruleId) : -1)),
      },
    ],
  };
}
