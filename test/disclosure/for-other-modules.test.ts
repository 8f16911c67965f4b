import { describe, expect, it } from "vitest";
import { nowIso } from "../../src/lib/time";
import { activeCreditListEntries, isOnCreditList, organizationIdByUscc, organizationRecordInsert } from "../../src/modules/disclosure";
import { enterOnList } from "../../src/modules/disclosure/credit";
import { newId } from "../../src/lib/ids";
import { districtData, insertOrg, row, today, uscc } from "./fixtures";
import { districtWith } from "../fixtures/district";

describe("what disclosure offers other modules", () => {
  it("tells whether an organization is on a credit list now, and on which", async () => {
    const d = await districtWith("150961", { shard: "DISTRICTS_0" });
    const data = await districtData(d.code);
    const org = await insertOrg(d.db, d.code);
    const other = await insertOrg(d.db, d.code);
    expect(await isOnCreditList(data, org.id)).toBe(false);
    expect(await activeCreditListEntries(data, org.id)).toEqual([]);
    await enterOnList(
      data,
      org.id,
      { list: "abnormal", reasonCode: "annual_report", reason: "未按规定报送年度报告", legalBasis: "《社会组织信用信息管理办法》第十条", decidingBody: "民政局", decidedOn: today(), eventOn: today(), needsRectification: true },
      { id: "staff", role: "district_admin" },
      nowIso(),
    );
    expect(await isOnCreditList(data, org.id)).toBe(true);
    expect(await isOnCreditList(data, org.id, "abnormal")).toBe(true);
    expect(await isOnCreditList(data, org.id, "serious")).toBe(false);
    expect(await activeCreditListEntries(data, org.id)).toEqual([{ list: "abnormal", reason: "未按规定报送年度报告" }]);
    expect(await isOnCreditList(data, other.id)).toBe(false);
    // Another district's data does not see it.
    const e = await districtWith("150962", { shard: "DISTRICTS_1" });
    expect(await isOnCreditList(await districtData(e.code), org.id)).toBe(false);
  });

  it("writes an unverified organization record in the caller's batch and finds it by credit code", async () => {
    const d = await districtWith("150963", { shard: "DISTRICTS_0" });
    const data = await districtData(d.code);
    const id = newId();
    const code = uscc(d.code);
    expect(await organizationIdByUscc(data, code)).toBeNull();
    await data.write([organizationRecordInsert(data, { id, name: "测试自行注册组织", uscc: code, kind: "registered" }, nowIso())], { action: "auth.organization_signed_up", targetType: "organization", targetId: id });
    expect(await organizationIdByUscc(data, code)).toBe(id);
    expect(await row(d.db, "SELECT verification, kind, name FROM organizations WHERE id = ?", id)).toMatchObject({ verification: "unverified", kind: "registered", name: "测试自行注册组织" });
    await expect(data.write([organizationRecordInsert(data, { id: newId(), name: "重复", uscc: code, kind: "registered" }, nowIso())], { action: "auth.organization_signed_up", targetType: "organization", targetId: id })).rejects.toThrow();
  });
});
