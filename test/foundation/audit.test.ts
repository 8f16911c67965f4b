import { describe, expect, it } from "vitest";
import { eventHash, verifyChain } from "../../src/audit/chain";
import { Browser, createUser, PASSWORD, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Every state change leaves a hash-chained audit event; tampering is detected.

const D = "150105";
const db = () => testEnv.DISTRICTS_0;
await districtWith(D, { shard: "DISTRICTS_0" });
const admin = await createUser(D, "DISTRICTS_0", [{ role: "district_admin" }]);

interface EventRow {
  seq: number;
  action: string;
  actor_id: string | null;
  actor_role: string;
  target_id: string | null;
  request_id: string | null;
  summary_json: string;
}

async function events(): Promise<EventRow[]> {
  const { results } = await db().prepare("SELECT * FROM audit_events WHERE district_id = ? ORDER BY seq").bind(D).all<EventRow>();
  return results;
}

describe("audit events", () => {
  it("records a write under the grant that allowed it, whichever grant comes first", async () => {
    const both = await createUser(D, "DISTRICTS_0", [{ role: "reviewer" }, { role: "district_admin" }]);
    const b = new Browser();
    await b.signIn(D, both.email);
    expect((await b.fetch(`/d/${D}/audit/export.csv`)).status).toBe(200); // audit.read: district_admin only
    const mine = (await events()).filter((e) => e.actor_id === both.id);
    expect(mine.map((e) => [e.action, e.actor_role])).toEqual([
      ["auth.signed_in", "user"],
      ["audit.exported", "district_admin"],
    ]);
  });

  it("records who did what, to what, with the request id, for each state change", async () => {
    const user = await createUser(D, "DISTRICTS_0", [{ role: "reviewer" }]);
    const b = new Browser();
    const signIn = await b.signIn(D, user.email);
    const change = await b.submit(`/d/${D}/account/password`, { currentPassword: PASSWORD, newPassword: "audited-pass-1" });
    expect(change.status).toBe(200);
    await b.submit(`/d/${D}/logout`, {});
    const mine = (await events()).filter((e) => e.actor_id === user.id);
    expect(mine.map((e) => e.action)).toEqual(["auth.signed_in", "auth.password_changed", "auth.signed_out"]);
    expect(mine[0]!.request_id).toBe(signIn.headers.get("x-request-id"));
    expect(mine[1]).toMatchObject({ actor_role: "reviewer", target_id: user.id });
    // No secret ever reaches the log.
    expect(JSON.stringify(mine)).not.toContain("audited-pass-1");

    const signUp = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-up`, {
      method: "POST",
      json: { organizationName: "审计测试组织", kind: "founding_team", displayName: "审计", email: "audit-org@example.cn", password: "audit-org-pass-1" },
    });
    expect(signUp.status).toBe(202);
    const last = (await events()).at(-1)!;
    expect(last.action).toBe("auth.organization_signed_up");
    expect(JSON.parse(last.summary_json)).toMatchObject({ after: { organization: "审计测试组织", kind: "founding_team" } });
  });

  it("keeps the chain linear when many changes happen at once", async () => {
    const people = await Promise.all(Array.from({ length: 16 }, () => createUser(D, "DISTRICTS_0", [{ role: "evaluator" }])));
    const results = await Promise.all(people.map((p) => new Browser().signIn(D, p.email)));
    expect(results.map((r) => r.status)).toEqual(people.map(() => 303));
    const all = await events();
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const b = new Browser();
    await b.signIn(D, admin.email);
    const report = await (await b.fetch(`/d/${D}/api/v1/audit-events/verify`)).json();
    expect(report).toMatchObject({ chain: D, ok: true, firstBreak: null });
  });

  it("chains onto events that another Worker instance appended meanwhile", async () => {
    const b = new Browser();
    await b.signIn(D, admin.email);
    // Another isolate appends an event this one has not seen (its head is now stale).
    const head = (await db().prepare("SELECT seq, hash FROM audit_events WHERE district_id = ? ORDER BY seq DESC LIMIT 1").bind(D).first<{ seq: number; hash: string }>())!;
    const foreign = {
      chain: D,
      seq: head.seq + 1,
      id: "other-isolate-event",
      at: new Date().toISOString(),
      actor_id: null,
      actor_role: "system",
      action: "test.elsewhere",
      target_type: "test",
      target_id: null,
      summary_json: "{}",
      request_id: null,
      prev_hash: head.hash,
    };
    const foreignHash = await eventHash(foreign);
    await db()
      .prepare("INSERT INTO audit_events (district_id, seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(D, foreign.seq, foreign.id, foreign.at, null, foreign.actor_role, foreign.action, foreign.target_type, null, foreign.summary_json, null, foreign.prev_hash, foreignHash)
      .run();
    await b.submit(`/d/${D}/logout`, {});
    const all = await events();
    expect(all.at(-1)).toMatchObject({ seq: head.seq + 2, action: "auth.signed_out" });
    const a = new Browser();
    await a.signIn(D, admin.email);
    expect(await (await a.fetch(`/d/${D}/api/v1/audit-events/verify`)).json()).toMatchObject({ ok: true, firstBreak: null });
  });

  it("refuses to change or delete stored events", async () => {
    await expect(db().prepare("UPDATE audit_events SET action = 'x' WHERE district_id = ?").bind(D).run()).rejects.toThrow(/append-only/);
    await expect(db().prepare("DELETE FROM audit_events WHERE district_id = ?").bind(D).run()).rejects.toThrow(/append-only/);
  });

  it("detects an edited event, and a removed one, at the first broken link", async () => {
    const b = new Browser();
    await b.signIn(D, admin.email);
    // Someone with raw database access goes around the triggers.
    await db().prepare("DROP TRIGGER audit_events_no_update").run();
    await db().prepare('UPDATE audit_events SET summary_json = \'{"note":"nothing happened"}\' WHERE district_id = ? AND seq = 2').bind(D).run();
    const edited = (await (await b.fetch(`/d/${D}/api/v1/audit-events/verify`)).json()) as { ok: boolean; firstBreak: unknown };
    expect(edited).toMatchObject({ ok: false, firstBreak: { seq: 2, problem: "hash_mismatch" } });
    const page = await (await b.fetch(`/d/${D}/audit`)).text();
    expect(page).toContain("哈希链在第 2 条记录处断裂");

    const rows = (await db().prepare("SELECT * FROM audit_events WHERE district_id = ? ORDER BY seq").bind(D).all<Parameters<typeof verifyChain>[1][number]>()).results;
    // Removing the edited event does not hide the edit: the gap shows.
    const withoutSecond = rows.filter((r) => r.seq !== 2);
    expect((await verifyChain(D, withoutSecond)).firstBreak).toEqual({ seq: 3, problem: "sequence_gap" });
    const intact = (await verifyChain(D, rows.slice(0, 1))).ok;
    expect(intact).toBe(true);
  });

  it("shows the log only to district admins", async () => {
    const staff = await createUser(D, "DISTRICTS_0", [{ role: "subdistrict_staff", scopeArea: `${D}001` }]);
    const b = new Browser();
    await b.signIn(D, staff.email);
    expect((await b.fetch(`/d/${D}/api/v1/audit-events`)).status).toBe(403);
    expect((await b.fetch(`/d/${D}/audit`)).status).toBe(403);
    const a = new Browser();
    await a.signIn(D, admin.email);
    const list = (await (await a.fetch(`/d/${D}/api/v1/audit-events?limit=2`)).json()) as { seq: number }[];
    expect(list).toHaveLength(2);
    expect(list[0]!.seq).toBeGreaterThan(list[1]!.seq);
    const invalid = await a.fetch(`/d/${D}/api/v1/audit-events?limit=0`);
    expect(invalid.status).toBe(422);
  });
  it("starts a chain afresh when its stored events are gone, though this instance remembered a head", async () => {
    const E = "150106";
    await districtWith(E, { shard: "DISTRICTS_0" });
    const person = await createUser(E, "DISTRICTS_0", [{ role: "reviewer" }]);
    expect((await new Browser().signIn(E, person.email)).status).toBe(303);
    // The district's events are removed (as offboarding does) while the instance still knows the old head.
    await db().prepare("DROP TRIGGER audit_events_no_delete").run();
    await db().prepare("DELETE FROM audit_events WHERE district_id = ?").bind(E).run();
    await db().prepare("CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END").run();
    expect((await new Browser().signIn(E, person.email)).status).toBe(303);
    const chain = (await db().prepare("SELECT * FROM audit_events WHERE district_id = ? ORDER BY seq").bind(E).all<Parameters<typeof verifyChain>[1][number]>()).results;
    expect(chain.map((e) => e.seq)).toEqual([1]);
    expect((await verifyChain(E, chain)).ok).toBe(true);
  });
});
