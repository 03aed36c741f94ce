import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_SCHEDULES,
  SWEEP_TARGET_INPUT,
  fillSchedulerContext,
  nextRuns,
  parseSchedules,
  scheduleTargetInput,
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

/** The schedule's target input with the placeholders filled in, as EventBridge Scheduler sends it. */
export function scheduledEvent(definition: ScheduleDefinition, stage: Stage, scheduledTime: string, executionId: string): unknown {
  return fillPlaceholders(scheduleTargetInput(definition), stage, definition.name, scheduledTime, executionId);
}

function fillPlaceholders(input: object, stage: Stage, name: string, scheduledTime: string, executionId: string): unknown {
  // The stack puts each schedule, named from the registry, in a group of the same name.
  const scheduleName = stageNames(stage).resource(name);
  const scheduleArn = `arn:aws:scheduler:us-east-1:000000000000:schedule/${scheduleName}/${scheduleName}`;
  return fillSchedulerContext(input, { scheduledTime, executionId, scheduleArn, attemptNumber: 1 });
}

export interface ScheduleView {
  name: string;
  expression: string;
  timezone: string;
  input: ScheduleDefinition['input'];
  next_run: string | null;
}

export interface ScheduleRunnerOptions {
  definitions: readonly ScheduleDefinition[];
  stage: Stage;
  /** Invokes the scheduler function. */
  invoke: (event: unknown) => Promise<unknown>;
  logger: Logger;
  /** How often the stuck-message sweep runs. */
  sweepIntervalMs: number;
}

/** Longest setTimeout delay; later runs re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Fires each schedule on its rate()/cron() in its time zone, and the sweep, through the real scheduler. */
export class ScheduleRunner {
  readonly #options: ScheduleRunnerOptions;
  readonly #anchor = new Date();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #next = new Map<string, Date>();
  readonly #running = new Set<Promise<unknown>>();
  #stopped = false;

  constructor(options: ScheduleRunnerOptions) {
    this.#options = options;
  }

  start(): void {
    for (const definition of this.#options.definitions) this.#arm(definition, new Date());
    const sweep = setInterval(() => void this.#run('sweep', fillPlaceholders(SWEEP_TARGET_INPUT, this.#options.stage, 'sweep', eventBridgeTime(new Date()), randomUUID())), this.#options.sweepIntervalMs);
    this.#timers.set('<sweep>', sweep);
  }

  list(): ScheduleView[] {
    return this.#options.definitions.map((definition) => ({
      name: definition.name,
      expression: definition.expression,
      timezone: definition.timezone,
      input: definition.input,
      next_run: this.#next.get(definition.name)?.toISOString() ?? nextRuns(definition, new Date(), 1, this.#anchor)[0]?.toISOString() ?? null,
    }));
  }

  /** Fires a schedule now, as a manual run with its own time and execution id; undefined if unknown. */
  async trigger(name: string): Promise<{ scheduled_time: string; execution_id: string; result: unknown } | undefined> {
    const definition = this.#options.definitions.find((candidate) => candidate.name === name);
    if (!definition) return undefined;
    // Millisecond precision: two manual runs in the same second are two runs, not a repeat.
    const scheduledTime = new Date().toISOString();
    const executionId = randomUUID();
    const result = await this.#track(this.#options.invoke(scheduledEvent(definition, this.#options.stage, scheduledTime, executionId)));
    return { scheduled_time: scheduledTime, execution_id: executionId, result: result ?? null };
  }

  /** Stops the timers and waits (at most `graceMs`) for runs in progress. */
  async stop(graceMs: number): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#running]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Sets the timer for the first run strictly after `after` (a timer firing a little early never repeats a run). */
  #arm(definition: ScheduleDefinition, after: Date): void {
    if (this.#stopped) return;
    const next = nextRuns(definition, after, 1, this.#anchor)[0];
    if (!next) return;
    this.#next.set(definition.name, next);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, next.getTime() - Date.now()));
    const timer = setTimeout(() => {
      // A delay capped at MAX_TIMER_MS ends before the run: wait again.
      if (Date.now() + 1000 < next.getTime()) return this.#arm(definition, new Date());
      this.#arm(definition, next);
      void this.#run(definition.name, scheduledEvent(definition, this.#options.stage, eventBridgeTime(next), randomUUID()));
    }, delay);
    timer.unref();
    this.#timers.set(definition.name, timer);
  }

  async #run(name: string, event: unknown): Promise<void> {
    try {
      await this.#track(this.#options.invoke(event));
      this.#options.logger.info({ schedule: name }, 'schedules: run invoked the scheduler');
    } catch (error) {
      // EventBridge Scheduler would retry per its policy; locally the next run or a manual trigger will.
      this.#options.logger.error({ error, schedule: name }, 'schedules: the scheduler failed');
    }
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#running.add(promise);
    return promise.finally(() => this.#running.delete(promise));
  }
}
