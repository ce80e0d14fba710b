export { type JsonSchema, type ToJsonSchemaOptions, toJsonSchema } from './json-schema.js';
export {
  createMultiVersionValidator,
  type MultiVersionValidator,
  type MultiVersionValidatorOptions,
  type MultiVersionVerdict,
} from './multi-version-validator.js';
export type { PresenceRule } from './object-plan.js';
export type { RequestAnomaly, RequestAnomalyCode, RequestSeverity } from './request-anomaly.js';
export { createRequestFolder, type RequestFolder, type RequestFolderOptions } from './request-folder.js';
export {
  type RequestLogAnomalyCount,
  type RequestLogLine,
  type RequestLogSummary,
  summarizeRequestLog,
} from './request-log.js';
export { createRequestValidator, type RequestValidator, type RequestValidatorOptions } from './request-validator.js';
export { createSidecarHandler, createSidecarServer, type SidecarOptions, type SidecarResult } from './sidecar.js';
