import { resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { UsageError } from '../../_util/errors.js';
import { formatTextTable } from '../../_util/text-table.js';
import { type MetricHistory, readMetricHistory } from '../../pipeline/metric-history.js';
import { timelineInput } from '../../pipeline/timeline-input.js';
import { renderTimelineReport } from '../../report/timeline-report.js';
import { defineCommand, ExitCode, stringListOption, stringOption } from '../command.js';
import { openStoreForReading, storeOption } from './metadata-store-option.js';

/** Metrics the text table shows when none are asked for (all of them do not fit a terminal). */
const TEXT_DEFAULT_METRICS = ['count', 'missing_fraction', 'mean', 'std', 'unique', 'top_share', 'jsd_previous'];

/** `A..B`, `A..`, `..B` or `A`. */
function parseSpans(text: string): { from?: number; to?: number } {
  const match = /^(\d+)?(?:\.\.(\d+)?)?$/.exec(text.trim());
  if (!match || (match[1] === undefined && match[2] === undefined)) {
    throw new UsageError(`--spans expects A..B, A.. or ..B (span numbers), got '${text}'`);
  }
  const from = match[1] === undefined ? undefined : Number(match[1]);
  const to = text.includes('..') ? (match[2] === undefined ? undefined : Number(match[2])) : from;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

function cell(value: number | null): string {
  if (value === null) return '-';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : value.toFixed(4);
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function renderText(history: MetricHistory, shown: readonly string[]): string {
  const lines = [
    `history of ${history.pipeline}/${history.split}: ${history.spans.length} span(s), ${history.features.length} feature(s)`,
  ];
  const spanRows = [['span', 'version', 'examples', 'dataset drift', 'findings']];
  for (const s of history.spans) {
    spanRows.push([
      String(s.span),
      String(s.version),
      String(s.numExamples),
      s.drift ? `${s.drift.drifted ? 'DRIFTED' : 'ok'} (${s.drift.driftedFeatures.length}/${s.drift.measured})` : '-',
      String(s.findings.length),
    ]);
  }
  lines.push('', ...formatTextTable(spanRows));
  const byFeature = new Map<string, MetricHistory['series'][number][]>();
  for (const s of history.series) {
    if (shown.includes(s.metric)) byFeature.set(s.feature, [...(byFeature.get(s.feature) ?? []), s]);
  }
  for (const [feature, series] of byFeature) {
    lines.push('', `${feature}:`);
    const rows = [['span', ...series.map((s) => s.metric)]];
    history.spans.forEach((span, i) => {
      rows.push([String(span.span), ...series.map((s) => cell(s.values[i] ?? null))]);
    });
    lines.push(...formatTextTable(rows).map((l) => `  ${l}`));
  }
  const findings = history.spans.flatMap((s) => s.findings.map((f) => ({ span: s.span, f })));
  if (findings.length) {
    lines.push('', 'findings:');
    lines.push(
      ...formatTextTable(findings.map(({ span, f }) => [`  span ${span}`, f.severity, f.code, f.feature, f.message])),
    );
  }
  return `${lines.join('\n')}\n`;
}

function renderCsv(history: MetricHistory): string {
  const lines = ['pipeline,split,span,version,feature,metric,value'];
  for (const s of history.series) {
    history.spans.forEach((span, i) => {
      const value = s.values[i];
      lines.push(
        [
          history.pipeline,
          history.split,
          String(span.span),
          String(span.version),
          s.feature,
          s.metric,
          value === null || value === undefined ? '' : String(value),
        ]
          .map(csvField)
          .join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}

export default defineCommand({
  name: 'history',
  summary:
    'Show the metric history of a split with spans (per span: counts, missing, moments, quantiles, drift, findings).',
  description:
    'Reads the metrics every span stored when `datavet run` validated it (nothing is recomputed): one row per\n' +
    'complete span, its latest version. --html writes the timeline report (text output is then one line).\n' +
    'See docs/monitoring.md.',
  options: {
    store: storeOption,
    pipeline: { type: 'string', valueName: 'NAME', description: 'Pipeline (needed when the store holds several).' },
    split: {
      type: 'string',
      valueName: 'NAME',
      description: 'Split (needed when the pipeline has several with spans).',
    },
    feature: {
      type: 'string',
      multiple: true,
      valueName: 'F',
      description: 'Only this feature (repeatable, or a comma list).',
    },
    metric: {
      type: 'string',
      multiple: true,
      valueName: 'M',
      description: 'Only this metric (repeatable, or a comma list).',
    },
    spans: {
      type: 'string',
      valueName: 'A..B',
      description: 'Only spans A to B (inclusive; A.. or ..B leave a side open).',
    },
    format: { type: 'string', choices: ['text', 'json', 'csv'], default: 'text', description: 'Output format.' },
    html: { type: 'string', valueName: 'FILE', description: 'Also write the timeline report (one offline HTML file).' },
  },
  examples: [
    'datavet history --feature fare --metric mean,std',
    'datavet history --spans 12..24 --format csv > history.csv',
    'datavet history --html timeline.html',
  ],
  async run(args, io) {
    const format = stringOption(args, 'format') ?? 'text';
    const metrics = stringListOption(args, 'metric');
    const spans = stringOption(args, 'spans');
    const pipeline = stringOption(args, 'pipeline');
    const split = stringOption(args, 'split');
    const store = await openStoreForReading(stringOption(args, 'store'), io);
    let history: MetricHistory;
    try {
      history = await readMetricHistory(store, {
        ...(pipeline !== undefined ? { pipeline } : {}),
        ...(split !== undefined ? { split } : {}),
        features: stringListOption(args, 'feature'),
        metrics,
        ...(spans !== undefined ? { spans: parseSpans(spans) } : {}),
      });
    } finally {
      await store.close();
    }
    const html = stringOption(args, 'html');
    if (html !== undefined) await writeFileAtomic(resolve(io.cwd, html), renderTimelineReport(timelineInput(history)));
    if (format === 'json') io.stdout.write(`${JSON.stringify(history)}\n`);
    else if (format === 'csv') io.stdout.write(renderCsv(history));
    else if (html !== undefined) {
      // The tables are in the report: the terminal gets where it is.
      io.stdout.write(
        `timeline of ${history.pipeline}/${history.split} (${history.spans.length} spans, ${history.features.length} features): ${html}\n`,
      );
    } else io.stdout.write(renderText(history, metrics.length ? metrics : TEXT_DEFAULT_METRICS));
    return ExitCode.OK;
  },
});
