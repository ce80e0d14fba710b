import { resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import type { CheckResult, CheckSet } from '../../checks/index.js';
import type { OptionSpec } from '../command.js';

/** The options of commands that run custom checks (docs/checks.md). */
export const checkOptions = {
  checks: {
    type: 'string',
    description: 'Custom checks (YAML or JSON, docs/checks.md), run in the same pass as the statistics.',
    valueName: 'FILE',
  },
  'check-results': {
    type: 'string',
    description: "Write the custom checks' results (counts, fractions, example rows) as JSON.",
    valueName: 'FILE',
  },
} as const satisfies Record<string, OptionSpec>;

/** The checks layer's module (with its YAML parser and its protobuf definitions). */
export type ChecksLayer = typeof import('../../checks/index.js');

/**
 * The checks layer, loaded only when a command is given checks: `stats` and `validate` without
 * `--checks` never pay for it.
 */
const checksLayer = (): Promise<ChecksLayer> => import('../../checks/index.js');

/** A checks file given on the command line, with the layer that compiles and evaluates it. */
export interface CommandChecks {
  readonly set: CheckSet;
  readonly layer: ChecksLayer;
}

/** Reads a checks file given on the command line (paths in messages as the user wrote them). */
export async function readCheckFile(cwd: string, path: string): Promise<CommandChecks> {
  const layer = await checksLayer();
  return { set: await layer.loadChecks(resolve(cwd, path), path), layer };
}

export async function writeCheckResults(cwd: string, path: string, results: readonly CheckResult[]): Promise<void> {
  const { checkResultsFile } = await checksLayer();
  await writeFileAtomic(resolve(cwd, path), `${JSON.stringify(checkResultsFile(results), null, 2)}\n`);
}
