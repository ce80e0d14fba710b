import type { EventRow, MetadataTx, NodeRow, TypeRow } from './backend.js';
import { InvalidArgumentError, NotFoundError } from './errors.js';
import { toEvent } from './event-row.js';
import { type NodeKind, type ResolvedFilter, resolveFilterQuery } from './filter-query.js';
import type { LineageGraphField, LineageSubgraphQuery } from './metadata-store.js';
import { EVENT_TYPES, INPUT_EVENT_TYPES, type LineageGraph, OUTPUT_EVENT_TYPES } from './types.js';

/** Hops MLMD follows at most (and by default). */
const MAX_HOPS = 100;

const FIELDS: readonly LineageGraphField[] = [
  'artifacts',
  'executions',
  'contexts',
  'artifact_types',
  'execution_types',
  'context_types',
  'events',
  'associations',
  'attributions',
];

/** What lineage needs from the store to turn rows into API objects. */
export interface LineageHelpers {
  hydrateNodes(kind: NodeKind, rows: readonly NodeRow[]): Promise<unknown[]>;
  hydrateTypes(kind: NodeKind, rows: readonly TypeRow[]): Promise<unknown[]>;
}

const isInput = (row: EventRow) => INPUT_EVENT_TYPES.has(EVENT_TYPES[row.type] ?? 'UNKNOWN');
const isOutput = (row: EventRow) => OUTPUT_EVENT_TYPES.has(EVENT_TYPES[row.type] ?? 'UNKNOWN');

/**
 * MLMD's GetLineageSubgraph (docs/metadata.md): breadth-first from the starting nodes, one hop =
 * node → event → node, following only events of the requested direction. Ending nodes are not
 * expanded and are kept (with the edges that reached them) only with `includeEndingNodes`.
 * Returned events are the edges traversed from expanded nodes; contexts are those of every
 * returned node.
 */
export async function getLineageSubgraph(
  tx: MetadataTx,
  query: LineageSubgraphQuery,
  readMask: readonly LineageGraphField[],
  helpers: LineageHelpers,
): Promise<LineageGraph> {
  for (const field of readMask) {
    if (!FIELDS.includes(field)) throw new InvalidArgumentError(`unknown lineage read_mask path '${field}'`);
  }
  const wanted = (field: LineageGraphField) => readMask.length === 0 || readMask.includes(field);
  const startKind: NodeKind | undefined = query.startingArtifacts
    ? 'artifact'
    : query.startingExecutions
      ? 'execution'
      : undefined;
  const startFilter = (query.startingArtifacts ?? query.startingExecutions)?.filterQuery ?? '';
  if (!startKind || !startFilter.trim()) {
    throw new InvalidArgumentError('lineage needs starting artifacts or executions with a non-empty filter_query');
  }
  if (query.startingArtifacts && query.startingExecutions) {
    throw new InvalidArgumentError('lineage takes starting artifacts or starting executions, not both');
  }
  const hops = query.maxNumHops ?? MAX_HOPS;
  if (!Number.isInteger(hops) || hops < 0) throw new InvalidArgumentError(`max_num_hops must be >= 0, got ${hops}`);
  const maxHops = Math.min(hops, MAX_HOPS);
  const direction = query.direction ?? 'BIDIRECTIONAL';
  const downstream = direction !== 'UPSTREAM';
  const upstream = direction !== 'DOWNSTREAM';

  const starts = await tx.findNodes(startKind, { filter: resolveFilterQuery(startKind, startFilter) });
  if (starts.length === 0) throw new NotFoundError('Cannot find qualified nodes to start the traversal');

  const ending: Record<'artifact' | 'execution', { filter?: ResolvedFilter; include: boolean }> = {
    artifact: query.endingArtifacts?.filterQuery
      ? {
          filter: resolveFilterQuery('artifact', query.endingArtifacts.filterQuery),
          include: query.endingArtifacts.includeEndingNodes ?? false,
        }
      : { include: false },
    execution: query.endingExecutions?.filterQuery
      ? {
          filter: resolveFilterQuery('execution', query.endingExecutions.filterQuery),
          include: query.endingExecutions.includeEndingNodes ?? false,
        }
      : { include: false },
  };
  const endingIds = async (kind: 'artifact' | 'execution', ids: readonly number[]): Promise<Set<number>> => {
    const filter = ending[kind].filter;
    if (!filter || ids.length === 0) return new Set();
    return new Set((await tx.findNodes(kind, { ids, filter })).map((n) => n.id));
  };

  const visited = { artifact: new Set<number>(), execution: new Set<number>() };
  const excluded = { artifact: new Set<number>(), execution: new Set<number>() };
  const events = new Map<number, EventRow>();
  const startIds = starts.map((n) => n.id);
  const startEnding = await endingIds(startKind, startIds);
  let frontier = { artifact: [] as number[], execution: [] as number[] };
  for (const id of startIds) {
    if (startEnding.has(id)) continue;
    visited[startKind].add(id);
    frontier[startKind].push(id);
  }

  for (let hop = 0; hop < maxHops; hop++) {
    const next = { artifact: [] as number[], execution: [] as number[] };
    const candidates: Array<{ kind: 'artifact' | 'execution'; id: number; event: EventRow }> = [];
    if (frontier.artifact.length > 0) {
      for (const e of await tx.findEvents({ artifactIds: frontier.artifact })) {
        // From an artifact, downstream = executions that read it; upstream = those that wrote it.
        if ((downstream && isInput(e)) || (upstream && isOutput(e))) {
          candidates.push({ kind: 'execution', id: e.executionId, event: e });
        }
      }
    }
    if (frontier.execution.length > 0) {
      for (const e of await tx.findEvents({ executionIds: frontier.execution })) {
        if ((downstream && isOutput(e)) || (upstream && isInput(e))) {
          candidates.push({ kind: 'artifact', id: e.artifactId, event: e });
        }
      }
    }
    const fresh = {
      artifact: [
        ...new Set(
          candidates
            .filter((c) => c.kind === 'artifact' && !visited.artifact.has(c.id) && !excluded.artifact.has(c.id))
            .map((c) => c.id),
        ),
      ],
      execution: [
        ...new Set(
          candidates
            .filter((c) => c.kind === 'execution' && !visited.execution.has(c.id) && !excluded.execution.has(c.id))
            .map((c) => c.id),
        ),
      ],
    };
    const freshEnding = {
      artifact: await endingIds('artifact', fresh.artifact),
      execution: await endingIds('execution', fresh.execution),
    };
    for (const kind of ['artifact', 'execution'] as const) {
      for (const id of fresh[kind]) {
        if (freshEnding[kind].has(id)) {
          if (ending[kind].include) visited[kind].add(id);
          else excluded[kind].add(id);
        } else {
          visited[kind].add(id);
          next[kind].push(id);
        }
      }
    }
    for (const c of candidates) {
      if (visited[c.kind].has(c.id)) events.set(c.event.id, c.event);
    }
    frontier = next;
    if (next.artifact.length === 0 && next.execution.length === 0) break;
  }

  const artifactIds = [...visited.artifact].sort((a, b) => a - b);
  const executionIds = [...visited.execution].sort((a, b) => a - b);
  const artifactRows = artifactIds.length ? await tx.findNodes('artifact', { ids: artifactIds }) : [];
  const executionRows = executionIds.length ? await tx.findNodes('execution', { ids: executionIds }) : [];
  const attributions = artifactIds.length ? await tx.findAttributions({ artifactIds }) : [];
  const associations = executionIds.length ? await tx.findAssociations({ executionIds }) : [];
  const contextIds = [...new Set([...attributions, ...associations].map((a) => a.contextId))].sort((a, b) => a - b);
  const contextRows = contextIds.length ? await tx.findNodes('context', { ids: contextIds }) : [];
  const typesOf = async (kind: NodeKind, rows: readonly NodeRow[]) => {
    const ids = [...new Set(rows.map((r) => r.typeId))];
    if (ids.length === 0) return [];
    const typeKind = kind === 'execution' ? 0 : kind === 'artifact' ? 1 : 2;
    return helpers.hydrateTypes(kind, await tx.findTypes({ kind: typeKind, ids }));
  };
  return {
    artifacts: wanted('artifacts') ? await helpers.hydrateNodes('artifact', artifactRows) : [],
    executions: wanted('executions') ? await helpers.hydrateNodes('execution', executionRows) : [],
    contexts: wanted('contexts') ? await helpers.hydrateNodes('context', contextRows) : [],
    artifactTypes: wanted('artifact_types') ? await typesOf('artifact', artifactRows) : [],
    executionTypes: wanted('execution_types') ? await typesOf('execution', executionRows) : [],
    contextTypes: wanted('context_types') ? await typesOf('context', contextRows) : [],
    events: wanted('events') ? [...events.values()].sort((a, b) => a.id - b.id).map(toEvent) : [],
    attributions: wanted('attributions')
      ? attributions.map((a) => ({ artifactId: a.artifactId, contextId: a.contextId }))
      : [],
    associations: wanted('associations')
      ? associations.map((a) => ({ executionId: a.executionId, contextId: a.contextId }))
      : [],
  } as unknown as LineageGraph;
}
