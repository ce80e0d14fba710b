import { formatTextTable } from '../_util/text-table.js';
import { formatNumber, formatPercent } from './display-number.js';
import type { ReportInput } from './report-input.js';
import { buildReportModel, type FeatureStatsEntry, type ReportFeature } from './report-model.js';
import { formatTimeValue } from './time-value.js';

/** Options of the terminal summary. */
export interface TextSummaryOptions {
  /** Longest feature name before it is cut with an ellipsis. Default: never cut. */
  readonly maxNameWidth?: number;
  /** The terminal's width: the last column wraps under itself (nothing is cut). Default: full lines. */
  readonly width?: number;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** The one-number summary of a feature in a dataset: mean for numbers (for times their span and mean as dates), unique count otherwise. */
function centre(feature: ReportFeature, entry: FeatureStatsEntry | null): string {
  if (!entry) return 'absent';
  if (entry.mean !== undefined && feature.timeFormat !== undefined) {
    // Times: the span they cover says more than the mean alone.
    const date = formatTimeValue(entry.mean, feature.timeFormat, true);
    const min = entry.min !== undefined ? formatTimeValue(entry.min, feature.timeFormat) : undefined;
    const max = entry.max !== undefined ? formatTimeValue(entry.max, feature.timeFormat) : undefined;
    if (date !== undefined)
      return min !== undefined && max !== undefined ? `${min}..${max}, mean ${date}` : `mean ${date}`;
  }
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
 * anomaly (with slices, one line per feature and dataset); then each anomaly's description and
 * suggested schema change.
 */
export function renderTextSummary(input: ReportInput, options: TextSummaryOptions = {}): string {
  const model = buildReportModel(input);
  const nameWidth = options.maxNameWidth ?? Number.POSITIVE_INFINITY;
  const lines: string[] = [];
  lines.push(model.title);
  if (model.sliced) {
    // One line per group: its unsliced data, then its slices.
    lines.push('datasets:');
    for (const group of model.groups) {
      const members = model.datasets.filter((d) => d.group === group);
      const whole = members.filter((d) => d.slice === undefined);
      const slices = members.filter((d) => d.slice !== undefined);
      const parts = whole.map((d) => `${d.label}: ${formatNumber(d.numExamples)} examples`);
      if (slices.length)
        parts.push(`slices ${slices.map((d) => `${d.slice} (${formatNumber(d.numExamples)})`).join(', ')}`);
      lines.push(`  ${parts.join('; ') || group}`);
    }
  } else {
    lines.push(
      `datasets: ${model.datasets.map((d) => `${d.label} (${formatNumber(d.numExamples)} examples)`).join(', ') || 'none'}`,
    );
  }
  if (model.datasetAnomaly) {
    lines.push(`dataset anomaly: ${model.datasetAnomaly.severity} ${model.datasetAnomaly.shortDescription}`);
  }
  lines.push('');
  const many = model.datasets.length > 1;
  const driftText = (f: ReportFeature) => {
    const d = f.drift;
    if (!d) return '-';
    const unit = d.unit !== undefined && d.kind !== 'p_value' ? ` (${d.unit})` : '';
    return `${d.kind === 'p_value' ? 'p=' : ''}${formatNumber(d.value)} ${d.method}${unit}${d.drifted ? ' DRIFT' : ''}`;
  };
  const anomalyText = (f: ReportFeature) => (f.anomaly ? `${f.anomaly.severity} ${f.anomaly.shortDescription}` : '');
  let rows: string[][];
  if (model.sliced) {
    // Slices make too many datasets for a column each: one line per dataset, slices under their group.
    const header = [
      'feature',
      'dataset',
      'type',
      'missing',
      'summary',
      ...(model.hasDrift ? ['drift'] : []),
      'anomaly',
    ];
    rows = [header];
    for (const f of model.features) {
      f.stats.forEach((s, i) => {
        const d = model.datasets[i]!;
        const first = i === 0;
        rows.push([
          first ? cut(f.path, nameWidth) : '',
          d.slice !== undefined ? `  ${d.slice}` : d.label,
          s ? s.type : '-',
          s ? formatPercent(s.missingFraction) : 'absent',
          centre(f, s),
          ...(model.hasDrift ? [first ? driftText(f) : ''] : []),
          first ? anomalyText(f) : '',
        ]);
      });
    }
  } else {
    const header = ['feature', 'type'];
    for (const d of model.datasets) header.push(many ? `missing ${d.label}` : 'missing');
    for (const d of model.datasets) header.push(many ? `summary ${d.label}` : 'summary');
    if (model.hasDrift) header.push('drift');
    header.push('anomaly');
    rows = [header];
    for (const f of model.features) {
      const row = [cut(f.path, nameWidth), typeText(f)];
      for (const s of f.stats) row.push(s ? formatPercent(s.missingFraction) : 'absent');
      for (const s of f.stats) row.push(centre(f, s));
      if (model.hasDrift) row.push(driftText(f));
      row.push(anomalyText(f));
      rows.push(row);
    }
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
