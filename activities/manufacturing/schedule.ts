// The Temporal Schedule that evaluates maintenance: created idempotently at worker start, visible and pausable.
import {
  Client,
  Connection,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleDescription,
} from '@temporalio/client';
import { temporalConnectionOptions, type Config } from '../platform/config';

/** One Schedule per task queue, so the test suites' workers never run each other's evaluations. */
export function maintenanceScheduleId(config: Pick<Config, 'temporal'>): string {
  return `maintenance-evaluation:${config.temporal.taskQueue}`;
}

/** Creates the Schedule, or brings an existing one to the configured interval; leaves a paused one paused. */
export async function ensureMaintenanceSchedule(
  client: Client,
  config: Pick<Config, 'temporal' | 'manufacturing'>,
): Promise<'created' | 'updated' | 'unchanged'> {
  const scheduleId = maintenanceScheduleId(config);
  const everyMs = config.manufacturing.maintenance.intervalMs;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'maintenanceEvaluationWorkflow',
    workflowId: `${scheduleId}:run`,
    taskQueue: config.temporal.taskQueue,
    args: [{}],
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: everyMs }] },
      action,
      // A slow evaluation is never run twice at once; a missed one (worker down) runs once when it comes back.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: 'Finds devices due for maintenance and starts one outreach per device and due event.' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const current = await handle.describe();
  const interval = current.spec.intervals?.[0];
  const currentMs = interval ? Number(interval.every) : NaN;
  if (currentMs === everyMs && current.action.taskQueue === config.temporal.taskQueue) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: { intervals: [{ every: everyMs }] } }));
  return 'updated';
}

export interface MaintenanceScheduleView {
  id: string;
  paused: boolean;
  note: string | null;
  intervalSeconds: number | null;
  nextRuns: Date[];
  recentRuns: { scheduledAt: Date; workflowId: string }[];
}

export async function describeMaintenanceSchedule(
  client: Client,
  config: Pick<Config, 'temporal'>,
): Promise<MaintenanceScheduleView | null> {
  let d: ScheduleDescription;
  try {
    d = await client.schedule.getHandle(maintenanceScheduleId(config)).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return null;
    throw err;
  }
  const every = d.spec.intervals?.[0]?.every;
  return {
    id: d.scheduleId,
    paused: d.state.paused,
    note: d.state.note ?? null,
    intervalSeconds: every === undefined ? null : Number(every) / 1000,
    nextRuns: d.info.nextActionTimes.slice(0, 5),
    recentRuns: d.info.recentActions.slice(-5).map((a) => ({
      scheduledAt: a.scheduledAt,
      workflowId: a.action.workflow.workflowId,
    })),
  };
}

/** At worker start: its own client connection, the Schedule ensured, closed again; a failure is a warning, not a crash. */
export async function ensureMaintenanceScheduleOnStart(
  config: Config,
  log: (level: 'info' | 'warn', message: string) => void,
): Promise<void> {
  if (!config.manufacturing.maintenance.schedule) return;
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const outcome = await ensureMaintenanceSchedule(client, config);
    log('info', `maintenance schedule ${maintenanceScheduleId(config)}: ${outcome}`);
  } catch (err) {
    log('warn', `maintenance schedule not ensured: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await connection.close();
  }
}
