import type { FeatureStatsView } from '../../schema/index.js';
import type { BoolDomain, Feature } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';
import { toInt64 } from '../tfdv-format.js';

function validStrings(domain: BoolDomain): string[] {
  const valid = new Set<string>();
  if (domain.trueValue !== undefined) valid.add(domain.trueValue);
  if (domain.falseValue !== undefined) valid.add(domain.falseValue);
  return [...valid].sort();
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
      if (min < 0) {
        toInt();
        return [messages.boolSmallInt(min)];
      }
      if (max > 1) {
        toInt();
        return [messages.boolBigInt(max)];
      }
      return [];
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
          return toFloat(
            messages.boolUnexpectedFloat('Floats (such as NaN) not in {0, 1}: converting to float_domain.'),
          );
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
      const valid = validStrings(domain);
      for (const value of view.stringValues()) {
        if (!valid.includes(value)) {
          const description = valid.length === 0 ? '{}' : `{"${valid.join('", "')}"}`;
          delete feature.boolDomain;
          return [messages.boolUnexpectedString(value, description)];
        }
      }
      return [];
    }
    default:
      return [];
  }
}
