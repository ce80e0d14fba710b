import { UsageError } from '../../_util/errors.js';
import type { LineageDirection } from '../../metadata/metadata-store.js';
import type { Artifact, Execution, LineageGraph } from '../../metadata/types.js';
import { booleanOption, defineCommand, ExitCode, integerOption, stringOption } from '../command.js';
import { openStoreForReading, storeOption } from './metadata-store-option.js';

const DIRECTIONS: Readonly<Record<string, LineageDirection>> = {
  up: 'UPSTREAM',
  down: 'DOWNSTREAM',
  both: 'BIDIRECTIONAL',
};

/** A filter_query string literal: double quotes, with `\` and `"` escaped. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function artifactLabel(a: Artifact): string {
  return [`artifact #${a.id}`, a.type, a.uri ?? a.name, a.state].filter(Boolean).join(' ');
}

function executionLabel(e: Execution): string {
  return [`execution #${e.id}`, e.type, e.name, e.lastKnownState].filter(Boolean).join(' ');
}

/**
 * The graph without cached reruns: every rerun served from the cache records an execution (state
 * CACHED) with events to the artifacts it reused, which buries the one run that made them.
 */
function withoutCachedReruns(graph: LineageGraph): { graph: LineageGraph; hidden: number } {
  const cached = new Set(graph.executions.filter((e) => e.lastKnownState === 'CACHED').map((e) => e.id));
  if (cached.size === 0) return { graph, hidden: 0 };
  return {
    graph: {
      ...graph,
      executions: graph.executions.filter((e) => !cached.has(e.id)),
      events: graph.events.filter((ev) => !cached.has(ev.executionId)),
    },
    hidden: cached.size,
  };
}

function renderText(graph: LineageGraph, start: string, hidden: number): string {
  const lines = [
    `lineage of ${start}: ${graph.artifacts.length} artifact(s), ${graph.executions.length} execution(s), ${graph.events.length} event(s)${
      hidden > 0 ? `; ${hidden} cached rerun(s) hidden (--show-cached shows them)` : ''
    }`,
  ];
  if (graph.artifacts.length) lines.push('artifacts:', ...graph.artifacts.map((a) => `  ${artifactLabel(a)}`));
  if (graph.executions.length) lines.push('executions:', ...graph.executions.map((e) => `  ${executionLabel(e)}`));
  if (graph.events.length) {
    lines.push('events:');
    for (const ev of graph.events) {
      const input = ev.type === 'INPUT' || ev.type === 'DECLARED_INPUT' || ev.type === 'INTERNAL_INPUT';
      lines.push(
        input
          ? `  artifact #${ev.artifactId} --${ev.type}--> execution #${ev.executionId}`
          : `  execution #${ev.executionId} --${ev.type}--> artifact #${ev.artifactId}`,
      );
    }
  }
  if (graph.contexts.length) {
    lines.push(
      'contexts:',
      ...graph.contexts.map((c) => `  context #${c.id} ${c.type ?? ''} ${c.name ?? ''}`.trimEnd()),
    );
  }
  return `${lines.join('\n')}\n`;
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function renderDot(graph: LineageGraph): string {
  const lines = ['digraph lineage {', '  rankdir=LR;'];
  for (const a of graph.artifacts) {
    lines.push(
      `  a${a.id} [shape=box, label=${dotString(`${a.type ?? 'artifact'} #${a.id}\n${a.uri ?? a.name ?? ''}`)}];`,
    );
  }
  for (const e of graph.executions) {
    lines.push(`  e${e.id} [shape=ellipse, label=${dotString(`${e.type ?? 'execution'} #${e.id}\n${e.name ?? ''}`)}];`);
  }
  for (const ev of graph.events) {
    const input = ev.type === 'INPUT' || ev.type === 'DECLARED_INPUT' || ev.type === 'INTERNAL_INPUT';
    const [from, to] = input
      ? [`a${ev.artifactId}`, `e${ev.executionId}`]
      : [`e${ev.executionId}`, `a${ev.artifactId}`];
    lines.push(`  ${from} -> ${to} [label=${dotString(ev.type ?? '')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export default defineCommand({
  name: 'lineage',
  summary: 'Show the lineage (upstream and downstream) of an artifact in the metadata store.',
  positionals: [{ name: 'ARTIFACT', description: 'Artifact id, or its URI.', required: true }],
  options: {
    hops: { type: 'string', valueName: 'N', description: 'Hops to follow (artifact→execution→artifact); default 100.' },
    direction: {
      type: 'string',
      choices: ['up', 'down', 'both'],
      default: 'both',
      description: 'Which way to follow.',
    },
    format: { type: 'string', choices: ['text', 'json', 'dot'], default: 'text', description: 'Output format.' },
    'show-cached': {
      type: 'boolean',
      description: 'Also show the executions of reruns served from the cache (hidden by default).',
    },
    store: storeOption,
  },
  examples: ['datavet lineage 12', 'datavet lineage gs://bucket/stats --direction up --format dot | dot -Tsvg > l.svg'],
  async run(args, io) {
    const target = args.positionals[0] as string;
    const hops = integerOption(args, 'hops');
    if (hops !== undefined && (hops < 0 || hops > 100)) throw new UsageError('--hops must be between 0 and 100');
    const direction = DIRECTIONS[stringOption(args, 'direction') ?? 'both'] as LineageDirection;
    const filterQuery = /^\d+$/.test(target) ? `id = ${target}` : `uri = ${quote(target)}`;
    const store = await openStoreForReading(stringOption(args, 'store'), io);
    let full: LineageGraph;
    try {
      full = await store.getLineageSubgraph({
        startingArtifacts: { filterQuery },
        direction,
        ...(hops !== undefined ? { maxNumHops: hops } : {}),
      });
    } finally {
      await store.close();
    }
    const { graph, hidden } = booleanOption(args, 'show-cached')
      ? { graph: full, hidden: 0 }
      : withoutCachedReruns(full);
    const format = stringOption(args, 'format');
    const start = /^\d+$/.test(target) ? `artifact #${target}` : target;
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify(graph, null, 2)}\n`
        : format === 'dot'
          ? renderDot(graph)
          : renderText(graph, start, hidden),
    );
    return ExitCode.OK;
  },
});
