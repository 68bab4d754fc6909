// Registers every resource command group, in the order the help lists them.
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { registerBalanceCommands } from './balance/index.js';
import { registerChargesCommands } from './charges/index.js';
import { chargesSpec } from './charges/fields.js';
import { registerRefundsCommands } from './refunds/index.js';
import { registerPaymentIntentsCommands } from './payment-intents/index.js';
import { paymentIntentsSpec } from './payment-intents/fields.js';
import { registerCustomersCommands } from './customers/index.js';
import { customersSpec } from './customers/fields.js';
import { registerInvoicesCommands } from './invoices/index.js';
import { invoicesSpec } from './invoices/fields.js';
import { registerInvoiceItemsCommands } from './invoice-items/index.js';
import { registerPayoutsCommands } from './payouts/index.js';
import { registerCheckoutSessionsCommands } from './checkout-sessions/index.js';
import { registerSearchCommand } from './search.js';

export function registerResourceCommands(program: Command, ctx: CommandContext): void {
  registerBalanceCommands(program, ctx);
  registerChargesCommands(program, ctx);
  registerRefundsCommands(program, ctx);
  registerPaymentIntentsCommands(program, ctx);
  registerCustomersCommands(program, ctx);
  registerInvoicesCommands(program, ctx);
  registerInvoiceItemsCommands(program, ctx);
  registerPayoutsCommands(program, ctx);
  registerCheckoutSessionsCommands(program, ctx);
  registerSearchCommand(program, ctx, [chargesSpec, customersSpec, paymentIntentsSpec, invoicesSpec]);
}
