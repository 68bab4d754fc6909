// Asking "which customer?" at a terminal: a pick list of recent customers (name, email, id) with a
// way out to type any id, instead of making the operator copy a cus_… id from another command.
import type { CommandContext } from '../context.js';

interface CustomerRow {
  id: string;
  name: string | null;
  email: string | null;
}

const RECENT = 15;
const OTHER = '__other__';

/** Prompts for a customer; only call when prompting is allowed. Returns a cus_… id. */
export async function pickCustomer(ctx: CommandContext, validate: (value: string) => true | string): Promise<string> {
  const prompter = await ctx.prompter();
  const client = await ctx.client();
  const page = await client.get<{ data: CustomerRow[]; has_more: boolean }>('/v1/customers', { limit: RECENT });
  if (page.data.length === 0) return prompter.input({ message: 'Customer id (cus_…)', validate });
  const label = (c: CustomerRow) => [c.name, c.email && `<${c.email}>`].filter(Boolean).join(' ') || '(no name)';
  const choice = await prompter.select({
    message: 'Customer',
    choices: [
      ...page.data.map((c) => ({ name: `${label(c)}  ${c.id}`, value: c.id, short: c.id })),
      { name: page.has_more ? 'Another customer (type its id)…' : 'Type a customer id…', value: OTHER },
    ],
  });
  return choice === OTHER ? prompter.input({ message: 'Customer id (cus_…)', validate }) : choice;
}
