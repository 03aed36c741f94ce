/**
 * One way for every test to store a message that has reached a given status: saved, then moved
 * along the state machine the way the real flow moves it, through the repository's own
 * conditional transitions. Core's pieces (its TRANSITIONS table, a draft from buildMessage, a
 * repository) are handed in, as with createTestTable, because core's own tests use this package.
 */

/** A status-to-statuses table such as core's TRANSITIONS. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** What a transition may carry: core's TransitionChanges. */
interface TransitionFacts {
  attempts?: number;
  error_message?: string;
  notification_id?: string;
}

/** The two repository calls used; core's MessageRepository has them. */
export interface StatusFixtureRepository<M, S extends string> {
  save(draft: M): Promise<{ message: M }>;
  transition(request: { id: string; from: S; to: S; at: Date; changes?: TransitionFacts }): Promise<M>;
}

export interface StoreInStatusOptions<S extends string> {
  transitions: TransitionTable<S>;
  /** When every transition happens (so a message left in processing started then); default now. */
  at?: Date;
}

/** The shortest chain of allowed transitions from one status to another (empty when equal). */
export function transitionPath<S extends string>(transitions: TransitionTable<S>, from: S, to: S): S[] {
  const paths = new Map<S, S[]>([[from, []]]);
  const frontier: S[] = [from];
  for (let status = frontier.shift(); status !== undefined; status = frontier.shift()) {
    const path = paths.get(status) ?? [];
    if (status === to) return path;
    for (const next of transitions[status]) {
      if (paths.has(next)) continue;
      paths.set(next, [...path, next]);
      frontier.push(next);
    }
  }
  throw new Error(`no chain of transitions leads from ${from} to ${to}`);
}

/** What a settled message carries when the real flow settles it: an attempt and its outcome. */
function factsOf(to: string): TransitionFacts {
  if (to === 'completed') return { attempts: 1, notification_id: 'earlier-send' };
  if (to === 'failed') return { attempts: 1, error_message: 'earlier failure' };
  return {};
}

/** Walks a stored message along the state machine's shortest path to `status`; returns it as stored. */
export async function moveToStatus<S extends string, M extends { id: string; status: S }>(
  repository: StatusFixtureRepository<M, S>,
  stored: M,
  status: S,
  options: StoreInStatusOptions<S>,
): Promise<M> {
  const at = options.at ?? new Date();
  let message = stored;
  for (const to of transitionPath(options.transitions, message.status, status)) {
    message = await repository.transition({ id: message.id, from: message.status, to, at, changes: factsOf(to) });
  }
  return message;
}

/** Saves `draft` (a new, `created` message) and walks it to `status`; returns it as stored. */
export async function storeInStatus<S extends string, M extends { id: string; status: S }>(
  repository: StatusFixtureRepository<M, S>,
  draft: M,
  status: S,
  options: StoreInStatusOptions<S>,
): Promise<M> {
  const { message } = await repository.save(draft);
  return moveToStatus(repository, message, status, options);
}
