import { isDeepStrictEqual } from 'node:util';
import { type FeaturePath, getFeature, getStringDomain } from '../schema/index.js';
import type { Feature, Schema, StringDomain } from '../tfmd/types.js';

/**
 * The schema change an anomaly implies, as data: the feature's entry before and after the fix
 * that makes the data pass (TFDV's minimal relaxation; what `updateSchema` applies). TFDV once
 * attached the same thing as `diff_regions` over the schema's text; open-source TFDV leaves them
 * empty, so the anomalies proto stays without them and the change travels beside it.
 */
export interface SchemaFix {
  readonly path: readonly string[];
  /** The baseline's entry; absent for a feature the data adds. */
  readonly before?: Feature;
  /** The entry after the fix; absent when the fix removes it. */
  readonly after?: Feature;
  /** The schema-level string domain the feature refers to (`domain: "name"`), when the fix changes it. */
  readonly stringDomain?: {
    readonly name: string;
    readonly before?: StringDomain;
    readonly after?: StringDomain;
  };
}

/**
 * The change at `path` between a baseline and the schema fixed for one anomaly (undefined when
 * the entry and its string domain are the same in both). The entries are copies.
 */
export function schemaFixAt(baseline: Schema, fixed: Schema, path: FeaturePath): SchemaFix | undefined {
  const before = getFeature(baseline, path);
  const after = getFeature(fixed, path);
  const name = before?.domain ?? after?.domain;
  const domainBefore = name === undefined ? undefined : getStringDomain(baseline, name);
  const domainAfter = name === undefined ? undefined : getStringDomain(fixed, name);
  const domainChanged = name !== undefined && !isDeepStrictEqual(domainBefore, domainAfter);
  if (isDeepStrictEqual(before, after) && !domainChanged) return undefined;
  return {
    path: [...path],
    ...(before ? { before: structuredClone(before) } : {}),
    ...(after ? { after: structuredClone(after) } : {}),
    ...(domainChanged
      ? {
          stringDomain: {
            name,
            ...(domainBefore ? { before: structuredClone(domainBefore) } : {}),
            ...(domainAfter ? { after: structuredClone(domainAfter) } : {}),
          },
        }
      : {}),
  };
}
