import type { FeatureStatsView } from '../../schema/index.js';
import type { BoolDomain, Feature } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';
import { toInt64 } from '../tfdv-format.js';

/** The strings a bool domain accepts, sorted (TFDV lists them so in its message). */
export function boolDomainStrings(domain: BoolDomain): string[] {
  const valid = new Set<string>();
  if (domain.trueValue !== undefined) valid.add(domain.trueValue);
  if (domain.falseValue !== undefined) valid.add(domain.falseValue);
  return [...valid].sort();
}

/** The accepted strings as TFDV's message shows them: `{}` or `{"false", "true"}`. */
export function describeBoolStrings(valid: readonly string[]): string {
  return valid.length === 0 ? '{}' : `{"${valid.join('", "')}"}`;
}

/** Integers outside {0, 1}: the smallest below 0 first, else the largest above 1 (undefined when none). */
export function boolIntegerFinding(min: number, max: number) {
  if (min < 0) return messages.boolSmallInt(min);
  if (max > 1) return messages.boolBigInt(max);
  return undefined;
}

/**
 * Boolean check (TFDV's UpdateBoolDomain): integers outside {0, 1} turn the domain into an
 * int_domain, floats outside {0, 1} (or NaN, or histogram mass strictly between 0 and 1) into a
 * float_domain, and strings other than the true/false values clear it.
 */
export function checkBoolDomain(view: FeatureStatsView, feature: Feature): Finding[] {
  const n = view.data.numStats ?? {};
  const min = n.min ?? 0;
  const max = n.max ?? 0;
  switch (view.type) {
    case 'INT': {
      const toInt = () => {
        delete feature.boolDomain;
        feature.intDomain = { max: toInt64(max), min: toInt64(min) };
      };
      const found = boolIntegerFinding(min, max);
      if (found) toInt();
      return found ? [found] : [];
    }
    case 'FLOAT': {
      const toFloat = (f: Finding): Finding[] => {
        delete feature.boolDomain;
        feature.floatDomain = { max: Math.fround(max), min: Math.fround(min) };
        return [f];
      };
      if (min !== 0 && min !== 1) return toFloat(messages.boolFloatValue(min));
      if (max !== 0 && max !== 1) return toFloat(messages.boolFloatValue(max));
      for (const h of n.histograms ?? []) {
        if ((h.numNan ?? 0) > 0) {
          return toFloat(messages.boolNanValue());
        }
        for (const b of h.buckets ?? []) {
          if ((b.sampleCount ?? 0) <= 0) continue;
          const low = b.lowValue ?? 0;
          const high = b.highValue ?? 0;
          if (high < 0)
            return toFloat(messages.boolUnexpectedFloat('Float values < 0 not in {0, 1}: converting to float_domain.'));
          if (low > 1)
            return toFloat(messages.boolUnexpectedFloat('Float values > 1 not in {0, 1}: converting to float_domain.'));
          if ((h.type ?? 'STANDARD') === 'QUANTILES' && high < 1 && low > 0) {
            return toFloat(
              messages.boolUnexpectedFloat('Float values falling between 0 and 1: converting to float_domain.'),
            );
          }
        }
      }
      return [];
    }
    case 'STRING': {
      const domain = feature.boolDomain ?? {};
      const valid = boolDomainStrings(domain);
      for (const value of view.stringValues()) {
        if (!valid.includes(value)) {
          delete feature.boolDomain;
          return [messages.boolUnexpectedString(value, describeBoolStrings(valid))];
        }
      }
      return [];
    }
    default:
      return [];
  }
}
