// A human error names the parameter the API rejected: the command's flag when it has one, else
// the parameter as sent; an object id in the path is already quoted by the message.
import { describe, expect, it } from 'vitest';
import { useAccounts } from '../helpers/account.js';

const account = useAccounts(() => ({}));

describe('API errors name the flag', () => {
  it.each([
    [['payment-intents', 'create', '--amount', '0.01', '--currency', 'usd'], /^error: --amount: Amount must be at least \$0\.50 usd \(request req_\w+\)\n$/],
    [['payment-intents', 'create', '--amount', '100', '--currency', 'usd', '--payment-method', 'pm_bogus'], /^error: --payment-method: No such PaymentMethod: 'pm_bogus' \(request req_\w+\)\n$/],
    [['post', '/v1/customers', '-d', `metadata[x]=${'y'.repeat(501)}`], /^error: metadata\[x\]: Metadata values can have up to 500 characters; the value of 'x' has 501\. \(request req_\w+\)\n$/],
    [['customers', 'get', 'cus_nope'], /^error: No such customer: 'cus_nope' \(request req_\w+\)\n$/],
  ])('%j', async (argv, stderr) => {
    const r = await account().cli(argv);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });

  it('--json keeps the message as the API gave it, with param', async () => {
    const r = await account().cli(['payment-intents', 'create', '--amount', '0.01', '--currency', 'usd', '--json']);
    expect(r.code).toBe(3);
    const { error } = JSON.parse(r.stderr);
    expect(error).toMatchObject({ message: 'Amount must be at least $0.50 usd', param: 'amount', exit_code: 3 });
  });
});
