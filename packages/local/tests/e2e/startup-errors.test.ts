import { createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runCliToExit } from '../helpers/sandbox-process';

/** One readable line, naming the problem, and no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('start-up errors', () => {
  let holder: Server;
  let takenPort: number;

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    takenPort = (holder.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve));
  });

  test('a taken port exits non-zero with one line naming the port', async () => {
    const result = await runCliToExit(['--port', String(takenPort)], { NTFY_URL: '' });

    expect(result.code).not.toBe(0);
    expectOneLine(result.stderr, new RegExp(`^rez-agent: Port ${takenPort} .*already in use`));
  });

  test.each(['not a url', 'ftp://ntfy.example/topic', 'https://ntfy.sh/'])('NTFY_URL "%s" exits non-zero with one line saying what a good one looks like', async (ntfyUrl) => {
    const result = await runCliToExit(['--port', '0'], { NTFY_URL: ntfyUrl });

    expect(result.code).not.toBe(0);
    expectOneLine(result.stderr, /^rez-agent: NTFY_URL must be an ntfy topic URL like https:\/\/ntfy\.sh\/<your-topic>/);
  });

  test('a lease longer than the visibility timeout exits non-zero with one line naming both', async () => {
    const result = await runCliToExit(['--port', '0'], { NTFY_URL: '', PROCESSING_LEASE_SECONDS: '30', REZ_VISIBILITY_TIMEOUT_SECONDS: '10' });

    expect(result.code).not.toBe(0);
    expectOneLine(result.stderr, /^rez-agent: PROCESSING_LEASE_SECONDS \(30\) must not exceed REZ_VISIBILITY_TIMEOUT_SECONDS \(10\)/);
  });

  test('no Java on the PATH exits non-zero with one line saying Java is needed', async () => {
    const result = await runCliToExit(['--port', '0'], { PATH: dirname(process.execPath), NTFY_URL: '' });

    expect(result.code).not.toBe(0);
    expectOneLine(result.stderr, /^rez-agent: Java 17\+ is required/);
  });
});
