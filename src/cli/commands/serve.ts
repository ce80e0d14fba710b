import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { UsageError } from '../../_util/errors.js';
import { createRequestFolder } from '../../serving/request-folder.js';
import { createRequestValidator } from '../../serving/request-validator.js';
import { createSidecarServer } from '../../serving/sidecar.js';
import { readMessageFile } from '../../tfmd/message-file.js';
import {
  booleanOption,
  defineCommand,
  ExitCode,
  integerOption,
  requiredStringOption,
  stringOption,
} from '../command.js';
import { requestSchemaOptions } from './validate-requests.js';

export default defineCommand({
  name: 'serve',
  summary: 'Run the request-validation sidecar: POST JSON requests, get their anomalies.',
  description:
    'POST / (or /validate) one request object -> {valid, anomalies}; a JSON array -> {failed, results}. ' +
    'With content-type application/x-ndjson, one request per line -> one {valid, anomalies} line each. ' +
    'Bodies over --max-body-bytes get 413, malformed JSON 400 with the reason. GET /healthz answers {status: "ok"}. ' +
    'With --statistics (or --training-stats) every POSTed request is also folded into serving statistics: ' +
    "GET /statistics answers them as proto3 JSON, and GET /skew the skew anomalies (the schema's skew_comparator) " +
    'against --training-stats. Runs until SIGINT or SIGTERM. The first stderr line names the bound address ' +
    '(useful with --port 0).',
  options: {
    ...requestSchemaOptions,
    port: { type: 'string', description: 'TCP port (0 picks a free one).', valueName: 'PORT', default: '8080' },
    host: { type: 'string', description: 'Address to bind.', valueName: 'HOST', default: '127.0.0.1' },
    'max-body-bytes': { type: 'string', description: 'Largest request body.', valueName: 'N', default: '1048576' },
    'max-batch': { type: 'string', description: 'Most requests in one array body.', valueName: 'N', default: '10000' },
    statistics: { type: 'boolean', description: 'Fold requests into serving statistics (GET /statistics).' },
    workers: {
      type: 'string',
      valueName: 'N',
      default: '1',
      description:
        'Processes answering on the same port (node:cluster), e.g. one per core. Not with --statistics: ' +
        'each process would fold only its share.',
    },
    'training-stats': {
      type: 'string',
      valueName: 'FILE',
      description:
        'Training statistics (.pb, .pbtxt, .json): GET /skew compares serving with them (implies --statistics).',
    },
  },
  examples: [
    'datavet serve --schema schema.pbtxt --environment SERVING --port 8080',
    'datavet serve --schema schema.pbtxt --environment SERVING --training-stats train_stats.pb',
  ],
  async run(args, io) {
    const schemaPath = requiredStringOption(args, 'schema', 'serve');
    const port = integerOption(args, 'port') ?? 8080;
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    const maxBodyBytes = integerOption(args, 'max-body-bytes') ?? 1024 * 1024;
    const maxBatch = integerOption(args, 'max-batch') ?? 10_000;
    if (port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${port}`);
    if (maxBodyBytes <= 0 || maxBatch <= 0) throw new UsageError('--max-body-bytes and --max-batch must be positive');
    const workers = integerOption(args, 'workers') ?? 1;
    if (workers < 1) throw new UsageError('--workers must be at least 1');
    const folding = booleanOption(args, 'statistics') || stringOption(args, 'training-stats') !== undefined;
    if (workers > 1 && folding) {
      throw new UsageError('--workers with --statistics or --training-stats: each process would fold only its share', {
        hint: 'run one process to fold serving statistics',
      });
    }
    const environment = stringOption(args, 'environment');
    const schema = await readMessageFile(resolve(io.cwd, schemaPath), 'Schema');
    const validator = createRequestValidator(schema, environment !== undefined ? { environment } : {});
    const quiet = booleanOption(args, 'quiet');
    const describe = `environment ${validator.environment ?? 'none'}, ${validator.features.length} features`;
    // The primary reads the schema (so bad arguments fail once, exit 2), then runs this same command in N processes.
    if (workers > 1 && cluster.isPrimary) return runPrimary(workers, host, describe, quiet, io.stderr);
    const trainingPath = stringOption(args, 'training-stats');
    const trainingStatistics =
      trainingPath === undefined
        ? undefined
        : await readMessageFile(resolve(io.cwd, trainingPath), 'DatasetFeatureStatisticsList');
    const folder =
      booleanOption(args, 'statistics') || trainingStatistics
        ? createRequestFolder({ schema, features: validator.features.map((f) => f.name) })
        : undefined;
    const server = createSidecarServer(validator, {
      maxBodyBytes,
      maxBatch,
      ...(folder ? { folder } : {}),
      ...(trainingStatistics ? { trainingStatistics } : {}),
    });
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE' || error.code === 'EACCES'
            ? new UsageError(`cannot listen on ${host}:${port}: ${error.code}`, { hint: 'pick another --port' })
            : error,
        ),
      );
      server.listen(port, host, () => resolveListen());
    });
    const address = server.address() as AddressInfo;
    if (cluster.isPrimary) {
      io.stderr.write(`datavet serve: listening on http://${address.address}:${address.port} (${describe})\n`);
    }
    await new Promise<void>((resolveStop) => {
      const stop = (signal: string): void => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        if (!quiet && cluster.isPrimary) io.stderr.write(`datavet serve: ${signal}, shutting down\n`);
        server.close(() => resolveStop());
        server.closeIdleConnections();
      };
      const onInt = (): void => stop('SIGINT');
      const onTerm = (): void => stop('SIGTERM');
      process.once('SIGINT', onInt);
      process.once('SIGTERM', onTerm);
    });
    // A worker's channel to the primary would keep it running.
    if (cluster.isWorker) process.disconnect?.();
    return ExitCode.OK;
  },
});

/**
 * `--workers N`: starts N processes running this command (node:cluster shares the listening port among
 * them), names the address once all listen, and on SIGINT or SIGTERM stops them and waits. A worker
 * that dies on its own stops the others: a sidecar at partial strength would hide the failure.
 */
async function runPrimary(
  workers: number,
  host: string,
  describe: string,
  quiet: boolean,
  stderr: { write(text: string): unknown },
): Promise<number> {
  const children = Array.from({ length: workers }, () => cluster.fork());
  let stopping = false;
  let failed = false;
  const exited = children.map(
    (child) =>
      new Promise<void>((done) =>
        child.once('exit', (code, signal) => {
          // Ctrl-C reaches the workers too: one ending cleanly before the primary's handler runs is no failure.
          if (!stopping && code !== 0) {
            failed = true;
            stopping = true;
            stderr.write(`datavet serve: worker ${child.process.pid} exited (${signal ?? code}), shutting down\n`);
            for (const other of children) if (other !== child) other.process.kill('SIGTERM');
          }
          done();
        }),
      ),
  );
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening++;
    if (listening === workers) {
      stderr.write(
        `datavet serve: listening on http://${host}:${address.port} (${describe}, ${workers} worker processes)\n`,
      );
    }
  });
  const stop = (signal: string): void => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    if (stopping) return;
    stopping = true;
    if (!quiet) stderr.write(`datavet serve: ${signal}, shutting down\n`);
    for (const child of children) child.process.kill('SIGTERM');
  };
  const onInt = (): void => stop('SIGINT');
  const onTerm = (): void => stop('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  await Promise.all(exited);
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);
  return failed ? ExitCode.INTERNAL : ExitCode.OK;
}
