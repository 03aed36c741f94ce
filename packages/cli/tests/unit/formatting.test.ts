import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { deliverAtOf, parsePriority } from '../../src/commands/message-content';
import { outcomeText, quoteCommand } from '../../src/commands/run';
import { formatDuration, parseDuration } from '../../src/duration';
import { UsageError } from '../../src/errors';
import { Output, wantsColour } from '../../src/output';

function captured(json = false, colour = false): { out: Output; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { out: new Output(stream, json, colour), text: () => text };
}

describe('tables', () => {
  it('pads every column to its widest cell, colour codes not counted', () => {
    const { out, text } = captured(false, true);

    out.table(['ID', 'STATUS', 'TITLE'], [['a', out.paint('green', 'completed'), 'x'], ['bbbb', 'failed', 'y']]);

    // eslint-disable-next-line no-control-regex -- the codes paint() adds
    expect(text().replace(/\u001b\[\d+m/g, '').split('\n')).toEqual(['ID    STATUS     TITLE', 'a     completed  x', 'bbbb  failed     y', '']);
  });

  it('has no escape codes when colour is off', () => {
    const { out, text } = captured();

    out.table(['A'], [[out.paint('red', 'x')]]);

    expect(text()).toBe('A\nx\n');
  });
});

describe('colours', () => {
  const tty = Object.assign(new PassThrough(), { isTTY: true });

  it('only at a terminal', () => {
    expect(wantsColour(tty, {})).toBe(true);
    expect(wantsColour(new PassThrough(), {})).toBe(false);
  });

  it('never with NO_COLOR set to anything', () => {
    expect(wantsColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(tty, { NO_COLOR: '' })).toBe(true);
  });
});

describe('flag values', () => {
  it('priority: ntfy names or 1-5', () => {
    expect(['min', 'low', 'default', 'HIGH', 'max', 'urgent', '1', '5'].map(parsePriority)).toEqual([1, 2, 3, 4, 5, 5, 1, 5]);
    for (const bad of ['0', '6', '2.5', 'loud']) expect(() => parsePriority(bad)).toThrow(UsageError);
  });

  it('--at: a Unix timestamp becomes RFC 3339; an RFC 3339 time goes as written', () => {
    expect(deliverAtOf('1798149600')).toBe('2026-12-24T22:00:00.000Z');
    expect(deliverAtOf('2026-12-24T18:00:00+01:00')).toBe('2026-12-24T18:00:00+01:00');
  });

  it('durations for the CLI\'s own waits', () => {
    expect(['500ms', '2s', '1.5', '5m', '1h'].map((text) => parseDuration(text, '--x'))).toEqual([500, 2000, 1500, 300_000, 3_600_000]);
    for (const bad of ['', '0', '5 minutes', '-1s']) expect(() => parseDuration(bad, '--timeout')).toThrow(/--timeout must/);
  });

  it('how long a command ran, as a person reads it', () => {
    expect([860, 59_940, 75_300, 3_723_000].map(formatDuration)).toEqual(['0.9s', '59.9s', '1m 15s', '1h 2m 3s']);
  });
});

describe('rez run notification text', () => {
  it('quotes what a shell would need quoted, so the line can be pasted back', () => {
    expect(quoteCommand(['rsync', '-av', './my dir', "it's", '/tmp'])).toBe(`rsync -av './my dir' 'it'\\''s' /tmp`);
  });

  it('says done, failed with the exit code, or failed to start, with the duration', () => {
    expect(outcomeText(['make'], { exitCode: 0, durationMs: 1200 })).toBe('Command done after 1.2s: make');
    expect(outcomeText(['make', 'test'], { exitCode: 2, durationMs: 61_000 })).toBe('Command failed (exit code 2) after 1m 1s: make test');
    expect(outcomeText(['nope'], { exitCode: 127, durationMs: 1, startError: 'spawn nope ENOENT' })).toBe('Command failed to start (spawn nope ENOENT): nope');
  });

  it('keeps a huge command line within the payload limit', () => {
    expect(outcomeText(['echo', 'x'.repeat(5000)], { exitCode: 0, durationMs: 1 }).length).toBeLessThan(1100);
  });
});
