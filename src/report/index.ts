// The change the report prints is declared in tfmd (the anomalies' SchemaFix is the same shape).
export type { FeatureSchemaChange } from '../tfmd/feature-schema-change.js';
export { renderHtmlReport } from './html-report.js';
export type { FeatureDriftScore, ReportInput } from './report-input.js';
export type {
  Bucket,
  FeatureKind,
  FeatureStatsEntry,
  ReportAnomaly,
  ReportDataset,
  ReportFeature,
  ReportModel,
} from './report-model.js';
export { buildReportModel, featurePath } from './report-model.js';
export { schemaChangeText } from './schema-change-text.js';
export { formatSchemaEntry } from './schema-entry-text.js';
export { renderTextSummary, type TextSummaryOptions } from './text-summary.js';
export { displayAnomalies, displaySchema } from './tfdv-display.js';
export {
  renderTimelineReport,
  renderTimelineSection,
  TIMELINE_SCRIPT,
  TIMELINE_STYLE,
  type TimelineInput,
} from './timeline-report.js';
