import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { InputError, UsageError } from '../../_util/errors.js';
import { applyExactUniques, checkEnginePartials, type EngineProvenance } from '../../engines/index.js';
import { StatisticsAccumulator } from '../../stats/statistics-accumulator.js';
import { formatFromPath, writeMessageFile } from '../../tfmd/index.js';
import { booleanOption, defineCommand, ExitCode, requiredStringOption } from '../command.js';

export default defineCommand({
  name: 'merge',
  summary: 'Merge partial statistics (from `datavet stats --partial`) into statistics.',
  description:
    'Reads partial statistics files computed apart (shards, days, machines), merges their accumulators\n' +
    '(exact counts and moments, merged sketches) and writes the statistics of the union, as if computed in\n' +
    'one run. With --partial the merged state is written instead, to merge again later.',
  positionals: [
    { name: 'PARTIAL', role: 'input', description: 'Partial statistics files.', required: true, variadic: true },
  ],
  options: {
    output: {
      role: 'output',
      type: 'string',
      short: 'o',
      description: 'Output file (.pb, .pbtxt, .json).',
      valueName: 'FILE',
    },
    partial: { type: 'boolean', description: 'Write the merged partial state instead of statistics.' },
  },
  examples: ['datavet merge day1.partial.json day2.partial.json -o week.pb'],
  async run(args, io) {
    const output = requiredStringOption(args, 'output', 'merge');
    const partial = booleanOption(args, 'partial');
    if (!partial && formatFromPath(output) === undefined) {
      throw new UsageError(`merge: cannot tell the output format of '${output}'`, { hint: 'use .pb, .pbtxt or .json' });
    }
    let merged: StatisticsAccumulator | undefined;
    const engineStates: { file: string; state: { engine?: EngineProvenance } }[] = [];
    for (const file of args.positionals) {
      const text = await readFile(resolve(io.cwd, file), 'utf8');
      engineStates.push({ file, state: engineProvenanceOf(text) });
      let acc: StatisticsAccumulator;
      try {
        acc = StatisticsAccumulator.deserialize(text);
      } catch (error) {
        if (error instanceof InputError) {
          throw new InputError(error.code, error.message, {
            location: { file },
            hint: error.hint ?? "write partial statistics with 'datavet stats --partial'",
          });
        }
        throw error;
      }
      merged = merged ? merged.merge(acc) : acc;
    }
    // Engine partials whose exact results do not merge: an error when folding several.
    const exact = checkEnginePartials(engineStates);
    const outPath = resolve(io.cwd, output);
    // A single engine partial passed through keeps its provenance (and what it cannot merge).
    const provenance = engineStates.length === 1 ? engineStates[0]!.state.engine : undefined;
    if (partial) {
      await writeFileAtomic(
        outPath,
        provenance ? JSON.stringify({ ...merged!.toState(), engine: provenance }) : merged!.serialize(),
      );
    } else await writeMessageFile(outPath, 'DatasetFeatureStatisticsList', applyExactUniques(merged!.finish(), exact));
    if (!booleanOption(args, 'quiet'))
      io.stderr.write(`merged ${args.positionals.length} partial statistics into ${output}\n`);
    return ExitCode.OK;
  },
});

/** The engine provenance a partial written by `datavet stats --engine` carries (none otherwise). */
function engineProvenanceOf(text: string): { engine?: EngineProvenance } {
  try {
    const state = JSON.parse(text) as { engine?: EngineProvenance };
    return state?.engine !== undefined && typeof state.engine === 'object' ? { engine: state.engine } : {};
  } catch {
    return {}; // deserialize reports the bad JSON
  }
}
