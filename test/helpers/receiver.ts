// A local webhook receiver on 127.0.0.1:0: records every delivery (raw body and headers) and answers
// with scripted behaviours: a status code, or 'hang' (never answers, so the sender times out).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  body: string;
  headers: IncomingMessage['headers'];
  path: string;
}

export type Behaviour = number | 'hang';

export async function startReceiver(script: Behaviour[] = [], fallback: Behaviour = 200) {
  const deliveries: Delivery[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, path: req.url ?? '/' });
      for (const w of [...waiters]) if (deliveries.length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
      const b = script.length ? script.shift()! : fallback;
      if (b === 'hang') return;
      res.writeHead(b, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  return {
    url,
    deliveries,
    script,
    /** Resolves once `n` deliveries have arrived in total. */
    waitFor(n: number, timeoutMs = 10_000): Promise<void> {
      if (deliveries.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`only ${deliveries.length} of ${n} deliveries arrived`)), timeoutMs);
        waiters.push({ n, resolve: () => { clearTimeout(t); resolve(); } });
      });
    },
    close(): Promise<void> {
      return new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
