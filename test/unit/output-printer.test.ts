import { describe, expect, test } from 'vitest';
import { BufferStream, type OutStream } from '../../src/factory.js';
import { bool, id, money, status, text, time, type Column } from '../../src/output/columns.js';
import { createPrinter, fitWidths, type PrinterOptions } from '../../src/output/printer.js';
import { csvField } from '../../src/output/csv.js';
import { displayWidth } from '../../src/output/text.js';

const ANSI = /\x1b\[/;
const now = new Date('2026-11-25T12:45:00Z');
const nowS = Math.floor(now.getTime() / 1000);

const columns: Column[] = [id(), money('AMOUNT', 'amount'), status(), text('DESCRIPTION', 'description'), time()];
const charges = [
  { id: 'ch_1', object: 'charge', amount: 123456, currency: 'usd', status: 'succeeded', description: 'Pro plan, yearly', created: nowS - 3 * 3600, customer: { id: 'cus_1', email: 'a@example.com' } },
  { id: 'ch_2', object: 'charge', amount: 500, currency: 'jpy', status: 'failed', description: 'He said "hi"\nthen left', created: nowS - 2 * 86400, customer: null },
  { id: 'ch_3', object: 'charge', amount: 1230, currency: 'kwd', status: 'pending', description: null, created: nowS - 40, customer: 'cus_3' },
];

function setup(opts: Partial<PrinterOptions> & { tty?: boolean; columns?: number } = {}) {
  const stdout = new BufferStream(opts.tty ?? false, opts.columns);
  const stderr = new BufferStream(opts.tty ?? false);
  const printer = createPrinter({ stdout, stderr }, { format: opts.format ?? 'table', fields: opts.fields, color: opts.color ?? false, now });
  return { stdout, stderr, printer };
}

async function* generate<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('list: json', () => {
  test.each([
    ['array', () => charges],
    ['async iterable', () => generate(charges)],
  ])('from an %s: same bytes as JSON.stringify(array, null, 2)', async (_name, source) => {
    const { stdout, stderr, printer } = setup({ format: 'json', tty: true, color: true });
    expect(await printer.list(source(), columns)).toBe(3);
    expect(stdout.text).toBe(JSON.stringify(charges, null, 2) + '\n');
    expect(stderr.text).toBe('');
  });

  test('empty list is []', async () => {
    const { stdout, printer } = setup({ format: 'json' });
    expect(await printer.list(generate([]), columns)).toBe(0);
    expect(stdout.text).toBe('[]\n');
    expect(JSON.parse(stdout.text)).toEqual([]);
  });

  test('--fields trims each object', async () => {
    const { stdout, printer } = setup({ format: 'json', fields: ['id', 'customer.email'] });
    await printer.list(charges, columns);
    expect(JSON.parse(stdout.text)).toEqual([
      { id: 'ch_1', customer: { email: 'a@example.com' } },
      { id: 'ch_2', customer: { email: null } },
      { id: 'ch_3', customer: { email: null } },
    ]);
  });

  test('streams: each item is written before the next is pulled', async () => {
    const { stdout, printer } = setup({ format: 'json' });
    const seen: number[] = [];
    async function* watched() {
      for (let i = 0; i < 5; i++) {
        seen.push(stdout.text.split('"id"').length - 1);
        yield { id: `x_${i}` };
      }
    }
    await printer.list(watched(), columns);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(JSON.parse(stdout.text)).toHaveLength(5);
  });
});

describe('list: jsonl', () => {
  test('one compact object per line', async () => {
    const { stdout, printer } = setup({ format: 'jsonl' });
    expect(await printer.list(charges, columns)).toBe(3);
    expect(stdout.text).toBe(charges.map((c) => JSON.stringify(c)).join('\n') + '\n');
  });

  test('--fields keeps the same keys on every line', async () => {
    const { stdout, printer } = setup({ format: 'jsonl', fields: ['id', 'description'] });
    await printer.list(charges, columns);
    expect(stdout.text).toBe('{"id":"ch_1","description":"Pro plan, yearly"}\n{"id":"ch_2","description":"He said \\"hi\\"\\nthen left"}\n{"id":"ch_3","description":null}\n');
  });

  test('10 000 items from an async generator, streamed as they come', async () => {
    // A counting sink: the printer must not need the text kept, nor the items gathered.
    let lines = 0;
    let maxBehind = 0;
    let produced = 0;
    const stdout: OutStream = {
      isTTY: false,
      write(chunk: string) {
        lines += chunk.split('\n').length - 1;
        return true;
      },
    };
    async function* many() {
      for (let i = 0; i < 10_000; i++) {
        maxBehind = Math.max(maxBehind, produced - lines);
        produced++;
        yield { id: `ch_${i}`, amount: i, currency: 'usd' };
      }
    }
    const printer = createPrinter({ stdout, stderr: new BufferStream() }, { format: 'jsonl', color: false, now });
    expect(await printer.list(many(), columns)).toBe(10_000);
    expect(lines).toBe(10_000);
    expect(maxBehind).toBe(0);
  });

  test('waits for drain() when write() reports a full pipe', async () => {
    const events: string[] = [];
    const stdout = {
      isTTY: false,
      write(chunk: string) {
        events.push(`write ${chunk.trim()}`);
        return false;
      },
      async drain() {
        events.push('drain');
      },
    };
    const printer = createPrinter({ stdout, stderr: new BufferStream() }, { format: 'jsonl', color: false, now });
    await printer.list([{ id: 'a' }, { id: 'b' }], columns);
    expect(events).toEqual(['write {"id":"a"}', 'drain', 'write {"id":"b"}', 'drain']);
  });
});

describe('list: csv', () => {
  test('header from column headers, RFC 4180 quoting, plain cells, money as amount and currency columns', async () => {
    const { stdout, printer } = setup({ format: 'csv', tty: true, color: true });
    expect(await printer.list(generate(charges), columns)).toBe(3);
    expect(stdout.text).toBe(
      [
        'ID,AMOUNT,CURRENCY,STATUS,DESCRIPTION,CREATED',
        'ch_1,1234.56,USD,succeeded,"Pro plan, yearly",2026-11-25T09:45:00Z',
        'ch_2,500,JPY,failed,"He said ""hi""\nthen left",2026-11-23T12:45:00Z',
        'ch_3,1.230,KWD,pending,,2026-11-25T12:44:20Z',
        '',
      ].join('\n'),
    );
    expect(stdout.text).not.toMatch(ANSI);
  });

  test('--fields: upper-cased paths as the header', async () => {
    const { stdout, printer } = setup({ format: 'csv', fields: ['id', 'amount', 'customer.email'] });
    await printer.list(charges, columns);
    expect(stdout.text).toBe('ID,AMOUNT,CURRENCY,CUSTOMER.EMAIL\nch_1,1234.56,USD,a@example.com\nch_2,500,JPY,\nch_3,1.230,KWD,\n');
  });

  test('empty list still has its header', async () => {
    const { stdout, printer } = setup({ format: 'csv' });
    expect(await printer.list([], columns)).toBe(0);
    expect(stdout.text).toBe('ID,AMOUNT,CURRENCY,STATUS,DESCRIPTION,CREATED\n');
  });

  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "x"', '"say ""x"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
    [' padded ', ' padded '],
  ])('csvField %j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

describe('list: table on a TTY', () => {
  const expected = [
    'ID          AMOUNT  STATUS     DESCRIPTION             CREATED',
    'ch_1  1,234.56 USD  succeeded  Pro plan, yearly        3h ago',
    'ch_2       500 JPY  failed     He said "hi" then left  2d ago',
    'ch_3     1.230 KWD  pending                            just now',
    '',
  ].join('\n');

  test('aligned, money right-aligned, no colour when colour is off', async () => {
    const { stdout, stderr, printer } = setup({ format: 'table', tty: true, columns: 120 });
    expect(await printer.list(generate(charges), columns)).toBe(3);
    expect(stdout.text).toBe(expected);
    expect(stdout.text).not.toMatch(ANSI);
    expect(stderr.text).toBe('');
  });

  test('colour on: bold headers and coloured statuses, same layout', async () => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 120, color: true });
    await printer.list(charges, columns);
    expect(stdout.text).toMatch(ANSI);
    expect(stdout.text).toContain('\x1b[1mID\x1b[22m');
    expect(stdout.text).toContain('\x1b[32msucceeded\x1b[39m');
    expect(stdout.text).toContain('\x1b[31mfailed\x1b[39m');
    expect(stdout.text).toContain('\x1b[33mpending\x1b[39m');
    expect(stdout.text.replace(/\x1b\[[0-9;]*m/g, '')).toBe(expected);
  });

  test.each([
    // 63 columns unconstrained; DESCRIPTION is the only flex column.
    [52, ['ID          AMOUNT  STATUS     DESCRIPTION  CREATED', 'ch_1  1,234.56 USD  succeeded  Pro plan, …  3h ago']],
    // Below its floor (the header's width, at least 8) the flex column is dropped rather than cut
    // to a stub under a cut header ("DESCRIPT…").
    [51, ['ID          AMOUNT  STATUS     CREATED', 'ch_1  1,234.56 USD  succeeded  3h ago']],
    [45, ['ID          AMOUNT  STATUS     CREATED', 'ch_1  1,234.56 USD  succeeded  3h ago']],
    [60, ['ID          AMOUNT  STATUS     DESCRIPTION          CREATED', 'ch_1  1,234.56 USD  succeeded  Pro plan, yearly     3h ago']],
  ])('fits %d columns by truncating the flex column with …', async (width, firstLines) => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: width, color: true });
    await printer.list(charges, columns);
    const lines = stdout.text.trimEnd().split('\n');
    expect(lines.slice(0, 2).map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual(firstLines);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
  });

  test('past the flex floors, flex columns are dropped; ids, amounts and statuses are never cut', async () => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 40 });
    await printer.list(charges, columns);
    expect(stdout.text.split('\n')[1]).toBe('ch_1  1,234.56 USD  succeeded  3h ago');
  });

  test('when the fixed columns overflow, relative times go first, then statuses shrink; ids and amounts stay whole', async () => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 30, color: true });
    await printer.list(charges, columns);
    const lines = stdout.text.trimEnd().split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
    expect(lines).toEqual(['ID          AMOUNT  STATUS', 'ch_1  1,234.56 USD  succeeded', 'ch_2       500 JPY  failed', 'ch_3     1.230 KWD  pending']);

    const pis = [{ id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa', amount: 2000, currency: 'usd', status: 'requires_payment_method', created: nowS }];
    const narrow = setup({ format: 'table', tty: true, columns: 60, color: true });
    await narrow.printer.list(pis, [id(), money('AMOUNT', 'amount'), status(), time()]);
    const rows = narrow.stdout.text.trimEnd().split('\n');
    expect(rows.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual([
      'ID                              AMOUNT  STATUS',
      'pi_3MtwBwLkdIwHu7ix28a3tqPa  20.00 USD  requires_payment_me…',
    ]);
    for (const line of rows) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    // The cut status keeps its colour, closed before the line ends.
    expect(rows[1]).toMatch(/\x1b\[33mrequires_payment_me\x1b\[39m…$/);
  });

  test('when even the fixed columns overflow, the line wraps rather than cutting an id', async () => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 20 });
    await printer.list(charges, columns);
    expect(stdout.text.split('\n')[1]).toBe('ch_1  1,234.56 USD  succeeded  3h ago');
  });

  test('a TTY that reports no width gets 80 columns', async () => {
    const long = [{ id: 'cus_1', name: 'x'.repeat(200), email: 'y'.repeat(200) }];
    const { stdout, printer } = setup({ format: 'table', tty: true });
    await printer.list(long, [id(), text('NAME', 'name'), text('EMAIL', 'email')]);
    const lines = stdout.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID     NAME +EMAIL$/);
    expect(displayWidth(lines[1])).toBe(80);
    expect(lines[1]).toMatch(/^cus_1  x+…  y+…$/);
  });

  test('wide glyphs count double', async () => {
    const rows = [{ id: 'cus_1', name: '山田太郎' }, { id: 'cus_2', name: 'Bob' }];
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 80 });
    await printer.list(rows, [id(), text('NAME', 'name'), text('X', 'id')]);
    expect(stdout.text).toBe('ID     NAME      X\ncus_1  山田太郎  cus_1\ncus_2  Bob       cus_2\n');
  });

  test('empty list prints nothing', async () => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 80 });
    expect(await printer.list(generate([]), columns)).toBe(0);
    expect(stdout.text).toBe('');
  });

  test('--fields: the given paths, upper-cased, known columns keep their rendering', async () => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 80, fields: ['id', 'amount', 'customer.email'] });
    await printer.list(charges, columns);
    expect(stdout.text).toBe(
      ['ID          AMOUNT  CUSTOMER.EMAIL', 'ch_1  1,234.56 USD  a@example.com', 'ch_2       500 JPY', 'ch_3     1.230 KWD', ''].join('\n'),
    );
  });
});

describe('list: table piped (non-TTY)', () => {
  test.each([true, false])('TSV without header or colour (color flag %s)', async (color) => {
    const { stdout, printer } = setup({ format: 'table', tty: false, color });
    expect(await printer.list(generate(charges), columns)).toBe(3);
    expect(stdout.text).toBe(
      [
        'ch_1\t1234.56 USD\tsucceeded\tPro plan, yearly\t2026-11-25T09:45:00Z',
        'ch_2\t500 JPY\tfailed\tHe said "hi" then left\t2026-11-23T12:45:00Z',
        'ch_3\t1.230 KWD\tpending\t\t2026-11-25T12:44:20Z',
        '',
      ].join('\n'),
    );
    expect(stdout.text).not.toMatch(ANSI);
  });
});

describe('object', () => {
  const detail: Column[] = [id(), money('AMOUNT', 'amount'), status(), text('CUSTOMER', 'customer'), text('DESCRIPTION', 'description'), time(), bool('PAID', 'paid')];
  const charge = { ...charges[0], paid: true };

  test.each<[string, Partial<PrinterOptions> & { tty?: boolean; columns?: number }, string]>([
    [
      'table on a TTY: aligned keys',
      { format: 'table', tty: true, columns: 80 },
      [
        'ID           ch_1',
        'AMOUNT       1,234.56 USD',
        'STATUS       succeeded',
        'CUSTOMER     cus_1',
        'DESCRIPTION  Pro plan, yearly',
        'CREATED      2026-11-25 09:45 UTC (3h ago)',
        'PAID         yes',
        '',
      ].join('\n'),
    ],
    [
      'table on a TTY: empty fields are left out, keys aligned to what is shown',
      { format: 'table', tty: true, columns: 80, obj: { ...charge, customer: null, description: '' } } as never,
      ['ID       ch_1', 'AMOUNT   1,234.56 USD', 'STATUS   succeeded', 'CREATED  2026-11-25 09:45 UTC (3h ago)', 'PAID     yes', ''].join('\n'),
    ],
    [
      'table piped: key TAB value',
      { format: 'table', tty: false, color: true },
      'ID\tch_1\nAMOUNT\t1234.56 USD\nSTATUS\tsucceeded\nCUSTOMER\tcus_1\nDESCRIPTION\tPro plan, yearly\nCREATED\t2026-11-25T09:45:00Z\nPAID\ttrue\n',
    ],
    ['table --fields', { format: 'table', tty: true, fields: ['id', 'customer.email'] }, 'ID              ch_1\nCUSTOMER.EMAIL  a@example.com\n'],
    ['json: the whole object', { format: 'json' }, JSON.stringify(charge, null, 2) + '\n'],
    ['json --fields', { format: 'json', fields: ['id', 'amount'] }, '{\n  "id": "ch_1",\n  "amount": 123456\n}\n'],
    ['jsonl: one line', { format: 'jsonl' }, JSON.stringify(charge) + '\n'],
    ['csv: header and row', { format: 'csv' }, 'ID,AMOUNT,CURRENCY,STATUS,CUSTOMER,DESCRIPTION,CREATED,PAID\nch_1,1234.56,USD,succeeded,cus_1,"Pro plan, yearly",2026-11-25T09:45:00Z,true\n'],
  ])('%s', (_name, opts, expected) => {
    const { obj, ...printerOpts } = opts as typeof opts & { obj?: unknown };
    const { stdout, stderr, printer } = setup(printerOpts);
    printer.object(obj ?? charge, detail);
    expect(stdout.text).toBe(expected);
    expect(stdout.text).not.toMatch(ANSI);
    expect(stderr.text).toBe('');
  });

  test('table with colour: bold keys, coloured status', () => {
    const { stdout, printer } = setup({ format: 'table', tty: true, color: true });
    printer.object(charge, [id(), status()]);
    expect(stdout.text).toBe('\x1b[1mID\x1b[22m      ch_1\n\x1b[1mSTATUS\x1b[22m  \x1b[32msucceeded\x1b[39m\n');
  });
});

describe('json', () => {
  const value = { object: 'balance', available: [{ amount: 100, currency: 'usd' }], livemode: false };
  test.each<[Partial<PrinterOptions>, unknown, string]>([
    [{ format: 'json' }, value, JSON.stringify(value, null, 2) + '\n'],
    [{ format: 'table' }, value, JSON.stringify(value, null, 2) + '\n'],
    [{ format: 'csv' }, value, JSON.stringify(value, null, 2) + '\n'],
    [{ format: 'jsonl' }, value, JSON.stringify(value) + '\n'],
    [{ format: 'json', fields: ['object', 'available.0.amount'] }, value, '{\n  "object": "balance",\n  "available": [\n    {\n      "amount": 100\n    }\n  ]\n}\n'],
    [{ format: 'jsonl', fields: ['id'] }, [{ id: 'a', x: 1 }, { id: 'b' }], '[{"id":"a"},{"id":"b"}]\n'],
    [{ format: 'json', fields: ['id'] }, 'scalar', '"scalar"\n'],
    [{ format: 'jsonl' }, null, 'null\n'],
  ])('%j', (opts, v, expected) => {
    const { stdout, printer } = setup({ ...opts, color: true, tty: true });
    printer.json(v);
    expect(stdout.text).toBe(expected);
  });
});

describe('fitWidths', () => {
  const cols: Column[] = [id(), text('NAME', 'name'), text('EMAIL', 'email'), status()];
  test.each([
    // natural widths, terminal width, expected widths
    [[10, 20, 30, 9], 200, [10, 20, 30, 9]],
    [[10, 20, 30, 9], 70, [10, 20, 25, 9]], // the widest flex column gives first
    [[10, 20, 30, 9], 50, [10, 12, 13, 9]], // then both, evenly
    [[10, 20, 30, 9], 41, [10, 8, 8, 9]], // down to the 8-column floor…
    [[10, 20, 30, 9], 30, [10, 8, 8, 9]], // …and no further (renderTable then drops flex columns): ids and statuses never shrink
    [[10, 3, 5, 9], 10, [10, 3, 5, 9]], // never below natural, never wider than natural
  ])('%j in %d → %j', (natural, width, expected) => {
    expect(fitWidths(cols, natural, width)).toEqual(expected);
  });

  test('an explicit minWidth is kept', () => {
    const withMin: Column[] = [id(), text('NAME', 'name', { minWidth: 15 }), text('EMAIL', 'email')];
    expect(fitWidths(withMin, [10, 20, 30], 10)).toEqual([10, 15, 8]);
  });
});

describe('hostile text from the API', () => {
  const EVIL = 'Evil\x1b]0;pwned\x07\x1b[2J';
  // A custom getter builds its text from several fields, as the invoice lines and charge card views do.
  const getter = text('CARD', 'card', { get: (o: { card?: { brand?: string; last4?: string } }) => (o.card ? `${o.card.brand} •••• ${o.card.last4}` : '') });
  const obj = { id: 'ch_1', name: EVIL, card: { brand: '\x1b[8mvisa', last4: '\u202e4242' }, amount: 500, currency: 'usd' };
  const cols: Column[] = [id(), text('NAME', 'name'), getter, money('AMOUNT', 'amount')];
  const SAFE_NAME = 'Evil^[]0;pwned^G^[[2J';
  const SAFE_CARD = '^[[8mvisa •••• <U+202E>4242';
  const raw = /\x1b\]|\x1b\[2J|\x1b\[8m|\x07|\u202e/;

  test.each<[string, Partial<PrinterOptions> & { tty?: boolean; columns?: number }, 'list' | 'object', string]>([
    ['table on a TTY', { format: 'table', tty: true, columns: 120, color: true }, 'list', `ID    NAME                   CARD                           AMOUNT\nch_1  ${SAFE_NAME}  ${SAFE_CARD}  5.00 USD\n`],
    ['piped table (TSV)', { format: 'table', tty: false }, 'list', `ch_1\t${SAFE_NAME}\t${SAFE_CARD}\t5.00 USD\n`],
    ['detail view', { format: 'table', tty: true, columns: 120 }, 'object', `ID      ch_1\nNAME    ${SAFE_NAME}\nCARD    ${SAFE_CARD}\nAMOUNT  5.00 USD\n`],
    ['piped detail', { format: 'table', tty: false }, 'object', `ID\tch_1\nNAME\t${SAFE_NAME}\nCARD\t${SAFE_CARD}\nAMOUNT\t5.00 USD\n`],
    ['csv', { format: 'csv' }, 'list', `ID,NAME,CARD,AMOUNT,CURRENCY\nch_1,${SAFE_NAME},${SAFE_CARD},5.00,USD\n`],
  ])('%s: escape sequences are shown, never sent', async (_name, opts, kind, expected) => {
    const { stdout, printer } = setup(opts);
    if (kind === 'list') await printer.list([obj], cols);
    else printer.object(obj, cols);
    expect(stdout.text.replace(/\x1b\[[0-9;]*m/g, '')).toBe(expected);
    expect(stdout.text).not.toMatch(raw);
  });

  test.each(['json', 'jsonl'] as const)('%s: escaped as \\u sequences, same value when parsed', async (format) => {
    const { stdout, printer } = setup({ format, tty: true });
    await printer.list([{ id: 'ch_1', name: EVIL, note: '\x9b2J\u202e' }], cols);
    expect(stdout.text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    const parsed = format === 'json' ? JSON.parse(stdout.text) : [JSON.parse(stdout.text)];
    expect(parsed).toEqual([{ id: 'ch_1', name: EVIL, note: '\x9b2J\u202e' }]);
  });
});

describe('csv: spreadsheet formulas and money', () => {
  test.each([
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['+1+cmd', "'+1+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindent', "'\tindent"],
    ['\rcr', '"\'\rcr"'],
    ['\uff1d1+1', "'\uff1d1+1"],
    ['-5.00', '-5.00'],
    ['+12', '+12'],
    ['-7', '-7'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('csvField %j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  test('negative amounts stay numbers; the currency gets its own column once; an existing currency column is reused', async () => {
    const txns = [
      { id: 'txn_1', type: 'refund', amount: -500, fee: 0, net: -500, currency: 'usd', description: '=cmd|" /C calc"!A0' },
      { id: 'txn_2', type: 'charge', amount: 2000, fee: 88, net: 1912, currency: 'kwd', description: '@evil' },
    ];
    const cols: Column[] = [id(), money('AMOUNT', 'amount'), money('FEE', 'fee'), money('NET', 'net'), text('DESCRIPTION', 'description')];
    const { stdout, printer } = setup({ format: 'csv' });
    await printer.list(txns, cols);
    expect(stdout.text).toBe(
      ['ID,AMOUNT,CURRENCY,FEE,NET,DESCRIPTION', 'txn_1,-5.00,USD,0.00,-5.00,"\'=cmd|"" /C calc""!A0"', "txn_2,2.000,KWD,0.088,1.912,'@evil", ''].join('\n'),
    );

    const balance = setup({ format: 'csv' });
    await balance.printer.list([{ currency: 'usd', available: -150, pending: 0 }], [text('CURRENCY', 'currency'), money('AVAILABLE', 'available'), money('PENDING', 'pending')]);
    expect(balance.stdout.text).toBe('CURRENCY,AVAILABLE,PENDING\nusd,-1.50,0.00\n');
  });

  test('a detail view in csv has the upper-case headers of a list, currency column included', async () => {
    const { stdout, printer } = setup({ format: 'csv' });
    printer.object({ id: 'in_1', amount_due: 1050, currency: 'eur' }, [id('Id'), money('Amount due', 'amount_due')]);
    expect(stdout.text).toBe('ID,AMOUNT DUE,CURRENCY\nin_1,10.50,EUR\n');
    const list = setup({ format: 'csv' });
    await list.printer.list([{ id: 'in_1', amount_due: 1050, currency: 'eur' }], [id(), money('AMOUNT DUE', 'amount_due')]);
    expect(list.stdout.text).toBe(stdout.text);
  });
});

describe('table widths follow cli-table3 (string-width)', () => {
  test.each([
    ['emoji', [{ id: 'cus_1', name: '✅ paid' }, { id: 'cus_2', name: 'Bob' }, { id: 'cus_3', name: '⭐ vip ☕' }]],
    ['flags and ZWJ sequences', [{ id: 'cus_1', name: '🇯🇵 Tokyo' }, { id: 'cus_2', name: '👩‍💻 dev' }, { id: 'cus_3', name: 'plain' }]],
  ])('%s: every row is as wide as the header says', async (_name, rows) => {
    const { stdout, printer } = setup({ format: 'table', tty: true, columns: 80 });
    await printer.list(rows, [id(), text('NAME', 'name'), text('X', 'id')]);
    const lines = stdout.text.trimEnd().split('\n');
    // The third column starts at the same display column on every line.
    const starts = lines.map((l) => displayWidth(l.slice(0, l.lastIndexOf(l.startsWith('ID') ? 'X' : 'cus_'))));
    expect(new Set(starts).size).toBe(1);
  });

  test('a wide emoji counts two columns, like cli-table3 counts it', () => {
    expect(displayWidth('✅')).toBe(2);
    expect(displayWidth('☕')).toBe(2);
    expect(displayWidth('⭐')).toBe(2);
  });
});
