import type { FeatureStatsView } from '../../schema/index.js';
import type { FeaturePresence } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';
import { toInt64 } from '../tfdv-format.js';

/**
 * Checks `presence.min_count` and `presence.min_fraction` (TFDV's UpdatePresence). Fractions
 * are only checked when the dataset has examples. Fix: lower the bound to what was observed; a
 * `min_fraction` of 1 with any missing example becomes 0.9999 (floating-point guard).
 */
export function checkPresence(view: FeatureStatsView, presence: FeaturePresence): Finding[] {
  const out: Finding[] = [];
  const present = view.numPresent();
  if (presence.minCount !== undefined && present < presence.minCount) {
    const original = presence.minCount;
    presence.minCount = toInt64(present);
    out.push(messages.lowNumberPresent(original, Number(presence.minCount)));
  }
  const fraction = view.fractionPresent();
  if (presence.minFraction !== undefined && fraction !== undefined) {
    if (fraction < presence.minFraction) {
      const original = presence.minFraction;
      presence.minFraction = fraction;
      out.push(messages.lowFractionPresent(original, fraction));
    }
    if (presence.minFraction === 1 && view.numMissing() !== 0) {
      presence.minFraction = 0.9999;
      out.push(messages.expectedEverywhere(view.numMissing()));
    }
  }
  return out;
}
