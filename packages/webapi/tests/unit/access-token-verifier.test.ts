import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base64url } from 'jose';
import { InvalidAccessTokenError, KeySetUnavailableError, accessTokenVerifier, type AccessTokenVerifier } from '../../src/http/access-token-verifier';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from '../helpers/issuer';

let issuer: TestIssuer;
let verify: AccessTokenVerifier;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  issuer = await startTestIssuer();
  verify = accessTokenVerifier({ issuer: issuer.issuer, clientId: CLIENT_ID, groupsClaim: 'cognito:groups' });
});
afterAll(() => issuer.close());

const refusal = async (token: Promise<string> | string, check: AccessTokenVerifier = verify): Promise<string> => {
  const error = await check(await token).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidAccessTokenError);
  return (error as Error).message;
};

describe('the access token verifier', () => {
  it('accepts a good token and says who holds it and their groups', async () => {
    await expect(verify(await issuer.accessToken({ email: 'ada@example.com' }))).resolves.toEqual({
      sub: '8f1c2d3e-user-ada',
      name: 'ada@example.com',
      groups: ['operators'],
    });
  });

  it('fetches the key set once and keeps it across calls', async () => {
    const before = issuer.jwksRequests;
    for (let i = 0; i < 5; i++) await verify(await issuer.accessToken());
    expect(issuer.jwksRequests - before).toBe(0);
    expect(issuer.jwksRequests).toBe(1);
  });

  it('refuses an expired token (beyond the 30 s skew)', async () => {
    expect(await refusal(issuer.accessToken({ exp: now() - 60, iat: now() - 3600 }))).toBe('the access token has expired');
  });

  it('accepts a token that expired within the skew', async () => {
    await expect(verify(await issuer.accessToken({ exp: now() - 5 }))).resolves.toMatchObject({ sub: '8f1c2d3e-user-ada' });
  });

  it('refuses a token that is not valid yet', async () => {
    expect(await refusal(issuer.accessToken({ nbf: now() + 600 }))).toBe("the access token's nbf claim is not accepted");
  });

  it('refuses a token from another issuer', async () => {
    expect(await refusal(issuer.accessToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/other-pool' }))).toBe(
      "the access token's iss claim is not accepted",
    );
  });

  it('refuses a token issued to another client, by client_id or by aud', async () => {
    expect(await refusal(issuer.accessToken({ client_id: 'someone-else' }))).toBe('the access token was issued to another client');
    expect(await refusal(issuer.accessToken({ client_id: undefined, aud: 'someone-else' }))).toBe('the access token was issued to another client');
  });

  it('accepts a client named by aud when client_id is absent', async () => {
    await expect(verify(await issuer.accessToken({ client_id: undefined, aud: [CLIENT_ID] }))).resolves.toMatchObject({ groups: ['operators'] });
  });

  it('refuses an ID token', async () => {
    expect(await refusal(issuer.accessToken({ token_use: 'id' }))).toBe('the token is not an access token (token_use must be "access")');
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await issuer.accessToken({ 'cognito:groups': [] })).split('.');
    const forged = base64url.encode(JSON.stringify({ iss: issuer.issuer, sub: 'mallory', client_id: CLIENT_ID, token_use: 'access', 'cognito:groups': ['operators'], iat: now(), exp: now() + 300 }));
    expect(await refusal(`${header}.${forged}.${signature}`)).toBe("the access token's signature is not valid");
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const strict = accessTokenVerifier({ issuer: issuer.issuer, clientId: CLIENT_ID, groupsClaim: 'cognito:groups', keySet: { cooldownDuration: 0 } });
    expect(await refusal(issuer.accessToken({}, { key: 'unpublished' }), strict)).toBe('the access token is signed with a key the issuer does not publish');
  });

  it('refetches the key set for an unknown kid, so a rotated key is accepted', async () => {
    const rotatingIssuer = await startTestIssuer();
    try {
      const rotating = accessTokenVerifier({ issuer: rotatingIssuer.issuer, clientId: CLIENT_ID, groupsClaim: 'cognito:groups', keySet: { cooldownDuration: 0 } });
      await rotating(await rotatingIssuer.accessToken());
      await rotatingIssuer.rotateKey();

      await expect(rotating(await rotatingIssuer.accessToken())).resolves.toMatchObject({ sub: '8f1c2d3e-user-ada' });
      expect(rotatingIssuer.jwksRequests).toBe(2);
    } finally {
      await rotatingIssuer.close();
    }
  });

  it('refuses the none algorithm', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify({ iss: issuer.issuer, sub: 'mallory', client_id: CLIENT_ID, token_use: 'access', iat: now(), exp: now() + 300 }));
    expect(await refusal(`${header}.${payload}.`)).toBe('the access token is not signed with an accepted algorithm');
  });

  it('refuses HS256 (a public key used as an HMAC secret)', async () => {
    const [, payload, signature] = (await issuer.accessToken()).split('.');
    const header = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    expect(await refusal(`${header}.${payload}.${signature}`)).toBe('the access token is not signed with an accepted algorithm');
  });

  it('refuses a token with no sub', async () => {
    expect(await refusal(issuer.accessToken({ sub: '' }))).toBe('the access token has no usable sub claim');
  });

  it('refuses what is not a JWT at all', async () => {
    expect(await refusal('abc.def.ghi')).toBe('the access token is malformed');
  });

  it('says the key set is unavailable (not that the token is bad) when the issuer cannot be reached', async () => {
    const fresh = accessTokenVerifier({ issuer: issuer.issuer, clientId: CLIENT_ID, groupsClaim: 'cognito:groups' });
    issuer.failKeySet(true);
    try {
      await expect(fresh(await issuer.accessToken())).rejects.toBeInstanceOf(KeySetUnavailableError);
    } finally {
      issuer.failKeySet(false);
    }
    await expect(fresh(await issuer.accessToken())).resolves.toMatchObject({ sub: '8f1c2d3e-user-ada' });
  });
});
