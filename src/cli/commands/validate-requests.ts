import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../_util/errors.js';
import { type RequestLogLine, type RequestLogSummary, summarizeRequestLog } from '../../serving/request-log.js';
import { createRequestValidator, type RequestValidator } from '../../serving/request-validator.js';
import { readMessageFile } from '../../tfmd/index.js';
import {
  type CliIo,
  defineCommand,
  ExitCode,
  integerOption,
  type OptionSpec,
  requiredStringOption,
  stringOption,
} from '../command.js';

/** `--schema` and `--environment`, the options of every command that validates requests. */
export const requestSchemaOptions: Readonly<Record<'schema' | 'environment', OptionSpec>> = {
  schema: { type: 'string', description: 'Schema file (.pbtxt, .pb or .json).', valueName: 'FILE' },
  environment: { type: 'string', description: 'Schema environment of the requests, e.g. SERVING.', valueName: 'NAME' },
};

/** Builds the validator for a CLI command from --schema and --environment. */
export async function validatorFromOptions(
  schemaPath: string,
  environment: string | undefined,
  io: CliIo,
  maxValues?: number,
): Promise<RequestValidator> {
  const schema = await readMessageFile(resolve(io.cwd, schemaPath), 'Schema');
  return createRequestValidator(schema, {
    ...(environment !== undefined ? { environment } : {}),
    ...(maxValues !== undefined ? { maxValuesPerFeature: maxValues } : {}),
  });
}

/**
 * Streams a file as lines without holding more than one line (bounded by `maxLineBytes`) in
 * memory; longer lines are reported, not read.
 */
export async function* readLines(path: string, maxLineBytes: number): AsyncGenerator<RequestLogLine> {
  let parts: Buffer[] = [];
  let bytes = 0;
  let tooLong = false;
  let line = 1;
  const take = (): RequestLogLine => {
    const raw = tooLong ? undefined : Buffer.concat(parts, bytes);
    // Decoding invalid UTF-8 would replace the bad bytes with U+FFFD (two different keys could merge).
    const result: RequestLogLine =
      raw === undefined
        ? { line, text: '', error: `line is longer than ${maxLineBytes} bytes` }
        : !isUtf8(raw)
          ? { line, text: '', error: 'the line is not valid UTF-8' }
          : {
              line,
              text: raw
                .toString('utf8')
                .replace(/\r$/, '')
                .replace(line === 1 ? /^\ufeff/ : /(?!)/, ''),
            };
    parts = [];
    bytes = 0;
    tooLong = false;
    return result;
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (!tooLong) {
        if (bytes + end - start > maxLineBytes) {
          tooLong = true;
          parts = [];
          bytes = 0;
        } else if (end > start) {
          parts.push(chunk.subarray(start, end));
          bytes += end - start;
        }
      }
      if (newline === -1) break;
      yield take();
      line++;
      start = newline + 1;
    }
  }
  if (bytes > 0 || tooLong) yield take();
}

function renderText(summary: RequestLogSummary, file: string): string {
  const lines: string[] = [];
  const pct = summary.totalRequests ? ((100 * summary.failedRequests) / summary.totalRequests).toFixed(1) : '0.0';
  lines.push(
    `${file}: ${summary.totalRequests} requests, ${summary.failedRequests} failed (${pct}%)` +
      (summary.malformedLines ? `, ${summary.malformedLines} malformed lines` : ''),
  );
  if (summary.anomalies.length) {
    lines.push('', 'anomalies:');
    const width = Math.max(...summary.anomalies.map((a) => (a.feature || '(request)').length), 7);
    const codeWidth = Math.max(...summary.anomalies.map((a) => a.code.length));
    for (const a of summary.anomalies) {
      lines.push(
        `  ${(a.feature || '(request)').padEnd(width)}  ${a.code.padEnd(codeWidth)}  ${String(a.count).padStart(7)}  ${a.severity}  first lines: ${a.firstLines.join(', ')}`,
      );
    }
  }
  if (summary.malformed.length) {
    lines.push('', 'malformed lines:');
    for (const m of summary.malformed) lines.push(`  ${file}:${m.line}: ${m.reason}`);
  }
  if (summary.firstFailingLines.length) lines.push('', `first failing lines: ${summary.firstFailingLines.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export default defineCommand({
  name: 'validate-requests',
  summary: 'Validate a log of serving requests (JSON Lines) against a schema.',
  description:
    'Each non-empty line is one request: a JSON object mapping feature names to a value, a list or null. ' +
    'Prints per-anomaly counts and the first offending line numbers; exits 1 when any request fails.',
  options: {
    ...requestSchemaOptions,
    format: { type: 'string', description: 'Output format.', choices: ['text', 'json'], default: 'text' },
    'max-line-bytes': {
      type: 'string',
      description: 'Longest accepted line; longer lines are reported as malformed.',
      valueName: 'N',
      default: String(16 * 1024 * 1024),
    },
    'first-lines': {
      type: 'string',
      description: 'How many line numbers to list per anomaly.',
      valueName: 'N',
      default: '10',
    },
  },
  positionals: [{ name: 'requests.jsonl', description: 'The request log, one JSON object per line.', required: true }],
  examples: ['datavet validate-requests --schema schema.pbtxt --environment SERVING requests.jsonl --format json'],
  async run(args, io) {
    const schemaPath = requiredStringOption(args, 'schema', 'validate-requests');
    const file = args.positionals[0] as string;
    const maxLineBytes = integerOption(args, 'max-line-bytes') ?? 16 * 1024 * 1024;
    const maxLines = integerOption(args, 'first-lines') ?? 10;
    if (maxLineBytes <= 0 || maxLines < 0) throw new UsageError('--max-line-bytes and --first-lines must be positive');
    // Options are checked before any file is read, so a typo costs nothing.
    const validator = await validatorFromOptions(schemaPath, stringOption(args, 'environment'), io);
    const summary = await summarizeRequestLog(readLines(resolve(io.cwd, file), maxLineBytes), validator, { maxLines });
    if (stringOption(args, 'format') === 'json') {
      io.stdout.write(`${JSON.stringify({ file, environment: validator.environment ?? null, ...summary }, null, 2)}\n`);
    } else {
      io.stdout.write(renderText(summary, file));
    }
    return summary.failedRequests > 0 ? ExitCode.FAILED : ExitCode.OK;
  },
});
