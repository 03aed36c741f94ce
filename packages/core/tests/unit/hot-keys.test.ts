import { describe, expect, it } from '@jest/globals';
import {
  LIST_INDEXES,
  LIST_SHARDS,
  indexKeyAttributes,
  statusKeyAttributes,
  type MessageStatus,
  TRANSITIONS,
} from '../../src/index';
import { randomBytes } from 'node:crypto';
import { transitionPath } from '@rez-agent/testing';

/*
 * The capacity model of docs/data-model.md, checked: every write a delivered message makes
 * (save, then created → queued → processing → completed), run through the real key functions
 * for 100,000 messages of one type (the worst case: the type does not spread them), counting
 * the writes each partition key of each index receives. A key change in an index is a delete
 * under the old key and a put under the new one.
 */

const MESSAGES = 100_000;
/** DynamoDB's write limit of one partition. */
const PARTITION_WCU_PER_SECOND = 1000;
const RATE = 1000;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** ULIDs with the library's layout (48-bit ms time, 80 random bits), made in bulk: ulid() itself is slow for 100k. */
function ulids(count: number, startMs: number): string[] {
  const random = randomBytes(count * 16);
  return Array.from({ length: count }, (_, n) => {
    let time = '';
    for (let ms = startMs + n, digit = 0; digit < 10; digit += 1, ms = Math.floor(ms / 32)) time = CROCKFORD[ms % 32] + time;
    let tail = '';
    for (let char = 0; char < 16; char += 1) tail += CROCKFORD[(random[n * 16 + char] ?? 0) % 32];
    return time + tail;
  });
}

function simulate(): Map<string, number> {
  const writes = new Map<string, number>();
  const add = (key: string | undefined) => {
    if (key !== undefined) writes.set(key, (writes.get(key) ?? 0) + 1);
  };
  const start = Date.parse('2026-06-01T00:00:00.000Z');
  const ids = ulids(MESSAGES, start);
  const lifecycle = transitionPath(TRANSITIONS, 'created', 'completed');
  for (let n = 0; n < MESSAGES; n += 1) {
    const at = new Date(start + n);
    const id = ids[n] as string;
    const base = { id, message_type: 'manual' as const, updated_date: at.toISOString() };
    let keys = indexKeyAttributes({ ...base, status: 'created' });
    for (const index of LIST_INDEXES) add(`${index.name}:${keys[index.partitionKey]}`);
    let status: MessageStatus = 'created';
    for (const next of lifecycle) {
      const moved = statusKeyAttributes({ ...base, status: next });
      for (const index of LIST_INDEXES) {
        if (keys[index.partitionKey] === moved[index.partitionKey] && keys[index.sortKey] === moved[index.sortKey]) continue;
        if (!(index.partitionKey in moved)) continue;
        add(`${index.name}:${keys[index.partitionKey]}`);
        add(`${index.name}:${moved[index.partitionKey]}`);
      }
      keys = { ...keys, ...moved };
      status = next;
    }
    if (status !== 'completed') throw new Error(`the walk ended in ${status}`);
  }
  return writes;
}

describe('capacity model: writes per partition key', () => {
  const writes = simulate();
  const total = [...writes.values()].reduce((sum, count) => sum + count, 0);
  const [hottestKey, hottest] = [...writes.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
  console.log(`hottest key ${hottestKey}: ${hottest} of ${total} index writes (${((100 * hottest) / total).toFixed(2)} %), ${((hottest / MESSAGES) * RATE).toFixed(0)} WCU/s at ${RATE} msg/s`);

  it('spreads every index over its write shards, so no key takes more than a shard’s share', () => {
    // Each message writes its shard's keys only; the hottest key carries about 1/LIST_SHARDS of a status's traffic.
    const perIndexKeys = new Set([...writes.keys()].map((key) => key.split(':')[0]));
    expect(perIndexKeys).toEqual(new Set(LIST_INDEXES.map((index) => index.name)));
    expect(hottest / total).toBeLessThan(1.25 / LIST_SHARDS / 3);
  });

  it('keeps the hottest key far below one partition’s 1,000 WCU/s at 1,000 messages/s', () => {
    const perSecond = (hottest / MESSAGES) * RATE;
    // The hottest is a status key (every message enters and leaves queued and processing).
    expect(hottestKey).toMatch(/^by_status:/);
    expect(perSecond).toBeLessThan(0.3 * PARTITION_WCU_PER_SECOND);
  });

  it('puts every message in one shard, evenly: no shard holds more than 4 % above its share (5 σ)', () => {
    const perShard = [...writes.entries()].filter(([key]) => key.startsWith('by_all:')).map(([, count]) => count);
    expect(perShard).toHaveLength(LIST_SHARDS);
    expect(Math.max(...perShard)).toBeLessThan((MESSAGES / LIST_SHARDS) * 1.04);
  });
});
