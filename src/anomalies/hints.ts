import { parsePath } from '../schema/feature-path.js';
import { getStringDomain } from '../schema/get-feature.js';
import { DatasetStatsView, type FeatureStatsView } from '../schema/stats-view.js';
import type { Anomalies, DatasetFeatureStatisticsList, Feature, Schema } from '../tfmd/types.js';

/**
 * A hint for a person reading anomalies: what probably went wrong and how to fix it. Hints are for
 * readable outputs only; anomaly files keep TFDV's texts.
 */
export interface AnomalyHint {
  /** The feature the hint is about (the key of its anomaly). */
  readonly feature: string;
  readonly kind: 'possible-rename' | 'null-token' | 'example-value';
  readonly text: string;
}

/** Cells spreadsheets, R and pandas write for "no value". */
const NULL_TOKENS = /^(NA|N\/A|n\/a|NaN|nan|null|NULL|Null|None|none|-|--|\?|#N\/A|missing|\.)$/;

const hasReason = (anomalies: Anomalies, key: string, type: string): boolean =>
  (anomalies.anomalyInfo?.[key]?.reason ?? []).some((r) => r.type === type);

function keysWith(anomalies: Anomalies, type: string): string[] {
  return Object.keys(anomalies.anomalyInfo ?? {}).filter((key) => hasReason(anomalies, key, type));
}

/** The statistics type a schema type is read as (strings are BYTES in a schema). */
function sameType(feature: Feature, stats: FeatureStatsView): boolean {
  const t = stats.type;
  return feature.type === t || (feature.type === 'BYTES' && t === 'STRING');
}

/** How well a new column's statistics fit a missing feature's schema entry: 0 (not) to 1. */
function fitScore(schema: Schema, feature: Feature, stats: FeatureStatsView): number {
  if (!sameType(feature, stats)) return 0;
  const values =
    feature.stringDomain?.value ??
    (feature.domain !== undefined ? getStringDomain(schema, feature.domain)?.value : undefined);
  if (values) {
    const top = stats.data.stringStats?.topValues ?? [];
    const total = top.reduce((n, v) => n + (v.frequency ?? 0), 0);
    if (total === 0) return 0.5;
    const known = new Set(values);
    const inside = top.filter((v) => known.has(v.value ?? '')).reduce((n, v) => n + (v.frequency ?? 0), 0);
    return inside / total;
  }
  const num = stats.data.numStats;
  const range = feature.intDomain ?? feature.floatDomain;
  if (num && range && (range.min !== undefined || range.max !== undefined)) {
    const lo = range.min === undefined ? Number.NEGATIVE_INFINITY : Number(range.min);
    const hi = range.max === undefined ? Number.POSITIVE_INFINITY : Number(range.max);
    return Number(num.min ?? lo) >= lo && Number(num.max ?? hi) <= hi ? 1 : 0.25;
  }
  // Same type and nothing else to compare: a guess worth showing only when it is the only one.
  return 0.5;
}

/** A missing column and a new column whose values fit it: most often the same column renamed. */
function possibleRenames(anomalies: Anomalies, view: DatasetStatsView, schema: Schema): AnomalyHint[] {
  const missing = keysWith(anomalies, 'SCHEMA_MISSING_COLUMN');
  const added = keysWith(anomalies, 'SCHEMA_NEW_COLUMN');
  if (missing.length === 0 || added.length === 0) return [];
  const hints: AnomalyHint[] = [];
  const taken = new Set<string>();
  for (const name of missing) {
    const feature = schema.feature?.find((f) => f.name === name);
    if (!feature) continue;
    const scored = added
      .filter((n) => !taken.has(n))
      .map((n) => ({ name: n, stats: view.getByPath(parsePath(n)) }))
      .filter((c): c is { name: string; stats: FeatureStatsView } => c.stats !== undefined)
      .map((c) => ({ name: c.name, score: fitScore(schema, feature, c.stats) }))
      .filter((c) => c.score >= 0.5)
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    if (!best || (best.score === 0.5 && scored.length > 1)) continue;
    taken.add(best.name);
    const why = best.score === 0.5 ? 'the same type' : 'the same type, with values inside its domain';
    hints.push({
      feature: name,
      kind: 'possible-rename',
      text: `possible rename: '${name}' is missing and the new column '${best.name}' has ${why}; if it was renamed, rename it back in the data or rename the feature in the schema`,
    });
  }
  return hints;
}

/** A numeric feature that arrived as strings: show the values that are not numbers, and the usual cause. */
function typeHints(anomalies: Anomalies, view: DatasetStatsView): AnomalyHint[] {
  const hints: AnomalyHint[] = [];
  for (const key of keysWith(anomalies, 'UNEXPECTED_DATA_TYPE')) {
    const stats = view.getByPath(parsePath(key));
    const top = stats?.data.stringStats?.topValues ?? [];
    const offending = top.filter((v) => (v.value ?? '').trim() === '' || !Number.isFinite(Number(v.value)));
    if (offending.length === 0) continue;
    const nulls = offending.filter((v) => NULL_TOKENS.test((v.value ?? '').trim()));
    const listed = offending
      .slice(0, 3)
      .map((v) => `'${v.value}' (${v.frequency ?? 0} rows)`)
      .join(', ');
    const text =
      nulls.length > 0
        ? `values such as ${listed} are not numbers; if ${nulls.map((v) => `'${v.value}'`).join(', ')} means "no value", recompute the statistics with ${nulls.map((v) => `--null-values ${v.value}`).join(' ')}`
        : `values such as ${listed} are not numbers`;
    hints.push({ feature: key, kind: nulls.length > 0 ? 'null-token' : 'example-value', text });
  }
  return hints;
}

/**
 * Hints for the anomalies of one validation: possible renames (a missing column and a new one that
 * fits it) and, for type changes, the offending values with the `--null-values` fix when they are
 * a spreadsheet's "no value" token.
 */
export function anomalyHints(
  anomalies: Anomalies,
  statistics: DatasetFeatureStatisticsList,
  schema: Schema,
): AnomalyHint[] {
  const dataset = statistics.datasets?.[0];
  if (!dataset) return [];
  const view = new DatasetStatsView(dataset);
  return [...possibleRenames(anomalies, view, schema), ...typeHints(anomalies, view)];
}
