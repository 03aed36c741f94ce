// `pnpm bench`: list-page and metrics cost at 1,000 and 20,000 stored messages in DynamoDB
// Local. Both must stay flat as the table grows (goal: 20k/1k ratio ≤ 1.5). Figures are printed,
// never asserted: timings on a shared machine are not a test.
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '@rez-agent/emulators';
import { DynamoDbMessageRepository } from '../src/adapters/dynamodb/index';
import { ulidGenerator } from '../src/message/clock';
import { buildMessage } from '../src/message/factory';
import { MESSAGE_STATUSES, MESSAGE_TYPES, STAGES, type Message } from '../src/message/message';
import { createTableInput } from '../src/table';
import { seedMessages } from './seed';
import { measureInterleaved, type Measurement, type Subject } from './stats';

const SIZES = [1_000, 20_000] as const;
const RUNS = 50;
const GOAL = 1.5;
const OPERATIONS = ['list page (status=queued, limit 20)', 'metrics'] as const;
type Operation = (typeof OPERATIONS)[number];

function makeMessages(count: number): Message[] {
  const ids = ulidGenerator();
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, n) => {
    const now = new Date(start + n * 1000);
    const message = buildMessage(
      {
        message_type: MESSAGE_TYPES[n % MESSAGE_TYPES.length] ?? 'manual',
        payload: `Benchmark notification number ${n}: a payload of ordinary length for a push message.`,
        title: `Bench ${n}`,
        tags: ['bench', `batch-${Math.floor(n / 1000)}`],
        created_by: 'bench',
      },
      { stage: STAGES[n % STAGES.length] ?? 'dev', clock: { now: () => now }, ids },
    );
    // Co-prime strides spread statuses evenly over stages and types.
    return { ...message, status: MESSAGE_STATUSES[(n * 3) % MESSAGE_STATUSES.length] ?? 'created' };
  });
}

/** A table holding `size` messages, and the calls to measure on it. */
async function prepare(client: DynamoDBDocumentClient, size: number): Promise<Subject[]> {
  const tableName = `rez-agent-bench-${size}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  const started = performance.now();
  await seedMessages(client, tableName, makeMessages(size));
  let consumed = 0;
  const repository = new DynamoDbMessageRepository({
    client,
    tableName,
    onConsumedCapacity: (_operation, reports) => {
      for (const report of reports) consumed += report.CapacityUnits ?? 0;
    },
  });
  // A wrong load would make the figures meaningless: check it the way a user would see it.
  const metrics = await repository.metrics();
  const page = await repository.list({ status: 'queued', limit: 20 });
  if (metrics.total !== size || page.messages.length !== 20) {
    throw new Error(`load went wrong: metrics.total=${metrics.total}, page=${page.messages.length}; expected ${size} and 20`);
  }
  console.log(`loaded ${size} messages in ${((performance.now() - started) / 1000).toFixed(1)} s; metrics.total = ${metrics.total}`);
  const measured = (operation: () => Promise<unknown>) => async () => {
    consumed = 0;
    await operation();
    return consumed;
  };
  const calls: Record<Operation, () => Promise<number>> = {
    'list page (status=queued, limit 20)': measured(() => repository.list({ status: 'queued', limit: 20 })),
    metrics: measured(() => repository.metrics()),
  };
  return OPERATIONS.map((operation) => ({ name: `${operation}@${size}`, call: calls[operation] }));
}

function printTable(results: Map<string, Measurement>): void {
  const format = (value: number, digits = 1) => value.toFixed(digits);
  const verdict = (value: number) => `${format(value, 2)} ${value <= GOAL ? 'ok' : 'ABOVE GOAL'}`;
  const header = [
    'operation',
    ...SIZES.flatMap((size) => [`${size / 1000}k median ms`, `${size / 1000}k p95 ms`, `${size / 1000}k RCU`]),
    '20k/1k latency',
    '20k/1k RCU',
  ];
  const rows = OPERATIONS.map((operation) => {
    const [small, big] = SIZES.map((size) => results.get(`${operation}@${size}`));
    if (!small || !big) throw new Error(`missing measurement for ${operation}`);
    return [
      operation,
      ...[small, big].flatMap((m) => [format(m.medianMs), format(m.p95Ms), format(m.capacityUnits)]),
      verdict(big.medianMs / small.medianMs),
      verdict(big.capacityUnits / small.capacityUnits),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows) console.log(line(row));
  console.log(
    `\n${RUNS} interleaved runs each after 25 warm-up rounds; latency ratio on the medians; ` +
      `RCU = ConsumedCapacity TOTAL of one call; goal ≤ ${GOAL}.`,
  );
}

async function main(): Promise<void> {
  const ddb = await startDynamoDbLocal();
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    const subjects: Subject[] = [];
    for (const size of SIZES) subjects.push(...(await prepare(client, size)));
    console.log('');
    printTable(await measureInterleaved(subjects, RUNS));
  } finally {
    client.destroy();
    await ddb.stop();
  }
}

await main();
