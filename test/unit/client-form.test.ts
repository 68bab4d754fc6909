// encodeForm must match stripe-node 23 byte for byte; parseDataFlags turns -d pairs into params.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { encodeForm, parseDataFlags } from '../../src/client/form.js';
import { UsageError } from '../../src/errors.js';
import { parseForm } from '../../src/sandbox/core/form.js';

const encodeCases: Array<[string, Record<string, unknown>, string]> = [
  ['email @ encoded', { email: 'a@b.c' }, 'email=a%40b.c'],
  ['nested object', { metadata: { order: '6735' } }, 'metadata[order]=6735'],
  ['empty string unsets a key', { metadata: { empty: '' } }, 'metadata[empty]='],
  ['null becomes empty string', { tax_exempt: null }, 'tax_exempt='],
  ['undefined dropped', { a: undefined, b: '1', c: { d: undefined } }, 'b=1'],
  ['arrays indexed', { preferred_locales: ['en', 'fr'] }, 'preferred_locales[0]=en&preferred_locales[1]=fr'],
  ['expand with dots', { expand: ['default_source', 'x.y'] }, 'expand[0]=default_source&expand[1]=x.y'],
  [
    'arrays of nested objects',
    { line_items: [{ price_data: { currency: 'usd', product_data: { name: 'T' }, unit_amount: 2000 }, quantity: 2 }] },
    'line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=T&line_items[0][price_data][unit_amount]=2000&line_items[0][quantity]=2',
  ],
  ['booleans', { validate: true, off: false }, 'validate=true&off=false'],
  ['negative integer', { balance: -500 }, 'balance=-500'],
  ['Date → unix seconds', { at: new Date('2023-11-14T22:13:20.999Z') }, 'at=1700000000'],
  ['range filter', { created: { gte: 1700000000, lt: 1800000000 } }, 'created[gte]=1700000000&created[lt]=1800000000'],
  [
    'search query quotes and spaces',
    { query: "email:'a@b.c' AND metadata['k']:'v'" },
    'query=email%3A%27a%40b.c%27%20AND%20metadata[%27k%27]%3A%27v%27',
  ],
  ['unicode', { name: '名前' }, 'name=%E5%90%8D%E5%89%8D'],
  ['emoji', { description: 'ok 👍' }, 'description=ok%20%F0%9F%91%8D'],
  ['reserved characters in values', { q: 'a&b=c?d/e+f#g%' }, 'q=a%26b%3Dc%3Fd%2Fe%2Bf%23g%25'],
  ['qs extras escaped', { s: "!*()'~-_." }, 's=%21%2A%28%29%27~-_.'],
  ['unicode key in metadata', { metadata: { 名前: 'x y' } }, 'metadata[%E5%90%8D%E5%89%8D]=x%20y'],
  ['empty array and object send nothing', { a: [], b: {}, c: '1' }, 'c=1'],
  ['null inside array', { a: [null, 'x'] }, 'a[0]=&a[1]=x'],
  ['empty params', {}, ''],
];

describe('encodeForm', () => {
  it.each(encodeCases)('%s', (_name, params, wire) => {
    expect(encodeForm(params)).toBe(wire);
  });
});

// The oracle: the real stripe SDK pointed at a local listener, capturing what it puts on the wire.
describe('encodeForm matches the stripe SDK on the wire', () => {
  it('for every table row', async () => {
    const bodies: string[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"cus_1","object":"customer"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const stripe = new Stripe('sk_test_oracle', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
      for (const [, params] of encodeCases) {
        await stripe.customers.create(params as Stripe.CustomerCreateParams);
      }
      expect(bodies).toEqual(encodeCases.map(([, params]) => encodeForm(params)));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

// What the server should see after decoding: leaves as strings, empty containers and undefined gone.
function stringifyLeaves(v: unknown): unknown {
  if (v === null) return '';
  if (v instanceof Date) return String(Math.floor(v.getTime() / 1000));
  if (Array.isArray(v)) {
    const out = v.filter((x) => x !== undefined).map(stringifyLeaves).filter((x) => x !== undefined);
    return out.length ? out : undefined;
  }
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as object)) {
      const s = x === undefined ? undefined : stringifyLeaves(x);
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return String(v);
}

describe('encodeForm round-trips through the sandbox parser (parseForm)', () => {
  const extra: Array<[string, Record<string, unknown>]> = [
    ['everything at once', {
      name: '名前 👍 & = ? + % # / \\ "quoted"',
      metadata: { 'key with space': 'v&w=x', 名前: '値', empty: '' },
      items: [{ price: 'p_1', quantity: 2, tags: ['a', 'b'] }, { price: 'p_2', deleted: true }],
      created: { gte: new Date('2024-01-01T00:00:00Z') },
      nothing: null,
      skipped: undefined,
    }],
    ['plus signs survive (not read as spaces)', { q: 'a+b c' }],
    ['deep nesting', { a: { b: { c: { d: [{ e: ['f'] }] } } } }],
  ];
  const rows: Array<[string, Record<string, unknown>]> = [...encodeCases.map(([n, p]) => [n, p] as [string, Record<string, unknown>]), ...extra];
  it.each(rows)('%s', (_name, params) => {
    expect(parseForm(encodeForm(params))).toEqual(stringifyLeaves(params) ?? {});
  });
});

describe('parseDataFlags', () => {
  const cases: Array<[string, string[], Record<string, unknown>]> = [
    ['plain', ['email=a@b.c'], { email: 'a@b.c' }],
    ['value keeps later =', ['description=a=b=c'], { description: 'a=b=c' }],
    ['empty value', ['metadata[k]='], { metadata: { k: '' } }],
    ['nested merge', ['metadata[order]=6735', 'metadata[ref]=x'], { metadata: { order: '6735', ref: 'x' } }],
    ['append []', ['expand[]=customer', 'expand[]=invoice'], { expand: ['customer', 'invoice'] }],
    ['indexed objects', ['items[0][price]=p_1', 'items[0][quantity]=2', 'items[1][price]=p_2'], {
      items: [{ price: 'p_1', quantity: '2' }, { price: 'p_2' }],
    }],
    ['deep nesting', ['line_items[0][price_data][product_data][name]=T'], {
      line_items: [{ price_data: { product_data: { name: 'T' } } }],
    }],
    ['non-dense integer keys stay a map', ['metadata[7]=x'], { metadata: { '7': 'x' } }],
    ['repeated plain key: last wins', ['a=1', 'a=2'], { a: '2' }],
    ['created range', ['created[gte]=1', 'created[lt]=2'], { created: { gte: '1', lt: '2' } }],
    ['unicode', ['name=名前 👍'], { name: '名前 👍' }],
    ['__proto__ is plain data', ['metadata[__proto__]=x'], { metadata: JSON.parse('{"__proto__":"x"}') }],
  ];
  it.each(cases)('%s', (_name, pairs, want) => {
    const got = parseDataFlags(pairs);
    expect(got).toEqual(want);
    expect(({} as Record<string, unknown>).x).toBeUndefined(); // no prototype pollution
  });

  // JS objects list integer-like keys first, so metadata[7] moves ahead of metadata[order]; the server
  // reads a map, so only the keys matter.
  it('round-trips through encodeForm to the keys the user typed', () => {
    const pairs = ['metadata[order]=6735', 'expand[0]=customer', 'items[0][price]=p_1', 'items[0][quantity]=2', 'metadata[7]=x'];
    expect(encodeForm(parseDataFlags(pairs))).toBe(
      'metadata[7]=x&metadata[order]=6735&expand[0]=customer&items[0][price]=p_1&items[0][quantity]=2',
    );
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['no =', ['email'], /invalid --data "email": expected key=value/],
    ['empty key', ['=x'], /invalid --data "=x"/],
    ['unclosed bracket', ['a[b=1'], /invalid --data "a\[b=1"/],
    ['text after bracket', ['a[b]c=1'], /invalid --data "a\[b\]c=1"/],
    ['scalar then object', ['a=1', 'a[b]=2'], /invalid --data "a\[b\]=2": conflicts/],
    ['object then scalar', ['a[b]=2', 'a=1'], /invalid --data "a=1": conflicts/],
  ];
  it.each(bad)('usage error: %s', (_name, pairs, msg) => {
    let err: unknown;
    try {
      parseDataFlags(pairs);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(msg);
    expect((err as UsageError).exitCode).toBe(2);
  });
});
