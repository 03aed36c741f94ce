import { afterAll, beforeAll } from '@jest/globals';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  DynamoDbMessageRepository,
  SnsMessagePublisher,
  createLogger,
  createTableInput,
  lazySecret,
  systemClock,
  ulidGenerator,
  type Message,
} from '@rez-agent/core';
import {
  apiGatewayEvent,
  createTestTable,
  startTestMessaging,
  type ApiRequest,
  type TestMessaging,
  type TestTable,
} from '@rez-agent/testing';
import { bearerTokenAuthenticator } from '../../src/http/auth';
import { makeHandler, type WebApiHandler } from '../../src/make-handler';
import type { WebApiDeps } from '../../src/types';

export const API_TOKEN = 'test-token-5b0c1e7a9d2f4e8c';
export const AUTH = { authorization: `Bearer ${API_TOKEN}` } as const;

/** A handler response with its body parsed. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  raw: APIGatewayProxyStructuredResultV2;
}

export interface WebApiFixture {
  table: TestTable;
  messaging: TestMessaging;
  repository: DynamoDbMessageRepository;
  deps: WebApiDeps;
  handler: WebApiHandler;
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[];
  /** Invokes the handler with a realistic API Gateway v2 event. */
  call(request: ApiRequest): Promise<ApiResponse>;
  /** Same, with the valid bearer token added. */
  callAuthed(request: ApiRequest): Promise<ApiResponse>;
  /** Records on the processor queue now, deleted as they are read; each parsed to the message it carries. */
  published(): Promise<Message[]>;
}

export async function invoke(handler: WebApiHandler, request: ApiRequest): Promise<ApiResponse> {
  const raw = await handler(apiGatewayEvent(request));
  const headers = Object.fromEntries(Object.entries(raw.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  return { status: raw.statusCode ?? 0, headers, body: raw.body === undefined ? undefined : JSON.parse(raw.body), raw };
}

/**
 * The real handler on real adapters: a DynamoDB Local table of the file's own and the SNS/SQS
 * emulator wired like the stack. Only `overrides` differ from production wiring.
 */
export function useWebApi(overrides: Partial<WebApiDeps> = {}): WebApiFixture {
  const fixture = { logs: [] as Record<string, unknown>[] } as WebApiFixture;
  beforeAll(async () => {
    fixture.table = await createTestTable(createTableInput, 'webapi');
    fixture.messaging = await startTestMessaging({ namePrefix: 'webapi-test' });
    fixture.repository = new DynamoDbMessageRepository({ client: fixture.table.client, tableName: fixture.table.tableName });
    fixture.deps = {
      repository: fixture.repository,
      publisher: new SnsMessagePublisher({ client: fixture.messaging.sns, topicArn: fixture.messaging.topicArn }),
      authenticate: bearerTokenAuthenticator(lazySecret({ value: API_TOKEN })),
      logger: createLogger({
        functionName: 'webapi',
        stage: 'dev',
        level: 'debug',
        secrets: [API_TOKEN],
        destination: { write: (line: string) => void fixture.logs.push(JSON.parse(line) as Record<string, unknown>) },
      }),
      clock: systemClock,
      ids: ulidGenerator(),
      stage: 'dev',
      ttlDays: 7,
      ...overrides,
    };
    fixture.handler = makeHandler(fixture.deps);
    fixture.call = (request) => invoke(fixture.handler, request);
    fixture.callAuthed = (request) => invoke(fixture.handler, { ...request, headers: { ...AUTH, ...request.headers } });
    fixture.published = async () => {
      const records = await fixture.messaging.receiveAll(fixture.messaging.queueUrl, { delete: true, waitSeconds: 0 });
      return records.map((record) => JSON.parse((JSON.parse(record.Body ?? '{}') as { Message: string }).Message) as Message);
    };
  });
  afterAll(async () => {
    await fixture.messaging?.stop();
    await fixture.table?.drop();
  });
  return fixture;
}

/** A valid create request body. */
export const newMessage = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  payload: 'Backup finished',
  title: 'Nightly backup',
  priority: 4,
  tags: ['floppy_disk'],
  ...overrides,
});
