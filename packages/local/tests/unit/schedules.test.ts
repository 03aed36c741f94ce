import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_SCHEDULES } from '@rez-agent/core';
import { SandboxError } from '../../src/errors';
import { readStackSchedules, tickEvent } from '../../src/schedules';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rez-schedules-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const stackFile = (text: string) => writeFileSync(join(root, 'Pulumi.dev.yaml'), text);

describe('the stack schedules the sandbox runs', () => {
  test('are read from rez-agent:schedules in Pulumi.<stage>.yaml, with core defaults filled in', () => {
    stackFile(['config:', '  rez-agent:schedules:', '    - name: every-five', '      expression: rate(5 minutes)', '      input:', '        payload: tick'].join('\n'));

    const { definitions, source } = readStackSchedules(root, 'dev');

    expect(source).toBe(join(root, 'Pulumi.dev.yaml'));
    expect(definitions).toEqual([{ name: 'every-five', expression: 'rate(5 minutes)', timezone: 'UTC', input: { payload: 'tick' } }]);
  });

  test('fall back to core defaults when the stack file sets none, as the Pulumi program does', () => {
    stackFile('config:\n  aws:region: eu-west-1\n');

    expect(readStackSchedules(root, 'dev').definitions).toEqual(DEFAULT_SCHEDULES);
    expect(readStackSchedules(root, 'prod').definitions).toEqual(DEFAULT_SCHEDULES);
  });

  test('an invalid schedule stops start-up with a message naming the field', () => {
    stackFile(['config:', '  rez-agent:schedules:', '    - name: bad', '      expression: cron(0 9 * * * *)'].join('\n'));

    expect(() => readStackSchedules(root, 'dev')).toThrow(SandboxError);
    expect(() => readStackSchedules(root, 'dev')).toThrow(/\/0\/expression/);
  });
});

describe('the event each tick sends the scheduler', () => {
  test('is the stack’s tick input with the EventBridge placeholders filled in', () => {
    const event = tickEvent('dev', new Date('2026-03-01T09:00:00.123Z'), 'run-1');

    expect(event).toEqual({
      action: 'tick',
      scheduled_time: '2026-03-01T09:00:00Z',
      execution_id: 'run-1',
      schedule_arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/rez-agent-dev-tick/rez-agent-dev-tick',
      attempt_number: '1',
    });
  });
});
