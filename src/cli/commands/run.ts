import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { UsageError } from '../../_util/errors.js';
import { formatTextTable } from '../../_util/text-table.js';
import { DEFAULT_METADATA_STORE, describeStoreUrl } from '../../metadata/open-metadata-store.js';
import type { PipelineEvent } from '../../pipeline/component.js';
import { loadPipelineConfig } from '../../pipeline/load-pipeline-config.js';
import type { FailOnPolicy, PipelineConfig } from '../../pipeline/pipeline-config.js';
import { type PipelineRunResult, runPipeline } from '../../pipeline/run-pipeline.js';
import { renderGithubStepSummary } from '../../report/github.js';
import { anomalyEntries, type FailOn, type OutcomeSource } from '../../report/validation-outcome.js';
import { formatFromPath } from '../../tfmd/index.js';
import {
  booleanOption,
  type CliIo,
  defineCommand,
  ExitCode,
  integerOption,
  stringOption,
  terminalWidth,
} from '../command.js';
import { renderCiFormat, repositoryPath, schemaSource } from '../gate.js';

/** Config file names looked for in the working directory when none is given. */
const DEFAULT_CONFIGS = ['datavet.config.json', 'datavet.config.yaml', 'datavet.config.yml'];

/**
 * Test hook (docs/pipeline.md): `DATAVET_TEST_FAIL_NODE=<node id>` makes that component's executor
 * throw an internal error, to exercise the FAILED execution state and exit code 3.
 */
export const FAIL_NODE_ENV = 'DATAVET_TEST_FAIL_NODE';

/** Test hook (docs/monitoring.md): `DATAVET_TEST_HANG_NODE=SpanMonitor.<split>` stops that node before it publishes. */
export const HANG_NODE_ENV = 'DATAVET_TEST_HANG_NODE';

function findConfig(given: string | undefined, cwd: string): string {
  if (given !== undefined) return resolve(cwd, given);
  for (const name of DEFAULT_CONFIGS) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new UsageError(`no config file given and none of ${DEFAULT_CONFIGS.join(', ')} in ${cwd}`, {
    hint: "pass one, e.g. 'datavet run datasets/chicago_taxi/datavet.config.json' (see docs/pipeline.md)",
  });
}

/** A path for display: relative to the working directory when inside it. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The human summary: per split rows, features and anomalies, each anomaly, and where everything is. */
export function renderRunSummary(result: PipelineRunResult, cwd: string, width?: number): string {
  const ran = result.components.filter((c) => c.state === 'COMPLETE').length;
  const cached = result.components.length - ran;
  const lines = [
    `datavet run ${result.pipelineName} (run ${result.runId})`,
    `components: ${result.components.length} (${ran} ran, ${cached} from cache)`,
    ...result.components.flatMap((c) => c.cacheRejections.map((reason) => `  ${c.nodeId} ran again: ${reason}`)),
    ...result.abandoned.map((a) => `  execution #${a.executionId} (${a.name}) marked FAILED: ${a.reason}`),
    '',
  ];
  const rows = [['split', 'environment', 'rows', 'features', 'errors', 'warnings', 'compared with']];
  for (const s of result.splits) {
    const compared = [
      s.span !== undefined ? `span ${s.span} v${s.version ?? 0}` : '',
      s.driftAgainst ? `drift vs ${s.driftAgainst}` : '',
      s.driftAgainstSpans?.length ? `drift vs span ${s.driftAgainstSpans.join(', ')}` : '',
      s.skewAgainst ? `skew vs ${s.skewAgainst}` : '',
    ].filter(Boolean);
    rows.push([
      s.name,
      s.environment ?? '-',
      s.rows.toLocaleString('en-US'),
      String(s.features),
      String(s.errors),
      String(s.warnings),
      compared.join(', ') || '-',
    ]);
  }
  lines.push(...formatTextTable(rows), '');
  const withAnomalies = result.outcomes.filter((o) => anomalyEntries(o.anomalies).length > 0);
  if (withAnomalies.length > 0) {
    lines.push('anomalies:');
    for (const outcome of withAnomalies) {
      lines.push(`  ${outcome.name}`);
      const entries = anomalyEntries(outcome.anomalies).flatMap(({ key, info }) => {
        const reasons = info.reason?.length ? info.reason : [info];
        return reasons.map((r) => [
          `    ${info.severity ?? 'UNKNOWN'}`,
          key,
          `${r.shortDescription ?? ''}: ${r.description ?? ''}`.replace(/\s+/g, ' '),
        ]);
      });
      lines.push(...formatTextTable(entries, width !== undefined ? { width } : {}));
    }
    lines.push('');
  }
  const schema = result.schema;
  const version = schema.version !== undefined ? `, version ${schema.version}` : '';
  const source =
    schema.source === 'inferred' ? `inferred from ${schema.from}` : `imported from ${shown(schema.from, cwd)}`;
  const anomaliesIds = result.splits.map((s) => s.anomaliesArtifactId);
  const store = shown(describeStoreUrl(result.metadataStore), cwd);
  // `datavet lineage` finds the default store by itself; any other needs --store.
  const storeFlag = result.metadataStore === resolve(cwd, DEFAULT_METADATA_STORE) ? '' : ` --store ${store}`;
  lines.push(
    `schema:     ${shown(schema.file, cwd)} (Schema #${schema.artifactId}${version}, ${source})`,
    `artifacts:  ${shown(result.pipelineRoot, cwd)}`,
    `metadata:   ${store} (lineage: datavet lineage ${anomaliesIds[anomaliesIds.length - 1] ?? ''} --direction up${storeFlag})`,
  );
  if (result.reportFile) lines.push(`report:     ${shown(result.reportFile, cwd)}`);
  const errors = result.splits.reduce((n, s) => n + s.errors, 0);
  const warnings = result.splits.reduce((n, s) => n + s.warnings, 0);
  lines.push(
    '',
    `result: ${result.passed ? 'passed' : 'FAILED'} (${errors} error(s), ${warnings} warning(s); fail-on ${result.failOn})`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * What a reviewer opens for a split's anomalies: a curated schema kept as text in the repository
 * (each feature's line), else the config entry of the split. Artifacts never: they are binary and
 * live outside the repository.
 */
async function outcomeSources(
  config: PipelineConfig,
  io: CliIo,
): Promise<(split: string) => OutcomeSource | undefined> {
  const read = (path: string) => readFile(path, 'utf8').catch(() => undefined);
  if (config.schema.kind === 'import' && formatFromPath(config.schema.path) === 'text') {
    const schema = schemaSource(config.schema.path, await read(config.schema.path), io);
    if (schema) return () => schema;
  }
  const file = config.file !== undefined ? repositoryPath(config.file, io) : undefined;
  const text = config.file !== undefined ? await read(config.file) : undefined;
  if (file === undefined || text === undefined) return () => undefined;
  const lines = text.split('\n');
  return (split) => {
    const quoted = JSON.stringify(split);
    const pattern = new RegExp(
      `^\\s*-?\\s*["']?name["']?\\s*:\\s*(${escapeRegExp(quoted)}|${escapeRegExp(split)}\\s*,?\\s*$)`,
    );
    const at = lines.findIndex((line) => pattern.test(line));
    return { file, lines: { '(dataset)': at < 0 ? 1 : at + 1 } };
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The machine-readable result (`--format json`). */
export function runResultJson(result: PipelineRunResult, exitCode: number): unknown {
  return {
    passed: result.passed,
    exitCode,
    failOn: result.failOn,
    pipeline: result.pipelineName,
    runId: result.runId,
    pipelineRoot: result.pipelineRoot,
    // Never print a database password.
    metadataStore: describeStoreUrl(result.metadataStore),
    report: result.reportFile ?? null,
    abandonedExecutions: result.abandoned,
    schema: result.schema,
    components: result.components.map((c) => ({
      nodeId: c.nodeId,
      component: c.kind,
      state: c.state,
      executionId: c.executionId,
      ...(c.cachedExecutionId !== undefined ? { cachedExecutionId: c.cachedExecutionId } : {}),
      ...(c.cacheRejections.length > 0 ? { cacheRejections: c.cacheRejections } : {}),
      outputs: Object.fromEntries(
        Object.entries(c.outputs).map(([k, a]) => [k, { artifactId: a.id, type: a.type, uri: a.uri }]),
      ),
    })),
    splits: result.splits,
    validations: result.outcomes.map((o) => ({
      name: o.name,
      file: o.anomaliesUri ?? null,
      anomalies: anomalyEntries(o.anomalies).map(({ key, info }) => ({
        feature: key,
        severity: info.severity ?? 'UNKNOWN',
        types: (info.reason ?? []).map((r) => r.type ?? 'UNKNOWN_TYPE'),
        shortDescription: info.shortDescription ?? '',
        description: info.description ?? '',
      })),
    })),
  };
}

/** Progress on a terminal: one rewritten line per component, with a bar while data is read. */
class Progress {
  private current = '';
  constructor(private readonly io: CliIo) {}

  handle(event: PipelineEvent): void {
    if (event.type === 'component-start') {
      this.line(`[${event.index + 1}/${event.total}] ${event.nodeId} …`);
    } else if (event.type === 'read-progress') {
      const total = event.totalBytes;
      if (!total) return;
      const fraction = Math.min(1, event.bytesRead / total);
      const width = 24;
      const filled = Math.round(fraction * width);
      this.line(
        `${this.current.replace(/ \[.*$/, '').replace(/ …$/, '')} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${event.rowsRead.toLocaleString('en-US')} rows`,
      );
    } else {
      const how = event.run.state === 'CACHED' ? 'cached' : `ran in ${(event.run.durationMs / 1000).toFixed(1)} s`;
      this.line(`[${event.index + 1}/${event.total}] ${event.run.nodeId}: ${how}`);
      if (event.index + 1 === event.total) this.end();
    }
  }

  private line(text: string): void {
    this.current = text;
    this.io.stderr.write(`\r\x1b[K${text}`);
  }

  end(): void {
    if (this.current) this.io.stderr.write('\r\x1b[K');
    this.current = '';
  }
}

export default defineCommand({
  name: 'run',
  summary:
    'Run the validation pipeline of a config (statistics, schema, anomalies, skew, drift) with lineage and caching.',
  description:
    'Runs StatisticsGen, SchemaGen (or ImportSchemaGen) and ExampleValidator as TFX does, records every execution and\n' +
    'artifact in ML Metadata, and reuses the outputs of components whose inputs and configuration are unchanged.\n' +
    'Exit codes: 0 passed, 1 anomalies at ERROR (or WARNING with --fail-on warning), 2 usage or config error,\n' +
    '3 internal error. CONFIG defaults to datavet.config.json (or .yaml) in the current directory; see docs/pipeline.md.',
  positionals: [{ name: 'CONFIG', role: 'input', description: 'Pipeline config (datavet.config.json or YAML).' }],
  options: {
    format: {
      type: 'string',
      choices: ['text', 'json', 'junit', 'github', 'markdown'],
      default: 'text',
      description:
        'What stdout gets: a summary, JSON, JUnit XML, GitHub Actions annotations (and a step summary when GITHUB_ACTIONS=true), or Markdown.',
    },
    output: {
      role: 'output',
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'Write the --format output to FILE instead; stdout then gets the text summary.',
    },
    'fail-on': {
      type: 'string',
      choices: ['error', 'warning', 'never'],
      description: 'Lowest severity that makes the exit code 1 (overrides the config; default error).',
    },
    'no-cache': { type: 'boolean', description: 'Run every component even when cached outputs exist.' },
    store: {
      type: 'string',
      valueName: 'URL',
      description:
        'Metadata store (SQLite path, sqlite:PATH, postgres://…, mysql://…, memory:). Default: config "metadata", else $DATAVET_METADATA_STORE, else .datavet/metadata.sqlite.',
    },
    'pipeline-root': {
      type: 'string',
      valueName: 'DIR',
      description: 'Where artifacts are written. Default: config "pipelineRoot", else .datavet/pipeline.',
    },
    report: {
      role: 'output',
      type: 'string',
      valueName: 'FILE',
      description: 'Where the HTML report goes (default .datavet/report.html).',
    },
    'no-report': { type: 'boolean', description: 'Do not write the HTML report.' },
    'run-id': {
      type: 'string',
      valueName: 'ID',
      description: 'Name of the pipeline_run context (default: name-timestamp-random).',
    },
    span: {
      type: 'string',
      valueName: 'N',
      description: 'The span to read from {SPAN} or {YYYY}-{MM}-{DD} input patterns (default: the latest on disk).',
    },
  },
  examples: [
    'datavet run datasets/chicago_taxi/datavet.config.json',
    'datavet run --format junit -o datavet-junit.xml',
    'datavet run --format github --fail-on warning',
  ],
  async run(args, io) {
    const configPath = findConfig(args.positionals[0], io.cwd);
    const config = await loadPipelineConfig(configPath);
    const quiet = booleanOption(args, 'quiet');
    const format = stringOption(args, 'format') ?? 'text';
    const output = stringOption(args, 'output');
    const failOnOption = stringOption(args, 'fail-on') as FailOnPolicy | undefined;
    const store = stringOption(args, 'store') ?? (config.metadata ? undefined : io.env.DATAVET_METADATA_STORE);
    const reportPath = stringOption(args, 'report');
    if (reportPath !== undefined && booleanOption(args, 'no-report')) {
      throw new UsageError('run: --report and --no-report contradict each other');
    }
    const pipelineRoot = stringOption(args, 'pipeline-root');
    const runId = stringOption(args, 'run-id');
    const failNode = io.env[FAIL_NODE_ENV];
    const hangNode = io.env[HANG_NODE_ENV];
    const span = integerOption(args, 'span');
    const progress = !quiet && io.stderr.isTTY === true ? new Progress(io) : undefined;
    let result: PipelineRunResult;
    try {
      result = await runPipeline(config, {
        cwd: io.cwd,
        useCache: !booleanOption(args, 'no-cache'),
        ...(store !== undefined ? { metadata: store } : {}),
        ...(pipelineRoot !== undefined ? { pipelineRoot } : {}),
        ...(booleanOption(args, 'no-report')
          ? { report: false }
          : reportPath !== undefined
            ? { report: reportPath }
            : {}),
        ...(failOnOption ? { failOn: failOnOption } : {}),
        ...(runId !== undefined ? { runId } : {}),
        ...(failNode ? { failNodeId: failNode } : {}),
        ...(hangNode ? { hangNodeId: hangNode } : {}),
        ...(span !== undefined ? { span } : {}),
        ...(progress ? { onEvent: (event: PipelineEvent) => progress.handle(event) } : {}),
      });
    } finally {
      progress?.end();
    }
    const exitCode = result.passed ? ExitCode.OK : ExitCode.FAILED;
    // The renderers know two thresholds; `never` only changes the exit code.
    const failOn: FailOn = result.failOn === 'warning' ? 'warning' : 'error';
    const sources = await outcomeSources(config, io);
    const outcomes = result.outcomes.map((o) => {
      const source = o.split !== undefined ? sources(o.split) : undefined;
      return source ? { ...o, source } : o;
    });
    const formatted =
      format === 'json'
        ? `${JSON.stringify(runResultJson(result, exitCode), null, 2)}\n`
        : (renderCiFormat(format, outcomes, failOn) ?? renderRunSummary(result, io.cwd, terminalWidth(args, io)));
    if (output !== undefined) {
      await writeFileAtomic(resolve(io.cwd, output), formatted);
      io.stdout.write(renderRunSummary(result, io.cwd, terminalWidth(args, io)));
    } else {
      io.stdout.write(formatted);
    }
    if (format === 'github' && io.env.GITHUB_ACTIONS === 'true' && io.env.GITHUB_STEP_SUMMARY) {
      await appendFile(io.env.GITHUB_STEP_SUMMARY, `${renderGithubStepSummary(outcomes, failOn)}\n`);
    }
    if (!quiet && format !== 'text' && output === undefined) {
      // Data formats own stdout; say where the artifacts are on stderr.
      const where = [
        `artifacts ${shown(result.pipelineRoot, io.cwd)}`,
        `metadata ${shown(describeStoreUrl(result.metadataStore), io.cwd)}`,
      ];
      if (result.reportFile) where.push(`report ${shown(result.reportFile, io.cwd)}`);
      io.stderr.write(`datavet run: ${result.passed ? 'passed' : 'failed'}; ${where.join(', ')}\n`);
    }
    return exitCode;
  },
});
