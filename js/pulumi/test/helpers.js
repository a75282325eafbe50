'use strict';
// Calls policies the way @pulumi/policy's server does (server.ts makeAnalyzeRpcFun / makeAnalyzeStackRpcFun /
// makeRemediateRpcFun), without the Pulumi CLI: args of the same shape, a throwing notApplicable, and a
// reportViolation that collects both of its forms (a message string, or an object with an enforcement level).

class NotApplicable extends Error {
  constructor(reason) {
    super(reason || 'Policy does not apply');
    this.reason = reason;
  }
}

const emptyOpts = Object.freeze({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
});

function urnOf(type, name) {
  return `urn:pulumi:dev::shop::${type}::${name}`;
}

function isTypeOf(type, resourceClass) {
  return resourceClass && typeof resourceClass.isInstance === 'function' && resourceClass.isInstance({ __pulumiType: type }) === true;
}

/** ResourceValidationArgs (also what remediateResource receives). */
function resourceArgs({ type, name = 'app', props, config = {}, urn }) {
  return {
    type,
    props,
    urn: urn || urnOf(type, name),
    name,
    opts: emptyOpts,
    stackTags: new Map(),
    isType: (cls) => isTypeOf(type, cls),
    asType: (cls) => (isTypeOf(type, cls) ? props : undefined),
    getConfig: () => config,
    notApplicable: (reason) => {
      throw new NotApplicable(reason);
    },
  };
}

/** StackValidationArgs; resources are { type, name, props, urn? }. */
function stackArgs(resources, config = {}) {
  return {
    resources: resources.map(({ type, name, props, urn }) => ({
      type,
      name,
      props,
      urn: urn || urnOf(type, name),
      opts: emptyOpts,
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(type, cls),
      asType: (cls) => (isTypeOf(type, cls) ? props : undefined),
    })),
    stackTags: new Map(),
    getConfig: () => config,
    notApplicable: (reason) => {
      throw new NotApplicable(reason);
    },
  };
}

function collector(policy) {
  const violations = [];
  const reportViolation = (message, urn) => {
    if (message !== null && typeof message === 'object') {
      violations.push({
        message: message.message,
        urn: message.urn,
        enforcementLevel: message.enforcementLevel || policy.enforcementLevel,
        severity: message.severity || policy.severity,
      });
    } else {
      // The server shows `description + "\n" + message`.
      violations.push({ message: `${policy.description}\n${message}`, urn, enforcementLevel: policy.enforcementLevel, severity: policy.severity });
    }
  };
  return { violations, reportViolation };
}

/** Awaits each validation as the server does; returns { violations, notApplicable }. */
async function runValidation(policy, fn, args) {
  const { violations, reportViolation } = collector(policy);
  const validations = Array.isArray(fn) ? fn : [fn];
  let notApplicable;
  for (const validation of validations) {
    try {
      await Promise.resolve(validation(args, reportViolation));
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
      notApplicable = error.reason;
    }
  }
  return { violations, notApplicable };
}

function validateResource(policy, args) {
  return runValidation(policy, policy.validateResource, args);
}

function validateStack(policy, args) {
  return runValidation(policy, policy.validateStack, args);
}

async function remediateResource(policy, args) {
  try {
    return { result: await Promise.resolve(policy.remediateResource(args)) };
  } catch (error) {
    if (!(error instanceof NotApplicable)) throw error;
    return { notApplicable: error.reason };
  }
}

module.exports = { NotApplicable, resourceArgs, stackArgs, validateResource, validateStack, remediateResource, urnOf };
