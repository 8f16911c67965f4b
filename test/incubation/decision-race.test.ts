import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { decide } from "../../src/modules/incubation/service";
import { countRows, testEnv } from "../helpers";
import { scoredByOne, submittedApplication, world, type World } from "./fixtures";

// "No decision before a score" is checked in the decision's own batch, so it holds for
// the scores as they are when the decision is written, not as they were when it was read.
// The shard below changes the scores between the two, as another request could.

/** The shard, running `meanwhile` once just before the first guarded write reaches it. */
function shardChangedBeforeWrite(w: World, meanwhile: (db: D1Database) => Promise<unknown>): D1Database {
  const real = shardDatabase(testEnv, w.shard);
  const sent: string[] = [];
  let done = false;
  return new Proxy(real, {
    get(target, property) {
      if (property === "prepare")
        return (sql: string) => {
          sent.push(sql);
          return target.prepare(sql);
        };
      if (property === "batch")
        return async (list: D1PreparedStatement[]) => {
          const guarded = sent.some((s) => s.includes("write_guards"));
          sent.length = 0;
          if (guarded && !done) {
            done = true;
            await meanwhile(target);
          }
          return target.batch(list);
        };
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function inReview(district: string) {
  const w = await world(district);
  const app = await submittedApplication(w);
  const base = `/d/${w.district}/api/v1/incubation/applications/${app.id}`;
  expect((await w.admin.api(`${base}/eligibility`, { method: "POST", json: { outcome: "pass", reasons: "符合条件", version: app.version } })).status).toBe(200);
  const me = (await (await w.admin.api(`/d/${w.district}/api/v1/auth/me`)).json()) as { id: string };
  const actor = { id: me.id, grants: [{ role: "district_admin" as const, scopeArea: "", organizationId: null }], locale: "en" as const };
  return { w, app: { id: app.id, version: app.version + 1 }, actor, district: (await findDistrict(testEnv, district))! };
}

const input = (version: number) => ({ outcome: "admit" as const, reasons: "Feasible plan.", version });

describe("a decision and the scores it weighs", () => {
  it("is refused with no_scores beside the outcome when the only score is withdrawn between the read and the write", async () => {
    const { w, app, actor, district } = await inReview("330131");
    await scoredByOne(w, app.id);
    const events = await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ?", app.id);
    const shard = shardChangedBeforeWrite(w, (db) => db.prepare("UPDATE review_assignments SET submitted_at = NULL WHERE subject_id = ?").bind(app.id).run());
    const data = new DistrictData(district, shard, { id: actor.id, role: "district_admin", requestId: null });
    const refused = await decide(data, actor, app.id, input(app.version), new Date().toISOString()).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, code: "no_scores", fieldErrors: [{ field: "outcome", message: expect.stringContaining("No reviewer has handed in scores yet, so no decision can be made.") }] });
    expect(await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ?", app.id)).toBe(events);
    expect(await countRows(testEnv.DISTRICTS_0, "review_decisions", "subject_id = ?", app.id)).toBe(0);
  });

  it("goes through when a score is handed in between the read and the write", async () => {
    const { w, app, actor, district } = await inReview("330132");
    await scoredByOne(w, app.id);
    const db = shardDatabase(testEnv, w.shard);
    const handedIn = await db.prepare("SELECT id, submitted_at FROM review_assignments WHERE subject_id = ? AND submitted_at IS NOT NULL").bind(app.id).first<{ id: string; submitted_at: string }>();
    // The reviewer had saved scores but not yet handed them in when the staff member's form was read.
    await db.prepare("UPDATE review_assignments SET submitted_at = NULL WHERE id = ?").bind(handedIn!.id).run();
    const shard = shardChangedBeforeWrite(w, (d) => d.prepare("UPDATE review_assignments SET submitted_at = ? WHERE id = ?").bind(handedIn!.submitted_at, handedIn!.id).run());
    const data = new DistrictData(district, shard, { id: actor.id, role: "district_admin", requestId: null });
    const decided = await decide(data, actor, app.id, input(app.version), new Date().toISOString());
    expect(decided).toMatchObject({ status: "proposed" });
  });

  it("answers a stale version as changed meanwhile, not as missing scores", async () => {
    const { w, app, actor, district } = await inReview("330133");
    await scoredByOne(w, app.id);
    const data = new DistrictData(district, shardDatabase(testEnv, w.shard), { id: actor.id, role: "district_admin", requestId: null });
    await expect(decide(data, actor, app.id, input(app.version - 1), new Date().toISOString())).rejects.toMatchObject({ status: 409, code: "conflict" });
  });
});
