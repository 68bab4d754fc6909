// One POST over the real network stack (node:http/https, keep-alive agents), for webhook deliveries
// and `listen` forwarding. Node's own client: nothing to load for runs that never deliver, and
// never the in-process dispatcher the CLI may use to reach an embedded sandbox.
import type { Agent as HttpAgent } from 'node:http';

export interface PostResult {
  status: number;
}

export interface Poster {
  post(url: string, body: string, headers: Record<string, string>, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<PostResult>;
  close(): void;
}

/** Network errors come back as `CODE: message`; a timeout as `timed out after N ms`. */
export class PostError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

const MAX_RESPONSE = 64 * 1024;

export function createPoster(opts: { rejectUnauthorized?: boolean; maxSockets?: number } = {}): Poster {
  let agents: Promise<{ http: HttpAgent; https: HttpAgent; mods: { http: typeof import('node:http'); https: typeof import('node:https') } }> | undefined;
  const load = () =>
    (agents ??= Promise.all([import('node:http'), import('node:https')]).then(([http, https]) => ({
      http: new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16 }),
      https: new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 16, rejectUnauthorized: opts.rejectUnauthorized ?? true }),
      mods: { http, https },
    })));
  return {
    async post(url, body, headers, o) {
      const a = await load();
      const u = new URL(url);
      const secure = u.protocol === 'https:';
      const request = secure ? a.mods.https.request : a.mods.http.request;
      return new Promise<PostResult>((resolve, reject) => {
        const req = request(u, {
          method: 'POST',
          agent: secure ? a.https : a.http,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          signal: o.signal,
        });
        const timer = setTimeout(() => req.destroy(new PostError(`timed out after ${o.timeoutMs} ms`, true)), o.timeoutMs);
        req.on('response', (res) => {
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE) res.destroy();
          });
          const done = () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0 });
          };
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        });
        req.on('error', (err: Error & { code?: string }) => {
          clearTimeout(timer);
          if (err instanceof PostError) reject(err);
          else reject(new PostError(err.code ? `${err.code}: ${err.message}` : err.message));
        });
        req.end(body);
      });
    },
    close() {
      void agents?.then((a) => {
        a.http.destroy();
        a.https.destroy();
      });
    },
  };
}
