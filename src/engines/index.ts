// engines layer: see docs/architecture.md

export {
  type ColumnPlan,
  type CompiledStatement,
  type CompileInput,
  compileAggregates,
  compileFrequencies,
  compileQuantiles,
  type EngineSource,
  relationSql,
} from './compile-statistics.js';
export {
  applyExactUniques,
  checkEnginePartials,
  computeStatisticsInEngine,
  type EnginePartialState,
  type EngineProvenance,
  type EngineStatistics,
  type EngineStatisticsRequest,
  engineColumns,
  fingerprintEngineSource,
  liveDialect,
} from './compute-statistics-in-engine.js';
export { type ConnectionUrl, maskConnectionUrl, parseConnectionUrl } from './connection-url.js';
export type {
  Dialect,
  EngineColumn,
  EngineColumnKind,
  EngineConnection,
  EngineResult,
  EngineValue,
  TimeType,
} from './dialect.js';
export { DIALECTS, LIVE_ENGINES } from './dialect-registry.js';
export { EngineError } from './engine-error.js';
export type { UnmergeableField } from './partial-state.js';
