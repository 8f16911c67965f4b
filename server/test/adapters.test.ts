import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseToml, readWorkerConfig } from "../config";
import { cronMatches, startCron } from "../cron";
import { openD1 } from "../d1";
import { openR2 } from "../r2";
import { MemoryRateLimiter } from "../ratelimit";
import { installWorkerGlobals, NodeExecutionContext } from "../runtime";
import { loadSecrets } from "../secrets";

const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-adapters-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("D1 over SQLite", () => {
  const db = openD1(":memory:");
  const ready = db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n ANY, b BLOB);");

  it("answers with D1's result shapes", async () => {
    await ready;
    const inserted = await db.prepare("INSERT INTO t (name, n) VALUES (?, ?)").bind("一", 1).run();
    expect(inserted).toMatchObject({ success: true, results: [], meta: { changes: 1, last_row_id: 1, changed_db: true } });
    const returning = await db.prepare("INSERT INTO t (name, n) VALUES (?, ?) RETURNING id, name").bind("二", 2.5).all();
    expect(returning.results).toEqual([{ id: 2, name: "二" }]);
    expect(await db.prepare("SELECT name FROM t WHERE id = ?").bind(1).first()).toEqual({ name: "一" });
    expect(await db.prepare("SELECT name FROM t WHERE id = ?").bind(1).first("name")).toBe("一");
    expect(await db.prepare("SELECT name FROM t WHERE id = ?").bind(9).first()).toBeNull();
    await expect(db.prepare("SELECT name FROM t").first("nope")).rejects.toThrow(/D1_COLUMN_NOTFOUND/);
    expect(await db.prepare("SELECT id, name FROM t ORDER BY id").raw()).toEqual([
      [1, "一"],
      [2, "二"],
    ]);
    expect(await db.prepare("SELECT id FROM t ORDER BY id").raw({ columnNames: true })).toEqual([["id"], [1], [2]]);
  });

  it("binds as D1 does: whole numbers as integers, booleans as 0/1, bytes as blobs; undefined refused", async () => {
    await ready;
    const types = await db
      .prepare("SELECT typeof(?) a, typeof(?) b, typeof(?) c, ? d, typeof(?) e")
      .bind(3, 3.5, true, false, new Uint8Array([1]))
      .first();
    expect(types).toEqual({ a: "integer", b: "real", c: "integer", d: 0, e: "blob" });
    await db
      .prepare("INSERT INTO t (name, b) VALUES ('bytes', ?)")
      .bind(new Uint8Array([7, 8]).buffer)
      .run();
    expect(await db.prepare("SELECT b FROM t WHERE name = 'bytes'").first("b")).toEqual([7, 8]);
    expect(() => db.prepare("SELECT ?").bind(undefined)).toThrow(/D1_TYPE_ERROR/);
  });

  it("takes D1's numbered parameters, each used as often as the query names it", async () => {
    await ready;
    expect(await db.prepare("SELECT ?1 AS a, ?2 AS b, ?1 AS c, '?1' AS quoted").bind("x", 2).first()).toEqual({ a: "x", b: 2, c: "x", quoted: "?1" });
    expect(await db.prepare("SELECT count(*) AS n FROM t WHERE name = ?1 OR name = ?1").bind("一").first("n")).toBe(1);
  });

  it("applies a batch whole or not at all, and returns each statement's rows", async () => {
    await ready;
    const results = await db.batch([db.prepare("INSERT INTO t (name) VALUES ('三') RETURNING id"), db.prepare("SELECT count(*) AS n FROM t")]);
    expect(results.map((r) => r.results)).toEqual([[{ id: 4 }], [{ n: 4 }]]);
    const failing = db.batch([db.prepare("INSERT INTO t (name) VALUES ('四')"), db.prepare("INSERT INTO t (name) VALUES ('一')")]);
    await expect(failing).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT_UNIQUE" });
    expect(await db.prepare("SELECT count(*) AS n FROM t WHERE name = '四'").first("n")).toBe(0);
  });

  it("uses WAL and a busy timeout on a file", () => {
    const file = openD1(path.join(dir, "wal.sqlite"), { busyTimeoutMs: 1234 });
    expect(file.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(file.sqlite.pragma("busy_timeout", { simple: true })).toBe(1234);
    expect(file.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    file.close();
  });
});

describe("R2 on the filesystem", () => {
  it("keeps bytes and metadata, replaces atomically and lists by prefix with a cursor", async () => {
    const bucket = openR2(path.join(dir, "bucket"));
    const put = await bucket.put("150203/a/1.pdf", "甲", { httpMetadata: { contentType: "application/pdf" }, customMetadata: { district: "150203" } });
    expect(put.size).toBe(3);
    const got = (await bucket.get("150203/a/1.pdf"))!;
    expect(await got.text()).toBe("甲");
    expect(got.httpMetadata).toEqual({ contentType: "application/pdf" });
    expect(got.customMetadata).toEqual({ district: "150203" });
    expect(got.httpEtag).toBe(`"${got.etag}"`);
    const headers = new Headers();
    got.writeHttpMetadata(headers);
    expect(headers.get("content-type")).toBe("application/pdf");

    await bucket.put("150203/a/1.pdf", new Uint8Array([1, 2]));
    expect(new Uint8Array(await (await bucket.get("150203/a/1.pdf"))!.arrayBuffer())).toEqual(new Uint8Array([1, 2]));
    expect(await new Response((await bucket.get("150203/a/1.pdf"))!.body).arrayBuffer()).toHaveProperty("byteLength", 2);

    for (let i = 0; i < 5; i++) await bucket.put(`150203/b/${i}`, String(i));
    await bucket.put("150204/x", "other district");
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bucket.list({ prefix: "150203/", limit: 2, cursor });
      seen.push(...page.objects.map((o) => o.key));
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    expect(seen).toEqual(["150203/a/1.pdf", "150203/b/0", "150203/b/1", "150203/b/2", "150203/b/3", "150203/b/4"]);
    expect((await bucket.list({ prefix: "150203/", delimiter: "/" })).delimitedPrefixes).toEqual(["150203/a/", "150203/b/"]);
    expect((await bucket.list({ prefix: "", delimiter: "/" })).delimitedPrefixes).toEqual(["150203/", "150204/"]);

    await bucket.delete(seen);
    expect(await bucket.head("150203/a/1.pdf")).toBeNull();
    expect((await bucket.list({ prefix: "150203/" })).objects).toEqual([]);
    expect(await bucket.head("150204/x")).not.toBeNull();
    bucket.close();
  });
});

describe("rate limits, cron, secrets, configuration", () => {
  it("limits each key to its count per period", async () => {
    let now = 60_000;
    const limiter = new MemoryRateLimiter({ limit: 2, period: 60 }, () => now);
    expect([(await limiter.limit({ key: "a" })).success, (await limiter.limit({ key: "a" })).success, (await limiter.limit({ key: "a" })).success]).toEqual([true, true, false]);
    expect((await limiter.limit({ key: "b" })).success).toBe(true);
    now += 60_000;
    expect((await limiter.limit({ key: "a" })).success).toBe(true);
  });

  it("matches wrangler.toml's crons in UTC and calls each with the minute it was due", async () => {
    expect(cronMatches("*/5 * * * *", new Date("2026-03-01T10:35:00Z"))).toBe(true);
    expect(cronMatches("*/5 * * * *", new Date("2026-03-01T10:36:00Z"))).toBe(false);
    expect(cronMatches("0 17 * * *", new Date("2026-03-01T17:00:00Z"))).toBe(true);
    expect(cronMatches("0 17 * * *", new Date("2026-03-01T09:00:00Z"))).toBe(false);
    expect(cronMatches("0 0 1 * 1", new Date("2026-03-02T00:00:00Z"))).toBe(true);
    expect(() => cronMatches("61 * * * *", new Date())).toThrow();

    let now = Date.parse("2026-03-01T16:59:59.900Z");
    const calls: [string, string][] = [];
    const runner = startCron(
      ["*/5 * * * *", "0 17 * * *"],
      async (cron, time) => void calls.push([cron, new Date(time).toISOString()]),
      () => now,
    );
    now = Date.parse("2026-03-01T17:00:00.100Z");
    await new Promise((r) => setTimeout(r, 300));
    runner.stop();
    expect(calls).toEqual([
      ["*/5 * * * *", "2026-03-01T17:00:00.000Z"],
      ["0 17 * * *", "2026-03-01T17:00:00.000Z"],
    ]);
  });

  it("reads secrets from the environment or a file only its owner can read", () => {
    const file = path.join(dir, "secrets.env");
    writeFileSync(file, 'PASSWORD_PEPPER="from-file"\nPERSONAL_DATA_KEY=key-from-file\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => loadSecrets({ file, env: {} })).toThrow(/readable by others/);
    chmodSync(file, 0o600);
    expect(loadSecrets({ file, env: {} })).toEqual({ PASSWORD_PEPPER: "from-file", PERSONAL_DATA_KEY: "key-from-file" });
    expect(loadSecrets({ file, env: { PASSWORD_PEPPER: "from-env" } }).PASSWORD_PEPPER).toBe("from-env");
    expect(() => loadSecrets({ env: { PASSWORD_PEPPER: "x" } })).toThrow(/PERSONAL_DATA_KEY/);
  });

  it("takes the bindings from wrangler.toml", () => {
    const config = readWorkerConfig();
    expect(config.d1.map((d) => d.binding)).toEqual(["PLATFORM", "DISTRICTS_0", "DISTRICTS_1"]);
    expect(config.r2).toEqual(["FILES"]);
    expect(config.vars.SHARDS).toBe("DISTRICTS_0,DISTRICTS_1");
    expect(config.crons.length).toBeGreaterThan(0);
    const toml = parseToml('[[ratelimits]]\nname = "SIGN_IN_LIMITER"\nnamespace_id = "1001"\nsimple = { limit = 10, period = 60 } # per minute\n');
    expect(toml).toEqual({ ratelimits: [{ name: "SIGN_IN_LIMITER", namespace_id: "1001", simple: { limit: 10, period: 60 } }] });
  });

  it("gives Node what workerd has: DigestStream and waitUntil", async () => {
    installWorkerGlobals();
    const digest = new (crypto as unknown as { DigestStream: new (a: string) => WritableStream & { digest: Promise<ArrayBuffer> } }).DigestStream("SHA-256");
    const writer = digest.getWriter();
    await writer.write(new TextEncoder().encode("abc"));
    await writer.close();
    expect(Buffer.from(await digest.digest).toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const ctx = new NodeExecutionContext();
    let done = false;
    ctx.waitUntil(new Promise((r) => setTimeout(r, 20)).then(() => (done = true)));
    await ctx.settled();
    expect(done).toBe(true);
  });
});
