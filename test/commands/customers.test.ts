// `payctl customers create` on a terminal: what the prompts say and the summary the user confirms.
import { describe, expect, it } from 'vitest';
import { useAccounts } from '../helpers/account.js';
import { CANCEL, ScriptedPrompter } from '../../src/prompt/scripted.js';

const account = useAccounts(() => ({}));

describe('customers create', () => {
  it('on a TTY, says the name is optional and confirms a summary without empty brackets or double spaces', async () => {
    const a = account();
    const prompter = new ScriptedPrompter(['', 'x@example.com', true]);
    const r = await a.cli(['customers', 'create'], { tty: true, columns: 80, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked.map((q) => q.message)).toEqual(['Name (optional)', 'Email', 'Proceed?']);
    expect(r.stderr).toBe('Create customer <x@example.com>.\n');
    expect(r.stdout).toMatch(/^Email +x@example\.com$/m);
  });

  it('names both parts when both are given', async () => {
    const a = account();
    const prompter = new ScriptedPrompter(['Ada Lovelace', 'ada@example.com', false]);
    const r = await a.cli(['customers', 'create'], { tty: true, columns: 80, prompter });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Create customer Ada Lovelace <ada@example.com>.\n');
  });

  it('a bad --email is one line that says what a good one looks like', async () => {
    const r = await account().cli(['customers', 'create', '--email', 'bad']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: invalid --email "bad": use an address like ada@example.com\n' });
  });

  it('Ctrl-C at a prompt exits 130 with one short line that says nothing happened', async () => {
    const a = account();
    const r = await a.cli(['customers', 'create'], { tty: true, columns: 80, prompter: new ScriptedPrompter(['Ada', CANCEL]) });
    expect(r).toEqual({ code: 130, stdout: '', stderr: 'cancelled: nothing was changed\n' });
  });
});

describe('customers get on a terminal', () => {
  it('leaves out a zero balance with no currency, and shows a non-zero one in minor units', async () => {
    const a = account();
    const plain = await a.ok(['customers', 'create', '--name', 'Ada']);
    const r1 = await a.cli(['customers', 'get', plain.id], { tty: true, columns: 80 });
    expect(r1.code).toBe(0);
    expect(r1.stdout).not.toMatch(/^Balance/m);

    const owing = await a.ok(['customers', 'create', '--name', 'Bob', '-d', 'balance=500']);
    const r2 = await a.cli(['customers', 'get', owing.id], { tty: true, columns: 80 });
    expect(r2.stdout).toMatch(/^Balance +500 \(minor units\)$/m);
  });
});
