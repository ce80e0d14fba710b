import { SEVERITY_RANK } from '../tfmd/vocabulary.js';
import { HTML_REPORT_SCRIPT } from './html-report-script.js';
import { HTML_REPORT_STYLE } from './html-report-style.js';
import type { ReportInput } from './report-input.js';
import { buildReportModel, type ReportModel } from './report-model.js';
import { renderTimelineSection, TIMELINE_SCRIPT, TIMELINE_STYLE } from './timeline-report.js';

/**
 * One colour per dataset, distinct from each other and from the anomaly red and amber, so a
 * dataset's slices (often five or more beside the unsliced data) each keep their own.
 */
const COLORS = [
  '#2563eb',
  '#ea580c',
  '#16a34a',
  '#9333ea',
  '#0891b2',
  '#db2777',
  '#854d0e',
  '#4b5563',
  '#65a30d',
  '#1e3a8a',
  '#c026d3',
  '#0f766e',
];

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/**
 * The model as JSON that is safe inside a <script> element: `<` is escaped so no value can
 * close the element, and non-finite numbers (which JSON lacks) travel as `{"$nf": "NaN"}`.
 */
function embedJson(model: ReportModel): string {
  const json = JSON.stringify({ ...model, colors: COLORS, severityRank: SEVERITY_RANK }, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value)
      ? { $nf: String(value) }
      : typeof value === 'bigint'
        ? Number(value) // a 64-bit value beyond 2^53 is shown to the nearest double
        : value,
  );
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function card(label: string, value: string, cls = ''): string {
  return `<div class="card${cls ? ` ${cls}` : ''}"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`;
}

function summaryCards(model: ReportModel): string {
  const numeric = model.features.filter((f) => f.kind === 'numeric').length;
  const categorical = model.features.filter((f) => f.kind === 'categorical').length;
  const anomalies = model.features.filter((f) => f.anomaly);
  const errors = anomalies.filter((f) => f.anomaly?.severity === 'ERROR').length;
  const drifted = model.features.filter((f) => f.drift?.drifted).length;
  const measured = model.features.filter((f) => f.drift).length;
  const absent = model.features.filter(
    (f) => f.stats.some((s) => s === null) && f.stats.some((s) => s !== null),
  ).length;
  const cards = [
    card(`features (${numeric} numeric, ${categorical} categorical)`, String(model.features.length)),
    card(
      errors ? `anomalies (${errors} errors)` : 'anomalies',
      String(anomalies.length),
      anomalies.length ? (errors ? 'err' : 'warn') : '',
    ),
  ];
  if (model.hasDrift) cards.push(card(`drifted of ${measured} measured`, String(drifted), drifted ? 'err' : ''));
  if (model.datasets.length > 1) cards.push(card('absent in a dataset', String(absent), absent ? 'warn' : ''));
  return `<div class="cards">${cards.join('')}</div>`;
}

/** One chip per dataset; a dataset's slices are grouped under its name. */
function legend(model: ReportModel): string {
  const chip = (i: number) => {
    const d = model.datasets[i]!;
    const name = d.slice ?? (model.sliced && d.group === d.label ? 'all examples' : d.label);
    return `<span class="chip" data-dataset="${i}"><span class="sw" style="background:${COLORS[i % COLORS.length]}"></span><b>${escapeHtml(name)}</b> ${escapeHtml(formatCount(d.numExamples))} examples</span>`;
  };
  const groups = model.groups.map((group) => {
    const members = model.datasets.flatMap((d, i) => (d.group === group ? [i] : []));
    if (members.length === 1 && model.datasets[members[0]!]!.slice === undefined) return chip(members[0]!);
    return `<div class="lgroup" data-group="${escapeHtml(group)}"><span class="gname">${escapeHtml(group)}</span>${members.map(chip).join('')}</div>`;
  });
  return `<div class="legend">${groups.join('')}</div>`;
}

function datasetBanner(model: ReportModel): string {
  const a = model.datasetAnomaly;
  if (!a) return '';
  return `<div class="banner"><b>${escapeHtml(a.severity)}: ${escapeHtml(a.shortDescription)}</b> — ${escapeHtml(a.description)}</div>`;
}

function controls(model: ReportModel): string {
  const compare = model.datasets.length > 1;
  return `<div class="controls" role="toolbar">
<label>Filter <input id="q" type="search" placeholder="feature name" aria-label="filter features by name"></label>
<label>Sort <select id="sort" aria-label="sort features">
<option value="order">feature order</option><option value="name">name</option>
<option value="missing">missing % (high first)</option><option value="drift">drift score (high first)</option>
<option value="anomaly">anomalies first</option></select></label>
<label><input id="f-anom" type="checkbox"> anomalies only</label>
<label><input id="f-drift" type="checkbox"${model.hasDrift ? '' : ' disabled'}> drifted only</label>
<label><input id="f-absent" type="checkbox"${compare ? '' : ' disabled'}> absent in a dataset</label>
<label>missing ≥ <input id="f-miss" type="number" min="0" max="100" step="1" value="0" aria-label="minimum missing percent">%</label>
<span>Chart <span class="seg" id="chart" aria-label="numeric chart"><button data-v="standard" class="on" aria-pressed="true">Histogram</button><button data-v="quantiles" aria-pressed="false">Quantiles</button></span></span>
${compare ? '<span>Compare <span class="seg" id="view" aria-label="comparison view"><button data-v="overlay" class="on" aria-pressed="true">Overlaid</button><button data-v="side" aria-pressed="false">Side by side</button></span></span>' : ''}
</div>`;
}

/**
 * Renders statistics (and optionally a second dataset, a schema, anomalies and drift scores)
 * as one self-contained HTML page in the spirit of Facets Overview: CSS, script and data are
 * inline and charts are SVG, so the file opens offline in any browser. The page embeds the
 * data as JSON and renders rows as they scroll into view, so 500 features stay responsive.
 */
export function renderHtmlReport(input: ReportInput): string {
  const model = buildReportModel(input);
  const sub = model.groups.join(' vs ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="datavet">
<title>${escapeHtml(model.title)}</title>
<style>${HTML_REPORT_STYLE}${input.timelines?.length ? TIMELINE_STYLE : ''}</style>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
<div class="sub">Statistics of ${escapeHtml(sub || 'no dataset')}. Click a feature for details.</div>
${legend(model)}
${summaryCards(model)}
${datasetBanner(model)}
</header>
${controls(model)}
<main id="tables"></main>
${(input.timelines ?? []).map((t) => `<section class="timeline"><h2>Over time: ${escapeHtml(t.title)}</h2>${renderTimelineSection(t)}</section>`).join('\n')}
<footer>Generated by datavet. Self-contained: data, styles and charts are embedded; nothing is loaded from the network.</footer>
<script type="application/json" id="datavet-data">${embedJson(model)}</script>
<script>${input.timelines?.length ? TIMELINE_SCRIPT : ''}${HTML_REPORT_SCRIPT}</script>
</body>
</html>
`;
}
