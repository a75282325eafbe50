// Types of the fargate-guard JS API. Hand-written to match the Rust structs exactly (src/report/mod.rs,
// src/api.rs, src/config.rs, src/input/mod.rs, src/rules/mod.rs); the package's tests compile real runtime
// objects against them.

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** `undecided`: the rule needed a value that is only known at deploy time. */
export type Status = 'fail' | 'undecided';

/** Input formats; auto-detected unless `options.format` names one. */
export type Format = 'aws-api' | 'cloudformation' | 'terraform-plan' | 'pulumi';

export type ResourceKind = 'TaskDefinition' | 'Service' | 'Cluster' | 'RunTask' | 'TaskSet' | 'CapacityProvider' | 'Detector';

/** 1-based line and column (in Unicode scalar values). */
export interface Location {
  line: number;
  column: number;
}

export interface ResourceRef {
  kind: ResourceKind;
  name: string;
  address: string;
  file: string;
  /** Detected input format of the file. */
  format: Format;
}

/** A control in another tool that checks the same thing. */
export interface Equivalent {
  tool: string;
  id: string;
}

export interface Suppressed {
  reason: string;
  /** `config`, or where in the input the suppression was written. */
  source: string;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  status: Status;
  severity: Severity;
  title: string;
  message: string;
  resource: ResourceRef;
  /** RFC 6901 JSON Pointer into the user's document: the value, or the object that lacks `missing`. */
  path: string;
  /** The key that should exist under `path`, spelled as the input format spells it. */
  missing?: string;
  /** Pointer into the JSON-encoded string at `path` (Terraform `container_definitions`). */
  embeddedPath?: string;
  location?: Location;
  remediation: string;
  docsUrl: string;
  references: Equivalent[];
  suppressed?: Suppressed;
}

/** A problem in the input data (the call itself succeeded). */
export interface InputError {
  file: string;
  /** Stable machine-readable code, e.g. `invalid-json`, `unknown-format`, `too-large`. */
  code: string;
  message: string;
  path?: string;
  location?: Location;
}

/** Counts over every (rule, resource) pair evaluated. */
export interface Summary {
  resources: number;
  rules: number;
  pass: number;
  fail: number;
  skip: number;
  undecided: number;
  suppressed: number;
  /** Unsuppressed failing findings at or above `threshold`: non-zero should fail a CI run. */
  blocking: number;
  threshold: Severity;
  errors: number;
}

export interface Report {
  version: string;
  findings: Finding[];
  resources: ResourceRef[];
  errors: InputError[];
  summary: Summary;
}

export interface RuleParam {
  name: string;
  description: string;
  /** The default value as JSON text. */
  default: string;
}

export interface RuleExample {
  title: string;
  expect: 'fail' | 'pass';
  input: string;
}

export interface RuleMeta {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  kinds: ResourceKind[];
  description: string;
  remediation: string;
  docsUrl: string;
  references: Equivalent[];
  params: RuleParam[];
  examples: RuleExample[];
}

export interface RuleOptions {
  severity?: Severity;
  off?: boolean;
  params?: Record<string, unknown>;
}

export interface Suppression {
  /** Rule id, name or glob (`FG-*`). */
  rule: string;
  /** Resource name or address glob; every resource when omitted. */
  resource?: string;
  reason: string;
}

export interface Limits {
  /** Largest accepted input in bytes (default 64 MiB). */
  maxBytes?: number;
  /** Deepest accepted nesting of arrays and objects (default 256). */
  maxDepth?: number;
}

export interface Config {
  /** Keys are rule ids, names or group globs (`FG-*`). */
  rules?: Record<string, 'off' | Severity | RuleOptions>;
  suppressions?: Suppression[];
  /** What an `undecided` finding counts as (default `info`). */
  undecided?: 'info' | 'fail' | 'ignore';
  /** Findings at or above this severity are blocking (default `high`). */
  minSeverity?: Severity;
  limits?: Limits;
}

export interface ValidateOptions {
  /** Skip auto-detection. */
  format?: Format;
  /** Names the input in findings (default `input`). */
  fileName?: string;
  config?: Config;
}

export interface InputFile {
  name: string;
  content: string;
}

export interface ResourceOptions {
  /** Names the resource in findings. */
  name?: string;
  config?: Config;
}

export interface StackResource {
  /** Pulumi type token, CloudFormation type or Terraform type. */
  type: string;
  name?: string;
  props: object;
}

export interface StackOptions {
  config?: Config;
}

export interface Rendered {
  report: Report;
  rendered: string;
}

/**
 * Validates one document (text, or a parsed object). Data problems are in `report.errors`; a wrong
 * argument type or invalid options throw an `Error`.
 */
export function validate(input: string | object, options?: ValidateOptions): Report;

/** Validates several documents together, so resources in one file link to resources in another. */
export function validateFiles(files: InputFile[], options?: ValidateOptions): Report;

/** Validates one resource's properties given its type (Pulumi, CloudFormation or Terraform type). */
export function validateResource(type: string, props: object, options?: ResourceOptions): Report;

/** Validates the resources of a whole stack together (cross-resource rules). */
export function validateStack(resources: StackResource[], options?: StackOptions): Report;

/** Validates like `validateFiles` and renders the report as the CLI prints it. */
export function renderFiles(files: InputFile[], format: 'text' | 'json', options?: ValidateOptions): Rendered;

/** Metadata of every rule, in catalogue order. */
export function rules(): RuleMeta[];

/** A configuration parsed and resolved once, reused for many validations. */
export class Engine {
  constructor(config?: Config);
  validate(input: string | object, options?: Omit<ValidateOptions, 'config'>): Report;
  /** Releases the WebAssembly memory now instead of at garbage collection. */
  free(): void;
}

export const version: string;
