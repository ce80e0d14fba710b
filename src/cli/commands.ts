import type { CommandSpec } from './command.js';

/**
 * The command table. Each entry is loaded lazily so `datavet --help` and light commands
 * do not pay for importing Arrow, Parquet or database drivers.
 */
export const commands: Readonly<Record<string, () => Promise<CommandSpec>>> = {
  metadata: () => import('./commands/metadata.js').then((m) => m.default),
  lineage: () => import('./commands/lineage.js').then((m) => m.default),
};
