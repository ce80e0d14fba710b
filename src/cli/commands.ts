import type { CommandSpec } from './command.js';

/**
 * The command table. Each entry is loaded lazily so `datavet --help` and light commands
 * do not pay for importing Arrow, Parquet or database drivers. Listed in the order of the
 * workflow, which is the order `datavet --help` shows them in.
 */
export const commands: Readonly<Record<string, () => Promise<CommandSpec>>> = {
  run: () => import('./commands/run.js').then((m) => m.default),
  stats: () => import('./commands/stats.js').then((m) => m.default),
  merge: () => import('./commands/merge.js').then((m) => m.default),
  'infer-schema': () => import('./commands/infer-schema.js').then((m) => m.default),
  validate: () => import('./commands/validate.js').then((m) => m.default),
  'update-schema': () => import('./commands/update-schema.js').then((m) => m.default),
  compare: () => import('./commands/compare.js').then((m) => m.default),
  schema: () => import('./commands/schema.js').then((m) => m.default),
  report: () => import('./commands/report.js').then((m) => m.default),
  'validate-requests': () => import('./commands/validate-requests.js').then((m) => m.default),
  serve: () => import('./commands/serve.js').then((m) => m.default),
  metadata: () => import('./commands/metadata.js').then((m) => m.default),
  lineage: () => import('./commands/lineage.js').then((m) => m.default),
  history: () => import('./commands/history.js').then((m) => m.default),
  convert: () => import('./commands/convert.js').then((m) => m.default),
};
