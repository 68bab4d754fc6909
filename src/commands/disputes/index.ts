// `payctl disputes list|get|update|close`: the dispute queue (list is sorted by deadline in a table),
// get from the generic builder, evidence (flags or a guided answer), and close, which accepts the loss.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addGetCommand, withExamples } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { disputesSpec as spec, NEEDS_RESPONSE } from './fields.js';
import { UsageError } from '../../errors.js';
import { addDisputeListCommand } from './list.js';
import { addDisputeUpdateCommand } from './update.js';

export function registerDisputesCommands(program: Command, ctx: CommandContext): void {
  const group = program.command(spec.command).description(spec.description);
  withExamples(group, ['payctl disputes list --needs-response', 'payctl disputes get dp_123', 'payctl disputes update dp_123', 'payctl disputes close dp_123 --yes']);
  addDisputeListCommand(group, ctx);
  addGetCommand(group, ctx, spec);
  addDisputeUpdateCommand(group, ctx);
  addObjectAction(group, ctx, spec, {
    verb: 'close',
    apiPath: 'close',
    description: 'close a dispute without answering: this ACCEPTS THE LOSS and cannot be undone (asks on a TTY; --yes otherwise)',
    summary: (id) => `close dispute ${id} and accept the loss (the disputed amount and the dispute fee are not returned; this cannot be undone)`,
    destructive: true,
    examples: ['payctl disputes close dp_123', 'payctl disputes close dp_123 --yes --json'],
    precheck: async (c, id) => {
      const client = await c.client();
      const dp = await client.get<{ status: string }>(`${spec.path}/${encodeURIComponent(id)}`);
      if (!NEEDS_RESPONSE.includes(dp.status)) {
        throw new UsageError(`${id} has a status of ${dp.status}: only a dispute that needs a response can be closed; nothing was sent`);
      }
    },
  });
}
