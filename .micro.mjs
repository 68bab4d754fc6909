// src/sandbox/store/sqlite.ts
import Database from "better-sqlite3";
import { statSync } from "node:fs";

// src/sandbox/core/ids.ts
import { randomBytes, createHash } from "node:crypto";
var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
var pool = Buffer.alloc(0);
var poolPos = 0;
function byte() {
  if (poolPos >= pool.length) {
    pool = randomBytes(4096);
    poolPos = 0;
  }
  return pool[poolPos++];
}
function randomBase62(length) {
  let out = "";
  while (out.length < length) {
    const b = byte();
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}
function createIds() {
  return { make: (prefix, length = 14) => `${prefix}_${randomBase62(length)}` };
}

// src/sandbox/store/sqlite.ts
var DEFAULT_API_VERSION = "2026-10-28.endive";
var SCHEMA = `
CREATE TABLE IF NOT EXISTS objects (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, type TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS objects_list ON objects (account, type, created, seq);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, type TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_list ON events (account, type, created, seq);
CREATE TABLE IF NOT EXISTS meta (account TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (account, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency (account TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL,
  path TEXT NOT NULL, params_hash TEXT NOT NULL, status INTEGER, body TEXT, request_id TEXT NOT NULL,
  created INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS idempotency_key ON idempotency (account, key);
`;
var CLOCK_OFFSET = "clock_offset";
var FIELD_RE = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;
function tableFor(type) {
  return type === "event" ? "events" : "objects";
}
function jsonPath(field) {
  if (!FIELD_RE.test(field)) throw new Error(`invalid filter field: ${field}`);
  return "$." + field;
}
function sqlValue(v) {
  return typeof v === "boolean" ? v ? 1 : 0 : v;
}
function openStore(opts) {
  const memory = opts.memory || !opts.path;
  const db = new Database(memory ? ":memory:" : opts.path);
  for (const p of globalThis.process?.env?.SBX_PRAGMAS?.split(";").filter(Boolean) ?? []) db.pragma(p);
  if (!memory) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
  }
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  const rawClock = opts.wallClock ?? Date.now;
  const wallMs = () => {
    const t = rawClock();
    return t < 1e11 ? t * 1e3 : t;
  };
  const defaultIds = opts.ids ?? createIds();
  const cache = /* @__PURE__ */ new Map();
  const stmt = (sql) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  class SqliteTx {
    constructor(account, scope) {
      this.account = account;
      this.scope = scope;
      this.ids = scope.ids ?? defaultIds;
    }
    account;
    scope;
    livemode = false;
    ids;
    offset;
    wallMs() {
      return wallMs();
    }
    now() {
      if (this.offset === void 0) this.offset = Number(this.getMeta(CLOCK_OFFSET) ?? 0);
      return Math.floor(wallMs() / 1e3) + this.offset;
    }
    get(type, id) {
      const row = stmt(`SELECT data FROM ${tableFor(type)} WHERE id = ? AND account = ? AND type = ?`).get(id, this.account, type);
      return row ? JSON.parse(row.data) : void 0;
    }
    insert(type, obj) {
      if (obj.created === void 0) obj.created = this.now();
      stmt(`INSERT INTO ${tableFor(type)} (account, type, id, created, data) VALUES (?, ?, ?, ?, ?)`).run(
        this.account,
        type,
        obj.id,
        obj.created,
        JSON.stringify(obj)
      );
      return obj;
    }
    update(type, obj) {
      const r = stmt(`UPDATE ${tableFor(type)} SET data = ? WHERE id = ? AND account = ? AND type = ?`).run(
        JSON.stringify(obj),
        obj.id,
        this.account,
        type
      );
      if (r.changes === 0) throw new Error(`update of a missing ${type}: ${obj.id}`);
      return obj;
    }
    remove(type, id) {
      stmt(`DELETE FROM ${tableFor(type)} WHERE id = ? AND account = ? AND type = ?`).run(id, this.account, type);
    }
    list(type, q) {
      const table = tableFor(type);
      const conds = ["account = ?", "type = ?"];
      const args = [this.account, type];
      const addRange = (expr, r, pathArg) => {
        const ops = [["eq", "="], ["gt", ">"], ["gte", ">="], ["lt", "<"], ["lte", "<="]];
        for (const [k, op] of ops) {
          if (r[k] === void 0) continue;
          conds.push(`${expr} ${op} ?`);
          if (pathArg !== void 0) args.push(pathArg);
          args.push(r[k]);
        }
      };
      if (q.created) addRange("created", q.created);
      for (const [field, r] of Object.entries(q.ranges ?? {})) {
        if (field === "created") addRange("created", r);
        else addRange("json_extract(data, ?)", r, jsonPath(field));
      }
      for (const [field, v] of Object.entries(q.where ?? {})) {
        if (v === null) {
          conds.push("json_extract(data, ?) IS NULL");
          args.push(jsonPath(field));
        } else {
          conds.push("json_extract(data, ?) = ?");
          args.push(jsonPath(field), sqlValue(v));
        }
      }
      for (const [field, values] of Object.entries(q.whereIn ?? {})) {
        if (values.length === 0) return { data: [], hasMore: false };
        conds.push(`json_extract(data, ?) IN (${values.map(() => "?").join(", ")})`);
        args.push(jsonPath(field), ...values);
      }
      for (const [field, prefix] of Object.entries(q.wherePrefix ?? {})) {
        conds.push("substr(json_extract(data, ?), 1, ?) = ?");
        args.push(jsonPath(field), prefix.length, prefix);
      }
      const backwards = q.endingBefore !== void 0;
      const cursor = q.endingBefore ?? q.startingAfter;
      if (cursor !== void 0) {
        conds.push(`(created, seq) ${backwards ? ">" : "<"} (SELECT created, seq FROM ${table} WHERE id = ? AND account = ?)`);
        args.push(cursor, this.account);
      }
      const order = backwards ? "created ASC, seq ASC" : "created DESC, seq DESC";
      const sql = `SELECT data FROM ${table} WHERE ${conds.join(" AND ")} ORDER BY ${order} LIMIT ?`;
      args.push(q.limit + 1);
      const rows = stmt(sql).all(...args);
      const hasMore = rows.length > q.limit;
      if (hasMore) rows.length = q.limit;
      if (backwards) rows.reverse();
      return { data: rows.map((r) => JSON.parse(r.data)), hasMore };
    }
    scan(type, filter) {
      const out = [];
      const it = stmt(`SELECT data FROM ${tableFor(type)} WHERE account = ? AND type = ? ORDER BY created DESC, seq DESC`).iterate(
        this.account,
        type
      );
      for (const row of it) {
        const o = JSON.parse(row.data);
        if (!filter || filter(o)) out.push(o);
      }
      return out;
    }
    emit(eventType, obj, previousAttributes) {
      const data = { object: obj };
      if (previousAttributes) data.previous_attributes = previousAttributes;
      const event = {
        id: this.ids.make("evt", 24),
        object: "event",
        api_version: this.scope.stripeVersion ?? DEFAULT_API_VERSION,
        created: this.now(),
        data,
        livemode: false,
        pending_webhooks: 0,
        request: { id: this.scope.requestId ?? null, idempotency_key: this.scope.idempotencyKey ?? null },
        type: eventType
      };
      this.insert("event", event);
    }
    getMeta(key) {
      const row = stmt("SELECT value FROM meta WHERE account = ? AND key = ?").get(this.account, key);
      return row?.value;
    }
    setMeta(key, value) {
      stmt("INSERT INTO meta (account, key, value) VALUES (?, ?, ?) ON CONFLICT (account, key) DO UPDATE SET value = excluded.value").run(
        this.account,
        key,
        value
      );
      if (key === CLOCK_OFFSET) this.offset = Number(value);
    }
    idempotencyGet(key) {
      const row = stmt(
        "SELECT key, method, path, params_hash, status, body, request_id, created, locked_until FROM idempotency WHERE account = ? AND key = ?"
      ).get(this.account, key);
      if (!row) return void 0;
      return {
        key: row.key,
        method: row.method,
        path: row.path,
        paramsHash: row.params_hash,
        status: row.status,
        body: row.body,
        requestId: row.request_id,
        created: row.created,
        lockedUntil: row.locked_until
      };
    }
    idempotencyPut(r) {
      stmt(
        "INSERT OR REPLACE INTO idempotency (account, key, method, path, params_hash, status, body, request_id, created, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      ).run(this.account, r.key, r.method, r.path, r.paramsHash, r.status, r.body, r.requestId, r.created, r.lockedUntil);
    }
    idempotencyDelete(key) {
      stmt("DELETE FROM idempotency WHERE account = ? AND key = ?").run(this.account, key);
    }
  }
  const store = {
    path: memory ? null : opts.path,
    transaction(account, fn, scope = {}) {
      if (db.inTransaction) throw new Error("store.transaction is not re-entrant");
      stmt("BEGIN IMMEDIATE").run();
      let result;
      try {
        result = fn(new SqliteTx(account, scope));
      } catch (err) {
        if (db.inTransaction) {
          if (err?.commit === true) stmt("COMMIT").run();
          else stmt("ROLLBACK").run();
        }
        throw err;
      }
      try {
        stmt("COMMIT").run();
      } catch (err) {
        if (db.inTransaction) stmt("ROLLBACK").run();
        throw err;
      }
      return result;
    },
    pruneIdempotency(beforeMs) {
      const batch = stmt("DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM idempotency ORDER BY rowid LIMIT 500) AND created < ?");
      let total = 0;
      for (let i = 0; i < 20; i++) {
        const n = batch.run(beforeMs).changes;
        total += n;
        if (n < 500) break;
      }
      return total;
    },
    close() {
      if (db.open) db.close();
    },
    reset() {
      db.exec("BEGIN IMMEDIATE; DELETE FROM objects; DELETE FROM events; DELETE FROM meta; DELETE FROM idempotency; COMMIT;");
    },
    stats() {
      const objects = {};
      for (const r of db.prepare("SELECT type, count(*) AS n FROM objects GROUP BY type ORDER BY type").all()) {
        objects[r.type] = r.n;
      }
      const count = (sql) => db.prepare(sql).get().n;
      let sizeBytes = 0;
      if (!memory) {
        for (const suffix of ["", "-wal", "-shm"]) {
          try {
            sizeBytes += statSync(opts.path + suffix).size;
          } catch {
          }
        }
      }
      return {
        path: memory ? null : opts.path,
        sizeBytes,
        accounts: count("SELECT count(*) AS n FROM (SELECT account FROM objects UNION SELECT account FROM events UNION SELECT account FROM meta)"),
        objects,
        events: count("SELECT count(*) AS n FROM events"),
        idempotencyKeys: count("SELECT count(*) AS n FROM idempotency")
      };
    }
  };
  return store;
}

// ../../tmp/mb/micro.ts
import { statSync as statSync2, rmSync } from "node:fs";
var N = 2e4;
for (const pragmas of (process.env.SETS ?? "").split("|")) {
  rmSync("/tmp/mb/db", { recursive: true, force: true });
  globalThis.process.env.SBX_PRAGMAS = pragmas;
  const fs = await import("node:fs");
  fs.mkdirSync("/tmp/mb/db");
  const store = openStore({ path: "/tmp/mb/db/s.db" });
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    store.transaction("acct_x", (tx) => {
      tx.getMeta("clock_offset");
      const c = tx.insert("customer", { id: tx.ids.make("cus"), object: "customer", created: tx.now(), name: "Bench Customer", email: "bench@example.com", metadata: { run: "wrk" }, address: null, balance: 0, currency: null, customer_account: null, default_source: null, delinquent: false, description: null, discount: null, invoice_prefix: "ABCDEFGH", invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null }, livemode: false, next_invoice_sequence: 1, phone: null, preferred_locales: [], shipping: null, tax_exempt: "none", test_clock: null });
      tx.emit("customer.created", c);
      tx.idempotencyPut({ key: "bench-" + Math.random(), method: "POST", path: "/v1/customers", paramsHash: "x".repeat(43), status: 200, body: JSON.stringify(c), requestId: "req_12345678901234", created: Date.now(), lockedUntil: 0 });
    });
  }
  const ms = performance.now() - t0;
  let wal = 0;
  try {
    wal = statSync2("/tmp/mb/db/s.db-wal").size;
  } catch {
  }
  console.log(JSON.stringify(pragmas), Math.round(N / ms * 1e3), "tx/s", "wal MB", (wal / 1e6).toFixed(1), "db MB", (statSync2("/tmp/mb/db/s.db").size / 1e6).toFixed(1));
  store.close();
}
