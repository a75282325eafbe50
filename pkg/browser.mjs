// Browser (and bundler) entry: the wasm-bindgen `web` build, instantiated once here with top-level await, so
// importers get ready-to-call functions. The URL form lets bundlers and static servers find the .wasm file.
import init, * as wasm from './web/fargate_guard.js';

await init({ module_or_path: new URL('./web/fargate_guard_bg.wasm', import.meta.url) });

export const { validate, validateFiles, validateResource, validateStack, renderFiles, explainRule, rules, Engine } = wasm;
export const version = wasm.version();
