import { Command } from 'commander';
import { contextOf } from '../context';
import { printAttempts, printMessage, type DeliveryAttemptView, type MessageView } from '../message-view';

export function getCommand(): Command {
  return new Command('get')
    .description('show one message and its delivery attempts')
    .argument('<id>', 'the message id')
    .addHelpText('after', '\nWith --json: the message as the API answers it, plus `delivery_attempts` (GET /api/messages/{id}/attempts).')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const params = { params: { id } };
      const [message, { attempts }] = await Promise.all([
        api.call<MessageView>('GET /api/messages/{id}', params),
        api.call<{ attempts: DeliveryAttemptView[] }>('GET /api/messages/{id}/attempts', params),
      ]);
      if (out.json) {
        out.document({ ...message, delivery_attempts: attempts });
        return;
      }
      printMessage(out, message);
      out.line();
      printAttempts(out, attempts);
    });
}
