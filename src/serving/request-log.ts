import type { RequestAnomalyCode, RequestSeverity } from './request-anomaly.js';
import type { RequestValidator } from './request-validator.js';

/** One line of a request log as read by the caller (the CLI streams the file). */
export interface RequestLogLine {
  /** 1-based line number. */
  readonly line: number;
  readonly text: string;
  /** Set when the reader refused the line (e.g. longer than its limit); `text` is then empty. */
  readonly error?: string;
}

/** Counts of one anomaly (feature and code) over a request log. */
export interface RequestLogAnomalyCount {
  readonly feature: string;
  readonly code: RequestAnomalyCode;
  readonly severity: RequestSeverity;
  readonly count: number;
  /** The first line numbers that had it. */
  readonly firstLines: readonly number[];
}

/** What `validate-requests` reports. Feature-keyed maps have no prototype (keys are data). */
export interface RequestLogSummary {
  /** Non-empty lines, malformed ones included. */
  readonly totalRequests: number;
  /** Requests with at least one ERROR anomaly, plus malformed lines. */
  readonly failedRequests: number;
  readonly malformedLines: number;
  readonly anomalies: readonly RequestLogAnomalyCount[];
  readonly countsByFeature: Readonly<Record<string, Readonly<Partial<Record<RequestAnomalyCode, number>>>>>;
  readonly countsByType: Readonly<Partial<Record<RequestAnomalyCode, number>>>;
  readonly firstFailingLines: readonly number[];
  readonly malformed: readonly { readonly line: number; readonly reason: string }[];
}

/**
 * Validates a request log (JSON Lines: one request object per line) line by line, keeping only
 * counts and the first `maxLines` line numbers per anomaly, so memory does not grow with the log.
 * Empty lines are skipped; lines that are not JSON are reported with their line number.
 */
export async function summarizeRequestLog(
  lines: AsyncIterable<RequestLogLine> | Iterable<RequestLogLine>,
  validator: RequestValidator,
  options: { readonly maxLines?: number } = {},
): Promise<RequestLogSummary> {
  const maxLines = options.maxLines ?? 10;
  const counts = new Map<
    string,
    { feature: string; code: RequestAnomalyCode; severity: RequestSeverity; count: number; firstLines: number[] }
  >();
  const firstFailingLines: number[] = [];
  const malformed: { line: number; reason: string }[] = [];
  let total = 0;
  let failed = 0;
  let malformedCount = 0;
  const fail = (line: number): void => {
    failed++;
    if (firstFailingLines.length < maxLines) firstFailingLines.push(line);
  };
  for await (const { line, text, error } of lines) {
    if (error === undefined && text.trim() === '') continue;
    total++;
    let request: unknown;
    try {
      if (error !== undefined) throw new Error(error);
      request = JSON.parse(text);
    } catch (e) {
      malformedCount++;
      if (malformed.length < maxLines) malformed.push({ line, reason: (e as Error).message });
      fail(line);
      continue;
    }
    const anomalies = validator.validate(request);
    if (anomalies.length === 0) continue;
    if (anomalies.some((a) => a.severity === 'ERROR')) fail(line);
    for (const anomaly of anomalies) {
      const key = `${anomaly.feature}\u0000${anomaly.type}`;
      let entry = counts.get(key);
      if (!entry) {
        entry = { feature: anomaly.feature, code: anomaly.type, severity: anomaly.severity, count: 0, firstLines: [] };
        counts.set(key, entry);
      }
      entry.count++;
      if (entry.firstLines.length < maxLines && entry.firstLines.at(-1) !== line) entry.firstLines.push(line);
    }
  }
  const anomalies = [...counts.values()].sort(
    (a, b) => b.count - a.count || a.feature.localeCompare(b.feature) || a.code.localeCompare(b.code),
  );
  const countsByFeature: Record<string, Partial<Record<RequestAnomalyCode, number>>> = Object.create(null);
  const countsByType: Partial<Record<RequestAnomalyCode, number>> = Object.create(null);
  for (const a of anomalies) {
    let perFeature = countsByFeature[a.feature];
    if (!perFeature) {
      perFeature = Object.create(null) as Partial<Record<RequestAnomalyCode, number>>;
      countsByFeature[a.feature] = perFeature;
    }
    perFeature[a.code] = (perFeature[a.code] ?? 0) + a.count;
    countsByType[a.code] = (countsByType[a.code] ?? 0) + a.count;
  }
  return {
    totalRequests: total,
    failedRequests: failed,
    malformedLines: malformedCount,
    anomalies,
    countsByFeature,
    countsByType,
    firstFailingLines,
    malformed,
  };
}
