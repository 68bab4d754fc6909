// The history journal under concurrent writers: separate processes crossing the size cap at the same
// moment rotate history.jsonl once, so no entry is lost (the older history.jsonl.1 is not replaced by
// a fresh file) and none is written twice.
import { buildSync } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/journal.js';
import { cleanEnv, runNode } from '../helpers/spawn.js';

const work = mkdtempSync(join(tmpdir(), 'payctl-rotation-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The journal module as the CLI runs it, bundled for plain node children.
const journal = join(work, 'journal.mjs');
buildSync({ entryPoints: [fileURLToPath(new URL('../../src/history/journal.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'node', outfile: journal, logLevel: 'silent' });
const writer = join(work, 'writer.mjs');
writeFileSync(
  writer,
  `import { appendLine } from ${JSON.stringify(journal)};
const [dir, who, count, maxBytes, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt));
for (let i = 0; i < Number(count); i++) {
  const id = 'h_' + who + '_' + String(i).padStart(4, '0');
  appendLine(dir, JSON.stringify({ id, time: '2026-01-01T00:00:00.000Z', profile: null, mode: 'sandbox', method: 'POST', path: '/v1/refunds', idempotency_key: null, request_id: null, status: 200, object_id: 're_' + id, amount: 100, currency: 'usd', outcome: 'ok' }), Number(maxBytes));
}
`,
);

const WRITERS = 4;
const LINES = 50;
const PREFILL = 200;

describe('journal rotation under concurrent processes', () => {
  it.each(Array.from({ length: 10 }, (_, i) => i + 1))('round %i: 4 processes crossing the cap at once lose and repeat nothing', async (round) => {
    const dir = join(work, `round-${round}`);
    mkdirSync(dir, { mode: 0o700 });
    // history.jsonl just under the cap, so every writer's first line crosses it at the same moment;
    // all the new lines together fit under the cap again, so exactly one rotation is due.
    const line = (id: string) => JSON.stringify({ id, time: '2026-01-01T00:00:00.000Z', profile: null, mode: 'sandbox', method: 'POST', path: '/v1/refunds', idempotency_key: null, request_id: null, status: 200, object_id: `re_${id}`, amount: 100, currency: 'usd', outcome: 'ok' });
    const prefill = Array.from({ length: PREFILL }, (_, i) => `h_pre_${String(i).padStart(4, '0')}`);
    const text = prefill.map((id) => `${line(id)}\n`).join('');
    writeFileSync(join(dir, 'history.jsonl'), text, { mode: 0o600 });
    const maxBytes = Buffer.byteLength(text) + 10;
    const startAt = Date.now() + 300;
    const runs = Array.from({ length: WRITERS }, (_, w) => runNode([writer, dir, `w${w}`, String(LINES), String(maxBytes), String(startAt)], cleanEnv({}), { timeoutMs: 15_000 }));
    const done = await Promise.all(runs);
    for (const r of done) expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(dir).sort()).toEqual(['history.jsonl', 'history.jsonl.1']);
    const ids = readHistory(dir).map((e) => e.id);
    const written = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: LINES }, (_, i) => `h_w${w}_${String(i).padStart(4, '0')}`)).flat();
    const expected = [...prefill, ...written];
    expect(ids.length).toBe(expected.length);
    expect([...ids].sort()).toEqual(expected.sort());
    // The older history is whole in history.jsonl.1, oldest first.
    expect(ids.slice(0, PREFILL)).toEqual(prefill);
  });
});
