import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { InputError, UsageError } from '../../_util/errors.js';
import { applyExactUniques, checkEnginePartials, type EngineProvenance } from '../../engines/index.js';
import { mergePartials, type PartialState, parsePartial, serializePartial } from '../../pipeline/partial-state.js';
import { StatisticsAccumulator } from '../../stats/statistics-accumulator.js';
import { formatFromPath, writeMessageFile } from '../../tfmd/index.js';
import { booleanOption, defineCommand, ExitCode, requiredStringOption, stringOption } from '../command.js';
import { checkOptions, writeCheckResults } from './check-options.js';

export default defineCommand({
  name: 'merge',
  summary: 'Merge partial statistics (from `datavet stats --partial`) into statistics.',
  description:
    'Reads partial statistics files computed apart (shards, days, machines, SQL engines), merges their\n' +
    'accumulators (exact counts and moments, merged sketches, custom checks) and writes the statistics of\n' +
    'the union, as if computed in one run. With --partial the merged state is written instead, to merge\n' +
    'again later.',
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
    'check-results': checkOptions['check-results'],
  },
  examples: ['datavet merge day1.partial.json day2.partial.json -o week.pb'],
  async run(args, io) {
    const output = requiredStringOption(args, 'output', 'merge');
    const partial = booleanOption(args, 'partial');
    if (!partial && formatFromPath(output) === undefined) {
      throw new UsageError(`merge: cannot tell the output format of '${output}'`, { hint: 'use .pb, .pbtxt or .json' });
    }
    const states: PartialState[] = [];
    const engineStates: { file: string; state: { engine?: EngineProvenance } }[] = [];
    for (const file of args.positionals) {
      const text = await readFile(resolve(io.cwd, file), 'utf8');
      engineStates.push({ file, state: engineProvenanceOf(text) });
      try {
        // Not a partial state: the statistics' own parser says what is wrong with it.
        states.push(parsePartial(text) ?? { statistics: StatisticsAccumulator.deserialize(text) });
      } catch (error) {
        if (error instanceof InputError) {
          throw new InputError(error.code, error.message, {
            location: { file },
            hint: error.hint ?? "write partial statistics with 'datavet stats --partial'",
          });
        }
        throw error;
      }
    }
    // Engine partials whose exact results do not merge: an error when folding several.
    const exact = checkEnginePartials(engineStates);
    const merged = mergePartials(states, args.positionals);
    const outPath = resolve(io.cwd, output);
    // A single engine partial passed through keeps its provenance (and what it cannot merge).
    const provenance = engineStates.length === 1 ? engineStates[0]?.state.engine : undefined;
    if (partial) {
      const text = serializePartial(merged);
      await writeFileAtomic(outPath, provenance ? JSON.stringify({ ...JSON.parse(text), engine: provenance }) : text);
    }
    const statistics = applyExactUniques(merged.statistics.finish(), exact);
    if (!partial) await writeMessageFile(outPath, 'DatasetFeatureStatisticsList', statistics);
    const resultsPath = stringOption(args, 'check-results');
    if (resultsPath !== undefined) {
      if (!merged.checks) {
        throw new UsageError('--check-results: the partial states carry no custom checks', {
          hint: "compute them with 'datavet stats --checks FILE --partial'",
        });
      }
      // The checks layer (with its YAML parser) is loaded only to evaluate the merged checks.
      const { checkSetOf, evaluateChecks, summarizeResults } = await import('../../checks/index.js');
      const results = evaluateChecks(checkSetOf(merged.checks.plan), {
        measurements: merged.checks.finish(),
        ...(statistics.datasets?.[0] ? { statistics: statistics.datasets[0] } : {}),
      });
      await writeCheckResults(io.cwd, resultsPath, results);
      if (!booleanOption(args, 'quiet')) io.stderr.write(`${summarizeResults(results)}; wrote ${resultsPath}\n`);
    }
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
    return {}; // the statistics' parser reports the bad JSON
  }
}
