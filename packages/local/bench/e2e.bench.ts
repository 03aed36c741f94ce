// End-to-end figures for the sandbox: create→completed latency (p50/p95 over 200 messages) and
// throughput for 1,000 messages, beside the floor measured in the same run: the ntfy stand-in's
// own latency (it answers in 50 ms) and one DynamoDB PutItem on the sandbox's DynamoDB Local.
// Run: pnpm --filter @rez-agent/local bench (after a build). Figures only; nothing is asserted.
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ntfyAnswers, startNtfyServer } from '@rez-agent/testing';
import { metrics, type LocalIndex, type StoredMessage } from '../tests/helpers/messages';
import { killAllSandboxes, startSandboxProcess, type SandboxProcess } from '../tests/helpers/sandbox-process';

const LATENCY_MESSAGES = 200;
const THROUGHPUT_MESSAGES = 1_000;
const THROUGHPUT_CONCURRENCY = 20;
const NTFY_DELAY_MS = 50;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

async function ntfyFloor(url: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await (await fetch(url, { method: 'POST', body: `floor ${index}` })).text();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function putItemFloor(endpoint: string, count: number): Promise<number[]> {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const table = `bench-floor-${Date.now()}`;
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const samples: number[] = [];
  for (let index = 0; index < count + 20; index += 1) {
    const started = performance.now();
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `item-${index}` }, payload: { S: 'x'.repeat(200) } } }));
    if (index >= 20) samples.push(performance.now() - started);
  }
  client.destroy();
  return samples;
}

/** One message at a time: POST, then poll GET /api/messages/{id} until completed. */
async function latency(sandbox: SandboxProcess, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const created = await sandbox.api<StoredMessage>('POST', '/api/messages', { payload: `latency ${index}` });
    for (;;) {
      const { body } = await sandbox.api<StoredMessage>('GET', `/api/messages/${created.body.id}`);
      if (body.status === 'completed') break;
      if (body.status === 'failed') throw new Error(`message ${body.id} failed: ${body.error_message}`);
      await sleep(5);
    }
    samples.push(performance.now() - started);
  }
  return samples;
}

/** `count` messages created by `concurrency` clients; done when the completed count has grown by `count`. */
async function throughput(sandbox: SandboxProcess, count: number, concurrency: number) {
  const baseline = (await metrics(sandbox)).by_status.completed ?? 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const response = await sandbox.api('POST', '/api/messages', { payload: `throughput ${next}` });
        if (response.status !== 201) throw new Error(`create answered ${response.status}`);
      }
    }),
  );
  const createdIn = performance.now() - started;
  for (;;) {
    const current = await metrics(sandbox);
    if ((current.by_status.failed ?? 0) > 0) throw new Error('a message failed during the throughput run');
    if ((current.by_status.completed ?? 0) - baseline >= count) break;
    await sleep(50);
  }
  return { createdIn, completedIn: performance.now() - started };
}

const ntfy = await startNtfyServer({ otherwise: ntfyAnswers.slow(NTFY_DELAY_MS) });
try {
  const sandbox = await startSandboxProcess({ env: { NTFY_URL: ntfy.url('rez-bench'), LOG_LEVEL: 'warn' } });
  const { body: local } = await sandbox.api<LocalIndex>('GET', '/_local');

  const ntfySamples = await ntfyFloor(ntfy.url('floor'), LATENCY_MESSAGES);
  const putSamples = await putItemFloor(local.emulators.dynamodb!, LATENCY_MESSAGES);
  await latency(sandbox, 20); // warm-up: JIT, SDK clients, DynamoDB Local
  const e2e = await latency(sandbox, LATENCY_MESSAGES);
  const run = await throughput(sandbox, THROUGHPUT_MESSAGES, THROUGHPUT_CONCURRENCY);

  const floorP50 = percentile(ntfySamples, 50) + percentile(putSamples, 50);
  console.log('\nrez-agent sandbox, end to end (ntfy stand-in answers in 50 ms)\n');
  console.log(`floor  ntfy stand-in         p50 ${ms(percentile(ntfySamples, 50))}  p95 ${ms(percentile(ntfySamples, 95))}`);
  console.log(`floor  DynamoDB PutItem      p50 ${ms(percentile(putSamples, 50))}  p95 ${ms(percentile(putSamples, 95))}`);
  console.log(
    `create→completed (${LATENCY_MESSAGES} msgs)  p50 ${ms(percentile(e2e, 50))}  p95 ${ms(percentile(e2e, 95))}  max ${ms(Math.max(...e2e))}` +
      `   p50/floor ${(percentile(e2e, 50) / floorP50).toFixed(1)}x   goal p95 < 500 ms: ${percentile(e2e, 95) < 500 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `throughput (${THROUGHPUT_MESSAGES} msgs, ${THROUGHPUT_CONCURRENCY} clients)  created in ${(run.createdIn / 1000).toFixed(1)} s ` +
      `(${((THROUGHPUT_MESSAGES * 1000) / run.createdIn).toFixed(0)}/s)  all completed in ${(run.completedIn / 1000).toFixed(1)} s ` +
      `(${((THROUGHPUT_MESSAGES * 1000) / run.completedIn).toFixed(0)}/s)`,
  );
  sandbox.child.kill('SIGTERM');
  await sandbox.exited;
} finally {
  await killAllSandboxes();
  await ntfy.close();
}
