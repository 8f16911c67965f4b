import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { addDays, api, awardedBid, callBody, closeProposeAndSettle, completeBid, json, projectWorld, scoreBid, sendToReview, submittedBid } from "./fixtures";

// The project chain through the JSON API: catalogue and budgets, a call, a bid from
// draft to submission (and back for completion), the award (through the review engine), the contract confirmed by its three parties, and the instalments paid once.

const w = await projectWorld("170101");

type Budget = { id: string; amountYuan: number; committedYuan: number; paidYuan: number; remainingYuan: number; version: number };
const budgets = async () => json<Budget[]>(await w.admin.b.api(api(w, `/projects/budgets?year=${w.year}`)), 200);

describe("catalogue and budgets", () => {
  it("refuses a duplicate category and a duplicate budget with field errors", async () => {
    const res = await w.admin.b.api(api(w, "/projects/categories"), { method: "POST", json: { nameZh: "养老扶幼", nameEn: "Again", purchaseMethod: "subsidy" } });
    const body = await json<{ errors: { field: string }[] }>(res, 422);
    expect(body.errors[0]!.field).toBe("nameZh");
    const dup = await w.admin.b.api(api(w, "/projects/budgets"), { method: "POST", json: { year: w.year, categoryId: w.categoryId, areaCode: "", amountYuan: 1 } });
    expect((await json<{ errors: { field: string }[] }>(dup, 422)).errors[0]!.field).toBe("categoryId");
  });

  it("lets sub-district staff budget for their own 街道 only", async () => {
    const own = await w.sub.b.api(api(w, "/projects/budgets"), { method: "POST", json: { year: w.year, categoryId: w.categoryId, areaCode: `${w.code}001`, amountYuan: 80_000 } });
    await json(own, 201);
    const other = await w.sub.b.api(api(w, "/projects/budgets"), { method: "POST", json: { year: w.year, categoryId: w.categoryId, areaCode: `${w.code}002`, amountYuan: 80_000 } });
    expect((await json<{ errors: { field: string }[] }>(other, 422)).errors[0]!.field).toBe("areaCode");
    const seen = await json<Budget[]>(await w.sub.b.api(api(w, "/projects/budgets")), 200);
    expect(seen.map((b) => b.amountYuan)).toEqual([80_000]);
  });

  it("refuses a call above the remaining budget, writing nothing", async () => {
    const before = await countRows(w.db, "project_calls");
    const res = await w.admin.b.api(api(w, "/projects/calls"), { method: "POST", json: callBody(w, { totalBudgetYuan: 600_000 }) });
    const body = await json<{ errors: { field: string }[] }>(res, 422);
    expect(body.errors.map((e) => e.field)).toContain("totalBudgetYuan");
    const bad = await w.admin.b.api(api(w, "/projects/calls"), { method: "POST", json: callBody(w, { instalments: "30,30", closesOn: addDays(w.today, -1) }) });
    expect((await json<{ errors: { field: string }[] }>(bad, 422)).errors.map((e) => e.field).sort()).toEqual(["closesOn", "instalments"]);
    expect(await countRows(w.db, "project_calls")).toBe(before);
  });
});

describe("bids", () => {
  it("saves drafts, refuses an incomplete submission field by field, returns and resubmits", async () => {
    const call = await json<{ id: string; version: number }>(await w.admin.b.api(api(w, "/projects/calls"), { method: "POST", json: callBody(w) }), 201);
    // A draft call takes no bids; anonymous visitors do not see it.
    expect((await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { title: "x" } })).status).toBe(404);
    await json(await w.admin.b.api(api(w, `/projects/calls/${call.id}/publish`), { method: "POST", json: { version: call.version } }), 200);

    const draft = await json<{ id: string; version: number; status: string }>(await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { title: "银龄守望" } }), 200);
    expect(draft.status).toBe("draft");
    // The save answers the bid exactly as reading it back shows it.
    // (The detail adds the bid's receipt, which only a submission takes.)
    const readBack = async (id: string) => {
      const { receipt, ...bid } = await json<Record<string, unknown>>(await w.org.b.api(api(w, `/projects/bids/${id}`)), 200);
      return bid;
    };
    expect(draft).toEqual(await readBack(draft.id));
    const incomplete = await w.org.b.api(api(w, `/projects/bids/${draft.id}/submit`), { method: "POST", json: { version: draft.version } });
    const fields = (await json<{ errors: { field: string }[] }>(incomplete, 422)).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["categoryId", "targetGroup", "activities", "communityCode", "lines", "team"]));

    // A stale version loses; the current one saves.
    const saved = await json<{ version: number; amountYuan: number; team: { certified: boolean; lead: boolean }[] }>(
      await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { ...completeBid(w), version: draft.version } }),
      200,
    );
    expect(saved.amountYuan).toBe(88_000);
    expect(saved).toEqual(await readBack(draft.id));
    expect(saved.team.filter((m) => m.certified)).toHaveLength(1);
    expect((await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { ...completeBid(w), version: draft.version } })).status).toBe(409);

    // Admin costs above the call's share, then above the cap.
    const heavy = completeBid(w, {
      lines: [
        { kind: "personnel", item: "社工", amountYuan: 50_000 },
        { kind: "admin", item: "管理", amountYuan: 20_000 },
      ],
    });
    const v2 = (await json<{ version: number }>(await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { ...heavy, version: saved.version } }), 200)).version;
    const refused = await w.org.b.api(api(w, `/projects/bids/${draft.id}/submit`), { method: "POST", json: { version: v2 } });
    expect((await json<{ errors: { field: string; code: string }[] }>(refused, 422)).errors[0]).toMatchObject({ field: "lines", code: "adminCap" });
    const v3 = (await json<{ version: number }>(await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { ...completeBid(w), version: v2 } }), 200)).version;
    const submitted = await json<{ status: string; version: number }>(await w.org.b.api(api(w, `/projects/bids/${draft.id}/submit`), { method: "POST", json: { version: v3 } }), 200);
    expect(submitted.status).toBe("submitted");
    expect((await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { ...completeBid(w), version: submitted.version } })).status).toBe(409);

    const returned = await json<{ status: string; returnReason: string; version: number }>(
      await w.admin.b.api(api(w, `/projects/bids/${draft.id}/return`), { method: "POST", json: { reason: "请补充合作社区的确认函。", version: submitted.version } }),
      200,
    );
    expect(returned).toMatchObject({ status: "returned", returnReason: "请补充合作社区的确认函。" });
    const resaved = await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: { ...completeBid(w, { team: [...completeBid(w).team].reverse() }), version: returned.version } });
    const kept = await json<{ status: string; returnReason: string; version: number }>(resaved, 200);
    expect(kept).toMatchObject({ status: "returned", returnReason: "请补充合作社区的确认函。" });
    expect(kept).toEqual(await readBack(draft.id));
    const again = await json<{ status: string }>(await w.org.b.api(api(w, `/projects/bids/${draft.id}/submit`), { method: "POST", json: { version: kept.version } }), 200);
    expect(again.status).toBe("submitted");
    const mine = await json<{ id: string }[]>(await w.org.b.api(api(w, "/projects/bids")), 200);
    expect(mine.map((b) => b.id)).toContain(draft.id);
    expect(await countRows(w.db, "audit_events", "district_id = ? AND action LIKE 'projects.bid_%' AND target_id = ?", w.code, draft.id)).toBe(8);
  });

  it("refuses organizations on a credit list at submission and before payment", async () => {
    const { bidId } = await awardedBid(w);
    const contract = await json<{ id: string; version: number }>(
      await w.admin.b.api(api(w, `/projects/bids/${bidId}/contract`), { method: "POST", json: { startsOn: w.today, endsOn: addDays(w.today, 300), deliverables: "探访 1,000 人次，满意度 90% 以上。" } }),
      201,
    );
    let version = contract.version;
    for (const [b, party] of [
      [w.admin.b, "buyer"],
      [w.org.b, "implementer"],
      [w.community.b, "community"],
    ] as const) {
      version = (await json<{ version: number }>(await b.api(api(w, `/projects/contracts/${contract.id}/confirm`), { method: "POST", json: { party, version } }), 200)).version;
    }
    await w.db
      .prepare(
        "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, exited_on, created_at) VALUES (?, 'cl-1', ?, 'abnormal', '未按规定报送年度报告', '《社会组织信用信息管理办法》', '区民政局', ?, NULL, ?)",
      )
      .bind(w.code, w.orgIds[0], w.today, new Date().toISOString())
      .run();
    const res = await w.admin.b.api(api(w, `/projects/contracts/${contract.id}/instalments/1/release`), { method: "POST", json: { paidOn: w.today, reference: "ZF-0001" } });
    expect((await json<{ code: string }>(res, 409)).code).toBe("credit_listed");
    expect(await countRows(w.db, "project_instalments", "contract_id = ? AND status = 'paid'", contract.id)).toBe(0);

    const call = await json<{ id: string; version: number }>(await w.admin.b.api(api(w, "/projects/calls"), { method: "POST", json: callBody(w, { totalBudgetYuan: 100_000 }) }), 201);
    await json(await w.admin.b.api(api(w, `/projects/calls/${call.id}/publish`), { method: "POST", json: { version: call.version } }), 200);
    const bid = await json<{ id: string; version: number }>(await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: completeBid(w) }), 200);
    const refused = await w.org.b.api(api(w, `/projects/bids/${bid.id}/submit`), { method: "POST", json: { version: bid.version } });
    expect((await json<{ code: string }>(refused, 409)).code).toBe("credit_listed");
    await w.db.prepare("UPDATE credit_list_entries SET exited_on = ? WHERE district_id = ? AND id = 'cl-1'").bind(w.today, w.code).run();
  });
});

describe("contracts and payments", () => {
  it("moves the budget figures from award to payment, and pays an instalment once under concurrency", async () => {
    const start = (await budgets()).find((b) => b.amountYuan === 500_000)!;
    const { bidId, amountYuan } = await submittedBid(w, { closesOn: w.today });
    // No contract before the award.
    expect((await w.admin.b.api(api(w, `/projects/bids/${bidId}/contract`), { method: "POST", json: { startsOn: w.today, endsOn: addDays(w.today, 300), deliverables: "探访 1,000 人次，满意度 90% 以上。" } })).status).toBe(409);
    const callId = (await json<{ callId: string }>(await w.admin.b.api(api(w, `/projects/bids/${bidId}`)), 200)).callId;
    await sendToReview(w, callId, bidId);
    await scoreBid(w, bidId, 80);
    await closeProposeAndSettle(w, callId);
    const committed = (await budgets()).find((b) => b.id === start.id)!;
    expect(committed.committedYuan - start.committedYuan).toBe(amountYuan);
    expect(committed.remainingYuan).toBe(committed.amountYuan - committed.committedYuan);

    const tooLong = await w.admin.b.api(api(w, `/projects/bids/${bidId}/contract`), { method: "POST", json: { startsOn: w.today, endsOn: addDays(w.today, 400), deliverables: "探访 1,000 人次，满意度 90% 以上。" } });
    expect((await json<{ errors: { field: string }[] }>(tooLong, 422)).errors[0]!.field).toBe("endsOn");
    const contract = await json<{ id: string; version: number; instalments: { seq: number; amountYuan: number; gate: string; status: string }[] }>(
      await w.admin.b.api(api(w, `/projects/bids/${bidId}/contract`), { method: "POST", json: { startsOn: w.today, endsOn: addDays(w.today, 300), deliverables: "探访 1,000 人次，满意度 90% 以上。" } }),
      201,
    );
    expect(contract.instalments.map((i) => [i.amountYuan, i.gate, i.status])).toEqual([
      [26_400, "signing", "scheduled"],
      [35_200, "midterm", "scheduled"],
      [26_400, "final", "scheduled"],
    ]);

    // Another community's staff cannot see it; nobody confirms for a party they are not.
    expect((await w.otherCommunity.b.api(api(w, `/projects/contracts/${contract.id}`))).status).toBe(404);
    const wrongParty = await w.org.b.api(api(w, `/projects/contracts/${contract.id}/confirm`), { method: "POST", json: { party: "buyer", version: contract.version } });
    expect((await json<{ errors: { field: string }[] }>(wrongParty, 422)).errors[0]!.field).toBe("party");
    // Not due before signing.
    expect((await w.admin.b.api(api(w, `/projects/contracts/${contract.id}/instalments/1/release`), { method: "POST", json: { paidOn: w.today, reference: "ZF-0002" } })).status).toBe(409);

    let version = contract.version;
    let status = "";
    for (const [b, party] of [
      [w.admin.b, "buyer"],
      [w.org.b, "implementer"],
      [w.community.b, "community"],
    ] as const) {
      const after = await json<{ version: number; status: string }>(await b.api(api(w, `/projects/contracts/${contract.id}/confirm`), { method: "POST", json: { party, version } }), 200);
      version = after.version;
      status = after.status;
    }
    expect(status).toBe("signed");

    const release = () => w.admin.b.api(api(w, `/projects/contracts/${contract.id}/instalments/1/release`), { method: "POST", json: { paidOn: w.today, reference: "ZF-0003" } });
    const results = await Promise.all([release(), release(), release()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await countRows(w.db, "audit_events", "district_id = ? AND action = 'projects.instalment_paid' AND target_id = ?", w.code, contract.id)).toBe(1);
    const paid = (await budgets()).find((b) => b.id === start.id)!;
    expect(paid.paidYuan - start.paidYuan).toBe(26_400);
    // The mid-term instalment waits for its evaluation.
    expect((await w.admin.b.api(api(w, `/projects/contracts/${contract.id}/instalments/2/release`), { method: "POST", json: { paidOn: w.today, reference: "ZF-0004" } })).status).toBe(409);
    // A budget cannot fall below what is committed.
    const low = await w.admin.b.api(api(w, `/projects/budgets/${start.id}`), { method: "PUT", json: { amountYuan: 1_000, version: paid.version } });
    expect((await json<{ errors: { field: string }[] }>(low, 422)).errors[0]!.field).toBe("amountYuan");
  });
});
