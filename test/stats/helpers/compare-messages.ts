/** Drops proto3 scalar defaults (0, '', false, the zero enums INT / STANDARD) so absent == default. */
export function normalizeProto3(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeProto3(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || v === 0 || v === '' || v === false) continue;
      if (k === 'type' && (v === 'INT' || v === 'STANDARD')) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      out[k] = normalizeProto3(v, k);
    }
    return out;
  }
  return key ? value : value;
}

/** Differences between two normalised messages, numbers within a relative tolerance. */
export function diffMessages(expected: unknown, actual: unknown, rtol = 1e-4, path = ''): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected) && Number.isNaN(actual)) return [];
    if (expected === actual) return [];
    const scale = Math.max(Math.abs(expected), Math.abs(actual));
    return Math.abs(expected - actual) <= rtol * scale || scale < 1e-9
      ? []
      : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => diffMessages(e, actual[i], rtol, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    return [...keys].flatMap((k) => {
      if (!(k in e)) return [`${path}.${k}: unexpected ${JSON.stringify(a[k])}`];
      if (!(k in a)) return [`${path}.${k}: missing (expected ${JSON.stringify(e[k])})`];
      return diffMessages(e[k], a[k], rtol, `${path}.${k}`);
    });
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
