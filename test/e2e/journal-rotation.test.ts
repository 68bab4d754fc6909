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

const WRITERS = 8;
const ROUNDS = 50;
const LINES = 20; // per writer and round: all of a round's new lines fit under the cap again
const PREFILL = 200;
const ROUND_GAP_MS = 40;

const line = (id: string) =>
  JSON.stringify({ id, time: '2026-01-01T00:00:00.000Z', profile: null, mode: 'sandbox', method: 'POST', path: '/v1/refunds', idempotency_key: null, request_id: null, status: 200, object_id: `re_${id}`, amount: 100, currency: 'usd', outcome: 'ok' });

// The journal module as the CLI runs it, bundled for plain node children. Each child writes its
// lines into every round's directory, all children starting a round at the same instant.
const journal = join(work, 'journal.mjs');
buildSync({ entryPoints: [fileURLToPath(new URL('../../src/history/journal.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'node', outfile: journal, logLevel: 'silent' });
const writer = join(work, 'writer.mjs');
writeFileSync(
  writer,
  `import { appendLine } from ${JSON.stringify(journal)};
const [base, who, rounds, lines, maxBytes, startAt, gap] = process.argv.slice(2);
const line = ${line.toString()};
const nap = new Int32Array(new SharedArrayBuffer(4));
for (let r = 0; r < Number(rounds); r++) {
  // Asleep until just before the round starts (spinning would starve the others of the few cores), then exact.
  const at = Number(startAt) + r * Number(gap);
  if (at - Date.now() > 2) Atomics.wait(nap, 0, 0, at - Date.now() - 2);
  while (Date.now() < at);
  for (let i = 0; i < Number(lines); i++) appendLine(base + '/round-' + r, line('h_' + who + '_' + String(i).padStart(4, '0')), Number(maxBytes));
}
`,
);

describe('journal rotation under concurrent processes', () => {
  it(`${WRITERS} processes crossing the cap at once, ${ROUNDS} times: each rotates once, nothing lost or repeated`, async () => {
    // Each round's history.jsonl sits just under the cap, so every writer's first line crosses it.
    const prefill = Array.from({ length: PREFILL }, (_, i) => `h_pre_${String(i).padStart(4, '0')}`);
    const text = prefill.map((id) => `${line(id)}\n`).join('');
    const maxBytes = Buffer.byteLength(text) + 10;
    for (let r = 0; r < ROUNDS; r++) {
      mkdirSync(join(work, `round-${r}`), { mode: 0o700 });
      writeFileSync(join(work, `round-${r}`, 'history.jsonl'), text, { mode: 0o600 });
    }
    const startAt = Date.now() + 400;
    const runs = Array.from({ length: WRITERS }, (_, w) =>
      runNode([writer, work, `w${w}`, String(ROUNDS), String(LINES), String(maxBytes), String(startAt), String(ROUND_GAP_MS)], cleanEnv({}), { timeoutMs: 20_000 }),
    );
    for (const r of await Promise.all(runs)) expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });

    const written = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: LINES }, (_, i) => `h_w${w}_${String(i).padStart(4, '0')}`)).flat();
    const expected = [...prefill, ...written].sort();
    const wrong: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const dir = join(work, `round-${r}`);
      const names = readdirSync(dir).sort();
      const ids = readHistory(dir).map((e) => e.id);
      // The older history stays whole in history.jsonl.1, oldest first; every new line is kept once.
      const ok = names.join() === 'history.jsonl,history.jsonl.1' && ids.slice(0, PREFILL).join() === prefill.join() && [...ids].sort().join() === expected.join();
      if (!ok) wrong.push(`round ${r}: files ${names.join(' ')}; ${ids.length} entries of ${expected.length}, ${new Set(ids).size} distinct`);
    }
    expect(wrong).toEqual([]);
  });
});
