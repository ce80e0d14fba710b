// `datavet/serving`: validating requests against a schema, request logs and the HTTP sidecar.
// Lean on purpose: no Arrow, no statistics engine, no database driver, no wasm and no worker is
// loaded by importing it (test/package/packed-install.test.ts checks the module graph). The
// serving statistics (createRequestFolder) compute TFDV statistics and live in `datavet/stats`.
export { DatavetError, InputError, isDatavetError, UsageError } from './_util/errors.js';
export { type JsonSchema, type ToJsonSchemaOptions, toJsonSchema } from './serving/json-schema.js';
export {
  createMultiVersionValidator,
  type MultiVersionValidator,
  type MultiVersionValidatorOptions,
  type MultiVersionVerdict,
} from './serving/multi-version-validator.js';
export type { PresenceRule } from './serving/object-plan.js';
export type { RequestAnomaly, RequestAnomalyCode, RequestSeverity } from './serving/request-anomaly.js';
export type { RequestFolder, RequestFolderOptions } from './serving/request-folder.js';
export {
  type RequestLogAnomalyCount,
  type RequestLogLine,
  type RequestLogSummary,
  summarizeRequestLog,
} from './serving/request-log.js';
export {
  createRequestValidator,
  type RequestValidator,
  type RequestValidatorOptions,
} from './serving/request-validator.js';
export {
  createSidecarHandler,
  createSidecarServer,
  type SidecarOptions,
  type SidecarResult,
} from './serving/sidecar.js';
// Reading the schema a service validates against.
export { parseTextFormat } from './tfmd/codec.js';
export { readMessageFile } from './tfmd/message-file.js';
export { loadSchemaText } from './tfmd/tfdv-io.js';
export type { Schema } from './tfmd/types.js';
