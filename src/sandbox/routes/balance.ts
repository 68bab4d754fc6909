// Balance endpoints (https://docs.stripe.com/api/balance, /api/balance_transactions): the balance computed from the ledger, and balance transactions.
import type { RouteDef } from '../core/types.js';
import { resourceMissing } from '../core/errors.js';
import { validate } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { balance } from '../domain/ledger.js';

const TYPES = [
  'adjustment', 'advance', 'advance_funding', 'anticipation_repayment', 'application_fee', 'application_fee_refund', 'charge',
  'climate_order_purchase', 'climate_order_refund', 'connect_collection_transfer', 'contribution', 'issuing_authorization_hold',
  'issuing_authorization_release', 'issuing_dispute', 'issuing_transaction', 'obligation_outbound', 'obligation_reversal_inbound',
  'payment', 'payment_failure_refund', 'payment_network_reserve_hold', 'payment_network_reserve_release', 'payment_refund',
  'payment_reversal', 'payment_unreconciled', 'payout', 'payout_cancel', 'payout_failure', 'payout_minimum_balance_hold',
  'payout_minimum_balance_release', 'refund', 'refund_failure', 'reserve_hold', 'reserve_release', 'reserve_transaction',
  'reserved_funds', 'stripe_balance_payment_debit', 'stripe_balance_payment_debit_reversal', 'stripe_fee', 'stripe_fx_fee',
  'tax_fee', 'topup', 'topup_reversal', 'transfer', 'transfer_cancel', 'transfer_failure', 'transfer_refund',
] as const;

export const routes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/v1/balance',
    handler: (ctx) => {
      validate(ctx.params, {});
      return { status: 200, body: balance(ctx.tx) };
    },
  },
  {
    method: 'GET',
    pattern: '/v1/balance_transactions',
    handler: (ctx) =>
      listEndpoint(ctx, 'balance_transaction', {
        url: '/v1/balance_transactions',
        extra: { type: { enum: TYPES }, payout: 'string', source: 'string', currency: 'currency' },
        where: (x) => {
          const w: Record<string, string> = {};
          for (const k of ['type', 'source', 'currency'] as const) if (x[k] !== undefined) w[k] = x[k];
          // Only automatic payouts sweep transactions; API payouts are manual, so `payout` matches
          // just the payout's own transactions (its debit and any reversal).
          if (x.payout !== undefined) w.source = x.payout;
          return Object.keys(w).length ? w : undefined;
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/balance_transactions/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      const txn = ctx.tx.get('balance_transaction', ctx.pathParams.id!);
      if (!txn) throw resourceMissing('balance transaction', ctx.pathParams.id!);
      return txn;
    },
  },
];
