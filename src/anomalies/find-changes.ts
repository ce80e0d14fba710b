import {
  comparePaths,
  type DatasetStatsView,
  type FeaturePath,
  type FeatureStatsView,
  serializePath,
} from '../schema/index.js';
import { featureSchemaChange } from '../tfmd/feature-schema-change.js';
import type { Anomalies, AnomalyInfo, DriftSkewInfo, Schema, Severity } from '../tfmd/types.js';
import { anomalyInfoOf } from './anomaly-info.js';
import type { Finding } from './finding.js';
import { messages } from './messages.js';
import type { SchemaFix } from './schema-fix.js';
import { SchemaUpdater, type UpdaterConfig } from './schema-updater.js';
import { errorsOnly, type SeverityPolicy, severityOf } from './severity.js';

/** Findings gathered for one path, each on its own working copy of the baseline schema. */
class FeatureAnomaly {
  readonly updater: SchemaUpdater;
  findings: Finding[] = [];
  driftSkewInfo: DriftSkewInfo | undefined;

  constructor(
    baseline: Schema,
    config: UpdaterConfig,
    readonly path: FeaturePath,
  ) {
    this.updater = new SchemaUpdater(baseline, config);
  }
}

/**
 * The anomaly of one feature (or, with an empty path, of the dataset) as a value: its findings in
 * check order, their severity under the validation's policy, and the schema change that makes
 * the data pass (the feature's working copy after every fix).
 */
export interface AnomalyValue {
  /** Feature path steps; empty for the dataset-level anomaly. */
  readonly path: readonly string[];
  readonly findings: readonly Finding[];
  readonly severity: Severity;
  readonly change?: SchemaFix;
}

/**
 * The anomalies of one statistics dataset against a schema (TFDV's SchemaAnomalies): each
 * feature is checked on its own copy of the baseline, new features are created with the
 * inference rules, then missing required features and dataset constraints. Accumulates across
 * calls like TFDV's object (see `findChanges` twice).
 */
export class SchemaAnomalies {
  private readonly anomalies = new Map<string, FeatureAnomaly>();
  private readonly driftSkew = new Map<string, { path: string[]; info: DriftSkewInfo }>();
  private datasetFindings: Finding[] = [];
  private readonly baselineView: SchemaUpdater;
  /** How findings are graded: applied once, when the result is read. */
  private readonly policy: SeverityPolicy;

  constructor(
    readonly baseline: Schema,
    readonly config: UpdaterConfig,
  ) {
    this.baselineView = new SchemaUpdater(baseline, config);
    this.policy = config.severity ?? errorsOnly;
  }

  /** Checks every feature of the dataset, then missing features, then dataset constraints. */
  findChanges(dataset: DatasetStatsView, featuresNeeded?: ReadonlySet<string>): void {
    for (const root of dataset.rootFeatures()) this.findChangesRecursively(root, featuresNeeded);
    for (const path of this.baselineView.missingPaths(dataset)) {
      this.genericUpdate(path, (a) => {
        a.findings.push(messages.missingColumn());
        a.updater.deprecate(path);
      });
    }
    const anomaly = new SchemaUpdater(this.baseline, this.config);
    const findings = anomaly.updateDatasetConstraints(dataset);
    if (findings.length > 0) this.datasetFindings = findings;
  }

  /**
   * Only the skew comparators (TFDV's FindSkew). TFDV keeps every feature with a finding whatever
   * the policy says (its skew-only entry point grades everything ERROR); the policy grades them
   * when the result is read.
   */
  findSkew(dataset: DatasetStatsView): void {
    for (const view of dataset.features()) {
      this.genericUpdate(
        view.path,
        (a) => {
          const result = a.updater.updateSkewComparator(view);
          if (!result) return;
          a.findings.push(...result.findings);
          if (result.measurements.length > 0) a.driftSkewInfo = { skewMeasurements: [...result.measurements] };
        },
        (findings) => findings.length > 0,
      );
    }
  }

  private findChangesRecursively(view: FeatureStatsView, featuresNeeded: ReadonlySet<string> | undefined): void {
    const key = serializePath(view.path);
    if (this.baselineView.featureExists(view.path)) {
      if (this.baselineView.featureIsDeprecated(view.path)) return;
      this.genericUpdate(view.path, (a) => {
        const update = a.updater.updateFeature(view);
        a.findings.push(...update.findings);
        if (update.driftSkewInfo) a.driftSkewInfo = mergeDriftSkew(a.driftSkewInfo, update.driftSkewInfo);
      });
      if (this.anomalies.get(key)?.updater.featureIsDeprecated(view.path)) return;
      for (const child of view.children()) this.findChangesRecursively(child, featuresNeeded);
    } else if (!featuresNeeded || featuresNeeded.has(key)) {
      let anomaly = this.anomalies.get(key);
      if (!anomaly) {
        anomaly = new FeatureAnomaly(this.baseline, this.config, view.path);
        this.anomalies.set(key, anomaly);
      }
      anomaly.findings.push(...anomaly.updater.updateRecursively(view, featuresNeeded).findings);
    }
  }

  /**
   * Runs `update` on the path's anomaly; a new one is kept when it is a problem: by default when
   * the policy grades its findings above UNKNOWN (TFDV's GenericUpdate).
   */
  private genericUpdate(
    path: FeaturePath,
    update: (a: FeatureAnomaly) => void,
    isProblem = (findings: readonly Finding[]) => severityOf(findings, this.policy) !== 'UNKNOWN',
  ): void {
    const key = serializePath(path);
    let anomaly = this.anomalies.get(key);
    if (anomaly) update(anomaly);
    else {
      anomaly = new FeatureAnomaly(this.baseline, this.config, path);
      update(anomaly);
      if (isProblem(anomaly.findings)) this.anomalies.set(key, anomaly);
    }
    if (anomaly.driftSkewInfo) {
      const entry = this.driftSkew.get(key) ?? { path: [...path], info: {} };
      entry.info = mergeDriftSkew(entry.info, anomaly.driftSkewInfo);
      this.driftSkew.set(key, entry);
    }
  }

  /** The feature anomalies in path order, then the dataset-level one: values with their schema changes. */
  values(): AnomalyValue[] {
    const out: AnomalyValue[] = this.sortedAnomalies().map((a) => {
      const change = featureSchemaChange(this.baseline, a.updater.schema, a.path);
      return { path: [...a.path], findings: a.findings, severity: this.severityOf(a), ...(change ? { change } : {}) };
    });
    if (this.datasetFindings.length > 0) {
      out.push({ path: [], findings: this.datasetFindings, severity: this.datasetSeverity() });
    }
    return out;
  }

  private sortedAnomalies(): FeatureAnomaly[] {
    return [...this.anomalies.values()].sort((a, b) => comparePaths(a.path, b.path));
  }

  private severityOf(a: FeatureAnomaly): Severity {
    return severityOf(a.findings, this.policy);
  }

  // Dataset-level anomalies are always errors: TFDV applies no overrides to them.
  private datasetSeverity(): Severity {
    return severityOf(this.datasetFindings, errorsOnly);
  }

  /** The result as TFDV's Anomalies message (anomaly_name_format SERIALIZED_PATH, baseline echoed). */
  toAnomalies(): Anomalies {
    // anomalyInfo is keyed by feature paths (user text): no prototype, so a feature named __proto__ keeps its entry.
    const result: Anomalies = {
      baseline: this.baseline,
      anomalyNameFormat: 'SERIALIZED_PATH',
      anomalyInfo: Object.create(null),
    };
    for (const a of this.sortedAnomalies()) {
      (result.anomalyInfo as Record<string, AnomalyInfo>)[serializePath(a.path)] = {
        ...anomalyInfoOf(a.findings, this.severityOf(a)),
        path: { step: [...a.path] },
      };
    }
    if (this.datasetFindings.length > 0) {
      result.datasetAnomalyInfo = anomalyInfoOf(this.datasetFindings, this.datasetSeverity());
    }
    const infos = [...this.driftSkew.values()].sort((a, b) => comparePaths(a.path, b.path));
    if (infos.length > 0) result.driftSkewInfo = infos.map(({ path, info }) => ({ ...info, path: { step: path } }));
    return result;
  }
}

function mergeDriftSkew(into: DriftSkewInfo | undefined, from: DriftSkewInfo): DriftSkewInfo {
  const out: DriftSkewInfo = { ...(into ?? {}) };
  if (from.path) out.path = from.path;
  if (from.driftMeasurements) out.driftMeasurements = [...(out.driftMeasurements ?? []), ...from.driftMeasurements];
  if (from.skewMeasurements) out.skewMeasurements = [...(out.skewMeasurements ?? []), ...from.skewMeasurements];
  return out;
}
