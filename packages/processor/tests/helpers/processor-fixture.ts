import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { createTableInput, DynamoDbMessageRepository, type EnvVarName, type SecretStore } from '@rez-agent/core';
import { createTestTable, startNtfyServer, type NtfyServer, type TestTable } from '@rez-agent/testing';
import { buildDependencies } from '../../src/dependencies';
import { makeHandler, type ProcessorHandler } from '../../src/make-handler';
import type { ProcessorDeps, ProcessorIo } from '../../src/types';
import { logCapture, type LogLine } from './log-capture';

/** Long enough for the logger to blank it (it ignores secrets under 8 characters). */
export const NTFY_TOKEN = 'tk_processor-test-token-8f3a';

/** Stands in for SSM: the one boundary these tests cannot run. Counts its reads. */
export function fakeSecretStore(values: Record<string, string> = {}): SecretStore & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    get(name) {
      reads.push(name);
      const value = values[name];
      return value === undefined ? Promise.reject(new Error(`ParameterNotFound: ${name}`)) : Promise.resolve(value);
    },
  };
}

export interface ProcessorFixture {
  table: TestTable;
  repository: DynamoDbMessageRepository;
  ntfy: NtfyServer;
  logs: LogLine[];
  rawLogs: string[];
  deps: ProcessorDeps;
  handler: ProcessorHandler;
}

export interface ProcessorFixtureOptions {
  /** Environment the processor is configured from, beyond the table, ntfy URL and token. */
  env?: Partial<Record<EnvVarName, string>> | (() => Partial<Record<EnvVarName, string>>);
  io?: (fixture: ProcessorFixture) => Partial<ProcessorIo>;
}

/**
 * The real processor wiring (buildDependencies, the handler) on a DynamoDB Local table of the
 * file's own and a fresh scripted ntfy per test. Fields are filled in by the hooks: read them
 * inside tests.
 */
export function useProcessor(options: ProcessorFixtureOptions = {}): ProcessorFixture {
  const fixture = {} as ProcessorFixture;
  beforeAll(async () => {
    fixture.table = await createTestTable(createTableInput, 'processor');
    fixture.repository = new DynamoDbMessageRepository({ client: fixture.table.client, tableName: fixture.table.tableName });
  });
  afterAll(async () => {
    await fixture.table?.drop();
  });
  beforeEach(async () => {
    fixture.ntfy = await startNtfyServer();
    const capture = logCapture();
    fixture.logs = capture.lines;
    fixture.rawLogs = capture.raw;
    const env = {
      STAGE: 'dev',
      DYNAMODB_TABLE_NAME: fixture.table.tableName,
      NTFY_URL: fixture.ntfy.url('rez-agent-dev'),
      NTFY_TOKEN,
      NTFY_MAX_ATTEMPTS: '2',
      NTFY_TIMEOUT_MS: '2000',
      // Only an early scheduled record is ever sent here; tests of that path pass their emulator's queue.
      SQS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/unused-by-this-test',
      ...(typeof options.env === 'function' ? options.env() : options.env),
    };
    fixture.deps = buildDependencies(env, {
      dynamo: fixture.table.client,
      secrets: fakeSecretStore(),
      logDestination: capture.destination,
      ...options.io?.(fixture),
    });
    fixture.handler = makeHandler(fixture.deps);
  });
  afterEach(async () => {
    await fixture.ntfy?.close();
  });
  return fixture;
}

/** The ntfy requests that carried this payload. */
export const sendsOf = (ntfy: NtfyServer, payload: string) => ntfy.requests.filter((request) => request.body === payload);
