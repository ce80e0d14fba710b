import type { AddressInfo } from 'node:net';
import { UsageError } from '../../_util/errors.js';
import { createSidecarServer } from '../../serving/sidecar.js';
import {
  booleanOption,
  defineCommand,
  ExitCode,
  integerOption,
  requiredStringOption,
  stringOption,
} from '../command.js';
import { requestSchemaOptions, validatorFromOptions } from './validate-requests.js';

export default defineCommand({
  name: 'serve',
  summary: 'Run the request-validation sidecar: POST JSON requests, get their anomalies.',
  description:
    'POST / (or /validate) one request object -> {valid, anomalies}; a JSON array -> {failed, results}. ' +
    'Bodies over --max-body-bytes get 413, malformed JSON 400 with the reason. GET /healthz answers {status: "ok"}. ' +
    'Runs until SIGINT or SIGTERM. The first stderr line names the bound address (useful with --port 0).',
  options: {
    ...requestSchemaOptions,
    port: { type: 'string', description: 'TCP port (0 picks a free one).', valueName: 'PORT', default: '8080' },
    host: { type: 'string', description: 'Address to bind.', valueName: 'HOST', default: '127.0.0.1' },
    'max-body-bytes': { type: 'string', description: 'Largest request body.', valueName: 'N', default: '1048576' },
    'max-batch': { type: 'string', description: 'Most requests in one array body.', valueName: 'N', default: '10000' },
  },
  examples: ['datavet serve --schema schema.pbtxt --environment SERVING --port 8080'],
  async run(args, io) {
    const schemaPath = requiredStringOption(args, 'schema', 'serve');
    const port = integerOption(args, 'port') ?? 8080;
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    const maxBodyBytes = integerOption(args, 'max-body-bytes') ?? 1024 * 1024;
    const maxBatch = integerOption(args, 'max-batch') ?? 10_000;
    if (port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${port}`);
    if (maxBodyBytes <= 0 || maxBatch <= 0) throw new UsageError('--max-body-bytes and --max-batch must be positive');
    const validator = await validatorFromOptions(schemaPath, stringOption(args, 'environment'), io);
    const server = createSidecarServer(validator, { maxBodyBytes, maxBatch });
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
    const quiet = booleanOption(args, 'quiet');
    io.stderr.write(
      `datavet serve: listening on http://${address.address}:${address.port} (environment ${validator.environment ?? 'none'}, ${validator.features.length} features)\n`,
    );
    await new Promise<void>((resolveStop) => {
      const stop = (signal: string): void => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        if (!quiet) io.stderr.write(`datavet serve: ${signal}, shutting down\n`);
        server.close(() => resolveStop());
        server.closeIdleConnections();
      };
      const onInt = (): void => stop('SIGINT');
      const onTerm = (): void => stop('SIGTERM');
      process.once('SIGINT', onInt);
      process.once('SIGTERM', onTerm);
    });
    return ExitCode.OK;
  },
});
