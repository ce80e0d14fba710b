// checks layer: see docs/architecture.md and docs/checks.md

export {
  type BatchOrigin,
  CheckAccumulator,
  type CheckAccumulatorState,
  type CheckMeasurements,
  type ExampleRow,
  PARTIAL_CHECKS_FORMAT,
  type RowMeasurement,
} from './check-accumulator.js';
export {
  CHECK_KINDS,
  type CheckDefinition,
  type CheckKind,
  type CheckSet,
  type CheckSeverity,
  checksInEnvironment,
  DEFAULT_MAX_EXACT_KEYS,
  DEFAULT_MAX_EXAMPLES,
  readCheckDefinitions,
} from './check-definition.js';
export { CheckError } from './check-error.js';
export { type CheckPlan, checkPlan, checkSetOf } from './check-plan.js';
export {
  type CheckResult,
  type CheckResultsFile,
  checkResultsFile,
  describeResult,
  type EvaluateChecksInput,
  evaluateChecks,
  exampleText,
  summarizeResults,
  withCheckAnomalies,
} from './check-results.js';
export { type ColumnTypes, columnTypesFromBatch, columnTypesFromSchema, compileChecks } from './compile-checks.js';
export { loadChecks, parseChecks } from './load-checks.js';
export { parseExpression } from './parser.js';
