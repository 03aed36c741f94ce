import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { API_ROUTE_KEYS, corsDefinition, stageNames, type Stage } from '@rez-agent/core';

export interface ApiArgs {
  stage: Stage;
  handler: aws.lambda.Function;
  corsOrigins: string[];
  throttleBurst: number;
  throttleRate: number;
  logRetentionDays: number;
}

/**
 * The webapi's routes (core's table), each its own API Gateway route so each has its own metrics; every other
 * path or method goes to the function through `$default`, so a wrong method still gets the
 * webapi's 405 (and an unknown path its 404) as problem+json, not API Gateway's bare 404.
 */
export const API_ROUTES = [...API_ROUTE_KEYS, '$default'] as const;

/** API Gateway's corsConfiguration from core's one CORS definition (the sandbox's gateway applies the same). */
export function corsConfiguration(origins: readonly string[]): aws.types.input.apigatewayv2.ApiCorsConfiguration {
  const cors = corsDefinition(origins);
  return {
    allowOrigins: [...cors.allowOrigins],
    allowMethods: [...cors.allowMethods],
    allowHeaders: [...cors.allowHeaders],
    exposeHeaders: [...cors.exposeHeaders],
    allowCredentials: cors.allowCredentials,
    maxAge: cors.maxAgeSeconds,
  };
}

/** API Gateway's access log line, as JSON for CloudWatch Logs Insights. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
});

/** API Gateway HTTP API → webapi, with CORS from config, stage throttling and access logs. */
export class Api extends pulumi.ComponentResource {
  readonly api: aws.apigatewayv2.Api;
  readonly stage: aws.apigatewayv2.Stage;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: ApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:api:Api', name, {}, opts);
    const apiName = stageNames(args.stage).resource('api');

    this.api = new aws.apigatewayv2.Api(
      'http',
      {
        name: apiName,
        protocolType: 'HTTP',
        ...(args.corsOrigins.length ? { corsConfiguration: corsConfiguration(args.corsOrigins) } : {}),
      },
      { parent: this },
    );

    const integration = new aws.apigatewayv2.Integration(
      'webapi',
      {
        apiId: this.api.id,
        integrationType: 'AWS_PROXY',
        integrationUri: args.handler.invokeArn,
        payloadFormatVersion: '2.0',
        timeoutMilliseconds: 29_000,
      },
      { parent: this },
    );

    for (const routeKey of API_ROUTES) {
      new aws.apigatewayv2.Route(
        `route-${routeKey.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'default'}`,
        { apiId: this.api.id, routeKey, target: pulumi.interpolate`integrations/${integration.id}` },
        { parent: this },
      );
    }

    new aws.lambda.Permission(
      'api-invokes-webapi',
      {
        action: 'lambda:InvokeFunction',
        function: args.handler.name,
        principal: 'apigateway.amazonaws.com',
        sourceArn: pulumi.interpolate`${this.api.executionArn}/*/*`,
      },
      { parent: this },
    );

    const accessLogs = new aws.cloudwatch.LogGroup(
      'access-logs',
      { name: `/aws/apigateway/${apiName}`, retentionInDays: args.logRetentionDays },
      { parent: this },
    );

    this.stage = new aws.apigatewayv2.Stage(
      'default',
      {
        apiId: this.api.id,
        name: '$default',
        autoDeploy: true,
        defaultRouteSettings: {
          throttlingBurstLimit: args.throttleBurst,
          throttlingRateLimit: args.throttleRate,
          detailedMetricsEnabled: true,
        },
        accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      },
      { parent: this },
    );

    this.url = this.stage.invokeUrl;
    this.registerOutputs({ url: this.url });
  }
}
