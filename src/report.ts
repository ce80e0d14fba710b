// `datavet/report`: the HTML report, the text summary, and TFDV's display tables as text.
export {
  buildReportModel,
  type FeatureDriftScore,
  type FeatureSchemaChange,
  type ReportInput,
  type ReportModel,
  renderHtmlReport,
  renderTextSummary,
  type TextSummaryOptions,
} from './report/index.js';
export { displayAnomalies, displaySchema } from './report/tfdv-display.js';
