import { test } from 'vitest';
import { BufferStream } from '../../src/factory.js';
import { createPrinter } from '../../src/output/printer.js';
import { id, money, status, text, time } from '../../src/output/columns.js';
test('smoke', async () => {
  const now = new Date('2026-11-25T12:45:00Z');
  const cols = [id(), money('AMOUNT', 'amount'), status(), text('DESCRIPTION', 'description'), time()];
  const items = [
    { id: 'ch_3Pabcdefghijklmnopqrstuv', amount: 123456, currency: 'usd', status: 'succeeded', description: 'A very long description of the thing that was purchased by the customer', created: 1795610000 },
    { id: 'ch_2', amount: 500, currency: 'jpy', status: 'requires_action', description: null, created: 1795000000 },
  ];
  for (const [tty, color, w] of [[true, true, 80], [true, false, 60], [false, false, undefined]] as const) {
    const out = new BufferStream(tty, w);
    await createPrinter({ stdout: out, stderr: new BufferStream() }, { format: 'table', color, now }).list(items, cols);
    process.stdout.write(JSON.stringify(out.text) + '\n' + out.text + '\n');
    const o2 = new BufferStream(tty, w);
    createPrinter({ stdout: o2, stderr: new BufferStream() }, { format: 'table', color, now }).object(items[0], cols);
    process.stdout.write(o2.text + '\n');
  }
});
