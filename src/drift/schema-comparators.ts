/**
 * Reads the drift or skew thresholds a TFDV schema keeps — each feature's `drift_comparator` /
 * `skew_comparator` and the dataset's `num_examples_drift_comparator` — as options for
 * `compareStatistics`, so `datavet compare --schema` gates on the same numbers as validation.
 */
import type { Feature, FeatureComparator, Schema } from '../tfmd/types.js';
import type { CompareOptions, FeatureMethod } from './compare.js';

/** Which comparators to read. */
export type ComparatorKind = 'drift' | 'skew';

function methodsOf(comparator: FeatureComparator | undefined): FeatureMethod[] {
  const out: FeatureMethod[] = [];
  // As TFDV: a comparator without a threshold checks nothing.
  const linf = comparator?.infinityNorm?.threshold;
  if (linf !== undefined) out.push({ method: 'linf', threshold: linf });
  const jsd = comparator?.jensenShannonDivergence;
  if (jsd?.threshold !== undefined) {
    const type = jsd.source?.type;
    out.push({ method: 'jsd', threshold: jsd.threshold, ...(type === 'QUANTILES' ? { source: type } : {}) });
  }
  const nad = comparator?.normalizedAbsDifference?.threshold;
  if (nad !== undefined) out.push({ method: 'nad', threshold: nad });
  return out;
}

function collect(
  features: readonly Feature[],
  prefix: string,
  kind: ComparatorKind,
  out: Record<string, FeatureMethod[]>,
) {
  for (const feature of features) {
    const name = `${prefix}${feature.name ?? ''}`;
    const methods = methodsOf(kind === 'drift' ? feature.driftComparator : feature.skewComparator);
    if (methods.length) out[name] = methods;
    if (feature.structDomain?.feature) collect(feature.structDomain.feature, `${name}.`, kind, out);
  }
}

/** Per-feature methods and the example-count bounds of a schema. */
export function comparatorsFromSchema(
  schema: Schema,
  kind: ComparatorKind = 'drift',
): Pick<CompareOptions, 'featureMethods' | 'numExamples'> {
  const featureMethods: Record<string, FeatureMethod[]> = Object.create(null); // keyed by feature names
  collect(schema.feature ?? [], '', kind, featureMethods);
  const bounds = kind === 'drift' ? schema.datasetConstraints?.numExamplesDriftComparator : undefined;
  const numExamples = {
    ...(bounds?.minFractionThreshold !== undefined ? { minFraction: bounds.minFractionThreshold } : {}),
    ...(bounds?.maxFractionThreshold !== undefined ? { maxFraction: bounds.maxFractionThreshold } : {}),
  };
  return { featureMethods, ...(Object.keys(numExamples).length ? { numExamples } : {}) };
}
