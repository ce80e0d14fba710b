/**
 * Numbers as people read them in the text displays (the HTML page's script follows the same
 * rules). Files keep exact values; displays round.
 */

/**
 * Significant digits to show: 4, or up to 6 for a value that is exactly a 32-bit float (a FLOAT
 * column's min or max, a schema's float domain) when that many give back the same float. So
 * 64.9000015258789 reads `64.9` and 1234.5677490234375 reads `1234.57`; a float32 that needs 7 or
 * more digits (0.5999999) reads as 4 (`0.6`), which is what a person meant.
 */
export function displayDigits(v: number): number {
  if (Math.fround(v) !== v) return 4;
  for (let p = 1; p <= 6; p++) if (Math.fround(Number(v.toPrecision(p))) === v) return Math.max(p, 4);
  return 4;
}

/** A number for a display: integers with thousands separators, else 4 significant digits (see displayDigits). */
export function formatNumber(v: number | undefined): string {
  if (v === undefined) return '-';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e15) return v.toLocaleString('en-US');
  if (a !== 0 && (a >= 1e9 || a < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(displayDigits(v))));
}

/**
 * A fraction as a percentage to 3 significant digits (`64.9%`, `0.123%`): enough to read.
 * Never `0%` or `100%` for a fraction that is not exactly 0 or 1.
 */
export function formatPercent(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === 0 || f === 1) return `${f * 100}%`;
  const p = f * 100;
  if (p > 0 && p < 0.001) return '<0.001%';
  if (p > 99.9 && p < 100) return '>99.9%';
  return `${Number(p.toPrecision(3))}%`;
}
