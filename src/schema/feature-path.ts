/**
 * Feature paths as TFDV writes them: one string per nesting level, serialized for anomaly keys
 * (`Anomalies.anomaly_info` is keyed by this form, `anomaly_name_format: SERIALIZED_PATH`).
 */

import { compareBytes } from '../_util/compare-bytes.js';

/** A feature's location, one step per nesting level (`['struct', 'foo']`). */
export type FeaturePath = readonly string[];

// A step is written as is when it is non-empty and has none of . ( ) ' — or when it is wrapped in
// one pair of parentheses with none inside (slice names like `(s2)`); TFDV's path.cc rule.
const standardStep = /^(?:\([^()]*\)|[^().']+)$/;

/** Serializes one step: verbatim when unambiguous, else single-quoted with inner quotes doubled. */
export function serializeStep(step: string): string {
  return standardStep.test(step) ? step : `'${step.replaceAll("'", "''")}'`;
}

/**
 * The serialized form of a path: steps joined by `.`, each escaped by {@link serializeStep}.
 * @example serializePath(['struct', 'bar.baz']) // "struct.'bar.baz'"
 */
export function serializePath(path: FeaturePath): string {
  return path.map(serializeStep).join('.');
}

/** Parses a serialized path back into steps (inverse of {@link serializePath}). */
export function parsePath(text: string): string[] {
  if (text === '') return [];
  const steps: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === "'") {
      let step = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error(`unterminated quoted step in path ${text}`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            step += "'";
            j += 2;
            continue;
          }
          break;
        }
        step += text[j];
        j++;
      }
      steps.push(step);
      i = j + 2; // closing quote and dot
    } else if (text[i] === '(') {
      const close = text.indexOf(')', i);
      const end = close < 0 ? text.length : close + 1;
      steps.push(text.slice(i, end));
      i = end + 1;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot < 0 ? text.length : dot;
      steps.push(text.slice(i, end));
      i = end + 1;
    }
  }
  return steps;
}

// Re-exported: path steps compare bytewise, and the schema API has always offered this.
export { compareBytes };

/** Lexicographic order of paths (step by step, bytewise), the order TFDV reports paths in. */
export function comparePaths(a: FeaturePath, b: FeaturePath): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareBytes(a[i] as string, b[i] as string);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
