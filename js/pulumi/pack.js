'use strict';
// Builds the CrossGuard policies from the core's rule metadata: one policy per rule, named as the rule, so
// users set the enforcement level and the parameters of each rule in `--policy-pack-config`.
//
// Each policy
// - validates one resource's *inputs* (`validateResource`): runs during preview and again before each
//   create/update in `pulumi up`, so mandatory rules block;
// - validates the whole stack (`validateStack`, for rules over linked kinds), reporting only what the links add
//   (a task definition judged with the platform version of the service that runs it, a cluster with the Fargate
//   services placed on it): findings that evaluating each resource alone does not give;
// - remediates (`remediateResource`) by applying the JSON Patch `fix` that findings may carry.
// A resource is validated once per content and rule configuration, whatever the number of policies.
// Nothing here throws into the engine: an exception would abort `pulumi preview` (formats.md §1.2).

const { toPlain, unwrapProxy } = require('./props');
const { applyPatch, fixOperations, PatchError } = require('./patch');

/**
 * The resource types the core reads, with their kind when it is fixed (null: the core decides, e.g. a
 * cluster's capacity-provider association). Any other type is not applicable to every policy.
 */
const CLASSIC_TYPES = Object.freeze({
  'aws:ecs/taskDefinition:TaskDefinition': 'TaskDefinition',
  'aws:ecs/service:Service': 'Service',
  'aws:ecs/cluster:Cluster': 'Cluster',
  'aws:ecs/clusterCapacityProviders:ClusterCapacityProviders': null,
  'aws:ecs/taskSet:TaskSet': 'TaskSet',
  'aws:ecs/capacityProvider:CapacityProvider': 'CapacityProvider',
});
const NATIVE_PREFIX = 'aws-native:ecs:';
const NATIVE_KINDS = Object.freeze({
  TaskDefinition: 'TaskDefinition',
  Service: 'Service',
  Cluster: 'Cluster',
  TaskSet: 'TaskSet',
  CapacityProvider: 'CapacityProvider',
});

/** The kind of a type token: a kind name, null (ECS, kind decided by the core) or undefined (not ECS). */
function kindOfType(type) {
  if (typeof type !== 'string') return undefined;
  if (Object.prototype.hasOwnProperty.call(CLASSIC_TYPES, type)) return CLASSIC_TYPES[type];
  if (type.startsWith(NATIVE_PREFIX)) {
    const name = type.slice(NATIVE_PREFIX.length);
    return Object.prototype.hasOwnProperty.call(NATIVE_KINDS, name) ? NATIVE_KINDS[name] : null;
  }
  return undefined;
}

/** Severity → default enforcement: what would break or expose a deployment blocks it, the rest advises. */
const ENFORCEMENT = Object.freeze({ critical: 'mandatory', high: 'mandatory', medium: 'advisory', low: 'advisory', info: 'advisory' });
/** Pulumi has no `info` severity. */
const SEVERITY = Object.freeze({ critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'low' });

/** Kinds whose resources the core links to one another (workload → task definition and cluster). */
const LINKED_KINDS = new Set(['TaskDefinition', 'Service', 'Cluster', 'TaskSet', 'RunTask']);

/** Config keys every policy accepts besides its rule's parameters. */
const COMMON_CONFIG = Object.freeze({
  undecided: {
    type: 'string',
    enum: ['advisory', 'ignore'],
    default: 'advisory',
    description: 'What to do when a value the rule needs is only known at deployment (preview unknowns): report it as an advisory, or ignore it.',
  },
  suppressions: {
    type: 'array',
    description: 'Resources this rule does not apply to, each with the reason (kept in the core report as suppressed).',
    items: {
      type: 'object',
      properties: {
        resource: { type: 'string', description: 'Resource name or URN; globs (*) allowed. Every resource when omitted.' },
        reason: { type: 'string', minLength: 1 },
      },
      required: ['reason'],
      additionalProperties: false,
    },
  },
});

const INPUT_POLICY_NAME = 'fargate-guard-input-errors';

function schemaOfValue(value) {
  if (Array.isArray(value)) {
    // Every list parameter in the catalogue is a list of strings; an empty default says nothing more.
    return { type: 'array', items: value.length > 0 ? schemaOfValue(value[0]) : { type: 'string' } };
  }
  if (value === null) return {};
  switch (typeof value) {
    case 'string': return { type: 'string' };
    case 'boolean': return { type: 'boolean' };
    case 'number': return { type: 'number' };
    default: return { type: 'object' };
  }
}

/** JSON Schema of a rule parameter, from its default (JSON text). */
function paramSchema(param) {
  let value;
  try {
    value = JSON.parse(param.default);
  } catch {
    return { description: param.description };
  }
  return { ...schemaOfValue(value), default: value, description: param.description };
}

function configSchema(rule) {
  const properties = {};
  for (const param of rule.params || []) {
    // The engine exits on `enforcementLevel` in a schema; it is not a parameter name anyway.
    if (param.name !== 'enforcementLevel') properties[param.name] = paramSchema(param);
  }
  for (const [name, schema] of Object.entries(COMMON_CONFIG)) {
    if (!Object.prototype.hasOwnProperty.call(properties, name)) properties[name] = schema;
  }
  return { properties };
}

function errorText(error) {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}

function safeConfig(args) {
  try {
    const config = typeof args.getConfig === 'function' ? args.getConfig() : undefined;
    return config !== null && typeof config === 'object' ? toPlain(config).value : {};
  } catch {
    return {};
  }
}

/** The core configuration for one rule's policy config; `key` is '' for the defaults (shared by all rules). */
function coreConfig(rule, policyConfig) {
  const params = {};
  for (const param of rule.params || []) {
    if (Object.prototype.hasOwnProperty.call(policyConfig, param.name)) params[param.name] = policyConfig[param.name];
  }
  const suppressions = Array.isArray(policyConfig.suppressions)
    ? policyConfig.suppressions.map((s) => ({ rule: rule.id, ...(s && typeof s === 'object' ? s : {}) }))
    : [];
  const config = {};
  if (Object.keys(params).length > 0) config.rules = { [rule.id]: { params } };
  if (suppressions.length > 0) config.suppressions = suppressions;
  if (Object.keys(config).length === 0) return { key: '', config: undefined };
  return { key: JSON.stringify(config), config };
}

/** Where a finding points, in the user's props: a pointer, possibly into a JSON string, maybe a missing key. */
function locationText(finding) {
  const path = finding.path || '';
  let text = finding.embeddedPath
    ? `${finding.embeddedPath} in the JSON string at ${path || '/'}`
    : path || '(the resource)';
  if (finding.missing) text += ` (missing "${finding.missing}")`;
  return text;
}

function failText(finding) {
  return `[${finding.ruleId}] ${finding.message}\n  at: ${locationText(finding)}\n  remediation: ${finding.remediation}`;
}

function undecidedText(finding) {
  return `[${finding.ruleId}] not checked: ${finding.message}\n  at: ${locationText(finding)}\n`
    + '  the value is only known at deployment; the rule runs again once it is known (pulumi up).';
}

/** A small LRU map: the engine runs one policy after another on the same resource, then moves on. */
class Lru {
  constructor(limit) {
    this.limit = limit;
    this.map = new Map();
  }

  get(key) {
    if (!this.map.has(key)) return undefined;
    const value = this.map.get(key);
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key, value) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value);
  }
}

/**
 * The policies of the pack, built on a core exposing `rules()`, `validateResource(type, props, options)` and
 * `validateStack(resources, options)` (the fargate-guard package, or a stand-in in tests).
 */
function createPolicies(core, { cacheSize = 1024 } = {}) {
  const cache = new Lru(cacheSize);
  const counters = { resourceValidations: 0, stackValidations: 0 };

  // Results and errors are both cached: a failing input fails once, not once per policy.
  function cached(key, compute) {
    let entry = cache.get(key);
    if (entry === undefined) {
      try {
        entry = { report: compute() };
      } catch (error) {
        entry = { error: errorText(error) };
      }
      cache.set(key, entry);
    }
    if (entry.error !== undefined) throw new Error(entry.error);
    return entry.report;
  }

  /** `resource` = { type, name, urn, props (plain JSON) }. */
  function resourceReport(resource, config) {
    const key = `r\u0000${config.key}\u0000${resource.type}\u0000${resource.urn}\u0000${resource.name}\u0000${JSON.stringify(resource.props)}`;
    return cached(key, () => {
      counters.resourceValidations += 1;
      const options = { name: resource.name };
      if (config.config) options.config = config.config;
      return core.validateResource(resource.type, resource.props, options);
    });
  }

  function stackReport(resources, config) {
    const key = `s\u0000${config.key}\u0000${JSON.stringify(resources)}`;
    return cached(key, () => {
      counters.stackValidations += 1;
      return core.validateStack(resources, config.config ? { config: config.config } : {});
    });
  }

  function plainResource(source) {
    return { type: source.type, name: source.name, urn: source.urn, props: toPlain(source.props).value };
  }

  function findingsOf(report, rule) {
    return (report && Array.isArray(report.findings) ? report.findings : [])
      .filter((f) => (f.ruleId === rule.id || f.ruleName === rule.name) && !f.suppressed);
  }

  function kindsOf(report) {
    return new Set((report && Array.isArray(report.resources) ? report.resources : []).map((r) => r.kind));
  }

  /** Reports findings as violations; undecided ones as advisories (or not at all when configured so). */
  function report(policy, findings, urn, policyConfig, reportViolation) {
    for (const finding of findings) {
      if (finding.status === 'undecided') {
        if (policyConfig.undecided === 'ignore') continue;
        reportViolation({ message: `${policy.description}\n${undecidedText(finding)}`, urn, enforcementLevel: 'advisory' });
      } else if (SEVERITY[finding.severity] && finding.severity !== policy.ruleSeverity) {
        // An escalated (or lowered) finding keeps the policy's enforcement but shows its own severity.
        reportViolation({ message: `${policy.description}\n${failText(finding)}`, urn, severity: SEVERITY[finding.severity] });
      } else {
        reportViolation(failText(finding), urn);
      }
    }
  }

  function reportError(policy, error, urn, reportViolation) {
    try {
      reportViolation({
        message: `${policy.description}\nfargate-guard could not evaluate this rule: ${errorText(error)}`,
        urn,
        enforcementLevel: 'advisory',
      });
    } catch {
      // Nothing left to tell the engine.
    }
  }

  function notApplicable(args, reason) {
    if (typeof args.notApplicable === 'function') args.notApplicable(reason);
  }

  /** Why a rule does not apply to a resource type, or undefined when it may. */
  function typeMismatch(rule, type) {
    const kind = kindOfType(type);
    if (kind === undefined) return `fargate-guard checks ECS resources only, not ${type}`;
    if (kind !== null && !rule.kinds.includes(kind)) return `${rule.id} applies to ${rule.kinds.join(', ')}, not ${kind}`;
    return undefined;
  }

  function ruleValidateResource(rule, policy) {
    return (args, reportViolation) => {
      const mismatch = typeMismatch(rule, args.type);
      if (mismatch) return notApplicable(args, mismatch);
      let outcome;
      try {
        const policyConfig = safeConfig(args);
        const resource = plainResource(args);
        const result = resourceReport(resource, coreConfig(rule, policyConfig));
        if (!rule.kinds.some((k) => kindsOf(result).has(k))) {
          outcome = { notApplicable: `${rule.id} applies to ${rule.kinds.join(', ')}` };
        } else {
          report(policy, findingsOf(result, rule), args.urn, policyConfig, reportViolation);
        }
      } catch (error) {
        reportError(policy, error, args.urn, reportViolation);
      }
      if (outcome) notApplicable(args, outcome.notApplicable);
      return undefined;
    };
  }

  /** Identity of a finding for comparing a stack evaluation with per-resource ones. */
  function findingKey(f) {
    return JSON.stringify([f.ruleId, f.status, f.severity, f.path, f.embeddedPath || '', f.missing || '', f.message]);
  }

  /** The stack resource a finding is about: by URN or name (the core's address), else by name. */
  function resourceOfFinding(finding, resources) {
    const ref = finding.resource || {};
    return resources.find((r) => ref.address !== undefined && (r.urn === ref.address || r.name === ref.address))
      || resources.find((r) => ref.name !== undefined && r.name === ref.name);
  }

  function ruleValidateStack(rule, policy) {
    return (args, reportViolation) => {
      let outcome;
      try {
        const resources = (Array.isArray(args.resources) ? args.resources : [])
          .filter((r) => r && kindOfType(r.type) !== undefined)
          .map(plainResource);
        if (resources.length === 0) {
          outcome = { notApplicable: 'the stack has no ECS resources' };
        } else {
          const policyConfig = safeConfig(args);
          const config = coreConfig(rule, policyConfig);
          const linked = findingsOf(stackReport(resources, config), rule);
          const alone = new Map();
          const added = [];
          for (const finding of linked) {
            const resource = resourceOfFinding(finding, resources);
            if (resource && !alone.has(resource)) {
              alone.set(resource, new Set(findingsOf(resourceReport(resource, config), rule).map(findingKey)));
            }
            if (!resource || !alone.get(resource).has(findingKey(finding))) added.push({ finding, urn: resource && resource.urn });
          }
          for (const { finding, urn } of added) report(policy, [finding], urn, policyConfig, reportViolation);
        }
      } catch (error) {
        reportError(policy, error, undefined, reportViolation);
      }
      if (outcome) notApplicable(args, outcome.notApplicable);
      return undefined;
    };
  }

  function ruleRemediateResource(rule) {
    return (args) => {
      const mismatch = typeMismatch(rule, args.type);
      if (mismatch) return notApplicable(args, mismatch);
      try {
        // Patch the object under the proxies, where secrets are still boxed, so that they stay secret.
        const raw = unwrapProxy(args.props);
        const resource = { type: args.type, name: args.name, urn: args.urn, props: toPlain(raw).value };
        const result = resourceReport(resource, coreConfig(rule, safeConfig(args)));
        let doc = raw;
        let applied = 0;
        for (const finding of findingsOf(result, rule)) {
          const operations = finding.status === 'fail' ? fixOperations(finding) : undefined;
          if (!operations) continue;
          try {
            doc = applyPatch(doc, operations);
            applied += 1;
          } catch (error) {
            // A fix that does not apply (the props moved on) is skipped whole; the violation stays reported.
            if (!(error instanceof PatchError)) throw error;
          }
        }
        return applied > 0 ? doc : undefined;
      } catch {
        return undefined;
      }
    };
  }

  function rulePolicy(rule) {
    const policy = {
      name: rule.name,
      displayName: `${rule.id} ${rule.title}`,
      description: `${rule.id}: ${rule.title}`,
      enforcementLevel: ENFORCEMENT[rule.severity] || 'advisory',
      severity: SEVERITY[rule.severity] || 'low',
      remediationSteps: rule.remediation,
      url: rule.docsUrl,
      tags: ['aws', 'ecs', rule.id],
      configSchema: configSchema(rule),
    };
    // Kept off the enumerable policy so that only @pulumi/policy fields are visible to the engine.
    Object.defineProperty(policy, 'ruleSeverity', { value: rule.severity, enumerable: false });
    Object.defineProperty(policy, 'ruleId', { value: rule.id, enumerable: false });
    policy.validateResource = ruleValidateResource(rule, policy);
    if (rule.kinds.some((k) => LINKED_KINDS.has(k))) policy.validateStack = ruleValidateStack(rule, policy);
    policy.remediateResource = ruleRemediateResource(rule);
    return policy;
  }

  function inputPolicy() {
    const policy = {
      name: INPUT_POLICY_NAME,
      displayName: 'fargate-guard input errors',
      description: 'fargate-guard: ECS resource inputs that could not be read, so rules could not check them',
      enforcementLevel: 'advisory',
      severity: 'medium',
      tags: ['aws', 'ecs'],
    };
    policy.validateResource = (args, reportViolation) => {
      if (kindOfType(args.type) === undefined) return notApplicable(args, `fargate-guard checks ECS resources only, not ${args.type}`);
      try {
        const result = resourceReport(plainResource(args), { key: '', config: undefined });
        for (const error of Array.isArray(result.errors) ? result.errors : []) {
          const where = error.path ? ` at ${error.path}` : '';
          reportViolation(`[${error.code}] ${error.message}${where}`, args.urn);
        }
      } catch (error) {
        reportError(policy, error, args.urn, reportViolation);
      }
      return undefined;
    };
    return policy;
  }

  const rules = core.rules();
  const policies = [...rules.map(rulePolicy), inputPolicy()];
  return { policies, counters };
}

module.exports = {
  createPolicies,
  kindOfType,
  paramSchema,
  locationText,
  ENFORCEMENT,
  SEVERITY,
  INPUT_POLICY_NAME,
  CLASSIC_TYPES,
};
