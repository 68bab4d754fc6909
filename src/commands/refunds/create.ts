// `payctl refunds create`: refund a charge or a payment intent from flags (confirming a plain-language
// summary), or, on a TTY with nothing given, the guided refund for support staff (guided.ts).
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { dryRunAmount, flagAmount, readAmountFlag, refundMoneyLine, refundSummary } from '../../money/input.js';
import { loadRefundTarget } from './refundable.js';
import { FRAUDULENT_WARNING, REFUND_REASONS, refundsSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';
import { addBulkFlags, checkBulkFlagsAlone, checkOnlyFile, runBulkVerb, type BulkFlagValues } from '../../bulk/flags.js';

export interface RefundCreateFlags extends RequestFlagValues, BulkFlagValues {
  charge?: string;
  paymentIntent?: string;
  amount?: string;
  reason?: string;
  metadata?: string[];
}

export function newCreateCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('create')
    .description('refund a charge or payment intent (asks to confirm on a TTY, --yes otherwise); with no flags on a TTY, a guided refund')
    .option('--charge <id>', 'charge to refund (ch_…)')
    .option('--payment-intent <id>', 'payment intent to refund (pi_…): refunds its successful charge')
    .option('--amount <amount>', "amount (default: everything left): 5.00 (major units of the charge's currency) or 500 (minor units)")
    .addOption(new Option('--reason <reason>', 'why the money goes back').choices(REFUND_REASONS))
    .option('--metadata <key=value>', 'metadata (repeatable)', collect);
  addRequestFlags(cmd, { mutation: true });
  addBulkFlags(cmd, 'refund');
  withExamples(cmd, [
    'payctl refunds create                                  # guided: find the payment, choose full or partial',
    'payctl refunds create --charge ch_123 --amount 5.00 --reason requested_by_customer',
    'payctl refunds create --payment-intent pi_123 --yes --json',
    'payctl refunds create --from-csv refunds.csv --results done.csv --yes   # columns: charge|payment_intent|email, amount, reason, metadata.*',
  ]);
  cmd.action(async (o: RefundCreateFlags) => createRun(ctx, o));
  return cmd;
}

export async function createRun(ctx: CommandContext, o: RefundCreateFlags): Promise<void> {
  checkBulkFlagsAlone(o);
  if (o.fromCsv !== undefined) {
    checkOnlyFile({ '--charge': o.charge, '--payment-intent': o.paymentIntent, '--amount': o.amount, '--reason': o.reason, '--metadata': o.metadata, '--idempotency-key': o.idempotencyKey, '-d': o.data });
    await runBulkVerb(ctx, 'refunds', { ...o, fromCsv: o.fromCsv });
    return;
  }
  const nothingGiven = o.charge === undefined && o.paymentIntent === undefined && o.amount === undefined;
  if (nothingGiven && ctx.f.io.canPrompt && ctx.globals().input) {
    const { guidedRefund } = await import('./guided.js');
    const metadata = parseMetadataFlags(o.metadata);
    const plan = await guidedRefund(ctx, { reason: o.reason });
    const params = await requestParams(o, { ...plan.params, metadata });
    // The guided flow already confirmed its summary; only the live-mode guard may ask again.
    const refund = await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: plan.summary, idempotencyKey: o.idempotencyKey, money: plan.money }, spec.detail);
    ctx.note(plan.finish(refund as { amount?: number }));
    return;
  }

  // Every check on flags happens before any request.
  if (o.charge !== undefined && o.paymentIntent !== undefined) throw new UsageError('use only one of --charge and --payment-intent');
  if (o.charge === undefined && o.paymentIntent === undefined) throw new UsageError('missing required flag: --charge or --payment-intent');
  if (o.charge !== undefined) checkId(o.charge, { idPrefixes: ['ch_', 'py_'], noun: 'charge' });
  if (o.paymentIntent !== undefined) checkId(o.paymentIntent, { idPrefixes: ['pi_'], noun: 'payment intent' });
  const pending = readAmountFlag(o.amount);
  const metadata = parseMetadataFlags(o.metadata);
  const targetId = (o.charge ?? o.paymentIntent)!;

  let amount: number | undefined;
  let summary: string;
  let money: string | undefined;
  if (ctx.globals().dryRun) {
    // A lookup would itself be "dry-run" instead of the refund, so show the refund without it.
    amount = dryRunAmount(pending, 'charge');
    summary = refundSummary(targetId, undefined, amount, undefined);
  } else {
    const { charge, currency } = await loadRefundTarget(ctx, o);
    amount = pending ? flagAmount(pending, currency, charge ? `charge ${charge.id} is in` : `payment intent ${targetId} is in`) : undefined;
    summary = refundSummary(targetId, charge, amount, currency);
    money = refundMoneyLine(charge, amount, currency);
  }
  const params = await requestParams(o, { charge: o.charge, payment_intent: o.paymentIntent, amount, reason: o.reason, metadata });
  if (o.reason === 'fraudulent') ctx.note(FRAUDULENT_WARNING);
  await runMutation(ctx, { method: 'POST', path: spec.path, params, summary, destructive: true, idempotencyKey: o.idempotencyKey, money }, spec.detail);
}
