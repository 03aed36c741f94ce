import { Command } from 'commander';
import type { ApiRouteKey } from '@rez-agent/core/api';
import { contextOf } from '../context';
import { printMessage, type MessageView } from '../message-view';

/** A command that posts to one message's action route and shows the message it answers with. */
function messageAction(name: string, description: string, route: ApiRouteKey): Command {
  return new Command(name)
    .description(description)
    .argument('<id>', 'the message id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const message = await api.call<MessageView>(route, { params: { id } });
      if (out.json) out.document(message);
      else printMessage(out, message);
    });
}

export const retryCommand = (): Command => messageAction('retry', 'send a failed message again', 'POST /api/messages/{id}/retry');

export const cancelCommand = (): Command =>
  messageAction('cancel', 'cancel a message not sent yet (scheduled, created or queued)', 'POST /api/messages/{id}/cancel');
