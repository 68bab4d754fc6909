// The invoice state changes (delete, finalize, pay, void, send, mark-uncollectible), declared as data.
import type { ObjectAction } from '../resource/object-action.js';
import { deletedDetail } from '../resource/object-action.js';
import type { RequestFlagValues } from '../resource/builder.js';
import { UsageError } from '../../errors.js';

interface PayFlags extends RequestFlagValues {
  paymentMethod?: string;
  paidOutOfBand?: boolean;
}

interface FinalizeFlags extends RequestFlagValues {
  autoAdvance?: boolean;
}

export const invoiceActions: ObjectAction<any>[] = [
  {
    verb: 'delete',
    method: 'DELETE',
    description: 'delete a draft invoice (asks on a TTY; --yes otherwise); open invoices must be voided',
    summary: (id) => `delete draft invoice ${id}`,
    destructive: true,
    examples: ['payctl invoices delete in_123 --yes'],
    detail: deletedDetail,
  },
  {
    verb: 'finalize',
    apiPath: 'finalize',
    description: 'finalize a draft: assigns a number and makes it payable',
    summary: (id) => `finalize invoice ${id}`,
    examples: ['payctl invoices finalize in_123', 'payctl invoices finalize in_123 --json | jq -r .hosted_invoice_url'],
    flags: (cmd) => cmd.option('--auto-advance', 'let Stripe collect it automatically').option('--no-auto-advance', 'collect it yourself'),
    params: (o: FinalizeFlags) => ({ auto_advance: o.autoAdvance }),
  } satisfies ObjectAction<FinalizeFlags>,
  {
    verb: 'pay',
    apiPath: 'pay',
    description: "collect an open invoice now, with the customer's default or a given payment method",
    summary: (id) => `pay invoice ${id}`,
    examples: ['payctl invoices pay in_123', 'payctl invoices pay in_123 --payment-method pm_card_visa', 'payctl invoices pay in_123 --paid-out-of-band'],
    flags: (cmd) => cmd.option('--payment-method <id>', 'payment method to charge (pm_…)').option('--paid-out-of-band', 'record a payment made outside Stripe (cheque, bank transfer)'),
    params: (o: PayFlags) => {
      if (o.paymentMethod !== undefined && o.paidOutOfBand) throw new UsageError('use only one of --payment-method and --paid-out-of-band');
      if (o.paymentMethod !== undefined && !/^(pm|card|src|ba)_\S+$/.test(o.paymentMethod)) {
        throw new UsageError(`invalid --payment-method "${o.paymentMethod}": expected a payment method id (pm_…)`);
      }
      return { payment_method: o.paymentMethod, paid_out_of_band: o.paidOutOfBand ? true : undefined };
    },
  } satisfies ObjectAction<PayFlags>,
  {
    verb: 'void',
    apiPath: 'void',
    description: 'void an open invoice: it can never be paid (asks on a TTY; --yes otherwise)',
    summary: (id) => `void invoice ${id} (it can never be paid again)`,
    destructive: true,
    examples: ['payctl invoices void in_123 --yes'],
  },
  {
    verb: 'send',
    apiPath: 'send',
    description: 'email an open invoice to the customer',
    summary: (id) => `send invoice ${id}`,
    examples: ['payctl invoices send in_123'],
  },
  {
    verb: 'mark-uncollectible',
    apiPath: 'mark_uncollectible',
    description: 'write off an open invoice as bad debt (asks on a TTY; --yes otherwise)',
    summary: (id) => `mark invoice ${id} uncollectible`,
    destructive: true,
    examples: ['payctl invoices mark-uncollectible in_123 --yes'],
  },
];
