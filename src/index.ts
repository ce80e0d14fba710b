// Public API of datavet: re-exports only, grouped by concept.
export { DatavetError, InputError, UsageError } from './_util/errors.js';

// Serving: per-request validation compiled from a schema, request logs, the HTTP sidecar.
export {
  createRequestFolder,
  createRequestValidator,
  createSidecarHandler,
  createSidecarServer,
  type JsonSchema,
  type RequestAnomaly,
  type RequestAnomalyCode,
  type RequestColumns,
  type RequestFolder,
  type RequestFolderOptions,
  type RequestLogSummary,
  type RequestStatisticsSink,
  type RequestValidator,
  type RequestValidatorOptions,
  type SidecarOptions,
  summarizeRequestLog,
  toJsonSchema,
} from './serving/index.js';
