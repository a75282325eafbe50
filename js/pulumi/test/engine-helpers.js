'use strict';
// Drives @pulumi/policy's own request handlers (server.ts makeAnalyzeRpcFun, makeAnalyzeStackRpcFun,
// makeRemediateRpcFun, protoutil makeAnalyzerInfo) with protobuf requests as the Pulumi CLI sends them:
// props deserialised by the library, wrapped in its unknown-checking proxy, violations turned into
// diagnostics. No gRPC server is started and no CLI is needed.
const { Struct } = require('google-protobuf/google/protobuf/struct_pb');
const analyzerproto = require('@pulumi/pulumi/proto/analyzer_pb');
const server = require('@pulumi/policy/server');
const protoutil = require('@pulumi/policy/protoutil');
const { urnOf } = require('./helpers');

const PACK = 'fargate-guard';
const VERSION = '0.1.0';
const LEVELS = { 0: 'advisory', 1: 'mandatory', 2: 'disabled', 3: 'remediate' };

function options() {
  const opts = new analyzerproto.AnalyzerResourceOptions();
  opts.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
  return opts;
}

function call(handler, request) {
  return new Promise((resolve, reject) => {
    handler({ request }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

function diagnostics(response) {
  return response.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    message: d.getMessage(),
    urn: d.getUrn(),
    enforcementLevel: LEVELS[d.getEnforcementlevel()],
  }));
}

function notApplicable(response) {
  return response.getNotApplicableList().map((n) => n.getPolicyName());
}

function resourceRequest({ type, name, props, urn }) {
  const request = new analyzerproto.AnalyzeRequest();
  request.setType(type);
  request.setName(name);
  request.setUrn(urn || urnOf(type, name));
  request.setProperties(Struct.fromJavaScript(props));
  request.setOptions(options());
  return request;
}

/** Analyze one resource's inputs with every policy, as `pulumi preview` does. */
async function analyze(policies, resource) {
  const response = await call(server.makeAnalyzeRpcFun(PACK, VERSION, 'advisory', policies), resourceRequest(resource));
  return { diagnostics: diagnostics(response), notApplicable: notApplicable(response) };
}

/** Run the remediations of policies at level `remediate`: [{ policyName, properties (wire form) }]. */
async function remediate(policies, resource) {
  const response = await call(server.makeRemediateRpcFun(PACK, VERSION, 'advisory', policies), resourceRequest(resource));
  return response.getRemediationsList().map((r) => ({
    policyName: r.getPolicyname(),
    properties: r.getProperties() ? r.getProperties().toJavaScript() : undefined,
    diagnostic: r.getDiagnostic(),
  }));
}

/** Analyze the whole stack (outputs), as the end of a preview or update does. */
async function analyzeStack(policies, resources) {
  const request = new analyzerproto.AnalyzeStackRequest();
  request.setResourcesList(resources.map(({ type, name, props, urn }) => {
    const resource = new analyzerproto.AnalyzerResource();
    resource.setType(type);
    resource.setName(name);
    resource.setUrn(urn || urnOf(type, name));
    resource.setProperties(Struct.fromJavaScript(props));
    resource.setOptions(options());
    return resource;
  }));
  const response = await call(server.makeAnalyzeStackRpcFun(PACK, VERSION, 'advisory', policies), request);
  return { diagnostics: diagnostics(response) };
}

/** The policy metadata the CLI receives (names, levels, config schemas as protobuf Structs). */
function analyzerInfo(policies) {
  const info = protoutil.makeAnalyzerInfo(PACK, VERSION, 'advisory', { policies }, undefined);
  return info.getPoliciesList().map((p) => ({
    name: p.getName(),
    enforcementLevel: LEVELS[p.getEnforcementlevel()],
    configSchema: p.getConfigschema() ? p.getConfigschema().getProperties().toJavaScript() : undefined,
  }));
}

module.exports = { analyze, analyzeStack, analyzerInfo, remediate };
