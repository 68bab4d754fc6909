// `payctl balance`: available and pending funds per currency; `balance transactions list|get`.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addGetCommand, addListCommand, printJson, printList, withExamples } from '../resource/builder.js';
import { balanceColumns, balanceTransactionsSpec } from './fields.js';

interface BalanceAmount {
  amount: number;
  currency: string;
}
interface Balance {
  object: 'balance';
  available: BalanceAmount[];
  pending: BalanceAmount[];
}

/** One row per currency, available and pending side by side (the shape operators read). */
function balanceRows(b: Balance): Array<{ currency: string; available: number; pending: number }> {
  const rows = new Map<string, { currency: string; available: number; pending: number }>();
  const row = (c: string) => rows.get(c) ?? rows.set(c, { currency: c, available: 0, pending: 0 }).get(c)!;
  for (const a of b.available ?? []) row(a.currency).available += a.amount;
  for (const p of b.pending ?? []) row(p.currency).pending += p.amount;
  return [...rows.values()].sort((x, y) => x.currency.localeCompare(y.currency));
}

export function registerBalanceCommands(program: Command, ctx: CommandContext): void {
  const group = program.command('balance').description('available and pending funds; balance transactions');
  withExamples(group, ['payctl balance', 'payctl balance --json | jq ".available[0].amount"', 'payctl balance transactions list --limit 5']);
  group.action(async () => {
    const client = await ctx.client();
    const balance = await client.get<Balance>('/v1/balance');
    if (ctx.output().format === 'table' || ctx.output().format === 'csv') {
      await printList(ctx, balanceRows(balance), balanceColumns);
    } else {
      await printJson(ctx, balance);
    }
  });
  const tx = group.command('transactions').description(balanceTransactionsSpec.description);
  withExamples(tx, balanceTransactionsSpec.examples?.list);
  addListCommand(tx, ctx, balanceTransactionsSpec);
  addGetCommand(tx, ctx, balanceTransactionsSpec);
}
