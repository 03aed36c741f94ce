import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { DEFAULT_SCHEDULES } from '@rez-agent/core';
import { SandboxError } from '../../src/errors';
import { eventBridgeTime, readStackSchedules, scheduledEvent } from '../../src/schedules';

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

describe('the event a schedule run sends the scheduler', () => {
  test('is the infra target input with the EventBridge placeholders filled in', () => {
    const definition = { name: 'daily', expression: 'cron(0 9 * * ? *)', timezone: 'Europe/London', input: { payload: 'hello world' } } as const;

    const event = scheduledEvent(definition, 'dev', eventBridgeTime(new Date('2026-03-01T09:00:00.123Z')), 'run-1');

    expect(event).toMatchObject({ action: 'schedule', schedule: 'daily', payload: 'hello world', scheduled_time: '2026-03-01T09:00:00Z', execution_id: 'run-1' });
    expect(JSON.stringify(event)).not.toContain('<aws.scheduler.');
  });
});
