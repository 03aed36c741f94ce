import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { signInDefaults, stageNames } from '@rez-agent/core';
import { Api } from './components/api';
import { Data } from './components/data';
import { Functions } from './components/functions';
import { Messaging } from './components/messaging';
import { Monitoring } from './components/monitoring';
import { Schedules } from './components/schedules';
import { Secrets } from './components/secrets';
import { SignIn } from './components/sign-in';
import { visibilityTimeoutFor, type StackConfig } from './config';

export interface StackSecrets {
  apiToken?: pulumi.Output<string>;
  ntfyToken?: pulumi.Output<string>;
}

export interface StackOutputs {
  apiUrl: pulumi.Output<string>;
  tableName: pulumi.Output<string>;
  topicArn: pulumi.Output<string>;
  queueUrl: pulumi.Output<string>;
  dlqUrl: pulumi.Output<string>;
  dashboardName: pulumi.Output<string>;
  apiTokenParameterName: pulumi.Output<string>;
  /** The admin console (`<api url>/console/`), the OIDC issuer and the console's client id. */
  consoleUrl: pulumi.Output<string>;
  oidcIssuer: pulumi.Output<string>;
  oidcClientId: pulumi.Output<string>;
  /** The managed-login pages of the user pool. */
  signInDomainUrl: pulumi.Output<string>;
  userPoolId: pulumi.Output<string>;
}

/** The whole stage: every component, wired in the order the data flows. */
export function createStack(config: StackConfig, secrets: StackSecrets): StackOutputs {
  const { stage } = config;
  const accountId = aws.getCallerIdentityOutput().accountId;

  const data = new Data('data', { stage, deletionProtection: config.deletionProtection });
  const messaging = new Messaging('messaging', {
    stage,
    processorTimeoutSeconds: config.processor.timeoutSeconds,
    processorBatchingWindowSeconds: config.processor.batchingWindowSeconds,
    maxReceiveCount: config.maxReceiveCount,
  });
  const tokens = new Secrets('secrets', { stage, ...secrets });

  // The client's callback is the console under the API's URL, and the webapi (behind that API)
  // needs the client's id: the URL is promised here and kept once the API exists.
  const [apiEndpoint, resolveApiEndpoint] = pulumi.deferredOutput<string>();
  const consoleUrl = pulumi.interpolate`${apiEndpoint}/console/`;
  // Cognito's group claim, the group and scopes: core's defaults, set explicitly on the function.
  const { groupsClaim, operatorGroup, scopes } = signInDefaults();
  const signIn = new SignIn('sign-in', {
    stage,
    region: config.region,
    consoleUrl,
    extraCallbackUrls: config.signIn.callbackUrls,
    extraLogoutUrls: config.signIn.logoutUrls,
    domainPrefix: config.signIn.domainPrefix ?? accountId.apply((id) => stageNames(stage).resource(id)),
    advancedSecurity: config.signIn.advancedSecurity,
    operatorGroup,
    scopes,
  });

  const functions = new Functions('functions', {
    stage,
    accountId,
    logLevel: config.logLevel,
    logRetentionDays: config.logRetentionDays,
    messageTtlDays: config.messageTtlDays,
    maxReceiveCount: config.maxReceiveCount,
    ntfyUrl: config.ntfyUrl,
    processor: config.processor,
    sweep: config.sweep,
    table: data.table,
    tableStreamArn: data.streamArn,
    indexArn: data.indexArn,
    topic: messaging.topic,
    queue: messaging.queue,
    streamFailureQueue: messaging.streamFailureQueue,
    apiTokenParameter: tokens.apiTokenParameter,
    ...(tokens.ntfyTokenParameter ? { ntfyTokenParameter: tokens.ntfyTokenParameter } : {}),
    signIn: { issuer: signIn.issuer, clientId: signIn.client.id, groupsClaim, operatorGroup, scopes },
  });

  const schedules = new Schedules('schedules', {
    stage,
    accountId,
    schedules: config.schedules,
    table: data.table,
    schedulerFunction: functions.functions.scheduler,
    schedulerRole: functions.roles.scheduler,
  });

  const api = new Api('api', {
    stage,
    handler: functions.functions.webapi,
    corsOrigins: config.corsOrigins,
    throttleBurst: config.api.throttleBurst,
    throttleRate: config.api.throttleRate,
    logRetentionDays: config.logRetentionDays,
  });
  resolveApiEndpoint(api.api.apiEndpoint);

  const visibility = visibilityTimeoutFor(config.processor.timeoutSeconds, config.processor.batchingWindowSeconds);
  const monitoring = new Monitoring('monitoring', {
    stage,
    region: config.region,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    functionNames: {
      scheduler: functions.functions.scheduler.name,
      processor: functions.functions.processor.name,
      webapi: functions.functions.webapi.name,
      stream: functions.functions.stream.name,
    },
    queueName: messaging.queue.name,
    deadLetterQueueName: messaging.deadLetterQueue.name,
    streamFailureQueueName: messaging.streamFailureQueue.name,
    scheduleDeadLetterQueueName: schedules.deadLetterQueue.name,
    tableName: data.table.name,
    topicName: messaging.topic.name,
    apiId: api.api.id,
    tickGroupName: schedules.tickGroup.name,
    // By then a message has used every receive and should be in the DLQ: older means stuck.
    oldestMessageAlarmSeconds: config.maxReceiveCount * visibility + 300,
  });

  return {
    apiUrl: api.url,
    tableName: data.table.name,
    topicArn: messaging.topic.arn,
    queueUrl: messaging.queue.url,
    dlqUrl: messaging.deadLetterQueue.url,
    dashboardName: monitoring.dashboard.dashboardName,
    apiTokenParameterName: tokens.apiTokenParameter.name,
    consoleUrl,
    oidcIssuer: signIn.issuer,
    oidcClientId: signIn.client.id,
    signInDomainUrl: signIn.domainUrl,
    userPoolId: signIn.userPool.id,
  };
}
