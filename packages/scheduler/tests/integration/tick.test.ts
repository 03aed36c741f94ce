import { describe, expect, it } from '@jest/globals';
import { SCHEDULER_METRICS, TICK_TARGET_INPUT, createSchedule, getSchedule, occurrenceMessageId, type ScheduleRepository } from '@rez-agent/core';
import { schedulerInvocation, schedulerLambdaContext } from '@rez-agent/testing';
import { makeHandler } from '../../src/make-handler';
import { useSchedulerFixture } from '../helpers/scheduler-fixture';

const fixture = useSchedulerFixture('tick');

const tickAt = (iso: string) => schedulerInvocation(TICK_TARGET_INPUT, { scheduledTime: new Date(iso) });
const clockAt = (iso: string) => ({ now: () => new Date(iso) });

/** The EMF lines of one metric, as CloudWatch would read them off the log. */
const metricLines = (name: string) =>
  fixture.logs.filter((line) => {
    const aws = line._aws as { CloudWatchMetrics?: { Namespace: string; Metrics: { Name: string }[] }[] } | undefined;
    return aws?.CloudWatchMetrics?.some((entry) => entry.Namespace === SCHEDULER_METRICS.namespace && entry.Metrics.some((metric) => metric.Name === name));
  });

describe('scheduler handler: the per-minute tick', () => {
  it('fires a due schedule once however often the tick runs, and emits its lateness and a completed tick', async () => {
    await createSchedule(fixture.deps({ clock: clockAt('2026-03-01T08:59:30.000Z') }), {
      name: 'every-minute',
      expression: 'rate(1 minute)',
      timezone: 'UTC',
      message: { message_type: 'scheduled', payload: 'tick tock' },
      enabled: true,
    });
    const handler = makeHandler(fixture.deps({ clock: clockAt('2026-03-01T09:00:32.000Z') }));

    const first = await handler(tickAt('2026-03-01T09:00:31Z'), schedulerLambdaContext());
    const repeated = await handler(tickAt('2026-03-01T09:00:31Z'), schedulerLambdaContext());

    expect(first).toMatchObject({ action: 'tick', fired: 1, failed: 0 });
    expect(repeated).toMatchObject({ action: 'tick', fired: 0, failed: 0 });
    const published = await fixture.takePublished();
    expect(published).toEqual([expect.objectContaining({ payload: 'tick tock', created_by: 'schedule:every-minute' })]);
    expect(metricLines(SCHEDULER_METRICS.lateness)).toContainEqual(
      expect.objectContaining({ Schedule: 'every-minute', Stage: 'dev', [SCHEDULER_METRICS.lateness]: 2 }),
    );
    expect(metricLines(SCHEDULER_METRICS.ticks)).toHaveLength(2);
  });

  it('a late or retried tick fires as of its scheduled minute, not its wall clock', async () => {
    await createSchedule(fixture.deps({ clock: clockAt('2026-03-02T09:00:00.000Z') }), {
      name: 'late-tick',
      expression: 'rate(1 minute)',
      timezone: 'UTC',
      message: { message_type: 'scheduled', payload: 'late' },
      enabled: true,
    });
    // The 09:01 tick, invoked (or retried) at 09:03:30.
    const late = fixture.deps({ clock: clockAt('2026-03-02T09:03:30.000Z') });
    expect(await makeHandler(late)(tickAt('2026-03-02T09:01:00Z'), schedulerLambdaContext())).toMatchObject({ failed: 0 });

    // It fired the 09:01 occurrence, counted nothing as missed, and left 09:02 to its own tick.
    const stored = (await fixture.storedMessages()).filter((message) => message.created_by === 'schedule:late-tick');
    expect(stored.map((message) => message.id)).toEqual([occurrenceMessageId('late-tick', new Date('2026-03-02T09:01:00.000Z'))]);
    expect(await getSchedule(late, 'late-tick')).toMatchObject({ last_run_at: '2026-03-02T09:01:00.000Z', next_run_at: '2026-03-02T09:02:00.000Z', missed_runs: 0 });
    expect(metricLines(SCHEDULER_METRICS.lateness)).toContainEqual(expect.objectContaining({ Schedule: 'late-tick', [SCHEDULER_METRICS.lateness]: 150 }));
    await fixture.takePublished();
  });

  it('runs the sweep only on every SWEEP_EVERY_MINUTES-th minute of the tick’s own time', async () => {
    const deps = fixture.deps({ sweep: { ...fixture.deps().sweep, everyMinutes: 5 } });
    const handler = makeHandler(deps);

    const off = await handler(tickAt('2026-03-01T10:03:00Z'), schedulerLambdaContext());
    const on = await handler(tickAt('2026-03-01T10:05:00Z'), schedulerLambdaContext());

    expect(off.sweep).toBeUndefined();
    expect(on.sweep).toMatchObject({ created: 0, processing: 0, failed: 0 });
  });

  it('fails the tick when a step fails as a whole, after running the others, and emits no completed tick', async () => {
    const real = fixture.deps().schedules;
    const broken: ScheduleRepository = {
      get: (name) => real.get(name),
      create: (schedule) => real.create(schedule),
      list: (query) => real.list(query),
      update: (name, changes, expect) => real.update(name, changes, expect),
      delete: (name, expect) => real.delete(name, expect),
      findDue: () => Promise.reject(new Error('the table is unreachable')),
    };
    const ticksBefore = metricLines(SCHEDULER_METRICS.ticks).length;
    const handler = makeHandler(fixture.deps({ schedules: broken }));

    await expect(handler(tickAt('2026-03-01T11:00:00Z'), schedulerLambdaContext())).rejects.toThrow('1 tick step(s) failed');

    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'DUE_MESSAGES_RELEASED' }));
    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'UNEXPECTED_ERROR', step: 'schedules' }));
    expect(fixture.logs).toContainEqual(expect.objectContaining({ code: 'SWEEP_REPUBLISHED' }));
    expect(metricLines(SCHEDULER_METRICS.ticks)).toHaveLength(ticksBefore);
  });
});
