// `payctl payouts create`: money leaves the account, so it always confirms (showing the amount and the
// available balance) on a TTY and needs --yes otherwise, even in test mode.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { PAYOUT_METHODS, payoutsSpec as spec } from './fields.js';
import { formatAmount } from '../../money/format.js';
import { parseCurrency } from '../../money/parse.js';
import { missingMoneyFlags, moneyOfCreate, positive, readAmountFlag } from '../../money/input.js';
import { UsageError } from '../../errors.js';

interface PayoutCreateFlags extends RequestFlagValues {
  amount?: string;
  currency?: string;
  description?: string;
  method?: string;
  statementDescriptor?: string;
  metadata?: string[];
}

interface Balance {
  available: Array<{ amount: number; currency: string }>;
}

/** Stripe's limit; checked here so a long descriptor fails before anything is sent. */
const MAX_DESCRIPTOR = 22;

/** Available funds in one currency (0 when the balance has none). */
function availableIn(balance: Balance, currency: string): number {
  return (balance.available ?? []).filter((a) => a.currency === currency).reduce((sum, a) => sum + a.amount, 0);
}

export function newCreateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('create')
    .description('pay out available funds to the default bank account (asks on a TTY; --yes otherwise)')
    .option('--amount <amount>', 'amount: 20.00 (major units of --currency) or 2000 (minor units)')
    .option('--currency <code>', 'three-letter currency code, e.g. usd')
    .option('--description <text>', 'internal description')
    .option('--method <method>', `${PAYOUT_METHODS.join(' or ')} (default standard)`)
    .option('--statement-descriptor <text>', `text on the bank statement (≤ ${MAX_DESCRIPTOR} characters)`)
    .option('--metadata <key=value>', 'metadata (repeatable)', collect);
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, [
    'payctl payouts create --amount 100.00 --currency usd',
    'payctl payouts create --amount 5000 --currency usd --method instant --yes --json',
    'payctl payouts create --amount 250.00 --currency usd --statement-descriptor "ACME PAYOUT" --yes',
  ]);
  cmd.action(async (o: PayoutCreateFlags) => {
    if (o.method !== undefined && !PAYOUT_METHODS.includes(o.method as (typeof PAYOUT_METHODS)[number])) {
      throw new UsageError(`invalid --method "${o.method}": use one of ${PAYOUT_METHODS.join(', ')}`);
    }
    if (o.statementDescriptor !== undefined && o.statementDescriptor.length > MAX_DESCRIPTOR) {
      throw new UsageError(`invalid --statement-descriptor: at most ${MAX_DESCRIPTOR} characters (got ${o.statementDescriptor.length})`);
    }
    if (o.currency !== undefined) parseCurrency(o.currency);
    readAmountFlag(o.amount);
    const missing = missingMoneyFlags(o);
    if (missing.length > 0 && !(ctx.f.io.canPrompt && ctx.globals().input)) {
      throw new UsageError(`missing required ${missing.length === 1 ? 'flag' : 'flags'}: ${missing.join(', ')}`);
    }
    // Currency first, then the amount in it: each answer is checked at its own prompt and asked again.
    const { amount, currency } = await moneyOfCreate(missing.length > 0 ? await ctx.prompter() : undefined, o, { what: 'Amount to pay out', rules: [positive] });
    if (amount <= 0) throw new UsageError(`invalid --amount "${o.amount}": a payout must be more than zero`);
    const params = await requestParams(o, {
      amount,
      currency,
      description: o.description,
      method: o.method,
      statement_descriptor: o.statementDescriptor,
      metadata: parseMetadataFlags(o.metadata),
    });
    let summary = `pay out ${formatAmount(amount, currency)}${o.method === 'instant' ? ' instantly' : ''} to the default bank account`;
    const g = ctx.globals();
    let destructive = true;
    // The balance is only worth a request when someone will read the confirmation.
    if (!g.yes && !g.dryRun && ctx.f.io.canPrompt && g.input) {
      const client = await ctx.client();
      const available = availableIn(await client.get<Balance>('/v1/balance'), currency);
      summary += ` (available now: ${formatAmount(available, currency)})`;
      // Asking "are you sure?" about a payout the API will refuse wastes the operator's time: send it
      // and let the API's balance_insufficient answer (exit 3, as for scripts) say why.
      if (available < amount) destructive = false;
    }
    const money = `Paying out ${formatAmount(amount, currency)}${o.method === 'instant' ? ' instantly' : ''}`;
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary, destructive, idempotencyKey: o.idempotencyKey, money }, spec.detail);
  });
  return cmd;
}
