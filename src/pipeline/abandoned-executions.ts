import { hostname } from 'node:os';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { Execution, Properties } from '../metadata/types.js';

/**
 * Custom properties of an execution naming the process that runs it, so a later run can tell a
 * RUNNING execution whose process is gone (killed, crashed, machine restarted) from one still
 * at work: `runner_host` (the machine's host name) and `runner_pid`.
 */
export const RUNNER_HOST = 'runner_host';
export const RUNNER_PID = 'runner_pid';
/** Why an execution was closed by someone else than its own process. */
export const FAILURE_REASON = 'failure_reason';

/** The runner properties of this process. */
export function runnerProperties(): Properties {
  return { [RUNNER_HOST]: { stringValue: hostname() }, [RUNNER_PID]: { intValue: process.pid } };
}

/** One execution found RUNNING with its process gone, and now FAILED. */
export interface AbandonedExecution {
  readonly executionId: number;
  /** `<run id>:<node id>` as the pipeline names executions. */
  readonly name: string;
  readonly reason: string;
}

/** True when a process with this id exists on this machine (EPERM: it exists, owned by another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Marks FAILED every execution left RUNNING by a process of this machine that no longer exists
 * (a `datavet run` killed mid-run), with the reason in custom property `failure_reason`.
 * Executions of other machines, of live processes, or without runner properties (written by other
 * tools) are left alone: nothing here can tell whether they are still at work. A recycled process
 * id keeps an execution RUNNING (never wrongly FAILED).
 */
export async function failAbandonedExecutions(store: MetadataStore, foundBy: string): Promise<AbandonedExecution[]> {
  const running = (await store.getExecutions({ filterQuery: 'last_known_state = RUNNING' })).items;
  const host = hostname();
  const abandoned: AbandonedExecution[] = [];
  for (const execution of running) {
    const props = execution.customProperties ?? {};
    const pid = props[RUNNER_PID]?.intValue;
    if (props[RUNNER_HOST]?.stringValue !== host || typeof pid !== 'number' || pid === process.pid) continue;
    if (processExists(pid)) continue;
    const reason = `abandoned: process ${pid} on ${host} ended before this execution finished (killed or crashed); found by ${foundBy} at ${new Date().toISOString()}`;
    const updated: Execution = {
      ...execution,
      lastKnownState: 'FAILED',
      customProperties: { ...props, [FAILURE_REASON]: { stringValue: reason } },
    };
    await store.putExecutions([updated], { updateMask: ['last_known_state', `custom_properties.${FAILURE_REASON}`] });
    abandoned.push({ executionId: execution.id as number, name: execution.name ?? '', reason });
  }
  return abandoned;
}
