import type { FeatureStatsView } from '../../schema/index.js';
import type { Feature, NaturalLanguageDomain } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';
import { type TokenStatistics, unpackNaturalLanguageStatistics } from './_nl-statistics.js';

/**
 * Natural-language checks against the `nl_statistics` custom statistic (TFDV's
 * UpdateNaturalLanguageDomain): vocabulary coverage, average token length and per-token
 * constraints. Constraints without statistics give STATS_NOT_AVAILABLE and clear the domain.
 */
export function checkNaturalLanguageDomain(view: FeatureStatsView, feature: Feature): Finding[] {
  const out: Finding[] = [];
  const custom = view.customStat('nl_statistics');
  const stats = custom ? unpackNaturalLanguageStatistics(custom.any) : undefined;
  if (custom && !stats) return out;
  feature.naturalLanguageDomain ??= {};
  const domain: NaturalLanguageDomain = feature.naturalLanguageDomain;
  const constrained =
    domain.coverage?.minCoverage !== undefined ||
    domain.coverage?.minAvgTokenLength !== undefined ||
    (domain.tokenConstraints?.length ?? 0) > 0;
  if (constrained && !stats) {
    delete feature.naturalLanguageDomain;
    return [messages.nlStatsMissing()];
  }
  if (!stats) return out;
  const coverage = domain.coverage;
  if (coverage?.minCoverage !== undefined && Math.fround(coverage.minCoverage) > stats.featureCoverage) {
    out.push(messages.coverageTooLow(stats.featureCoverage, coverage.minCoverage));
    coverage.minCoverage = Math.fround(stats.featureCoverage);
  }
  if (coverage?.minAvgTokenLength !== undefined && stats.avgTokenLength < Math.fround(coverage.minAvgTokenLength)) {
    out.push(messages.tokenLengthTooShort(stats.avgTokenLength, coverage.minAvgTokenLength));
    coverage.minAvgTokenLength = Math.fround(stats.avgTokenLength);
  }
  const byToken = new Map<string, TokenStatistics>();
  for (const t of stats.tokenStatistics) {
    const key =
      t.intToken !== undefined ? `i:${t.intToken}` : t.stringToken !== undefined ? `s:${t.stringToken}` : undefined;
    if (key !== undefined && !byToken.has(key)) byToken.set(key, t);
  }
  for (const c of domain.tokenConstraints ?? []) {
    let key: string;
    let token: string;
    if (c.intValue !== undefined) {
      key = `i:${c.intValue}`;
      token = String(c.intValue);
    } else if (c.stringValue !== undefined) {
      key = `s:${c.stringValue}`;
      token = c.stringValue;
    } else continue;
    const t = byToken.get(key);
    if (!t) {
      delete feature.naturalLanguageDomain;
      out.push(messages.nlStatsMissing());
      return out;
    }
    if (c.minFractionOfSequences !== undefined && Math.fround(c.minFractionOfSequences) > t.fractionOfSequences) {
      out.push(messages.tooSmallFraction(token, t.fractionOfSequences, c.minFractionOfSequences));
      c.minFractionOfSequences = Math.fround(t.fractionOfSequences);
    }
    if (c.maxFractionOfSequences !== undefined && Math.fround(c.maxFractionOfSequences) < t.fractionOfSequences) {
      out.push(messages.tooLargeFraction(token, t.fractionOfSequences, c.maxFractionOfSequences));
      c.maxFractionOfSequences = Math.fround(t.fractionOfSequences);
    }
    if (c.minPerSequence !== undefined && c.minPerSequence > t.perSequenceMinFrequency) {
      out.push(messages.tooFewOccurrences(token, t.perSequenceMinFrequency, c.minPerSequence));
      c.minPerSequence = Math.trunc(t.perSequenceMinFrequency);
    }
    if (c.maxPerSequence !== undefined && c.maxPerSequence < t.perSequenceMaxFrequency) {
      out.push(messages.tooManyOccurrences(token, t.perSequenceMaxFrequency, c.maxPerSequence));
      c.maxPerSequence = Math.trunc(t.perSequenceMaxFrequency);
    }
  }
  return out;
}
