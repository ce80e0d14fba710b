/**
 * The timeline report: a split followed through its spans. Per feature, small multiples of its
 * metrics across spans with the detectors' findings marked; the dataset drift share over time; the
 * span table. One offline HTML file: inline SVG drawn here, a few lines of script for the filter.
 */

/** What the timeline shows (the pipeline layer builds it from the metric history). */
export interface TimelineInput {
  readonly title: string;
  readonly spans: readonly {
    readonly span: number;
    readonly version: number;
    readonly numExamples: number;
    readonly findings: number;
    /** Dataset drift share and verdict, when measured. */
    readonly driftShare?: number;
    readonly drifted?: boolean;
  }[];
  /** The share of drifted features at which the dataset drifts. */
  readonly driftShareThreshold?: number;
  readonly features: readonly {
    readonly name: string;
    readonly charts: readonly { readonly metric: string; readonly values: readonly (number | null)[] }[];
  }[];
  /** Findings, by span index (into `spans`), feature and metric. */
  readonly marks: readonly {
    readonly index: number;
    readonly feature: string;
    readonly metric: string;
    readonly severity: string;
    readonly code: string;
    readonly message: string;
  }[];
}

const WIDTH = 240;
const HEIGHT = 72;
const PAD = 4;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e5 || (a < 1e-3 && a !== 0) ? x.toExponential(2) : x.toPrecision(4).replace(/\.?0+$/, '');
}

/** One small multiple: the series as a polyline, marks as red dots, min and max labelled. */
function sparkline(
  values: readonly (number | null)[],
  marked: ReadonlyMap<number, string>,
  label: string,
  threshold?: number,
): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = values.length;
  if (finite.length === 0) {
    return `<figure class="tl-sm"><figcaption>${escapeHtml(label)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}: no values"><text x="${PAD}" y="${HEIGHT / 2}" class="na">no values</text></svg></figure>`;
  }
  let lo = Math.min(...finite, ...(threshold !== undefined ? [threshold] : []));
  let hi = Math.max(...finite, ...(threshold !== undefined ? [threshold] : []));
  const labels = [fmt(hi), fmt(lo)];
  if (lo === hi) {
    // A constant series: drawn across the middle, labelled with its value.
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const x = (i: number) => (n <= 1 ? WIDTH / 2 : PAD + (i * (WIDTH - 2 * PAD)) / (n - 1));
  const y = (v: number) => HEIGHT - PAD - ((v - lo) * (HEIGHT - 2 * PAD - 10)) / (hi - lo);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));
  const lines = segments
    .map((points) =>
      points.includes(' ')
        ? `<polyline points="${points}"/>`
        : `<circle cx="${points.split(',')[0]}" cy="${points.split(',')[1]}" r="1.5" class="pt"/>`,
    )
    .join('');
  const dots = [...marked]
    .map(([i, title]) => {
      const v = values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) return '';
      return `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" class="mark"><title>${escapeHtml(title)}</title></circle>`;
    })
    .join('');
  const rule =
    threshold !== undefined
      ? `<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${y(threshold).toFixed(1)}" y2="${y(threshold).toFixed(1)}" class="thr"/>`
      : '';
  return `<figure class="tl-sm"><figcaption>${escapeHtml(label)}${marked.size ? ` <b class="tl-cnt">${marked.size}</b>` : ''}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)} over ${n} spans"><text x="${PAD}" y="9" class="ax">${escapeHtml(labels[0] as string)}</text>${labels[0] === labels[1] ? '' : `<text x="${PAD}" y="${HEIGHT - 1}" class="ax">${escapeHtml(labels[1] as string)}</text>`}${rule}${lines}${dots}</svg></figure>`;
}

/** The timeline's styles; every selector is under `.tl`, so it sits inside the statistics report too. */
export const TIMELINE_STYLE = `section.timeline{margin:24px 16px}.tl{font:13px/1.4 system-ui,sans-serif;color:#1f2937}
.tl h2{font-size:15px;margin:18px 0 6px}.tl h3{font-size:13px;margin:2px 0}
.tl .tl-cards{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}.tl .tl-card{border:1px solid #e5e7eb;border-radius:6px;padding:6px 10px}
.tl .tl-card b{display:block;font-size:18px}.tl .tl-card.tl-err b{color:#b91c1c}
.tl .tl-feat{border-top:1px solid #e5e7eb;padding:6px 0}
.tl .tl-row{display:flex;gap:10px;flex-wrap:wrap}.tl .tl-sm{margin:0}.tl .tl-sm figcaption{font-size:11px;color:#4b5563}
.tl svg polyline{fill:none;stroke:#2563eb;stroke-width:1.2}.tl svg .pt{fill:#2563eb}.tl svg .mark{fill:#dc2626;stroke:#fff;stroke-width:1}
.tl svg .thr{stroke:#f59e0b;stroke-dasharray:3 2}.tl svg .ax{font-size:9px;fill:#6b7280}.tl svg .na{font-size:11px;fill:#9ca3af}
.tl .tl-cnt{color:#b91c1c}.tl table{border-collapse:collapse;font-variant-numeric:tabular-nums}.tl td,.tl th{border-bottom:1px solid #f3f4f6;padding:2px 8px;text-align:right}
.tl .tl-spans{max-height:420px;overflow:auto;display:inline-block;border:1px solid #e5e7eb}.tl tr.tl-bad td{color:#b91c1c}
.tl .tl-note{color:#4b5563;margin:2px 0 6px}.tl input{font:inherit;padding:3px 6px}.tl .tl-hidden{display:none}`;

const PAGE_STYLE = 'body{margin:16px;background:#fff}h1{font:600 18px system-ui,sans-serif;margin:0 0 8px}';

/** The feature filter of every timeline on the page (each has its own filter box). */
export const TIMELINE_SCRIPT = `[].forEach.call(document.querySelectorAll('.tl'),function(tl){var q=tl.querySelector('.tl-q');if(!q)return;
var feats=[].slice.call(tl.querySelectorAll('.tl-feat'));q.addEventListener('input',function(){var t=q.value.toLowerCase();
feats.forEach(function(f){f.classList.toggle('tl-hidden',t!==''&&f.getAttribute('data-feature').toLowerCase().indexOf(t)<0);});});});`;

const PAGE_SCRIPT = `${TIMELINE_SCRIPT}document.documentElement.setAttribute('data-ready','1');`;

/** Renders the timeline as one HTML file. */
export function renderTimelineReport(input: TimelineInput): string {
  const body = renderTimelineSection(input);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(input.title)}</title><style>${PAGE_STYLE}${TIMELINE_STYLE}</style></head><body><h1>${escapeHtml(input.title)}</h1>${body}<script>${PAGE_SCRIPT}</script></body></html>`;
}

/** The timeline's body: cards, drift over time, the features' small multiples, the span table. */
export function renderTimelineSection(input: TimelineInput): string {
  const n = input.spans.length;
  const findings = input.marks.length;
  const driftedSpans = input.spans.filter((s) => s.drifted).length;
  const first = input.spans[0];
  const last = input.spans[n - 1];
  const cards = [
    `<div class="tl-card"><b>${n}</b>spans${first && last ? ` (${first.span} – ${last.span})` : ''}</div>`,
    `<div class="tl-card"><b>${input.features.length}</b>features</div>`,
    `<div class="tl-card${findings ? ' tl-err' : ''}"><b>${findings}</b>findings</div>`,
    `<div class="tl-card${driftedSpans ? ' tl-err' : ''}"><b>${driftedSpans}</b>spans with dataset drift</div>`,
  ].join('');
  const byChart = new Map<string, Map<number, string>>();
  for (const m of input.marks) {
    const key = `${m.feature}\u0000${m.metric}`;
    const map = byChart.get(key) ?? new Map<number, string>();
    map.set(m.index, `span ${input.spans[m.index]?.span}: ${m.severity} ${m.code}: ${m.message}`);
    byChart.set(key, map);
  }
  const datasetMarks = new Map<number, string>();
  input.spans.forEach((s, i) => {
    if (s.drifted) datasetMarks.set(i, `span ${s.span}: dataset drift, share ${fmt(s.driftShare ?? 0)}`);
  });
  const drift = input.spans.some((s) => s.driftShare !== undefined)
    ? `<h2>Dataset drift over time</h2><div class="tl-row">${sparkline(
        input.spans.map((s) => s.driftShare ?? null),
        datasetMarks,
        'share of drifted features',
        input.driftShareThreshold,
      )}${sparkline(
        input.spans.map((s) => s.numExamples),
        new Map(),
        'examples',
      )}</div>`
    : '';
  const features = input.features
    .map((f) => {
      const charts = f.charts
        .map((c) => sparkline(c.values, byChart.get(`${f.name}\u0000${c.metric}`) ?? new Map(), c.metric))
        .join('');
      return `<section class="tl-feat" data-feature="${escapeHtml(f.name)}"><h3>${escapeHtml(f.name)}</h3><div class="tl-row">${charts}</div></section>`;
    })
    .join('');
  const rows = input.spans
    .map(
      (s) =>
        `<tr${s.findings || s.drifted ? ' class="tl-bad"' : ''}><td>${s.span}</td><td>${s.version}</td><td>${s.numExamples}</td><td>${s.driftShare === undefined ? '–' : fmt(s.driftShare)}${s.drifted ? ' drifted' : ''}</td><td>${s.findings}</td></tr>`,
    )
    .join('');
  return `<div class="tl" data-timeline="${escapeHtml(input.title)}"><div class="tl-cards">${cards}</div>${drift}<h2>Features</h2><p class="tl-note">Each chart runs over the spans${first && last ? ` ${first.span} – ${last.span}` : ''}, left to right; red dots are findings (hover for the message).</p><label>Filter <input class="tl-q" type="search" placeholder="feature name" aria-label="filter features by name"></label>${features}<h2>Spans</h2><div class="tl-spans"><table><thead><tr><th>span</th><th>version</th><th>examples</th><th>drift share</th><th>findings</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
}
