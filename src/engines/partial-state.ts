import { ALL_EXAMPLES, HyperLogLog, type StatisticsAccumulatorState } from '../stats/index.js';
import type { NumericAccumulatorState } from '../stats/numeric-accumulator.js';
import type { QuantileSketchState } from '../stats/quantile-sketch.js';
import type { StringAccumulatorState } from '../stats/string-accumulator.js';
import type { ColumnPlan } from './compile-statistics.js';
import type { EngineColumn, EngineResult, EngineValue } from './dialect.js';

// The shapes of the partial-statistics file (`datavet stats --partial`), derived from its public type.
type DatasetState = StatisticsAccumulatorState['datasets'][number];
type FeatureState = DatasetState['features'][number];
// The feature generators' states are keyed by generator name in the file: these are the built-ins'.
type NumericState = NumericAccumulatorState;
type StringState = StringAccumulatorState;
type SketchState = QuantileSketchState;
/** The saved options, every one of which the accumulator fills (a saved null is an option left unset). */
type Options = StatisticsAccumulatorState['options'];
const required = <T>(value: T | null, name: string): T => {
  if (value === null) throw new Error(`partial statistics options: ${name} is not set`);
  return value;
};

/** A field the engine computed exactly but the partial state cannot carry mergeably. */
export interface UnmergeableField {
  readonly dataset: string;
  readonly feature: string;
  /** `unique` (distinct count beyond the exact range) or `weighted quantiles`. */
  readonly field: 'unique' | 'weighted quantiles';
  /** The engine's exact value, when it has one (the distinct count). */
  readonly value?: number;
}

/** Rows of the three statements, by purpose. */
export interface EngineRows {
  readonly aggregates: EngineResult;
  readonly frequencies?: EngineResult | undefined;
  readonly quantiles?: EngineResult | undefined;
}

/** Name of a result column to its index. */
function indexer(result: EngineResult): (name: string) => number {
  const map = new Map(result.columns.map((c, i) => [c.toLowerCase(), i]));
  return (name) => map.get(name) ?? -1;
}

function num(value: EngineValue | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return textNumber(value);
  return Number.NaN;
}

/** Numbers some drivers hand over as text (ClickHouse, PostgreSQL's NaN/Infinity). */
function textNumber(text: string): number {
  switch (text.toLowerCase()) {
    case 'nan':
    case '-nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return Number(text);
  }
}

function orNull(value: EngineValue | undefined): number | null {
  return value === null || value === undefined ? null : num(value);
}

function datasetName(key: EngineValue | undefined): string | undefined {
  if (key === null || key === undefined) return undefined;
  return key === '' ? ALL_EXAMPLES : String(key);
}

function sketch(
  options: Options,
  sampling: boolean,
  entries: readonly (readonly [number, number])[],
  count: number,
): SketchState {
  const kept = entries.filter(([v, w]) => w > 0 && !Number.isNaN(v));
  return {
    epsilon: required(options.epsilon, 'epsilon'),
    sampling,
    count,
    samplerLevel: 0,
    group: [],
    groupWeights: [],
    buffer: kept.map(([v]) => v),
    bufferWeights: kept.map(([, w]) => w),
    levels: [],
  };
}

/** Per dataset and column: the (value, count, weight, positive weight) rows of the frequency statement. */
type Frequencies = Map<string, Map<number, { value: EngineValue; n: number; w: number; wp: number }[]>>;

function readFrequencies(result: EngineResult | undefined): Frequencies {
  const out: Frequencies = new Map();
  if (!result) return out;
  const at = indexer(result);
  const k = at('__k');
  const c = at('__c');
  const single = at('__v');
  const n = at('n');
  const w = at('w');
  const wp = at('wp');
  for (const row of result.rows) {
    const name = datasetName(row[k]);
    if (name === undefined) continue;
    const column = num(row[c]);
    const value = single >= 0 ? row[single] : row[at(`v${column}`)];
    if (value === null || value === undefined) continue;
    let byColumn = out.get(name);
    if (!byColumn) {
      byColumn = new Map();
      out.set(name, byColumn);
    }
    let list = byColumn.get(column);
    if (!list) {
      list = [];
      byColumn.set(column, list);
    }
    list.push({ value, n: num(row[n]), w: w >= 0 ? num(row[w]) : 0, wp: wp >= 0 ? num(row[wp]) : 0 });
  }
  return out;
}

const emptyRegisters = (): string => Buffer.from(new HyperLogLog().registers).toString('base64');

/**
 * Turns the engine's rows into a partial-statistics state, the same JSON `datavet stats
 * --partial` writes, so `datavet merge` folds it with partials computed anywhere else.
 * `options` are a fresh accumulator's options (the defaults filled in).
 */
export function partialStateFromRows(
  options: Options,
  columns: readonly EngineColumn[],
  plan: ColumnPlan,
  rows: EngineRows,
): { state: StatisticsAccumulatorState; unmergeable: UnmergeableField[] } {
  const weighted = options.weightFeature !== null && options.weightFeature !== undefined;
  const agg = rows.aggregates;
  const at = indexer(agg);
  const frequencies = readFrequencies(rows.frequencies);
  const quantileRows = new Map<string, readonly EngineValue[]>();
  if (rows.quantiles) {
    const qk = indexer(rows.quantiles)('__k');
    for (const row of rows.quantiles.rows) {
      const name = datasetName(row[qk]);
      if (name !== undefined) quantileRows.set(name, row);
    }
  }
  const qAt = rows.quantiles ? indexer(rows.quantiles) : () => -1;
  const unmergeable: UnmergeableField[] = [];
  const datasets: DatasetState[] = [];
  // A text column without a single value is what the CSV reader types as null (tables loaded from
  // CSV have such columns): no leaf statistics, kind null. Typed numeric columns keep their kind.
  const allRow = agg.rows.find((r) => r[at('__k')] === '');
  const empty = columns.map((c, i) => c.kind === 'string' && num(allRow?.[at(`a${i}_n`)]) === 0);
  for (const row of agg.rows) {
    const name = datasetName(row[at('__k')]);
    if (name === undefined) continue;
    const get = (alias: string) => row[at(alias)];
    const examples = num(get('__rows'));
    const weightedExamples = weighted ? num(get('__wsum')) : 0;
    const features: FeatureState[] = columns.map((column, i) => {
      const a = (field: string) => get(`a${i}_${field}`);
      const nonMissing = num(a('n'));
      const weightedNonMissing = weighted ? num(a('wn')) : 0;
      const valueRows = frequencies.get(name)?.get(i) ?? [];
      const base = {
        path: [column.name],
        kind: (column.kind === 'bool' ? 'int' : column.kind) as FeatureState['kind'],
        // Timestamps and dates: the unit, which finish() writes as TFDV's domain_info (as for Arrow columns).
        ...(column.timeFormat !== undefined ? { timeFormat: column.timeFormat } : {}),
        slots: examples,
        weightedSlots: weightedExamples,
        nonMissing,
        minNumValues: nonMissing > 0 ? 1 : null,
        maxNumValues: nonMissing > 0 ? 1 : null,
        totNumValues: nonMissing,
        weightedNonMissing,
        weightedTot: weightedNonMissing,
        levels: [],
        numValues: sketch(options, false, nonMissing > 0 ? [[1, nonMissing]] : [], nonMissing > 0 ? 1 : 0),
        children: [],
      };
      if (empty[i]) return { ...base, kind: null, numeric: null, strings: null } as FeatureState;
      if (column.kind === 'string') {
        let counter: StringState['counter'];
        if (plan.exactValues.includes(i)) {
          counter = {
            capacity: required(options.maxExactDistinct, 'maxExactDistinct'),
            exact: true,
            values: valueRows.map((v) => Buffer.from(String(v.value), 'utf8').toString('base64')),
            counts: valueRows.map((v) => v.n),
            weightedCounts: valueRows.map((v) => (weighted ? v.w : 0)),
          };
        } else {
          // Beyond the exact range: the top values (exact counts) and an empty distinct sketch,
          // whose estimate SQL cannot fill; the exact distinct count travels beside the state.
          counter = {
            capacity: required(options.maxExactDistinct, 'maxExactDistinct'),
            exact: false,
            values: valueRows.map((v) => Buffer.from(String(v.value), 'utf8').toString('base64')),
            counts: valueRows.map((v) => v.n),
            weightedCounts: valueRows.map((v) => (weighted ? v.w : 0)),
            hll: emptyRegisters(),
          };
          unmergeable.push({ dataset: name, feature: column.name, field: 'unique', value: num(a('d')) });
        }
        const strings: StringState = {
          numValues: nonMissing,
          totalBytes: num(a('b')),
          invalidUtf8: 0,
          minBytes: nonMissing > 0 ? num(a('bmin')) : null,
          maxBytes: nonMissing > 0 ? num(a('bmax')) : null,
          counter,
        };
        return { ...base, numeric: null, strings } as FeatureState;
      }
      const finite = num(a('fn'));
      const nan = num(a('nan'));
      const posInf = num(a('pinf'));
      const negInf = num(a('ninf'));
      const min = finite > 0 ? orNull(a('min')) : null;
      const max = finite > 0 ? orNull(a('max')) : null;
      const infinities: [number, number][] = [
        [Number.NEGATIVE_INFINITY, negInf],
        [Number.POSITIVE_INFINITY, posInf],
      ];
      let plainEntries: [number, number][];
      let weightedEntries: [number, number][];
      if (plan.exactValues.includes(i)) {
        const values = valueRows.map((v) => ({ ...v, value: num(v.value) }));
        plainEntries = values.map((v) => [v.value, v.n]);
        weightedEntries = values.map((v) => [v.value, v.wp]);
      } else {
        plainEntries = [...quantileEntries(quantileRows.get(name)?.[qAt(`q${i}`)], finite, min, max), ...infinities];
        weightedEntries = [];
        if (weighted) unmergeable.push({ dataset: name, feature: column.name, field: 'weighted quantiles' });
      }
      const plainCount = finite + posInf + negInf;
      const parts: NumericState['parts'][number][] = [
        {
          moments: {
            weight: finite,
            shift: finite > 0 ? num(a('avg')) : (null as unknown as number),
            s1: 0,
            s2: finite > 0 ? finite * Math.max(0, num(a('var'))) : 0,
          },
          negInf,
          posInf,
          sketch: sketch(options, required(options.quantileSampling, 'quantileSampling'), plainEntries, plainCount),
        },
      ];
      if (weighted) {
        const ws0 = num(a('ws0'));
        parts.push({
          moments: plan.exactValues.includes(i)
            ? weightedMoments(weightedEntries)
            : {
                weight: ws0,
                shift: ws0 > 0 ? 0 : (null as unknown as number),
                s1: ws0 > 0 ? num(a('ws1')) : 0,
                s2: ws0 > 0 ? num(a('ws2')) : 0,
              },
          negInf: num(a('wninf')),
          posInf: num(a('wpinf')),
          sketch: sketch(options, false, weightedEntries, weightedEntries.length),
        });
      }
      const numeric: NumericState = { numNan: nan, numZeros: num(a('z')), min, max, parts };
      return { ...base, numeric, strings: null } as FeatureState;
    });
    datasets.push({ name, numExamples: examples, weightedNumExamples: weightedExamples, features });
  }
  return {
    state: { format: 'datavet.partial-statistics', version: 1, options, datasets } as StatisticsAccumulatorState,
    unmergeable,
  };
}

/**
 * K + 1 boundaries at j / K as sketch entries: each inner boundary stands for 1/K of the finite
 * values, the two ends for half that (the ends are the exact min and max: engines' approximate
 * 0 and 1 quantiles drift by percents of the range).
 */
function quantileEntries(
  value: EngineValue | undefined,
  finite: number,
  min: number | null,
  max: number | null,
): [number, number][] {
  if (!Array.isArray(value) || finite === 0 || value.length < 2) return [];
  const k = value.length - 1;
  const out: [number, number][] = value.map((v, j) => [
    num(v as EngineValue),
    (j === 0 || j === k ? 0.5 : 1) * (finite / k),
  ]);
  if (min !== null) out[0]![0] = min;
  if (max !== null) out[k]![0] = max;
  return out;
}

/**
 * Weighted moments from the value table, shifted by its first value: raw sums of w·x and w·x²
 * lose every digit of the variance when the values are large and close (cancellation).
 */
function weightedMoments(entries: readonly (readonly [number, number])[]): NumericState['parts'][number]['moments'] {
  let weight = 0;
  let shift = Number.NaN;
  let s1 = 0;
  let s2 = 0;
  for (const [v, w] of entries) {
    if (!(w > 0) || !Number.isFinite(v)) continue;
    if (Number.isNaN(shift)) shift = v;
    const d = v - shift;
    weight += w;
    s1 += w * d;
    s2 += w * d * d;
  }
  return { weight, shift: Number.isNaN(shift) ? (null as unknown as number) : shift, s1, s2 };
}
