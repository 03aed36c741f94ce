import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const CLIENT_ID = 'console-client';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface TestIssuer {
  /** e.g. http://127.0.0.1:41234/pool-1, shaped like a Cognito issuer. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** How many times the key set was fetched. */
  readonly jwksRequests: number;
  /** An access token like Cognito's (client_id, token_use, groups), claims overridable. */
  accessToken(claims?: JWTPayload, options?: { key?: 'current' | 'unpublished'; header?: Record<string, unknown> }): Promise<string>;
  /** Publishes a new key (the old one is dropped) and signs with it from now on. */
  rotateKey(): Promise<void>;
  /** Answers 500 to key set requests until called with false. */
  failKeySet(fail: boolean): void;
  close(): Promise<void>;
}

let keyCount = 0;
async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = `key-${++keyCount}`;
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A real issuer's key set on a real HTTP server (127.0.0.1), with tokens signed by its keys. */
export async function startTestIssuer(): Promise<TestIssuer> {
  let current = await signingKey();
  const unpublished = await signingKey();
  let jwksRequests = 0;
  let failing = false;
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/.well-known/jwks.json')) {
      jwksRequests += 1;
      if (failing) return void res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [current.jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pool-1`;
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    get jwksRequests() {
      return jwksRequests;
    },
    accessToken: async (claims = {}, options = {}) => {
      const key = options.key === 'unpublished' ? unpublished : current;
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: issuer, sub: '8f1c2d3e-user-ada', iat: now, exp: now + 300, client_id: CLIENT_ID, token_use: 'access', 'cognito:groups': ['operators'], username: 'ada' };
      return new SignJWT({ ...payload, ...claims }).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...options.header }).sign(key.privateKey);
    },
    rotateKey: async () => {
      current = await signingKey();
    },
    failKeySet: (fail) => {
      failing = fail;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
