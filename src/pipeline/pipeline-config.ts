import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../_util/errors.js';
import { type CheckSet, readCheckDefinitions } from '../checks/check-definition.js';
import { INPUT_FORMATS } from '../io/input-formats.js';
import type { InputFormat } from '../io/read-options.js';
import type { MonitoringConfig } from '../monitoring/monitoring-rules.js';
import type { FeatureCuration } from '../schema/curate-feature.js';
import { type StatisticsOptions, statisticsConfigOptions } from '../stats/statistics-options.js';
import { tfmdRegistry } from '../tfmd/descriptors.js';
import type { AnomalyType, FeatureComparator, Severity } from '../tfmd/types.js';
import { readMonitoringConfig, readSpanSelector, type SpanSelector } from './monitoring-config.js';
import { hasSpanPattern } from './span-inputs.js';

/** Which anomalies fail a run: ERROR only (default), WARNING and above, or none (report only). */
export type FailOnPolicy = 'error' | 'warning' | 'never';

/** One split: a dataset validated in one environment, optionally compared with another split. */
export interface SplitConfig {
  /** `train`, `eval`, `serving`…: names the `Split-<name>` directories. */
  readonly name: string;
  /** Absolute paths or globs of the split's files. */
  readonly inputs: readonly string[];
  readonly format?: InputFormat;
  /** CSV cells read as missing (default `['']`). */
  readonly nullValues?: readonly string[];
  readonly delimiter?: string;
  /** Environment the split is validated in (e.g. TRAINING, SERVING). */
  readonly environment?: string;
  /** Drift: compare with this split as the previous span (the schema's drift_comparator). */
  readonly driftAgainst?: string;
  /** Skew: compare with this split as the training data (the schema's skew_comparator). */
  readonly skewAgainst?: string;
  /** The span of plain inputs; with a `{SPAN}`/date pattern, the span to read (default the latest). */
  readonly span?: number;
  /** Drift against earlier spans of this split, resolved from the store (`driftAgainst` in the config). */
  readonly driftAgainstSpans?: SpanSelector;
  /** Instead of files (`inputs` empty): a table or query of a SQL engine, computed there. */
  readonly source?: SplitSource;
}

/** A split's rows in a SQL engine: `{ engine, connection, table | query }`. */
export interface SplitSource {
  readonly engine: string;
  /** The URL, password included: never recorded (lineage keeps it masked). */
  readonly connection: string;
  readonly table?: string;
  readonly query?: string;
}

/** Thresholds of one TFDV FeatureComparator. */
export interface ComparatorThresholds {
  readonly infinityNorm?: number;
  readonly jensenShannonDivergence?: number;
  readonly normalizedAbsDifference?: number;
}

/** Where the schema comes from: inferred from a split's statistics, or a curated file. */
export type SchemaSource =
  | {
      readonly kind: 'infer';
      /** Split whose statistics the schema is inferred from. */
      readonly from: string;
      readonly maxStringDomainSize?: number;
      readonly inferFeatureShape?: boolean;
    }
  | { readonly kind: 'import'; readonly path: string };

/** A validated `datavet.config.json`: every path absolute, every default filled in. */
export interface PipelineConfig {
  /** Pipeline name: the `pipeline` context and the prefix of node contexts. */
  readonly name: string;
  /** The config file (for messages). */
  readonly file?: string;
  readonly pipelineRoot?: string;
  /** Metadata store URL (SQLite paths absolute). */
  readonly metadata?: string;
  readonly splits: readonly SplitConfig[];
  readonly schema: SchemaSource;
  readonly environments: {
    /** Added to the schema's default_environment (with every split's environment). */
    readonly default: readonly string[];
    readonly features: Readonly<
      Record<string, { readonly in?: readonly string[]; readonly notIn?: readonly string[] }>
    >;
  };
  /** Curations of the schema, feature by feature (what `datavet schema set` does), applied after SchemaGen. */
  readonly features: Readonly<Record<string, FeatureCuration>>;
  readonly comparators: Readonly<
    Record<string, { readonly skew?: ComparatorThresholds; readonly drift?: ComparatorThresholds }>
  >;
  readonly validation: {
    readonly severityOverrides: Readonly<Partial<Record<AnomalyType, Severity>>>;
    readonly newFeaturesAreWarnings?: boolean;
  };
  readonly statistics: StatisticsOptions;
  readonly report: { readonly enabled: boolean; readonly path?: string };
  readonly failOn: FailOnPolicy;
  /** Metric history and detectors of splits with spans (docs/monitoring.md). */
  readonly monitoring?: MonitoringConfig;
  /** Custom checks (docs/checks.md): given in the config, or the absolute path of a checks file. */
  readonly checks?: CheckSet | string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SEVERITIES: readonly Severity[] = ['ERROR', 'WARNING', 'UNKNOWN'];
const STAT_INT_OPTIONS = statisticsConfigOptions('integer');
const STAT_NUMBER_OPTIONS = statisticsConfigOptions('number');

/** Reads and checks one config object; every message names the offending key. */
class ConfigReader {
  constructor(
    private readonly file: string | undefined,
    private readonly baseDir: string,
  ) {}

  fail(key: string, message: string, hint?: string): never {
    const where = key ? `${key}: ` : '';
    throw new UsageError(`invalid config: ${where}${message}`, {
      ...(this.file ? { location: { file: this.file } } : {}),
      hint: hint ?? 'see docs/pipeline.md for the config keys',
    });
  }

  describe(value: unknown): string {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
  }

  object(value: unknown, key: string, allowed: readonly string[] | undefined): Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(key, `expected an object, got ${this.describe(value)}`);
    }
    const obj = value as Record<string, Json>;
    if (allowed) {
      for (const name of Object.keys(obj)) {
        if (name === '$schema' || name.startsWith('//')) continue;
        if (!allowed.includes(name)) {
          this.fail(key ? `${key}.${name}` : name, 'unknown key', `allowed here: ${allowed.join(', ')}`);
        }
      }
    }
    return obj;
  }

  string(value: unknown, key: string): string {
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(key, `expected a non-empty string, got ${this.describe(value)}`);
    }
    return value;
  }

  optionalString(value: unknown, key: string): string | undefined {
    return value === undefined ? undefined : this.string(value, key);
  }

  strings(value: unknown, key: string, allowEmptyItems = false): string[] {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list)) this.fail(key, `expected a string or a list of strings, got ${this.describe(value)}`);
    return list.map((item, i) => {
      if (typeof item !== 'string' || (!allowEmptyItems && item.length === 0)) {
        this.fail(`${key}[${i}]`, `expected a non-empty string, got ${this.describe(item)}`);
      }
      return item;
    });
  }

  number(value: unknown, key: string, check: (n: number) => boolean, expected: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
      this.fail(key, `expected ${expected}, got ${this.describe(value)}`);
    }
    return value;
  }

  boolean(value: unknown, key: string): boolean {
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, got ${this.describe(value)}`);
    return value;
  }

  path(value: string): string {
    return isAbsolute(value) ? value : resolve(this.baseDir, value);
  }
}

function readSplit(r: ConfigReader, value: unknown, key: string): SplitConfig {
  const o = r.object(value, key, [
    'name',
    'inputs',
    'format',
    'nullValues',
    'delimiter',
    'environment',
    'driftAgainst',
    'skewAgainst',
    'source',
    'span',
  ]);
  const name = r.string(o.name, `${key}.name`);
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') {
    r.fail(`${key}.name`, `'${name}' cannot name a directory: use letters, digits, '_', '-' or '.'`);
  }
  if (o.source !== undefined && o.inputs !== undefined)
    r.fail(`${key}.source`, 'give either inputs (files) or source (an engine)');
  if (o.inputs === undefined && o.source === undefined)
    r.fail(`${key}.inputs`, 'missing: list the files or globs of the split');
  const inputs = o.source !== undefined ? [] : r.strings(o.inputs, `${key}.inputs`).map((p) => r.path(p));
  if (inputs.length === 0 && o.source === undefined) r.fail(`${key}.inputs`, 'empty: list at least one file or glob');
  const split: {
    -readonly [K in keyof SplitConfig]: SplitConfig[K];
  } = { name, inputs };
  if (o.source !== undefined) split.source = readSource(r, o.source, `${key}.source`);
  if (o.format !== undefined) {
    const format = r.string(o.format, `${key}.format`);
    if (!INPUT_FORMATS.includes(format as InputFormat))
      r.fail(`${key}.format`, `expected one of ${INPUT_FORMATS.join(', ')}`);
    split.format = format as InputFormat;
  }
  if (o.nullValues !== undefined) split.nullValues = r.strings(o.nullValues, `${key}.nullValues`, true);
  if (o.delimiter !== undefined) split.delimiter = r.string(o.delimiter, `${key}.delimiter`);
  const environment = r.optionalString(o.environment, `${key}.environment`);
  if (environment !== undefined) split.environment = environment;
  if (o.span !== undefined) {
    split.span = r.number(o.span, `${key}.span`, (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0');
  }
  const selector = readSpanSelector(r, o.driftAgainst, `${key}.driftAgainst`);
  if (selector) {
    if (split.span === undefined && !hasSpanPattern(inputs)) {
      r.fail(
        `${key}.driftAgainst`,
        'comparing with earlier spans needs a split with spans',
        'set "span", or use a {SPAN} or {YYYY}-{MM}-{DD} pattern in inputs',
      );
    }
    split.driftAgainstSpans = selector;
  } else {
    const drift = r.optionalString(o.driftAgainst, `${key}.driftAgainst`);
    if (drift !== undefined) split.driftAgainst = drift;
  }
  const skew = r.optionalString(o.skewAgainst, `${key}.skewAgainst`);
  if (skew !== undefined) split.skewAgainst = skew;
  return split;
}

/** `{ "min": 0, "max": 9 }` or `[0, 9]` (null for an open side). */
function readRange(r: ConfigReader, value: unknown, key: string, integer: boolean): { min?: number; max?: number } {
  const [min, max] = Array.isArray(value)
    ? value.length === 2
      ? value
      : r.fail(key, `expected [min, max], got a list of ${value.length}`)
    : (() => {
        const o = r.object(value, key, ['min', 'max']);
        return [o.min, o.max];
      })();
  const check = (n: number) => !integer || Number.isSafeInteger(n);
  const what = integer ? 'an integer' : 'a number';
  const out: { min?: number; max?: number } = {};
  if (min !== undefined && min !== null) out.min = r.number(min, `${key}.min`, check, what);
  if (max !== undefined && max !== null) out.max = r.number(max, `${key}.max`, check, what);
  if (out.min === undefined && out.max === undefined) r.fail(key, 'set min, max or both');
  if (out.min !== undefined && out.max !== undefined && out.min > out.max)
    r.fail(key, `min ${out.min} is above max ${out.max}`);
  return out;
}

const CURATION_KEYS = [
  'intDomain',
  'floatDomain',
  'values',
  'domain',
  'presence',
  'valueCount',
  'inEnvironment',
  'notInEnvironment',
  'skew',
  'drift',
  'deprecated',
] as const;

/** A `features.NAME` entry: the edits of `datavet schema set NAME`, under the same names as the schema's fields. */
function readCuration(r: ConfigReader, value: unknown, key: string): FeatureCuration {
  const o = r.object(value, key, CURATION_KEYS);
  const domains = (['intDomain', 'floatDomain', 'values', 'domain'] as const).filter((k) => o[k] !== undefined);
  if (domains.length > 1) r.fail(key, `give one domain, not ${domains.join(' and ')}`);
  let domain: FeatureCuration['domain'];
  if (o.intDomain !== undefined) domain = { intDomain: readRange(r, o.intDomain, `${key}.intDomain`, true) };
  else if (o.floatDomain !== undefined)
    domain = { floatDomain: readRange(r, o.floatDomain, `${key}.floatDomain`, false) };
  else if (o.values !== undefined) domain = { stringDomain: { value: r.strings(o.values, `${key}.values`, true) } };
  else if (o.domain !== undefined) domain = r.string(o.domain, `${key}.domain`);
  let presence: FeatureCuration['presence'];
  if (o.presence === 'required' || o.presence === 'optional') presence = o.presence;
  else if (o.presence !== undefined) {
    const p = r.object(o.presence, `${key}.presence`, ['minFraction', 'minCount']);
    presence = {
      ...(p.minFraction !== undefined
        ? {
            minFraction: r.number(
              p.minFraction,
              `${key}.presence.minFraction`,
              (n) => n >= 0 && n <= 1,
              'a number from 0 to 1',
            ),
          }
        : {}),
      ...(p.minCount !== undefined
        ? {
            minCount: r.number(
              p.minCount,
              `${key}.presence.minCount`,
              (n) => Number.isSafeInteger(n) && n >= 0,
              'a whole number >= 0',
            ),
          }
        : {}),
    };
  }
  const comparator = (name: 'skew' | 'drift') => {
    const t = readThresholds(r, o[name], `${key}.${name}`);
    return Object.fromEntries(Object.entries(t).map(([k, threshold]) => [k, { threshold }])) as FeatureComparator;
  };
  return {
    ...(domain !== undefined ? { domain } : {}),
    ...(presence !== undefined ? { presence } : {}),
    ...(o.valueCount !== undefined ? { valueCount: readRange(r, o.valueCount, `${key}.valueCount`, true) } : {}),
    ...(o.inEnvironment !== undefined ? { inEnvironment: r.strings(o.inEnvironment, `${key}.inEnvironment`) } : {}),
    ...(o.notInEnvironment !== undefined
      ? { notInEnvironment: r.strings(o.notInEnvironment, `${key}.notInEnvironment`) }
      : {}),
    ...(o.skew !== undefined ? { skewComparator: comparator('skew') } : {}),
    ...(o.drift !== undefined ? { driftComparator: comparator('drift') } : {}),
    ...(o.deprecated !== undefined ? { deprecated: r.boolean(o.deprecated, `${key}.deprecated`) } : {}),
  };
}

function readSource(r: ConfigReader, value: unknown, key: string): SplitSource {
  const o = r.object(value, key, ['engine', 'connection', 'table', 'query']);
  const engine = r.string(o.engine, `${key}.engine`);
  let connection = r.string(o.connection, `${key}.connection`);
  // A DuckDB file is relative to the config, as input files are.
  const duckFile = /^duckdb:(?!\/\/|:memory:)(.+)$/i.exec(connection);
  if (duckFile) connection = `duckdb:${r.path(duckFile[1]!)}`;
  const table = r.optionalString(o.table, `${key}.table`);
  const query = r.optionalString(o.query, `${key}.query`);
  if ((table === undefined) === (query === undefined)) r.fail(key, 'give exactly one of table and query');
  return { engine, connection, ...(table !== undefined ? { table } : { query: query as string }) };
}

function readThresholds(r: ConfigReader, value: unknown, key: string): ComparatorThresholds {
  const o = r.object(value, key, ['infinityNorm', 'jensenShannonDivergence', 'normalizedAbsDifference']);
  const out: { -readonly [K in keyof ComparatorThresholds]: number } = {};
  for (const name of ['infinityNorm', 'jensenShannonDivergence', 'normalizedAbsDifference'] as const) {
    if (o[name] !== undefined) out[name] = r.number(o[name], `${key}.${name}`, (n) => n >= 0, 'a number >= 0');
  }
  if (Object.keys(out).length === 0) {
    r.fail(key, 'no threshold set', 'set infinityNorm, jensenShannonDivergence or normalizedAbsDifference');
  }
  return out;
}

function readSchema(r: ConfigReader, value: unknown, splits: readonly SplitConfig[]): SchemaSource {
  const first = splits[0]?.name as string;
  if (value === undefined || value === 'infer') return { kind: 'infer', from: first };
  if (typeof value === 'string') return { kind: 'import', path: r.path(value) };
  const o = r.object(value, 'schema', ['infer', 'path']);
  if (o.path !== undefined && o.infer !== undefined) r.fail('schema', "set either 'infer' or 'path', not both");
  if (o.path !== undefined) return { kind: 'import', path: r.path(r.string(o.path, 'schema.path')) };
  if (o.infer === undefined || o.infer === true) return { kind: 'infer', from: first };
  const inf = r.object(o.infer, 'schema.infer', ['from', 'maxStringDomainSize', 'inferFeatureShape']);
  const from = inf.from === undefined ? first : r.string(inf.from, 'schema.infer.from');
  if (!splits.some((s) => s.name === from)) {
    r.fail('schema.infer.from', `no split named '${from}'`, `splits: ${splits.map((s) => s.name).join(', ')}`);
  }
  return {
    kind: 'infer',
    from,
    ...(inf.maxStringDomainSize !== undefined
      ? {
          maxStringDomainSize: r.number(
            inf.maxStringDomainSize,
            'schema.infer.maxStringDomainSize',
            (n) => Number.isInteger(n) && n >= 0,
            'an integer >= 0',
          ),
        }
      : {}),
    ...(inf.inferFeatureShape !== undefined
      ? { inferFeatureShape: r.boolean(inf.inferFeatureShape, 'schema.infer.inferFeatureShape') }
      : {}),
  };
}

function readStatistics(r: ConfigReader, value: unknown): StatisticsOptions {
  if (value === undefined) return {};
  const o = r.object(value, 'statistics', [...STAT_INT_OPTIONS, ...STAT_NUMBER_OPTIONS]);
  const out: Record<string, number> = {};
  for (const name of STAT_INT_OPTIONS) {
    if (o[name] !== undefined) {
      out[name] = r.number(o[name], `statistics.${name}`, (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0');
    }
  }
  for (const name of STAT_NUMBER_OPTIONS) {
    if (o[name] !== undefined) out[name] = r.number(o[name], `statistics.${name}`, (n) => n > 0, 'a number > 0');
  }
  return out as StatisticsOptions;
}

/** A metadata store URL from the config: SQLite paths are relative to the config file. */
function readStoreUrl(r: ConfigReader, value: string): string {
  if (/^(postgres(ql)?|mysql|mariadb):\/\//i.test(value) || value.startsWith('memory:')) return value;
  const raw = value.replace(/^sqlite:(\/\/)?/i, '');
  return raw === ':memory:' ? value : r.path(raw);
}

/** Options of {@link parsePipelineConfig}. */
export interface ParseConfigOptions {
  /** The config file, named in error messages. */
  readonly file?: string;
  /** Relative paths in the config are resolved against this directory (the config file's). */
  readonly baseDir: string;
}

/**
 * Checks a parsed `datavet.config.json` (or YAML) and fills in defaults. Relative paths are
 * resolved against `baseDir`. Every problem is a UsageError naming the key, e.g.
 * `invalid config: splits[1].environment: expected a non-empty string, got number 3`.
 */
export function parsePipelineConfig(raw: unknown, options: ParseConfigOptions): PipelineConfig {
  const r: ConfigReader = new ConfigReader(options.file, options.baseDir);
  const o = r.object(raw, '', [
    'name',
    'pipelineRoot',
    'metadata',
    'splits',
    'schema',
    'environments',
    'features',
    'comparators',
    'validation',
    'statistics',
    'report',
    'failOn',
    'monitoring',
    'checks',
  ]);
  const name = o.name === undefined ? 'datavet' : r.string(o.name, 'name');
  const rawSplits = o.splits;
  if (!Array.isArray(rawSplits) || rawSplits.length === 0) {
    r.fail(
      'splits',
      o.splits === undefined ? 'missing' : 'expected a non-empty list of splits',
      'e.g. "splits": [{ "name": "train", "inputs": ["train.csv"] }]',
    );
  }
  const splits = rawSplits.map((s, i) => readSplit(r, s, `splits[${i}]`));
  const names = new Set<string>();
  for (const [i, split] of splits.entries()) {
    if (names.has(split.name)) r.fail(`splits[${i}].name`, `duplicate split name '${split.name}'`);
    names.add(split.name);
  }
  for (const [i, split] of splits.entries()) {
    for (const key of ['driftAgainst', 'skewAgainst'] as const) {
      const other = split[key];
      if (other === undefined) continue;
      if (!names.has(other))
        r.fail(`splits[${i}].${key}`, `no split named '${other}'`, `splits: ${[...names].join(', ')}`);
      if (other === split.name) r.fail(`splits[${i}].${key}`, 'a split cannot be compared with itself');
    }
  }
  const schema = readSchema(r, o.schema, splits);

  const envs = o.environments === undefined ? {} : r.object(o.environments, 'environments', ['default', 'features']);
  const defaultEnvs = envs.default === undefined ? [] : r.strings(envs.default, 'environments.default');
  // Keyed by feature names, which are user text: no prototype (a feature may be named __proto__).
  const features: Record<string, { in?: string[]; notIn?: string[] }> = Object.create(null);
  if (envs.features !== undefined) {
    for (const [feature, spec] of Object.entries(r.object(envs.features, 'environments.features', undefined))) {
      const key = `environments.features.${feature}`;
      const f = r.object(spec, key, ['in', 'notIn']);
      features[feature] = {
        ...(f.in !== undefined ? { in: r.strings(f.in, `${key}.in`) } : {}),
        ...(f.notIn !== undefined ? { notIn: r.strings(f.notIn, `${key}.notIn`) } : {}),
      };
    }
  }

  const curations: Record<string, FeatureCuration> = Object.create(null);
  if (o.features !== undefined) {
    for (const [feature, spec] of Object.entries(r.object(o.features, 'features', undefined))) {
      curations[feature] = readCuration(r, spec, `features.${feature}`);
    }
  }

  const comparators: Record<string, { skew?: ComparatorThresholds; drift?: ComparatorThresholds }> =
    Object.create(null);
  if (o.comparators !== undefined) {
    for (const [feature, spec] of Object.entries(r.object(o.comparators, 'comparators', undefined))) {
      const key = `comparators.${feature}`;
      const c = r.object(spec, key, ['skew', 'drift']);
      comparators[feature] = {
        ...(c.skew !== undefined ? { skew: readThresholds(r, c.skew, `${key}.skew`) } : {}),
        ...(c.drift !== undefined ? { drift: readThresholds(r, c.drift, `${key}.drift`) } : {}),
      };
    }
  }

  const v =
    o.validation === undefined
      ? {}
      : r.object(o.validation, 'validation', ['severityOverrides', 'newFeaturesAreWarnings']);
  const severityOverrides: Partial<Record<AnomalyType, Severity>> = {};
  if (v.severityOverrides !== undefined) {
    const types = tfmdRegistry.enum('tensorflow.metadata.v0.AnomalyInfo.Type').numberByName;
    for (const [type, severity] of Object.entries(
      r.object(v.severityOverrides, 'validation.severityOverrides', undefined),
    )) {
      const key = `validation.severityOverrides.${type}`;
      if (!types.has(type))
        r.fail(
          key,
          `unknown anomaly type '${type}'`,
          'use an AnomalyInfo.Type name, e.g. ENUM_TYPE_UNEXPECTED_STRING_VALUES',
        );
      if (!SEVERITIES.includes(severity as Severity))
        r.fail(key, `expected one of ${SEVERITIES.join(', ')}, got ${r.describe(severity)}`);
      severityOverrides[type as AnomalyType] = severity as Severity;
    }
  }

  let report: PipelineConfig['report'] = { enabled: true };
  if (typeof o.report === 'boolean') report = { enabled: o.report };
  else if (o.report !== undefined) {
    const rep = r.object(o.report, 'report', ['enabled', 'path']);
    report = {
      enabled: rep.enabled === undefined ? true : r.boolean(rep.enabled, 'report.enabled'),
      ...(rep.path !== undefined ? { path: r.path(r.string(rep.path, 'report.path')) } : {}),
    };
  }

  let failOn: FailOnPolicy = 'error';
  if (o.failOn !== undefined) {
    const value = r.string(o.failOn, 'failOn');
    if (value !== 'error' && value !== 'warning' && value !== 'never')
      r.fail('failOn', 'expected error, warning or never');
    failOn = value as FailOnPolicy;
  }

  return {
    name,
    ...(options.file ? { file: options.file } : {}),
    ...(o.pipelineRoot !== undefined ? { pipelineRoot: r.path(r.string(o.pipelineRoot, 'pipelineRoot')) } : {}),
    ...(o.metadata !== undefined ? { metadata: readStoreUrl(r, r.string(o.metadata, 'metadata')) } : {}),
    splits,
    schema,
    environments: { default: defaultEnvs, features },
    features: curations,
    comparators,
    validation: {
      severityOverrides,
      ...(v.newFeaturesAreWarnings !== undefined
        ? { newFeaturesAreWarnings: r.boolean(v.newFeaturesAreWarnings, 'validation.newFeaturesAreWarnings') }
        : {}),
    },
    statistics: readStatistics(r, o.statistics),
    report,
    failOn,
    ...(o.monitoring !== undefined ? { monitoring: readMonitoringConfig(r, o.monitoring) } : {}),
    ...(o.checks !== undefined
      ? {
          checks:
            typeof o.checks === 'string'
              ? r.path(o.checks)
              : readCheckDefinitions(o.checks, { ...(options.file ? { file: options.file } : {}), path: ['checks'] }),
        }
      : {}),
  };
}
