import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { addDays, api, json, projectWorld, signedContract } from "./fixtures";

// Delivery under a signed contract: service records by the implementer, confirmed once
// by the community of delivery only; expenditures against budget lines, budget against
// actual; refusals with field errors that write nothing.

const w = await projectWorld("170301");
const contract = await signedContract(w);
type Delivery = { records: { id: string; confirmedAt: string | null }[]; lines: { lineNo: number; budgetYuan: number; spentYuan: number }[] };

describe("delivery", () => {
  it("records a service, which only the community of delivery confirms, once", async () => {
    const res = await w.org.b.api(api(w, `/projects/contracts/${contract.id}/records`), { method: "POST", json: { heldOn: w.today, place: "和平路社区活动室", participants: 24, summary: "集体生日会与健康讲座。", workerId: w.workers[0] } });
    const delivery = await json<Delivery>(res, 201);
    const record = delivery.records[0]!;
    expect(record.confirmedAt).toBeNull();
    expect((await w.otherCommunity.b.api(api(w, `/projects/contracts/${contract.id}/records/${record.id}/confirm`), { method: "POST" })).status).toBe(404);
    const confirmed = await json<Delivery>(await w.community.b.api(api(w, `/projects/contracts/${contract.id}/records/${record.id}/confirm`), { method: "POST" }), 200);
    expect(confirmed.records[0]!.confirmedAt).not.toBeNull();
    expect((await w.community.b.api(api(w, `/projects/contracts/${contract.id}/records/${record.id}/confirm`), { method: "POST" })).status).toBe(409);
  });

  it("refuses records outside the term or by someone outside the team, writing nothing", async () => {
    const before = await countRows(w.db, "project_service_records");
    const late = await w.org.b.api(api(w, `/projects/contracts/${contract.id}/records`), { method: "POST", json: { heldOn: addDays(w.today, -60), place: "社区", participants: 3, summary: "入户探访。", workerId: "nobody" } });
    expect((await json<{ errors: { field: string }[] }>(late, 422)).errors.map((e) => e.field).sort()).toEqual(["heldOn", "workerId"]);
    const future = await w.org.b.api(api(w, `/projects/contracts/${contract.id}/records`), { method: "POST", json: { heldOn: addDays(w.today, 1), place: "社区", participants: 3, summary: "入户探访。" } });
    expect(future.status).toBe(422);
    expect(await countRows(w.db, "project_service_records")).toBe(before);
  });

  it("sets expenditures against budget lines", async () => {
    await json(await w.org.b.api(api(w, `/projects/contracts/${contract.id}/expenditures`), { method: "POST", json: { lineNo: 1, spentOn: w.today, amountYuan: 12_000, description: "社工补贴（第一季度）" } }), 201);
    const d = await json<Delivery>(await w.org.b.api(api(w, `/projects/contracts/${contract.id}/expenditures`), { method: "POST", json: { lineNo: 1, spentOn: w.today, amountYuan: 3_000, description: "社工补贴（加班）" } }), 201);
    expect(d.lines.map((l) => [l.lineNo, l.budgetYuan, l.spentYuan])).toEqual([
      [1, 50_000, 15_000],
      [2, 30_000, 0],
      [3, 8_000, 0],
    ]);
    const bad = await w.org.b.api(api(w, `/projects/contracts/${contract.id}/expenditures`), { method: "POST", json: { lineNo: 9, spentOn: w.today, amountYuan: 1, description: "其他" } });
    expect((await json<{ errors: { field: string }[] }>(bad, 422)).errors[0]!.field).toBe("lineNo");
    // The buyer sees the same figures on the contract page.
    const html = await (await w.admin.b.fetch(w.path(`/projects/contracts/${contract.id}?lang=zh-CN`))).text();
    expect(html).toContain("预算执行");
    expect(html).toContain("30%");
  });
});
