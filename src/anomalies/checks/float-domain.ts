import type { FeatureStatsView } from '../../schema/index.js';
import type { FloatDomain } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';
import type { DomainCheckResult } from './string-domain.js';

/** absl::SimpleAtof to a float: decimal or hex floats, inf/nan, surrounding ASCII spaces. */
function parseFloat32(text: string): number | undefined {
  const t = text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  if (/^[-+]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[-+]?nan$/i.test(t)) return Number.NaN;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Math.fround(Number(t));
  return undefined;
}

/** A value below the domain's min, compared in single precision as TFDV does. */
export function belowFloatMin(value: number, domain: FloatDomain): boolean {
  return domain.min !== undefined && value < Math.fround(domain.min);
}

/** A value above the domain's max, compared in single precision. */
export function aboveFloatMax(value: number, domain: FloatDomain): boolean {
  return domain.max !== undefined && value > Math.fround(domain.max);
}

type Interval = { min: number; max: number } | { notFloat: string } | undefined;

function floatInterval(view: FeatureStatsView): Interval {
  switch (view.type) {
    case 'FLOAT':
      return { min: Math.fround(view.data.numStats?.min ?? 0), max: Math.fround(view.data.numStats?.max ?? 0) };
    case 'BYTES':
    case 'STRING': {
      let interval: { min: number; max: number } | undefined;
      for (const label of view.stringValues()) {
        const v = parseFloat32(label);
        if (v === undefined) return { notFloat: label };
        if (!interval) interval = { min: v, max: v };
        if (interval.min > v) interval.min = v;
        if (interval.max < v) interval.max = v;
      }
      return interval;
    }
    default:
      return undefined;
  }
}

/**
 * Float range and special-value check (TFDV's UpdateFloatDomain): NaNs when disallowed, values
 * outside [min, max] (compared in single precision), infinities when disallowed, and strings that
 * are not floats. Fixes widen the bounds or allow the special values.
 */
export function checkFloatDomain(view: FeatureStatsView, domain: FloatDomain): DomainCheckResult {
  const findings: Finding[] = [];
  if (domain.disallowNan) {
    let hasNan = false;
    if (view.type === 'FLOAT') hasNan = (view.data.numStats?.histograms ?? []).some((h) => (h.numNan ?? 0) > 0);
    else if (view.type === 'STRING') hasNan = view.stringValues().some((s) => Number.isNaN(parseFloat32(s) ?? 0));
    if (hasNan) {
      findings.push(messages.floatHasNan());
      domain.disallowNan = false;
    }
  }
  const interval = floatInterval(view);
  if (interval === undefined) return { findings, clear: false };
  if ('notFloat' in interval) {
    findings.push(messages.floatNotFloatString(interval.notFloat));
    return { findings, clear: true };
  }
  if (belowFloatMin(interval.min, domain)) {
    findings.push(messages.smallFloat(interval.min, Math.fround(domain.min as number)));
    domain.min = interval.min;
  }
  if (aboveFloatMax(interval.max, domain)) {
    findings.push(messages.bigFloat(interval.max, Math.fround(domain.max as number)));
    domain.max = interval.max;
  }
  if (domain.disallowInf && (!Number.isFinite(interval.min) || !Number.isFinite(interval.max))) {
    if (Math.abs(interval.min) === Infinity || Math.abs(interval.max) === Infinity) {
      findings.push(messages.floatHasInf());
      domain.disallowInf = false;
    }
  }
  return { findings, clear: false };
}
