'use strict';
// CommonJS entry for Node: the wasm-bindgen `nodejs` build (it loads the .wasm synchronously on require).
const wasm = require('./node/fargate_guard.js');

module.exports = {
  validate: wasm.validate,
  validateFiles: wasm.validateFiles,
  validateResource: wasm.validateResource,
  validateStack: wasm.validateStack,
  renderFiles: wasm.renderFiles,
  explainRule: wasm.explainRule,
  rules: wasm.rules,
  Engine: wasm.Engine,
  version: wasm.version(),
};
