// What `npm run build` leaves out of dist/: code payctl never runs but would otherwise load or carry.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist', import.meta.url));
// esbuild marks each bundled file with a `// node_modules/PACKAGE/…` comment.
const bundled = readdirSync(dist)
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(join(dist, f), 'utf8'))
  .join('\n');

describe('the bundle', () => {
  it.each([
    ['ajv', 'conf validates only with a schema, which payctl does not give'],
    ['ajv-formats', 'the same'],
    ['semver', 'conf migrates only with migrations, which payctl does not give'],
    ['@inquirer/editor', 'payctl asks with input, password, select and confirm only'],
    ['iconv-lite', "the editor prompt's character sets"],
  ])('leaves out %s (%s)', (pkg) => {
    expect(bundled).not.toContain(`// node_modules/${pkg}/`);
  });

  it('still bundles what it uses (the check above can see a package)', () => {
    for (const pkg of ['conf', 'undici', 'commander', '@inquirer/select', '@inquirer/confirm']) expect(bundled).toContain(`// node_modules/${pkg}/`);
  });
});
