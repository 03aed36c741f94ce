import { afterEach, describe, expect, it } from '@jest/globals';
import { LogCode } from '@rez-agent/core';
import { snsSqsRecord, sqsEvent, sqsLambdaContext } from '@rez-agent/testing';
import { storeMessage } from '../helpers/messages';
import { NTFY_TOKEN, fakeSecretStore, useProcessor } from '../helpers/processor-fixture';

const PARAMETER = '/rez-agent/dev/ntfy-token';
const parameters: Record<string, string> = {};
const ssm = fakeSecretStore(parameters);

const fixture = useProcessor({
  env: { NTFY_TOKEN: '', NTFY_TOKEN_PARAMETER: PARAMETER },
  io: () => ({ secrets: ssm }),
});

// Reset after each test, not before: the fixture builds the dependencies before each test,
// and a read made while building them must still be visible to the test.
afterEach(() => {
  parameters[PARAMETER] = NTFY_TOKEN;
  ssm.reads.length = 0;
});
parameters[PARAMETER] = NTFY_TOKEN;

describe('processor: the ntfy token from SSM', () => {
  it('reads the parameter on the first batch only, never at cold start, and sends it as a bearer token', async () => {
    const readsAtColdStart = ssm.reads.length;
    const [one, two] = await Promise.all([storeMessage(fixture.repository), storeMessage(fixture.repository)]);

    await fixture.handler(sqsEvent(snsSqsRecord(one)), sqsLambdaContext());
    await fixture.handler(sqsEvent(snsSqsRecord(two)), sqsLambdaContext());

    expect(readsAtColdStart).toBe(0);
    expect(ssm.reads).toEqual([PARAMETER]);
    expect(fixture.ntfy.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${NTFY_TOKEN}`,
      `Bearer ${NTFY_TOKEN}`,
    ]);
  });

  it('never writes the token to a log line, even when something tries to', async () => {
    const message = await storeMessage(fixture.repository);
    await fixture.handler(sqsEvent(snsSqsRecord(message)), sqsLambdaContext());

    const { logger } = await fixture.deps.session();
    logger.error({ headers: { authorization: `Bearer ${NTFY_TOKEN}` }, error: new Error(`ntfy said ${NTFY_TOKEN}`) }, `echo ${NTFY_TOKEN}`);

    expect(fixture.rawLogs.length).toBeGreaterThan(1);
    expect(fixture.rawLogs.filter((line) => line.includes(NTFY_TOKEN))).toEqual([]);
  });

  it('reports every record for retry when the parameter cannot be read, and reads it again next batch', async () => {
    delete parameters[PARAMETER];
    const message = await storeMessage(fixture.repository);
    const records = [snsSqsRecord(message), snsSqsRecord({ not: 'a message' })];

    const failed = await fixture.handler(sqsEvent(...records), sqsLambdaContext());
    parameters[PARAMETER] = NTFY_TOKEN;
    const retried = await fixture.handler(sqsEvent(snsSqsRecord(message, { receiveCount: 2 })), sqsLambdaContext());

    expect(failed.batchItemFailures).toEqual(records.map((record) => ({ itemIdentifier: record.messageId })));
    expect(fixture.logs.find((line) => line.code === LogCode.UNEXPECTED_ERROR)?.message).toContain('could not prepare delivery');
    expect(retried.batchItemFailures).toEqual([]);
    expect(ssm.reads).toEqual([PARAMETER, PARAMETER]);
    expect(await fixture.repository.get(message.id)).toMatchObject({ status: 'completed', attempts: 1 });
  });
});
