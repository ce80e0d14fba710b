import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { UsageError } from '../../_util/errors.js';
import {
  deserializeAnyMessage,
  deserializeMessage,
  formatFromPath,
  MESSAGE_FORMATS,
  type MessageFormat,
  serializeMessage,
  type TfmdFile,
  type TfmdKind,
} from '../../tfmd/index.js';
import { defineCommand, ExitCode, stringOption } from '../command.js';

const KIND_BY_TYPE: Readonly<Record<string, TfmdKind>> = {
  schema: 'Schema',
  statistics: 'DatasetFeatureStatisticsList',
  anomalies: 'Anomalies',
};

function formatOf(path: string, explicit: string | undefined, flag: string): MessageFormat {
  const format = (explicit as MessageFormat | undefined) ?? formatFromPath(path);
  if (!format) {
    throw new UsageError(`convert: cannot tell the format of '${path}' from its extension`, {
      hint: `use .pb/.bin, .pbtxt/.textproto/.txt or .json, or pass --${flag} ${MESSAGE_FORMATS.join('|')}`,
    });
  }
  return format;
}

export default defineCommand({
  name: 'convert',
  summary: 'Convert a schema, statistics or anomalies file between binary, text format and JSON.',
  description:
    'Reads a TFMD message (Schema, DatasetFeatureStatisticsList or Anomalies, as written by TFX/TFDV or datavet)\n' +
    'and writes it in another encoding: .pb/.bin (binary protobuf), .pbtxt/.textproto/.txt (protobuf text\n' +
    'format) or .json (proto3 JSON). The kind is detected unless --type is given. The output is written\n' +
    'atomically: a failed conversion leaves no file. OUT may be - for stdout (text or JSON).',
  positionals: [
    { name: 'IN', role: 'input', description: 'Input file (.pb, .pbtxt, .textproto, .txt, .json).', required: true },
    { name: 'OUT', role: 'output', description: 'Output file, or - for stdout.', required: true },
  ],
  options: {
    type: {
      type: 'string',
      description: 'Message kind of IN (detected from the content when omitted).',
      choices: Object.keys(KIND_BY_TYPE),
      valueName: 'KIND',
    },
    from: {
      type: 'string',
      description: 'Format of IN, overriding its extension.',
      choices: MESSAGE_FORMATS,
      valueName: 'FORMAT',
    },
    to: {
      type: 'string',
      description: 'Format of OUT, overriding its extension (text when OUT is -).',
      choices: MESSAGE_FORMATS,
      valueName: 'FORMAT',
    },
  },
  examples: [
    'datavet convert schema.pbtxt schema.json',
    'datavet convert FeatureStats.pb stats.pbtxt --type statistics',
    'datavet convert anomalies.json - --to text',
  ],
  async run(args, io) {
    const [input = '', output = ''] = args.positionals;
    const inPath = resolve(io.cwd, input);
    const from = formatOf(input, stringOption(args, 'from'), 'from');
    const toStdout = output === '-';
    const to = toStdout
      ? ((stringOption(args, 'to') as MessageFormat | undefined) ?? 'text')
      : formatOf(output, stringOption(args, 'to'), 'to');
    if (toStdout && to === 'binary') {
      throw new UsageError('convert: refusing to write binary protobuf to stdout', {
        hint: 'give an output file name',
      });
    }
    const bytes = new Uint8Array(await readFile(inPath));
    const type = stringOption(args, 'type');
    const { kind, message } =
      type !== undefined
        ? ({
            kind: KIND_BY_TYPE[type],
            message: deserializeMessage(KIND_BY_TYPE[type] as TfmdKind, bytes, from, { file: input }),
          } as TfmdFile)
        : deserializeAnyMessage(bytes, from, { file: input });
    const content = serializeMessage(kind, message, to);
    if (toStdout) {
      io.stdout.write(typeof content === 'string' ? content : Buffer.from(content).toString());
    } else {
      await writeFileAtomic(resolve(io.cwd, output), content);
    }
    if (args.options.quiet !== true) {
      io.stderr.write(`converted ${input} (${kind}, ${from}) -> ${toStdout ? 'stdout' : output} (${to})\n`);
    }
    return ExitCode.OK;
  },
});
