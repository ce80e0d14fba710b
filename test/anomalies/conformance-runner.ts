/**
 * Runs the TFDV conformance cases (test/fixtures/conformance/tfdv/cases.json, test/fixtures/conformance/tfdv/PROVENANCE.md) against
 * datavet, honouring each case's entry_point. Shared by the schema, anomalies and drift suites;
 * each suite picks its kinds. Cases datavet cannot pass yet are listed with a reason in
 * expected-failures.json next to the cases (never special-cased in the engine).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDatavetError } from '../../src/_util/errors.js';
import { checkPresence } from '../../src/anomalies/checks/presence.js';
import { checkValueCounts } from '../../src/anomalies/checks/value-counts.js';
import {
  type Finding,
  SchemaAnomalies,
  SchemaUpdater,
  severityPolicy,
  type UpdaterConfig,
  updateSchema,
  updateSchemaWith,
  validateStatistics,
} from '../../src/anomalies/index.js';
import { jensenShannon, lInfinity, normalizedAbsoluteDifference } from '../../src/drift/index.js';
import { DatasetStatsView, inferSchema, selectDataset, serializePath } from '../../src/schema/index.js';
import type {
  Anomalies,
  AnomalyInfo,
  DatasetFeatureStatistics,
  DatasetFeatureStatisticsList,
  DriftSkewInfo,
  Feature,
  FeatureNameStatistics,
  FeaturePresence,
  FeatureStatisticsToProtoConfig,
  Schema,
} from '../../src/tfmd/index.js';
import { encodeBinary, parseTextFormat, printTextFormat } from '../../src/tfmd/index.js';

export interface ConformanceCase {
  id: string;
  kind: string;
  entry_point: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
  notes?: string[];
}

const fixtureDir = resolve(import.meta.dirname, '..', 'fixtures', 'conformance', 'tfdv');

let allCases: ConformanceCase[] | undefined;

function everyCase(): ConformanceCase[] {
  allCases ??= JSON.parse(readFileSync(resolve(fixtureDir, 'cases.json'), 'utf8')) as ConformanceCase[];
  return allCases;
}

export function loadCases(kinds: readonly string[]): ConformanceCase[] {
  return everyCase().filter((c) => kinds.includes(c.kind));
}

/**
 * Some Python tests feed one call's result into the next; the extractor recorded those inputs as
 * `{"unresolved_ref_to_call": N}`. They resolve to the result of the previous case of the same
 * test (`...#k-1`), which is re-run here.
 */
function resolveRef(c: ConformanceCase, value: unknown): unknown {
  const bad = invalid(value);
  if (typeof bad !== 'string' || !bad.includes('unresolved_ref_to_call')) return value;
  const m = /^(.*)#(\d+)$/.exec(c.id);
  const previous = m ? everyCase().find((p) => p.id === `${m[1]}#${Number(m[2]) - 1}`) : undefined;
  if (!previous) throw new Mismatch(`cannot resolve ${bad} in ${c.id}`);
  return { $resolved: runCase(previous) };
}

/** id -> reason for every case datavet is known not to pass. */
export function loadExpectedFailures(): Record<string, string> {
  return JSON.parse(readFileSync(resolve(fixtureDir, 'expected-failures.json'), 'utf8')) as Record<string, string>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const stats = (v: unknown): DatasetFeatureStatisticsList => parseTextFormat('DatasetFeatureStatisticsList', str(v));
const schemaOf = (v: unknown): Schema => parseTextFormat('Schema', str(v));
const invalid = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && '$invalid_python_value' in v
    ? (v as Record<string, unknown>).$invalid_python_value
    : undefined;
/** An input as given: a parsed message, or the deliberately wrong Python value of a type-check case. */
function input<T>(v: unknown, parse: (v: unknown) => T): T {
  if (v !== null && typeof v === 'object' && '$resolved' in v) return (v as { $resolved: T }).$resolved;
  const bad = invalid(v);
  return (bad !== undefined ? bad : parse(v)) as T;
}

function configs(c: ConformanceCase): UpdaterConfig[] {
  const raw = c.inputs.feature_statistics_to_proto_config;
  const texts = Array.isArray(raw) ? (raw as string[]) : [str(raw)];
  return texts.map((t) => toUpdaterConfig(parseTextFormat('FeatureStatisticsToProtoConfig', t)));
}

export function toUpdaterConfig(cfg: FeatureStatisticsToProtoConfig): UpdaterConfig {
  return {
    enumThreshold: cfg.enumThreshold ?? 0,
    inferFeatureShape: cfg.inferFeatureShape ?? false,
    // The proto's severity fields, normalised at the edge like every caller's.
    severity: severityPolicy(cfg),
    ...(cfg.enumDeleteThreshold !== undefined ? { enumDeleteThreshold: cfg.enumDeleteThreshold } : {}),
    ...(cfg.columnToIgnore ? { columnsToIgnore: new Set(cfg.columnToIgnore) } : {}),
    ...(cfg.columnConstraint
      ? {
          groupedEnums: new Map(
            cfg.columnConstraint.flatMap((cc) =>
              (cc.columnPath ?? []).map((p) => [serializePath(p.step ?? []), cc.enumName ?? ''] as const),
            ),
          ),
        }
      : {}),
  };
}

function neededPaths(v: unknown): Set<string> | undefined {
  if (!Array.isArray(v)) return undefined;
  return new Set((v as string[][]).map((p) => serializePath(p)));
}

// ------------------------------------------------------------------------------------------
// Comparison helpers: messages compare as their canonical binary encoding (field order,
// proto2 presence), and a mismatch prints both sides as text.

function sameMessage(kind: string, a: object, b: object): boolean {
  const ea = encodeBinary(kind, a as never);
  const eb = encodeBinary(kind, b as never);
  return ea.length === eb.length && ea.every((x, i) => x === eb[i]);
}

class Mismatch extends Error {}

function expectMessage(kind: string, actual: object, expected: object, what: string): void {
  if (!sameMessage(kind, actual, expected)) {
    throw new Mismatch(
      `${what} differs\n--- expected\n${printTextFormat(kind, expected as never)}--- actual\n${printTextFormat(kind, actual as never)}`,
    );
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Mismatch(message);
}

function withoutDiffRegions(info: AnomalyInfo): AnomalyInfo {
  const { diffRegions: _, ...rest } = info;
  return rest;
}

function checkAnomalies(c: ConformanceCase, actual: Anomalies): void {
  const e = c.expected;
  const infos = actual.anomalyInfo ?? {};
  if (e.anomaly_info !== undefined) {
    const expected = e.anomaly_info as Record<string, string>;
    for (const [key, text] of Object.entries(expected)) {
      const got = infos[key];
      check(got !== undefined, `missing anomaly_info[${key}]; got keys ${Object.keys(infos).join(', ')}`);
      expectMessage(
        'AnomalyInfo',
        withoutDiffRegions(got as AnomalyInfo),
        parseTextFormat('AnomalyInfo', text),
        `anomaly_info[${key}]`,
      );
    }
  }
  if (e.anomaly_info_count !== undefined) {
    check(
      Object.keys(infos).length === e.anomaly_info_count,
      `expected ${e.anomaly_info_count} anomaly_info entries, got ${Object.keys(infos).length}: ${JSON.stringify(infos, null, 1).slice(0, 2000)}`,
    );
  }
  if (e.anomaly_summary !== undefined) {
    for (const [key, summary] of Object.entries(
      e.anomaly_summary as Record<string, { severity: string; reason_types: string[] }>,
    )) {
      const got = infos[key];
      check(
        got?.severity === summary.severity,
        `severity of ${key}: expected ${summary.severity}, got ${got?.severity}`,
      );
      check(
        JSON.stringify((got?.reason ?? []).map((r) => r.type)) === JSON.stringify(summary.reason_types),
        `reasons of ${key}: expected ${summary.reason_types}, got ${(got?.reason ?? []).map((r) => r.type)}`,
      );
    }
  }
  if (e.anomaly_reason_types !== undefined) {
    for (const [key, types] of Object.entries(e.anomaly_reason_types as Record<string, string[]>)) {
      const got = new Set((infos[key]?.reason ?? []).map((r) => r.type as string));
      const want = new Set(types);
      check(
        got.size === want.size && [...want].every((t) => got.has(t)),
        `reason types of ${key}: expected {${[...want]}}, got {${[...got]}}`,
      );
    }
  }
  if (e.dataset_anomaly_info !== undefined) {
    check(actual.datasetAnomalyInfo !== undefined, 'missing dataset_anomaly_info');
    expectMessage(
      'AnomalyInfo',
      withoutDiffRegions(actual.datasetAnomalyInfo as AnomalyInfo),
      parseTextFormat('AnomalyInfo', str(e.dataset_anomaly_info)),
      'dataset_anomaly_info',
    );
  }
  if (e.drift_skew_info !== undefined) {
    const expected = (e.drift_skew_info as string[]).map((t) => parseTextFormat('DriftSkewInfo', t));
    const got = actual.driftSkewInfo ?? [];
    check(
      got.length === expected.length,
      `expected ${expected.length} drift_skew_info, got ${got.length}: ${JSON.stringify(got)}`,
    );
    for (const want of expected) {
      const match = got.find((g) => JSON.stringify(g.path?.step) === JSON.stringify(want.path?.step));
      check(match !== undefined, `no drift_skew_info for ${want.path?.step}`);
      compareMeasurements((match as DriftSkewInfo).driftMeasurements, want.driftMeasurements, 'drift');
      compareMeasurements((match as DriftSkewInfo).skewMeasurements, want.skewMeasurements, 'skew');
    }
  }
  if (e.anomalies !== undefined) {
    expectMessage('Anomalies', actual, parseTextFormat('Anomalies', str(e.anomalies)), 'anomalies');
  }
  if (e.data_missing !== undefined) check(actual.dataMissing === e.data_missing, `data_missing ${actual.dataMissing}`);
}

function compareMeasurements(
  got: DriftSkewInfo['driftMeasurements'],
  want: DriftSkewInfo['driftMeasurements'],
  what: string,
): void {
  const g = got ?? [];
  const w = want ?? [];
  check(g.length === w.length, `${what} measurements: expected ${JSON.stringify(w)}, got ${JSON.stringify(g)}`);
  w.forEach((m, i) => {
    const a = g[i];
    check(a?.type === m.type, `${what} measurement ${i} type ${a?.type} != ${m.type}`);
    check(Math.abs((a?.value ?? 0) - (m.value ?? 0)) < 5e-8, `${what} measurement value ${a?.value} != ${m.value}`);
    check(a?.threshold === m.threshold, `${what} measurement threshold ${a?.threshold} != ${m.threshold}`);
  });
}

// ------------------------------------------------------------------------------------------
// Checks (`expected.checks`): Python expressions on the result schema, e.g.
// `.feature[0].natural_language_domain.coverage.HasField('min_coverage')`.

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

function evalCheckPath(root: unknown, path: string): unknown {
  const has = /\.HasField\('([a-z_]+)'\)$/.exec(path);
  const body = has ? path.slice(0, has.index) : path;
  let value: unknown = root;
  for (const part of body.split('.').filter(Boolean)) {
    const m = /^([a-z_]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m) throw new Mismatch(`cannot evaluate ${path}`);
    value = (value as Record<string, unknown> | undefined)?.[camel(m[1] as string)];
    if (m[2] !== undefined) value = (value as unknown[] | undefined)?.[Number(m[2])];
  }
  if (has) return (value as Record<string, unknown> | undefined)?.[camel(has[1] as string)] !== undefined;
  return value;
}

function runChecks(c: ConformanceCase, result: object): void {
  for (const ch of (c.expected.checks ?? []) as { path: string; op: string; value: unknown }[]) {
    const v = evalCheckPath(result, ch.path);
    switch (ch.op) {
      case 'len':
        check(
          Array.isArray(v) && v.length === ch.value,
          `${ch.path}: length ${Array.isArray(v) ? v.length : v} != ${ch.value}`,
        );
        break;
      case 'true':
        check(v === true, `${ch.path} should be true`);
        break;
      case 'false':
        check(v === false || v === undefined, `${ch.path} should be false`);
        break;
      case 'almost_equal':
        check(typeof v === 'number' && Math.abs(v - (ch.value as number)) < 1e-6, `${ch.path}: ${v} != ${ch.value}`);
        break;
      default:
        throw new Mismatch(`unknown check op ${ch.op}`);
    }
  }
}

// ------------------------------------------------------------------------------------------

function expectError(c: ConformanceCase, run: () => unknown): void {
  const err = c.expected.error as { message_regex?: string; python_exception?: string };
  try {
    run();
  } catch (error) {
    check(isDatavetError(error), `expected a usage error, got ${String(error)}`);
    const re = new RegExp(err.message_regex ?? '.*', 's');
    check(
      re.test((error as Error).message),
      `error message '${(error as Error).message}' does not match /${err.message_regex}/`,
    );
    return;
  }
  throw new Mismatch(`expected an error matching /${err.message_regex}/`);
}

function validationOptions(v: unknown): Parameters<typeof validateStatistics>[2] {
  if (!v || typeof v !== 'object') return {};
  const o = v as {
    features_needed?: Record<string, unknown>;
    new_features_are_warnings?: boolean;
    severity_overrides?: [];
  };
  const featuresNeeded = Object.keys(o.features_needed ?? {}).map((k) => {
    const m = /^FeaturePath\(\[(.*)\]\)$/.exec(k);
    return (m?.[1] ?? '').split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
  });
  return {
    validationOptions: {
      featuresNeeded,
      ...(o.new_features_are_warnings !== undefined ? { newFeaturesAreWarnings: o.new_features_are_warnings } : {}),
    },
  };
}

function datasetView(list: DatasetFeatureStatisticsList | undefined, byWeight: boolean, environment?: string) {
  return list ? new DatasetStatsView(selectDataset(list), { byWeight, environment }) : undefined;
}

/** A one-feature dataset as TFDV's unit tests build it (optionally mirrored into weighted stats). */
function unitDataset(c: ConformanceCase, byWeight: boolean): { view: DatasetStatsView; path: string[] } {
  let dataset: DatasetFeatureStatistics;
  let path: string[];
  if (c.inputs.dataset_statistics !== undefined) {
    dataset = parseTextFormat('DatasetFeatureStatistics', str(c.inputs.dataset_statistics));
    path = c.inputs.feature_path as string[];
  } else {
    const feature = parseTextFormat('FeatureNameStatistics', str(c.inputs.feature_stats));
    dataset = { numExamples: c.inputs.num_examples as number, features: [feature] };
    path = [feature.name ?? ''];
  }
  if (byWeight) {
    dataset = structuredClone(dataset);
    dataset.weightedNumExamples = Number(dataset.numExamples ?? 0);
    for (const f of dataset.features ?? []) {
      const common =
        f.numStats?.commonStats ??
        f.stringStats?.commonStats ??
        f.bytesStats?.commonStats ??
        f.structStats?.commonStats;
      if (common) {
        common.weightedCommonStats = {
          numNonMissing: Number(common.numNonMissing ?? 0),
          numMissing: Number(common.numMissing ?? 0),
          avgNumValues: common.avgNumValues ?? 0,
          totNumValues: Number(common.totNumValues ?? 0),
        };
      }
    }
  }
  return { view: new DatasetStatsView(dataset, { byWeight }), path };
}

function checkUnit(c: ConformanceCase, findings: Finding[]): void {
  const e = c.expected;
  if (e.has_anomaly !== undefined) {
    check(findings.length > 0 === e.has_anomaly, `has_anomaly ${findings.length > 0}: ${JSON.stringify(findings)}`);
  }
  if (e.has_anomaly === true || e.has_anomaly === undefined) {
    if (e.reason_types !== undefined) {
      const got = new Set(findings.map((f) => f.type as string));
      const want = new Set(e.reason_types as string[]);
      check(
        got.size === want.size && [...want].every((t) => got.has(t)),
        `reason types {${[...got]}} != {${[...want]}}`,
      );
    }
    if (e.short_descriptions !== undefined) {
      const got = new Set(findings.map((f) => f.shortDescription));
      const want = new Set(e.short_descriptions as string[]);
      check(
        got.size === want.size && [...want].every((t) => got.has(t)),
        `short descriptions {${[...got]}} != {${[...want]}}`,
      );
    }
  }
  if (e.descriptions !== undefined) {
    for (const d of e.descriptions as { type: string; long_description: string }[]) {
      check(
        findings.some((f) => f.type === d.type && f.description === d.long_description),
        `no finding ${d.type}: '${d.long_description}' in ${JSON.stringify(findings)}`,
      );
    }
  }
}

/**
 * The Python callable of test_infer_schema_with_transformations, as its notes describe it: every
 * feature whose name contains 'query' gets `natural_language_domain {}`.
 */
function queryFeaturesAreText(schema: Schema): Schema {
  for (const f of schema.feature ?? []) if ((f.name ?? '').includes('query')) f.naturalLanguageDomain = {};
  return schema;
}

/** Runs one case; throws a descriptive error when datavet's result differs from TFDV's. */
export function runCase(c: ConformanceCase): unknown {
  const i = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, resolveRef(c, v)]));
  const e = c.expected;
  switch (c.entry_point) {
    case 'validate_statistics':
    case 'validate_statistics_internal':
    case 'validate_feature_statistics': {
      const run = () =>
        validateStatistics(input(i.statistics, stats), input(i.schema, schemaOf), {
          ...(typeof i.environment === 'string' ? { environment: i.environment } : {}),
          // validate_statistics_internal calls the previous span's statistics previous_span_statistics.
          ...(i.previous_statistics !== undefined
            ? c.entry_point === 'validate_statistics_internal'
              ? { previousSpanStatistics: input(i.previous_statistics, stats) }
              : { previousStatistics: input(i.previous_statistics, stats) }
            : {}),
          ...(i.serving_statistics !== undefined ? { servingStatistics: input(i.serving_statistics, stats) } : {}),
          ...(i.previous_version_statistics !== undefined
            ? { previousVersionStatistics: input(i.previous_version_statistics, stats) }
            : {}),
          ...validationOptions(i.validation_options),
          ...(Array.isArray(i.features_needed)
            ? { validationOptions: { featuresNeeded: i.features_needed as string[][] } }
            : {}),
        });
      if (e.error !== undefined) return expectError(c, run);
      const result = run();
      checkAnomalies(c, result);
      return result;
    }
    case 'schema_anomalies_find_changes':
    case 'schema_anomalies_find_changes_twice': {
      for (const config of configs(c)) {
        const schema = schemaOf(i.schema);
        const current = stats(i.statistics);
        const byWeight = DatasetStatsView.weightedStatisticsExist(selectDataset(current));
        const env = typeof i.environment === 'string' ? i.environment : undefined;
        const anomalies = new SchemaAnomalies(schema, config);
        const view = new DatasetStatsView(selectDataset(current), {
          byWeight,
          environment: env,
          previousSpan: datasetView(i.previous_statistics ? stats(i.previous_statistics) : undefined, byWeight, env),
          serving: datasetView(i.serving_statistics ? stats(i.serving_statistics) : undefined, byWeight, env),
          previousVersion: datasetView(
            i.previous_version_statistics ? stats(i.previous_version_statistics) : undefined,
            byWeight,
            env,
          ),
        });
        anomalies.findChanges(view, neededPaths(i.features_needed));
        if (c.entry_point === 'schema_anomalies_find_changes_twice') {
          anomalies.findChanges(
            new DatasetStatsView(selectDataset(stats(i.statistics_2)), { byWeight }),
            neededPaths(i.features_needed),
          );
        }
        checkAnomalies(c, anomalies.toAnomalies());
      }
      return;
    }
    case 'schema_anomalies_find_skew': {
      const anomalies = new SchemaAnomalies(schemaOf(i.schema), toUpdaterConfig({}));
      const view = new DatasetStatsView(selectDataset(stats(i.statistics)), {
        serving: datasetView(stats(i.serving_statistics), false),
      });
      anomalies.findSkew(view);
      checkAnomalies(c, anomalies.toAnomalies());
      return;
    }
    case 'infer_schema': {
      const run = () =>
        inferSchema(input(i.statistics, stats), {
          ...(typeof i.max_string_domain_size === 'number' ? { maxStringDomainSize: i.max_string_domain_size } : {}),
          ...(typeof i.infer_feature_shape === 'boolean' ? { inferFeatureShape: i.infer_feature_shape } : {}),
          ...(i.schema_transformations !== undefined ? { schemaTransformations: [queryFeaturesAreText] } : {}),
        });
      if (e.error !== undefined) return expectError(c, run);
      const result = run();
      if (e.schema !== undefined) expectMessage('Schema', result, schemaOf(e.schema), 'schema');
      runChecks(c, result);
      return result;
    }
    case 'update_schema': {
      const run = () => updateSchema(input(i.schema, schemaOf), input(i.statistics, stats));
      if (e.error !== undefined) return expectError(c, run);
      const result = run();
      if (e.schema !== undefined) expectMessage('Schema', result, schemaOf(e.schema), 'schema');
      runChecks(c, result);
      return result;
    }
    case 'update_schema_cc':
    case 'schema_update_cc': {
      for (const config of configs(c)) {
        const result = updateSchemaWith(schemaOf(i.schema), selectDataset(stats(i.statistics)), {
          config,
          ...(typeof i.environment === 'string' ? { environment: i.environment } : {}),
          ...(Array.isArray(i.paths_to_consider) ? { pathsToConsider: i.paths_to_consider as string[][] } : {}),
        });
        if (e.schema !== undefined) expectMessage('Schema', result, schemaOf(e.schema), 'schema');
        runChecks(c, result);
      }
      return;
    }
    case 'unit_update_presence': {
      for (const byWeight of (i.by_weight as boolean[] | undefined) ?? [false]) {
        const { view, path } = unitDataset(c, byWeight);
        const feature = view.getByPath(path);
        check(feature !== undefined, `no feature ${path}`);
        const presence: FeaturePresence = parseTextFormat('FeaturePresence', str(i.presence));
        const findings = checkPresence(feature as NonNullable<typeof feature>, presence);
        checkUnit(c, findings);
        if (e.fixed_presence !== undefined) {
          expectMessage(
            'FeaturePresence',
            presence,
            parseTextFormat('FeaturePresence', str(e.fixed_presence)),
            'fixed presence',
          );
        }
      }
      return;
    }
    case 'unit_update_feature_value_counts': {
      const { view, path } = unitDataset(c, false);
      const feature: Feature = parseTextFormat('Feature', str(i.feature));
      const findings = checkValueCounts(
        view.getByPath(path) as NonNullable<ReturnType<typeof view.getByPath>>,
        feature,
      );
      checkUnit(c, findings);
      if (e.fixed_feature !== undefined) {
        expectMessage('Feature', feature, parseTextFormat('Feature', str(e.fixed_feature)), 'fixed feature');
      }
      return;
    }
    case 'metric_l_infinity':
    case 'metric_normalized_abs_difference':
    case 'metric_jsd': {
      const treatment: FeatureNameStatistics = parseTextFormat('FeatureNameStatistics', str(i.treatment_feature_stats));
      const control: FeatureNameStatistics = parseTextFormat('FeatureNameStatistics', str(i.control_feature_stats));
      const want = e.metric as { value?: number; tolerance?: number; error?: string };
      let value: number | undefined;
      if (c.entry_point === 'metric_l_infinity') value = lInfinity(treatment, control).value;
      else if (c.entry_point === 'metric_normalized_abs_difference')
        value = normalizedAbsoluteDifference(treatment, control).value;
      else {
        const r = jensenShannon(treatment, control, {
          source: i.histogram_selection === 'QUANTILES' ? 'QUANTILES' : 'STANDARD',
        });
        value = 'value' in r ? r.value : undefined;
      }
      if (want.error !== undefined) check(value === undefined, `expected an error, got ${value}`);
      else
        check(
          value !== undefined && Math.abs(value - (want.value ?? 0)) <= (want.tolerance ?? 1e-5),
          `metric ${value} != ${want.value}`,
        );
      return;
    }
    default:
      throw new Mismatch(`unsupported entry point ${c.entry_point}`);
  }
}

export { SchemaUpdater };
