import { renderMarkdown } from './markdown.js';
import { readableLabel } from './readable-label.js';
import { anomalyEntries, type FailOn, failsGate, type ValidationOutcome } from './validation-outcome.js';

/** Workflow-command escaping (GitHub Actions): `%`, CR and LF in messages; also `:` and `,` in properties. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions annotations, one `::error` / `::warning` line per anomaly: they show on the
 * run's summary page and, with `file=` and `line=`, on that line of the file in the pull request.
 * They point only at a validation's source (a repository-relative schema or config), never at an
 * artifact: artifacts are binary and outside the repository.
 */
export function renderGithubAnnotations(outcomes: readonly ValidationOutcome[], failOn: FailOn = 'error'): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    for (const { key, info } of anomalyEntries(outcome.anomalies)) {
      const level = failsGate(info.severity, failOn) ? 'error' : 'warning';
      const properties = [`title=${escapeProperty(`datavet ${outcome.name}: ${key}: ${readableLabel(info)}`)}`];
      const source = outcome.source;
      if (source) {
        const line = source.lines[key] ?? source.lines['(dataset)'];
        properties.unshift(`file=${escapeProperty(source.file)}`, ...(line !== undefined ? [`line=${line}`] : []));
      }
      lines.push(`::${level} ${properties.join(',')}::${escapeData(info.description ?? info.shortDescription ?? '')}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The Markdown written to `$GITHUB_STEP_SUMMARY` alongside the annotations. */
export function renderGithubStepSummary(outcomes: readonly ValidationOutcome[], failOn: FailOn = 'error'): string {
  return renderMarkdown(outcomes, failOn);
}
