// The repository stands alone: no file points at documents outside it, every environment variable
// payctl reads is documented (README's table and `payctl help environment`), and the install does
// not hard-code where this machine keeps Node's headers.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.peer', 'coverage']);

function walk(rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((e) => !SKIP_DIRS.has(e.name) && !e.name.startsWith('report.'))
    .flatMap((e) => walk(path.join(rel, e.name)));
}

const files = ['README.md', '.npmrc', '.ci', 'bin', 'scripts', 'src', 'test', 'completions', 'package.json', 'tsconfig.json', 'vitest.config.ts'].flatMap(walk);

describe('no references outside the repository', () => {
  // Spelled in pieces so this file does not match itself.
  const outside: Array<[string, RegExp]> = [
    ['an absolute path into the build machine', new RegExp(['/wo', 'rk/'].join(''))],
    ['a sibling shared directory', new RegExp(['\\.\\./sha', 'red'].join(''))],
    ['the API reference file', new RegExp(['STRIPE_', 'API\\.md'].join(''))],
    ['the design file', new RegExp(['DESI', 'GN\\.md'].join(''))],
    ['the style file', new RegExp(['STY', 'LE\\.md'].join(''))],
    ['a section number of an outside document', new RegExp(String.fromCharCode(0xa7))],
  ];
  it('scans a real file list', () => {
    expect(files).toContain('README.md');
    expect(files).toContain(path.join('src', 'main.ts'));
    expect(files.length).toBeGreaterThan(100);
  });
  it.each(outside)('none cites %s', (_what, re) => {
    const hits = files.filter((f) => re.test(fs.readFileSync(path.join(root, f), 'latin1')));
    expect(hits).toEqual([]);
  });
});

describe('environment variables', () => {
  /** Every `env.NAME` payctl's source reads (the sandbox included). */
  const read = new Set<string>();
  for (const f of files.filter((f) => f.startsWith(`src${path.sep}`) && f.endsWith('.ts'))) {
    for (const m of fs.readFileSync(path.join(root, f), 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)) read.add(m[1]!);
  }
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('### Environment'), readme.indexOf('`payctl help environment`'));

  it('finds the ones known to be read', () => {
    for (const v of ['PAYCTL_API_KEY', 'PAYCTL_STRIPE_VERSION', 'PAYCTL_STRIPE_ACCOUNT', 'PAYCTL_OUTPUT', 'PAYCTL_READ_ONLY', 'XDG_CONFIG_HOME']) expect(read).toContain(v);
  });

  it("README's table lists every one", () => {
    expect([...read].filter((v) => !table.includes(v))).toEqual([]);
  });

  it('`payctl help environment` lists every one (HOME only as the XDG default)', async () => {
    const r = await runCli(['help', 'environment']);
    expect(r.code).toBe(0);
    expect([...read].filter((v) => v !== 'HOME' && !r.stdout.includes(`  ${v} `))).toEqual([]);
  });
});

describe('install', () => {
  it(".npmrc does not hard-code a path to Node's headers", () => {
    const npmrc = fs.existsSync(path.join(root, '.npmrc')) ? fs.readFileSync(path.join(root, '.npmrc'), 'utf8') : '';
    expect(npmrc).not.toMatch(/^\s*nodedir\s*=/m);
  });
});
