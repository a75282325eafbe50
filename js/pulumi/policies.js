'use strict';
// The pack's policies, one per fargate-guard rule (from the core's `rules()`), plus one that reports inputs
// the core could not read. Side-effect free: requiring this file builds objects and starts nothing, so tests
// and other packs can import the policies; index.js is what constructs the PolicyPack.
//
// `fargate-guard` is the package built into pkg/ (scripts/build.sh), installed here as a `file:` dependency.
const core = require('fargate-guard');
const { createPolicies } = require('./pack');

const { policies } = createPolicies(core);

module.exports = { policies };
