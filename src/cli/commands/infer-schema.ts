import { resolve } from 'node:path';
import { UsageError } from '../../_util/errors.js';
import { inferSchema } from '../../schema/index.js';
import { writeMessageFile } from '../../tfmd/index.js';
import { booleanOption, defineCommand, ExitCode, integerOption, requiredStringOption } from '../command.js';
import { readStatisticsArg } from '../read-statistics.js';

export default defineCommand({
  name: 'infer-schema',
  summary: 'Infer a schema from statistics with TFDV rules',
  description:
    'Reads statistics (.pb, .pbtxt or .json) and writes the inferred schema: types, presence, value counts or shape, and string domains of up to --max-string-domain-size values.',
  options: {
    stats: {
      role: 'input',
      type: 'string',
      description: 'Statistics file (DatasetFeatureStatisticsList).',
      valueName: 'FILE',
    },
    output: {
      role: 'output',
      type: 'string',
      short: 'o',
      description: 'Schema file to write (.pbtxt, .pb or .json).',
      valueName: 'FILE',
    },
    'max-string-domain-size': {
      type: 'string',
      description: 'Largest number of distinct strings that becomes a string domain (default 100).',
      valueName: 'N',
    },
    'infer-feature-shape': {
      type: 'boolean',
      description: 'Infer shape for always-present fixed-length features (default).',
    },
    'no-infer-feature-shape': { type: 'boolean', description: 'Infer value_count instead of shape.' },
  },
  examples: ['datavet infer-schema --stats train_stats.pb -o schema.pbtxt'],
  async run(args, io) {
    const stats = requiredStringOption(args, 'stats', 'infer-schema');
    const output = requiredStringOption(args, 'output', 'infer-schema');
    const maxSize = integerOption(args, 'max-string-domain-size');
    if (maxSize !== undefined && maxSize < 0) {
      throw new UsageError('infer-schema: --max-string-domain-size must be 0 or more');
    }
    if (booleanOption(args, 'infer-feature-shape') && booleanOption(args, 'no-infer-feature-shape')) {
      throw new UsageError('infer-schema: --infer-feature-shape and --no-infer-feature-shape are exclusive');
    }
    const statistics = await readStatisticsArg(stats, io);
    const schema = inferSchema(statistics, {
      ...(maxSize !== undefined ? { maxStringDomainSize: maxSize } : {}),
      inferFeatureShape: !booleanOption(args, 'no-infer-feature-shape'),
    });
    await writeMessageFile(resolve(io.cwd, output), 'Schema', schema);
    if (!booleanOption(args, 'quiet')) {
      io.stderr.write(
        `wrote ${output}: ${schema.feature?.length ?? 0} features, ${schema.stringDomain?.length ?? 0} string domains\n`,
      );
    }
    return ExitCode.OK;
  },
});
