// Every command's --help shows real examples, and every design-card subcommand is listed.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { commandPaths } from '../helpers/command-tree.js';

const allPaths = () => commandPaths({ withRoot: false });

describe('help', () => {
  it('lists every design-card subcommand at the top level', async () => {
    const r = await runCli(['--help']);
    for (const name of ['balance', 'charges', 'refunds', 'payment-intents', 'customers', 'invoices', 'payouts', 'search']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
  });

  it('every command has examples in its --help', async () => {
    const paths = await allPaths();
    expect(paths.length).toBeGreaterThan(80);
    const missing: string[] = [];
    const twice: string[] = [];
    for (const path of paths) {
      const r = await runCli([...path, '--help']);
      expect(r.code).toBe(0);
      if (!/\nExamples:\n {2}\$ payctl /.test(r.stdout)) missing.push(path.join(' '));
      // One Examples block: a group that adds its own examples must not stack them under the builder's.
      if ((r.stdout.match(/^Examples:$/gm) ?? []).length > 1) twice.push(path.join(' '));
    }
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
  });
});
