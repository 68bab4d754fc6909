// Every top-level command group and how to load it. Groups load on demand, so one invocation
// parses and registers only the group it runs (full tree only for help, completion and typos).
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

type Register = (program: Command, ctx: CommandContext) => void;

export interface CommandGroup {
  /** Top-level command names the group registers. */
  names: readonly string[];
  load: () => Promise<Register>;
}

/** In help order: the design card's resources first, then the escape hatch, auth, sandbox, completion. */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { names: ['balance'], load: async () => (await import('./balance/index.js')).registerBalanceCommands },
  { names: ['charges'], load: async () => (await import('./charges/index.js')).registerChargesCommands },
  { names: ['refunds'], load: async () => (await import('./refunds/index.js')).registerRefundsCommands },
  { names: ['payment-intents'], load: async () => (await import('./payment-intents/index.js')).registerPaymentIntentsCommands },
  { names: ['customers'], load: async () => (await import('./customers/index.js')).registerCustomersCommands },
  { names: ['setup-intents'], load: async () => (await import('./setup-intents/index.js')).registerSetupIntentsCommands },
  { names: ['invoices'], load: async () => (await import('./invoices/index.js')).registerInvoicesCommands },
  { names: ['products'], load: async () => (await import('./products/index.js')).registerProductsCommands },
  { names: ['prices'], load: async () => (await import('./prices/index.js')).registerPricesCommands },
  { names: ['subscriptions'], load: async () => (await import('./subscriptions/index.js')).registerSubscriptionsCommands },
  { names: ['invoice-items'], load: async () => (await import('./invoice-items/index.js')).registerInvoiceItemsCommands },
  { names: ['disputes'], load: async () => (await import('./disputes/index.js')).registerDisputesCommands },
  { names: ['payouts'], load: async () => (await import('./payouts/index.js')).registerPayoutsCommands },
  { names: ['checkout-sessions'], load: async () => (await import('./checkout-sessions/index.js')).registerCheckoutSessionsCommands },
  { names: ['events'], load: async () => (await import('./events/index.js')).registerEventsCommands },
  { names: ['webhook-endpoints'], load: async () => (await import('./webhook-endpoints/index.js')).registerWebhookEndpointsCommands },
  { names: ['listen'], load: async () => (await import('./listen/index.js')).registerListenCommand },
  { names: ['trigger'], load: async () => (await import('./trigger/index.js')).registerTriggerCommand },
  {
    names: ['search'],
    load: async () => {
      const [{ registerSearchCommand }, { chargesSpec }, { customersSpec }, { paymentIntentsSpec }, { invoicesSpec }, { productsSpec }, { pricesSpec }, { subscriptionsSpec }] = await Promise.all([
        import('./search.js'),
        import('./charges/fields.js'),
        import('./customers/fields.js'),
        import('./payment-intents/fields.js'),
        import('./invoices/fields.js'),
        import('./products/fields.js'),
        import('./prices/fields.js'),
        import('./subscriptions/fields.js'),
      ]);
      return (program, ctx) => registerSearchCommand(program, ctx, [chargesSpec, customersSpec, paymentIntentsSpec, invoicesSpec, productsSpec, pricesSpec, subscriptionsSpec]);
    },
  },
  { names: ['history'], load: async () => (await import('./history/index.js')).registerHistoryCommands },
  { names: ['get', 'post', 'delete'], load: async () => (await import('./raw/index.js')).registerRawCommands },
  { names: ['login', 'logout', 'whoami'], load: async () => (await import('./auth/index.js')).registerAuthCommands },
  { names: ['config'], load: async () => (await import('./config/index.js')).registerConfigCommands },
  { names: ['sandbox'], load: async () => (await import('./sandbox/index.js')).registerSandboxCommands },
  { names: ['completion'], load: async () => (await import('./completion/index.js')).registerCompletionCommand },
];

/** Global options that take a value: their values are not command words. */
const VALUE_OPTIONS = new Set(['--profile', '--api-key', '--base-url', '--stripe-account', '--stripe-version', '-o', '--output', '--fields', '--max-retries']);

/** The first word of argv that is not an option or an option's value, if any. */
function firstCommandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

/** The groups to register for this argv: just the one it names, or all of them. */
export function groupsFor(argv: readonly string[] | undefined): readonly CommandGroup[] {
  if (!argv) return COMMAND_GROUPS;
  const word = firstCommandWord(argv);
  // Completion scripts describe the whole tree.
  if (word === 'completion') return COMMAND_GROUPS;
  const group = word === undefined ? undefined : COMMAND_GROUPS.find((g) => g.names.includes(word));
  return group ? [group] : COMMAND_GROUPS;
}
