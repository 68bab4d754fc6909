// An undici Dispatcher that hands each request to the sandbox app in this process: no socket, so no
// other local user or process can reach the embedded sandbox, and no HTTP is paid for on either side.
// The client sees what a socket would give it: status, headers and body, or a socket error for the
// drop fault, and an abort (timeout) reported at once even while the app is still working.
import { Buffer } from 'node:buffer';
import type { Dispatcher as D } from 'undici';
import { Dispatcher, wrapHandler } from '../client/undici-dispatcher.js';
import type { SandboxApp } from './app.js';

/** What undici raises when the other side closes the connection unanswered (the drop fault). */
class SocketClosedError extends Error {
  readonly code = 'UND_ERR_SOCKET';
  constructor() {
    super('other side closed');
    this.name = 'SocketError';
  }
}

class DispatcherClosedError extends Error {
  readonly code = 'UND_ERR_DESTROYED';
  constructor() {
    super('the in-process sandbox is closed');
    this.name = 'ClientDestroyedError';
  }
}

function headerRecord(h: D.DispatchOptions['headers']): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  if (!h) return out;
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
  };
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) put(String(h[i]), h[i + 1]);
  } else if (typeof (h as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [k, v] of h as Iterable<[string, unknown]>) put(k, v);
  } else {
    for (const [k, v] of Object.entries(h)) put(k, v);
  }
  return out;
}

function bodyText(body: D.DispatchOptions['body']): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  // Streams and iterables never come from payctl's client (its bodies are form-encoded strings).
  throw new TypeError('the in-process sandbox takes string or buffer bodies only');
}

class InProcessDispatcher extends Dispatcher {
  private closed = false;

  constructor(private readonly app: SandboxApp) {
    super();
  }

  override dispatch(opts: D.DispatchOptions, raw: D.DispatchHandler): boolean {
    const handler = wrapHandler(raw);
    let done = false;
    // Nothing is streamed, so pause/resume have nothing to hold back.
    const state = { aborted: false, paused: false, reason: null as Error | null };
    const controller = {
      get aborted() {
        return state.aborted;
      },
      get paused() {
        return state.paused;
      },
      get reason() {
        return state.reason;
      },
      abort(reason: Error) {
        if (done) return;
        done = true;
        state.aborted = true;
        state.reason = reason;
        handler.onResponseError?.(controller, reason);
      },
      pause() {},
      resume() {},
    } as D.DispatchController;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      handler.onResponseError?.(controller, err);
    };

    handler.onRequestStart?.(controller, {});
    if (done) return true;
    if (this.closed) {
      fail(new DispatcherClosedError());
      return true;
    }
    let body: string;
    try {
      body = bodyText(opts.body);
    } catch (err) {
      fail(err as Error);
      return true;
    }
    this.app.respond({ method: opts.method, url: opts.path, headers: headerRecord(opts.headers), body }).then(
      (res) => {
        if (done) return;
        if (res.drop) return fail(new SocketClosedError());
        const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(res.body)) };
        for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = v;
        handler.onResponseStart?.(controller, res.status, headers, '');
        if (done) return;
        if (res.body !== '') handler.onResponseData?.(controller, Buffer.from(res.body));
        if (done) return;
        done = true;
        handler.onResponseEnd?.(controller, {});
      },
      (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
    );
    return true;
  }

  override async close(): Promise<void> {
    this.closed = true;
  }

  override async destroy(): Promise<void> {
    this.closed = true;
  }
}

/** A Dispatcher for `createClient({ dispatcher })` that serves every request from `app` in-process. */
export function createInProcessDispatcher(app: SandboxApp): Dispatcher {
  return new InProcessDispatcher(app);
}
