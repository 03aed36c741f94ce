import { describe, expect, it } from '@jest/globals';
import { ntfyAnswers, snsSqsRecord, sqsEvent, sqsLambdaContext } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { useProcessor } from '../helpers/processor-fixture';

// The notifier alone would spend up to 2 × 5 s on a stalled ntfy: far past the function timeout.
const fixture = useProcessor({ env: { NTFY_TIMEOUT_MS: '5000', NTFY_MAX_ATTEMPTS: '2' } });

describe('processor: the function timeout bounds a send', () => {
  it('cuts a stalled send short inside the function timeout and hands the message back to queued', async () => {
    const message = await storeMessage(fixture.repository);
    // ntfy takes the request and never answers: only the invocation's deadline can end the send.
    fixture.ntfy.respondByDefault(ntfyAnswers.heldUntil(new Promise(() => undefined)));
    const record = snsSqsRecord(message);
    // A 3 s function: half of it (less than the usual 3 s margin) is kept back to record the outcome.
    const context = sqsLambdaContext({ timeoutMs: 3_000 });

    const response = await fixture.handler(sqsEvent(record), context);

    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(fixture.ntfy.requests).toHaveLength(1);
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
