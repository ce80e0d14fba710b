import { adoptCustomDomain, type FeatureStatsView } from '../schema/index.js';
import { printTextFormat } from '../tfmd/index.js';
import type { Feature } from '../tfmd/types.js';

/** Adopts a semantic domain announced by the statistics (`domain_info`), if the feature has none. */
export function adoptSemanticDomain(view: FeatureStatsView, feature: Feature): boolean {
  return adoptCustomDomain(view.customStats(), feature);
}

/** The feature as protobuf text (C++ DebugString), quoted inside one TFDV message. */
export function featureDebugString(feature: Feature): string {
  return printTextFormat('Feature', feature);
}
