import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { stageNames, type Stage } from '@rez-agent/core';

export interface SecretsArgs {
  stage: Stage;
  /** `rez-agent:apiToken` (a Pulumi secret); a random token is generated when it is not set. */
  apiToken?: pulumi.Output<string>;
  /** `rez-agent:ntfyToken` (a Pulumi secret); without it the topic is used without auth. */
  ntfyToken?: pulumi.Output<string>;
}

/**
 * The tokens as SSM SecureString parameters. The functions get only the parameter names and
 * read the values at cold start, so no secret is ever a plain environment value.
 */
export class Secrets extends pulumi.ComponentResource {
  readonly apiTokenParameter: aws.ssm.Parameter;
  readonly ntfyTokenParameter?: aws.ssm.Parameter;

  constructor(name: string, args: SecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:secrets:Secrets', name, {}, opts);
    const names = stageNames(args.stage);

    const apiToken =
      args.apiToken ??
      new random.RandomPassword('api-token', { length: 48, special: false }, { parent: this, additionalSecretOutputs: ['result'] }).result;

    this.apiTokenParameter = new aws.ssm.Parameter(
      'api-token',
      {
        name: names.parameter('api-token'),
        type: aws.ssm.ParameterType.SecureString,
        value: pulumi.secret(apiToken),
        description: 'Bearer token of the rez-agent HTTP API',
      },
      { parent: this },
    );

    if (args.ntfyToken) {
      this.ntfyTokenParameter = new aws.ssm.Parameter(
        'ntfy-token',
        {
          name: names.parameter('ntfy-token'),
          type: aws.ssm.ParameterType.SecureString,
          value: pulumi.secret(args.ntfyToken),
          description: 'Access token for the ntfy topic',
        },
        { parent: this },
      );
    }

    this.registerOutputs({
      apiTokenParameterName: this.apiTokenParameter.name,
      ntfyTokenParameterName: this.ntfyTokenParameter?.name,
    });
  }
}
