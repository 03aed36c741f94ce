import { describe, expect, test } from '@jest/globals';
import { ConfigError, LogCode, createLogger, type MetricsLedger } from '@rez-agent/core';
import { makeHandler } from '../../src/make-handler';
import type { StreamDeps } from '../../src/types';

type LogLine = Record<string, unknown>;

/** A ledger that fails the test on any use: these batches must never reach the metrics. */
const untouchableLedger = new Proxy({}, {
  get: (_, name) => {
    throw new Error(`the ledger was used (${String(name)})`);
  },
}) as MetricsLedger;

function depsWithLogs(): { deps: StreamDeps; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const logger = createLogger({ functionName: 'stream', stage: 'dev', level: 'debug', destination: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) } });
  return { deps: { ledger: untouchableLedger, clock: { now: () => new Date() }, logger }, logs };
}

const context = { awsRequestId: 'req-1' };

describe('the stream handler, before any metrics write', () => {
  test('refuses an event without a shard id (a mapping without a tumbling window) and counts nothing', async () => {
    const { deps } = depsWithLogs();

    await expect(makeHandler(deps)({ Records: [] }, context)).rejects.toBeInstanceOf(ConfigError);
  });

  test('logs and skips records whose images cannot be read, leaving the metrics untouched', async () => {
    const { deps, logs } = depsWithLogs();
    const unreadable = { eventName: 'MODIFY' as const, dynamodb: { SequenceNumber: '100', NewImage: { pk: { S: 'MSG#x' }, sk: { S: 'MSG' } } } };

    const result = await makeHandler(deps)({ shardId: 'shard-1', Records: [unreadable] }, context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(logs.filter((line) => line.code === LogCode.RECORD_MALFORMED).map((line) => line.sequence_number)).toEqual(['100']);
  });
});
