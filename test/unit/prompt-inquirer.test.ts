// The real inquirer prompter, driven through in-memory streams (keystrokes in, rendered prompt out).
// A pseudo-terminal test of the built binary belongs to the e2e suite.
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { CancelError } from '../../src/errors.js';
import { createInquirerPrompter } from '../../src/prompt/inquirer.js';

const ENTER = '\r';
const DOWN = '\x1b[B';
const CTRL_C = '\x03';

async function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (d: Buffer) => (screen += d.toString()));
  const prompter = await createInquirerPrompter({ stdin: input, stdout: output });
  /** Waits until the prompt has drawn `text`, then types `keys`. */
  async function type(text: string, ...keys: string[]): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!screen.includes(text)) {
      if (Date.now() > deadline) throw new Error(`prompt never showed ${JSON.stringify(text)}; screen: ${JSON.stringify(screen)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const k of keys) {
      input.write(k);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { prompter, type, screen: () => screen };
}

describe('createInquirerPrompter', () => {
  test('input: renders to the given stream, re-asks until validate passes', async () => {
    const t = await terminal();
    const answer = t.prompter.input({ message: 'Customer email', validate: (v) => (v.includes('@') ? true : 'enter an email address') });
    await t.type('Customer email', 'bob', ENTER);
    await t.type('enter an email address', '@example.com', ENTER);
    expect(await answer).toBe('bob@example.com');
    expect(t.screen()).toContain('✔ Customer email bob@example.com');
  });

  test('input: Enter takes the default', async () => {
    const t = await terminal();
    const answer = t.prompter.input({ message: 'Currency', default: 'usd' });
    await t.type('Currency', ENTER);
    expect(await answer).toBe('usd');
  });

  test('password: typed characters are not echoed', async () => {
    const t = await terminal();
    const answer = t.prompter.password({ message: 'API key' });
    await t.type('API key', 'sk_test_secret', ENTER);
    expect(await answer).toBe('sk_test_secret');
    expect(t.screen()).not.toContain('secret');
  });

  test('select: arrows move, Enter picks the value', async () => {
    const t = await terminal();
    const answer = t.prompter.select({ message: 'Reason', choices: [{ name: 'Duplicate', value: 'duplicate' }, { name: 'Fraudulent', value: 'fraudulent' }] });
    await t.type('Reason', DOWN, ENTER);
    expect(await answer).toBe('fraudulent');
  });

  test.each([
    ['y', true],
    ['n', false],
  ])('confirm: %s', async (key, expected) => {
    const t = await terminal();
    const answer = t.prompter.confirm({ message: 'Refund 5.00 USD?', default: false });
    await t.type('Refund 5.00 USD?', key, ENTER);
    expect(await answer).toBe(expected);
  });

  test.each(['input', 'confirm', 'select'] as const)('%s: Ctrl-C becomes CancelError', async (kind) => {
    const t = await terminal();
    const answer =
      kind === 'input'
        ? t.prompter.input({ message: 'Question' })
        : kind === 'confirm'
          ? t.prompter.confirm({ message: 'Question' })
          : t.prompter.select({ message: 'Question', choices: [{ name: 'A', value: 'a' }] });
    const caught = answer.catch((e: unknown) => e);
    await t.type('Question', CTRL_C);
    const err = await caught;
    expect(err).toBeInstanceOf(CancelError);
    expect((err as CancelError).exitCode).toBe(130);
  });

  describe('API text in prompts is sanitised centrally', () => {
    const EVIL = 'Evil\x1b]0;pwned\x07\x1b[2J';
    const SAFE = 'Evil^[]0;pwned^G^[[2J';
    // Sequences inquirer itself never draws: a window title, a screen clear, a bell, a bidi override.
    const RAW = /\x1b\]0;|\x1b\[2J|\x07|\u202e/;

    test('select: choice names, descriptions and the chosen line', async () => {
      const t = await terminal();
      const answer = t.prompter.select({
        message: `Which customer? ${EVIL}`,
        choices: [
          { name: `${EVIL} <evil@example.com>`, value: 'cus_1', description: `note \u202e${EVIL}`, short: EVIL },
          { name: 'Bob', value: 'cus_2' },
        ],
      });
      await t.type('Which customer?', ENTER);
      expect(await answer).toBe('cus_1');
      expect(t.screen()).toContain(`${SAFE} <evil@example.com>`);
      expect(t.screen()).toContain('note <U+202E>');
      expect(t.screen()).not.toMatch(RAW);
    });

    test('select: a newline in a name cannot draw a fake choice', async () => {
      const t = await terminal();
      const answer = t.prompter.select({ message: 'Customer', choices: [{ name: 'Bob\n❯ Alice <alice@example.com>', value: 'cus_bob' }, { name: 'Carol', value: 'cus_carol' }] });
      await t.type('Carol', ENTER);
      expect(await answer).toBe('cus_bob');
      expect(t.screen()).toContain('Bob ❯ Alice <alice@example.com>');
      expect(t.screen()).not.toMatch(/Bob\s*\n\s*❯ Alice/);
    });

    test('input: message, default and validation message', async () => {
      const t = await terminal();
      const answer = t.prompter.input({ message: `Name for ${EVIL}`, default: EVIL, validate: (v) => (v.startsWith('Evil') ? true : `not ${EVIL}`) });
      await t.type('Name for', 'x', ENTER);
      await t.type('not Evil', '\x7f', ENTER);
      expect(await answer).toBe(SAFE);
      expect(t.screen()).toContain(`Name for ${SAFE}`);
      expect(t.screen()).not.toMatch(RAW);
    });

    test('confirm and password: the message', async () => {
      const t = await terminal();
      const ok = t.prompter.confirm({ message: `Refund ${EVIL}?`, default: false });
      await t.type('Refund', 'y', ENTER);
      expect(await ok).toBe(true);
      expect(t.screen()).toContain(`Refund ${SAFE}?`);
      expect(t.screen()).not.toMatch(RAW);
      const t2 = await terminal();
      const secret = t2.prompter.password({ message: `Key for ${EVIL}` });
      await t2.type('Key for', 's', ENTER);
      expect(await secret).toBe('s');
      expect(t2.screen()).toContain(`Key for ${SAFE}`);
      expect(t2.screen()).not.toMatch(RAW);
    });
  });
});
