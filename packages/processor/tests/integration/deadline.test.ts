import { describe, expect, it } from '@jest/globals';
import { ntfyAnswers, snsSqsRecord, sqsEvent, sqsLambdaContext } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { useProcessor } from '../helpers/processor-fixture';

// The notifier alone would spend up to 2 × 5 s on a stalled ntfy: far past the function timeout.
const fixture = useProcessor({ env: { NTFY_TIMEOUT_MS: '5000', NTFY_MAX_ATTEMPTS: '2' } });

describe('processor: the function timeout bounds a send', () => {
  it('cuts a stalled send short inside the function timeout and hands the message back to queued', async () => {
    const message = await storeMessage(fixture.repository);
    fixture.ntfy.respondByDefault(ntfyAnswers.slow(10_000));
    const record = snsSqsRecord(message);
    const startedAt = Date.now();

    // A 3 s function: half of it (less than the usual 3 s margin) is kept back to record the outcome.
    const response = await fixture.handler(sqsEvent(record), sqsLambdaContext({ timeoutMs: 3_000 }));
    const tookMs = Date.now() - startedAt;

    expect(tookMs).toBeGreaterThanOrEqual(1_500);
    expect(tookMs).toBeLessThan(3_000);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await fixture.repository.get(message.id)).toMatchObject({
      status: 'queued',
      error_message: 'the invocation ran out of time while sending to ntfy',
    });
  });

  it('claims nothing when the invocation starts with no time left', async () => {
    const message = await storeMessage(fixture.repository);
    const record = snsSqsRecord(message);

    const response = await fixture.handler(sqsEvent(record), sqsLambdaContext({ timeoutMs: 0 }));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(fixture.ntfy.requests).toHaveLength(0);
    expect(await fixture.repository.get(message.id)).toEqual(message);
  });
});
