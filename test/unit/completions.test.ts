// The checked-in completion scripts must be exactly what the command tree generates.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

const files = { bash: 'completions/payctl.bash', zsh: 'completions/_payctl', fish: 'completions/payctl.fish' } as const;

describe('shell completions', () => {
  for (const [shell, file] of Object.entries(files)) {
    it(`${file} matches \`payctl completion ${shell}\` (regenerate with npm run completions)`, async () => {
      const r = await runCli(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(readFileSync(file, 'utf8')).toBe(r.stdout);
    });
  }

  it('covers subcommands, flags and enum values', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.stdout).toContain("'payctl refunds create'");
    expect(r.stdout).toContain('--payment-intent');
    expect(r.stdout).toMatch(/table json jsonl csv/);
  });

  it('rejects an unknown shell with a usage error', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown shell "powershell"/);
  });
});
