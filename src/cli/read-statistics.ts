import { basename, extname, resolve } from 'node:path';
import { UsageError } from '../_util/errors.js';
import { detectFormat } from '../io/detect-format.js';
import { readMessageFile } from '../tfmd/index.js';
import type { DatasetFeatureStatisticsList } from '../tfmd/types.js';
import type { CliIo } from './command.js';

/** Extensions that name data only; `.json` and `.txt` may hold statistics too. */
const AMBIGUOUS = new Set(['.json', '.txt']);

/**
 * Reads a statistics file named on the command line. A data file given where statistics belong
 * (`validate --stats data.csv`, the most common first mistake) is a usage error that says which
 * command computes its statistics.
 */
export async function readStatisticsArg(
  arg: string,
  io: CliIo,
  option = '--stats',
): Promise<DatasetFeatureStatisticsList> {
  const path = resolve(io.cwd, arg);
  if (!AMBIGUOUS.has(extname(arg).toLowerCase())) {
    let format: string | undefined;
    try {
      format = detectFormat(arg);
    } catch {
      format = undefined;
    }
    if (format !== undefined) {
      const stats = `${basename(arg, extname(arg))}.stats.pb`;
      throw new UsageError(`${option} ${arg}: this is a ${format} data file; ${option} takes statistics`, {
        hint: `compute them first: datavet stats ${arg} -o ${stats}, then pass ${option} ${stats}`,
      });
    }
  }
  return readMessageFile(path, 'DatasetFeatureStatisticsList');
}
