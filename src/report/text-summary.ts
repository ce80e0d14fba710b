import { formatTextTable } from '../_util/text-table.js';
import type { ReportInput } from './report-input.js';
import { buildReportModel, type FeatureStatsEntry, type ReportFeature } from './report-model.js';

/** Options of the terminal summary. */
export interface TextSummaryOptions {
  /** Longest feature name before it is cut with an ellipsis. Default: never cut. */
  readonly maxNameWidth?: number;
  /** The terminal's width: the last column wraps under itself (nothing is cut). Default: full lines. */
  readonly width?: number;
}

function formatNumber(v: number | undefined): string {
  if (v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return v.toLocaleString('en-US');
  if (a !== 0 && (a >= 1e9 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

function formatPercent(f: number): string {
  if (f === 0) return '0%';
  const p = f * 100;
  return `${p < 0.1 ? p.toFixed(2) : p < 100 ? p.toFixed(1) : p.toFixed(0)}%`;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The one-number summary of a feature in a dataset: mean for numbers, unique count otherwise. */
function centre(entry: FeatureStatsEntry | null): string {
  if (!entry) return 'absent';
  if (entry.mean !== undefined) return `mean ${formatNumber(entry.mean)}`;
  if (entry.unique !== undefined) return `${formatNumber(entry.unique)} unique`;
  return `${formatNumber(entry.count)} present`;
}

function typeText(feature: ReportFeature): string {
  const types = [...new Set(feature.stats.filter((s) => s !== null).map((s) => s.type))];
  return types.length ? types.join('/') : '-';
}

/**
 * The report's facts as a terminal table: one line per feature with its type, missing % and
 * mean (or unique count) in each dataset, absence from a dataset, the drift score and the
 * anomaly; then each anomaly's description and suggested schema change.
 */
export function renderTextSummary(input: ReportInput, options: TextSummaryOptions = {}): string {
  const model = buildReportModel(input);
  const nameWidth = options.maxNameWidth ?? Number.POSITIVE_INFINITY;
  const lines: string[] = [];
  lines.push(model.title);
  lines.push(
    `datasets: ${model.datasets.map((d) => `${d.label} (${formatNumber(d.numExamples)} examples)`).join(', ') || 'none'}`,
  );
  if (model.datasetAnomaly) {
    lines.push(`dataset anomaly: ${model.datasetAnomaly.severity} ${model.datasetAnomaly.shortDescription}`);
  }
  lines.push('');
  const many = model.datasets.length > 1;
  const header = ['feature', 'type'];
  for (const d of model.datasets) header.push(many ? `missing ${d.label}` : 'missing');
  for (const d of model.datasets) header.push(many ? `summary ${d.label}` : 'summary');
  if (model.hasDrift) header.push('drift');
  header.push('anomaly');
  const rows: string[][] = [header];
  for (const f of model.features) {
    const row = [cut(f.path, nameWidth), typeText(f)];
    for (const s of f.stats) row.push(s ? formatPercent(s.missingFraction) : 'absent');
    for (const s of f.stats) row.push(centre(s));
    if (model.hasDrift) {
      const d = f.drift;
      row.push(
        d ? `${d.kind === 'p_value' ? 'p=' : ''}${formatNumber(d.value)} ${d.method}${d.drifted ? ' DRIFT' : ''}` : '-',
      );
    }
    row.push(f.anomaly ? `${f.anomaly.severity} ${f.anomaly.shortDescription}` : '');
    rows.push(row);
  }
  lines.push(...formatTextTable(rows, options.width !== undefined ? { width: options.width } : {}));

  const anomalous = model.features.filter((f) => f.anomaly);
  const drifted = model.features.filter((f) => f.drift?.drifted).length;
  const absent = model.features.filter((f) => f.stats.some((s) => s === null) && f.stats.some((s) => s !== null));
  lines.push('');
  const counts = [`${model.features.length} features`, `${anomalous.length} with anomalies`];
  if (model.hasDrift) counts.push(`${drifted} drifted`);
  if (many) counts.push(`${absent.length} absent in a dataset`);
  lines.push(counts.join(', '));
  for (const f of anomalous) {
    const a = f.anomaly!;
    lines.push('', `${f.path}: ${a.severity} ${a.shortDescription}`, `  ${a.description}`);
    for (const fix of a.fix ?? []) lines.push(`  suggested schema change: ${fix}`);
  }
  return `${lines.join('\n')}\n`;
}
