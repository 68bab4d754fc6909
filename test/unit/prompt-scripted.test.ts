import { describe, expect, test } from 'vitest';
import { CancelError } from '../../src/errors.js';
import { CANCEL, ScriptedPrompter, ScriptedValidationError, USE_DEFAULT } from '../../src/prompt/scripted.js';
import type { Prompter } from '../../src/prompt/types.js';

const isAmount = (v: string): true | string => (/^\d+(\.\d+)?$/.test(v) ? true : 'enter an amount such as 20.00');

/** A small flow in the shape of the guided refund, to show how commands are tested through the interface. */
async function refundFlow(p: Prompter): Promise<{ kind: string; amount?: string; reason: string; ok: boolean }> {
  const kind = await p.select({ message: 'Refund', choices: [{ name: 'Full', value: 'full' }, { name: 'Partial', value: 'partial' }] });
  const amount = kind === 'partial' ? await p.input({ message: 'Amount', validate: isAmount }) : undefined;
  const reason = await p.select({
    message: 'Reason',
    choices: [{ name: 'Requested by customer', value: 'requested_by_customer' }, { name: 'Duplicate', value: 'duplicate' }],
    default: 'duplicate',
  });
  const ok = await p.confirm({ message: 'Refund now?', default: false });
  return { kind, amount, reason, ok };
}

describe('ScriptedPrompter', () => {
  test('drives a flow and records every question', async () => {
    const p = new ScriptedPrompter(['partial', '5.00', 'requested_by_customer', true]);
    expect(await refundFlow(p)).toEqual({ kind: 'partial', amount: '5.00', reason: 'requested_by_customer', ok: true });
    expect(p.asked).toEqual([
      { type: 'select', message: 'Refund', default: undefined, choices: [{ name: 'Full', value: 'full' }, { name: 'Partial', value: 'partial' }] },
      { type: 'input', message: 'Amount', default: undefined },
      {
        type: 'select',
        message: 'Reason',
        default: 'duplicate',
        choices: [{ name: 'Requested by customer', value: 'requested_by_customer' }, { name: 'Duplicate', value: 'duplicate' }],
      },
      { type: 'confirm', message: 'Refund now?', default: false },
    ]);
    expect(p.remaining).toBe(0);
    expect(() => p.assertDone()).not.toThrow();
  });

  test('USE_DEFAULT answers as Enter would', async () => {
    const p = new ScriptedPrompter([USE_DEFAULT, USE_DEFAULT, USE_DEFAULT, USE_DEFAULT, USE_DEFAULT]);
    expect(await p.select({ message: 'S', choices: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }], default: 'b' })).toBe('b');
    expect(await p.select({ message: 'S', choices: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] })).toBe('a');
    expect(await p.confirm({ message: 'C', default: false })).toBe(false);
    expect(await p.confirm({ message: 'C' })).toBe(true);
    expect(await p.input({ message: 'I', default: 'usd' })).toBe('usd');
  });

  test('an empty input takes the default, and validation sees the result', async () => {
    const seen: string[] = [];
    const p = new ScriptedPrompter(['']);
    const v = await p.input({ message: 'Currency', default: 'usd', validate: (x) => (seen.push(x), true) });
    expect(v).toBe('usd');
    expect(seen).toEqual(['usd']);
  });

  test('CANCEL behaves like Ctrl-C', async () => {
    const p = new ScriptedPrompter(['partial', CANCEL]);
    await expect(refundFlow(p)).rejects.toBeInstanceOf(CancelError);
    expect(p.asked.map((q) => q.message)).toEqual(['Refund', 'Amount']);
  });

  test.each<[string, unknown[], RegExp]>([
    ['validation rejects the answer', ['partial', 'five dollars'], /answer "five dollars" to "Amount" failed validation: enter an amount such as 20\.00/],
    ['not one of the choices', ['half'], /"half" is not a choice of "Refund"; choices: "full", "partial"/],
    ['queue runs dry', ['full', 'duplicate'], /no scripted answer left for confirm "Refund now\?"/],
    ['wrong type for confirm', ['full', 'duplicate', 'yes'], /"Refund now\?" wants a boolean answer, got "yes"/],
    ['wrong type for input', ['partial', 5], /"Amount" wants a string answer, got 5/],
  ])('throws when %s', async (_name, answers, message) => {
    const p = new ScriptedPrompter(answers as never[]);
    await expect(refundFlow(p)).rejects.toThrow(message);
  });

  test('validation failures carry the question, answer and reason', async () => {
    const p = new ScriptedPrompter(['abc']);
    const err = await p.input({ message: 'Amount', validate: isAmount }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScriptedValidationError);
    expect(err).toMatchObject({ question: 'Amount', answer: 'abc', reason: 'enter an amount such as 20.00' });
  });

  test('password answers are validated too', async () => {
    const p = new ScriptedPrompter(['sk_test_x', 'nope']);
    const validate = (v: string): true | string => (v.startsWith('sk_') ? true : 'keys start with sk_');
    expect(await p.password({ message: 'Key', validate })).toBe('sk_test_x');
    await expect(p.password({ message: 'Key', validate })).rejects.toThrow('keys start with sk_');
    expect(p.asked).toEqual([
      { type: 'password', message: 'Key' },
      { type: 'password', message: 'Key' },
    ]);
  });

  test('select returns the choice value itself (objects too)', async () => {
    const acct = { id: 'acct_1' };
    const p = new ScriptedPrompter([acct]);
    expect(await p.select({ message: 'Account', choices: [{ name: 'one', value: acct }] })).toBe(acct);
  });

  test('assertDone reports answers never asked for', async () => {
    const p = new ScriptedPrompter(['full', 'duplicate', true, 'extra']);
    await refundFlow(p);
    expect(() => p.assertDone()).toThrow('1 answer(s) never asked for: "extra"');
  });
});
