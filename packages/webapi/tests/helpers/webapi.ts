import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from '@jest/globals';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { TableStreamReader } from '@rez-agent/emulators';
import {
  DynamoDbMessageRepository,
  DynamoDbMetricsLedger,
  DynamoDbScheduleRepository,
  countStreamChanges,
  messageChangesOf,
  SnsMessagePublisher,
  SqsDeliveryQueue,
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
  dynamoDbEndpoint,
  startTestMessaging,
  type ApiRequest,
  type TestMessaging,
  type TestTable,
} from '@rez-agent/testing';
import { apiDocsFrom } from '../../src/http/api-docs';
import { bearerAuthenticator } from '../../src/http/auth';
import { makeHandler, type WebApiHandler } from '../../src/make-handler';
import { directoryConsoleAssets } from '../../src/static/console-assets';
import type { WebApiDeps } from '../../src/types';

/** The console as built (packages/console/dist), which the webapi's build puts beside its bundle. */
export const CONSOLE_DIST = new URL('./', pathToFileURL(createRequire(import.meta.url).resolve('@rez-agent/console/dist/index.html')));

export const API_TOKEN = 'test-token-5b0c1e7a9d2f4e8c';

/** core's build output the webapi build copies beside the bundle (the test task builds core first). */
export const API_DOCS_DIRECTORY = new URL('./', pathToFileURL(createRequire(import.meta.url).resolve('@rez-agent/core/api-docs/openapi.json')));
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
  /** Counts every change written so far off the table's stream into the metrics, as the stream function does. */
  settleMetrics(): Promise<void>;
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
  let stream: TableStreamReader | undefined;
  beforeAll(async () => {
    fixture.table = await createTestTable(createTableInput, 'webapi');
    const ledger = new DynamoDbMetricsLedger({ client: fixture.table.client, tableName: fixture.table.tableName });
    const reader = new TableStreamReader({
      endpoint: dynamoDbEndpoint(),
      tableName: fixture.table.tableName,
      onBatch: async ({ shardId, records }) => {
        await countStreamChanges({ ledger, clock: systemClock }, shardId, messageChangesOf(records).changes);
      },
    });
    stream = reader;
    fixture.settleMetrics = () => reader.drain();
    fixture.messaging = await startTestMessaging({ namePrefix: 'webapi-test' });
    fixture.repository = new DynamoDbMessageRepository({ client: fixture.table.client, tableName: fixture.table.tableName });
    fixture.deps = {
      repository: fixture.repository,
      schedules: new DynamoDbScheduleRepository({ client: fixture.table.client, tableName: fixture.table.tableName }),
      publisher: new SnsMessagePublisher({ client: fixture.messaging.sns, topicArn: fixture.messaging.topicArn }),
      queue: new SqsDeliveryQueue({ client: fixture.messaging.sqs, queueUrl: fixture.messaging.queueUrl }),
      authenticate: bearerAuthenticator({ apiToken: lazySecret({ value: API_TOKEN }) }),
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
      apiDocs: apiDocsFrom(API_DOCS_DIRECTORY),
      consoleAssets: directoryConsoleAssets(CONSOLE_DIST),
      ...overrides,
    };
    fixture.handler = makeHandler(fixture.deps);
    fixture.call = (request) => invoke(fixture.handler, request);
    fixture.callAuthed = (request) => invoke(fixture.handler, { ...request, headers: { ...AUTH, ...request.headers } });
    fixture.published = async () => {
      const records = await fixture.messaging.receiveAll(fixture.messaging.queueUrl, { delete: true, waitSeconds: 0 });
      // SNS-wrapped (published now) or raw (a scheduled message's delayed record).
      return records.map((record) => {
        const body = JSON.parse(record.Body ?? '{}') as { Type?: string; Message?: string };
        return (body.Type === 'Notification' ? JSON.parse(body.Message ?? '{}') : body) as Message;
      });
    };
  });
  afterAll(async () => {
    await stream?.stop();
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
