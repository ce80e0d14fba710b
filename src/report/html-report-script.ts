/**
 * The report's browser script, inlined into the page. It reads the embedded JSON model and
 * renders the feature tables lazily: rows are added in chunks as the reader scrolls (so 500
 * features open at once), and a row's details are built only when it is expanded. All SVG is
 * drawn here from the model; nothing is fetched.
 *
 * Plain ES2017 in a raw string: no `${` and no backticks inside.
 */
export const HTML_REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('datavet-data').textContent, function (k, v) {
    return v && typeof v === 'object' && !Array.isArray(v) && typeof v.$nf === 'string' ? Number(v.$nf) : v;
  });
  var N = D.datasets.length;
  var CHUNK = 40;
  var COLORS = D.colors;
  var SEV = D.severityRank;
  var state = { q: '', sort: 'order', chart: 'standard', view: 'overlay', anom: false, drift: false, absent: false, minMiss: 0 };
  var openRows = Object.create(null);

  function color(i) { return COLORS[i % COLORS.length]; }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function fmt(v) {
    if (v === undefined || v === null) return '–';
    if (v !== v) return 'NaN';
    if (v === Infinity) return '∞';
    if (v === -Infinity) return '−∞';
    var a = Math.abs(v);
    if (Number.isInteger(v) && a < 1e15) return v.toLocaleString('en-US');
    if (a !== 0 && (a >= 1e9 || a < 1e-3)) return v.toExponential(2);
    return (+v.toPrecision(float32Digits(v))).toLocaleString('en-US', { maximumFractionDigits: 9 });
  }
  // As displayDigits in display-number.ts: 4 significant digits, up to 6 for an exact 32-bit float.
  function float32Digits(v) {
    if (Math.fround(v) !== v) return 4;
    for (var p = 1; p <= 6; p++) if (Math.fround(+v.toPrecision(p)) === v) return Math.max(p, 4);
    return 4;
  }
  // A fraction to 3 significant digits; never 0% or 100% unless exactly (as the text summary).
  function pct(f) {
    if (f === undefined || f === null || f !== f) return '–';
    if (f === 0 || f === 1) return f * 100 + '%';
    var p = f * 100;
    if (p > 0 && p < 0.001) return '<0.001%';
    if (p > 99.9 && p < 100) return '>99.9%';
    return +p.toPrecision(3) + '%';
  }
  // Times: counts since the Unix epoch in the feature's unit, shown as ISO dates (UTC).
  var MS_PER_UNIT = { UNIX_DAYS: 864e5, UNIX_SECONDS: 1e3, UNIX_MILLISECONDS: 1, UNIX_MICROSECONDS: 1e-3, UNIX_NANOSECONDS: 1e-6 };
  // As formatTimeValue in time-value.ts: a data value to the second, a derived one (mean, bucket bound) to the minute.
  function dateText(f, x, derived) {
    var k = f.timeFormat && MS_PER_UNIT[f.timeFormat];
    if (!k || !finite(x)) return null;
    var ms = derived ? Math.round(x * k / 6e4) * 6e4 : Math.round(x * k), d = new Date(ms);
    if (d.getTime() !== d.getTime()) return null;
    var iso = d.toISOString();
    return ms % 864e5 === 0 ? iso.slice(0, 10) : derived ? iso.slice(0, -8) + 'Z' : ms % 1000 === 0 ? iso.slice(0, -5) + 'Z' : iso;
  }
  var UNIT_NAMES = { UNIX_DAYS: 'days', UNIX_SECONDS: 's', UNIX_MILLISECONDS: 'ms', UNIX_MICROSECONDS: 'µs', UNIX_NANOSECONDS: 'ns' };
  /** A value of feature f: a date for times, else the number. */
  function fv(f, x) { var t = dateText(f, x, false); return t === null ? fmt(x) : t; }
  /** A derived value of feature f (mean, bucket bound, axis tick): a date to the minute for times. */
  function fd(f, x) { var t = dateText(f, x, true); return t === null ? fmt(x) : t; }
  /** A spread of feature f (std dev): a duration for times. */
  function fspan(f, x) {
    var k = f.timeFormat && MS_PER_UNIT[f.timeFormat];
    if (!k || !finite(x)) return fmt(x);
    var ms = Math.abs(x * k), units = [[864e5, ' days'], [36e5, ' h'], [6e4, ' min'], [1e3, ' s'], [1, ' ms']];
    for (var i = 0; i < units.length; i++) if (ms >= units[i][0] || i === units.length - 1) return +(ms / units[i][0]).toPrecision(3) + units[i][1];
  }
  function finite(x) { return typeof x === 'number' && isFinite(x); }

  // Per-feature facts the filters and sorts use.
  D.features.forEach(function (f, i) {
    f.i = i;
    f.maxMiss = 0;
    f.absentIn = [];
    var present = 0;
    f.stats.forEach(function (e, d) {
      if (e) { present++; if (e.missingFraction > f.maxMiss) f.maxMiss = e.missingFraction; } else f.absentIn.push(d);
    });
    if (present === 0) f.absentIn = [];
    f.missingEverywhere = present === 0;
    f.sev = f.anomaly ? (SEV[f.anomaly.severity] || 0) + 1 : 0;
  });

  var SECTIONS = [
    { kind: 'numeric', title: 'Numeric features', match: function (f) { return f.kind === 'numeric'; },
      cols: ['Feature', 'Count', 'Missing', 'Mean', 'Std dev', 'Zeros', 'Min', 'Median', 'Max'], chart: 'Distribution' },
    { kind: 'categorical', title: 'Categorical features', match: function (f) { return f.kind === 'categorical'; },
      cols: ['Feature', 'Count', 'Missing', 'Unique', 'Top value', 'Freq top', 'Avg length'], chart: 'Top values' },
    { kind: 'other', title: 'Other features', match: function (f) { return f.kind !== 'numeric' && f.kind !== 'categorical'; },
      cols: ['Feature', 'Type', 'Count', 'Missing', 'Unique', 'Avg values / bytes'], chart: null }
  ];
  var NUMCOLS = { Count: 1, Missing: 1, Mean: 1, 'Std dev': 1, Zeros: 1, Min: 1, Median: 1, Max: 1, Unique: 1, 'Freq top': 1, 'Avg length': 1, 'Avg values / bytes': 1 };

  // ---------------------------------------------------------------- charts (inline SVG)
  function extent(lists) {
    var lo = Infinity, hi = -Infinity;
    lists.forEach(function (b) {
      b.forEach(function (x) {
        if (finite(x[0]) && x[0] < lo) lo = x[0];
        if (finite(x[1]) && x[1] > hi) hi = x[1];
        if (finite(x[1]) && x[1] < lo) lo = x[1];
        if (finite(x[0]) && x[0] > hi) hi = x[0];
      });
    });
    if (!(lo <= hi)) { lo = 0; hi = 1; }
    if (lo === hi) { lo -= 0.5; hi += 0.5; }
    return [lo, hi];
  }
  function clamp(v, lo, hi) { return v !== v ? lo : v < lo ? lo : v > hi ? hi : v; }
  function seriesOf(f, key) {
    var out = [];
    f.stats.forEach(function (e, d) { if (e && e[key] && e[key].length) out.push({ d: d, b: e[key] }); });
    return out;
  }
  function axisText(x, y, s, anchor) {
    return '<text x="' + x + '" y="' + y + '" text-anchor="' + anchor + '">' + esc(s) + '</text>';
  }
  function svgOpen(w, h, label) {
    return '<svg width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h + '" role="img" aria-label="' + esc(label) + '">';
  }

  function histogramBars(f, series, ext, w, h, top, maxFrac, overlay) {
    var s = '';
    var X = function (v) { return ((clamp(v, ext[0], ext[1]) - ext[0]) / (ext[1] - ext[0])) * w; };
    series.forEach(function (sr) {
      var total = 0;
      sr.b.forEach(function (x) { total += x[2]; });
      sr.b.forEach(function (x) {
        var frac = total ? x[2] / total : 0;
        var bh = maxFrac ? (frac / maxFrac) * h : 0;
        var x0 = X(x[0]), x1 = X(x[1]);
        var bw = Math.max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0));
        s += '<rect x="' + x0.toFixed(1) + '" y="' + (top + h - bh).toFixed(1) + '" width="' + bw.toFixed(1) + '" height="' + Math.max(bh, frac > 0 ? 1 : 0).toFixed(1) +
          '" fill="' + color(sr.d) + '" fill-opacity="' + (overlay && series.length > 1 ? 0.5 : 0.85) + '"><title>' +
          esc(D.datasets[sr.d].label + ': [' + fd(f, x[0]) + ', ' + fd(f, x[1]) + '] ' + fmt(x[2]) + ' (' + pct(frac) + ')') + '</title></rect>';
      });
    });
    return s;
  }
  function maxFraction(series) {
    var m = 0;
    series.forEach(function (sr) {
      var total = 0;
      sr.b.forEach(function (x) { total += x[2]; });
      sr.b.forEach(function (x) { if (total && x[2] / total > m) m = x[2] / total; });
    });
    return m;
  }

  /** Standard histograms of every dataset: overlaid on one x axis, or one chart per dataset. */
  function histSvg(f, w, h, big) {
    var series = seriesOf(f, 'histogram');
    if (!series.length) return '<span class="muted">no histogram</span>';
    var ext = extent(series.map(function (s) { return s.b; }));
    var maxFrac = maxFraction(series);
    var axis = 12, out = '';
    var groups = state.view === 'side' && series.length > 1 ? series.map(function (s) { return [s]; }) : [series];
    var gh = groups.length > 1 ? Math.max(26, Math.round(h * 0.7)) : h;
    groups.forEach(function (g, gi) {
      var label = 'histogram of ' + f.path + (groups.length > 1 ? ' in ' + D.datasets[g[0].d].label : '');
      out += svgOpen(w, gh + axis, label) + '<line x1="0" x2="' + w + '" y1="' + gh + '" y2="' + gh + '" stroke="#cbd5e1"/>';
      out += histogramBars(f, g, ext, w, gh - 2, 2, maxFrac, true);
      if (gi === groups.length - 1 || big) {
        out += axisText(0, gh + 10, fd(f, ext[0]), 'start') + axisText(w, gh + 10, fd(f, ext[1]), 'end');
        if (big) out += axisText(w / 2, gh + 10, fd(f, (ext[0] + ext[1]) / 2), 'middle');
      }
      if (big) out += axisText(2, 10, 'max ' + pct(maxFrac), 'start');
      out += '</svg>';
    });
    return out;
  }

  /** Quantiles: each dataset's quantile boundaries as dots on a line, median emphasised. */
  function quantSvg(f, w, h, big) {
    var series = seriesOf(f, 'quantiles');
    if (!series.length) return '<span class="muted">no quantiles</span>';
    var ext = extent(series.map(function (s) { return s.b; }));
    var pad = 5, axis = 12;
    var X = function (v) { return pad + ((clamp(v, ext[0], ext[1]) - ext[0]) / (ext[1] - ext[0])) * (w - 2 * pad); };
    var rowH = Math.max(12, Math.min(22, (h - 4) / series.length));
    var H = Math.round(rowH * series.length + 4);
    var out = svgOpen(w, H + axis, 'quantiles of ' + f.path);
    series.forEach(function (sr, k) {
      var y = 2 + rowH * k + rowH / 2;
      var pts = sr.b.map(function (x) { return x[0]; });
      pts.push(sr.b[sr.b.length - 1][1]);
      var c = color(sr.d);
      out += '<line x1="' + X(pts[0]).toFixed(1) + '" x2="' + X(pts[pts.length - 1]).toFixed(1) + '" y1="' + y + '" y2="' + y + '" stroke="' + c + '" stroke-opacity=".5" stroke-width="2"/>';
      var mid = (pts.length - 1) / 2;
      pts.forEach(function (p, j) {
        var isMed = j === mid;
        var q = Math.round((j / (pts.length - 1)) * 100);
        out += '<circle cx="' + X(p).toFixed(1) + '" cy="' + y + '" r="' + (isMed ? 4.5 : 2.8) + '" fill="' + (isMed ? '#fff' : c) + '" stroke="' + c + '" stroke-width="' + (isMed ? 2 : 1) + '"><title>' +
          esc(D.datasets[sr.d].label + ': p' + q + ' = ' + fv(f, p)) + '</title></circle>';
      });
    });
    out += '<line x1="' + pad + '" x2="' + (w - pad) + '" y1="' + (H + 1) + '" y2="' + (H + 1) + '" stroke="#cbd5e1"/>';
    out += axisText(0, H + 11, fv(f, ext[0]), 'start') + axisText(w, H + 11, fv(f, ext[1]), 'end');
    if (big) out += axisText(w / 2, H + 11, fd(f, (ext[0] + ext[1]) / 2), 'middle');
    return out + '</svg>';
  }

  /** Top values as horizontal bars, one bar per dataset per value (fraction of its values). */
  function topSvg(f, nTop, w) {
    var values = [], seen = Object.create(null);
    f.stats.forEach(function (e) {
      if (!e || !e.topValues) return;
      e.topValues.forEach(function (tv) {
        if (!Object.prototype.hasOwnProperty.call(seen, tv[0]) && values.length < nTop) { seen[tv[0]] = 1; values.push(tv[0]); }
      });
    });
    if (!values.length) return '<span class="muted">no top values</span>';
    var lookup = f.stats.map(function (e) {
      var m = Object.create(null);
      if (e && e.topValues) e.topValues.forEach(function (tv) { m[tv[0]] = tv[1]; });
      return m;
    });
    var denom = f.stats.map(function (e) { return e ? e.totNumValues || e.count || 0 : 0; });
    var present = [];
    f.stats.forEach(function (e, d) { if (e) present.push(d); });
    var bar = present.length > 1 ? 6 : 10;
    var rowH = bar * present.length + 5;
    var labelW = Math.min(110, Math.round(w * 0.38)), pctW = 42;
    var bw = w - labelW - pctW;
    var maxF = 0;
    values.forEach(function (v) {
      present.forEach(function (d) { var fr = denom[d] ? (lookup[d][v] || 0) / denom[d] : 0; if (fr > maxF) maxF = fr; });
    });
    var out = svgOpen(w, rowH * values.length, 'top values of ' + f.path);
    values.forEach(function (v, k) {
      var y0 = k * rowH + 2;
      // About 6px per character at 10px: cut labels to the space left of the bars.
      var room = Math.max(4, Math.floor((labelW - 6) / 6));
      var shown = v.length > room ? v.slice(0, room - 1) + '…' : v;
      out += '<text x="' + (labelW - 4) + '" y="' + (y0 + (rowH - 5) / 2 + 4) + '" text-anchor="end"><title>' + esc(v) + '</title>' + esc(shown === '' ? '(empty)' : shown) + '</text>';
      present.forEach(function (d, j) {
        var cnt = lookup[d][v];
        var fr = denom[d] && cnt !== undefined ? cnt / denom[d] : 0;
        var len = maxF ? (fr / maxF) * bw : 0;
        out += '<rect x="' + labelW + '" y="' + (y0 + j * bar) + '" width="' + Math.max(len, cnt ? 1 : 0).toFixed(1) + '" height="' + (bar - 1) + '" fill="' + color(d) + '" fill-opacity=".85"><title>' +
          esc(D.datasets[d].label + ': ' + v + ' — ' + (cnt === undefined ? 'not among the top values' : fmt(cnt) + ' (' + pct(fr) + ')')) + '</title></rect>';
      });
      var first = present[0];
      var c0 = lookup[first][v];
      out += '<text x="' + (w - 2) + '" y="' + (y0 + (rowH - 5) / 2 + 4) + '" text-anchor="end">' + (c0 === undefined ? '' : pct(c0 / (denom[first] || 1))) + '</text>';
    });
    return out + '</svg>';
  }

  // ---------------------------------------------------------------- cells
  /** The dataset column of sliced reports: each line's dataset, slices indented under their group. */
  function datasetNames(f) {
    var s = '';
    f.stats.forEach(function (e, d) {
      var ds = D.datasets[d];
      var name = ds.slice !== undefined ? ds.slice : D.sliced && ds.group === ds.label ? ds.group + ' (all)' : ds.label;
      s += '<div class="ds dsname' + (ds.slice !== undefined ? ' slice' : ' group') + '" title="' + esc(ds.label) + '"><span class="dot" style="background:' + color(d) + '"></span>' + esc(name) + '</div>';
    });
    return s;
  }
  /** One line per dataset; the first stats column carries each line's dataset colour. */
  function perDataset(f, render, marked) {
    var s = '';
    f.stats.forEach(function (e, d) {
      var dot = N > 1 && marked && !D.sliced ? '<span class="dot" style="background:' + color(d) + '" title="' + esc(D.datasets[d].label) + '"></span>' : '';
      s += '<div class="ds">' + dot + (e ? render(e) : '<span class="absent-v">absent</span>') + '</div>';
    });
    return s;
  }
  function v(key) { return function (e) { return fmt(e[key]); }; }
  function tv(f, key) { return function (e) { return fv(f, e[key]); }; }
  function missCell(e) {
    // Any missing value is worth a glance; 5% or more is worth a look.
    var cls = e.missingFraction >= 0.05 ? 'miss-hi' : e.missingFraction > 0 ? 'miss-some' : '';
    return '<span class="' + cls + '" title="' + esc(fmt(e.missing) + ' missing') + '">' + pct(e.missingFraction) + '</span>';
  }
  function zerosCell(e) { return e.zeros === undefined ? '–' : fmt(e.zeros) + ' <span class="muted">(' + pct(e.count ? e.zeros / e.count : 0) + ')</span>'; }
  function topValue(e) { return e.topValues && e.topValues.length ? '<span class="fname">' + esc(e.topValues[0][0]) + '</span>' : '–'; }
  function topFreq(e) { return (e.topValues && e.topValues.length ? fmt(e.topValues[0][1]) : '–') + (e.topValuesCountError !== undefined ? ' <span class="muted" title="counts from a sketch: each may be up to this much low; values counted at or below it are not listed">(sketch, ±' + fmt(e.topValuesCountError) + ')</span>' : ''); }
  function avgValuesOrBytes(e) { return e.avgLength !== undefined ? fmt(e.avgLength) + ' B' : fmt(e.avgNumValues); }
  function driftCell(f) {
    if (!f.drift) return '<span class="muted">–</span>';
    var dr = f.drift;
    var p = dr.kind === 'p_value';
    var unit = dr.unit !== undefined && dr.unit !== 'p-value' ? dr.unit : '';
    return '<span class="drift-v ' + (dr.drifted ? 'bad' : 'ok') + '">' + (p ? 'p = ' : '') + fmt(dr.value) + '</span> <span class="muted">' + esc(dr.method) + '</span>' +
      (unit ? '<div class="muted dsub dunit">' + esc(unit) + '</div>' : '') +
      (dr.threshold !== undefined ? '<div class="muted dsub">' + (p ? 'drift below ' : 'drift above ') + fmt(dr.threshold) + '</div>' : '');
  }
  function typeOf(f) {
    var types = [];
    f.stats.forEach(function (e) { if (e && types.indexOf(e.type) < 0) types.push(e.type); });
    return types;
  }
  function nameCell(f) {
    var s = '<div class="fname">' + esc(f.path) + '</div><div class="badges">';
    var types = typeOf(f);
    s += '<span class="b">' + esc(types.join(' / ') || 'no statistics') + '</span>';
    if (types.length > 1) s += '<span class="b warn">type differs</span>';
    if (f.timeFormat) s += '<span class="b time" title="' + esc(f.timeFormat) + ': counts since 1970-01-01 UTC, shown as dates">time, ' + esc(UNIT_NAMES[f.timeFormat] || f.timeFormat) + '</span>';
    if (f.anomaly) s += '<span class="b ' + (f.anomaly.severity === 'ERROR' ? 'err' : 'warn') + '">' + esc(f.anomaly.severity === 'ERROR' ? 'error' : 'warning') + '</span>';
    f.absentIn.forEach(function (d) { s += '<span class="b absent">absent in ' + esc(D.datasets[d].label) + '</span>'; });
    if (f.missingEverywhere && N > 0) s += '<span class="b absent">not in the statistics</span>';
    if (f.drift && f.drift.drifted) s += '<span class="b drift">drift</span>';
    return s + '</div>';
  }
  function sectionCells(sec, f) {
    var c = [nameCell(f)];
    if (D.sliced) c.push(datasetNames(f));
    if (sec.kind === 'numeric') {
      c.push(perDataset(f, v('count'), true), perDataset(f, missCell), perDataset(f, function (e) { return fd(f, e.mean); }), perDataset(f, function (e) { return fspan(f, e.stdDev); }), perDataset(f, zerosCell),
        perDataset(f, tv(f, 'min')), perDataset(f, tv(f, 'median')), perDataset(f, tv(f, 'max')));
    } else if (sec.kind === 'categorical') {
      c.push(perDataset(f, v('count'), true), perDataset(f, missCell), perDataset(f, v('unique')), perDataset(f, topValue), perDataset(f, topFreq), perDataset(f, v('avgLength')));
    } else {
      c.push(esc(typeOf(f).join(' / ') || '–'), perDataset(f, v('count'), true), perDataset(f, missCell), perDataset(f, v('unique')), perDataset(f, avgValuesOrBytes));
    }
    return c;
  }
  function chartCell(sec, f) {
    if (sec.kind === 'numeric') return state.chart === 'quantiles' ? quantSvg(f, 240, 44, false) : histSvg(f, 240, 44, false);
    if (sec.kind === 'categorical') return topSvg(f, 5, 240);
    return '';
  }

  // ---------------------------------------------------------------- anomaly strip and details
  function diffLines(a, b) {
    var n = a.length, m = b.length, L = [], i, j;
    for (i = n; i >= 0; i--) { L[i] = []; for (j = m; j >= 0; j--) L[i][j] = i === n || j === m ? 0 : a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]); }
    var out = [];
    i = 0; j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) { out.push([' ', a[i]]); i++; j++; } else if (L[i + 1][j] >= L[i][j + 1]) out.push(['-', a[i++]]); else out.push(['+', b[j++]]);
    }
    while (i < n) out.push(['-', a[i++]]);
    while (j < m) out.push(['+', b[j++]]);
    return out;
  }
  function schemaDiff(f, changedOnly) {
    var a = f.schemaEntry ? f.schemaEntry.split('\n') : [];
    var b = f.suggestedEntry.split('\n');
    var s = '<pre class="schema">';
    var d = diffLines(a, b);
    // In the compact form keep one unchanged line around each change, for context.
    var keep = d.map(function (x, k) {
      return !changedOnly || x[0] !== ' ' || (d[k - 1] && d[k - 1][0] !== ' ') || (d[k + 1] && d[k + 1][0] !== ' ');
    });
    d.forEach(function (x, k) {
      if (!keep[k]) {
        if (k === 0 || keep[k - 1]) s += '  …\n';
        return;
      }
      var cls = x[0] === '+' ? 'add' : x[0] === '-' ? 'del' : '';
      s += (cls ? '<span class="' + cls + '">' : '') + esc(x[0] + ' ' + x[1]) + (cls ? '</span>' : '\n');
    });
    return s + '</pre>';
  }
  function anomalyStrip(f, colspan) {
    var a = f.anomaly;
    var s = '<tr class="anom sev-' + esc(a.severity) + '" data-anomaly-for="' + esc(f.path) + '"><td colspan="' + colspan + '">';
    s += '<div><span class="anom-h">' + esc(a.severity) + ': ' + esc(a.shortDescription) + '</span> — ' + esc(a.description) + '</div>';
    (a.fix || []).forEach(function (fx) { s += '<div class="fix"><b>Suggested schema change:</b> ' + esc(fx) + '</div>'; });
    if (f.suggestedEntry) s += '<div class="fix"><b>Suggested schema entry:</b></div>' + schemaDiff(f, true);
    return s + '</td></tr>';
  }
  function kvTable(f) {
    var t = function (x) { return fv(f, x); };
    var rows = [['Count', 'count'], ['Missing', 'missing'], ['Missing %', 'missingFraction', pct], ['Avg values', 'avgNumValues'], ['Min values', 'minNumValues'],
      ['Max values', 'maxNumValues'], ['Total values', 'totNumValues'], ['Mean', 'mean', function (x) { return fd(f, x); }], ['Std dev', 'stdDev', function (x) { return fspan(f, x); }], ['Zeros', 'zeros'],
      ['Min', 'min', t], ['Median', 'median', t], ['Max', 'max', t], ['NaN', 'numNan'], ['Unique', 'unique'], ['Avg length', 'avgLength'], ['Min bytes', 'minBytes'], ['Max bytes', 'maxBytes']];
    var s = '<table class="kv"><tr><th></th>';
    f.stats.forEach(function (e, d) { s += '<th><span class="sw" style="background:' + color(d) + '"></span> ' + esc(D.datasets[d].label) + '</th>'; });
    s += '</tr>';
    rows.forEach(function (r) {
      var any = f.stats.some(function (e) { return e && e[r[1]] !== undefined; });
      if (!any) return;
      s += '<tr><td>' + r[0] + '</td>';
      f.stats.forEach(function (e) { s += '<td>' + (e ? (r[2] || fmt)(e[r[1]]) : '<span class="absent-v">absent</span>') + '</td>'; });
      s += '</tr>';
    });
    return s + '</table>';
  }
  function detailRow(f, colspan) {
    // The wrapper takes the row's width without widening the table: wide details scroll inside it.
    var s = '<tr class="detail" data-detail-for="' + esc(f.path) + '"><td colspan="' + colspan + '"><div class="dwrap"><div class="dgrid">';
    s += '<div><h4>Statistics</h4>' + kvTable(f) + '</div>';
    if (f.kind === 'numeric') {
      s += '<div><h4>Histogram</h4>' + histSvg(f, 460, 120, true) + '</div>';
      s += '<div><h4>Quantiles</h4>' + quantSvg(f, 460, 60, true) + '</div>';
    } else if (f.kind === 'categorical') {
      s += '<div><h4>Top values</h4>' + topSvg(f, 20, 460) + '</div>';
    }
    if (f.drift) s += '<div><h4>Drift / skew</h4>' + driftCell(f) + '<div>' + (f.drift.drifted ? 'Past the threshold: drifted.' : 'Within the threshold.') + '</div></div>';
    if (f.schemaEntry) s += '<div><h4>Schema entry</h4><pre class="schema">' + esc(f.schemaEntry) + '</pre></div>';
    if (f.suggestedEntry) s += '<div><h4>Suggested schema entry</h4>' + schemaDiff(f, false) + '</div>';
    return s + '</div></div></td></tr>';
  }

  // ---------------------------------------------------------------- tables, filters, lazy rows
  /**
   * Scores from different methods are not on one scale: rank drifted features first, then by
   * how far past (or short of) the threshold each is, p-values inverted.
   */
  function driftRank(f) {
    var dr = f.drift;
    if (!dr) return -1;
    var t = dr.threshold, v = dr.value, r;
    if (dr.kind === 'p_value') r = t !== undefined ? t / Math.max(v, 1e-300) : 1 - v;
    else r = t ? v / t : v;
    return (dr.drifted ? 1e6 : 0) + Math.min(r, 1e5);
  }
  function sorter(a, b) {
    var k = state.sort;
    if (k === 'name') return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
    if (k === 'missing') return b.maxMiss - a.maxMiss || a.i - b.i;
    if (k === 'drift') return driftRank(b) - driftRank(a) || a.i - b.i;
    if (k === 'anomaly') return b.sev - a.sev || a.i - b.i;
    return a.i - b.i;
  }
  function visible(f) {
    if (state.q && f.path.toLowerCase().indexOf(state.q) < 0) return false;
    if (state.anom && !f.anomaly) return false;
    if (state.drift && !(f.drift && f.drift.drifted)) return false;
    if (state.absent && !f.absentIn.length && !f.missingEverywhere) return false;
    if (state.minMiss > 0 && f.maxMiss * 100 < state.minMiss) return false;
    return true;
  }
  function ncols(sec) { return sec.cols.length + (D.hasDrift ? 1 : 0) + (sec.chart ? 1 : 0); }
  function rowHtml(sec, f) {
    var cells = sectionCells(sec, f);
    var s = '<tr class="feat' + (f.anomaly ? ' sev-' + esc(f.anomaly.severity) : '') + '" tabindex="0" data-feature="' + esc(f.path) + '" data-i="' + f.i + '">';
    cells.forEach(function (c, k) { s += '<td' + (k === 0 ? ' class="fcell"' : sec.cols[k] === 'Dataset' ? ' class="dscell"' : NUMCOLS[sec.cols[k]] ? ' class="num"' : '') + '>' + c + '</td>'; });
    if (D.hasDrift) s += '<td class="dcell">' + driftCell(f) + '</td>';
    if (sec.chart) s += '<td class="chart">' + chartCell(sec, f) + '</td>';
    s += '</tr>';
    if (f.anomaly) s += anomalyStrip(f, ncols(sec));
    if (openRows[f.i]) s += detailRow(f, ncols(sec));
    return s;
  }
  function renderMore(sec) {
    if (sec.shown >= sec.list.length) return false;
    var end = Math.min(sec.list.length, sec.shown + CHUNK), html = '';
    for (var k = sec.shown; k < end; k++) html += rowHtml(sec, sec.list[k]);
    sec.tbody.insertAdjacentHTML('beforeend', html);
    sec.shown = end;
    updateCount(sec);
    fitTables();
    return true;
  }
  function updateCount(sec) {
    sec.countEl.textContent = sec.list.length === sec.all.length ? '(' + sec.all.length + ')' : '(' + sec.list.length + ' of ' + sec.all.length + ' shown)';
    sec.moreEl.textContent = sec.shown < sec.list.length ? 'Showing ' + sec.shown + ' of ' + sec.list.length + ' — scroll for more' : '';
    sec.emptyEl.style.display = sec.list.length ? 'none' : '';
  }
  function fillViewport() {
    // Keep adding chunks while a section's end is on screen (or near it).
    var again = false;
    sections.forEach(function (sec) {
      if (sec.shown < sec.list.length && sec.sentinel.getBoundingClientRect().top < window.innerHeight + 600) again = renderMore(sec) || again;
    });
    if (again) requestAnimationFrame(fillViewport);
  }
  function refresh() {
    sections.forEach(function (sec) {
      sec.list = sec.all.filter(visible).sort(sorter);
      sec.shown = 0;
      sec.tbody.innerHTML = '';
      renderMore(sec);
    });
    requestAnimationFrame(fillViewport);
  }

  var root = document.getElementById('tables');
  var sections = [];
  SECTIONS.forEach(function (spec) {
    var all = D.features.filter(spec.match);
    if (!all.length) return;
    var cols = D.sliced ? [spec.cols[0], 'Dataset'].concat(spec.cols.slice(1)) : spec.cols;
    var sec = { kind: spec.kind, cols: cols, chart: spec.chart, all: all, list: [], shown: 0 };
    var wrap = document.createElement('section');
    wrap.id = 'sec-' + spec.kind;
    var head = '<tr>';
    cols.forEach(function (c) { head += '<th' + (NUMCOLS[c] ? ' class="num"' : '') + '>' + c + '</th>'; });
    if (D.hasDrift) head += '<th>Drift / skew</th>';
    if (spec.chart) head += '<th class="chart-h">' + spec.chart + '</th>';
    head += '</tr>';
    wrap.innerHTML = '<h2>' + spec.title + ' <span class="count"></span></h2><div class="tbox"><table class="feats" data-section="' + spec.kind + '"><thead>' + head +
      '</thead><tbody></tbody></table></div><div class="empty" style="display:none">No feature matches the filters.</div><div class="more"></div><div class="sentinel"></div>';
    root.appendChild(wrap);
    sec.tbody = wrap.querySelector('tbody');
    sec.box = wrap.querySelector('.tbox');
    sec.countEl = wrap.querySelector('.count');
    sec.moreEl = wrap.querySelector('.more');
    sec.emptyEl = wrap.querySelector('.empty');
    sec.sentinel = wrap.querySelector('.sentinel');
    sec.tbody.addEventListener('click', function (ev) { toggle(sec, ev); });
    sec.tbody.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') toggle(sec, ev); });
    sections.push(sec);
  });
  function toggle(sec, ev) {
    var tr = ev.target.closest('tr.feat');
    if (!tr) return;
    var i = +tr.getAttribute('data-i');
    var f = D.features[i];
    var after = tr.nextElementSibling;
    if (after && after.classList.contains('anom')) after = after.nextElementSibling;
    if (openRows[i]) {
      delete openRows[i];
      if (after && after.classList.contains('detail')) after.remove();
    } else {
      openRows[i] = true;
      var html = detailRow(f, ncols(sec));
      if (after) after.insertAdjacentHTML('beforebegin', html); else sec.tbody.insertAdjacentHTML('beforeend', html);
    }
    fitTables();
  }
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) fillViewport();
    }, { rootMargin: '600px' });
    sections.forEach(function (sec) { io.observe(sec.sentinel); });
  }
  window.addEventListener('scroll', function () { requestAnimationFrame(fillViewport); }, { passive: true });

  // ---------------------------------------------------------------- controls
  function byId(id) { return document.getElementById(id); }
  byId('q').addEventListener('input', function (e) { state.q = e.target.value.trim().toLowerCase(); refresh(); });
  byId('sort').addEventListener('change', function (e) { state.sort = e.target.value; refresh(); });
  byId('f-anom').addEventListener('change', function (e) { state.anom = e.target.checked; refresh(); });
  byId('f-drift').addEventListener('change', function (e) { state.drift = e.target.checked; refresh(); });
  byId('f-absent').addEventListener('change', function (e) { state.absent = e.target.checked; refresh(); });
  byId('f-miss').addEventListener('input', function (e) { state.minMiss = +e.target.value || 0; refresh(); });
  function segment(id, key) {
    var el = byId(id);
    if (!el) return;
    el.addEventListener('click', function (e) {
      var b = e.target.closest('button');
      if (!b) return;
      state[key] = b.getAttribute('data-v');
      Array.prototype.forEach.call(el.querySelectorAll('button'), function (x) { x.classList.toggle('on', x === b); x.setAttribute('aria-pressed', x === b ? 'true' : 'false'); });
      refresh();
    });
  }
  // Table headers stick just below the controls bar, whose height depends on the window width.
  var controlsBar = document.querySelector('.controls');
  function stickHeaders() { document.documentElement.style.setProperty('--ctl-h', controlsBar.offsetHeight + 'px'); }
  /**
   * A table wider than the window scrolls inside its box, never the page. Only then: a scrolling
   * box would also hold the sticky headers, which otherwise stick below the controls bar.
   */
  function fitTables() {
    sections.forEach(function (sec) {
      sec.box.classList.remove('scroll');
      if (sec.box.scrollWidth > sec.box.clientWidth + 1) sec.box.classList.add('scroll');
    });
  }
  window.addEventListener('resize', fitTables);
  window.addEventListener('resize', stickHeaders);
  stickHeaders();
  segment('chart', 'chart');
  segment('view', 'view');
  refresh();
  document.documentElement.setAttribute('data-ready', '1');
})();
`;
