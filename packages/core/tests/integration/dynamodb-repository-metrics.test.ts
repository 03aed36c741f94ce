import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DynamoDbMessageRepository,
  InvalidTransitionError,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  STAGES,
  canTransition,
  type Message,
  type MessageStatus,
  type Metrics,
} from '../../src/index';
import { tallyMessages } from '../../src/testing/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';

const empty = useRepositoryTable();
const fixture = useRepositoryTable();
const makeMessage = messageMaker();
const at = new Date('2026-03-03T00:00:00.000Z');

type Step =
  | { kind: 'save'; stage: Message['stage']; type: Message['message_type']; key: number | undefined }
  | { kind: 'transition'; pick: number; to: MessageStatus }
  | { kind: 'stale'; pick: number; to: MessageStatus };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('save' as const),
    stage: fc.constantFrom(...STAGES),
    type: fc.constantFrom(...MESSAGE_TYPES),
    // A small pool of keys so some saves repeat an idempotency key.
    key: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('transition' as const), pick: fc.nat(), to: fc.constantFrom(...MESSAGE_STATUSES) }),
  fc.record({ kind: fc.constant('stale' as const), pick: fc.nat(), to: fc.constantFrom(...MESSAGE_STATUSES) }),
);


function difference(after: Metrics, before: Metrics): Metrics {
  const minus = <K extends string>(a: Record<K, number>, b: Record<K, number>) =>
    Object.fromEntries(Object.keys(a).map((key) => [key, a[key as K] - b[key as K]])) as Record<K, number>;
  return {
    total: after.total - before.total,
    by_status: minus(after.by_status, before.by_status),
    by_stage: minus(after.by_stage, before.by_stage),
    by_type: minus(after.by_type, before.by_type),
  };
}

let run = 0;

/** Plays the steps against the repository, checking each outcome; returns the ids it created. */
async function play(steps: readonly Step[]): Promise<string[]> {
  run += 1;
  const statuses = new Map<string, MessageStatus>();
  const created: string[] = [];
  for (const current of steps) {
    if (current.kind === 'save') {
      const key = current.key === undefined ? {} : { idempotency_key: `run-${run}-key-${current.key}` };
      const result = await fixture.repository.save(makeMessage({ stage: current.stage, message_type: current.type, ...key }));
      if (result.created) {
        created.push(result.message.id);
        statuses.set(result.message.id, 'created');
      }
      continue;
    }
    const id = created[current.pick % Math.max(created.length, 1)];
    if (id === undefined) continue;
    const status = statuses.get(id) ?? 'created';
    if (current.kind === 'transition') {
      const attempt = fixture.repository.transition({ id, from: status, to: current.to, at });
      if (canTransition(status, current.to)) {
        expect((await attempt).status).toBe(current.to);
        statuses.set(id, current.to);
      } else {
        await expect(attempt).rejects.toBeInstanceOf(InvalidTransitionError);
      }
      continue;
    }
    // A transition from a status the message is not in: must be refused by the condition.
    const from = MESSAGE_STATUSES.find((candidate) => candidate !== status && canTransition(candidate, current.to));
    if (from === undefined) continue;
    await expect(fixture.repository.transition({ id, from, to: current.to, at })).rejects.toMatchObject({
      name: 'ConflictError',
      currentStatus: status,
    });
  }
  return created;
}

describe('DynamoDbMessageRepository metrics()', () => {
  it('reports every status, stage and type with 0 on an empty table', async () => {
    expect(await empty.repository.metrics()).toEqual({
      total: 0,
      by_status: { scheduled: 0, created: 0, queued: 0, processing: 0, completed: 0, failed: 0, cancelled: 0 },
      by_stage: { dev: 0, stage: 0, prod: 0 },
      by_type: { hello_world: 0, manual: 0, scheduled: 0 },
    });
  });

  it('equals a brute-force count of the stored messages after random saves and transitions, once the stream is counted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        await fixture.settleMetrics();
        const before = await fixture.repository.metrics();

        const created = await play(steps);
        await fixture.settleMetrics();

        const stored = await Promise.all(created.map((id) => fixture.repository.get(id)));
        const expected = tallyMessages(stored.filter((message): message is Message => message !== undefined));
        expect(difference(await fixture.repository.metrics(), before)).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });

  it('reports the consumed capacity of each read through the optional hook', async () => {
    const reports: [string, number][] = [];
    const measured = new DynamoDbMessageRepository({
      client: fixture.table.client,
      tableName: fixture.table.tableName,
      onConsumedCapacity: (operation, capacity) =>
        reports.push([operation, capacity.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0)]),
    });

    await measured.metrics();
    await measured.list({ status: 'created', limit: 20 });

    // One read for the metrics; the list reads each shard of each type, then the page by key.
    expect(new Set(reports.map(([operation]) => operation))).toEqual(new Set(['metrics', 'list']));
    expect(reports[0]?.[0]).toBe('metrics');
    expect(reports.filter(([operation]) => operation === 'metrics').every(([, units]) => units > 0)).toBe(true);
    expect(reports.filter(([operation]) => operation === 'list').reduce((sum, [, units]) => sum + units, 0)).toBeGreaterThan(0);
  });
});
