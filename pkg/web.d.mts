// Types of `fargate-guard/web`: the raw wasm-bindgen `web` build, for callers that instantiate the module
// themselves (`await init({ module_or_path })` or `initSync({ module })`) before calling the API.
import type * as api from './index.js';

export type * from './index.js';

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Fetches (or takes) and instantiates the WebAssembly module; call once before anything else. */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<WebAssembly.Exports>;

/** Instantiates the WebAssembly module synchronously from its bytes or a compiled module. */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): WebAssembly.Exports;

export declare const validate: typeof api.validate;
export declare const validateFiles: typeof api.validateFiles;
export declare const validateResource: typeof api.validateResource;
export declare const validateStack: typeof api.validateStack;
export declare const renderFiles: typeof api.renderFiles;
export declare const explainRule: typeof api.explainRule;
export declare const rules: typeof api.rules;
export declare const Engine: typeof api.Engine;
export type Engine = api.Engine;
/** In this raw build `version` is a function (the main entry exports a string). */
export function version(): string;
