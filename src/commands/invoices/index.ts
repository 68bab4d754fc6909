// `payctl invoices …`: list/get/search from the generic builder, plus create/update and the state changes.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup } from '../resource/builder.js';
import { addObjectAction } from '../resource/object-action.js';
import { invoicesSpec as spec } from './fields.js';
import { newCreateCommand } from './create.js';
import { newUpdateCommand } from './update.js';
import { invoiceActions } from './actions.js';

export function registerInvoicesCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);
  newCreateCommand(group, ctx);
  newUpdateCommand(group, ctx);
  for (const action of invoiceActions) addObjectAction(group, ctx, spec, action);
}
