import { isFeatureDeprecated, isFeatureInEnvironment } from '../environments/index.js';
import {
  clearDomain,
  createFeature,
  type DatasetStatsView,
  domainKind,
  type FeatureCreationConfig,
  type FeaturePath,
  type FeatureStatsView,
  getFeature,
  getSparseFeature,
  getStringDomain,
  getWeightedFeature,
  markDeprecated,
  serializePath,
} from '../schema/index.js';
import type { DriftSkewInfo, Feature, Schema, SparseFeature } from '../tfmd/types.js';
import { adoptSemanticDomain, featureDebugString } from './_feature-text.js';
import { checkBoolDomain } from './checks/bool-domain.js';
import { checkComparator } from './checks/comparators.js';
import { checkDatasetConstraints } from './checks/dataset-constraints.js';
import { checkFeatureSelf } from './checks/feature-self.js';
import { checkFloatDomain } from './checks/float-domain.js';
import { checkImageDomain } from './checks/image-domain.js';
import { checkIntDomain } from './checks/int-domain.js';
import { checkNaturalLanguageDomain } from './checks/natural-language-domain.js';
import { checkPresence } from './checks/presence.js';
import { checkShape } from './checks/shape.js';
import { checkSparseFeature } from './checks/sparse-feature.js';
import { checkStringDomain, maxOffDomain } from './checks/string-domain.js';
import { checkUniqueConstraints } from './checks/unique-constraints.js';
import { checkValueCounts } from './checks/value-counts.js';
import { checkWeightedFeature } from './checks/weighted-feature.js';
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

  // The per-feature checks in TFDV's order; each one fixes `feature` for the data it saw.
  private checkFeature(view: FeatureStatsView, feature: Feature, info: DriftSkewInfo): Finding[] {
    const out = checkFeatureSelf(feature, this.schema);
    if (isFeatureDeprecated(feature)) return out;
    if (view.numPresent() === 0) {
      if (this.isExistenceRequired(feature, view.environment)) {
        out.push(messages.notPresent());
        markDeprecated(feature);
      }
      return out;
    }
    if (!isFeatureInEnvironment(feature, this.schema, view.environment)) {
      const env = view.environment as string;
      if (feature.notInEnvironment?.includes(env))
        feature.notInEnvironment = feature.notInEnvironment.filter((e) => e !== env);
      if (!isFeatureInEnvironment(feature, this.schema, env))
        feature.inEnvironment = [...(feature.inEnvironment ?? []), env];
      out.push(messages.newColumnInEnvironment(serializePath(view.path), env));
    }
    if (feature.valueCount || feature.valueCounts) out.push(...checkValueCounts(view, feature));
    if (feature.shape) out.push(...checkShape(view, feature));
    if (feature.presence) out.push(...checkPresence(view, feature.presence));
    const statsType = view.featureType();
    if (statsType !== (feature.type ?? 'TYPE_UNKNOWN')) {
      markDeprecated(feature);
      out.push(messages.unexpectedDataType(feature.type ?? 'TYPE_UNKNOWN', view.type));
    }
    const kind = domainKind(feature);
    if (
      view.type === 'BYTES' &&
      kind !== undefined &&
      !['naturalLanguageDomain', 'imageDomain', 'urlDomain'].includes(kind)
    ) {
      clearDomain(feature);
      out.push(messages.bytesWithDomain(featureDebugString(feature)));
    }
    const handle = (result: { findings: Finding[]; clear: boolean }) => {
      out.push(...result.findings);
      if (result.clear) clearDomain(feature);
    };
    switch (domainKind(feature)) {
      case 'domain': {
        const name = feature.domain ?? '';
        const domain = getStringDomain(this.schema, name);
        if (domain) {
          const result = checkStringDomain(
            view,
            maxOffDomain(feature.distributionConstraints),
            domain,
            this.config.enumDeleteThreshold,
          );
          out.push(...result.findings);
          if (result.clear) this.removeStringDomain(name);
        }
        break;
      }
      case 'boolDomain':
        out.push(...checkBoolDomain(view, feature));
        break;
      case 'intDomain':
        handle(checkIntDomain(view, feature.intDomain ?? {}));
        break;
      case 'floatDomain':
        handle(checkFloatDomain(view, feature.floatDomain ?? {}));
        break;
      case 'stringDomain':
        handle(
          checkStringDomain(
            view,
            maxOffDomain(feature.distributionConstraints),
            feature.stringDomain ?? {},
            this.config.enumDeleteThreshold,
          ),
        );
        break;
      case 'imageDomain':
        out.push(...checkImageDomain(view, feature));
        break;
      case 'naturalLanguageDomain':
        out.push(...checkNaturalLanguageDomain(view, feature));
        break;
      case undefined:
        if (adoptSemanticDomain(view, feature)) out.push(messages.semanticDomainUpdate(feature.name ?? ''));
        break;
      default:
        // mid, url, time (and struct, handled through children): nothing to check.
        break;
    }
    if (feature.uniqueConstraints) out.push(...checkUniqueConstraints(view, feature));
    for (const kind of ['drift', 'skew'] as const) {
      const comparator = kind === 'drift' ? feature.driftComparator : feature.skewComparator;
      if (!comparator) continue;
      const result = checkComparator(view, kind, comparator);
      out.push(...result.findings);
      if (result.measurements.length > 0) {
        info.path = { step: [...view.path] };
        if (kind === 'drift') info.driftMeasurements = [...(info.driftMeasurements ?? []), ...result.measurements];
        else info.skewMeasurements = [...(info.skewMeasurements ?? []), ...result.measurements];
      }
    }
    const derived = view.data.validationDerivedSource;
    if (derived && !feature.validationDerivedSource) {
      feature.lifecycleStage = 'VALIDATION_DERIVED';
      feature.validationDerivedSource = structuredClone(derived);
      out.push(messages.derivedSourceNotSet());
    }
    if (
      feature.validationDerivedSource &&
      feature.lifecycleStage !== 'VALIDATION_DERIVED' &&
      !isFeatureDeprecated(feature)
    ) {
      feature.lifecycleStage = 'VALIDATION_DERIVED';
      out.push(messages.derivedBadLifecycle());
    }
    return out;
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
