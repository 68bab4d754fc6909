// `products create --price`: the currency can come from --currency or be written in the amount, and a
// price without either says both ways, before any request.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';

const { account } = useSandbox();

describe('products create --price', () => {
  it.each([
    [['--price', '15.00'], "error: --price 15.00 needs a currency: add --currency usd or write --price '15.00 usd'\n"],
    [['--price', '1500', '--recurring', 'month'], "error: --price 1500 needs a currency: add --currency usd or write --price '1500 usd'\n"],
  ])('%j without a currency: exit 2, both ways named, nothing sent', async (flags, stderr) => {
    const a = account();
    expect(await a.cli(['products', 'create', '--name', 'Pro', ...flags])).toEqual({ code: 2, stdout: '', stderr });
    expect(await a.ok(['products', 'list', '--json'])).toEqual([]);
  });

  it.each([
    [['--price', '15.00', '--currency', 'usd']],
    [['--price', '15.00 usd']],
  ])('%j: either way makes the same default price', async (flags) => {
    const a = account();
    const prod = await a.ok(['products', 'create', '--name', 'Pro', ...flags, '--json']);
    const price = await a.ok(['prices', 'get', prod.default_price, '--json']);
    expect([price.unit_amount, price.currency]).toEqual([1500, 'usd']);
  });
});
