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

const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson; charset=utf-8';

/** Header lists as `writeHead` takes them (name, value, ...): no object to copy per answer. */
function headers(type: string, length: number, close: boolean): string[] {
  const list = ['content-type', type, 'content-length', String(length)];
  if (close) list.push('connection', 'close');
  return list;
}

/**
 * Answers with a string body: Node then sends the head and the body in one write, where a Buffer
 * body would be a second buffer in a writev (measured: the send system call is most of a small
 * answer's cost; docs/benchmarks.md, Serving).
 */
function sendText(res: ServerResponse, status: number, type: string, text: string, close: boolean): void {
  res.writeHead(status, headers(type, Buffer.byteLength(text, 'utf8'), close));
  res.end(text, 'utf8');
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  sendText(res, status, JSON_TYPE, JSON.stringify(body), close);
}

/** The answer to a valid request, the common case: its text and headers are built once. */
const VALID_TEXT = JSON.stringify({ valid: true, anomalies: [] });
const VALID_HEADERS = headers(JSON_TYPE, Buffer.byteLength(VALID_TEXT, 'utf8'), false);

/** True for an NDJSON body: one request per line, answered one result per line. */
function isNdjson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && /^\s*application\/(x-ndjson|jsonl)\s*(;|$)/i.test(type);
}

/**
 * The HTTP handler of the validation sidecar, for services not written in JavaScript:
 * - `POST /` or `POST /validate` with one request object answers `{valid, anomalies}`; with a
 *   JSON array answers `{failed, results: [{valid, anomalies}, ...]}` in the same order;
 * - with `content-type: application/x-ndjson` (or `application/jsonl`), one request per line:
 *   answers NDJSON, one `{valid, anomalies}` line per non-blank request line in the same order, and
 *   `{valid: false, error, reason, line}` for a line that is not JSON (the other lines still count);
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
  const { folder, trainingStatistics, onValidated } = options;

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

  const tooManyRequests = (res: ServerResponse, count: number): void =>
    send(res, 413, { error: 'batch too large', reason: `${count} requests, limit ${maxBatch}` });

  const answer = (res: ServerResponse, body: unknown): void => {
    if (Array.isArray(body)) {
      if (body.length > maxBatch) {
        tooManyRequests(res, body.length);
        return;
      }
      const anomalies = body.map((request) => validator.validate(request));
      if (folder) for (const request of body) folder.add(request);
      onValidated?.(body, anomalies);
      const results: SidecarResult[] = anomalies.map((a) => ({ valid: a.length === 0, anomalies: a }));
      send(res, 200, { failed: results.filter((r) => !r.valid).length, results });
      return;
    }
    const anomalies = validator.validate(body);
    folder?.add(body);
    onValidated?.([body], [anomalies]);
    if (anomalies.length === 0) {
      res.writeHead(200, VALID_HEADERS);
      res.end(VALID_TEXT, 'utf8');
      return;
    }
    send(res, 200, { valid: false, anomalies });
  };

  /** NDJSON: each non-blank line is one request, answered by one line in the same order. */
  const answerLines = (res: ServerResponse, text: string): void => {
    const lines: string[] = [];
    const requests: unknown[] = [];
    const results: (readonly RequestAnomaly[])[] = [];
    let start = 0;
    let lineNumber = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      lineNumber++;
      const line = text.slice(start, end);
      start = end + 1;
      if (line.trim() === '') continue;
      if (lines.length === maxBatch) {
        let count = lines.length + 1;
        for (const rest of text.slice(start).split('\n')) if (rest.trim() !== '') count++;
        tooManyRequests(res, count);
        return;
      }
      let request: unknown;
      try {
        request = JSON.parse(line);
      } catch (error) {
        const reason = (error as Error).message;
        lines.push(JSON.stringify({ valid: false, error: 'malformed JSON', reason, line: lineNumber }));
        continue;
      }
      const anomalies = validator.validate(request);
      requests.push(request);
      results.push(anomalies);
      folder?.add(request);
      lines.push(anomalies.length === 0 ? VALID_TEXT : JSON.stringify({ valid: false, anomalies }));
    }
    if (requests.length > 0) onValidated?.(requests, results);
    sendText(res, 200, NDJSON_TYPE, lines.length > 0 ? `${lines.join('\n')}\n` : '', false);
  };

  return (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
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
    const ndjson = isNdjson(req);
    // Small bodies arrive in one chunk: keep it as is, and gather chunks only when a second comes.
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      if (rejected) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        rejected = true;
        first = undefined;
        chunks = undefined;
        send(res, 413, { error: 'request body too large', limit: maxBodyBytes }, true);
        return;
      }
      if (first === undefined) first = chunk;
      else if (chunks === undefined) chunks = [first, chunk];
      else chunks.push(chunk);
    });
    req.on('error', () => {
      rejected = true;
    });
    req.on('end', () => {
      if (rejected) return;
      const bytes = chunks ? Buffer.concat(chunks, size) : (first ?? Buffer.alloc(0));
      if (!isUtf8(bytes)) {
        // Decoding would replace the bad bytes with U+FFFD: two different invalid keys would become one.
        send(res, 400, { error: 'malformed JSON', reason: 'the request body is not valid UTF-8' });
        return;
      }
      const text = bytes.toString('utf8');
      // NDJSON bodies are parsed line by line in answerLines, a line that is not JSON being one answer.
      let body: unknown;
      if (!ndjson) {
        try {
          body = JSON.parse(text);
        } catch (error) {
          send(res, 400, { error: 'malformed JSON', reason: (error as Error).message });
          return;
        }
      }
      try {
        if (ndjson) answerLines(res, text);
        else answer(res, body);
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
