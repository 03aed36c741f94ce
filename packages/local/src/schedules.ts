import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_SCHEDULES,
  TICK_PERIOD_SECONDS,
  TICK_SCHEDULE_NAME,
  TICK_TARGET_INPUT,
  fillSchedulerContext,
  parseSchedules,
  stageNames,
  type Logger,
  type ScheduleDefinition,
  type Stage,
} from '@rez-agent/core';
import { SandboxError } from './errors';

/** Where the schedules came from, for the banner. */
export interface StackSchedules {
  definitions: ScheduleDefinition[];
  source: string;
}

/**
 * The stack's schedules: `rez-agent:schedules` in `Pulumi.<stage>.yaml` at the repository root,
 * checked by core as the Pulumi program checks them; core's defaults when the stack sets none.
 */
export function readStackSchedules(root: string, stage: string): StackSchedules {
  const file = join(root, `Pulumi.${stage}.yaml`);
  if (!existsSync(file)) return { definitions: [...DEFAULT_SCHEDULES], source: `core's defaults (no Pulumi.${stage}.yaml)` };
  let raw: unknown;
  try {
    const document = parse(readFileSync(file, 'utf8')) as { config?: Record<string, unknown> } | null;
    raw = document?.config?.['rez-agent:schedules'];
    // Pulumi also accepts a structured value written as a JSON string.
    if (typeof raw === 'string') raw = JSON.parse(raw);
  } catch (error) {
    throw new SandboxError(`${file} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
  if (raw === undefined || raw === null) return { definitions: [...DEFAULT_SCHEDULES], source: `core's defaults (${file} sets none)` };
  try {
    return { definitions: parseSchedules(raw), source: file };
  } catch (error) {
    throw new SandboxError(`${file}: ${(error as Error).message}`);
  }
}

/** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: ISO 8601 to the second, UTC. */
export function eventBridgeTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The tick's input with the placeholders filled in, as EventBridge Scheduler sends it. */
export function tickEvent(stage: Stage, scheduledTime: Date, executionId: string = randomUUID()): unknown {
  const name = stageNames(stage).resource(TICK_SCHEDULE_NAME);
  return fillSchedulerContext(TICK_TARGET_INPUT, {
    scheduledTime: eventBridgeTime(scheduledTime),
    executionId,
    scheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/${name}/${name}`,
    attemptNumber: 1,
  });
}

export interface TickRunnerOptions {
  stage: Stage;
  /** Invokes the scheduler function. */
  invoke: (event: unknown) => Promise<unknown>;
  logger: Logger;
  /** The stack's 60 s unless the user asks for a faster clock (`--tick-seconds`). */
  periodSeconds?: number;
}

/**
 * The stack's one EventBridge schedule, locally: the per-minute tick of the real scheduler
 * function, once at start and then at each multiple of the period on the clock (second 0 of
 * every minute at 60 s, as `cron(* * * * ? *)` fires), with that boundary as its scheduled time.
 * Ticks may overlap, as on AWS; the scheduler is built for it.
 */
export class TickRunner {
  readonly #options: TickRunnerOptions;
  readonly #running = new Set<Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: TickRunnerOptions) {
    this.#options = options;
  }

  get periodSeconds(): number {
    return this.#options.periodSeconds ?? TICK_PERIOD_SECONDS;
  }

  start(): void {
    void this.#tick(new Date());
    this.#scheduleNext();
  }

  /** A timer to the next boundary each time, so the ticks never drift off it. */
  #scheduleNext(): void {
    if (this.#stopped) return;
    const period = this.periodSeconds * 1000;
    const now = Date.now();
    const boundary = (Math.floor(now / period) + 1) * period;
    this.#timer = setTimeout(() => {
      this.#scheduleNext();
      void this.#tick(new Date(boundary));
    }, boundary - now);
    this.#timer.unref();
  }

  /** Stops the timer and waits (at most `graceMs`) for ticks in progress. */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async #tick(scheduledTime: Date): Promise<void> {
    const run = this.#options.invoke(tickEvent(this.#options.stage, scheduledTime));
    this.#running.add(run);
    try {
      await run;
    } catch (error) {
      // EventBridge and Lambda would retry; locally the next tick does the same work.
      this.#options.logger.error({ error }, 'schedules: the tick failed');
    } finally {
      this.#running.delete(run);
    }
  }
}
