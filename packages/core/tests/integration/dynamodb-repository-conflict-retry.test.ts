import { describe, expect, it } from '@jest/globals';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { localDocumentClient } from '@rez-agent/testing';
import { DynamoDbMessageRepository } from '../../src/index';
import { messageMaker, useRepositoryTable } from './dynamodb-fixtures';

/*
 * DynamoDB Local serialises transactions, so it never cancels one with TransactionConflict the
 * way DynamoDB does when two transactions touch an item at once. These tests put that
 * cancellation in front of the real emulator through the SDK's own middleware stack: the first
 * `conflicts` TransactWriteItems calls are cancelled as DynamoDB would cancel them, the rest
 * reach DynamoDB Local.
 */

const fixture = useRepositoryTable();
const makeMessage = messageMaker();

function repositoryWithConflicts(conflicts: number) {
  const client = localDocumentClient();
  let remaining = conflicts;
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: unknown[] };
      if (input.TransactItems && remaining > 0) {
        remaining -= 1;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
          $metadata: {},
          CancellationReasons: input.TransactItems.map((_, index) => ({ Code: index === 0 ? 'TransactionConflict' : 'None' })),
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectTransactionConflict' },
  );
  const repository = new DynamoDbMessageRepository({ client, tableName: fixture.table.tableName });
  return { repository, attemptsLeft: () => remaining, close: () => client.destroy() };
}

describe('DynamoDbMessageRepository under TransactionConflict', () => {
  it('an idempotent save retries a conflicting transaction and stores the message once', async () => {
    const { repository, attemptsLeft, close } = repositoryWithConflicts(2);
    const message = makeMessage({ idempotency_key: 'conflict-retried' });
    await fixture.settleMetrics();
    const before = await fixture.repository.metrics();

    try {
      expect(await repository.save(message)).toEqual({ message, created: true });
    } finally {
      close();
    }

    expect(attemptsLeft()).toBe(0);
    expect(await fixture.repository.get(message.id)).toEqual(message);
    await fixture.settleMetrics();
    expect((await fixture.repository.metrics()).total - before.total).toBe(1);
  });

  it('a plain save and a transition are single-item writes that no transaction conflict can touch', async () => {
    const message = makeMessage();
    const { repository, attemptsLeft, close } = repositoryWithConflicts(100);
    await repository.save(message);

    try {
      const queued = await repository.transition({ id: message.id, from: 'created', to: 'queued', at: new Date() });
      expect(queued.status).toBe('queued');
    } finally {
      close();
    }

    expect((await fixture.repository.get(message.id))?.status).toBe('queued');
    expect(attemptsLeft()).toBe(100);
  });

  it('gives up after a few attempts and surfaces the cancellation, not a ConflictError', async () => {
    const { repository, close } = repositoryWithConflicts(100);
    const message = makeMessage({ idempotency_key: 'conflict-forever' });

    try {
      await expect(repository.save(message)).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    } finally {
      close();
    }

    expect(await fixture.repository.get(message.id)).toBeUndefined();
  });
});
