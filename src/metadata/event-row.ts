import type { EventRow } from './backend.js';
import { EVENT_TYPES, type Event } from './types.js';

/** An event row as the API returns it: the path only when it has steps. */
export function toEvent(row: EventRow): Event {
  const event: Record<string, unknown> = {
    artifactId: row.artifactId,
    executionId: row.executionId,
    type: EVENT_TYPES[row.type] ?? 'UNKNOWN',
  };
  if (row.steps.length > 0) event.path = { steps: row.steps };
  if (row.millis !== null) event.millisecondsSinceEpoch = row.millis;
  return event as Event;
}
