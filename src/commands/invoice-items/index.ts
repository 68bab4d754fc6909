// `payctl invoice-items …`: list/get from the generic builder, plus create/update/delete.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup } from '../resource/builder.js';
import { addObjectAction, deletedDetail } from '../resource/object-action.js';
import { invoiceItemsSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';
import { newUpdateCommand } from './update.js';

export function registerInvoiceItemsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);
  newUpdateCommand(group, ctx);
  addObjectAction(group, ctx, spec, {
    verb: 'delete',
    method: 'DELETE',
    description: 'delete an invoice item that is pending or on a draft (asks on a TTY; --yes otherwise)',
    summary: (id) => `delete invoice item ${id}`,
    destructive: true,
    examples: ['payctl invoice-items delete ii_123 --yes'],
    detail: deletedDetail,
  });
}
