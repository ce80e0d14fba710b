import { CHECK_KINDS, type CheckSet, type Locate, readCheckDefinitions } from '../checks/check-definition.js';
import { INPUT_FORMATS } from '../io/input-formats.js';
import type { FeatureCuration } from '../schema/curate-feature.js';
import { type StatisticsOptions, statisticsConfigOptions } from '../stats/statistics-options.js';
import { tfmdRegistry } from '../tfmd/descriptors.js';
import type { FeatureComparator, Severity } from '../tfmd/types.js';
import { SEVERITIES } from '../tfmd/vocabulary.js';
import {
  boolean,
  custom,
  integerAtLeast,
  list,
  number,
  numberIn,
  type Output,
  object,
  oneOf,
  path,
  record,
  string,
  strings,
} from './config-definition.js';
import { configLocator } from './config-locator.js';
import { ConfigReader, keyOf } from './config-reader.js';
import { DRIFT_AGAINST, MONITORING, type SpanSelector } from './monitoring-config.js';
import { hasSpanPattern } from './span-inputs.js';

/*
 * The pipeline config (`datavet.config.json` or YAML), declared once as PIPELINE_CONFIG below: the
 * types of the checked config, its checking and the key table of docs/pipeline.md all come from it
 * (test/pipeline/config-docs.test.ts keeps the table in step).
 */

const FAIL_ON = ['error', 'warning', 'never'] as const;

/** Which anomalies fail a run: ERROR only (default), WARNING and above, or none (report only). */
export type FailOnPolicy = (typeof FAIL_ON)[number];

const nonNegative = () => number('a number >= 0', (n) => n >= 0);

/** Thresholds of one TFDV FeatureComparator (at least one). */
const THRESHOLDS = object({
  infinityNorm: nonNegative().doc('L-infinity distance threshold (categorical features)').opt(),
  jensenShannonDivergence: nonNegative().doc('Jensen-Shannon divergence threshold').opt(),
  normalizedAbsDifference: nonNegative().doc('normalized absolute difference threshold (categorical features)').opt(),
}).map((t, key, r) => {
  if (Object.keys(t).length === 0) {
    r.fail(key, 'no threshold set', 'set infinityNorm, jensenShannonDivergence or normalizedAbsDifference');
  }
  return t;
});

/** Thresholds of one TFDV FeatureComparator. */
export type ComparatorThresholds = Output<typeof THRESHOLDS>;

/** The FeatureComparator of a schema that holds these thresholds. */
export function thresholdsToComparator(thresholds: ComparatorThresholds): FeatureComparator {
  return Object.fromEntries(Object.entries(thresholds).map(([name, threshold]) => [name, { threshold }]));
}

const SOURCE = object({
  engine: string().doc('the SQL engine ([engines.md](engines.md))'),
  connection: string()
    .map((connection, _key, r) => {
      // A DuckDB file is relative to the config, as input files are.
      const duckFile = /^duckdb:(?!\/\/|:memory:)(.+)$/i.exec(connection);
      return duckFile ? `duckdb:${r.path(duckFile[1] as string)}` : connection;
    })
    .doc(
      'its URL, password included: never recorded (lineage keeps it masked); a DuckDB file is relative to the config',
    ),
  table: string().doc('the table to read').opt('none: give `table` or `query`'),
  query: string().doc('the query to read').opt('none: give `table` or `query`'),
}).map((source, key, r) => {
  if ((source.table === undefined) === (source.query === undefined)) r.fail(key, 'give exactly one of table and query');
  return source;
});

/** A split's rows in a SQL engine: `{ engine, connection, table | query }`. */
export type SplitSource = Output<typeof SOURCE>;

const SPLIT = object({
  name: string()
    .doc('`train`, `eval`, `serving`…: names the `Split-<name>` directories')
    .map((name, key, r) => {
      if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') {
        r.fail(key, `'${name}' cannot name a directory: use letters, digits, '_', '-' or '.'`);
      }
      return name;
    }),
  inputs: custom('a path or glob, or a list of them', (v, key, r) => r.strings(v, key).map((p) => r.path(p)))
    .doc('files or globs (`data/*.csv`); all files of a split have one format')
    .opt('required, unless `source`'),
  format: oneOf(INPUT_FORMATS).doc('the format of the files').opt('from the extension'),
  nullValues: strings(true).doc('CSV cells read as missing').opt('`[""]`'),
  delimiter: string().doc('CSV delimiter').opt('`,`'),
  environment: string()
    .doc("environment the split is validated in (added to the schema's `default_environment`)")
    .opt(),
  driftAgainst: DRIFT_AGAINST.doc(
    "another split used as the previous span (`drift_comparator`, TFDV's `previous_statistics`); for a split with spans, earlier spans resolved from the store ([monitoring](monitoring.md))",
  ).opt(),
  skewAgainst: string()
    .doc('another split used as the training data; this split is the serving data (`skew_comparator`)')
    .opt(),
  source: SOURCE.doc(
    "`{ engine, connection, table | query }`: the split's rows in a SQL engine, computed there ([engines.md](engines.md))",
  ).opt('instead of `inputs`'),
  span: integerAtLeast(0)
    .doc(
      "the span of the split's inputs; with a `{SPAN}` or `{YYYY}-{MM}-{DD}` pattern in `inputs`, the span to read ([monitoring](monitoring.md))",
    )
    .opt('the latest span on disk'),
}).map((split, key, r) => {
  const { inputs, driftAgainst, ...rest } = split;
  if (split.source !== undefined && inputs !== undefined)
    r.fail(`${key}.source`, 'give either inputs (files) or source (an engine)');
  if (split.source === undefined && inputs === undefined)
    r.fail(`${key}.inputs`, 'missing: list the files or globs of the split');
  if (inputs !== undefined && inputs.length === 0) r.fail(`${key}.inputs`, 'empty: list at least one file or glob');
  const files = inputs ?? [];
  if (typeof driftAgainst === 'object' && split.span === undefined && !hasSpanPattern(files)) {
    r.fail(
      `${key}.driftAgainst`,
      'comparing with earlier spans needs a split with spans',
      'set "span", or use a {SPAN} or {YYYY}-{MM}-{DD} pattern in inputs',
    );
  }
  return {
    ...rest,
    /** Absolute paths or globs of the split's files (empty with `source`). */
    inputs: files as readonly string[],
    /** Drift: compare with this split as the previous span (the schema's drift_comparator). */
    ...(typeof driftAgainst === 'string' ? { driftAgainst } : {}),
    /** Drift against earlier spans of this split, resolved from the store (`driftAgainst` in the config). */
    ...(typeof driftAgainst === 'object' ? { driftAgainstSpans: driftAgainst } : {}),
  } as SplitOf<typeof rest>;
});

/** The split as the pipeline uses it: `driftAgainst` split into a split name or span selector. */
type SplitOf<Rest> = Rest & {
  readonly inputs: readonly string[];
  readonly driftAgainst?: string;
  readonly driftAgainstSpans?: SpanSelector;
};

/** One split: a dataset validated in one environment, optionally compared with another split. */
export type SplitConfig = Output<typeof SPLIT>;

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

/** A bound of a range; `null` leaves that side open. */
function bound(integer: boolean) {
  const what = integer ? 'an integer' : 'a number';
  const check = integer ? Number.isSafeInteger : () => true;
  return custom(`${what}, or \`null\` (open)`, (v, key, r) => (v === null ? null : r.number(v, key, check, what)));
}

/** `{ "min": 0, "max": 9 }` or `[0, 9]`, `null` for an open side; at least one side set. */
function range(integer: boolean) {
  return object({
    min: bound(integer).doc('the lower bound').opt('open'),
    max: bound(integer).doc('the upper bound').opt('open'),
  })
    .map((given, key, r) => {
      const out: { min?: number; max?: number } = {};
      if (typeof given.min === 'number') out.min = given.min;
      if (typeof given.max === 'number') out.max = given.max;
      if (out.min === undefined && out.max === undefined) r.fail(key, 'set min, max or both');
      if (out.min !== undefined && out.max !== undefined && out.min > out.max)
        r.fail(key, `min ${out.min} is above max ${out.max}`);
      return out;
    })
    .or('`[min, max]` (`null` for an open side) or `{ "min", "max" }`', (v, key, r, long) => {
      if (!Array.isArray(v)) return undefined;
      if (v.length !== 2) r.fail(key, `expected [min, max], got a list of ${v.length}`);
      return long({ min: v[0], max: v[1] });
    });
}

const PRESENCE = object({
  minFraction: number('a number from 0 to 1', (n) => n >= 0 && n <= 1)
    .doc('the least fraction of examples the feature is in')
    .opt(),
  minCount: number('a whole number >= 0', (n) => Number.isSafeInteger(n) && n >= 0)
    .doc('the least number of examples the feature is in')
    .opt(),
}).or('`"required"`, `"optional"`, or an object', (v) => (v === 'required' || v === 'optional' ? v : undefined));

/** The keys of `features.<f>` that each set the feature's domain: at most one is given. */
const DOMAIN_KEYS = ['intDomain', 'floatDomain', 'values', 'domain'] as const;

/** A `features.<f>` entry: the edits of `datavet schema set f`, under the same names as the schema's fields. */
const CURATION = object({
  intDomain: range(true).doc('an integer domain (`int_domain`)').opt(),
  floatDomain: range(false).doc('a float domain (`float_domain`)').opt(),
  values: strings(true).doc('a string domain: its values').opt(),
  domain: string().doc('a string domain of the schema, by name').opt(),
  presence: PRESENCE.doc('in every example (`required`), `optional`, or at least so many (`presence`)').opt(),
  valueCount: range(true).doc('values per example (`value_count`)').opt(),
  inEnvironment: strings().doc('replaces `in_environment` (an empty list removes it)').opt(),
  notInEnvironment: strings().doc('replaces `not_in_environment` (an empty list removes it)').opt(),
  skew: THRESHOLDS.doc('skew thresholds, as in `comparators` (`skew_comparator`)').opt(),
  drift: THRESHOLDS.doc('drift thresholds, as in `comparators` (`drift_comparator`)').opt(),
  deprecated: boolean().doc('marks the feature deprecated (validation then skips it)').opt(),
}).map((o, key, r): FeatureCuration => {
  const domains = DOMAIN_KEYS.filter((k) => o[k] !== undefined);
  if (domains.length > 1) r.fail(key, `give one domain, not ${domains.join(' and ')}`);
  const domain: FeatureCuration['domain'] =
    o.intDomain !== undefined
      ? { intDomain: o.intDomain }
      : o.floatDomain !== undefined
        ? { floatDomain: o.floatDomain }
        : o.values !== undefined
          ? { stringDomain: { value: o.values } }
          : o.domain;
  return {
    ...(domain !== undefined ? { domain } : {}),
    ...(o.presence !== undefined ? { presence: o.presence } : {}),
    ...(o.valueCount !== undefined ? { valueCount: o.valueCount } : {}),
    ...(o.inEnvironment !== undefined ? { inEnvironment: o.inEnvironment } : {}),
    ...(o.notInEnvironment !== undefined ? { notInEnvironment: o.notInEnvironment } : {}),
    ...(o.skew !== undefined ? { skewComparator: thresholdsToComparator(o.skew) } : {}),
    ...(o.drift !== undefined ? { driftComparator: thresholdsToComparator(o.drift) } : {}),
    ...(o.deprecated !== undefined ? { deprecated: o.deprecated } : {}),
  };
});

const INFER = object({
  from: string().doc('the split whose statistics the schema is inferred from').opt('the first split'),
  maxStringDomainSize: integerAtLeast(0)
    .doc('the most distinct strings a feature may have and still get a string domain')
    .opt('`100`'),
  inferFeatureShape: boolean()
    .doc('infer `shape` rather than `value_count` for features of a fixed length present in every example')
    .opt('`true`'),
}).or('`true` or an object', (v, _key, _r, long) => (v === true ? long({}) : undefined));

/** `"infer"` (or nothing), a curated schema's path, or `{ "infer": ... }` / `{ "path": ... }`, as a {@link SchemaSource}. */
const SCHEMA = object({
  infer: INFER.doc("infer the schema from a split's statistics (TFDV's `infer_schema`)").opt(),
  path: path().doc('a curated schema (`.pbtxt`, `.pb`, `.json`), imported').opt(),
})
  .or('`"infer"`, the path of a curated schema, or an object', (v, key, r, long) =>
    v === undefined || v === 'infer'
      ? long({ infer: true })
      : typeof v === 'string'
        ? long({ path: r.string(v, key) })
        : undefined,
  )
  .map((o, key, r, parent): SchemaSource => {
    const splits = parent.splits as readonly SplitConfig[];
    if (o.path !== undefined && o.infer !== undefined) r.fail(key, "set either 'infer' or 'path', not both");
    if (o.path !== undefined) return { kind: 'import', path: o.path };
    const { from = splits[0]!.name, ...options } = o.infer ?? {};
    if (!splits.some((s) => s.name === from)) {
      r.fail(`${key}.infer.from`, `no split named '${from}'`, `splits: ${splits.map((s) => s.name).join(', ')}`);
    }
    return { kind: 'infer', from, ...options };
  });

/** The `statistics` object: the statistics options a config may set, each declared (with its range) in STATISTICS_OPTIONS. */
const STATISTICS = object(
  Object.fromEntries(
    statisticsConfigOptions().map((option) => [
      option.name,
      numberIn(option.range).doc(option.doc).opt(`\`${option.default}\``),
    ]),
  ),
).map((options) => options as StatisticsOptions);

/** A metadata store URL from the config: SQLite paths are relative to the config file. */
function readStoreUrl(r: ConfigReader, value: string): string {
  if (/^(postgres(ql)?|mysql|mariadb):\/\//i.test(value) || value.startsWith('memory:')) return value;
  const raw = value.replace(/^sqlite:(\/\/)?/i, '');
  return raw === ':memory:' ? value : r.path(raw);
}

const SPLITS = list(SPLIT, {
  missing: 'missing',
  notAList: 'expected a non-empty list of splits',
  hint: 'e.g. "splits": [{ "name": "train", "inputs": ["train.csv"] }]',
}).map((splits, _key, r) => {
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
  return splits as readonly SplitConfig[];
});

const ANOMALY_TYPES = tfmdRegistry.enum('tensorflow.metadata.v0.AnomalyInfo.Type').numberByName;

const SEVERITY_OVERRIDE = custom<Severity>('one of `ERROR`, `WARNING`, `UNKNOWN`', (v, key, r) => {
  const type = key.slice(key.lastIndexOf('.') + 1);
  if (!ANOMALY_TYPES.has(type)) {
    r.fail(
      key,
      `unknown anomaly type '${type}'`,
      'use an AnomalyInfo.Type name, e.g. ENUM_TYPE_UNEXPECTED_STRING_VALUES',
    );
  }
  return oneOf(SEVERITIES).read(v, key, r);
}).doc('the severity anomalies of that type get');

/** `report`: `true`/`false` for `{ "enabled": ... }`, or the object. */
const REPORT = object({
  enabled: boolean().doc('write the report').default(true, '`true`'),
  path: path()
    .doc('where the report is written (relative to the config)')
    .opt('`.datavet/report.html` in the working directory'),
}).or('`true`/`false`, or `{ "enabled", "path" }`', (v, _key, _r, long) =>
  typeof v === 'boolean' ? long({ enabled: v }) : undefined,
);

/** The whole config, key by key, in the order the docs table lists them. */
export const PIPELINE_CONFIG = object({
  name: string()
    .doc('pipeline name: the `pipeline` context, the prefix of `node` contexts')
    .default('datavet', '`datavet`'),
  pipelineRoot: path().doc('where artifacts are written').opt('`.datavet/pipeline`'),
  metadata: custom('a store URL', (v, key, r) => readStoreUrl(r, r.string(v, key)))
    .doc('ML Metadata store: SQLite path, `sqlite:PATH`, `postgres://…`, `mysql://…`, `memory:`')
    .opt('`$DATAVET_METADATA_STORE`, else `.datavet/metadata.sqlite`'),
  splits: SPLITS.doc('the datasets: at least one'),
  schema: SCHEMA.doc('where the schema comes from').whenMissing('infer from the first split'),
  environments: object({
    default: strings()
      .doc("names added to the schema's `default_environment`")
      .default(() => [], '`[]`'),
    features: record(
      object(
        {
          in: strings().doc('environments the feature is expected in').opt(),
          notIn: strings().doc('environments the feature is not expected in').opt(),
        },
        '`{ "in": [...], "notIn": [...] }`',
      ).doc('`in_environment` / `not_in_environment` of feature `f`'),
      '<f>',
    ).default(() => Object.create(null), 'none'),
  }).default(() => ({ default: [], features: Object.create(null) }), '`{}`'),
  features: record(
    CURATION.doc(
      'the curation `datavet schema set f` makes, applied last, with the shape rule of docs/schema-evolution.md',
    ),
    '<f>',
  ).default(() => Object.create(null), 'none'),
  comparators: record(
    object({
      skew: THRESHOLDS.doc('training/serving skew thresholds (`skew_comparator`)').opt(),
      drift: THRESHOLDS.doc('drift thresholds between spans (`drift_comparator`)').opt(),
    }),
    '<f>',
  ).default(() => Object.create(null), 'none'),
  validation: object({
    severityOverrides: record(SEVERITY_OVERRIDE, '<AnomalyInfo.Type>')
      .doc("TFDV's severity overrides; also applied to skew")
      .default(() => ({}), 'none'),
    newFeaturesAreWarnings: boolean().doc('SCHEMA_NEW_COLUMN as WARNING').opt('`false`'),
  }).default(() => ({ severityOverrides: {} }), '`{}`'),
  statistics: STATISTICS.doc('statistics options (docs/statistics.md)').default(() => ({}), "TFDV's"),
  report: REPORT.doc('the HTML report of the run').default(() => ({ enabled: true }), '`.datavet/report.html`'),
  failOn: oneOf(FAIL_ON, 'error, warning or never')
    .doc('which anomalies fail the run (`never`: report only)')
    .default('error', '`error`'),
  monitoring: MONITORING.doc(
    'detectors over the metric history of splits with spans ([monitoring](monitoring.md))',
  ).opt(),
  checks: custom<CheckSet | string>('a list of checks, or the path of a checks file', (v, key, r) =>
    typeof v === 'string'
      ? r.path(v)
      : readCheckDefinitions(v, { ...(r.file ? { file: r.file } : {}), path: [key], locate: checkLocator(r) }),
  )
    .doc('custom checks ([checks](checks.md))')
    .opt(),
});

/** The keys of a check that hold an expression (or columns), whose errors point into the text. */
const EXPRESSION_KEYS: ReadonlySet<string | number> = new Set([...Object.keys(CHECK_KINDS), 'when']);

/**
 * Places the errors of checks written in the config (a bad definition, and later a bad expression)
 * where the config reader places its own: at the line and column of the key, from the path the
 * checks reader gives (`['checks', 0, 'mostly']` is the key `checks[0].mostly`); an error inside an
 * expression at its character when the expression is written as is.
 */
function checkLocator(r: ConfigReader): Locate {
  return (path) => {
    const key = path.reduce<string>(
      (parent, step) => (typeof step === 'number' ? `${parent}[${step}]` : keyOf(parent, step)),
      '',
    );
    const position = r.position(key);
    if (!position) return undefined;
    return EXPRESSION_KEYS.has(path.at(-1) ?? '') ? (offset) => r.position(key, offset) ?? position : () => position;
  };
}

/** A validated `datavet.config.json`: every path absolute, every default filled in. */
export type PipelineConfig = Output<typeof PIPELINE_CONFIG> & {
  /** The config file (for messages). */
  readonly file?: string;
};

/** Options of {@link parsePipelineConfig}. */
export interface ParseConfigOptions {
  /** The config file, named in error messages. */
  readonly file?: string;
  /** Relative paths in the config are resolved against this directory (the config file's). */
  readonly baseDir: string;
  /** The file's text (JSON or YAML), so that an error gives the line of the key as well. */
  readonly text?: string;
}

/**
 * Checks a parsed `datavet.config.json` (or YAML) and fills in defaults. Relative paths are
 * resolved against `baseDir`. Every problem is a UsageError naming the key, e.g.
 * `invalid config: splits[1].environment: expected a non-empty string, got number 3`.
 */
export function parsePipelineConfig(raw: unknown, options: ParseConfigOptions): PipelineConfig {
  const r = new ConfigReader(
    options.file,
    options.baseDir,
    options.text !== undefined ? configLocator(options.text) : undefined,
  );
  const config = PIPELINE_CONFIG.read(raw, '', r);
  return { ...config, ...(options.file ? { file: options.file } : {}) };
}
