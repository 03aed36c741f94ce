import type { Message, MessageStatus } from '../message/message';
import { planTransition, type TransitionChanges } from '../message/state-machine';

/** Applies a transition to a message in memory (the repository does the same as a conditional write). */
export function applyTransition(message: Message, to: MessageStatus, at: Date, changes?: TransitionChanges): Message {
  const plan = planTransition(message.status, to, at, changes);
  const next: Message = { ...message, ...plan.set };
  for (const key of plan.remove) delete next[key];
  return next;
}
