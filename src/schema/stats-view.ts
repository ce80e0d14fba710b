import type {
  CommonStatistics,
  CustomStatistic,
  DatasetFeatureStatistics,
  FeatureNameStatistics,
  FeatureType,
  Histogram,
  StatisticsFeatureType,
} from '../tfmd/types.js';
import { compareBytes, comparePaths, type FeaturePath, serializePath } from './feature-path.js';

/** How a dataset view reads its statistics, and the other datasets it is compared with. */
export interface DatasetStatsViewOptions {
  /** Read the weighted statistics (TFDV switches to them when every feature has them). */
  readonly byWeight?: boolean;
  /** The environment the statistics come from (TRAINING, SERVING, ...). */
  readonly environment?: string | undefined;
  /** Statistics of the previous span (drift control). */
  readonly previousSpan?: DatasetStatsView | undefined;
  /** Statistics of serving data (skew control). */
  readonly serving?: DatasetStatsView | undefined;
  /** Statistics of the previous version of this dataset. */
  readonly previousVersion?: DatasetStatsView | undefined;
}

const emptyCommon: CommonStatistics = {};

// An entry without any stats block and without custom stats carries nothing (TFDV ignores it).
function hasEmptyStats(f: FeatureNameStatistics): boolean {
  return !f.numStats && !f.stringStats && !f.bytesStats && !f.structStats && !f.customStats?.length;
}

/**
 * A read-only index over one `DatasetFeatureStatistics`: features by path, their parents and
 * children, and the reading rules validation uses (TFDV's DatasetStatsView). Nesting is taken from
 * `path`, or reconstructed from dotted `name`s under STRUCT features. O(n log n) to build.
 */
export class DatasetStatsView {
  readonly data: DatasetFeatureStatistics;
  readonly byWeight: boolean;
  readonly environment: string | undefined;
  readonly previousSpan: DatasetStatsView | undefined;
  readonly serving: DatasetStatsView | undefined;
  readonly previousVersion: DatasetStatsView | undefined;
  /** Per feature index: its path, parent index and child indices. */
  private readonly paths = new Map<number, string[]>();
  private readonly parents = new Map<number, number>();
  private readonly children = new Map<number, number[]>();
  private readonly byPath = new Map<string, number>();

  constructor(data: DatasetFeatureStatistics, options: DatasetStatsViewOptions = {}) {
    this.data = data;
    this.byWeight = options.byWeight ?? false;
    this.environment = options.environment;
    this.previousSpan = options.previousSpan;
    this.serving = options.serving;
    this.previousVersion = options.previousVersion;
    const features = data.features ?? [];
    if (features.every((f) => f.path === undefined)) this.indexByName(features);
    else this.indexByPath(features);
  }

  private indexByPath(features: readonly FeatureNameStatistics[]): void {
    features.forEach((f, i) => {
      const path = [...(f.path?.step ?? [])];
      this.paths.set(i, path);
      this.byPath.set(serializePath(path), i);
    });
    // Children are listed in path order, like TFDV's std::map walk.
    const entries = [...this.byPath.values()].map((i) => [i, this.paths.get(i) as string[]] as const);
    entries.sort((a, b) => comparePaths(a[1], b[1]));
    for (const [i, path] of entries) {
      if (path.length === 0) continue;
      const parent = this.byPath.get(serializePath(path.slice(0, -1)));
      if (parent !== undefined) {
        this.parents.set(i, parent);
        this.children.set(parent, [...(this.children.get(parent) ?? []), i]);
      }
    }
  }

  // TFDV walks the names in byte order keeping a stack of STRUCT ancestors: a feature is a child
  // of the nearest STRUCT whose name is a strict prefix of its own (the separator is assumed).
  private indexByName(features: readonly FeatureNameStatistics[]): void {
    const location = new Map<string, number>();
    features.forEach((f, i) => {
      if (hasEmptyStats(f)) return;
      location.set(f.name ?? '', i);
      this.paths.set(i, []);
    });
    const names = [...location.keys()].sort(compareBytes);
    const ancestors: number[] = [];
    for (const name of names) {
      const i = location.get(name) as number;
      const nameOf = (k: number) => features[k]?.name ?? '';
      while (ancestors.length > 0) {
        const top = nameOf(ancestors[ancestors.length - 1] as number);
        if (top.length < name.length && name.startsWith(top)) break;
        ancestors.pop();
      }
      let path: string[];
      if (ancestors.length > 0) {
        const parent = ancestors[ancestors.length - 1] as number;
        this.parents.set(i, parent);
        this.children.set(parent, [...(this.children.get(parent) ?? []), i]);
        path = [...(this.paths.get(parent) ?? []), name.slice(nameOf(parent).length + 1)];
      } else {
        path = [name];
      }
      this.paths.set(i, path);
      this.byPath.set(serializePath(path), i);
      if ((features[i]?.type ?? 'INT') === 'STRUCT') ancestors.push(i);
    }
  }

  /** Every feature with statistics, in input order. */
  features(): FeatureStatsView[] {
    const out: FeatureStatsView[] = [];
    (this.data.features ?? []).forEach((f, i) => {
      if (!hasEmptyStats(f)) out.push(new FeatureStatsView(this, i));
    });
    return out;
  }

  /** Features without a parent feature in these statistics. */
  rootFeatures(): FeatureStatsView[] {
    return this.features().filter((f) => !this.parents.has(f.index));
  }

  /** The feature at a path, if the statistics have it. */
  getByPath(path: FeaturePath): FeatureStatsView | undefined {
    const i = this.byPath.get(serializePath(path));
    return i === undefined ? undefined : new FeatureStatsView(this, i);
  }

  /** @internal */
  pathOf(index: number): string[] {
    return this.paths.get(index) ?? [];
  }

  /** @internal */
  childrenOf(index: number): FeatureStatsView[] {
    return (this.children.get(index) ?? []).map((i) => new FeatureStatsView(this, i));
  }

  /** @internal */
  hasParent(index: number): boolean {
    return this.parents.has(index);
  }

  /**
   * num_examples, or weighted_num_examples when reading weighted statistics. Counts are doubles here,
   * as in TFDV's FeatureStatsView (a uint64 count beyond 2^53 rounds to the nearest double).
   */
  numExamples(): number {
    return Number((this.byWeight ? this.data.weightedNumExamples : this.data.numExamples) ?? 0);
  }

  /**
   * Whether every feature carries weighted statistics (TFDV's rule for switching validation to
   * weighted mode): weighted_num_examples is non-zero and each feature has weighted common stats
   * and as many weighted presence/valency levels as unweighted ones.
   */
  static weightedStatisticsExist(data: DatasetFeatureStatistics): boolean {
    if ((data.weightedNumExamples ?? 0) === 0) return false;
    return new DatasetStatsView(data).features().every((f) => {
      const common = f.commonStats();
      return (
        common.weightedCommonStats !== undefined &&
        (common.presenceAndValencyStats?.length ?? 0) === (common.weightedPresenceAndValencyStats?.length ?? 0)
      );
    });
  }
}

/** One feature of a {@link DatasetStatsView}, read with TFDV's rules (weights, defaults, nesting). */
export class FeatureStatsView {
  readonly dataset: DatasetStatsView;
  readonly index: number;

  constructor(dataset: DatasetStatsView, index: number) {
    this.dataset = dataset;
    this.index = index;
  }

  /** The raw statistics message. */
  get data(): FeatureNameStatistics {
    return this.dataset.data.features?.[this.index] ?? {};
  }

  get path(): string[] {
    return this.dataset.pathOf(this.index);
  }

  /** The statistics' type; proto3 leaves INT (0) unwritten, so absent means INT. */
  get type(): StatisticsFeatureType {
    return this.data.type ?? 'INT';
  }

  /** The schema type the statistics map to (STRING and BYTES both map to BYTES). */
  featureType(): FeatureType {
    switch (this.type) {
      case 'STRING':
      case 'BYTES':
        return 'BYTES';
      default:
        return this.type;
    }
  }

  children(): FeatureStatsView[] {
    return this.dataset.childrenOf(this.index);
  }

  hasParent(): boolean {
    return this.dataset.hasParent(this.index);
  }

  get environment(): string | undefined {
    return this.dataset.environment;
  }

  commonStats(): CommonStatistics {
    const d = this.data;
    return (
      d.numStats?.commonStats ??
      d.stringStats?.commonStats ??
      d.bytesStats?.commonStats ??
      d.structStats?.commonStats ??
      emptyCommon
    );
  }

  numExamples(): number {
    return this.dataset.numExamples();
  }

  numPresent(): number {
    const c = this.commonStats();
    return Number((this.dataset.byWeight ? c.weightedCommonStats?.numNonMissing : c.numNonMissing) ?? 0);
  }

  numMissing(): number {
    const c = this.commonStats();
    return Number((this.dataset.byWeight ? c.weightedCommonStats?.numMissing : c.numMissing) ?? 0);
  }

  /** num_missing per nest level (one level for flat features). */
  numMissingNested(): number[] {
    const c = this.commonStats();
    const levels = this.dataset.byWeight ? c.weightedPresenceAndValencyStats : c.presenceAndValencyStats;
    const out = (levels ?? []).map((l) => Number(l.numMissing ?? 0));
    return out.length > 0 ? out : [this.numMissing()];
  }

  /** Fraction of examples with the feature; undefined without examples; exactly 1 when none miss it. */
  fractionPresent(): number | undefined {
    const n = this.numExamples();
    if (n <= 0) return undefined;
    if (this.numMissing() === 0) return 1;
    return this.numPresent() / n;
  }

  /** [min, max] values per example for each nest level (negative minimums read as 0). */
  minMaxNumValues(): [number, number][] {
    const c = this.commonStats();
    const levels = (c.presenceAndValencyStats ?? []).map(
      (l) => [Math.max(Number(l.minNumValues ?? 0), 0), Number(l.maxNumValues ?? 0)] as [number, number],
    );
    return levels.length > 0 ? levels : [[Math.max(Number(c.minNumValues ?? 0), 0), Number(c.maxNumValues ?? 0)]];
  }

  hasNestedValues(): boolean {
    return this.minMaxNumValues().length > 1;
  }

  /** Rank-histogram labels with their counts, in byte order; a repeated label keeps its first count. */
  stringValuesWithCounts(): Map<string, number> {
    const s = this.data.stringStats;
    const hist = this.dataset.byWeight ? s?.weightedStringStats?.rankHistogram : s?.rankHistogram;
    const seen = new Map<string, number>();
    for (const b of hist?.buckets ?? []) {
      const label = b.label ?? '';
      if (!seen.has(label)) seen.set(label, b.sampleCount ?? 0);
    }
    return new Map([...seen].sort((a, b) => compareBytes(a[0], b[0])));
  }

  /** The distinct values seen (rank-histogram labels), in byte order. */
  stringValues(): string[] {
    return [...this.stringValuesWithCounts().keys()];
  }

  hasInvalidUtf8Strings(): boolean {
    return (this.data.stringStats?.invalidUtf8Count ?? 0) > 0;
  }

  /** Total number of values; falls back to num_non_missing × avg_num_values for old statistics. */
  totalValueCount(): number {
    const c = this.commonStats();
    if (this.dataset.byWeight) return c.weightedCommonStats?.totNumValues ?? 0;
    const tot = Number(c.totNumValues ?? 0);
    return tot === 0 ? Number(c.numNonMissing ?? 0) * (c.avgNumValues ?? 0) : tot;
  }

  /** string_stats.unique, or undefined when the feature has no string statistics. */
  numUnique(): number | undefined {
    return this.data.stringStats ? Number(this.data.stringStats.unique ?? 0) : undefined;
  }

  /** The numeric histograms of the mode (weighted or not). */
  numericHistograms(): Histogram[] {
    const n = this.data.numStats;
    if (!n) return [];
    return (this.dataset.byWeight ? n.weightedNumericStats?.histograms : n.histograms) ?? [];
  }

  customStats(): CustomStatistic[] {
    return this.data.customStats ?? [];
  }

  customStat(name: string): CustomStatistic | undefined {
    return this.data.customStats?.find((s) => (s.name ?? '') === name);
  }

  /** The same feature in the serving statistics, if given and present. */
  serving(): FeatureStatsView | undefined {
    return this.dataset.serving?.getByPath(this.path);
  }

  /** The same feature in the previous span's statistics, if given and present. */
  previousSpan(): FeatureStatsView | undefined {
    return this.dataset.previousSpan?.getByPath(this.path);
  }
}
