'use strict';
// The policy pack. Constructing a PolicyPack starts the gRPC server the Pulumi CLI talks to, so this file
// does that and nothing else; the policies live in policies.js.
const { PolicyPack } = require('@pulumi/policy');
const { policies } = require('./policies');

new PolicyPack('fargate-guard', { policies });
