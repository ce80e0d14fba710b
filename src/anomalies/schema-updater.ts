import { isFeatureDeprecated, isFeatureInEnvironment } from '../environments/index.js';
import {
  clearDomain,
  createFeature,
  type DatasetStatsView,
  type FeatureCreationConfig,
  type FeaturePath,
  type FeatureStatsView,
  getFeature,
  getSparseFeature,
  getWeightedFeature,
  markDeprecated,
  serializePath,
} from '../schema/index.js';
import type { DriftSkewInfo, Feature, Schema, SparseFeature } from '../tfmd/types.js';
import { checkComparator } from './checks/comparators.js';
import { checkDatasetConstraints } from './checks/dataset-constraints.js';
import { checkSparseFeature } from './checks/sparse-feature.js';
import { checkWeightedFeature } from './checks/weighted-feature.js';
import { FEATURE_CHECK_ORDER, type FeatureCheckContext } from './feature-check-order.js';
import type { Finding } from './finding.js';
import { messages } from './messages.js';
import type { SeverityPolicy } from './severity.js';

/** Everything that steers checking and fixing (TFDV's FeatureStatisticsToProtoConfig). */
export interface UpdaterConfig extends FeatureCreationConfig {
  /** Clear a string domain once it reaches this many values (never set by TFDV's APIs). */
  readonly enumDeleteThreshold?: number;
  /** How validation grades findings (normalised by `severityPolicy`); every type an ERROR when unset. */
  readonly severity?: SeverityPolicy;
}

/** What checking one feature found (graded by the caller). */
export interface FeatureUpdate {
  readonly findings: Finding[];
  readonly driftSkewInfo?: DriftSkewInfo;
}

/**
 * A working copy of a schema that checks statistics and applies each finding's fix to itself
 * (TFDV's Schema + Updater). Validation keeps the findings and discards the copy; `updateSchema`
 * keeps the copy: one code path for both.
 */
export class SchemaUpdater {
  readonly schema: Schema;
  readonly config: UpdaterConfig;

  constructor(schema: Schema, config: UpdaterConfig) {
    this.schema = structuredClone(schema);
    this.config = config;
  }

  /** Whether the path names a feature, sparse feature or weighted feature. */
  featureExists(path: FeaturePath): boolean {
    return (
      getFeature(this.schema, path) !== undefined ||
      getSparseFeature(this.schema, path) !== undefined ||
      getWeightedFeature(this.schema, path) !== undefined
    );
  }

  /** Deprecation of the feature (or sparse feature) at a path; false when neither exists. */
  featureIsDeprecated(path: FeaturePath): boolean {
    const feature = getFeature(this.schema, path);
    if (feature) return isFeatureDeprecated(feature);
    const sparse = getSparseFeature(this.schema, path);
    return sparse ? isFeatureDeprecated(sparse) : false;
  }

  deprecate(path: FeaturePath): void {
    const feature = getFeature(this.schema, path);
    if (feature) markDeprecated(feature);
  }

  /** Checks one feature's statistics, fixing the working schema; new features are created. */
  updateFeature(view: FeatureStatsView): FeatureUpdate {
    const feature = getFeature(this.schema, view.path);
    const sparse = getSparseFeature(this.schema, view.path);
    const weighted = getWeightedFeature(this.schema, view.path);
    const found = (findings: Finding[], driftSkewInfo?: DriftSkewInfo): FeatureUpdate => ({
      findings,
      ...(driftSkewInfo ? { driftSkewInfo } : {}),
    });
    if (weighted) {
      if ((feature || sparse) && !isFeatureDeprecated({ lifecycleStage: weighted.lifecycleStage ?? 'UNKNOWN_STAGE' })) {
        markDeprecated(weighted);
        if (feature) markDeprecated(feature);
        if (sparse) markDeprecated(sparse);
        return found([messages.weightedNameCollision()]);
      }
      const findings = checkWeightedFeature(view);
      if (findings.length > 0) markDeprecated(weighted);
      return found(findings);
    }
    if (sparse && !isFeatureDeprecated(sparse)) {
      if (feature && !isFeatureDeprecated(feature)) {
        markDeprecated(sparse);
        markDeprecated(feature);
        return found([messages.sparseNameCollision()]);
      }
      const findings = checkSparseFeature(view);
      if (findings.length > 0) markDeprecated(sparse as SparseFeature);
      return found(findings);
    }
    if (feature) {
      const info: DriftSkewInfo = {};
      const findings = this.checkFeature(view, feature, info);
      return found(findings, info.path ? info : undefined);
    }
    const findings = [messages.newColumn()];
    createFeature(this.schema, view, this.config);
    return found(findings);
  }

  /** Checks a feature and then its children (unless it ended up deprecated). */
  updateRecursively(view: FeatureStatsView, pathsToConsider?: ReadonlySet<string>): FeatureUpdate {
    if (pathsToConsider && !pathsToConsider.has(serializePath(view.path))) return { findings: [] };
    const findings = [...this.updateFeature(view).findings];
    if (!this.featureIsDeprecated(view.path)) {
      for (const child of view.children()) findings.push(...this.updateRecursively(child, pathsToConsider).findings);
    }
    return { findings };
  }

  /** Required features (TFDV's existence rule, per environment) that the statistics lack. */
  missingPaths(dataset: DatasetStatsView): string[][] {
    const present = new Set(dataset.features().map((f) => serializePath(f.path)));
    const out: string[][] = [];
    const visit = (features: readonly Feature[] | undefined, prefix: string[]): void => {
      for (const feature of features ?? []) {
        const path = [...prefix, feature.name ?? ''];
        if (this.isExistenceRequired(feature, dataset.environment) && !present.has(serializePath(path))) out.push(path);
        // A required child of an optional parent is reported too (TFDV's "odd semantics").
        if (!isFeatureDeprecated(feature)) visit(feature.structDomain?.feature, path);
      }
    };
    visit(this.schema.feature, []);
    return out;
  }

  private isExistenceRequired(feature: Feature, environment: string | undefined): boolean {
    if (isFeatureDeprecated(feature)) return false;
    if ((feature.presence?.minCount ?? 0) <= 0 && (feature.presence?.minFraction ?? 0) <= 0) return false;
    return isFeatureInEnvironment(feature, this.schema, environment);
  }

  /** Dataset-level constraints (only when the schema has `dataset_constraints`). */
  updateDatasetConstraints(dataset: DatasetStatsView): Finding[] {
    return this.schema.datasetConstraints ? checkDatasetConstraints(dataset, this.schema.datasetConstraints) : [];
  }

  /** Only the skew comparator of an existing feature (TFDV's FindSkew entry point). */
  updateSkewComparator(view: FeatureStatsView): ReturnType<typeof checkComparator> | undefined {
    const feature = getFeature(this.schema, view.path);
    if (!feature?.skewComparator) return undefined;
    return checkComparator(view, 'skew', feature.skewComparator);
  }

  // The per-feature checks, one row each in FEATURE_CHECK_ORDER (TFDV's order); each fixes `feature`.
  private checkFeature(view: FeatureStatsView, feature: Feature, info: DriftSkewInfo): Finding[] {
    const ctx: FeatureCheckContext = {
      view,
      feature,
      schema: this.schema,
      enumDeleteThreshold: this.config.enumDeleteThreshold,
      out: [],
      info,
      isExistenceRequired: () => this.isExistenceRequired(feature, view.environment),
      removeStringDomain: (name) => this.removeStringDomain(name),
    };
    for (const step of FEATURE_CHECK_ORDER) if (step.run(ctx) === 'stop') break;
    return ctx.out;
  }

  // A schema-level string domain that had to go: drop it and every reference to it.
  private removeStringDomain(name: string): void {
    const clearRefs = (features: Feature[] | undefined) => {
      for (const f of features ?? []) {
        if (f.domain === name) clearDomain(f);
        if (f.structDomain) clearRefs(f.structDomain.feature);
      }
    };
    clearRefs(this.schema.feature);
    if (this.schema.stringDomain) this.schema.stringDomain = this.schema.stringDomain.filter((d) => d.name !== name);
  }
}
