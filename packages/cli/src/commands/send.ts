import { Command } from 'commander';
import { contextOf, type CommandContext } from '../context';
import { UsageError } from '../errors';
import type { MessageView } from '../message-view';
import { addContentOptions, createRequestOf, type ContentOptions } from './message-content';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // `echo hi | rez send -` sends "hi", not "hi\n".
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Creates one message; prints what became of it (queued, or scheduled for later). */
export async function sendMessage(context: CommandContext, payload: string, options: ContentOptions): Promise<MessageView> {
  const { body, headers } = createRequestOf(options);
  const message = await context.api.call<MessageView>('POST /api/messages', { body: { payload, ...body }, headers });
  const { out } = context;
  if (out.json) out.document(message);
  else out.line(`${message.status} ${message.id}${message.deliver_at ? ` for ${message.deliver_at}` : ''}`);
  return message;
}

export function sendCommand(): Command {
  return addContentOptions(
    new Command('send')
      .description('send a notification; the payload is the words given, or stdin with "-"')
      .argument('<payload...>', 'the message text ("-" reads it from stdin)'),
  )
    .addHelpText('after', '\nExamples:\n  rez send "Backup done"\n  rez send -p high -T warning,skull "Disk almost full"\n  rez send --in 30m "Stretch"\n  make 2>&1 | tail -5 | rez send -t "make output" -')
    .action(async (words: string[], options: ContentOptions, command: Command) => {
      const payload = words.length === 1 && words[0] === '-' ? await readStdin() : words.join(' ');
      if (payload === '') throw new UsageError('the payload is empty (nothing on stdin?)');
      await sendMessage(contextOf(command), payload, options);
    });
}
