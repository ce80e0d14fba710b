import { resolve } from 'node:path';
import { updateSchema } from '../../anomalies/index.js';
import { diffSchemas } from '../../schema/diff.js';
import { readMessageFile, writeMessageFile } from '../../tfmd/index.js';
import {
  booleanOption,
  defineCommand,
  ExitCode,
  integerOption,
  requiredStringOption,
  stringOption,
} from '../command.js';
import { readStatisticsArg } from '../read-statistics.js';
import { formatChanges } from './schema-changes-format.js';

export default defineCommand({
  name: 'update-schema',
  summary: 'Relax a schema until the statistics pass (TFDV update_schema)',
  description:
    'Applies the fix of every anomaly validation would report: widens bounds, lowers presence, appends domain values, adds environments, deprecates missing or mistyped features and infers new ones.',
  options: {
    stats: {
      role: 'input',
      type: 'string',
      description: 'Statistics file (DatasetFeatureStatisticsList).',
      valueName: 'FILE',
    },
    schema: { role: 'input', type: 'string', description: 'Schema to update.', valueName: 'FILE' },
    output: {
      role: 'output',
      type: 'string',
      short: 'o',
      description: 'Updated schema file to write.',
      valueName: 'FILE',
    },
    environment: { type: 'string', description: 'Environment the statistics come from.', valueName: 'NAME' },
    'max-string-domain-size': {
      type: 'string',
      description: 'String-domain size limit for new features (default 100).',
      valueName: 'N',
    },
    review: {
      type: 'boolean',
      description: 'Print the changes to the schema and their compatibility class before writing it.',
    },
  },
  examples: [
    'datavet update-schema --stats day2_stats.pb --schema schema.pbtxt -o schema2.pbtxt',
    'datavet update-schema --stats day2_stats.pb --schema schema.pbtxt -o schema2.pbtxt --review',
  ],
  async run(args, io) {
    const statsPath = requiredStringOption(args, 'stats', 'update-schema');
    const schemaPath = requiredStringOption(args, 'schema', 'update-schema');
    const output = requiredStringOption(args, 'output', 'update-schema');
    const environment = stringOption(args, 'environment');
    const maxSize = integerOption(args, 'max-string-domain-size');
    const stats = await readStatisticsArg(statsPath, io);
    const schema = await readMessageFile(resolve(io.cwd, schemaPath), 'Schema');
    const updated = updateSchema(schema, stats, {
      ...(environment !== undefined ? { environment } : {}),
      ...(maxSize !== undefined ? { maxStringDomainSize: maxSize } : {}),
    });
    if (booleanOption(args, 'review')) io.stdout.write(formatChanges(diffSchemas(schema, updated)));
    await writeMessageFile(resolve(io.cwd, output), 'Schema', updated);
    if (!booleanOption(args, 'quiet')) io.stderr.write(`wrote ${output}\n`);
    return ExitCode.OK;
  },
});
