import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger, type LoggerOptions } from '../../src/index';

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ functionName: 'processor', stage: 'dev', destination, ...options });
  return { logger, lines, raw: () => JSON.stringify(lines) };
}

describe('logger', () => {
  it('writes JSON with service, stage, function, level and message', () => {
    const { logger, lines } = capture();
    logger.info('hello');
    expect(lines[0]).toMatchObject({ service: 'rez-agent', stage: 'dev', function: 'processor', level: 'INFO', message: 'hello' });
  });

  it('writes the time as an RFC 3339 `timestamp`, the key Lambda reads (not pino’s `time`)', () => {
    const { logger, lines } = capture();
    const before = Date.now();
    logger.info('hello');
    const { timestamp } = lines[0] as { timestamp: string };
    expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(timestamp)).toBeGreaterThanOrEqual(before - 1);
    expect(lines[0]).not.toHaveProperty('time');
  });

  it('names every level as Lambda’s log-level filter does (upper case), so WARN keeps errors', () => {
    const { logger, lines } = capture({ level: 'trace' });
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(lines.map((line) => line.level)).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
  });

  it('child loggers carry request, correlation and message ids', () => {
    const { logger, lines } = capture();
    logger.child({ request_id: 'r1', correlation_id: 'c1', message_id: 'm1' }).warn('x');
    expect(lines[0]).toMatchObject({ request_id: 'r1', correlation_id: 'c1', message_id: 'm1', level: 'WARN' });
  });

  it.each([
    ['an authorization header', { headers: { authorization: 'Bearer abcdefgh123' } }],
    ['an Authorization header', { headers: { Authorization: 'Bearer abcdefgh123' } }],
    ['a nested request header', { request: { headers: { authorization: 'Bearer abcdefgh123' } } }],
    ['a token field', { token: 'abcdefgh123' }],
    ['an env dump', { env: { NTFY_TOKEN: 'abcdefgh123', REZ_API_TOKEN: 'abcdefgh123' } }],
  ])('redacts %s', (_name, fields) => {
    const { logger, raw } = capture();
    logger.info(fields, 'request');
    expect(raw()).not.toContain('abcdefgh123');
    expect(raw()).toContain('[Redacted]');
  });

  it('blanks known secret values anywhere: message, fields, errors', () => {
    const secret = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';
    const { logger, raw } = capture({ secrets: [secret, undefined] });
    logger.error({ url: `https://ntfy.sh/x?auth=${secret}`, error: new Error(`denied for ${secret}`) }, `failed with ${secret}`);
    expect(raw()).not.toContain(secret);
    expect(raw()).toContain('denied for [Redacted]');
  });

  it('blanks a secret added after the logger was made (a token read from SSM on first use)', () => {
    const secrets = new Set<string>();
    const { logger, raw } = capture({ secrets });
    const token = 'tk_fetched_later_0123456789';
    logger.info(`before: ${token}`);
    secrets.add(token);
    logger.info(`after: ${token}`);
    expect(raw()).toContain(`before: ${token}`);
    expect(raw()).toContain('after: [Redacted]');
  });

  it('honours the level', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.info('quiet');
    logger.error('loud');
    expect(lines.map((line) => line.message)).toEqual(['loud']);
  });
});
