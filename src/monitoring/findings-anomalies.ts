import type { Anomalies, AnomalyInfo, Severity } from '../tfmd/types.js';
import { maxSeverity } from '../tfmd/vocabulary.js';
import type { Finding } from './finding.js';

function info(findings: readonly Finding[]): AnomalyInfo {
  let severity: Severity = 'UNKNOWN';
  for (const f of findings) severity = maxSeverity(f.severity, severity);
  const first = findings[0] as Finding;
  return {
    severity,
    shortDescription: findings.length === 1 ? first.code : 'Multiple errors',
    description: findings.map((f) => f.message).join(' '),
    // TFDV's type for checks beyond its own; the stable code is the reason's short description.
    reason: findings.map((f) => ({ type: 'CUSTOM_VALIDATION', shortDescription: f.code, description: f.message })),
  };
}

/**
 * Findings as a TFDV Anomalies message (feature-level and dataset-level), so they are gated and
 * rendered like every other validation.
 */
export function findingsToAnomalies(findings: readonly Finding[]): Anomalies {
  const byFeature = new Map<string, Finding[]>();
  const dataset: Finding[] = [];
  for (const f of findings) {
    if (f.feature === '(dataset)') dataset.push(f);
    else byFeature.set(f.feature, [...(byFeature.get(f.feature) ?? []), f]);
  }
  return {
    anomalyInfo: Object.fromEntries(
      [...byFeature].map(([feature, list]) => [feature, { ...info(list), path: { step: [feature] } }]),
    ),
    ...(dataset.length ? { datasetAnomalyInfo: info(dataset) } : {}),
  };
}
