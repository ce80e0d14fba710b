import type { DatasetStatsView } from '../../schema/index.js';
import type { DatasetConstraints, NumericValueComparator } from '../../tfmd/types.js';
import type { Finding } from '../finding.js';
import { messages } from '../messages.js';

function checkNumExamplesComparator(
  view: DatasetStatsView,
  control: DatasetStatsView | undefined,
  controlName: string,
  comparator: NumericValueComparator,
): Finding[] {
  if (comparator.minFractionThreshold === undefined && comparator.maxFractionThreshold === undefined) return [];
  if (!control) return [];
  const out: Finding[] = [];
  const current = view.numExamples();
  const previous = control.numExamples();
  const ratio = previous !== 0 ? current / previous : Number.NaN;
  if (comparator.maxFractionThreshold !== undefined) {
    const max = comparator.maxFractionThreshold;
    if (previous === 0) {
      delete comparator.maxFractionThreshold;
      out.push(messages.highNumExamplesNoControl(controlName));
    } else if (ratio > max) {
      comparator.maxFractionThreshold = ratio;
      out.push(messages.highNumExamples(controlName, ratio, max));
    }
  }
  if (comparator.minFractionThreshold !== undefined) {
    const min = comparator.minFractionThreshold;
    if (previous !== 0 && ratio < min) {
      comparator.minFractionThreshold = ratio;
      out.push(messages.lowNumExamples(controlName, ratio, min));
    }
  }
  return out;
}

/**
 * Dataset-level constraints (TFDV's UpdateDatasetConstraints): the num_examples ratio against the
 * previous span and the previous version, then min/max example counts. TFDV only looks at the
 * counts when `min_examples_count` is set (a lone max is ignored; mirrored). Fixes move the
 * thresholds to the observed values.
 */
export function checkDatasetConstraints(view: DatasetStatsView, constraints: DatasetConstraints): Finding[] {
  const out: Finding[] = [];
  if (constraints.numExamplesDriftComparator) {
    out.push(
      ...checkNumExamplesComparator(view, view.previousSpan, 'previous span', constraints.numExamplesDriftComparator),
    );
  }
  if (constraints.numExamplesVersionComparator) {
    out.push(
      ...checkNumExamplesComparator(
        view,
        view.previousVersion,
        'previous version',
        constraints.numExamplesVersionComparator,
      ),
    );
  }
  if (constraints.minExamplesCount !== undefined) {
    const n = view.numExamples();
    if (n < constraints.minExamplesCount) {
      constraints.minExamplesCount = Math.trunc(n);
      out.push(messages.datasetLowNumExamples(n));
    }
    if (constraints.maxExamplesCount !== undefined && n > constraints.maxExamplesCount) {
      constraints.maxExamplesCount = Math.trunc(n);
      out.push(messages.datasetHighNumExamples(n));
    }
  }
  return out;
}
