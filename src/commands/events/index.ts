// `payctl events list|get|tail`: the account's event log, from the generic builder, and a live tail.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup } from '../resource/builder.js';
import { eventsSpec } from './fields.js';
import { addTailCommand } from './tail.js';

export function registerEventsCommands(program: Command, ctx: CommandContext): void {
  addTailCommand(addResourceGroup(program, ctx, eventsSpec), ctx);
}
