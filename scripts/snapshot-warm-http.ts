// One real GET over loopback while the startup snapshot is built (see snapshot-entry.ts), so the code a
// request runs — undici's pool, client and HTTP/1.1 parser glue, node's net and stream internals — is
// already compiled in the snapshot instead of being compiled on every command (~5 ms per run here).
//
// node has no WebAssembly while it builds a snapshot, and undici parses responses with llhttp compiled
// to WebAssembly. For this one request a stand-in parser, written here in JavaScript, reads the one
// canned response and calls undici's callbacks as llhttp would. Afterwards undici forgets it (the
// snapshot build appends that reset to undici's client-h1.js: scripts/build.mjs), so a run from the
// snapshot compiles the real llhttp on its first request, as a plain run does.
import { createServer, type AddressInfo, type Socket } from 'node:net';
// @ts-expect-error -- deep import without its own declaration (undici 7 has no "exports" map).
import connectH1 from 'undici/lib/dispatcher/client-h1.js';
// @ts-expect-error -- see above.
import undiciTimers from 'undici/lib/util/timers.js';

const BODY = JSON.stringify({
  object: 'balance',
  available: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
  connect_reserved: [{ amount: 0, currency: 'usd' }],
  livemode: false,
  pending: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
});
const RESPONSE =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nRequest-Id: req_snapshot_warm_up\r\n' +
  `Content-Length: ${Buffer.byteLength(BODY)}\r\nConnection: keep-alive\r\n\r\n${BODY}`;

type Callbacks = Record<string, (...args: number[]) => number>;

/**
 * llhttp's exports as undici's Parser uses them, for complete responses that arrive in one chunk:
 * pointers are offsets into `memory`, and each callback gets the offset and length of its bytes.
 */
function standInLlhttp(env: Callbacks) {
  const memory = { buffer: new ArrayBuffer(1 << 16) };
  let next = 8;
  return {
    memory,
    malloc(size: number): number {
      const at = next;
      next += size;
      if (next > memory.buffer.byteLength) throw new Error('snapshot warm-up: response too large for the stand-in parser');
      return at;
    },
    free() {},
    llhttp_alloc: () => 1,
    llhttp_free() {},
    llhttp_resume() {},
    llhttp_finish: () => 0,
    llhttp_get_error_pos: () => 0,
    llhttp_get_error_reason: () => 0,
    llhttp_execute(parser: number, at: number, length: number): number {
      const text = Buffer.from(new Uint8Array(memory.buffer, at, length)).toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3}) ([^\r]*)/.exec(text);
      if (headEnd < 0 || !status) throw new Error('snapshot warm-up: the stand-in parser needs a whole response in one chunk');
      env.wasm_on_message_begin!(parser);
      env.wasm_on_status!(parser, at + status[0].length - status[2]!.length, status[2]!.length);
      let offset = text.indexOf('\r\n') + 2;
      while (offset < headEnd) {
        const lineEnd = text.indexOf('\r\n', offset);
        const colon = text.indexOf(':', offset);
        let value = colon + 1;
        while (text[value] === ' ') value++;
        env.wasm_on_header_field!(parser, at + offset, colon - offset);
        env.wasm_on_header_value!(parser, at + value, lineEnd - value);
        offset = lineEnd + 2;
      }
      env.wasm_on_headers_complete!(parser, Number(status[1]), 0, 1);
      if (length > headEnd + 4) env.wasm_on_body!(parser, at + headEnd + 4, length - headEnd - 4);
      env.wasm_on_message_complete!(parser);
      return 0;
    },
  };
}

/**
 * Serves one canned balance on 127.0.0.1 and hands its URL to `request`, with the stand-in parser
 * in place. Returns false, doing nothing, where it cannot: an undici without the reset hook, a node
 * that has WebAssembly here after all, or no loopback to listen on.
 */
export async function warmHttp(request: (baseUrl: string) => Promise<void>): Promise<boolean> {
  const forget = (connectH1 as { __payctlForgetParser?: () => void }).__payctlForgetParser;
  if (typeof forget !== 'function' || 'WebAssembly' in globalThis) return false;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => socket.write(RESPONSE));
    socket.on('end', () => socket.end());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  // A build machine without a usable loopback builds the snapshot without the request.
  const listening = await new Promise<boolean>((resolve) => server.once('error', () => resolve(false)).listen(0, '127.0.0.1', () => resolve(true)));
  if (!listening) return false;
  const stand = {
    Module: class Module {},
    Instance: class Instance {
      exports: ReturnType<typeof standInLlhttp>;
      constructor(_module: unknown, imports: { env: Callbacks }) {
        this.exports = standInLlhttp(imports.env);
      }
    },
  };
  (globalThis as Record<string, unknown>).WebAssembly = stand;
  try {
    await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    delete (globalThis as Record<string, unknown>).WebAssembly;
    // Nothing of this request may be left in the snapshot: no socket, no timer, no parser.
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => setImmediate(resolve));
    forget();
    (undiciTimers as { reset(): void }).reset();
  }
  return true;
}
