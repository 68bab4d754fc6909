// Help over the whole command tree: nothing wider than 80 columns, the shared flags every
// subcommand inherits, and `payctl help WORDS` behaving like `payctl WORDS --help`.
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/output/text.js';
import { runCli } from '../helpers/cli.js';
import { commandPaths } from '../helpers/command-tree.js';
import { exampleLines } from '../../src/commands/resource/builder.js';

const allPaths = () => commandPaths({ withRoot: true });

describe('help text', () => {
  it('fits 80 columns everywhere: descriptions wrap, examples and notes are written to fit', async () => {
    const paths = await allPaths();
    expect(paths.length).toBeGreaterThan(80);
    const wide: string[] = [];
    for (const path of paths) {
      for (const tty of [false, true]) {
        const r = await runCli([...path, '--help'], { tty, columns: 80 });
        expect(r.code).toBe(0);
        for (const line of r.stdout.split('\n')) {
          if (displayWidth(line) > 80) wide.push(`payctl ${path.join(' ')}: ${line}`);
        }
      }
    }
    expect([...new Set(wide)]).toEqual([]);
  });

  it('every subcommand lists the shared flags under "Inherited flags:"', async () => {
    const paths = (await allPaths()).filter((p) => p.length > 0);
    const missing: string[] = [];
    for (const path of paths) {
      const r = await runCli([...path, '--help']);
      const inherited = r.stdout.split('\nInherited flags:\n')[1] ?? '';
      for (const flag of ['--profile <name>', '-o, --output <format>', '--json', '--fields <paths>', '-y, --yes', '--dry-run', '--no-input']) {
        if (!inherited.includes(`  ${flag} `)) missing.push(`${path.join(' ')}: ${flag}`);
      }
      expect(inherited).not.toContain('--version');
    }
    expect(missing).toEqual([]);
  });

  it('the root help has no inherited section', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).not.toContain('Inherited flags:');
    expect(r.stdout).toMatch(/^Options:\n {2}-V, --version/m);
  });
});

describe('payctl help WORDS', () => {
  it.each([
    [['help', 'customers', 'list'], ['customers', 'list', '--help']],
    [['help', 'refunds'], ['refunds', '--help']],
    [['help', 'balance', 'transactions', 'get'], ['balance', 'transactions', 'get', '--help']],
  ])('%j prints the same as %j', async (viaHelp, direct) => {
    const a = await runCli(viaHelp);
    const b = await runCli(direct);
    expect(a).toEqual(b);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(new RegExp(`^Usage: payctl ${direct.slice(0, -1).join(' ')} `));
  });

  it.each([
    [['help', 'custmers'], "error: unknown command 'custmers'\n(Did you mean customers?)\n"],
    [['help', 'customers', 'lst'], "error: unknown command 'lst'\n(Did you mean list?)\n"],
  ])('%j: a usage error with the suggestion typing it would give', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(message)).toBe(true);
    const typed = await runCli(argv.slice(1));
    expect(typed.stderr.startsWith(message)).toBe(true);
  });
});

describe('exampleLines', () => {
  it.each([
    ['payctl charges list --limit 5', ['  $ payctl charges list --limit 5']],
    [
      'payctl refunds create                                  # guided: find the payment, choose full or partial',
      ['  $ payctl refunds create  # guided: find the payment, choose full or partial'],
    ],
    [
      'payctl payment-intents create --amount 20.00 --currency usd --payment-method pm_card_visa --confirm',
      ['  $ payctl payment-intents create --amount 20.00 --currency usd \\', '      --payment-method pm_card_visa --confirm'],
    ],
    [
      'payctl invoices create --customer cus_123 --description "November services, with a long note" # a draft',
      ['  # a draft', '  $ payctl invoices create --customer cus_123 \\', '      --description "November services, with a long note"'],
    ],
  ])('%j', (example, expected) => {
    expect(exampleLines(example)).toEqual(expected);
  });
});
