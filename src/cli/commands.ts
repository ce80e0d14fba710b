import type { CommandSpec } from './command.js';

/**
 * The command table. Each entry is loaded lazily so `datavet --help` and light commands
 * do not pay for importing Arrow, Parquet or database drivers.
 */
export const commands: Readonly<Record<string, () => Promise<CommandSpec>>> = {
  convert: () => import('./commands/convert.js').then((m) => m.default),
  report: () => import('./commands/report.js').then((m) => m.default),
};
