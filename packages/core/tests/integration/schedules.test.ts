import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbEndpoint, startTestMessaging, type TestMessaging } from '@rez-agent/testing';
import {
  ConflictError,
  DynamoDbScheduleRepository,
  NotFoundError,
  SnsMessagePublisher,
  SqsDeliveryQueue,
  StackManagedScheduleError,
  ValidationError,
  createSchedule,
  deleteSchedule,
  fireDueSchedules,
  getSchedule,
  occurrenceMessageId,
  pauseSchedule,
  resumeSchedule,
  syncStackSchedules,
  triggerSchedule,
  ulidGenerator,
  updateSchedule,
  type CreateScheduleRequest,
  type FireSchedulesDeps,
  type Message,
} from '../../src/index';
import { useRepositoryTable } from './dynamodb-fixtures';

const fixture = useRepositoryTable();
let messaging: TestMessaging;
let schedules: DynamoDbScheduleRepository;
let now = new Date('2026-03-01T10:00:00.000Z');
const clock = { now: () => now };

beforeAll(async () => {
  messaging = await startTestMessaging({ namePrefix: 'core-schedules' });
  schedules = new DynamoDbScheduleRepository({ client: fixture.table.client, tableName: fixture.table.tableName });
});
afterAll(async () => {
  await messaging?.stop();
});

const deps = (): FireSchedulesDeps => ({
  schedules,
  repository: fixture.repository,
  publisher: new SnsMessagePublisher({ client: messaging.sns, topicArn: messaging.topicArn }),
  queue: new SqsDeliveryQueue({ client: messaging.sqs, queueUrl: messaging.queueUrl }),
  clock,
  ids: ulidGenerator(),
  stage: 'dev',
  ttlDays: 90,
});

const request = (name: string, overrides: Partial<CreateScheduleRequest> = {}): CreateScheduleRequest => ({
  name,
  expression: 'rate(1 minute)',
  timezone: 'UTC',
  message: { message_type: 'scheduled', payload: `from ${name}` },
  enabled: true,
  ...overrides,
});

/** The messages a schedule created, oldest first. */
async function messagesOf(name: string): Promise<Message[]> {
  const { messages } = await fixture.repository.list({ limit: 1000 });
  return messages.filter((message) => message.created_by === `schedule:${name}`).reverse();
}

const setClock = (iso: string) => {
  now = new Date(iso);
};

describe('API schedules', () => {
  it('creates a schedule with its next run, and refuses a second one of the same name', async () => {
    setClock('2026-03-01T10:00:00.000Z');
    const created = await createSchedule(deps(), request('created', { expression: 'cron(0 9 * * ? *)', timezone: 'Europe/London' }));
    expect(created).toMatchObject({ state: 'enabled', source: 'api', next_run_at: '2026-03-02T09:00:00.000Z', missed_runs: 0 });
    expect(await getSchedule(deps(), 'created')).toEqual(created);
    await expect(createSchedule(deps(), request('created'))).rejects.toThrow(ConflictError);
  });

  it('names the field of a bad expression or time zone and stores nothing', async () => {
    const attempt = createSchedule(deps(), request('bad', { expression: 'cron(0 9 * * *)', timezone: 'Mars/Base' }));
    await expect(attempt).rejects.toThrow(ValidationError);
    await attempt.catch((error: ValidationError) => expect(error.issues.map((issue) => issue.path)).toEqual(['/expression', '/timezone']));
    await expect(getSchedule(deps(), 'bad')).rejects.toThrow(NotFoundError);
  });

  it('lists schedules by name, a page at a time', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) await createSchedule(deps(), request(name));
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await schedules.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      names.push(...page.schedules.map((schedule) => schedule.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(names.filter((name) => name.startsWith('list-'))).toEqual(['list-a', 'list-b', 'list-c']);
    await expect(schedules.list({ limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow(ValidationError);
  });

  it('a PATCH of the expression counts from now; unknown names are NotFound', async () => {
    setClock('2026-03-01T10:00:00.000Z');
    await createSchedule(deps(), request('patched'));
    setClock('2026-03-01T10:00:30.000Z');
    const patched = await updateSchedule(deps(), 'patched', { expression: 'rate(5 minutes)', message: { message_type: 'manual', payload: 'new' } });
    expect(patched).toMatchObject({ expression: 'rate(5 minutes)', next_run_at: '2026-03-01T10:05:30.000Z', message: { payload: 'new' } });
    await expect(updateSchedule(deps(), 'nobody', { enabled: false })).rejects.toThrow(NotFoundError);
    await deleteSchedule(deps(), 'patched');
    await expect(getSchedule(deps(), 'patched')).rejects.toThrow(NotFoundError);
    await expect(deleteSchedule(deps(), 'patched')).rejects.toThrow(NotFoundError);
  });
});

describe('firing', () => {
  it('creates exactly one message per occurrence under repeated and overlapping ticks', async () => {
    setClock('2026-03-02T08:00:00.000Z');
    await createSchedule(deps(), request('once'));
    setClock('2026-03-02T08:01:05.000Z');
    // Two overlapping ticks, then a retried one, all at the same occurrence.
    const [first, second] = await Promise.all([fireDueSchedules(deps(), { limit: 100 }), fireDueSchedules(deps(), { limit: 100 })]);
    const again = await fireDueSchedules(deps(), { limit: 100 });
    const fired = [first, second, again].flatMap((result) => result.fired.filter((entry) => entry.schedule === 'once'));
    expect(fired.filter((entry) => entry.created)).toHaveLength(1);
    const messages = await messagesOf('once');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ payload: 'from once', id: occurrenceMessageId('once', new Date('2026-03-02T08:01:00.000Z')), status: 'queued' });
    expect(messages[0]).not.toHaveProperty('idempotency_key');
    expect(await getSchedule(deps(), 'once')).toMatchObject({
      next_run_at: '2026-03-02T08:02:00.000Z',
      last_run_at: '2026-03-02T08:01:00.000Z',
      last_message_id: messages[0]?.id,
      missed_runs: 0,
    });
    const lateness = fired.find((entry) => entry.created)?.lateness_seconds;
    expect(lateness).toBe(5);
  });

  it('publishes an occurrence message its tick stored but never published, once the creator is surely gone', async () => {
    setClock('2026-03-02T12:00:00.000Z');
    await createSchedule(deps(), request('stranded', { expression: 'cron(0 9 * * ? *)' }));
    const id = occurrenceMessageId('stranded', new Date('2026-03-03T09:00:00.000Z'));
    // A tick that dies between the save and the publish.
    setClock('2026-03-03T09:00:05.000Z');
    const crashing = { ...deps(), publisher: { publish: () => Promise.reject(new Error('SNS is down')) } };
    expect((await fireDueSchedules(crashing, { limit: 100 })).failures.map((failure) => failure.schedule)).toContain('stranded');
    expect(await fixture.repository.get(id)).toMatchObject({ status: 'created' });
    // Within the lease a repeat leaves it, and the schedule, to its creator...
    setClock('2026-03-03T09:01:05.000Z');
    const repeat = await fireDueSchedules(deps(), { limit: 100 });
    expect(repeat.fired.filter((entry) => entry.schedule === 'stranded')).toMatchObject([{ message_id: id, created: false }]);
    expect(await fixture.repository.get(id)).toMatchObject({ status: 'created' });
    expect(await getSchedule(deps(), 'stranded')).toMatchObject({ next_run_at: '2026-03-03T09:00:00.000Z' });
    // ...after it, a repeat publishes it and moves the schedule on: still one message for the occurrence.
    setClock('2026-03-03T09:02:10.000Z');
    await fireDueSchedules(deps(), { limit: 100 });
    expect(await fixture.repository.get(id)).toMatchObject({ status: 'queued' });
    expect(await getSchedule(deps(), 'stranded')).toMatchObject({ next_run_at: '2026-03-04T09:00:00.000Z', last_message_id: id });
    expect(await messagesOf('stranded')).toHaveLength(1);
  });

  it('after the tick was down fires the latest missed occurrence once and records the skipped ones', async () => {
    setClock('2026-03-03T08:00:00.000Z');
    await createSchedule(deps(), request('missed'));
    setClock('2026-03-03T08:30:10.000Z');
    await fireDueSchedules(deps(), { limit: 100 });
    await fireDueSchedules(deps(), { limit: 100 });
    const messages = await messagesOf('missed');
    expect(messages.map((message) => message.id)).toEqual([occurrenceMessageId('missed', new Date('2026-03-03T08:30:00.000Z'))]);
    expect(await getSchedule(deps(), 'missed')).toMatchObject({ missed_runs: 29, next_run_at: '2026-03-03T08:31:00.000Z' });
  });

  it('a paused schedule does not fire; resumed, it fires from its next occurrence on, without a burst', async () => {
    setClock('2026-03-04T08:00:00.000Z');
    await createSchedule(deps(), request('pausable'));
    const paused = await pauseSchedule(deps(), 'pausable');
    expect(paused).toMatchObject({ state: 'paused', next_run_at: null });
    expect(await pauseSchedule(deps(), 'pausable')).toEqual(paused);
    setClock('2026-03-04T08:10:30.000Z');
    await fireDueSchedules(deps(), { limit: 100 });
    expect(await messagesOf('pausable')).toEqual([]);
    const resumed = await resumeSchedule(deps(), 'pausable');
    expect(resumed).toMatchObject({ state: 'enabled', next_run_at: '2026-03-04T08:11:00.000Z' });
    setClock('2026-03-04T08:11:01.000Z');
    await fireDueSchedules(deps(), { limit: 100 });
    expect((await messagesOf('pausable')).map((message) => message.id)).toEqual([occurrenceMessageId('pausable', new Date('2026-03-04T08:11:00.000Z'))]);
    expect(await getSchedule(deps(), 'pausable')).toMatchObject({ missed_runs: 0 });
  });

  it.each([
    {
      change: 'spring',
      created: '2026-03-27T12:00:00',
      ticks: ['03-28T08:00:10', '03-28T08:59:50', '03-28T09:00:10', '03-29T07:59:50', '03-29T08:00:10', '03-29T09:00:10', '03-30T08:00:10', '03-30T09:00:10'],
      fired: ['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z'],
      next: '2026-03-31T08:00:00.000Z',
    },
    {
      change: 'autumn',
      created: '2026-10-23T12:00:00',
      ticks: ['10-24T07:59:50', '10-24T08:00:10', '10-24T09:00:10', '10-25T08:00:10', '10-25T08:59:50', '10-25T09:00:10', '10-26T08:00:10', '10-26T09:00:10'],
      fired: ['2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z'],
      next: '2026-10-27T09:00:00.000Z',
    },
  ])('fires 09:00 Europe/London at 09:00 local on both sides of the $change change, once each', async ({ change, created, ticks, fired, next }) => {
    const name = `london-${change}`;
    setClock(`${created}.000Z`);
    await createSchedule(deps(), request(name, { expression: 'cron(0 9 * * ? *)', timezone: 'Europe/London' }));
    // Ticks just before and after 09:00 UTC and 09:00 local on each day, across the change.
    for (const tick of ticks) {
      setClock(`2026-${tick}.000Z`);
      await fireDueSchedules(deps(), { limit: 100 });
    }
    expect((await messagesOf(name)).map((message) => message.id)).toEqual(fired.map((at) => occurrenceMessageId(name, new Date(at))));
    expect(await getSchedule(deps(), name)).toMatchObject({ missed_runs: 0, next_run_at: next });
  });

  it('a trigger fires one message now and leaves the occurrences alone', async () => {
    setClock('2026-03-05T08:00:00.000Z');
    const schedule = await createSchedule(deps(), request('triggered', { enabled: false }));
    const { message, created } = await triggerSchedule(deps(), 'triggered');
    expect(created).toBe(true);
    expect(message).toMatchObject({ status: 'queued', payload: 'from triggered', created_by: 'schedule:triggered' });
    expect(await getSchedule(deps(), 'triggered')).toMatchObject({ last_message_id: message.id, state: 'paused', next_run_at: schedule.next_run_at });
    await expect(triggerSchedule(deps(), 'nobody')).rejects.toThrow(NotFoundError);
  });
});

describe('stack schedules', () => {
  const definition = { name: 'stack-daily', expression: 'cron(0 9 * * ? *)' as const, timezone: 'UTC', input: { payload: 'from the stack' } };

  it('are written as data, started by the next tick, and refused to PATCH and DELETE but paused and resumed', async () => {
    setClock('2026-03-06T10:00:00.000Z');
    const { tableName } = fixture.table;
    const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    expect(await syncStackSchedules(client, tableName, [definition])).toEqual({ written: ['stack-daily'], removed: [] });
    // The same definition again writes nothing.
    expect(await syncStackSchedules(client, tableName, [definition])).toEqual({ written: [], removed: [] });
    const first = await fireDueSchedules(deps(), { limit: 100 });
    expect(first.failures).toEqual([]);
    expect(first.started).toContain('stack-daily');
    expect(await getSchedule(deps(), 'stack-daily')).toMatchObject({
      source: 'stack',
      state: 'enabled',
      next_run_at: '2026-03-07T09:00:00.000Z',
      message: { message_type: 'hello_world', payload: 'from the stack' },
    });
    await expect(updateSchedule(deps(), 'stack-daily', { enabled: false })).rejects.toThrow(StackManagedScheduleError);
    await expect(deleteSchedule(deps(), 'stack-daily')).rejects.toThrow(StackManagedScheduleError);
    expect(await pauseSchedule(deps(), 'stack-daily')).toMatchObject({ state: 'paused' });

    // A deploy that changes the definition keeps it paused and gives it the new expression.
    await syncStackSchedules(client, tableName, [{ ...definition, expression: 'cron(0 10 * * ? *)' }]);
    await fireDueSchedules(deps(), { limit: 100 });
    expect(await getSchedule(deps(), 'stack-daily')).toMatchObject({ state: 'paused', expression: 'cron(0 10 * * ? *)', next_run_at: null });
    expect(await resumeSchedule(deps(), 'stack-daily')).toMatchObject({ state: 'enabled', next_run_at: '2026-03-07T10:00:00.000Z' });

    // Removed from the config: deleted; API schedules stay.
    expect(await syncStackSchedules(client, tableName, [])).toEqual({ written: [], removed: ['stack-daily'] });
    await expect(getSchedule(deps(), 'stack-daily')).rejects.toThrow(NotFoundError);
    expect((await schedules.list({ limit: 100 })).schedules.some((schedule) => schedule.source === 'api')).toBe(true);
    client.destroy();
  });
});
