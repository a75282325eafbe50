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

/** One RFC 6902 operation of a fix. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove' | 'move';
  path: string;
  /** `move` only. */
  from?: string;
  /** `add` and `replace` only. */
  value?: unknown;
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
  /**
   * RFC 6902 JSON Patch against the user's own document that removes the cause, for rules with an
   * unambiguous remedy. A value inside a JSON-encoded string is fixed by replacing the whole string.
   */
  fix?: PatchOperation[];
  suppressed?: Suppressed;
  /** The finding is in the baseline given with the call: reported, not blocking. */
  baseline?: true;
}

/** A suppression that covered no finding (or names no rule): remove it. */
export interface StaleSuppression {
  rule: string;
  /** The resource glob (config) or the resource carrying the suppression (inline). */
  resource?: string;
  reason: string;
  /** `config`, or where in the input the suppression is written. */
  source: string;
  message: string;
}

/** One finding's line-independent identity in a baseline. */
export interface Fingerprint {
  ruleId: string;
  /** The resource address. */
  resource: string;
  file: string;
  /** The finding's pointer, continued into an embedded string and to the missing key. */
  path: string;
}

/** A baseline file, as `--write-baseline` writes it and `renderFiles` returns it. */
export interface Baseline {
  fargateGuardBaseline: 1;
  findings: Fingerprint[];
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
  /** Failing findings at or above `threshold`, neither suppressed nor in the baseline: non-zero should fail a CI run. */
  blocking: number;
  /** Findings marked as in the baseline. */
  baselined: number;
  staleSuppressions: number;
  threshold: Severity;
  errors: number;
}

export interface Report {
  version: string;
  findings: Finding[];
  resources: ResourceRef[];
  errors: InputError[];
  /** Files found by walking a directory (`discovered: true`) that are not ECS inputs in any known format. */
  skipped: InputError[];
  staleSuppressions: StaleSuppression[];
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
  /** Deepest accepted nesting of arrays and objects (default 256, at most 1000). */
  maxDepth?: number;
  /** Most findings listed in one report (default 10000); past it a `too-many-findings` error says so. */
  maxFindings?: number;
}

export interface Config {
  /** Where the JSON Schema is (`fargate-guard/config.schema.json`); ignored. */
  $schema?: string;
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
  /** Findings accepted for now (a parsed baseline file): marked `baseline`, not blocking. */
  baseline?: Baseline;
}

/**
 * A document, or (for `validateFiles` / `renderFiles`) a file that could not be read and why. `discovered`:
 * found by walking a directory rather than named by the user; if it is not an ECS input in any known format
 * it is listed in `report.skipped` instead of `report.errors`. `content` is text, or the file's bytes (a Node
 * `Buffer`): bytes are decoded as UTF-8 (a byte order mark dropped), and bytes that are not UTF-8 make the file an
 * `unreadable` error naming the offset, never text with replacement characters.
 */
export type InputFile = { name: string; content: string | Uint8Array; discovered?: boolean } | { name: string; error: string; discovered?: boolean };

export interface ResourceOptions {
  /** The resource's name (Pulumi logical name); names it in findings. */
  name?: string;
  urn?: string;
  config?: Config;
}

/** One resource of a stack, as a Pulumi stack policy sees it. */
export interface StackResource {
  /** Pulumi type token, CloudFormation type or Terraform type. */
  type: string;
  name?: string;
  urn?: string;
  props: object;
  /** Property name → the URNs (or `{ urn }` objects) of the resources it depends on; links resources. */
  propertyDependencies?: Record<string, Array<string | { urn: string }>>;
}

export interface StackOptions {
  /** Names the stack in findings (default `stack`). */
  fileName?: string;
  config?: Config;
}

/**
 * What `renderFiles` returns. `report` and `baseline` are built when first read (converting every finding
 * into objects costs more than validating); `summary`, `errors` and `skipped` are the report's, cheaply.
 */
export interface Rendered {
  readonly report: Report;
  readonly rendered: string;
  /** `rendered` as UTF-8 bytes, for writing to a file or stream without a JS string in between. */
  readonly renderedBytes: Uint8Array;
  /** The baseline file (JSON text) that accepts every unsuppressed finding of the report. */
  readonly baseline: string;
  readonly summary: Summary;
  readonly errors: InputError[];
  readonly skipped: InputError[];
}

export type Output = 'text' | 'json' | 'sarif' | 'junit';

/**
 * Validates one document (text, or a parsed object). Data problems are in `report.errors`; a wrong
 * argument type or invalid options throw an `Error`.
 */
export function validate(input: string | object, options?: ValidateOptions): Report;

/** Validates several documents together, so resources in one file link to resources in another. */
export function validateFiles(files: InputFile[], options?: ValidateOptions): Report;

/**
 * Validates one resource's input properties given its type (a Pulumi token, CloudFormation type or Terraform
 * type), as a Pulumi resource policy sees them; paths point into `props`.
 */
export function validateResource(type: string, props: object, options?: ResourceOptions): Report;

/** Validates the resources of a stack together (services link to their task definitions and clusters). */
export function validateStack(resources: StackResource[], options?: StackOptions): Report;

/** Validates like `validateFiles` and renders the report as the CLI prints it. */
export function renderFiles(files: InputFile[], format: Output, options?: ValidateOptions): Rendered;

/** A rule's full documentation as Markdown (what `fargate-guard --explain` prints); throws for an unknown rule. */
export function explainRule(idOrName: string): string;

/** Metadata of every rule, in catalogue order. */
export function rules(): RuleMeta[];

/** A configuration parsed and resolved once, reused for many validations. */
export class Engine {
  constructor(config?: Config);
  validate(input: string | object, options?: Omit<ValidateOptions, 'config'>): Report;
  validateResource(type: string, props: object, options?: Omit<ResourceOptions, 'config'>): Report;
  validateStack(resources: StackResource[], options?: Omit<StackOptions, 'config'>): Report;
  /** Releases the WebAssembly memory now instead of at garbage collection. */
  free(): void;
}

export const version: string;
