// The sandbox's persistent store: every Stripe object of every account in one SQLite table,
// plus per-account meta, events and idempotency records. One BEGIN IMMEDIATE transaction per request.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dlopen } from 'node:process';
import { fileURLToPath } from 'node:url';
import type { Ids, ListQuery, Page, RangeFilter, StripeObject, Tx } from '../core/types.js';
import type { SearchClause, SearchPredicate } from '../core/search.js';
import { createIds } from '../core/ids.js';
import { OUTBOX_SCHEMA, createOutbox, type Outbox } from '../webhooks/outbox.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';

export const DEFAULT_API_VERSION = '2026-10-28.endive';

/** Who is asking: stamped on events (`request.id`, `request.idempotency_key`, `api_version`). */
export interface RequestScope {
  requestId?: string;
  idempotencyKey?: string;
  stripeVersion?: string;
  /** Overrides the store's id generator for this transaction (tests inject deterministic ids). */
  ids?: Ids;
}

export interface IdempotencyRecord {
  key: string;
  method: string;
  path: string;
  paramsHash: string;
  /** null while the first request is still executing. */
  status: number | null;
  body: string | null;
  /** Request-Id of the first execution (replayed as `Original-Request`). */
  requestId: string;
  /** Wall-clock ms when first seen (retention is measured from here). */
  created: number;
  /** Wall-clock ms after which an unfinished record counts as abandoned (its process died). */
  lockedUntil: number;
}

/** The transaction handed to the sandbox core: the public Tx plus idempotency bookkeeping. */
export interface StoreTx extends Tx {
  /** Wall clock in ms (not shifted by the sandbox clock): idempotency retention and leases. */
  wallMs(): number;
  idempotencyGet(key: string): IdempotencyRecord | undefined;
  idempotencyPut(rec: IdempotencyRecord): void;
  idempotencyDelete(key: string): void;
}

export interface StoreStats {
  path: string | null;
  sizeBytes: number;
  accounts: number;
  objects: Record<string, number>;
  events: number;
  idempotencyKeys: number;
}

export interface Store {
  readonly path: string | null;
  /** Runs fn in one BEGIN IMMEDIATE transaction for `account`. A thrown error rolls back, unless it
   *  carries `commit: true` (StripeError for execution-time failures): then it commits and rethrows. */
  transaction<T>(account: string, fn: (tx: StoreTx) => T, scope?: RequestScope): T;
  /** Deletes idempotency records first seen before `beforeMs` (wall clock). */
  pruneIdempotency(beforeMs: number): number;
  close(): void;
  /** Wipes all data of all accounts. */
  reset(): void;
  stats(): StoreStats;
  /** Webhook deliveries still to make (rows written with their events; see webhooks/outbox.ts). */
  readonly outbox: Outbox;
  /**
   * Long-running servers: checkpoints the WAL from a worker thread (see store/checkpointer.ts) and lets
   * the WAL grow to ~64 MB before a commit checkpoints inline. Undefined for an in-memory store.
   */
  startCheckpointer(opts?: { intervalMs?: number; onError?: (err: Error) => void }): Checkpointer | undefined;
}

/** WAL pages after which a commit checkpoints inline: alone, and as the backstop beside a checkpoint worker. */
const AUTOCHECKPOINT_PAGES = 4000;
const AUTOCHECKPOINT_PAGES_WITH_WORKER = 16000;

export interface OpenStoreOptions {
  path?: string;
  memory?: boolean;
  /** Wall clock in milliseconds (Date.now). A value below 1e11 is taken as seconds, so tests may pass either. */
  wallClock?: () => number;
  ids?: Ids;
}

// `seq` is the rowid (no AUTOINCREMENT: it costs a sqlite_sequence write per insert; a reused seq can only
// follow deletion of the newest row, which keeps ordering intact). The index serves newest-first listing.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, type TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS objects_list ON objects (account, type, created, seq);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, type TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_list ON events (account, type, created, seq);
CREATE TABLE IF NOT EXISTS meta (account TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (account, key)) WITHOUT ROWID;
-- A rowid table (appends stay sequential) with a small unique index: far fewer pages written per
-- commit than a WITHOUT ROWID table keyed by random idempotency keys.
CREATE TABLE IF NOT EXISTS idempotency (account TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL,
  path TEXT NOT NULL, params_hash TEXT NOT NULL, status INTEGER, body TEXT, request_id TEXT NOT NULL,
  created INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS idempotency_key ON idempotency (account, key);
`;

/**
 * Top-level fields that list filters and the tick match on equality, exposed as VIRTUAL generated columns
 * (`f_<field>` = `json_extract(data, '$.<field>')`, computed by SQLite itself, so exact for every row, even
 * rows written by an older payctl that does not know them) with partial indexes ordered like `objects_list`.
 * A filter `field = ?` then walks only the matching rows, newest first; rows without the field cost no
 * index entry. Adding a field here is a migration: bump SCHEMA_VERSION.
 */
export const INDEXED_FIELDS = ['customer', 'status', 'payment_intent', 'charge', 'type', 'invoice'] as const;
const INDEXED = new Set<string>(INDEXED_FIELDS);
const col = (field: string) => `f_${field}`;

/**
 * Search keys (schema v4): per searched field, a VIRTUAL generated column holding the value as the search
 * language compares it, so a clause becomes SQL on an index instead of a decode of every object.
 * - string: the lower-cased text when it is printable ASCII (SQLite's lower() and JavaScript's
 *   toLowerCase() agree exactly there); token: the text; numeric: the number (integers within ±2^53);
 * - NULL when the field is absent or JSON null;
 * - otherwise the sentinel x'00' (a blob: never equal to any bound text or number): non-ASCII text,
 *   booleans, objects, numbers in a text field… Rows with a sentinel are candidates of every clause on
 *   that field and are decided by the query's own JavaScript matcher, so answers never depend on
 *   SQLite's idea of case or number formatting.
 * One covering partial index per family of types searched the most (one more B-tree write per insert,
 * not one per field): led by the key worth seeking (customers' email, payments' customer), then
 * `created, seq, id`, then the other keys, so any other clause scans index entries, never rows.
 * Other types compute the same keys inline.
 */
type SearchKeyKind = 'string' | 'token' | 'numeric';
const SEARCH_KEYS: ReadonlyArray<{ field: string; kind: SearchKeyKind; types: readonly string[] }> = [
  { field: 'email', kind: 'string', types: ['customer'] },
  { field: 'name', kind: 'string', types: ['customer'] },
  { field: 'status', kind: 'token', types: ['charge', 'payment_intent'] },
  { field: 'customer', kind: 'token', types: ['charge', 'payment_intent'] },
  { field: 'amount', kind: 'numeric', types: ['charge', 'payment_intent'] },
];
/** `s_metadata`: the metadata object as JSON text, so `metadata['k']` reads a small text, not the object. */
const METADATA_TYPES: readonly string[] = ['customer', 'charge', 'payment_intent'];
const SEARCH_INDEXES: ReadonlyArray<{ name: string; types: readonly string[]; lead: string; rest: readonly string[] }> = [
  { name: 'objects_search_customers', types: ['customer'], lead: 'email', rest: ['name', 'metadata'] },
  { name: 'objects_search_payments', types: ['charge', 'payment_intent'], lead: 'customer', rest: ['status', 'amount', 'metadata'] },
];
const SENTINEL = "x'00'";
/** Text whose search key is its lower-cased self (see searchKeyExpr); any other text's key is the sentinel. */
const PRINTABLE_ASCII = /^[ -~]*$/;
const MAX_SAFE = 9007199254740991;

/** The search key of a value whose JSON type is `t` and SQL value is `v` (SQL expressions). */
function searchKeyExpr(kind: SearchKeyKind, t: string, v: string): string {
  const absent = `WHEN ${t} IS NULL OR ${t} = 'null' THEN NULL`;
  switch (kind) {
    case 'string':
      return `(CASE WHEN ${t} = 'text' THEN (CASE WHEN ${v} GLOB '*[^ -~]*' THEN ${SENTINEL} ELSE lower(${v}) END) ${absent} ELSE ${SENTINEL} END)`;
    case 'token':
      return `(CASE WHEN ${t} = 'text' THEN ${v} ${absent} ELSE ${SENTINEL} END)`;
    case 'numeric':
      return `(CASE WHEN ${t} = 'real' OR (${t} = 'integer' AND ${v} BETWEEN -${MAX_SAFE} AND ${MAX_SAFE}) THEN ${v} ${absent} ELSE ${SENTINEL} END)`;
  }
}
const skey = (field: string) => `s_${field}`;
// `type = 'a' OR type = 'b'`, not `type IN (…)`: SQLite proves a query's `type = 'a'` implies only the former.
const typeFilter = (types: readonly string[]) => types.map((t) => `type = '${t}'`).join(' OR ');
/** Type names inlined into search SQL (so partial indexes on `type IN (…)` apply) must be plain words. */
const TYPE_RE = /^[a-z_.]+$/;
/** Metadata keys addressed by a quoted JSON path label; other keys are left to the JavaScript matcher. */
const PLAIN_KEY_RE = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;

const SCHEMA_VERSION = 4;
const CLOCK_OFFSET = 'clock_offset';
const FIELD_RE = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

function tableFor(type: string): 'objects' | 'events' {
  return type === 'event' ? 'events' : 'objects';
}

function jsonPath(field: string): string {
  if (!FIELD_RE.test(field)) throw new Error(`invalid filter field: ${field}`);
  return '$.' + field;
}

function sqlValue(v: string | number | boolean): string | number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

let addon: string | object | undefined;

const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

/**
 * better-sqlite3's compiled addon, passed to it explicitly because payctl's bundle includes
 * better-sqlite3's JavaScript, from where its own loader (the `bindings` package) could not find the
 * package. Where npm installs it — looked for in each `node_modules` up from this file, with one stat
 * per level, as node's resolution would find it — it is loaded with dlopen directly: going through
 * require() costs ~2.5 ms more per embedded command (resolving and realpath-ing an absolute path).
 * Else the path node resolves, else what `bindings` finds from the package's directory.
 */
function nativeAddon(): string | object {
  if (addon === undefined) {
    const path = addonPath();
    if (path !== undefined) {
      const module = { exports: {} };
      dlopen(module, path);
      addon = module.exports;
    } else {
      const root = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      const bindings = createRequire(join(root, 'package.json'))('bindings') as (o: { bindings: string; module_root: string }) => object;
      addon = bindings({ bindings: 'better_sqlite3.node', module_root: root });
    }
  }
  return addon;
}

let foundAddonPath: string | null | undefined;

/** Where npm put the addon: the first `node_modules` up from this file that has it, else node's resolution; undefined if neither. */
function addonPath(): string | undefined {
  if (foundAddonPath === undefined) {
    foundAddonPath = null;
    for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      if (isFile(candidate)) {
        foundAddonPath = candidate;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    if (foundAddonPath === null) {
      try {
        foundAddonPath = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
      } catch {
        // left to better-sqlite3's own loader
      }
    }
  }
  return foundAddonPath ?? undefined;
}

/**
 * better-sqlite3's entry module and compiled addon, for another thread opening the same file
 * (checkpointer.ts): the addon's path where npm put it, else whatever this thread loaded it from.
 */
export function sqliteModules(): { module: string; addon: string | object } {
  return { module: createRequire(import.meta.url).resolve('better-sqlite3'), addon: addonPath() ?? nativeAddon() };
}

/**
 * One clause as a WHERE term over its search key: true for rows that match, or whose key is the sentinel
 * (decided afterwards by the matcher); false or NULL for rows that cannot match.
 */
function clauseSql(c: SearchClause, key: string, sentinel: boolean, param: (v: unknown) => string): string {
  let exact: string;
  if (c.value === null) exact = `(${key} IS NULL OR ${key} = '')`;
  else if (c.kind === 'numeric') exact = `${key} ${c.op === ':' ? '=' : c.op} ${param(c.value)}`;
  else if (c.kind === 'string') {
    const v = param(String(c.value).toLowerCase());
    exact = c.op === '~' ? `instr(${key}, ${v}) > 0` : `${key} = ${v}`;
  } else exact = `${key} = ${param(String(c.value))}`;
  const maybe = sentinel ? ` OR ${key} IS ${SENTINEL}` : '';
  if (c.negate) return `(NOT IFNULL(${exact}, 0)${maybe})`;
  // `key IN (v, sentinel)` keeps an equality a single index lookup.
  if (c.value !== null && c.op === ':' && c.kind !== 'numeric' && sentinel && key !== SENTINEL) {
    return `${exact.replace(/ = (@p\d+)$/, ` IN ($1, ${SENTINEL})`)}`;
  }
  return `(${exact}${maybe})`;
}

/** The SQL search key a clause compares (a column when indexed for the type) and whether it can be the sentinel. */
/**
 * The SQL search key a clause compares (a column when indexed for the type), whether it can be the
 * sentinel, and whether the type's search index holds it.
 */
function searchKey(type: string, c: SearchClause, param: (v: unknown) => string): { key: string; sentinel: boolean; indexed?: boolean; pre?: string } {
  if (c.kind === 'metadata') {
    const indexed = METADATA_TYPES.includes(type);
    const m = indexed ? 's_metadata' : `(data -> '$.metadata')`;
    if (!PLAIN_KEY_RE.test(c.metadataKey!)) return { key: SENTINEL, sentinel: true };
    const p = param(`$."${c.metadataKey}"`);
    const key = searchKeyExpr('token', `json_type(${m}, ${p})`, `json_extract(${m}, ${p})`);
    // `metadata['k']:'v'` can only match a metadata text containing v (a string value is written as is:
    // v has nothing JSON escapes), or one with a number, array or object value (their String() is not
    // their JSON) or an escape: a cheap test first, so the JSON is parsed only for those rows.
    const pre =
      c.op === ':' && typeof c.value === 'string' && !c.negate && PLAIN_KEY_RE.test(c.value)
        ? `(instr(${m}, ${param(c.value)}) > 0 OR ${m} GLOB '*:[[{0-9-]*' OR instr(${m}, '\\') > 0)`
        : undefined;
    return { key, sentinel: true, indexed, pre };
  }
  if (c.field === 'created') return { key: 'created', sentinel: false };
  const k = SEARCH_KEYS.find((x) => x.field === c.field && x.kind === c.kind && x.types.includes(type));
  if (k) return { key: skey(k.field), sentinel: true, indexed: true };
  const p = param(jsonPath(c.field));
  return { key: searchKeyExpr(c.kind, `json_type(data, ${p})`, `json_extract(data, ${p})`), sentinel: true };
}

/**
 * A search query as one SELECT of `(id, chk)` rows, newest first: every row that matches, plus rows whose
 * `chk` is set (a sentinel key) that the caller must test with the query's matcher. Null for types kept
 * outside the objects table (events): those are scanned. A query reading a key of its type's search index
 * runs on that index (INDEXED BY: without statistics the planner would walk `objects_list` for the ORDER BY
 * and decode every row): a seek on the leading key, else a scan of index entries, never of rows.
 */
export function compileSearch(account: string, type: string, q: Pick<SearchPredicate, 'mode' | 'clauses'>): { sql: string; args: Record<string, unknown> } | null {
  if (tableFor(type) !== 'objects' || !TYPE_RE.test(type)) return null;
  const args: Record<string, unknown> = { account };
  let n = 0;
  const param = (v: unknown): string => {
    const name = `p${n++}`;
    args[name] = v;
    return `@${name}`;
  };
  const conds: string[] = [];
  const maybes: string[] = [];
  let useIndex = false;
  for (const c of q.clauses) {
    const { key, sentinel, indexed, pre } = searchKey(type, c, param);
    conds.push(pre ? `(${pre} AND ${clauseSql(c, key, sentinel, param)})` : clauseSql(c, key, sentinel, param));
    if (sentinel) maybes.push(`${key} IS ${SENTINEL}`);
    if (indexed) useIndex = true;
  }
  const where = q.mode === 'and' ? conds.join(' AND ') : `(${conds.join(' OR ')})`;
  const index = useIndex ? SEARCH_INDEXES.find((x) => x.types.includes(type)) : undefined;
  const from = index ? `objects INDEXED BY ${index.name}` : 'objects';
  const sql = `SELECT id, ${maybes.length ? maybes.join(' OR ') : '0'} AS chk FROM ${from} WHERE account = @account AND type = '${type}' AND ${where} ORDER BY created DESC, seq DESC`;
  return { sql, args };
}

export function openStore(opts: OpenStoreOptions): Store {
  const memory = opts.memory || !opts.path;
  const db = new Database(memory ? ':memory:' : opts.path!, { nativeBinding: nativeAddon() } as Database.Options);
  if (!memory) {
    // WAL lets readers run beside the writer and other processes (CLI embedded mode + `serve`).
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL: a commit survives a process crash (it is in the WAL file); only an OS crash or
    // power loss can lose the last commits. That is the durability a local sandbox needs, at ~10x FULL's speed.
    db.pragma('synchronous = NORMAL');
    // Checkpoint (two fsyncs each) every ~16 MB of WAL instead of the default 4 MB: fewer stalls on this
    // disk (in-process 8k → 12k write tx/s) while keeping each stall short. The WAL is cut back to 64 MB.
    // A server moves checkpoints to a worker thread (startCheckpointer below).
    db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    db.pragma('journal_size_limit = 67108864');
  }
  db.pragma('busy_timeout = 5000');
  if ((db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION) {
    // Under a write lock and re-checked, so two processes opening a new file do not both migrate.
    db.exec('BEGIN IMMEDIATE');
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version < SCHEMA_VERSION) {
        // v1 kept idempotency in a WITHOUT ROWID table; its records are disposable, so recreate it.
        if (version < 2) db.exec('DROP TABLE IF EXISTS idempotency');
        db.exec(SCHEMA);
        // v3: generated columns and their partial indexes (ALTER TABLE may add VIRTUAL generated columns;
        // SQLite computes them for existing rows as the indexes are built, in this one transaction).
        const have = new Set((db.pragma('table_info(objects)') as Array<{ name: string }>).map((c) => c.name));
        const xinfo = new Set((db.pragma('table_xinfo(objects)') as Array<{ name: string }>).map((c) => c.name));
        for (const f of INDEXED_FIELDS) {
          if (have.has(col(f)) || xinfo.has(col(f))) continue;
          db.exec(`ALTER TABLE objects ADD COLUMN ${col(f)} GENERATED ALWAYS AS (json_extract(data, '$.${f}')) VIRTUAL`);
        }
        for (const f of INDEXED_FIELDS) {
          db.exec(`CREATE INDEX IF NOT EXISTS objects_${f} ON objects (account, type, ${col(f)}, created, seq) WHERE ${col(f)} IS NOT NULL`);
        }
        // v4: search keys (see SEARCH_KEYS).
        for (const k of SEARCH_KEYS) {
          if (!xinfo.has(skey(k.field))) {
            const p = `'$.${k.field}'`;
            db.exec(`ALTER TABLE objects ADD COLUMN ${skey(k.field)} GENERATED ALWAYS AS ${searchKeyExpr(k.kind, `json_type(data, ${p})`, `json_extract(data, ${p})`)} VIRTUAL`);
          }
        }
        if (!xinfo.has('s_metadata')) db.exec(`ALTER TABLE objects ADD COLUMN s_metadata GENERATED ALWAYS AS (data -> '$.metadata') VIRTUAL`);
        for (const x of SEARCH_INDEXES) {
          const cols = [skey(x.lead), 'created', 'seq', 'id', ...x.rest.map(skey)].join(', ');
          db.exec(`CREATE INDEX IF NOT EXISTS ${x.name} ON objects (account, type, ${cols}) WHERE ${typeFilter(x.types)}`);
        }
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      }
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }

  // Outside the versioned migration (CREATE … IF NOT EXISTS), so other schema bumps need not know of it.
  db.exec(OUTBOX_SCHEMA);

  const rawClock = opts.wallClock ?? Date.now;
  const wallMs = () => {
    const t = rawClock();
    return t < 1e11 ? t * 1000 : t;
  };
  const defaultIds = opts.ids ?? createIds();

  // Prepared statements are created on first use and cached, so opening the store stays fast.
  const cache = new Map<string, Database.Statement>();
  const stmt = (sql: string): Database.Statement => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const outbox = createOutbox(db, stmt, wallMs);
  // Set when a transaction queued a delivery or moved a clock: the worker is told after COMMIT.
  let outboxDirty = false;

  class SqliteTx implements StoreTx {
    readonly livemode = false as const;
    readonly ids: Ids;
    private offset: number | undefined;
    /** Meta values read or written in this transaction (the transaction holds the write lock: no one else writes). */
    private meta: Map<string, string | undefined> | undefined;
    constructor(
      readonly account: string,
      private readonly scope: RequestScope,
    ) {
      this.ids = scope.ids ?? defaultIds;
    }

    wallMs(): number {
      return wallMs();
    }

    now(): number {
      if (this.offset === undefined) this.offset = Number(this.getMeta(CLOCK_OFFSET) ?? 0);
      return Math.floor(wallMs() / 1000) + this.offset;
    }

    /**
     * Objects inserted by this transaction and not yet written, by id, in insertion order (so `seq` order
     * is kept). An update before the write replaces the stored text, so an object created and then
     * changed in one request (a PaymentIntent confirmed at creation) is written once. Every query other
     * than a lookup by id writes them first, and so does the commit.
     */
    private pending: Map<string, { type: string; created: number; text: string }> | undefined;

    /** Writes the pending objects (before any query that could see them, and before COMMIT). */
    flush(): void {
      const rows = this.pending;
      if (!rows) return;
      this.pending = undefined;
      const s = stmt('INSERT INTO objects (account, type, id, created, data) VALUES (?, ?, ?, ?, ?)');
      for (const [id, r] of rows) s.run(this.account, r.type, id, r.created, r.text);
    }

    get<T extends StripeObject = StripeObject>(type: string, id: string): T | undefined {
      const p = tableFor(type) === 'objects' ? this.pending?.get(id) : undefined;
      if (p) return p.type === type ? (JSON.parse(p.text) as T) : undefined;
      const row = stmt(`SELECT data FROM ${tableFor(type)} WHERE id = ? AND account = ? AND type = ?`).get(id, this.account, type) as
        | { data: string }
        | undefined;
      return row ? (JSON.parse(row.data) as T) : undefined;
    }

    insert<T extends StripeObject>(type: string, obj: T): T {
      if (obj.created === undefined) (obj as StripeObject).created = this.now();
      // The text is taken now: later changes to obj are stored only by update(), as before.
      const text = JSON.stringify(obj);
      const table = tableFor(type);
      if (table === 'objects') {
        const pending = (this.pending ??= new Map());
        if (!pending.has(obj.id)) {
          pending.set(obj.id, { type, created: obj.created as number, text });
          return obj;
        }
        // The same id twice: write the first, so the insert below fails as SQLite fails it.
        this.flush();
      }
      stmt(`INSERT INTO ${table} (account, type, id, created, data) VALUES (?, ?, ?, ?, ?)`).run(this.account, type, obj.id, obj.created, text);
      return obj;
    }

    update<T extends StripeObject>(type: string, obj: T): T {
      const text = JSON.stringify(obj);
      const p = tableFor(type) === 'objects' ? this.pending?.get(obj.id) : undefined;
      if (p?.type === type) {
        p.text = text;
        return obj;
      }
      if (p) this.flush();
      const r = stmt(`UPDATE ${tableFor(type)} SET data = ? WHERE id = ? AND account = ? AND type = ?`).run(
        text,
        obj.id,
        this.account,
        type,
      );
      if (r.changes === 0) throw new Error(`update of a missing ${type}: ${obj.id}`);
      return obj;
    }

    remove(type: string, id: string): void {
      this.flush();
      stmt(`DELETE FROM ${tableFor(type)} WHERE id = ? AND account = ? AND type = ?`).run(id, this.account, type);
    }

    /** WHERE terms (account, type and every filter of q) and their arguments; null when nothing can match. */
    private filters(table: string, type: string, q: Pick<ListQuery, 'where' | 'whereIn' | 'ranges' | 'created' | 'wherePrefix'>): { conds: string[]; args: unknown[]; index?: string } | null {
      const conds = ['account = ?', 'type = ?'];
      const args: unknown[] = [this.account, type];
      let index: string | undefined;
      const addRange = (expr: string, r: RangeFilter, pathArg?: string) => {
        const ops: Array<[keyof RangeFilter, string]> = [['eq', '='], ['gt', '>'], ['gte', '>='], ['lt', '<'], ['lte', '<=']];
        for (const [k, op] of ops) {
          if (r[k] === undefined) continue;
          conds.push(`${expr} ${op} ?`);
          if (pathArg !== undefined) args.push(pathArg);
          args.push(r[k]);
        }
      };
      if (q.created) addRange('created', q.created);
      for (const [field, r] of Object.entries(q.ranges ?? {})) {
        if (field === 'created') addRange('created', r);
        else addRange('json_extract(data, ?)', r, jsonPath(field));
      }
      // An indexed field reads its generated column (the same json_extract value, so the same rows);
      // other fields bind the JSON path. `expr` returns the SQL and pushes the path argument if any.
      const expr = (field: string): string => {
        if (table === 'objects' && INDEXED.has(field)) return col(field);
        args.push(jsonPath(field));
        return 'json_extract(data, ?)';
      };
      for (const [field, v] of Object.entries(q.where ?? {})) {
        if (v === null) {
          conds.push(`${expr(field)} IS NULL`);
        } else {
          conds.push(`${expr(field)} = ?`);
          args.push(sqlValue(v));
          // A text field whose search key leads a search index (customers' email): the key narrows the
          // rows to the few whose lower-cased value matches, through that index (named: without
          // statistics SQLite would rather walk the list index for its order), and the exact test
          // above decides (20k customers in one account: 25 ms → 0.1 ms a query, in process).
          const keyed = table === 'objects' && index === undefined && TYPE_RE.test(type) && SEARCH_KEYS.some((k) => k.field === field && k.kind === 'string' && k.types.includes(type));
          const by = keyed ? SEARCH_INDEXES.find((x) => x.lead === field && x.types.includes(type)) : undefined;
          if (by && typeof v === 'string') {
            index = by.name;
            if (conds[1] === 'type = ?') {
              conds[1] = `type = '${type}'`; // inlined, so the index (partial on the type) applies
              args.splice(1, 1);
            }
            if (PRINTABLE_ASCII.test(v)) {
              conds.push(`${skey(field)} IN (?, ${SENTINEL})`);
              args.push(v.toLowerCase());
            } else {
              conds.push(`${skey(field)} = ${SENTINEL}`);
            }
          }
        }
      }
      for (const [field, values] of Object.entries(q.whereIn ?? {})) {
        if (values.length === 0) return null;
        conds.push(`${expr(field)} IN (${values.map(() => '?').join(', ')})`);
        args.push(...values);
      }
      for (const [field, prefix] of Object.entries(q.wherePrefix ?? {})) {
        conds.push(`substr(${expr(field)}, 1, ?) = ?`);
        args.push(prefix.length, prefix);
      }
      return { conds, args, index };
    }

    min(type: string, field: string, q: Pick<ListQuery, 'where' | 'whereIn' | 'ranges' | 'created'>): number | undefined {
      this.flush();
      const table = tableFor(type);
      const f = this.filters(table, type, q);
      if (!f) return undefined;
      const args = field === 'created' ? f.args : [jsonPath(field), ...f.args];
      const row = stmt(`SELECT MIN(${field === 'created' ? 'created' : 'json_extract(data, ?)'}) AS m FROM ${table} WHERE ${f.conds.join(' AND ')}`).get(...args) as { m: number | null };
      return row.m === null ? undefined : Number(row.m);
    }

    list<T extends StripeObject = StripeObject>(type: string, q: ListQuery): Page<T> {
      this.flush();
      const table = tableFor(type);
      const f = this.filters(table, type, q);
      if (!f) return { data: [], hasMore: false };
      const { conds, args } = f;
      // Cursors compare (created, seq) against the cursor object's own, so ties in `created` page correctly.
      const backwards = q.endingBefore !== undefined;
      const cursor = q.endingBefore ?? q.startingAfter;
      if (cursor !== undefined) {
        conds.push(`(created, seq) ${backwards ? '>' : '<'} (SELECT created, seq FROM ${table} WHERE id = ? AND account = ?)`);
        args.push(cursor, this.account);
      }
      const order = backwards ? 'created ASC, seq ASC' : 'created DESC, seq DESC';
      const sql = `SELECT data FROM ${table}${f.index ? ` INDEXED BY ${f.index}` : ''} WHERE ${conds.join(' AND ')} ORDER BY ${order} LIMIT ?`;
      args.push(q.limit + 1);
      const raw = stmt(sql).pluck(true).all(...args) as string[];
      const hasMore = raw.length > q.limit;
      if (hasMore) raw.length = q.limit;
      if (backwards) raw.reverse(); // pages are newest-first in both directions
      // Decoded on first use: a list response splices the stored text in and never needs the objects.
      let data: T[] | undefined;
      return {
        get data(): T[] {
          return (data ??= raw.map((text) => JSON.parse(text) as T));
        },
        set data(v: T[]) {
          data = v;
        },
        hasMore,
        raw,
      };
    }

    scan<T extends StripeObject = StripeObject>(type: string, filter?: (o: T) => boolean): T[] {
      this.flush();
      const out: T[] = [];
      const it = stmt(`SELECT data FROM ${tableFor(type)} WHERE account = ? AND type = ? ORDER BY created DESC, seq DESC`).iterate(
        this.account,
        type,
      ) as IterableIterator<{ data: string }>;
      for (const row of it) {
        const o = JSON.parse(row.data) as T;
        if (!filter || filter(o)) out.push(o);
      }
      return out;
    }

    scanIds(type: string, fields: readonly string[], filter: (values: unknown[]) => boolean): string[] {
      this.flush();
      // `data -> '$.a.b'` is the JSON text at the path (NULL when any step is missing or not an object),
      // so JSON.parse gives exactly the value a walk of the decoded object would find.
      const cols = fields.map((f) => `data -> '${jsonPath(f)}'`);
      const s = stmt(
        `SELECT id${cols.map((c) => `, ${c}`).join('')} FROM ${tableFor(type)} WHERE account = ? AND type = ? ORDER BY created DESC, seq DESC`,
      );
      const out: string[] = [];
      const values: unknown[] = new Array(fields.length);
      for (const row of s.raw(true).iterate(this.account, type) as IterableIterator<Array<string | null>>) {
        for (let i = 0; i < fields.length; i++) {
          const v = row[i + 1];
          values[i] = v === null || v === undefined ? undefined : JSON.parse(v);
        }
        if (filter(values)) out.push(row[0]!);
      }
      return out;
    }

    searchIds(type: string, q: Pick<SearchPredicate, 'mode' | 'clauses' | 'matches'>, max = Infinity): string[] {
      this.flush();
      const compiled = compileSearch(this.account, type, q);
      if (!compiled) return this.scan(type, q.matches).map((o) => o.id).slice(0, max);
      const out: string[] = [];
      if (max <= 0) return out;
      // Rows stream from SQLite's sorter: a first page stops reading after `max` ids.
      for (const [id, chk] of stmt(compiled.sql).raw(true).iterate(compiled.args) as IterableIterator<[string, number]>) {
        // Rows with a sentinel key: the SQL cannot decide them, the query's matcher does.
        if (!chk || q.matches(this.get(type, id)!)) {
          out.push(id);
          if (out.length >= max) break;
        }
      }
      return out;
    }

    emit(eventType: string, obj: StripeObject, previousAttributes?: Record<string, unknown>): void {
      const data: Record<string, unknown> = { object: obj };
      if (previousAttributes) data.previous_attributes = previousAttributes;
      const event: StripeObject = {
        id: this.ids.make('evt', 24),
        object: 'event',
        api_version: this.scope.stripeVersion ?? DEFAULT_API_VERSION,
        created: this.now(),
        data,
        livemode: false,
        pending_webhooks: 0,
        request: { id: this.scope.requestId ?? null, idempotency_key: this.scope.idempotencyKey ?? null },
        type: eventType,
      };
      // Queued in this same transaction: the event and its deliveries commit (or roll back) together.
      // The outbox reads the account's webhook endpoints from the objects table.
      if (this.pending) for (const r of this.pending.values()) if (r.type === 'webhook_endpoint') {
        this.flush();
        break;
      }
      const queued = outbox.enqueue(this.account, event);
      if (queued > 0) {
        event.pending_webhooks = queued;
        outboxDirty = true;
      }
      this.insert('event', event);
    }

    getMeta(key: string): string | undefined {
      // Point lookups, each value read once per transaction. (One `key IN (…)` query for the keys every
      // request reads measured slower than three lookups: SQLite builds a temporary index for the list.)
      const meta = (this.meta ??= new Map());
      if (meta.has(key)) return meta.get(key);
      const row = stmt('SELECT value FROM meta WHERE account = ? AND key = ?').get(this.account, key) as { value: string } | undefined;
      meta.set(key, row?.value);
      return row?.value;
    }

    setMeta(key: string, value: string): void {
      stmt('INSERT INTO meta (account, key, value) VALUES (?, ?, ?) ON CONFLICT (account, key) DO UPDATE SET value = excluded.value').run(
        this.account,
        key,
        value,
      );
      this.meta?.set(key, value);
      if (key === CLOCK_OFFSET) {
        this.offset = Number(value);
        outboxDirty = true;
      }
    }

    idempotencyGet(key: string): IdempotencyRecord | undefined {
      const row = stmt(
        'SELECT key, method, path, params_hash, status, body, request_id, created, locked_until FROM idempotency WHERE account = ? AND key = ?',
      ).get(this.account, key) as
        | { key: string; method: string; path: string; params_hash: string; status: number | null; body: string | null; request_id: string; created: number; locked_until: number }
        | undefined;
      if (!row) return undefined;
      return {
        key: row.key,
        method: row.method,
        path: row.path,
        paramsHash: row.params_hash,
        status: row.status,
        body: row.body,
        requestId: row.request_id,
        created: row.created,
        lockedUntil: row.locked_until,
      };
    }

    idempotencyPut(r: IdempotencyRecord): void {
      stmt(
        'INSERT OR REPLACE INTO idempotency (account, key, method, path, params_hash, status, body, request_id, created, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(this.account, r.key, r.method, r.path, r.paramsHash, r.status, r.body, r.requestId, r.created, r.lockedUntil);
    }

    idempotencyDelete(key: string): void {
      stmt('DELETE FROM idempotency WHERE account = ? AND key = ?').run(this.account, key);
    }
  }

  const store: Store = {
    path: memory ? null : opts.path!,
    outbox,
    transaction<T>(account: string, fn: (tx: StoreTx) => T, scope: RequestScope = {}): T {
      if (db.inTransaction) throw new Error('store.transaction is not re-entrant');
      stmt('BEGIN IMMEDIATE').run();
      outboxDirty = false;
      let result: T;
      const tx = new SqliteTx(account, scope);
      try {
        result = fn(tx);
      } catch (err) {
        if (db.inTransaction) {
          if ((err as { commit?: unknown } | null)?.commit === true) {
            try {
              tx.flush();
            } catch (flushErr) {
              stmt('ROLLBACK').run();
              throw flushErr;
            }
            stmt('COMMIT').run();
            if (outboxDirty) outbox.notify();
          } else stmt('ROLLBACK').run();
        }
        throw err;
      }
      try {
        tx.flush();
        stmt('COMMIT').run();
      } catch (err) {
        if (db.inTransaction) stmt('ROLLBACK').run();
        throw err;
      }
      if (outboxDirty) outbox.notify();
      return result;
    },
    pruneIdempotency(beforeMs: number): number {
      // Rows are appended in time order (rowid), so expired ones sit at the front: delete them in
      // small batches from there instead of scanning (or indexing) `created`.
      const batch = stmt('DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM idempotency ORDER BY rowid LIMIT 500) AND created < ?');
      let total = 0;
      for (let i = 0; i < 20; i++) {
        const n = batch.run(beforeMs).changes;
        total += n;
        if (n < 500) break;
      }
      return total;
    },
    startCheckpointer(o = {}): Checkpointer | undefined {
      if (memory) return undefined;
      let modules: ReturnType<typeof sqliteModules>;
      try {
        modules = sqliteModules();
      } catch (err) {
        // better-sqlite3 not loadable by path (it is in this process): checkpoints stay inline.
        o.onError?.(err as Error);
        return undefined;
      }
      const worker = startCheckpointer({
        path: opts.path!,
        ...modules,
        intervalMs: o.intervalMs,
        onError: (err) => {
          // Back to checkpointing every ~16 MB inline.
          if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
          o.onError?.(err);
        },
      });
      db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES_WITH_WORKER}`);
      return {
        ...worker,
        async close() {
          await worker.close();
          if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        },
      };
    },
    close(): void {
      if (db.open) db.close();
    },
    reset(): void {
      db.exec('BEGIN IMMEDIATE; DELETE FROM objects; DELETE FROM events; DELETE FROM meta; DELETE FROM idempotency; DELETE FROM webhook_outbox; COMMIT;');
    },
    stats(): StoreStats {
      const objects: Record<string, number> = {};
      for (const r of db.prepare('SELECT type, count(*) AS n FROM objects GROUP BY type ORDER BY type').all() as Array<{ type: string; n: number }>) {
        objects[r.type] = r.n;
      }
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      let sizeBytes = 0;
      if (!memory) {
        for (const suffix of ['', '-wal', '-shm']) {
          try {
            sizeBytes += statSync(opts.path! + suffix).size;
          } catch {
            // a missing -wal/-shm file simply adds nothing
          }
        }
      }
      return {
        path: memory ? null : opts.path!,
        sizeBytes,
        accounts: count('SELECT count(*) AS n FROM (SELECT account FROM objects UNION SELECT account FROM events UNION SELECT account FROM meta)'),
        objects,
        events: count('SELECT count(*) AS n FROM events'),
        idempotencyKeys: count('SELECT count(*) AS n FROM idempotency'),
      };
    },
  };
  return store;
}
