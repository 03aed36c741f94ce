import { describe, expect, it } from '@jest/globals';
import { useWebApi } from '../helpers/webapi';

const api = useWebApi();
const ORIGIN = 'https://app.example.com';

/** CORS is the gateway's (core's CORS definition, applied by API Gateway and the sandbox). */
const corsHeaders = (headers: Record<string, string>) => Object.keys(headers).filter((name) => name.startsWith('access-control-') || name === 'vary');

describe('the webapi leaves CORS to the gateway', () => {
  it('sends no CORS header on an answer, a problem or an OPTIONS, whatever the Origin', async () => {
    const answers = await Promise.all([
      api.call({ path: '/api/health', headers: { origin: ORIGIN } }),
      api.call({ path: '/api/metrics', headers: { origin: ORIGIN } }),
      api.call({
        method: 'OPTIONS',
        path: '/api/messages',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 204]);
    for (const answer of answers) expect(corsHeaders(answer.headers)).toEqual([]);
  });

  it('still answers a plain OPTIONS with the methods of the path, without a token', async () => {
    const response = await api.call({ method: 'OPTIONS', path: '/api/messages/01KBZ0000000000000000000A1/retry' });

    expect(response.status).toBe(204);
    expect(response.headers.allow).toBe('POST, OPTIONS');
  });
});
