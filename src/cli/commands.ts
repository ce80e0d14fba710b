import type { CommandSpec } from './command.js';

/**
 * The command table. Each entry is loaded lazily so `datavet --help` and light commands
 * do not pay for importing Arrow, Parquet or database drivers.
 */
export const commands: Readonly<Record<string, () => Promise<CommandSpec>>> = {
  convert: () => import('./commands/convert.js').then((m) => m.default),
  stats: () => import('./commands/stats.js').then((m) => m.default),
  merge: () => import('./commands/merge.js').then((m) => m.default),
};
