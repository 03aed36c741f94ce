import type { Message } from '../message/message';
import type { PublishDeps } from './publish-message';

/**
 * Manual retry of a failed message: failed → queued, then publish. The transition comes first
 * so a concurrent retry loses with a ConflictError instead of publishing twice; if publishing
 * then fails, the message waits in `queued` and the stuck-message sweep republishes it.
 * Throws NotFoundError for an unknown id and ConflictError when the message is not failed.
 */
export async function retryMessage(deps: PublishDeps, id: string): Promise<Message> {
  const queued = await deps.repository.transition({ id, from: 'failed', to: 'queued', at: deps.clock.now() });
  await deps.publisher.publish(queued);
  return queued;
}
