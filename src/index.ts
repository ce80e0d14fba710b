// Public API of datavet: re-exports only, grouped by concept.
export { DatavetError, InputError, UsageError } from './_util/errors.js';

// Report: HTML and text renderers of statistics, comparisons and anomalies (src/report).
export {
  buildReportModel,
  type FeatureDriftScore,
  type ReportInput,
  type ReportModel,
  renderHtmlReport,
  renderTextSummary,
  type TextSummaryOptions,
} from './report/index.js';
