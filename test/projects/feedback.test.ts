import { describe, expect, it } from "vitest";
import { Browser, countRows } from "../helpers";
import { addDays, api, json, awardedBid, projectWorld, signedContract } from "./fixtures";

// Residents' feedback without an account: field errors beside the fields with values
// kept; one response per device token or per phone number (kept only encrypted); a
// double-submitted form counts once; the satisfaction figure on the public page; the QR
// poster with the link's short code (old links by contract id move to it); nothing
// reachable before signing or through another district.

const w = await projectWorld("170701");
const other = await projectWorld("170702", "DISTRICTS_1");
const contract = await signedContract(w);
const code = (await w.db.prepare("SELECT feedback_code FROM project_contracts WHERE district_id = ? AND id = ?").bind(w.code, contract.id).first<{ feedback_code: string }>())!.feedback_code;
const form = `/f/${code}`;
const count = () => countRows(w.db, "project_feedback", "district_id = ? AND contract_id = ?", w.code, contract.id);
const onceOf = (html: string) => /name="_once" value="([^"]+)"/.exec(html)![1]!;

describe("beneficiary feedback", () => {
  it("keeps typed values beside errors and writes nothing", async () => {
    const b = new Browser();
    const page = await (await b.fetch(w.path(form))).text();
    expect(page).toContain("非常满意");
    expect(b.cookies.has("fb_device")).toBe(true);
    const noRating = await b.submit(w.path(form), { comment: "活动很好" });
    expect(noRating.status).toBe(422);
    const html = await noRating.text();
    expect(html).toContain('id="f-rating-error"');
    expect(html).toContain("活动很好");
    const noConsent = await b.submit(w.path(form), { rating: "4", phone: "13800138000" });
    expect(noConsent.status).toBe(422);
    expect(await noConsent.text()).toContain('id="f-consent-error"');
    expect(await count()).toBe(0);
  });

  it("counts one response per device and per phone, and a double submit once", async () => {
    const b = new Browser();
    const page = await (await b.fetch(w.path(form))).text();
    const body = { _csrf: b.csrf, _once: onceOf(page), rating: "5", comment: "老人们很喜欢" };
    const [first, second] = await Promise.all([b.fetch(w.path(form), { method: "POST", form: body }), b.fetch(w.path(form), { method: "POST", form: body })]);
    expect([first.status, second.status]).toEqual([303, 303]);
    // The repeat is the first's response replayed, not a second answer refused.
    expect(first.headers.get("location")).toContain("sent=1");
    expect(second.headers.get("location")).toContain("sent=1");
    expect(await count()).toBe(1);
    const again = await b.submit(w.path(form), { rating: "1" });
    expect(again.headers.get("location")).toContain("again=1");
    expect(await (await b.fetch(again.headers.get("location")!.replace(/^https?:\/\/[^/]+/, ""))).text()).toContain("您已经评价过这个项目");

    const withPhone = new Browser();
    expect((await withPhone.submit(w.path(form), { rating: "2", phone: "13800138000", consent: "1" })).headers.get("location")).toContain("sent=1");
    const samePhone = new Browser();
    expect((await samePhone.submit(w.path(form), { rating: "5", phone: "13800138000", consent: "1" })).headers.get("location")).toContain("again=1");
    expect(await count()).toBe(2);
    const stored = await w.db.prepare("SELECT phone_protected, respondent_key FROM project_feedback WHERE district_id = ? AND phone_protected IS NOT NULL").bind(w.code).first<{ phone_protected: string; respondent_key: string }>();
    expect(stored!.phone_protected).not.toContain("13800138000");
    expect(stored!.respondent_key).not.toContain("13800138000");

    // Satisfaction: ratings 5 and 2 average 3.5 on the public page, as in the list; one of two
    // rated 4 or 5 for the parties.
    expect(await (await new Browser().fetch(w.path(`/projects/funded/${contract.id}?lang=zh-CN`))).text()).toContain("平均 3.5 分（满分 5 分）· 2 人评分");
    const list = await json<{ feedback: { satisfactionPercent: number } }>(await w.org.b.api(api(w, `/projects/contracts/${contract.id}/evaluations`)), 200);
    expect(list.feedback.satisfactionPercent).toBe(50);
  });

  it("prints a QR poster leading to the form", async () => {
    const svg = await new Browser().fetch(w.path(`${form}/qr.svg`));
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(await svg.text()).toContain("<svg");
    const poster = await (await new Browser().fetch(w.path(`${form}/poster?lang=zh-CN`))).text();
    expect(poster).toContain(`/d/${w.code}/f/${code}`);
    expect(poster).toContain(`反馈码：<strong class="receipt">${code}</strong>`);
    expect(code).toMatch(/^[0-9a-f]{8}$/);
  });

  it("moves links printed with the contract id to the short code", async () => {
    for (const rest of ["", "/poster", "/qr.svg"]) {
      const old = await new Browser().fetch(w.path(`/f/${contract.id}${rest}`));
      expect(old.status).toBe(301);
      expect(old.headers.get("location")).toBe(w.path(`/f/${code}${rest}`));
    }
    expect((await new Browser().fetch(w.path("/f/0000000g"))).status).toBe(404);
    expect((await new Browser().fetch(other.path(`/f/${code}/poster`))).status).toBe(404);
  });

  it("answers 404 before signing and through another district", async () => {
    const { bidId } = await awardedBid(w);
    const pending = await json<{ id: string }>(
      await w.admin.b.api(api(w, `/projects/bids/${bidId}/contract`), { method: "POST", json: { startsOn: w.today, endsOn: addDays(w.today, 200), deliverables: "探访 1,000 人次，满意度 90% 以上。" } }),
      201,
    );
    expect((await new Browser().fetch(w.path(`/f/${pending.id}`))).status).toBe(404);
    expect((await new Browser().submit(w.path(`/f/${pending.id}`), { rating: "5" }, w.path("/projects"))).status).toBe(404);
    expect((await new Browser().fetch(other.path(form))).status).toBe(404);
    expect((await new Browser().submit(other.path(form), { rating: "5" }, other.path("/projects"))).status).toBe(404);
    expect((await new Browser().fetch(other.path(`${form}/qr.svg`))).status).toBe(404);
  });
});
