import { type FeatureStatsView, parseInt64 } from '../../schema/index.js';
import { doubleToInt64, INT64_MAX, INT64_MIN, int64Value } from '../../tfmd/int64.js';
import type { Int64, IntDomain } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';
import type { DomainCheckResult } from './string-domain.js';

type Interval = { min: bigint; max: bigint } | { notInt: string } | undefined;

const schemaTypeNumber = { TYPE_UNKNOWN: 0, BYTES: 1, INT: 2, FLOAT: 3, STRUCT: 4 } as const;

// The observed range: numeric min/max of INT statistics, else the values seen parsed as int64
// (categorical ints and int-as-string features).
function intInterval(view: FeatureStatsView): Interval {
  const labels = view.stringValues();
  if (view.type === 'STRUCT' || view.type === 'FLOAT') return undefined;
  if (view.type === 'INT' && labels.length === 0) {
    const min = view.data.numStats?.min ?? 0;
    const max = view.data.numStats?.max ?? 0;
    if (min < Number(INT64_MIN)) return { notInt: String(min) };
    if (max > Number(INT64_MAX)) return { notInt: String(max) };
    return { min: doubleToInt64(min), max: doubleToInt64(max) };
  }
  let interval: { min: bigint; max: bigint } | undefined;
  for (const label of labels) {
    const v = parseInt64(label);
    if (v === undefined) return { notInt: label };
    if (!interval) interval = { min: v, max: v };
    if (v < interval.min) interval.min = v;
    if (v > interval.max) interval.max = v;
  }
  return interval;
}

/** A value below the domain's min (exact: int64 values compare as integers, whatever their JS type). */
export function belowIntMin(value: Int64, domain: IntDomain): boolean {
  return domain.min !== undefined && value < domain.min;
}

/** A value above the domain's max. */
export function aboveIntMax(value: Int64, domain: IntDomain): boolean {
  return domain.max !== undefined && value > domain.max;
}

/**
 * Integer range check (TFDV's UpdateIntDomain): observed values below `min` or above `max` are
 * anomalies and widen the bound; non-integer strings invalidate the domain.
 */
export function checkIntDomain(view: FeatureStatsView, domain: IntDomain): DomainCheckResult {
  const interval = intInterval(view);
  const findings: Finding[] = [];
  if (interval === undefined) return { findings, clear: false };
  if ('notInt' in interval) {
    const type = view.featureType();
    if (type === 'BYTES') return { findings: [messages.intNotIntString(interval.notInt)], clear: true };
    if (type === 'INT') {
      if (domain.max !== undefined || domain.min !== undefined) {
        return { findings: [messages.intNotInt64(interval.notInt)], clear: true };
      }
      return { findings, clear: false };
    }
    return { findings: [messages.intDomainIncompatible(schemaTypeNumber[type])], clear: true };
  }
  if (belowIntMin(interval.min, domain)) {
    findings.push(messages.smallInt(String(interval.min)));
    domain.min = int64Value(interval.min);
  }
  if (aboveIntMax(interval.max, domain)) {
    findings.push(messages.bigInt(String(interval.max)));
    domain.max = int64Value(interval.max);
  }
  return { findings, clear: false };
}
