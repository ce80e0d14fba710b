import { readableLabel } from './readable-label.js';
import { anomalyEntries, type FailOn, failsGate, outcomesFail, type ValidationOutcome } from './validation-outcome.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown report (pull-request comments, step summaries): a verdict, then a table per validation. */
export function renderMarkdown(outcomes: readonly ValidationOutcome[], failOn: FailOn = 'error'): string {
  const failed = outcomesFail(outcomes, failOn);
  const lines = [`## datavet: ${failed ? '❌ failed' : '✅ passed'}`, ''];
  for (const outcome of outcomes) {
    const entries = anomalyEntries(outcome.anomalies);
    lines.push(`### ${outcome.name}`, '');
    if (entries.length === 0) {
      lines.push('No anomalies.', '');
      continue;
    }
    lines.push('| feature | severity | anomaly | description |', '|---|---|---|---|');
    for (const { key, info } of entries) {
      const mark = failsGate(info.severity, failOn) ? '❌' : '⚠️';
      lines.push(
        `| \`${cell(key)}\` | ${mark} ${info.severity ?? 'UNKNOWN'} | ${cell(readableLabel(info))} | ${cell(info.description ?? '')} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
