import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { stageNames, type Stage } from '@rez-agent/core';

export interface SignInArgs {
  stage: Stage;
  region: string;
  /** The console's own URL (`<api url>/console/`): the callback and the logout URL. */
  consoleUrl: pulumi.Input<string>;
  /** More callback / logout URLs from config, e.g. a local console during development. */
  extraCallbackUrls: string[];
  extraLogoutUrls: string[];
  /** Globally unique prefix of the managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  domainPrefix: pulumi.Input<string>;
  /** Cognito threat protection (the Plus tier, billed per user); off unless configured. */
  advancedSecurity: boolean;
  /** The group whose members may change things (the webapi's OIDC_OPERATOR_GROUP). */
  operatorGroup: string;
  scopes: readonly string[];
}

/**
 * Who may sign in to the console: a user pool per stage (admins create users, no self sign-up;
 * MFA optional in dev, required in prod), the operators group, and one public app client (code
 * + PKCE, no secret) behind a managed-login domain.
 */
export class SignIn extends pulumi.ComponentResource {
  readonly userPool: aws.cognito.UserPool;
  readonly client: aws.cognito.UserPoolClient;
  readonly domain: aws.cognito.UserPoolDomain;
  /** What the webapi verifies tokens against: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  readonly issuer: pulumi.Output<string>;
  /** The managed-login pages, `https://<domain prefix>.auth.<region>.amazoncognito.com`. */
  readonly domainUrl: pulumi.Output<string>;

  constructor(name: string, args: SignInArgs, opts?: pulumi.ComponentResourceOptions) {
    super('rez-agent:sign-in:SignIn', name, {}, opts);
    const names = stageNames(args.stage);
    const production = args.stage === 'prod';

    this.userPool = new aws.cognito.UserPool(
      'users',
      {
        name: names.resource('users'),
        // Managed login (v2) needs Essentials; threat protection needs Plus.
        userPoolTier: args.advancedSecurity ? 'PLUS' : 'ESSENTIALS',
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        // Usernames are the people's e-mail addresses (README), so an access token's `username`
        // claim, which the webapi records as created_by_name, reads as one; Cognito puts no email in it.
        usernameConfiguration: { caseSensitive: false },
        autoVerifiedAttributes: ['email'],
        mfaConfiguration: production ? 'ON' : 'OPTIONAL',
        softwareTokenMfaConfiguration: { enabled: true },
        passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false, temporaryPasswordValidityDays: 3 },
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
        ...(args.advancedSecurity ? { userPoolAddOns: { advancedSecurityMode: 'ENFORCED' } } : {}),
        deletionProtection: production ? 'ACTIVE' : 'INACTIVE',
      },
      { parent: this },
    );

    new aws.cognito.UserGroup(
      'operators',
      { name: args.operatorGroup, userPoolId: this.userPool.id, description: 'May create, retry and cancel messages and manage schedules' },
      { parent: this },
    );

    this.client = new aws.cognito.UserPoolClient(
      'console',
      {
        name: names.resource('console'),
        userPoolId: this.userPool.id,
        // A browser app keeps no secret: authorization code + PKCE only.
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['code'],
        allowedOauthScopes: [...args.scopes],
        supportedIdentityProviders: ['COGNITO'],
        callbackUrls: pulumi.output(args.consoleUrl).apply((url) => [url, ...args.extraCallbackUrls]),
        logoutUrls: pulumi.output(args.consoleUrl).apply((url) => [url, ...args.extraLogoutUrls]),
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        preventUserExistenceErrors: 'ENABLED',
        enableTokenRevocation: true,
        accessTokenValidity: 60,
        idTokenValidity: 60,
        refreshTokenValidity: 12,
        tokenValidityUnits: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'hours' },
      },
      { parent: this },
    );

    this.domain = new aws.cognito.UserPoolDomain(
      'login',
      { domain: args.domainPrefix, userPoolId: this.userPool.id, managedLoginVersion: 2 },
      { parent: this },
    );

    // Managed login shows nothing for a client without a style: Cognito's default one.
    new aws.cognito.ManagedLoginBranding(
      'login-style',
      { userPoolId: this.userPool.id, clientId: this.client.id, useCognitoProvidedValues: true },
      { parent: this, dependsOn: [this.domain] },
    );

    this.issuer = pulumi.interpolate`https://cognito-idp.${args.region}.amazonaws.com/${this.userPool.id}`;
    this.domainUrl = pulumi.interpolate`https://${this.domain.domain}.auth.${args.region}.amazoncognito.com`;
    this.registerOutputs({ issuer: this.issuer, clientId: this.client.id, domainUrl: this.domainUrl });
  }
}
