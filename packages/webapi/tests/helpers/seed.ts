import { buildMessage, ulidGenerator, type Message, type MessageStatus, type MessageType, type Stage } from '@rez-agent/core';

export interface SeedSpec {
  stage?: Stage;
  status?: MessageStatus;
  message_type?: MessageType;
}

/**
 * Valid messages on a clock stepping 1 ms per message, so ids (ULIDs) sort in creation order,
 * stored straight through the repository: listing tests need stages and statuses the API
 * itself would not produce.
 */
export function messageSeeder(start = new Date('2026-03-01T00:00:00.000Z')): (spec?: SeedSpec) => Message {
  const ids = ulidGenerator();
  let tick = 0;
  return ({ stage = 'dev', status = 'queued', message_type = 'manual' } = {}) => {
    const now = new Date(start.getTime() + tick++);
    const message = buildMessage(
      { message_type, payload: `seeded ${tick}`, created_by: 'webapi-tests' },
      { stage, clock: { now: () => now }, ids },
    );
    return { ...message, status };
  };
}
