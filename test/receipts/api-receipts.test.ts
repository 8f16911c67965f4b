import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import { receiptsSeed } from "../../src/receipts/seed";
import kundulun from "../../tenants/150203-kundulun.json";
import { runCompiled } from "../../src/tenants/apply";
import { Browser, loadDemoDistrict, testEnv } from "../helpers";

// Receipts (办件编号) in the JSON API wherever a page shows one, and in the demo: the
// seeded submissions carry numbers, so `npm start` shows them on the applicant's page,
// the resident's status page and in the API.

const d = await loadDemoDistrict(kundulun);
const DB = testEnv.DISTRICTS_0;
const NUMBER = new RegExp(`^${d.code}-\\d{4}-\\d{6}$`);
const signedIn = async (key: string) => {
  const b = new Browser();
  await b.signIn(d.code, demoEmail(d, d.people.find((p) => p.key === key)!), DEMO_PASSWORD);
  return b;
};
const api = (p: string) => `/d/${d.code}/api/v1${p}`;
type Receipt = { no: string; check: string; issuedAt: string } | null;
const issued = async (kind: string, id: string) =>
  (await DB.prepare("SELECT year, seq, check_code FROM receipts WHERE district_id = ? AND kind = ? AND subject_id = ?").bind(d.code, kind, id).first<{ year: number; seq: number; check_code: string }>())!;
const numberOf = (r: { year: number; seq: number }) => `${d.code}-${r.year}-${String(r.seq).padStart(6, "0")}`;

describe("receipts of the demo's submissions", () => {
  it("gives every seeded submission one number, distinct, and seeding again adds none", async () => {
    const count = async () =>
      (await DB.prepare("SELECT kind, COUNT(*) AS n, COUNT(DISTINCT year || '-' || seq) AS distinct_numbers FROM receipts WHERE district_id = ? GROUP BY kind").bind(d.code).all<{ kind: string; n: number; distinct_numbers: number }>())
        .results;
    const before = await count();
    const kinds = Object.fromEntries(before.map((r) => [r.kind, r.n]));
    const submitted = async (table: string, at: string) => (await DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE district_id = ? AND ${at} IS NOT NULL`).bind(d.code).first<{ n: number }>())!.n;
    expect(kinds["incubation.application"]).toBe(await submitted("applications", "submitted_at"));
    expect(kinds["projects.bid"]).toBe(await submitted("project_bids", "submitted_at"));
    expect(kinds["linkage.need"]).toBe(await submitted("linkage_needs", "received_at"));
    expect(kinds["review.objection"]).toBe(await submitted("notice_objections", "filed_at"));
    const all = await DB.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT year || '-' || seq) AS d FROM receipts WHERE district_id = ?").bind(d.code).first<{ n: number; d: number }>();
    expect(all!.n).toBeGreaterThan(4);
    expect(all!.d).toBe(all!.n);
    await runCompiled(DB, await receiptsSeed(d, {} as never));
    expect(await count()).toEqual(before);
  });
});

describe("receipts in the JSON API", () => {
  it("answers an application, to its organization, with the receipt its page shows", async () => {
    const org = await signedIn("org");
    const id = `demo-${d.code}-inc-app-admitted`;
    const r = await issued("incubation.application", id);
    const body = (await (await org.api(api(`/incubation/applications/${id}`))).json()) as { receipt: Receipt };
    expect(body.receipt).toMatchObject({ no: numberOf(r), check: r.check_code });
    expect(body.receipt!.no).toMatch(NUMBER);
    expect(await (await org.fetch(`/d/${d.code}/incubation/applications/${id}`)).text()).toContain(body.receipt!.no);
  });

  it("answers a bid with its receipt for its organization only", async () => {
    const bid = (await DB.prepare("SELECT b.id FROM project_bids b JOIN organizations o ON o.district_id = b.district_id AND o.id = b.organization_id WHERE b.district_id = ? AND b.submitted_at IS NOT NULL AND o.name = ?")
      .bind(d.code, "昆都仑区阳光社会工作服务中心")
      .first<{ id: string }>())!;
    const r = await issued("projects.bid", bid.id);
    const mine = (await (await (await signedIn("org")).api(api(`/projects/bids/${bid.id}`))).json()) as { receipt: Receipt };
    expect(mine.receipt).toMatchObject({ no: numberOf(r), check: r.check_code });
    const staff = await (await signedIn("admin")).api(api(`/projects/bids/${bid.id}`));
    expect(staff.status).toBe(200);
    expect(((await staff.json()) as { receipt: Receipt }).receipt).toBeNull();
  });

  it("answers the resident's need status, and staff's view of the need, with the receipt", async () => {
    const needs = (await DB.prepare("SELECT id, receipt_code, community_code FROM linkage_needs WHERE district_id = ? ORDER BY received_at").bind(d.code).all<{ id: string; receipt_code: string; community_code: string }>()).results;
    expect(needs.length).toBeGreaterThan(0);
    // Every demo need can be found by its code, as a resident types it from the status page.
    for (const need of needs) {
      const r = await issued("linkage.need", need.id);
      const res = await new Browser().fetch(api(`/needs/status/${need.receipt_code}`));
      expect(res.status, need.receipt_code).toBe(200);
      expect(((await res.json()) as { receipt: Receipt }).receipt).toMatchObject({ no: numberOf(r), check: r.check_code });
    }
    const need = needs.find((n) => n.community_code === "150203001001")!;
    const staff = (await (await (await signedIn("shequ")).api(api(`/linkage/needs/${need.id}`))).json()) as { receipt: Receipt };
    expect(staff.receipt?.no).toBe(numberOf(await issued("linkage.need", need.id)));
  });

  it("answers a filed objection with its new receipt", async () => {
    const notice = (await DB.prepare("SELECT id FROM public_notices WHERE district_id = ? AND status = 'open' AND ends_at > ? ORDER BY ends_at DESC LIMIT 1").bind(d.code, new Date().toISOString()).first<{ id: string }>())!;
    const filed = await new Browser().api(api(`/notices/${notice.id}/objections`), { method: "POST", json: { name: "居民王先生", contact: "13800138000", content: "公示名单中的组织近期未在社区开展活动。" } });
    expect(filed.status).toBe(201);
    const body = (await filed.json()) as { id: string; receipt: Receipt };
    const r = await issued("review.objection", body.id);
    expect(body.receipt).toMatchObject({ no: numberOf(r), check: r.check_code });
  });
});
