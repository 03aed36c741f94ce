import { Command } from 'commander';
import { contextOf } from '../context';
import { printMessage, type MessageView } from '../message-view';

export function getCommand(): Command {
  return new Command('get')
    .description('show one message')
    .argument('<id>', 'the message id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const message = await api.call<MessageView>('GET /api/messages/{id}', { params: { id } });
      if (out.json) out.document(message);
      else printMessage(out, message);
    });
}
