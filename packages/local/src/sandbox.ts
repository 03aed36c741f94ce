import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { FUNCTIONS, corsDefinition, stageNames, syncStackSchedules, type Logger } from '@rez-agent/core';
import { TableStreamReader, assertJava, assertPortFree, freePort, startDynamoDbLocal, startMessaging, startOidcProvider } from '@rez-agent/emulators';
import { formatBanner } from './banner';
import { startEventSourceMapping } from './event-source-mapping';
import { applyEnvironment, functionEnvironment } from './function-environment';
import { startHttpGateway } from './http-gateway';
import { loadFunction } from './lambda-function';
import { localRoutes } from './local-routes';
import { startNtfyInbox } from './ntfy-inbox';
import { bearerTokenCheck } from './request-guard';
import { TickRunner, readStackSchedules } from './schedules';
import type { Settings } from './settings';
import { ensureTable } from './table';

/** The repository root, where the Pulumi stack files live (same depth from src/ and dist/). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const REGION = 'us-east-1';
/** How long a stop waits for in-flight work (batches, requests, schedule runs). */
export const STOP_GRACE_MS = 10_000;
/** The console's public client at the local OIDC provider (Cognito's app client in the stack). */
export const LOCAL_CLIENT_ID = 'rez-agent-console-local';

export interface Sandbox {
  readonly apiUrl: string;
  /** The local OIDC provider people sign in with. */
  readonly issuer: string;
  readonly banner: string;
  /** Stops taking work, lets in-flight work finish (bounded), stops the emulators. */
  stop(): Promise<void>;
}

/** Starts everything, in dependency order; on a failure stops what already runs and rethrows. */
export async function startSandbox(settings: Settings, logger: Logger): Promise<Sandbox> {
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.warn({ error }, 'sandbox: a component did not stop cleanly'));
    }
    stops.length = 0;
  };

  try {
    if (!settings.dynamoDbEndpoint) assertJava();
    // Checked before Java starts, so a taken port fails in a moment, not after the emulators.
    const port = settings.port === 0 ? await freePort() : await assertPortFree(settings.port, 'the web API');
    const apiUrl = `http://127.0.0.1:${port}`;
    const dataDir = (name: string) => {
      if (!settings.dataDir) return undefined;
      const dir = join(settings.dataDir, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    };

    const dynamodb = settings.dynamoDbEndpoint ? { endpoint: settings.dynamoDbEndpoint } : await startDynamoDbLocal(withDataDir({}, dataDir('dynamodb')));
    if ('stop' in dynamodb) stops.push(() => dynamodb.stop());
    const names = stageNames(settings.stage);
    const tableName = names.table;
    const dynamoDbClient = new DynamoDBClient({ region: REGION, endpoint: dynamodb.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    stops.push(() => Promise.resolve(dynamoDbClient.destroy()));
    const tableState = await ensureTable(dynamoDbClient, tableName);
    logger.info({ table: tableName, endpoint: dynamodb.endpoint, table_state: tableState }, settings.dynamoDbEndpoint ? 'sandbox: using the DynamoDB at --dynamodb-endpoint' : 'sandbox: DynamoDB Local is up');

    const messaging = await startMessaging(
      withDataDir(
        { names: { topic: names.topic, queue: names.queue, deadLetterQueue: names.deadLetterQueue }, region: REGION, visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds, maxReceiveCount: settings.maxReceiveCount },
        dataDir('messaging'),
      ),
    );
    stops.push(() => messaging.stop());
    logger.info({ endpoint: messaging.endpoint, queue: messaging.queueName, dlq: messaging.dlqName }, 'sandbox: SNS/SQS emulator is up');

    const oidc = await startOidcProvider({ clientId: LOCAL_CLIENT_ID });
    stops.push(() => oidc.stop());
    logger.info({ issuer: oidc.issuer }, 'sandbox: the local OIDC provider is up');

    const inbox = settings.ntfyUrl ? undefined : await startNtfyInbox({ topic: names.prefix });
    if (inbox) stops.push(() => inbox.close());

    applyEnvironment(
      functionEnvironment(settings, {
        region: REGION,
        tableName,
        dynamoDbEndpoint: dynamodb.endpoint,
        messagingEndpoint: messaging.endpoint,
        topicArn: messaging.topicArn,
        // On 127.0.0.1: the emulator names queues by a *.localhost host the SDK would call as it is.
        queueUrl: `${messaging.endpoint}${new URL(messaging.queueUrl).pathname}`,
        ntfyUrl: settings.ntfyUrl ?? inbox?.url ?? '',
        apiUrl,
        oidc: { issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, clientId: LOCAL_CLIENT_ID },
      }),
    );
    const [scheduler, processor, webapi, streamFunction] = await Promise.all(
      (['scheduler', 'processor', 'webapi', 'stream'] as const).map((name) =>
        loadFunction(name, {
          stage: settings.stage,
          region: REGION,
          ...(name === 'processor' ? { timeoutSeconds: Math.min(FUNCTIONS.processor.timeoutSeconds, settings.processingLeaseSeconds) } : {}),
        }),
      ),
    );

    // The stack's schedules written as data, as the deploy writes them; the tick fires them.
    const stack = readStackSchedules(REPOSITORY_ROOT, settings.stage);
    const synced = await syncStackSchedules(dynamoDbClient, tableName, stack.definitions);
    logger.info({ source: stack.source, ...synced }, 'sandbox: stack schedules written to the table');
    const tick = new TickRunner({
      stage: settings.stage,
      invoke: (event) => scheduler!.invoke(event),
      logger,
      ...(settings.tickSeconds !== undefined ? { periodSeconds: settings.tickSeconds } : {}),
    });

    const sqs = new SQSClient({ region: REGION, endpoint: messaging.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    stops.push(() => Promise.resolve(sqs.destroy()));
    const queueArn = messaging.server.inspectQueue(messaging.queueName)?.arn ?? `arn:aws:sqs:${REGION}:000000000000:${messaging.queueName}`;
    const mapping = startEventSourceMapping({ sqs, queueUrl: messaging.queueUrl, queue: { arn: queueArn, region: REGION }, target: processor!, logger });
    stops.push(async () => {
      if (!(await mapping.stop(STOP_GRACE_MS))) logger.warn('sandbox: in-flight batches did not finish in time; their records will be delivered again');
    });

    tick.start();
    stops.push(() => tick.stop(STOP_GRACE_MS));

    // The table stream, read as Lambda's mapping does and handed to the real stream function
    // with its shard id (what the stack's tumbling window provides): the metrics stay exact.
    const stream = new TableStreamReader({
      endpoint: dynamodb.endpoint,
      tableName,
      onBatch: async ({ shardId, records }) => {
        try {
          await streamFunction!.invoke({ Records: records, shardId });
        } catch (error) {
          // Handed over again on the next poll, as Lambda retries a failed batch.
          logger.error({ error, shard: shardId, records: records.length }, 'sandbox: the stream function failed a batch');
          throw error;
        }
      },
    });
    stream.start();
    stops.push(() => stream.stop());

    // Stopped first (stops run in reverse): no new requests while the queue drains.
    // The stack's corsOrigins locally: CORS_ALLOWED_ORIGINS when set, else the API's own origin.
    const origins = settings.corsOrigins ?? [];
    const cors = corsDefinition(origins.length > 0 ? origins : [apiUrl]);
    const gateway = await startHttpGateway({ port, target: webapi!, logger, cors, authorize: bearerTokenCheck(settings.apiToken, oidc.issuer), local: localRoutes({
        messaging,
        inbox,
        endpoints: { region: REGION, dynamodb: dynamodb.endpoint, table: tableName, sns_sqs: messaging.endpoint, topic_arn: messaging.topicArn, queue_url: messaging.queueUrl, dlq_url: messaging.dlqUrl },
      }) });
    stops.push(() => gateway.close(STOP_GRACE_MS));

    const banner = formatBanner({
      apiUrl,
      issuer: oidc.issuer,
      apiToken: settings.apiToken,
      apiTokenGenerated: settings.apiTokenGenerated,
      stage: settings.stage,
      ntfyUrl: settings.ntfyUrl,
      dataDir: settings.dataDir,
      schedules: stack.definitions,
      schedulesSource: stack.source,
      tickSeconds: tick.periodSeconds,
    });
    return { apiUrl, issuer: oidc.issuer, banner, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** exactOptionalPropertyTypes-friendly: only sets dataDir when there is one. */
function withDataDir<T extends object>(options: T, dir: string | undefined): T & { dataDir?: string } {
  return dir ? { ...options, dataDir: dir } : options;
}
