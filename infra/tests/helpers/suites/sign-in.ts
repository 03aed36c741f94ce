import { describe, expect, it } from '@jest/globals';
import { TYPES, envOf, ofType } from '../resources';
import { ACCOUNT_ID, REGION } from '../run-program';
import type { StackUnderTest } from '../stack-suite';

const API_ENDPOINT = `https://http-id.execute-api.${REGION}.amazonaws.com`;
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/users-id`;

/** Who may sign in: the user pool, its operators group, the console's client and the login domain. */
export function describeSignIn({ stage, run, prefix }: StackUnderTest & { stage: 'dev' | 'prod' }): void {
  const only = (type: string) => {
    const resources = ofType(run(), type);
    expect(resources).toHaveLength(1);
    return resources[0]!.inputs;
  };

  describe(`${stage} stack: sign-in`, () => {
    it('has a user pool where only admins create users, with MFA optional in dev and required in prod', () => {
      expect(only(TYPES.userPool)).toMatchObject({
        name: `${prefix}-users`,
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        mfaConfiguration: stage === 'prod' ? 'ON' : 'OPTIONAL',
        softwareTokenMfaConfiguration: { enabled: true },
        userPoolTier: 'ESSENTIALS',
        deletionProtection: stage === 'prod' ? 'ACTIVE' : 'INACTIVE',
      });
      expect(only(TYPES.userPool).userPoolAddOns).toBeUndefined();
      // The username is the e-mail address, so the access token's username claim names the person.
      expect(only(TYPES.userPool)).toMatchObject({ usernameConfiguration: { caseSensitive: false } });
      expect(only(TYPES.userPool).usernameAttributes).toBeUndefined();
    });

    it('has the operators group', () => {
      expect(only(TYPES.userGroup)).toMatchObject({ name: 'operators', userPoolId: 'users-id' });
    });

    it('gives the console a public client: code + PKCE, no secret, called back at <api url>/console/', () => {
      expect(only(TYPES.userPoolClient)).toMatchObject({
        userPoolId: 'users-id',
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['code'],
        allowedOauthScopes: ['openid', 'email', 'profile'],
        supportedIdentityProviders: ['COGNITO'],
        callbackUrls: [`${API_ENDPOINT}/console/`],
        logoutUrls: [`${API_ENDPOINT}/console/`],
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      });
    });

    it('serves managed login (v2) on a domain of its own, styled so it renders', () => {
      expect(only(TYPES.userPoolDomain)).toEqual({ domain: `${prefix}-${ACCOUNT_ID}`, userPoolId: 'users-id', managedLoginVersion: 2 });
      expect(only(TYPES.managedLoginBranding)).toMatchObject({ userPoolId: 'users-id', clientId: 'console-id', useCognitoProvidedValues: true });
    });

    it('tells the webapi the issuer, the client, the group and the scopes', () => {
      expect(envOf(run(), `${prefix}-webapi`)).toMatchObject({
        OIDC_ISSUER: ISSUER,
        OIDC_CLIENT_ID: 'console-id',
        OIDC_GROUPS_CLAIM: 'cognito:groups',
        OIDC_OPERATOR_GROUP: 'operators',
        OIDC_SCOPES: 'openid email profile',
      });
      expect(envOf(run(), `${prefix}-processor`).OIDC_ISSUER).toBeUndefined();
    });

    it('outputs the console URL, the issuer and the client id', () => {
      expect(run().outputs).toMatchObject({
        consoleUrl: `${API_ENDPOINT}/console/`,
        oidcIssuer: ISSUER,
        oidcClientId: 'console-id',
        signInDomainUrl: `https://${prefix}-${ACCOUNT_ID}.auth.${REGION}.amazoncognito.com`,
        userPoolId: 'users-id',
      });
    });
  });
}
