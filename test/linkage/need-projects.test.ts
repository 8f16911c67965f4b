import { describe, expect, it } from "vitest";
import { Browser, countRows } from "../helpers";
import { projectWorld, submittedBid } from "../projects/fixtures";
import { needOf, residentNeed } from "./fixtures";

// From needs to projects: a call cites accepted needs of its area (and nothing else), the
// need's staff and status pages name the project answering it, and once the project is
// completed a resident who left a phone rates it, once. Other districts answer 404.

const A = await projectWorld("170331");
const B = await projectWorld("170332", "DISTRICTS_1");

async function accept(receipt: string): Promise<string> {
  const need = (await needOf(A, receipt))!;
  const res = await A.community.b.submit(A.path(`/linkage/needs/${need.id}/answer`), { outcome: "accepted", category: "elderly", priority: "normal", answer: "", version: String(need.version) });
  expect(res.status).toBe(303);
  return need.id;
}

describe("needs answered by projects", () => {
  it("are cited by a call, shown on the need, and rated once when the project is completed", async () => {
    const withPhone = await residentNeed(A, { name: "张阿姨", phone: "13912340001", consent: "1" });
    const withoutPhone = await residentNeed(A, {});
    const unaccepted = await residentNeed(A, { description: "楼道灯坏了，请修理。" });
    const [n1, n2] = [await accept(withPhone), await accept(withoutPhone)];
    const { callId, bidId } = await submittedBid(A);

    // Only accepted needs of the call's area can be cited.
    const page = await (await A.admin.b.fetch(A.path(`/linkage/calls/${callId}/needs`))).text();
    expect(page).toContain(`${withPhone.slice(0, 4)}-${withPhone.slice(4)}`);
    expect(page).not.toContain(`${unaccepted.slice(0, 4)}-${unaccepted.slice(4)}`);
    const other = (await needOf(A, unaccepted))!.id;
    const refused = await A.admin.b.submit(A.path(`/linkage/calls/${callId}/needs`), { [`needIds.${n1}`]: "1", [`needIds.${other}`]: "1" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('id="f-needIds-error"');
    expect(await countRows(A.db, "project_call_needs", "district_id = ?", A.code)).toBe(0);
    expect((await A.admin.b.submit(A.path(`/linkage/calls/${callId}/needs`), { [`needIds.${n1}`]: "1", [`needIds.${n2}`]: "1" })).status).toBe(303);
    expect(await countRows(A.db, "project_call_needs", "district_id = ? AND call_id = ?", A.code, callId)).toBe(2);
    // Another district's staff do not reach the call.
    expect((await B.admin.b.fetch(B.path(`/linkage/calls/${callId}/needs`))).status).toBe(404);
    expect((await B.admin.b.submit(B.path(`/linkage/calls/${callId}/needs`), { [`needIds.${n1}`]: "1" })).status).toBe(404);

    const status = () => new Browser().fetch(A.path(`/needs/status/${withPhone}`)).then((r) => r.text());
    expect(await status()).toContain("正在选择承接机构");

    // The bid is funded, then completed.
    await A.db
      .prepare("INSERT INTO project_contracts (district_id, id, bid_id, amount_yuan, starts_on, ends_on, deliverables, status, created_at, updated_at) VALUES (?, 'c1', ?, 88000, '2026-01-01', '2026-06-30', '探访', 'signed', 'x', 'x')")
      .bind(A.code, bidId)
      .run();
    expect(await status()).toContain("银龄守望：独居老人探访");
    expect(await status()).not.toContain('name="rating"');
    const staff = await (await A.community.b.fetch(A.path(`/linkage/needs/${n1}`))).text();
    expect(staff).toContain("正在由项目「银龄守望：独居老人探访」");
    await A.db.prepare("UPDATE project_contracts SET status = 'completed', version = version + 1 WHERE district_id = ? AND id = 'c1'").bind(A.code).run();

    // The resident without a phone is not asked; the one with a phone is.
    expect(await new Browser().fetch(A.path(`/needs/status/${withoutPhone}`)).then((r) => r.text())).not.toContain('name="rating"');
    const b = new Browser();
    const rating = A.path(`/needs/status/${withPhone}/rating`);
    const form = await (await b.fetch(A.path(`/needs/status/${withPhone}`))).text();
    expect(form).toContain('name="rating"');
    const once = () => /name="_once" value="([^"]+)"/.exec(form)![1]!;
    const bad = await b.fetch(rating, { method: "POST", form: { _csrf: b.csrf, _once: once(), contractId: "c1", rating: "9", comment: "很好" } });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-rating-error"');
    expect(badHtml).toContain("很好");
    const ok = await b.fetch(rating, { method: "POST", form: { _csrf: b.csrf, _once: once(), contractId: "c1", rating: "4", comment: "社工每周都来" } });
    expect(ok.status).toBe(303);
    const after = await status();
    expect(await new Browser().fetch(A.path(`/needs/status/${withPhone}?lang=en`)).then((r) => r.text())).toContain("has ended");
    expect(after).toContain("★★★★☆");
    expect(after).not.toContain('name="rating"');
    const again = await b.fetch(rating, { method: "POST", form: { _csrf: b.csrf, contractId: "c1", rating: "1" } });
    expect(again.status).toBe(409);
    expect(await countRows(A.db, "linkage_need_ratings", "district_id = ?", A.code)).toBe(1);
    expect(await countRows(A.db, "audit_events", "district_id = ? AND action = 'linkage.project_rated'", A.code)).toBe(1);
    expect(await countRows(A.db, "audit_events", "district_id = ? AND action = 'linkage.call_needs_cited'", A.code)).toBe(1);
    expect((await new Browser().fetch(A.path(`/needs/status/${withoutPhone}/rating`), { method: "POST" })).status).not.toBe(303);
    // A receipt of this district means nothing in another.
    expect((await new Browser().fetch(B.path(`/needs/status/${withPhone}`))).status).toBe(404);
  });
});
