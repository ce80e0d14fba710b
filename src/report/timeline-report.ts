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
    return `<figure class="sm"><figcaption>${escapeHtml(label)}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}: no values"><text x="${PAD}" y="${HEIGHT / 2}" class="na">no values</text></svg></figure>`;
  }
  let lo = Math.min(...finite, ...(threshold !== undefined ? [threshold] : []));
  let hi = Math.max(...finite, ...(threshold !== undefined ? [threshold] : []));
  if (lo === hi) {
    lo -= 1;
    hi += 1;
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
  return `<figure class="sm"><figcaption>${escapeHtml(label)}${marked.size ? ` <b class="cnt">${marked.size}</b>` : ''}</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)} over ${n} spans"><text x="${PAD}" y="9" class="ax">${escapeHtml(fmt(hi))}</text><text x="${PAD}" y="${HEIGHT - 1}" class="ax">${escapeHtml(fmt(lo))}</text>${rule}${lines}${dots}</svg></figure>`;
}

const STYLE = `body{font:13px/1.4 system-ui,sans-serif;margin:16px;color:#1f2937;background:#fff}
h1{font-size:18px;margin:0 0 8px}h2{font-size:15px;margin:18px 0 6px}
.cards{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}.card{border:1px solid #e5e7eb;border-radius:6px;padding:6px 10px}
.card b{display:block;font-size:18px}.card.err b{color:#b91c1c}
.feat{border-top:1px solid #e5e7eb;padding:6px 0}.feat h3{font-size:13px;margin:2px 0}
.row{display:flex;gap:10px;flex-wrap:wrap}.sm{margin:0}.sm figcaption{font-size:11px;color:#4b5563}
svg polyline{fill:none;stroke:#2563eb;stroke-width:1.2}svg .pt{fill:#2563eb}svg .mark{fill:#dc2626;stroke:#fff;stroke-width:1}
svg .thr{stroke:#f59e0b;stroke-dasharray:3 2}svg .ax{font-size:9px;fill:#6b7280}svg .na{font-size:11px;fill:#9ca3af}
.cnt{color:#b91c1c}table{border-collapse:collapse;font-variant-numeric:tabular-nums}td,th{border-bottom:1px solid #f3f4f6;padding:2px 8px;text-align:right}
.spans{max-height:420px;overflow:auto;display:inline-block;border:1px solid #e5e7eb}tr.bad td{color:#b91c1c}
input{font:inherit;padding:3px 6px}.hidden{display:none}`;

const SCRIPT = `(function(){var q=document.getElementById('tq');var feats=[].slice.call(document.querySelectorAll('.feat'));
q.addEventListener('input',function(){var t=q.value.toLowerCase();feats.forEach(function(f){f.classList.toggle('hidden',t!==''&&f.getAttribute('data-feature').toLowerCase().indexOf(t)<0);});});
document.documentElement.setAttribute('data-ready','1');})();`;

/** Renders the timeline as one HTML file. */
export function renderTimelineReport(input: TimelineInput): string {
  const body = renderTimelineSection(input);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(input.title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(input.title)}</h1>${body}<script>${SCRIPT}</script></body></html>`;
}

/** The timeline's body: cards, drift over time, the features' small multiples, the span table. */
export function renderTimelineSection(input: TimelineInput): string {
  const n = input.spans.length;
  const findings = input.marks.length;
  const driftedSpans = input.spans.filter((s) => s.drifted).length;
  const first = input.spans[0];
  const last = input.spans[n - 1];
  const cards = [
    `<div class="card"><b>${n}</b>spans${first && last ? ` (${first.span} – ${last.span})` : ''}</div>`,
    `<div class="card"><b>${input.features.length}</b>features</div>`,
    `<div class="card${findings ? ' err' : ''}"><b>${findings}</b>findings</div>`,
    `<div class="card${driftedSpans ? ' err' : ''}"><b>${driftedSpans}</b>spans with dataset drift</div>`,
  ].join('');
  const byChart = new Map<string, Map<number, string>>();
  for (const m of input.marks) {
    const key = `${m.feature}\u0000${m.metric}`;
    const map = byChart.get(key) ?? new Map<number, string>();
    map.set(m.index, `span ${input.spans[m.index]?.span}: ${m.severity} ${m.code}: ${m.message}`);
    byChart.set(key, map);
  }
  const datasetMarks = byChart.get('(dataset)\u0000share_drifted') ?? new Map<number, string>();
  input.spans.forEach((s, i) => {
    if (s.drifted) datasetMarks.set(i, `span ${s.span}: dataset drift, share ${fmt(s.driftShare ?? 0)}`);
  });
  const drift = input.spans.some((s) => s.driftShare !== undefined)
    ? `<h2>Dataset drift over time</h2><div class="row">${sparkline(
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
      return `<section class="feat" data-feature="${escapeHtml(f.name)}"><h3>${escapeHtml(f.name)}</h3><div class="row">${charts}</div></section>`;
    })
    .join('');
  const rows = input.spans
    .map(
      (s) =>
        `<tr${s.findings || s.drifted ? ' class="bad"' : ''}><td>${s.span}</td><td>${s.version}</td><td>${s.numExamples}</td><td>${s.driftShare === undefined ? '–' : fmt(s.driftShare)}${s.drifted ? ' drifted' : ''}</td><td>${s.findings}</td></tr>`,
    )
    .join('');
  return `<div class="cards">${cards}</div>${drift}<h2>Features</h2><label>Filter <input id="tq" type="search" placeholder="feature name" aria-label="filter features by name"></label>${features}<h2>Spans</h2><div class="spans"><table><thead><tr><th>span</th><th>version</th><th>examples</th><th>drift share</th><th>findings</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
