import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FindSkewOptions } from '../anomalies/find-skew.js';
import { toJson } from '../tfmd/codec.js';
import type { DatasetFeatureStatisticsList } from '../tfmd/types.js';
import type { RequestAnomaly } from './request-anomaly.js';
import type { RequestFolder } from './request-folder.js';
import type { RequestValidator } from './request-validator.js';

/** Options of {@link createSidecarServer}. */
export interface SidecarOptions {
  /** Largest accepted POST body in bytes; larger ones get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Most requests in one batch (a JSON array body); more get 413. Default 10,000. */
  readonly maxBatch?: number;
  /** Called with every request of every POST after validation (e.g. to fold them into statistics). */
  readonly onValidated?: (requests: readonly unknown[], results: readonly (readonly RequestAnomaly[])[]) => void;
  /** Folds every validated request into serving statistics, served at `GET /statistics`. */
  readonly folder?: RequestFolder;
  /** Training statistics: with `folder`, `GET /skew` answers the skew anomalies against them. */
  readonly trainingStatistics?: DatasetFeatureStatisticsList;
  /** Options of the skew computation (the training statistics' environment, severities). */
  readonly skewOptions?: FindSkewOptions;
}

/** The answer for one request. */
export interface SidecarResult {
  readonly valid: boolean;
  readonly anomalies: readonly RequestAnomaly[];
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/**
 * The HTTP handler of the validation sidecar, for services not written in JavaScript:
 * - `POST /` or `POST /validate` with one request object answers `{valid, anomalies}`; with a
 *   JSON array answers `{failed, results: [{valid, anomalies}, ...]}` in the same order;
 * - a body over `maxBodyBytes` gets 413, malformed JSON gets 400 with the parser's reason;
 * - `GET /healthz` answers `{status: "ok", ...}`;
 * - with `folder`, `GET /statistics` answers the serving statistics so far (proto3 JSON of a
 *   DatasetFeatureStatisticsList) and, with `trainingStatistics` too, `GET /skew` the skew
 *   anomalies (proto3 JSON of Anomalies); without them these paths are 404.
 * Validation problems are 200 answers with anomalies; only transport problems are 4xx.
 */
export function createSidecarHandler(
  validator: RequestValidator,
  options: SidecarOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxBatch = options.maxBatch ?? 10_000;
  const health = {
    status: 'ok',
    environment: validator.environment ?? null,
    features: validator.features.length,
  };
  const { folder, trainingStatistics } = options;

  /** `GET /statistics` and `GET /skew`: computed on demand from the folded requests. */
  const report = (res: ServerResponse, path: string): void => {
    if (!folder) {
      send(res, 404, { error: 'not found', reason: 'this sidecar does not fold requests into statistics' });
      return;
    }
    if (path === '/statistics') {
      send(res, 200, toJson('DatasetFeatureStatisticsList', folder.statistics()));
      return;
    }
    if (!trainingStatistics) {
      send(res, 404, { error: 'not found', reason: 'no training statistics to compute skew against' });
      return;
    }
    send(res, 200, toJson('Anomalies', folder.skew(trainingStatistics, options.skewOptions)));
  };

  const answer = (res: ServerResponse, body: unknown): void => {
    if (Array.isArray(body)) {
      if (body.length > maxBatch) {
        send(res, 413, { error: 'batch too large', reason: `${body.length} requests, limit ${maxBatch}` });
        return;
      }
      const anomalies = body.map((request) => validator.validate(request));
      if (folder) for (const request of body) folder.add(request);
      options.onValidated?.(body, anomalies);
      const results: SidecarResult[] = anomalies.map((a) => ({ valid: a.length === 0, anomalies: a }));
      send(res, 200, { failed: results.filter((r) => !r.valid).length, results });
      return;
    }
    const anomalies = validator.validate(body);
    folder?.add(body);
    options.onValidated?.([body], [anomalies]);
    send(res, 200, { valid: anomalies.length === 0, anomalies });
  };

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      send(res, 200, health);
      return;
    }
    if (req.method === 'GET' && (path === '/statistics' || path === '/skew')) {
      try {
        report(res, path);
      } catch (error) {
        send(res, 500, { error: 'internal error', reason: (error as Error).message });
      }
      return;
    }
    if (path !== '/' && path !== '/validate') {
      send(res, 404, {
        error: 'not found',
        reason: 'POST requests to / or /validate; GET /healthz, /statistics, /skew',
      });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      send(res, 405, { error: 'method not allowed', reason: 'POST a JSON request object or an array of them' });
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > maxBodyBytes) {
      send(res, 413, { error: 'request body too large', limit: maxBodyBytes }, true);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      if (rejected) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        rejected = true;
        chunks.length = 0;
        send(res, 413, { error: 'request body too large', limit: maxBodyBytes }, true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      rejected = true;
    });
    req.on('end', () => {
      if (rejected) return;
      let body: unknown;
      const bytes = Buffer.concat(chunks, size);
      if (!isUtf8(bytes)) {
        // Decoding would replace the bad bytes with U+FFFD: two different invalid keys would become one.
        send(res, 400, { error: 'malformed JSON', reason: 'the request body is not valid UTF-8' });
        return;
      }
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        send(res, 400, { error: 'malformed JSON', reason: (error as Error).message });
        return;
      }
      try {
        answer(res, body);
      } catch (error) {
        // validate() never throws; this guards the onValidated hook so one bad call cannot kill the server.
        send(res, 500, { error: 'internal error', reason: (error as Error).message });
      }
    });
  };
}

/** An HTTP server running {@link createSidecarHandler}; call `listen(port, host)` on it. */
export function createSidecarServer(validator: RequestValidator, options: SidecarOptions = {}): Server {
  const server = createServer(createSidecarHandler(validator, options));
  // Idle keep-alive connections must not hold a shutting-down server open for long.
  server.keepAliveTimeout = 5_000;
  return server;
}
