'use strict';
// CommonJS entry for Node: the wasm-bindgen `nodejs` build (it loads the .wasm synchronously on require).
//
// An internal error (a Rust panic, which the core turns into an Error saying "fargate-guard internal error", a
// WebAssembly trap, or the engine's stack running out) leaves the instance it happened in unfit for more calls:
// the Rust runtime still counts the panic and the stack it unwound is not reclaimed. The error is rethrown, and
// the next call gets a fresh instance.
const GLUE = require.resolve('./node/fargate_guard.js');

function instantiate() {
  delete require.cache[GLUE];
  return require(GLUE);
}

let current = instantiate();

function isInternalError(error) {
  return error instanceof WebAssembly.RuntimeError || error instanceof RangeError
    || (error instanceof Error && error.message.startsWith('fargate-guard internal error'));
}

function guarded(call) {
  try {
    return call();
  } catch (error) {
    if (isInternalError(error)) current = instantiate();
    throw error;
  }
}

const exported = (name) => (...args) => guarded(() => current[name](...args));

/** A configuration resolved once; recreated in a fresh instance after an internal error. */
class Engine {
  #config;
  #owner;
  #inner;

  constructor(config) {
    this.#config = config;
    this.#owner = current;
    this.#inner = guarded(() => new current.Engine(config));
  }

  #engine() {
    if (this.#owner !== current) {
      this.#owner = current;
      this.#inner = new current.Engine(this.#config);
    }
    return this.#inner;
  }

  validate(...args) {
    return guarded(() => this.#engine().validate(...args));
  }

  validateResource(...args) {
    return guarded(() => this.#engine().validateResource(...args));
  }

  validateStack(...args) {
    return guarded(() => this.#engine().validateStack(...args));
  }

  /** Releases the WebAssembly memory now instead of at garbage collection. */
  free() {
    this.#inner.free();
  }
}

module.exports = {
  validate: exported('validate'),
  validateFiles: exported('validateFiles'),
  validateResource: exported('validateResource'),
  validateStack: exported('validateStack'),
  renderFiles: exported('renderFiles'),
  explainRule: exported('explainRule'),
  rules: exported('rules'),
  Engine,
  version: current.version(),
};
// Only in builds made for the panic test (cargo feature `test-panic`; see tests/js/panic.test.js).
if (typeof current.panicForTest === 'function') module.exports.panicForTest = exported('panicForTest');
