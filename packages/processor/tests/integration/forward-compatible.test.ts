import { describe, expect, it } from '@jest/globals';
import { rawSqsRecord, snsSqsRecord, sqsEvent, sqsLambdaContext } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { sendsOf, useProcessor } from '../helpers/processor-fixture';

const fixture = useProcessor();

describe('processor: records written by a newer publisher', () => {
  it('delivers a message whose body carries a field this processor does not know, SNS-wrapped or raw', async () => {
    const [wrapped, raw] = await Promise.all([storeMessage(fixture.repository), storeMessage(fixture.repository)]);
    if (!wrapped || !raw) throw new Error('two messages were stored');
    // What a webapi one deploy ahead might publish: the message plus a field added later.
    const newer = (message: typeof wrapped) => ({ ...message, delivery_window: { not_before: '09:00' }, schema_version: 2 });

    const response = await fixture.handler(sqsEvent(snsSqsRecord(newer(wrapped)), rawSqsRecord(newer(raw))), sqsLambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    for (const message of [wrapped, raw]) {
      expect(sendsOf(fixture.ntfy, message.payload)).toHaveLength(1);
      expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed', attempts: 1 });
    }
  });
});
