import {
  LogCode,
  SCHEDULER_METRICS,
  embeddedMetric,
  fireDueSchedules,
  releaseDueMessages,
  sweepRunsAt,
  tickTime,
  type Logger,
  type TickInput,
} from '@rez-agent/core';
import { runSweep } from './run-sweep';
import type { SchedulerDeps, TickResult } from './types';

/** A step of the tick failed as a whole (e.g. its read of the table): the tick fails after the other steps ran. */
export class TickStepError extends AggregateError {
  override readonly name = 'TickStepError';
}

/**
 * One tick, every minute: (1) scheduled messages due within the lookahead go to the queue with
 * their exact delay (never early; ≤ 15 minutes ahead, so a record is never held longer than SQS
 * allows), (2) due schedules get their occurrence's message, as of the tick's scheduled time
 * (a late or retried tick fires what the on-time one would have), (3) on every
 * SWEEP_EVERY_MINUTES-th minute, stuck messages are republished. Each step runs even when an
 * earlier one failed; a failed item is left to the next tick, a failed step fails the tick (so
 * Lambda retries it, which is safe: every step is idempotent) and no completed-tick metric is
 * emitted, which is what the missed-tick alarm watches.
 */
export async function runTick(deps: SchedulerDeps, input: TickInput, log: Logger): Promise<TickResult> {
  const result: TickResult = { action: 'tick', released: 0, fired: 0, started: 0, failed: 0 };
  const stepErrors: unknown[] = [];
  const step = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      stepErrors.push(error);
      log.error({ code: LogCode.UNEXPECTED_ERROR, step: name, error }, `tick step ${name} failed; the next tick tries again`);
    }
  };

  await step('release', async () => {
    const due = await releaseDueMessages(deps, deps.due);
    for (const failure of due.failures) {
      log.error({ code: LogCode.UNEXPECTED_ERROR, message_id: failure.id, error: failure.error }, 'could not hand a due message to the queue');
    }
    result.released = due.dispatched.length;
    result.failed += due.failures.length;
    log.info({ code: LogCode.DUE_MESSAGES_RELEASED, released: due.dispatched.length, failed: due.failures.length }, 'due messages handed over');
  });

  await step('schedules', async () => {
    const fired = await fireDueSchedules(deps, { limit: deps.scheduleLimit, asOf: tickTime(input) });
    for (const occurrence of fired.fired) {
      log.info(
        {
          code: LogCode.SCHEDULE_FIRED,
          ...occurrence,
          // The lateness metric, per schedule: CloudWatch reads it off this line (EMF).
          ...embeddedMetric(deps.clock.now(), { Stage: deps.stage, Schedule: occurrence.schedule }, { name: SCHEDULER_METRICS.lateness, unit: 'Seconds', value: occurrence.lateness_seconds }),
        },
        occurrence.created ? 'schedule fired' : 'occurrence already fired by another tick',
      );
    }
    for (const name of fired.started) log.info({ code: LogCode.SCHEDULE_STARTED, schedule: name }, 'stack schedule (re)started from its new definition');
    for (const failure of fired.failures) {
      log.error({ code: LogCode.UNEXPECTED_ERROR, schedule: failure.schedule, error: failure.error }, 'could not fire a schedule');
    }
    result.fired = fired.fired.filter((occurrence) => occurrence.created).length;
    result.started = fired.started.length;
    result.failed += fired.failures.length;
  });

  if (sweepRunsAt(tickTime(input), deps.sweep.everyMinutes)) {
    await step('sweep', async () => {
      result.sweep = await runSweep(deps, log);
      result.failed += result.sweep.failed;
    });
  }

  if (stepErrors.length) throw new TickStepError(stepErrors, `${stepErrors.length} tick step(s) failed`);
  log.info(
    {
      code: LogCode.TICK_COMPLETED,
      ...result,
      ...embeddedMetric(deps.clock.now(), { Stage: deps.stage }, { name: SCHEDULER_METRICS.ticks, unit: 'Count', value: 1 }),
    },
    'tick done',
  );
  return result;
}
