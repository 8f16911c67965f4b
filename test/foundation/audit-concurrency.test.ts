import { describe, expect, it } from "vitest";
import { eventHash, GENESIS_HASH, verifyChain } from "../../src/audit/chain";
import { DistrictData } from "../../src/data/district-data";
import { newId } from "../../src/lib/ids";
import { nowIso } from "../../src/lib/time";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { countRows, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Audited writes to one district's chain from many requests at once, on a database that
// answers slowly (a busy machine): each waits its turn however long the queue, none is
// refused, none is lost, and the chain stays linear and verifies, also when a batch sent
// ahead of others rolls back or arrives after them.

const D = "150171";
await districtWith(D, { shard: "DISTRICTS_0" });
const db = shardDatabase(testEnv, "DISTRICTS_0");
const district = (await findDistrict(testEnv, D))!;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The shard, with every batch held back first, as on a machine short of CPU. */
function slowShard(batchDelayMs: number, hang?: () => boolean): D1Database {
  return {
    prepare: (query: string) => db.prepare(query),
    batch: async (statements: D1PreparedStatement[]) => {
      if (hang?.()) return new Promise(() => {});
      await sleep(batchDelayMs);
      return db.batch(statements);
    },
  } as unknown as D1Database;
}

function createOrganization(data: DistrictData, name: string) {
  const id = newId();
  const now = nowIso();
  const row = { id, name, uscc: null, kind: "founding_team", org_type: "", area_code: null, verification: "verified", created_at: now, updated_at: now };
  return data.write([data.insertInto("organizations", row as never)], { action: "organization.created", targetType: "organization", targetId: id }).then(() => id);
}

async function chain() {
  const { results } = await db.prepare("SELECT * FROM audit_events WHERE district_id = ? ORDER BY seq").bind(D).all<Parameters<typeof verifyChain>[1][number]>();
  return results;
}

describe("concurrent audited writes to one chain", () => {
  it("all succeed, however long they queue, and the chain verifies", async () => {
    const data = new DistrictData(district, slowShard(120), { id: null, role: "system", requestId: null });
    const before = (await chain()).length;
    // 40 writes of 120 ms each queue for about 5 s: far longer than any one write takes.
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => createOrganization(data, `并发写入组织${i}`)));
    const refused = outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason));
    expect(refused).toEqual([]);
    const ids = outcomes.map((o) => (o as PromiseFulfilledResult<string>).value);
    expect(await countRows(db, "organizations", "district_id = ? AND name LIKE '并发写入组织%'", D)).toBe(40);
    const events = await chain();
    expect(events).toHaveLength(before + 40);
    expect(
      events
        .filter((e) => e.action === "organization.created")
        .map((e) => e.target_id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(await verifyChain(D, events)).toMatchObject({ ok: true, firstBreak: null });
  });

  it("go on when a write holding the chain never finishes (its request was cancelled)", async () => {
    let first = true;
    const hangOnce = () => {
      const hang = first;
      first = false;
      return hang;
    };
    const data = new DistrictData(district, slowShard(20, hangOnce), { id: null, role: "system", requestId: null });
    const stuck = createOrganization(data, "永不完成的写入");
    void stuck.catch(() => {});
    const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => createOrganization(data, `随后写入组织${i}`)));
    expect(ids).toHaveLength(5);
    expect(await countRows(db, "organizations", "district_id = ? AND name LIKE '随后写入组织%'", D)).toBe(5);
    expect(await verifyChain(D, await chain())).toMatchObject({ ok: true });
  });

  it("go on while another instance keeps winning the race for the next seq", async () => {
    // Another Worker instance (or Node process) appends just before each of this one's
    // first 15 attempts, as a busy one does while this one re-reads the head.
    let overtaken = 0;
    const shard = {
      prepare: (query: string) => db.prepare(query),
      batch: async (statements: D1PreparedStatement[]) => {
        if (overtaken < 15) {
          overtaken++;
          const head = (await db.prepare("SELECT seq, hash FROM audit_events WHERE district_id = ? ORDER BY seq DESC LIMIT 1").bind(D).first<{ seq: number; hash: string }>()) ?? { seq: 0, hash: GENESIS_HASH };
          const event = {
            chain: D,
            seq: head.seq + 1,
            id: `elsewhere-${overtaken}`,
            at: nowIso(),
            actor_id: null,
            actor_role: "system",
            action: "test.elsewhere",
            target_type: "test",
            target_id: null,
            summary_json: "{}",
            request_id: null,
            prev_hash: head.hash,
          };
          await db
            .prepare("INSERT INTO audit_events (district_id, seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, NULL, ?, NULL, ?, ?)")
            .bind(D, event.seq, event.id, event.at, event.actor_role, event.action, event.target_type, event.summary_json, event.prev_hash, await eventHash(event))
            .run();
        }
        return db.batch(statements);
      },
    } as unknown as D1Database;
    const data = new DistrictData(district, shard, { id: null, role: "system", requestId: null });
    const id = await createOrganization(data, "屡次让路的写入");
    expect(overtaken).toBe(15);
    const events = await chain();
    expect(events.at(-1)).toMatchObject({ action: "organization.created", target_id: id });
    expect(await verifyChain(D, events)).toMatchObject({ ok: true });
  });

  it("lose nothing when a write's batch rolls back while the writes after it have already chained to its event", async () => {
    const data = new DistrictData(district, slowShard(30), { id: null, role: "system", requestId: null });
    const before = (await chain()).length;
    const taken = await createOrganization(data, "已有的组织");
    const now = nowIso();
    const duplicate = { id: taken, name: "重复的编号", uscc: null, kind: "founding_team", org_type: "", area_code: null, verification: "verified", created_at: now, updated_at: now };
    // The third of nine is refused by the database (its id is taken); the six behind it were sent chained to its event.
    const writes = Array.from({ length: 9 }, (_, i) =>
      i === 2 ? data.write([data.insertInto("organizations", duplicate as never)], { action: "organization.created", targetType: "organization", targetId: taken }).then(() => taken) : createOrganization(data, `回滚之后组织${i}`),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect(await countRows(db, "organizations", "district_id = ? AND name LIKE '回滚之后组织%'", D)).toBe(8);
    const events = await chain();
    expect(events).toHaveLength(before + 1 + 8);
    expect(await verifyChain(D, events)).toMatchObject({ ok: true, firstBreak: null });
  });

  it("lose nothing when a later batch reaches the database before the one it chained to", async () => {
    let sent = 0;
    // The first batch of each pair is held back longer than the second, so the second arrives first.
    const shard = {
      prepare: (query: string) => db.prepare(query),
      batch: async (statements: D1PreparedStatement[]) => {
        await sleep(sent++ % 2 === 0 ? 60 : 5);
        return db.batch(statements);
      },
    } as unknown as D1Database;
    const data = new DistrictData(district, shard, { id: null, role: "system", requestId: null });
    const before = (await chain()).length;
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => createOrganization(data, `先到后写组织${i}`)));
    expect(await countRows(db, "organizations", "district_id = ? AND name LIKE '先到后写组织%'", D)).toBe(8);
    const events = await chain();
    expect(events).toHaveLength(before + 8);
    expect(
      events
        .slice(before)
        .map((e) => e.target_id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(await verifyChain(D, events)).toMatchObject({ ok: true, firstBreak: null });
  });
});
