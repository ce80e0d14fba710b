import { type CheckSource, checkError } from './check-error.js';

/**
 * The kinds of check, as a table: each reads its own keys of a definition. Adding a kind is one
 * entry here plus its compilation (docs/extending.md).
 *  - `row`: a condition every row must meet (`fare >= 0`), optionally only on rows matching `when`.
 *  - `unique`: no two rows share the value of a column (or the tuple of several columns).
 *  - `dataset`: a condition over metrics of the whole data (`row_count >= 1000`).
 */
export const CHECK_KINDS = {
  row: { keys: ['row', 'when', 'mostly'], describe: 'row: CONDITION (every row)' },
  unique: { keys: ['unique', 'mostly'], describe: 'unique: COLUMN or [COLUMN, …]' },
  dataset: { keys: ['dataset'], describe: 'dataset: CONDITION over metrics' },
} as const;
export type CheckKind = keyof typeof CHECK_KINDS;

/** A check's severity: ERROR fails the gate by default, WARNING only with fail-on warning. */
export type CheckSeverity = 'ERROR' | 'WARNING';

/** One check, as plain data (what a worker thread receives, and what a partial state is computed for). */
export interface CheckDefinition {
  readonly name: string;
  readonly kind: CheckKind;
  readonly severity: CheckSeverity;
  /** Row checks: the fraction of evaluated rows that must pass (default 1: all). */
  readonly mostly?: number;
  /** The check runs only when the data is validated in one of these environments. */
  readonly environments?: readonly string[];
  /** `row` and `dataset`: the condition. */
  readonly expression?: string;
  /** `row`: only rows where this condition holds are evaluated. */
  readonly when?: string;
  /** `unique`: the key columns. */
  readonly columns?: readonly string[];
  readonly description?: string;
}

/** Where each part of each check came from, for messages (not part of the plain definition). */
export interface CheckSources {
  /** By check name: the definition itself, and its `row` / `dataset` / `when` texts. */
  readonly byName: ReadonlyMap<string, Readonly<Partial<Record<'definition' | 'expression' | 'when', CheckSource>>>>;
}

/** Checks read from a file or config section, with where they came from. */
export interface CheckSet {
  readonly checks: readonly CheckDefinition[];
  /** Examples kept per failing check (default {@link DEFAULT_MAX_EXAMPLES}). */
  readonly maxExamples: number;
  /** Distinct keys a `unique` check holds exactly before it estimates with a sketch. */
  readonly maxExactKeys: number;
  readonly sources: CheckSources;
}

export const DEFAULT_MAX_EXAMPLES = 5;
export const DEFAULT_MAX_EXACT_KEYS = 1_000_000;

/** Where a value at a path of the raw input is: the locator of a YAML document, or none for parsed JSON. */
export type Locate = (path: readonly (string | number)[]) => CheckSource['locate'];

/** How to read raw check definitions: the file for messages, positions if known, the key prefix (`checks`). */
export interface ReadChecksOptions {
  readonly file?: string;
  readonly locate?: Locate;
  /** The path of the check list in the input (for messages and positions), e.g. ['checks']. */
  readonly path?: readonly (string | number)[];
}

const commonKeys = ['name', 'severity', 'environment', 'description'];
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Reads check definitions: a list of checks, or an object `{ checks: [...], max_examples,
 * max_exact_keys }`. Every problem is a CheckError naming the check, the key and, for YAML, the
 * line and column.
 */
export function readCheckDefinitions(raw: unknown, options: ReadChecksOptions = {}): CheckSet {
  const base = options.path ?? [];
  const at = (path: readonly (string | number)[], where: string): CheckSource => {
    const locate = options.locate?.([...base, ...path]);
    return {
      ...(options.file !== undefined ? { file: options.file } : {}),
      where,
      ...(locate ? { locate } : {}),
    };
  };
  const fail = (path: readonly (string | number)[], where: string, message: string, hint?: string): never => {
    throw checkError('CHECK_DEFINITION', at(path, where), 0, message, hint);
  };
  let list: unknown = raw;
  let maxExamples = DEFAULT_MAX_EXAMPLES;
  let maxExactKeys = DEFAULT_MAX_EXACT_KEYS;
  let listPath: (string | number)[] = [];
  if (isObject(raw)) {
    for (const key of Object.keys(raw)) {
      if (!['checks', 'max_examples', 'max_exact_keys'].includes(key)) {
        fail([key], key, `unknown key '${key}'`, 'a checks file has checks, max_examples and max_exact_keys');
      }
    }
    list = raw.checks;
    listPath = ['checks'];
    const positive = (key: string, value: unknown): number => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        fail([key], key, `expected a non-negative integer, got ${describeValue(value)}`);
      }
      return value as number;
    };
    if (raw.max_examples !== undefined) maxExamples = positive('max_examples', raw.max_examples);
    if (raw.max_exact_keys !== undefined) maxExactKeys = positive('max_exact_keys', raw.max_exact_keys);
  }
  if (!Array.isArray(list)) {
    fail(listPath, listPath.join('.') || 'list', `expected a list of checks, got ${describeValue(list)}`);
  }
  const checks: CheckDefinition[] = [];
  const byName = new Map<string, Partial<Record<'definition' | 'expression' | 'when', CheckSource>>>();
  (list as unknown[]).forEach((item, index) => {
    const path = [...listPath, index];
    const label = `#${index + 1}`;
    if (!isObject(item)) fail(path, label, `expected a check (an object), got ${describeValue(item)}`);
    const entry = item as Record<string, unknown>;
    const name = entry.name;
    if (typeof name !== 'string' || !NAME.test(name)) {
      fail(
        [...path, 'name'],
        label,
        name === undefined ? 'a check needs a name' : `invalid name ${describeValue(name)}`,
        'a name is letters, digits, _ . - (starting with a letter or _)',
      );
    }
    const checkName = name as string;
    if (byName.has(checkName)) fail([...path, 'name'], checkName, 'two checks have this name', 'names must be unique');
    const kinds = (Object.keys(CHECK_KINDS) as CheckKind[]).filter((k) => entry[k] !== undefined);
    if (kinds.length !== 1) {
      fail(
        path,
        checkName,
        kinds.length === 0
          ? 'a check needs one of row, unique, dataset'
          : `a check has one kind, this has ${kinds.join(' and ')}`,
        Object.values(CHECK_KINDS)
          .map((k) => k.describe)
          .join('; '),
      );
    }
    const kind = kinds[0]!;
    const allowed = new Set<string>([...commonKeys, ...CHECK_KINDS[kind].keys]);
    for (const key of Object.keys(entry)) {
      if (!allowed.has(key)) {
        fail([...path, key], checkName, `unknown key '${key}' for a ${kind} check`, `keys: ${[...allowed].join(', ')}`);
      }
    }
    const severity = entry.severity ?? 'error';
    if (typeof severity !== 'string' || !['error', 'warning'].includes(severity.toLowerCase())) {
      fail([...path, 'severity'], checkName, `severity is error or warning, got ${describeValue(severity)}`);
    }
    const def: {
      -readonly [K in keyof CheckDefinition]: CheckDefinition[K];
    } = { name: checkName, kind, severity: (severity as string).toUpperCase() as CheckSeverity };
    if (entry.mostly !== undefined) {
      const m = entry.mostly;
      if (typeof m !== 'number' || !(m > 0 && m <= 1)) {
        fail([...path, 'mostly'], checkName, `mostly is a fraction in (0, 1], got ${describeValue(m)}`);
      }
      def.mostly = m as number;
    }
    if (entry.environment !== undefined) {
      const e = entry.environment;
      const envs = typeof e === 'string' ? [e] : e;
      if (!Array.isArray(envs) || envs.length === 0 || envs.some((x) => typeof x !== 'string' || x === '')) {
        fail([...path, 'environment'], checkName, `environment is a name or a list of names, got ${describeValue(e)}`);
      }
      def.environments = envs as string[];
    }
    if (entry.description !== undefined) {
      if (typeof entry.description !== 'string') fail([...path, 'description'], checkName, 'description is a string');
      def.description = entry.description as string;
    }
    const sources: Partial<Record<'definition' | 'expression' | 'when', CheckSource>> = {
      definition: at(path, checkName),
    };
    if (kind === 'unique') {
      const u = entry.unique;
      const columns = typeof u === 'string' ? [u] : u;
      if (!Array.isArray(columns) || columns.length === 0 || columns.some((c) => typeof c !== 'string' || c === '')) {
        fail([...path, 'unique'], checkName, `unique is a column or a list of columns, got ${describeValue(u)}`);
      }
      def.columns = columns as string[];
      sources.expression = at([...path, 'unique'], `${checkName}.unique`);
    } else {
      const text = entry[kind];
      if (typeof text !== 'string')
        fail([...path, kind], checkName, `${kind} is a condition (a string), got ${describeValue(text)}`);
      def.expression = text as string;
      sources.expression = at([...path, kind], `${checkName}.${kind}`);
    }
    if (entry.when !== undefined) {
      if (typeof entry.when !== 'string')
        fail([...path, 'when'], checkName, `when is a condition (a string), got ${describeValue(entry.when)}`);
      def.when = entry.when as string;
      sources.when = at([...path, 'when'], `${checkName}.when`);
    }
    checks.push(def);
    byName.set(checkName, sources);
  });
  return { checks, maxExamples, maxExactKeys, sources: { byName } };
}

/** The checks that run in `environment`: those without environments, and those naming it. */
export function checksInEnvironment(set: CheckSet, environment: string | undefined): CheckSet {
  return {
    ...set,
    checks: set.checks.filter(
      (c) => !c.environments || (environment !== undefined && c.environments.includes(environment)),
    ),
  };
}
