import { formatTextTable } from '../_util/text-table.js';
import { shortestFloat32 } from '../tfmd/index.js';
import type { Anomalies, AnomalyInfo, Feature, Schema, StringDomain } from '../tfmd/types.js';
import { domainFieldName, domainKind } from '../tfmd/vocabulary.js';

// TFDV's notebook tables as plain text (display_schema, display_anomalies): the same columns and
// cell texts as TFDV's DataFrames, aligned for a terminal or a notebook's text output.

/**
 * TFDV's `display_schema`: one row per feature (name, type, presence, valency, domain), then the
 * values of each string domain. Presence is `required` when `min_fraction` is 1, else `optional`;
 * valency is `single` for exactly one value, `[min,max]` otherwise (`inf)` without a maximum), `-`
 * when the schema says nothing; a BYTES feature with a string domain shows as STRING.
 */
export function displaySchema(schema: Schema): string {
  const features = (schema.feature ?? []).map((feature) => [
    `'${feature.name ?? ''}'`,
    typeOf(feature),
    feature.presence?.minFraction === 1 ? 'required' : 'optional',
    valencyOf(feature),
    domainOf(feature),
  ]);
  const lines = formatTextTable([['Feature name', 'Type', 'Presence', 'Valency', 'Domain'], ...features]);
  const domains: string[][] = [];
  const addDomain = (name: string, domain: StringDomain) =>
    domains.push([`'${name}'`, (domain.value ?? []).map((v) => `'${v}'`).join(', ')]);
  for (const domain of schema.stringDomain ?? []) addDomain(domain.name ?? '', domain);
  for (const feature of schema.feature ?? []) {
    if (feature.stringDomain) addDomain(feature.name ?? '', feature.stringDomain);
  }
  if (domains.length > 0) lines.push('', ...formatTextTable([['Domain', 'Values'], ...domains]));
  return `${lines.join('\n')}\n`;
}

function typeOf(feature: Feature): string {
  if (feature.type === 'BYTES' && (feature.domain !== undefined || feature.stringDomain !== undefined)) return 'STRING';
  return feature.type ?? 'TYPE_UNKNOWN';
}

function valencyOf(feature: Feature): string {
  const count = feature.valueCount;
  if (!count) return '-';
  if (count.min === 1 && count.max === 1) return 'single';
  return `[${count.min ?? 0},${count.max === undefined ? 'inf)' : `${count.max}]`}`;
}

function domainOf(feature: Feature): string {
  const kind = domainKind(feature);
  switch (kind) {
    case 'domain':
      return `'${feature.domain}'`;
    case 'stringDomain':
      return `'${feature.name ?? ''}'`;
    case 'intDomain':
    case 'floatDomain': {
      const range = feature[kind] ?? {};
      if (range.min === undefined && range.max === undefined) return '-';
      // A float domain's bounds are 32-bit floats: 24.8 read from a .pb is 24.799999237060547 as a double.
      const text = (v: unknown) =>
        kind === 'floatDomain' && typeof v === 'number' ? String(shortestFloat32(v)) : String(v);
      const low = range.min === undefined ? '(-inf' : `[${text(range.min)}`;
      const high = range.max === undefined ? 'inf)' : `${text(range.max)}]`;
      return `${low},${high}`;
    }
    case 'boolDomain':
    case 'structDomain':
    case 'naturalLanguageDomain':
      return domainFieldName(kind);
    default:
      return '-';
  }
}

/**
 * TFDV's `display_anomalies`: one row per feature with anomalies (name, short description, long
 * description), the dataset-level anomaly last; "No anomalies found." when there are none. The
 * short description falls back to the reasons' short descriptions joined with "; ", as TFDV does.
 */
export function displayAnomalies(anomalies: Anomalies): string {
  const rows = Object.entries(anomalies.anomalyInfo ?? {}).map(([name, info]) => row(`'${name}'`, info));
  if (anomalies.datasetAnomalyInfo) rows.push(row('[dataset anomaly]', anomalies.datasetAnomalyInfo));
  if (rows.length === 0) return 'No anomalies found.\n';
  const head = ['Feature name', 'Anomaly short description', 'Anomaly long description'];
  return `${formatTextTable([head, ...rows]).join('\n')}\n`;
}

function row(name: string, info: AnomalyInfo): string[] {
  const reasons = info.reason ?? [];
  const short = info.shortDescription || reasons.map((r) => r.shortDescription ?? '').join('; ');
  const long = info.description || reasons.map((r) => r.description ?? '').join(' ');
  return [name, short, long];
}
