import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '@rez-agent/emulators';
import { startScriptedApi, type ScriptedApi } from '../helpers/api-server';
import { runRez, tempConfigHome } from '../helpers/rez';

const TOKEN = 'secret-token-never-printed';
const MESSAGE_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
let api: ScriptedApi;
const home = tempConfigHome();
const env = (): Record<string, string> => ({ REZ_API_URL: api.url, REZ_API_TOKEN: TOKEN, XDG_CONFIG_HOME: home.dir });

beforeAll(async () => {
  api = await startScriptedApi();
});
afterAll(async () => {
  await api.close();
  home.remove();
});

const problem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { type: 'about:blank', title, status, detail, ...extra },
});

describe('an API error is one line on stderr and a non-zero exit', () => {
  it('401: says the token was refused and how to set one, without printing it', async () => {
    api.answer(problem(401, 'Unauthorized', 'the bearer token is not valid'));

    const result = await runRez(['list'], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('rez: 401 Unauthorized: the bearer token is not valid — set REZ_API_TOKEN, --token, or a profile\'s token\n');
    expect(result.stderr).not.toContain(TOKEN);
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('422: names every field the API named', async () => {
    api.answer(
      problem(422, 'Unprocessable Content', 'this Idempotency-Key was first used with a different request body; send a new key', {
        errors: [{ field: 'Idempotency-Key', detail: 'was first used with a different request body' }],
      }),
    );

    const result = await runRez(['send', '-k', 'key-1', 'hello'], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'rez: 422 Unprocessable Content: this Idempotency-Key was first used with a different request body; send a new key (Idempotency-Key: was first used with a different request body)',
    ]);
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/messages', headers: { 'idempotency-key': 'key-1' } });
    expect(JSON.parse(api.requests.at(-1)?.body ?? '')).toEqual({ payload: 'hello' });
  });

  it('400: a body field named by JSON Pointer is shown by its name', async () => {
    api.answer(problem(400, 'Bad Request', 'the request body is invalid', { errors: [{ pointer: '#/tags/0', detail: 'must not contain a comma' }] }));

    const result = await runRez(['send', 'x'], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('rez: 400 Bad Request: the request body is invalid (tags.0: must not contain a comma)\n');
  });

  it('409: says why, and when to try again if the API said so', async () => {
    api.answer({ ...problem(409, 'Conflict', 'the first request with this Idempotency-Key is still in progress'), headers: { 'retry-after': '2' } });

    const result = await runRez(['retry', MESSAGE_ID], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('rez: 409 Conflict: the first request with this Idempotency-Key is still in progress (retry after 2 s)\n');
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: `/api/messages/${MESSAGE_ID}/retry` });
  });

  it('cancel too late: the 409 with the status the message is in', async () => {
    api.answer(problem(409, 'Conflict', `message ${MESSAGE_ID} is completed; only a scheduled, created or queued message can be cancelled`, { current_status: 'completed' }));

    const result = await runRez(['cancel', MESSAGE_ID], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`rez: 409 Conflict: message ${MESSAGE_ID} is completed; only a scheduled, created or queued message can be cancelled\n`);
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: `/api/messages/${MESSAGE_ID}/cancel`, body: '' });
  });

  it('an error without a problem body still gives its status', async () => {
    api.answer({ status: 502 });

    const result = await runRez(['metrics'], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('rez: 502 Bad Gateway\n');
  });

  it('--json changes nothing about errors: stdout stays empty for the script', async () => {
    api.answer(problem(404, 'Not Found', `no message has the id ${MESSAGE_ID}`));

    const result = await runRez(['--json', 'get', MESSAGE_ID], { env: env() });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`rez: 404 Not Found: no message has the id ${MESSAGE_ID}\n`);
  });

  it('network down: says the API cannot be reached and where it was looked for', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;

    const result = await runRez(['list'], { env: { ...env(), REZ_API_URL: closed } });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`rez: cannot reach the API at ${closed} (ECONNREFUSED); is it running? (--api-url / REZ_API_URL)\n`);
  });

  it('an id is one path segment, whatever it contains', async () => {
    api.answer({ status: 200, body: { id: 'x', status: 'queued', tags: [] } });

    const seen = api.requests.length;
    await runRez(['--json', 'get', '../metrics?x=1'], { env: env() });

    // The message and its attempts, asked for together.
    expect(api.requests.slice(seen).map((request) => request.path).sort()).toEqual(['/api/messages/..%2Fmetrics%3Fx%3D1', '/api/messages/..%2Fmetrics%3Fx%3D1/attempts']);
  });
});
