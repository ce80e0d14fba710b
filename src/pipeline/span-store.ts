/**
 * What the store knows about a split's spans, as TFX's span resolvers read it: a span is complete
 * when its SpanMonitor published the span's metrics (the last step of a span, in one transaction
 * with the execution's COMPLETE state), so a run killed halfway leaves nothing a later run resolves.
 * Of several versions of a span the latest (highest version, then newest) is the one that counts.
 */
import { UsageError } from '../_util/errors.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { Artifact } from '../metadata/types.js';
import type { SpanSelector } from './monitoring-config.js';

/** A complete span of a split: its metrics artifact and the statistics they came from. */
export interface CompleteSpan {
  readonly span: number;
  readonly version: number;
  readonly metricsArtifactId: number;
  /** The metrics artifact's uri (its SpanMetrics.json is under it). */
  readonly uri: string;
  readonly statisticsArtifactId: number;
  readonly anomaliesArtifactId?: number;
  readonly createTime?: number;
}

/** A string literal of MLMD's filter language. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Filter on the pipeline and split of pipeline artifacts (their custom and declared properties). */
export function splitFilter(pipeline: string, split: string): string {
  return `custom_properties.pipeline_name.string_value = ${quote(pipeline)} AND properties.split_names.string_value = ${quote(JSON.stringify([split]))} AND state = LIVE`;
}

function intProperty(a: Artifact, name: string): number | undefined {
  return a.properties?.[name]?.intValue ?? a.customProperties?.[name]?.intValue;
}

/** Every complete span of a split, one entry per span (its latest version), by span. */
export async function listCompleteSpans(
  store: MetadataStore,
  pipeline: string,
  split: string,
): Promise<CompleteSpan[]> {
  const { items } = await store.getArtifactsByType('ExampleValidationMetrics', {
    filterQuery: splitFilter(pipeline, split),
  });
  const latest = new Map<number, CompleteSpan>();
  for (const a of items) {
    const span = intProperty(a, 'span');
    const statisticsArtifactId = intProperty(a, 'statistics_artifact_id');
    if (span === undefined || statisticsArtifactId === undefined || a.id === undefined) continue;
    const version = intProperty(a, 'version') ?? 0;
    const anomaliesArtifactId = intProperty(a, 'anomalies_artifact_id');
    const entry: CompleteSpan = {
      span,
      version,
      metricsArtifactId: a.id,
      uri: a.uri ?? '',
      statisticsArtifactId,
      ...(anomaliesArtifactId !== undefined ? { anomaliesArtifactId } : {}),
      ...(a.createTimeSinceEpoch !== undefined ? { createTime: a.createTimeSinceEpoch } : {}),
    };
    const seen = latest.get(span);
    if (
      !seen ||
      version > seen.version ||
      (version === seen.version && entry.metricsArtifactId > seen.metricsArtifactId)
    ) {
      latest.set(span, entry);
    }
  }
  return [...latest.values()].sort((a, b) => a.span - b.span);
}

/**
 * The spans a span is compared with (TFX's resolver strategies): the latest complete span before
 * it, the last `count` before it (newest first), or a fixed span.
 * @throws UsageError when a fixed span has no complete run.
 */
export function selectSpans(complete: readonly CompleteSpan[], span: number, selector: SpanSelector): CompleteSpan[] {
  const before = complete.filter((c) => c.span < span);
  if (selector.kind === 'previous') return before.slice(-1);
  if (selector.kind === 'last') return before.slice(-selector.count).reverse();
  const fixed = complete.find((c) => c.span === selector.span);
  if (!fixed) {
    throw new UsageError(`span ${selector.span} has no complete run in the metadata store`, {
      hint: `run that span first (datavet run --span ${selector.span}), or compare with "previous-span"`,
    });
  }
  return [fixed];
}

/**
 * The version of a new Examples artifact of a span: one more than the newest LIVE one of the same
 * pipeline, split and span, or 0. A re-run with unchanged files reuses the cached artifact instead.
 */
export async function nextExamplesVersion(
  store: MetadataStore,
  pipeline: string,
  split: string,
  span: number,
): Promise<number> {
  const { items } = await store.getArtifactsByType('Examples', {
    filterQuery: `${splitFilter(pipeline, split)} AND properties.span.int_value = ${span}`,
  });
  let version = -1;
  for (const a of items) version = Math.max(version, intProperty(a, 'version') ?? 0);
  return version + 1;
}
