// Every sandbox route and tick, gathered in one place for the app.
import type { RouteDef, Tick } from '../core/types.js';
import { routes as customers } from './customers.js';
import { routes as events } from './events.js';
import { routes as testHelpers } from './test-helpers.js';
import { routes as paymentIntents } from './payment-intents.js';
import { routes as charges } from './charges.js';
import { routes as refunds } from './refunds.js';
import { routes as balance } from './balance.js';
import { routes as payouts } from './payouts.js';
import { routes as invoices } from './invoices.js';
import { routes as invoiceItems } from './invoice-items.js';
import { routes as checkoutSessions } from './checkout-sessions.js';
import { routes as paymentMethods } from './payment-methods.js';
import { routes as disputes } from './disputes.js';
import { routes as setupIntents } from './setup-intents.js';
import { routes as webhookEndpoints } from './webhook-endpoints.js';
import { routes as catalog } from './catalog.js';
import { routes as subscriptions } from './subscriptions.js';
import { ticks as allTicks } from './ticks.js';

export const allRoutes: RouteDef[] = [
  ...customers,
  ...events,
  ...testHelpers,
  ...paymentIntents,
  ...charges,
  ...refunds,
  ...balance,
  ...payouts,
  ...invoices,
  ...invoiceItems,
  ...checkoutSessions,
  ...paymentMethods,
  ...disputes,
  ...setupIntents,
  ...webhookEndpoints,
  ...catalog,
  ...subscriptions,
];

/** The live array from ticks.ts (not a copy), so ticks registered later are still run. */
export const ticks: Tick[] = allTicks;
