// WAL checkpoints off the request path: a worker thread with its own connection to the data file copies
// committed WAL frames into the database (PASSIVE checkpoints: never blocking a writer, never waiting
// for one), so the copying and its fsyncs run beside the requests instead of inside the commit of
// whichever request crossed the autocheckpoint threshold. Durability is unchanged: a commit is durable
// once in the WAL (synchronous=NORMAL); a checkpoint only moves committed pages into the main file.
//
// The request connection keeps its `wal_autocheckpoint` as the backstop that bounds the WAL: a passive
// checkpoint alone never rewinds the WAL while writes keep arriving (SQLite restarts it only when a writer
// begins with every frame copied), so when the WAL reaches the threshold the writer's own checkpoint
// copies the few frames the worker has not yet copied, and the next transaction starts the WAL over.
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  /** Checkpoints the WAL now and resolves with the number of frames copied so far by this checkpoint. */
  checkpoint(): Promise<{ log: number; checkpointed: number }>;
  /** How many passive checkpoints the worker ran (tests). */
  runs(): Promise<number>;
  close(): Promise<void>;
}

// CommonJS, run with `eval: true`: the worker loads better-sqlite3 from where the store's own addon was found.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, typeof workerData.addon === 'string' ? { fileMustExist: true, nativeBinding: workerData.addon } : { fileMustExist: true });
let runs = 0;
let timer;
function checkpoint() {
  runs++;
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    return { log: r.log, checkpointed: r.checkpointed };
  } catch {
    return { log: -1, checkpointed: -1 };
  }
}
// Every intervalMs while frames arrive; backing off to idleMs while none do.
let last = -1;
let wait = workerData.intervalMs;
function loop() {
  const r = checkpoint();
  wait = r.log !== last ? workerData.intervalMs : Math.min(wait * 2, workerData.idleMs);
  last = r.log;
  timer = setTimeout(loop, wait);
}
timer = setTimeout(loop, wait);
parentPort.on('message', (m) => {
  if (m.op === 'checkpoint') parentPort.postMessage({ id: m.id, result: checkpoint() });
  else if (m.op === 'runs') parentPort.postMessage({ id: m.id, result: runs });
  else if (m.op === 'close') {
    clearTimeout(timer);
    try { db.close(); } catch {}
    parentPort.postMessage({ id: m.id, result: null });
    parentPort.close();
  }
});
`;

export interface CheckpointerOptions {
  /** The database file (WAL mode). */
  path: string;
  /** better-sqlite3's entry module and compiled addon, as the store found them. */
  module: string;
  addon: string | object;
  /** Pause between two passive checkpoints while commits arrive (ms); up to 200 ms while none do. */
  intervalMs?: number;
  /** Told once if the worker fails; the request connection's own checkpoints carry on regardless. */
  onError?: (err: Error) => void;
}

export function startCheckpointer(opts: CheckpointerOptions): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path: opts.path, module: opts.module, addon: typeof opts.addon === 'string' ? opts.addon : null, intervalMs: opts.intervalMs ?? 5, idleMs: Math.max(opts.intervalMs ?? 5, 200) },
  });
  // The worker must never keep a process alive that is otherwise done.
  worker.unref();
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let failed: Error | undefined;
  let exited = false;
  worker.on('message', (m: { id: number; result: unknown }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    p?.resolve(m.result);
  });
  const fail = (err: Error) => {
    if (!failed) {
      failed = err;
      opts.onError?.(err);
    }
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', () => {
    exited = true;
    if (pending.size) fail(new Error('the checkpoint worker exited'));
  });
  const ask = <T>(op: string): Promise<T> => {
    if (failed) return Promise.reject(failed);
    if (exited) return Promise.reject(new Error('the checkpoint worker has stopped'));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ op, id });
    });
  };
  let closing: Promise<void> | undefined;
  return {
    checkpoint: () => ask('checkpoint'),
    runs: () => ask('runs'),
    close() {
      closing ??= (async () => {
        if (failed || exited) return;
        try {
          await ask('close');
        } catch {
          // already gone
        }
        await worker.terminate();
      })();
      return closing;
    },
  };
}
