import { renderMarkdown } from './markdown.js';
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
 * run's summary page and, with `file=`, on the file in the pull request.
 */
export function renderGithubAnnotations(outcomes: readonly ValidationOutcome[], failOn: FailOn = 'error'): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    for (const { key, info } of anomalyEntries(outcome.anomalies)) {
      const level = failsGate(info.severity, failOn) ? 'error' : 'warning';
      const properties = [
        `title=${escapeProperty(`datavet ${outcome.name}: ${key}: ${info.shortDescription ?? 'anomaly'}`)}`,
      ];
      if (outcome.anomaliesUri) properties.unshift(`file=${escapeProperty(outcome.anomaliesUri)}`);
      lines.push(`::${level} ${properties.join(',')}::${escapeData(info.description ?? info.shortDescription ?? '')}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The Markdown written to `$GITHUB_STEP_SUMMARY` alongside the annotations. */
export function renderGithubStepSummary(outcomes: readonly ValidationOutcome[], failOn: FailOn = 'error'): string {
  return renderMarkdown(outcomes, failOn);
}
