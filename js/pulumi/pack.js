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
 * The resource types the core reads (src/input/pulumi.rs), with their kind; null for the types that only add
 * to another resource (a cluster's capacity providers, a detector's features): alone they have no kind, in a
 * stack they complete the resource they name. Any other type is not applicable to every policy.
 */
const TYPES = Object.freeze({
  'aws:ecs/taskDefinition:TaskDefinition': 'TaskDefinition',
  'aws:ecs/service:Service': 'Service',
  'aws:ecs/cluster:Cluster': 'Cluster',
  'aws:ecs/clusterCapacityProviders:ClusterCapacityProviders': null,
  'aws:ecs/taskSet:TaskSet': 'TaskSet',
  'aws:ecs/capacityProvider:CapacityProvider': 'CapacityProvider',
  'aws:guardduty/detector:Detector': 'Detector',
  'aws:guardduty/detectorFeature:DetectorFeature': null,
  'aws-native:ecs:TaskDefinition': 'TaskDefinition',
  'aws-native:ecs:Service': 'Service',
  'aws-native:ecs:Cluster': 'Cluster',
  'aws-native:ecs:ClusterCapacityProviderAssociations': null,
  'aws-native:ecs:TaskSet': 'TaskSet',
  'aws-native:ecs:CapacityProvider': 'CapacityProvider',
  'aws-native:guardduty:Detector': 'Detector',
});

/** The kind of a type token: a kind name, null (read, but adds to another resource) or undefined (not read). */
function kindOfType(type) {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(TYPES, type) ? TYPES[type] : undefined;
}

/** Severity → default enforcement: what would break or expose a deployment blocks it, the rest advises. */
const ENFORCEMENT = Object.freeze({ critical: 'mandatory', high: 'mandatory', medium: 'advisory', low: 'advisory', info: 'advisory' });
/** Pulumi has no `info` severity. */
const SEVERITY = Object.freeze({ critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'low' });

/**
 * Kinds a stack can tell more about than the resource alone: workloads link to task definitions and clusters,
 * and attachments complete clusters and detectors. Capacity providers are judged alone.
 */
const LINKED_KINDS = new Set(['TaskDefinition', 'Service', 'Cluster', 'TaskSet', 'RunTask', 'Detector']);

/**
 * Types whose findings only the stack phase can give: a classic GuardDuty detector's features are separate
 * DetectorFeature resources, so the detector alone always looks disabled.
 */
const STACK_ONLY_TYPES = new Set(['aws:guardduty/detector:Detector']);

/** Kinds that reference others: alone, they never see their task definition or cluster. */
const WORKLOAD_KINDS = new Set(['Service', 'TaskSet', 'RunTask']);

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

/** Fixes one remediation applies at most (each costs a validation of the patched props). */
const MAX_FIX_ROUNDS = 32;

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
    ? `${finding.embeddedPath} in the JSON string at ${path || '(top level)'}`
    : path || '(top level)';
  if (finding.missing) text += `, missing "${finding.missing}"`;
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
      const options = {};
      if (typeof resource.name === 'string') options.name = resource.name;
      if (typeof resource.urn === 'string') options.urn = resource.urn;
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

  // Walking the object under the engine's proxy is several times faster than reading through its traps, and
  // the walk still turns every sentinel or unreadable value into an unknown.
  function plainResource(source) {
    return { type: source.type, name: source.name, urn: source.urn, props: toPlain(unwrapProxy(source.props)).value };
  }

  /**
   * A stack resource for the core. `propertyDependencies` (property → resources) lets it link a service to
   * its task definition while the ARN is still unknown in preview.
   */
  function plainStackResource(source) {
    const resource = plainResource(source);
    const dependencies = {};
    try {
      for (const [property, list] of Object.entries(source.propertyDependencies || {})) {
        const urns = (Array.isArray(list) ? list : []).map((d) => (typeof d === 'string' ? d : d && d.urn)).filter((u) => typeof u === 'string');
        if (urns.length > 0) dependencies[property] = urns;
      }
    } catch {
      // Without dependencies an unknown reference stays unresolved; the core says so.
    }
    if (Object.keys(dependencies).length > 0) resource.propertyDependencies = dependencies;
    return resource;
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
    if (kind === undefined) return `fargate-guard checks ECS and GuardDuty resources only, not ${type}`;
    if (kind !== null && !rule.kinds.includes(kind)) return `${rule.id} applies to ${rule.kinds.join(', ')}, not ${kind}`;
    return undefined;
  }

  /**
   * Whether the resource phase reports a finding, or leaves it to the stack phase (when the policy has one):
   * a workload's undecided findings (alone a service never reads its task definition, in the stack it can)
   * and every finding on a type whose settings live in other resources.
   */
  function reportedAlone(policy, type, finding) {
    if (!policy.validateStack) return true;
    if (STACK_ONLY_TYPES.has(type)) return false;
    return !(finding.status === 'undecided' && WORKLOAD_KINDS.has(finding.resource && finding.resource.kind));
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
        const kinds = kindsOf(result);
        if (!rule.kinds.some((k) => kinds.has(k))) {
          outcome = { notApplicable: `${rule.id} applies to ${rule.kinds.join(', ')}` };
        } else {
          report(policy, findingsOf(result, rule).filter((f) => reportedAlone(policy, args.type, f)), args.urn, policyConfig, reportViolation);
        }
      } catch (error) {
        reportError(policy, error, args.urn, reportViolation);
      }
      if (outcome) notApplicable(args, outcome.notApplicable);
      return undefined;
    };
  }

  /**
   * Identity of a finding for comparing a stack evaluation with per-resource ones. Not the message: the stack
   * words the same finding more precisely (it knows the operating system, the workloads).
   */
  function findingKey(f) {
    return JSON.stringify([f.ruleId, f.status, f.severity, f.path, f.embeddedPath || '', f.missing || '']);
  }

  /**
   * A stack finding made relative to the props it points into: the core's stack pointers start with the
   * resource's position in the array (`/2/props/…`). Returns the finding, the resource it is about (its URN is
   * the core's address) and, when the value lives in another resource (an attachment), that one.
   */
  function localise(finding, resources) {
    const address = finding.resource && finding.resource.address;
    const subject = resources.find((r) => r.urn === address) || resources.find((r) => finding.resource && r.name === finding.resource.name);
    const match = /^\/(0|[1-9][0-9]*)\/props(?=\/|$)/.exec(finding.path || '');
    const holder = match ? resources[Number(match[1])] : undefined;
    const path = match ? finding.path.slice(match[0].length) : finding.path;
    return { finding: { ...finding, path }, subject, holder: holder && holder !== subject ? holder : undefined };
  }

  function ruleValidateStack(rule, policy) {
    return (args, reportViolation) => {
      let outcome;
      try {
        const resources = (Array.isArray(args.resources) ? args.resources : [])
          .filter((r) => r && kindOfType(r.type) !== undefined)
          .map(plainStackResource);
        if (resources.length === 0) {
          outcome = { notApplicable: 'the stack has no ECS or GuardDuty resources' };
        } else {
          const policyConfig = safeConfig(args);
          const config = coreConfig(rule, policyConfig);
          const alone = new Map();
          for (const linked of findingsOf(stackReport(resources, config), rule).map((f) => localise(f, resources))) {
            const { subject, holder } = linked;
            if (subject && !holder) {
              // What validateResource reported for the resource alone is not repeated.
              if (!alone.has(subject)) {
                const { propertyDependencies, ...solo } = subject;
                const reported = findingsOf(resourceReport(solo, config), rule).filter((f) => reportedAlone(policy, solo.type, f));
                alone.set(subject, new Set(reported.map(findingKey)));
              }
              if (alone.get(subject).has(findingKey(linked.finding))) continue;
            }
            const finding = holder ? { ...linked.finding, path: `${linked.finding.path || '/'} of ${holder.name}` } : linked.finding;
            report(policy, [finding], subject && subject.urn, policyConfig, reportViolation);
          }
        }
      } catch (error) {
        reportError(policy, error, undefined, reportViolation);
      }
      if (outcome) notApplicable(args, outcome.notApplicable);
      return undefined;
    };
  }

  /**
   * Applies the fixes of one rule, one finding at a time, re-validating after each: fixes are computed against
   * the props they were found in (two removals from one array would otherwise shift each other's index).
   */
  function ruleRemediateResource(rule) {
    return (args) => {
      const mismatch = typeMismatch(rule, args.type);
      if (mismatch) return notApplicable(args, mismatch);
      try {
        const config = coreConfig(rule, safeConfig(args));
        // Patch the object under the proxies, where secrets are still boxed, so that they stay secret.
        let doc = unwrapProxy(args.props);
        let applied = 0;
        const tried = new Set();
        for (let round = 0; round < MAX_FIX_ROUNDS; round += 1) {
          const resource = { type: args.type, name: args.name, urn: args.urn, props: toPlain(doc).value };
          const next = findingsOf(resourceReport(resource, config), rule)
            .map((f) => (f.status === 'fail' ? fixOperations(f) : undefined))
            .find((operations) => operations && !tried.has(JSON.stringify(operations)));
          if (!next) break;
          tried.add(JSON.stringify(next));
          try {
            doc = applyPatch(doc, next);
            applied += 1;
          } catch (error) {
            // A fix that does not apply is skipped whole; its violation stays reported.
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
      if (kindOfType(args.type) === undefined) return notApplicable(args, `fargate-guard checks ECS and GuardDuty resources only, not ${args.type}`);
      try {
        const result = resourceReport(plainResource(args), { key: '', config: undefined });
        // An unknown type cannot happen (types are filtered above); keep the pack quiet if the core disagrees.
        for (const error of (Array.isArray(result.errors) ? result.errors : []).filter((e) => e.code !== 'unknown-resource-type')) {
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

module.exports = { createPolicies, paramSchema, INPUT_POLICY_NAME, TYPES };
