import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatorError } from './errors';

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves with the port when nothing listens on it; otherwise a clear error naming who wanted it. */
export function assertPortFree(port: number, who: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new EmulatorError(`Port ${port} (for ${who}) is already in use; stop what holds it or pick another port.`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(port)));
  });
}

/** Polls until the URL answers with any HTTP status. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new EmulatorError(`${url} did not answer within ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}
