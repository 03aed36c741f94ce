import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, createTableInput, type Message } from '@rez-agent/core';
import { createTestTable, startTestMessaging, type TestMessaging, type TestTable } from '@rez-agent/testing';
import { buildDependencies } from '../../src/dependencies';
import { makeHandler, type WebApiHandler } from '../../src/make-handler';
import { API_TOKEN, AUTH, invoke, newMessage } from '../helpers/webapi';

let table: TestTable;
let messaging: TestMessaging;
const saved = { ...process.env };

beforeAll(async () => {
  table = await createTestTable(createTableInput, 'webapi-module');
  messaging = await startTestMessaging({ namePrefix: 'webapi-module' });
});
afterAll(async () => {
  process.env = saved;
  await messaging?.stop();
  await table?.drop();
});

describe('the Lambda entry point', () => {
  it('wires itself from the environment alone and serves a create end to end', async () => {
    // The same variables the stack sets; endpoints point the SDK's own clients at the emulators.
    Object.assign(process.env, {
      STAGE: 'dev',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_SNS: messaging.endpoint,
      AWS_ENDPOINT_URL_SQS: messaging.endpoint,
      DYNAMODB_TABLE_NAME: table.tableName,
      SNS_TOPIC_ARN: messaging.topicArn,
      SQS_QUEUE_URL: messaging.queueUrl,
      REZ_API_TOKEN: API_TOKEN,
      LOG_LEVEL: 'silent',
    });
    const { handler } = (await import('../../src/handler')) as { handler: WebApiHandler };

    const response = await invoke(handler, { method: 'POST', path: '/api/messages', headers: AUTH, body: newMessage() });

    expect(response.status).toBe(201);
    const records = await messaging.receiveAll(messaging.queueUrl, { delete: true, waitSeconds: 0 });
    const sent = records.map((r) => JSON.parse((JSON.parse(r.Body ?? '{}') as { Message: string }).Message) as Message);
    expect(sent.map((m) => m.id)).toEqual([(response.body as Message).id]);
  });

  it('refuses to start without a topic or any API token, naming each', () => {
    expect(() => buildDependencies({ STAGE: 'dev' })).toThrow(ConfigError);
    expect(() => buildDependencies({ STAGE: 'dev' })).toThrow(/SNS_TOPIC_ARN is required/);
    expect(() => buildDependencies({ STAGE: 'dev' })).toThrow(/SQS_QUEUE_URL is required/);
    expect(() => buildDependencies({ STAGE: 'dev', SNS_TOPIC_ARN: messaging.topicArn, SQS_QUEUE_URL: messaging.queueUrl })).toThrow(/REZ_API_TOKEN or REZ_API_TOKEN_PARAMETER is required/);
  });

  it('turns sign-in on with an issuer, which then needs its client', () => {
    const env = { STAGE: 'dev', SNS_TOPIC_ARN: messaging.topicArn, SQS_QUEUE_URL: messaging.queueUrl, REZ_API_TOKEN: API_TOKEN, OIDC_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_pool' };
    expect(() => buildDependencies(env)).toThrow(/OIDC_CLIENT_ID is required when OIDC_ISSUER is set/);
    expect(buildDependencies({ ...env, OIDC_CLIENT_ID: 'console' }).signIn).toEqual({ issuer: env.OIDC_ISSUER, clientId: 'console', scopes: ['openid', 'email', 'profile'] });
    expect(buildDependencies({ STAGE: 'dev', SNS_TOPIC_ARN: messaging.topicArn, SQS_QUEUE_URL: messaging.queueUrl, REZ_API_TOKEN: API_TOKEN }).signIn).toBeUndefined();
  });

  it('never logs the API token it read from SSM, even when a client echoes it into a logged header', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    // SSM cannot run here: the store is the boundary we hand in.
    const deps = buildDependencies(
      {
        STAGE: 'dev',
        AWS_REGION: 'us-east-1',
        DYNAMODB_TABLE_NAME: table.tableName,
        SNS_TOPIC_ARN: messaging.topicArn,
        SQS_QUEUE_URL: messaging.queueUrl,
        REZ_API_TOKEN_PARAMETER: '/rez-agent/dev/api-token',
        LOG_LEVEL: 'info',
      },
      { secrets: { get: () => Promise.resolve(API_TOKEN) }, logDestination: destination },
    );
    const handler = makeHandler(deps);

    const response = await invoke(handler, {
      method: 'POST',
      path: '/api/messages',
      headers: { ...AUTH, 'idempotency-key': `oops-${API_TOKEN}` },
      body: newMessage(),
    });

    expect(response.status).toBe(201);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain(API_TOKEN);
  });
});
