import { InputError } from '../_util/errors.js';
import { CheckAccumulator, type CheckAccumulatorState } from '../checks/check-accumulator.js';
import { StatisticsAccumulator, type StatisticsAccumulatorState } from '../stats/statistics-accumulator.js';

/**
 * A partial state file: the statistics accumulator's state, with the custom checks' state (when
 * the pass ran checks) under the extra member `checks`. Without checks it is exactly the
 * statistics' partial file, so files written before checks existed still merge.
 */
export interface PartialState {
  readonly statistics: StatisticsAccumulator;
  readonly checks?: CheckAccumulator;
}

export function serializePartial(state: PartialState): string {
  const stats = state.statistics.toState();
  return JSON.stringify(state.checks ? { ...stats, checks: state.checks.toState() } : stats);
}

/** Parses {@link serializePartial} output; undefined when `text` is not JSON of a partial state (e.g. statistics). */
export function parsePartial(text: string): PartialState | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  let raw: StatisticsAccumulatorState & { checks?: CheckAccumulatorState };
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || !String(raw.format ?? '').startsWith('datavet.partial'))
    return undefined;
  const statistics = StatisticsAccumulator.fromState(raw);
  return { statistics, ...(raw.checks !== undefined ? { checks: CheckAccumulator.fromState(raw.checks) } : {}) };
}

/** Merges partial states in input order; all or none must carry checks (computed with the same checks). */
export function mergePartials(states: readonly PartialState[], files: readonly string[] = []): PartialState {
  const [first, ...rest] = states;
  if (!first) throw new InputError('STATS_PARTIAL_FORMAT', 'no partial states to merge');
  rest.forEach((s, i) => {
    if (!!s.checks !== !!first.checks) {
      const withChecks = first.checks ? files[0] : files[i + 1];
      throw new InputError(
        'CHECK_PARTIAL_MISMATCH',
        `only some partial states carry custom checks (${withChecks ?? 'the first'} does)`,
        { hint: 'compute every partial state with the same --checks file, or none' },
      );
    }
    first.statistics.merge(s.statistics);
    if (first.checks && s.checks) first.checks.merge(s.checks);
  });
  return first;
}
