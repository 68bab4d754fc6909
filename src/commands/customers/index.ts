// `payctl customers …`: list/get/search from the generic builder, plus create/update/delete and payment-methods.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addResourceGroup, addRequestFlags, checkId, collect, confirmSummary, fillMissing, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { customersSpec as spec } from './fields.js';
import { addPaymentMethodsCommand } from './payment-methods.js';
import { isEmail } from '../resource/checks.js';
import { UsageError } from '../../errors.js';
import { addBulkFlags, checkBulkFlagsAlone, checkOnlyFile, runBulkVerb, type BulkFlagValues } from '../../bulk/flags.js';

interface CustomerFlags extends RequestFlagValues {
  name?: string;
  email?: string;
  phone?: string;
  description?: string;
  metadata?: string[];
}

function checkEmail(value: string): true | string {
  return isEmail(value) ? true : 'enter an email address like ada@example.com';
}

function customerFields(o: CustomerFlags): Record<string, unknown> {
  if (o.email !== undefined && o.email !== '' && !isEmail(o.email)) throw new UsageError(`invalid --email "${o.email}": use an address like ada@example.com`);
  return { name: o.name, email: o.email, phone: o.phone, description: o.description, metadata: parseMetadataFlags(o.metadata) };
}

/** `Create customer Ada Lovelace <ada@example.com>`, with no empty `<>` or double space when a part is blank. */
function createSummary(name: string | undefined, email: string | undefined): string {
  const who = [name?.trim(), email ? `<${email}>` : ''].filter(Boolean).join(' ');
  return who ? `Create customer ${who}.` : 'Create a customer with no name or email.';
}

function addCustomerFlags(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'full name or business name')
    .option('--email <email>', 'email address')
    .option('--phone <phone>', 'phone number')
    .option('--description <text>', 'internal description')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect);
}

export function registerCustomersCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);

  const create = addCustomerFlags(group.command('create').description('create a customer (asks for name and email on a TTY)'));
  addRequestFlags(create, { mutation: true });
  withExamples(create, ['payctl customers create --name "Ada Lovelace" --email ada@example.com', 'payctl customers create --email ada@example.com --metadata tier=gold --json']);
  create.action(async (o: CustomerFlags) => {
    let interactive = false;
    if (o.name === undefined && o.email === undefined && ctx.f.io.canPrompt && ctx.globals().input) {
      interactive = true;
      const [name, email] = await fillMissing(ctx, [
        // Stripe needs neither; the label says so, since Enter on an empty name moves on silently.
        { flag: '--name', message: 'Name (optional)', value: undefined },
        { flag: '--email', message: 'Email', value: undefined, validate: checkEmail },
      ]);
      o.name = name;
      o.email = email;
    }
    const params = await requestParams(o, customerFields(o));
    if (interactive) await confirmSummary(ctx, createSummary(o.name, o.email));
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: 'create a customer', idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  const update = addCustomerFlags(group.command('update').description('update a customer (or many, --from-csv)').argument('[id]', 'customer id'));
  addRequestFlags(update, { mutation: true });
  addBulkFlags(update, 'customer update');
  withExamples(update, [
    'payctl customers update cus_123 --email new@example.com',
    'payctl customers update cus_123 --metadata tier=gold --metadata old=',
    'payctl customers update --from-csv customers.csv --results done.csv   # columns: customer, email, name, metadata.*',
  ]);
  update.action(async (id: string | undefined, o: CustomerFlags & BulkFlagValues) => {
    checkBulkFlagsAlone(o);
    if (o.fromCsv !== undefined) {
      checkOnlyFile({ ID: id, '--name': o.name, '--email': o.email, '--phone': o.phone, '--description': o.description, '--metadata': o.metadata, '--idempotency-key': o.idempotencyKey, '-d': o.data });
      await runBulkVerb(ctx, 'customers-update', { ...o, fromCsv: o.fromCsv });
      return;
    }
    if (id === undefined) throw new UsageError('missing customer id (or --from-csv FILE)');
    checkId(id, spec);
    const params = await requestParams(o, customerFields(o));
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) throw new UsageError('nothing to update: give at least one of --name, --email, --phone, --description, --metadata or -d');
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${id}`, params, summary: `update customer ${id}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  const del = group.command('delete').description('delete a customer permanently (asks on a TTY; --yes otherwise)').argument('<id>', 'customer id');
  withExamples(del, ['payctl customers delete cus_123 --yes']);
  del.action(async (id: string) => {
    checkId(id, spec);
    await runMutation(ctx, { method: 'DELETE', path: `${spec.path}/${id}`, params: {}, summary: `delete customer ${id} permanently`, destructive: true }, spec.detail);
  });

  addPaymentMethodsCommand(group, ctx);
}
