import { isAbsolute, relative } from 'node:path';
import { UsageError } from '../_util/errors.js';
import { type SeverityPolicy, severityPolicy } from '../anomalies/severity.js';
import { renderGithubAnnotations } from '../report/github.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import type { FailOn, OutcomeSource, ValidationOutcome } from '../report/validation-outcome.js';
import { tfmdRegistry } from '../tfmd/index.js';
import type { AnomalyType, Severity } from '../tfmd/types.js';
import {
  booleanOption,
  type CliIo,
  type OptionSpec,
  type ParsedCommandArgs,
  stringListOption,
  stringOption,
} from './command.js';

/**
 * The CI gate's options, the same on `run`, `validate` and `compare`: which severity fails, how
 * severities are overridden, and the machine-readable formats a CI system reads.
 */
export const gateOptions = {
  'fail-on': {
    type: 'string',
    description: 'Lowest severity that makes the exit code 1.',
    choices: ['error', 'warning'],
    default: 'error',
  },
  severity: {
    type: 'string',
    multiple: true,
    valueName: 'TYPE=LEVEL',
    description:
      "Grade an anomaly type (TFDV's severity overrides), e.g. ENUM_TYPE_UNEXPECTED_STRING_VALUES=WARNING. Repeatable.",
  },
  'new-features-as-warnings': {
    type: 'boolean',
    description: 'Grade features the schema does not know (SCHEMA_NEW_COLUMN) as WARNING.',
  },
} as const satisfies Record<string, OptionSpec>;

/** The formats every gating command writes besides its own readable one. */
export const CI_FORMATS = ['json', 'junit', 'github', 'markdown'] as const;

const SEVERITIES: readonly Severity[] = ['ERROR', 'WARNING', 'UNKNOWN'];

/** `--severity TYPE=LEVEL` as TFDV's severity overrides; a type or level TFDV does not know is a usage error. */
export function severityOverrides(args: ParsedCommandArgs): { type: AnomalyType; severity: Severity }[] {
  const types = tfmdRegistry.enum('tensorflow.metadata.v0.AnomalyInfo.Type').numberByName;
  return stringListOption(args, 'severity').map((entry) => {
    const [type = '', level = ''] = entry.split('=').map((s) => s.trim());
    const severity = level.toUpperCase();
    if (!types.has(type)) {
      throw new UsageError(`--severity ${entry}: '${type}' is not a TFDV anomaly type`, {
        hint: 'use the type as the anomalies show it, e.g. --severity ENUM_TYPE_UNEXPECTED_STRING_VALUES=WARNING',
      });
    }
    if (!SEVERITIES.includes(severity as Severity)) {
      throw new UsageError(`--severity ${entry}: '${level}' is not a severity; expected ERROR, WARNING or UNKNOWN`);
    }
    return { type: type as AnomalyType, severity: severity as Severity };
  });
}

/**
 * The gate's severity flags (`--severity TYPE=LEVEL` in order, after `--new-features-as-warnings`)
 * as the anomalies layer's normalised policy: the CLI's edge conversion.
 */
export function severityPolicyOf(args: ParsedCommandArgs): SeverityPolicy {
  return severityPolicy({
    newFeaturesAreWarnings: booleanOption(args, 'new-features-as-warnings'),
    severityOverrides: severityOverrides(args),
  });
}

/** `--fail-on` as the renderers' threshold. */
export function failOnOf(args: ParsedCommandArgs): FailOn {
  return stringOption(args, 'fail-on') === 'warning' ? 'warning' : 'error';
}

/** The JUnit, GitHub or Markdown rendering of the outcomes; undefined for the command's own formats. */
export function renderCiFormat(
  format: string,
  outcomes: readonly ValidationOutcome[],
  failOn: FailOn,
): string | undefined {
  if (format === 'junit') return renderJunit(outcomes, failOn);
  if (format === 'github') return renderGithubAnnotations(outcomes, failOn);
  if (format === 'markdown') return renderMarkdown(outcomes, failOn);
  return undefined;
}

/**
 * A path as a reviewer opens it: relative to the repository (GitHub's workspace, else the working
 * directory). Undefined when the file lies outside it, since an annotation cannot point there.
 */
export function repositoryPath(path: string, io: CliIo): string | undefined {
  const root = io.env.GITHUB_WORKSPACE ?? io.cwd;
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split('\\').join('/');
}

/** The line of each top-level feature's `name:` in a schema's text format (1-based). */
export function featureLines(text: string): Record<string, number> {
  const lines: Record<string, number> = Object.create(null);
  const token = /#[^\n]*|"((?:[^"\\\n]|\\.)*)"|[{}<>]|[A-Za-z_]\w*|\n/g;
  let line = 1;
  let depth = 0;
  let inFeature = false;
  let previous = '';
  for (const match of text.matchAll(token)) {
    const t = match[0];
    if (t === '\n') {
      line++;
      continue;
    }
    if (t.startsWith('#')) continue;
    if (t === '{' || t === '<') {
      if (depth === 0) inFeature = previous === 'feature';
      depth++;
    } else if (t === '}' || t === '>') {
      depth--;
    } else if (match[1] !== undefined && inFeature && depth === 1 && previous === 'name') {
      if (lines[match[1]] === undefined) lines[match[1]] = line;
    }
    previous = t;
  }
  return lines;
}

/** Where annotations of a schema-checked outcome point: the schema's text, feature by feature. */
export function schemaSource(path: string, text: string | undefined, io: CliIo): OutcomeSource | undefined {
  const file = repositoryPath(path, io);
  if (file === undefined || text === undefined) return undefined;
  return { file, lines: { '(dataset)': 1, ...featureLines(text) } };
}
