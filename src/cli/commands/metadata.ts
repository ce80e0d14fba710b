import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../_util/errors.js';
import { describeStoreUrl } from '../../metadata/open-metadata-store.js';
import type { Artifact, Context, Execution, MetadataValue } from '../../metadata/types.js';
import { upgradeMetadataStore } from '../../metadata/upgrade-metadata-store.js';
import { defineCommand, ExitCode, integerOption, stringOption } from '../command.js';
import { openStoreForReading, sqlitePathOf, storeOption, storeUrlOf } from './metadata-store-option.js';

type AnyNode = Artifact & Execution & Context;

function valueText(value: MetadataValue): string {
  if (value.intValue !== undefined) return String(value.intValue);
  if (value.doubleValue !== undefined) return String(value.doubleValue);
  if (value.stringValue !== undefined) return JSON.stringify(value.stringValue);
  if (value.boolValue !== undefined) return String(value.boolValue);
  if (value.structValue !== undefined) return JSON.stringify(value.structValue);
  if (value.protoValue !== undefined) return `<${value.protoValue.typeUrl}>`;
  return '';
}

function nodeLine(kind: string, node: AnyNode): string {
  const parts = [`#${node.id}`, node.type ?? `type ${node.typeId}`];
  if (node.name) parts.push(`name=${JSON.stringify(node.name)}`);
  if (kind === 'artifacts' && node.uri) parts.push(`uri=${node.uri}`);
  if (node.state) parts.push(node.state);
  if (node.lastKnownState) parts.push(node.lastKnownState);
  const props = [
    ...Object.entries(node.properties ?? {}).map(([k, v]) => `${k}=${valueText(v)}`),
    ...Object.entries(node.customProperties ?? {}).map(([k, v]) => `${k}=${valueText(v)}`),
  ];
  if (props.length) parts.push(props.join(' '));
  if (node.createTimeSinceEpoch) parts.push(new Date(node.createTimeSinceEpoch).toISOString());
  return parts.join('  ');
}

const list = defineCommand({
  name: 'list',
  summary: 'List artifacts, executions or contexts in the metadata store.',
  description:
    'FILTER is an ML Metadata filter_query, e.g. "uri LIKE \'%stats%\' AND state = LIVE" or "contexts_p.name = \'taxi\'".',
  positionals: [{ name: 'KIND', description: 'artifacts, executions or contexts.', required: true }],
  options: {
    type: { type: 'string', valueName: 'TYPE', description: 'Only nodes of this type name.' },
    filter: { type: 'string', valueName: 'FILTER', description: 'ML Metadata filter_query.' },
    limit: { type: 'string', valueName: 'N', description: 'At most N nodes (newest first when set).' },
    store: storeOption,
    format: { type: 'string', choices: ['text', 'json'], default: 'text', description: 'Output format.' },
  },
  examples: [
    'datavet metadata list artifacts --type ExampleStatistics',
    'datavet metadata list executions --filter "last_known_state = FAILED" --format json',
  ],
  async run(args, io) {
    const kind = args.positionals[0];
    if (kind !== 'artifacts' && kind !== 'executions' && kind !== 'contexts') {
      throw new UsageError(`metadata list: KIND must be artifacts, executions or contexts, not '${kind}'`);
    }
    const limit = integerOption(args, 'limit');
    if (limit !== undefined && limit <= 0) throw new UsageError('--limit must be a positive integer');
    const typeName = stringOption(args, 'type');
    const filter = stringOption(args, 'filter');
    const store = await openStoreForReading(stringOption(args, 'store'), io);
    let nodes: AnyNode[];
    try {
      const options = {
        ...(filter ? { filterQuery: filter } : {}),
        ...(limit !== undefined ? { limit, isAsc: false } : {}),
      };
      const lists = {
        artifacts: () => (typeName ? store.getArtifactsByType(typeName, options) : store.getArtifacts(options)),
        executions: () => (typeName ? store.getExecutionsByType(typeName, options) : store.getExecutions(options)),
        contexts: () => (typeName ? store.getContextsByType(typeName, options) : store.getContexts(options)),
      };
      nodes = (await lists[kind]()).items as AnyNode[];
    } finally {
      await store.close();
    }
    if (stringOption(args, 'format') === 'json') {
      io.stdout.write(`${JSON.stringify(nodes, null, 2)}\n`);
    } else if (nodes.length === 0) {
      io.stdout.write(`no ${kind}\n`);
    } else {
      io.stdout.write(`${nodes.map((n) => nodeLine(kind, n)).join('\n')}\n`);
    }
    return ExitCode.OK;
  },
});

const upgrade = defineCommand({
  name: 'upgrade',
  summary: 'Upgrade a metadata store written by an older ml-metadata (schema 0-9) to schema v10.',
  description:
    'Rows are kept. SQLite and PostgreSQL upgrade in one transaction; MySQL/MariaDB cannot roll DDL back, so back the database up first (a failed run resumes when run again).',
  options: { store: storeOption },
  examples: [
    'datavet metadata upgrade --store old-mlmd.sqlite',
    'datavet metadata upgrade --store mysql://root@db:3306/mlmd',
  ],
  async run(args, io) {
    const url = storeUrlOf(stringOption(args, 'store'), io);
    const sqlitePath = sqlitePathOf(url);
    if (sqlitePath !== undefined && sqlitePath !== ':memory:' && !existsSync(resolve(io.cwd, sqlitePath))) {
      throw new UsageError(`no metadata store at ${resolve(io.cwd, sqlitePath)}`, {
        hint: 'point --store (or DATAVET_METADATA_STORE) at the store to upgrade',
      });
    }
    const result = await upgradeMetadataStore({ url, cwd: io.cwd });
    const where = describeStoreUrl(url);
    if (result.created) io.stdout.write(`${where}: was empty; created schema v${result.toVersion}\n`);
    else if (result.fromVersion === result.toVersion)
      io.stdout.write(`${where}: already at schema v${result.toVersion}\n`);
    else {
      io.stdout.write(`${where}: upgraded schema v${result.fromVersion} -> v${result.toVersion}\n`);
      if (result.removedDuplicateEvents > 0) {
        io.stdout.write(
          `removed ${result.removedDuplicateEvents} duplicate event(s) (same artifact, execution and type as an earlier event)\n`,
        );
      }
    }
    return ExitCode.OK;
  },
});

export default defineCommand({
  name: 'metadata',
  summary: 'Inspect the ML Metadata store (artifacts, executions, contexts); upgrade an older one.',
  subcommands: { list: async () => list, upgrade: async () => upgrade },
});
