import {
  comparePaths,
  type DatasetStatsView,
  type FeaturePath,
  type FeatureStatsView,
  serializePath,
} from '../schema/index.js';
import type { Anomalies, AnomalyInfo, DriftSkewInfo, Schema, Severity } from '../tfmd/types.js';
import { type Finding, maxSeverity, severityOf } from './finding.js';
import { messages } from './messages.js';
import { SchemaUpdater, type UpdaterConfig } from './schema-updater.js';

/** Findings gathered for one path, each on its own working copy of the baseline schema. */
class FeatureAnomaly {
  readonly updater: SchemaUpdater;
  findings: Finding[] = [];
  severity: Severity = 'UNKNOWN';
  driftSkewInfo: DriftSkewInfo | undefined;

  constructor(
    baseline: Schema,
    config: UpdaterConfig,
    readonly path: FeaturePath,
  ) {
    this.updater = new SchemaUpdater(baseline, config);
  }

  add(findings: readonly Finding[], severity: Severity): void {
    this.findings.push(...findings);
    this.severity = maxSeverity(this.severity, severity);
  }

  toAnomalyInfo(): AnomalyInfo {
    return { ...describe(this.findings, this.severity), path: { step: [...this.path] } };
  }
}

/**
 * An AnomalyInfo from findings: reasons in check order (only the first when all are
 * SCHEMA_NEW_COLUMN), and top-level descriptions that are the single reason's, or "Multiple
 * errors" with the non-empty long descriptions joined by spaces (TFDV's UnifyDescriptions).
 */
export function describe(all: readonly Finding[], severity: Severity): AnomalyInfo {
  const findings = all.length > 0 && all.every((f) => f.type === 'SCHEMA_NEW_COLUMN') ? all.slice(0, 1) : all;
  let short = '';
  let long = '';
  for (const f of findings) {
    if (long === '') {
      short = f.shortDescription;
      long = f.description;
    } else if (f.description !== '') {
      long = `${long} ${f.description}`;
      short = 'Multiple errors';
    }
  }
  return {
    description: long,
    severity,
    shortDescription: short,
    reason: findings.map((f) => ({ type: f.type, shortDescription: f.shortDescription, description: f.description })),
  };
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
  private datasetAnomaly: { findings: Finding[]; severity: Severity } | undefined;
  private readonly baselineView: SchemaUpdater;

  constructor(
    readonly baseline: Schema,
    readonly config: UpdaterConfig,
  ) {
    this.baselineView = new SchemaUpdater(baseline, config);
  }

  /** Checks every feature of the dataset, then missing features, then dataset constraints. */
  findChanges(dataset: DatasetStatsView, featuresNeeded?: ReadonlySet<string>): void {
    for (const root of dataset.rootFeatures()) this.findChangesRecursively(root, featuresNeeded);
    for (const path of this.baselineView.missingPaths(dataset)) {
      this.genericUpdate(path, (a) => {
        const finding = messages.missingColumn();
        a.add([finding], severityOf([...a.findings, finding], this.config));
        a.updater.deprecate(path);
      });
    }
    const anomaly = new SchemaUpdater(this.baseline, this.config);
    const findings = anomaly.updateDatasetConstraints(dataset);
    // Dataset-level anomalies are always errors: TFDV applies no overrides to them.
    if (findings.length > 0) this.datasetAnomaly = { findings, severity: 'ERROR' };
  }

  /** Only the skew comparators (TFDV's FindSkew); findings are always errors. */
  findSkew(dataset: DatasetStatsView): void {
    for (const view of dataset.features()) {
      this.genericUpdate(view.path, (a) => {
        const result = a.updater.updateSkewComparator(view);
        if (!result) return;
        a.add(result.findings, result.findings.length > 0 ? 'ERROR' : 'UNKNOWN');
        if (result.measurements.length > 0) a.driftSkewInfo = { skewMeasurements: [...result.measurements] };
      });
    }
  }

  private findChangesRecursively(view: FeatureStatsView, featuresNeeded: ReadonlySet<string> | undefined): void {
    const key = serializePath(view.path);
    if (this.baselineView.featureExists(view.path)) {
      if (this.baselineView.featureIsDeprecated(view.path)) return;
      this.genericUpdate(view.path, (a) => {
        const update = a.updater.updateFeature(view);
        a.add(update.findings, update.severity);
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
      const update = anomaly.updater.updateRecursively(view, featuresNeeded);
      anomaly.add(update.findings, update.severity);
    }
  }

  private genericUpdate(path: FeaturePath, update: (a: FeatureAnomaly) => void): void {
    const key = serializePath(path);
    let anomaly = this.anomalies.get(key);
    if (anomaly) update(anomaly);
    else {
      anomaly = new FeatureAnomaly(this.baseline, this.config, path);
      update(anomaly);
      if (anomaly.severity !== 'UNKNOWN') this.anomalies.set(key, anomaly);
    }
    if (anomaly.driftSkewInfo) {
      const entry = this.driftSkew.get(key) ?? { path: [...path], info: {} };
      entry.info = mergeDriftSkew(entry.info, anomaly.driftSkewInfo);
      this.driftSkew.set(key, entry);
    }
  }

  /** The result as TFDV's Anomalies message (anomaly_name_format SERIALIZED_PATH, baseline echoed). */
  toAnomalies(): Anomalies {
    // anomalyInfo is keyed by feature paths (user text): no prototype, so a feature named __proto__ keeps its entry.
    const result: Anomalies = {
      baseline: this.baseline,
      anomalyNameFormat: 'SERIALIZED_PATH',
      anomalyInfo: Object.create(null),
    };
    const sorted = [...this.anomalies.values()].sort((a, b) => comparePaths(a.path, b.path));
    for (const a of sorted)
      (result.anomalyInfo as Record<string, AnomalyInfo>)[serializePath(a.path)] = a.toAnomalyInfo();
    if (this.datasetAnomaly)
      result.datasetAnomalyInfo = describe(this.datasetAnomaly.findings, this.datasetAnomaly.severity);
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
