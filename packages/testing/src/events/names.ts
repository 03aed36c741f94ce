/**
 * The dev stage's names as core's registry (deployment.ts) gives them, for the events' defaults.
 * This package cannot import core (core's tests import it), so core's deployment test checks
 * that these equal `stageNames('dev')`.
 */
export const DEV_NAMES = {
  table: 'rez-agent-messages-dev',
  topic: 'rez-agent-dev-messages',
  queue: 'rez-agent-dev-messages',
  /** The tick's schedule: the stack names it `resource('tick')`. */
  tickSchedule: 'rez-agent-dev-tick',
  function: {
    scheduler: 'rez-agent-dev-scheduler',
    processor: 'rez-agent-dev-processor',
    webapi: 'rez-agent-dev-webapi',
    stream: 'rez-agent-dev-stream',
  },
} as const;

/** The tests' AWS account. */
export const TEST_ACCOUNT = '123456789012';
