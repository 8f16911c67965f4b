import { describe, expect, it } from "vitest";
import { brokenRule, DistrictData } from "../../src/data/district-data";
import { AppError } from "../../src/http/errors";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { countRows, createOrganization, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// One path for a write that lost a race: DistrictData.write() answers the error chosen
// by its `stale` and `rules` options, writeIfCurrent() answers null, and nothing of the
// batch (nor its audit event) remains.

const D = "140109";
await districtWith(D);
const orgId = await createOrganization(D, "DISTRICTS_0", "原名称");
const db = shardDatabase(testEnv, "DISTRICTS_0");
const data = new DistrictData((await findDistrict(testEnv, D))!, db);

const renameIfStill = (name: string) => [data.guard(data.selectFrom("organizations").select("id").where("id", "=", orgId).where("name", "=", name)), data.updateTable("organizations").set({ name: "新名称" }).where("id", "=", orgId)];
const entry = { action: "organization.updated", targetType: "organization", targetId: orgId };

describe("stale writes", () => {
  it("answer 409 'changed since you read it' by default, and the custom error when given", async () => {
    const refused = await data.write(renameIfStill("别的名称"), entry).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 409, code: "conflict", messageKey: "error.conflict" });
    const custom = await data.write(renameIfStill("别的名称"), entry, { stale: () => new AppError({ status: 409, code: "round_closed", message: "disclosure.eval.roundClosed" }) }).catch((e: unknown) => e);
    expect(custom).toMatchObject({ status: 409, code: "round_closed" });
    expect(await data.writeIfCurrent(renameIfStill("别的名称"), entry)).toBeNull();
    expect(await countRows(db, "organizations", "district_id = ? AND name = '新名称'", D)).toBe(0);
    expect(await countRows(db, "audit_events", "district_id = ? AND action = 'organization.updated'", D)).toBe(0);
  });

  it("map a named database rule, and rethrow a rule nobody named", async () => {
    const duplicate = () => [data.insertInto("organizations", { id: orgId, name: "重复", uscc: null, kind: "founding_team", org_type: "", area_code: null, verification: "verified", created_at: "", updated_at: "" } as never)];
    const mapped = await data.write(duplicate(), entry, { rules: { "unique:organizations": () => new AppError({ status: 409, code: "uscc_taken", message: "error.conflict" }) } }).catch((e: unknown) => e);
    expect(mapped).toMatchObject({ status: 409, code: "uscc_taken" });
    const raw = await data.write(duplicate(), entry).catch((e: unknown) => e);
    expect(raw).not.toBeInstanceOf(AppError);
    expect(brokenRule(raw)).toMatch(/^unique:.*organizations\.id/);
  });

  it("read a trigger's RAISE as its rule name, and a failed guard as 'guard'", () => {
    expect(brokenRule(new Error("D1_ERROR: posts.version_conflict: SQLITE_CONSTRAINT"))).toBe("posts.version_conflict");
    expect(brokenRule(new Error("D1_ERROR: CHECK constraint failed: ok = 1: SQLITE_CONSTRAINT"))).toBe("guard");
    expect(brokenRule(new Error("D1_ERROR: NOT NULL constraint failed: posts.title: SQLITE_CONSTRAINT"))).toBeNull();
    expect(brokenRule(new Error("network"))).toBeNull();
  });
});
