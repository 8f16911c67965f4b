import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, createUser, loadDemoDistrict, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Receipt numbers in an organization's own lists, as on each submission's page: its bids
// (page and JSON) and its incubation applications (page and JSON). A draft has none;
// another organization's member lists none of them; another district's user gets 404.

const d = await loadDemoDistrict(kundulun);
const DB = testEnv.DISTRICTS_0;
const api = (p: string) => `/d/${d.code}/api/v1${p}`;
const signedIn = async (email: string, password?: string) => {
  const b = new Browser();
  expect((await b.signIn(d.code, email, password)).status).toBe(303);
  return b;
};
const org = await signedIn(demoEmail(d, d.people.find((p) => p.key === "org")!), DEMO_PASSWORD);
const neighbour = await signedIn((await createUser(d.code, "DISTRICTS_0", [{ role: "org_member", organizationId: `demo-${d.code}-org-neighbours` }])).email);

/** What the receipts table says each record's number is (null: never submitted). */
async function numbers(kind: string, ids: string[]): Promise<(string | null)[]> {
  const rows = (await DB.prepare(`SELECT subject_id, year, seq FROM receipts WHERE district_id = ? AND kind = ?`).bind(d.code, kind).all<{ subject_id: string; year: number; seq: number }>()).results;
  const by = new Map(rows.map((r) => [r.subject_id, `${d.code}-${r.year}-${String(r.seq).padStart(6, "0")}`]));
  return ids.map((id) => by.get(id) ?? null);
}

describe("receipt numbers in an organization's own lists", () => {
  it("lists the organization's bids with their receipt numbers, in the API and on the page in both languages", async () => {
    const bids = (await (await org.api(api("/projects/bids"))).json()) as { id: string; status: string; receiptNo: string | null }[];
    const expected = await numbers(
      "projects.bid",
      bids.map((b) => b.id),
    );
    expect(bids.map((b) => b.receiptNo)).toEqual(expected);
    const numbered = expected.filter((n): n is string => n !== null);
    expect(numbered.length).toBeGreaterThan(0);
    for (const b of bids) if (b.status === "draft") expect(b.receiptNo).toBeNull();
    const zh = await (await org.fetch(`/d/${d.code}/projects/my-bids`)).text();
    for (const no of numbered) expect(zh).toContain(`办件编号 <span class="receipt">${no}</span>`);
    const en = await (await org.fetch(`/d/${d.code}/projects/my-bids?lang=en`)).text();
    expect(en).toContain(`Receipt number <span class="receipt">${numbered[0]}</span>`);
    await org.fetch(`/d/${d.code}/projects/my-bids?lang=zh-CN`);
  });

  it("lists the organization's applications with their receipt numbers, in the API and on the page", async () => {
    const apps = (await (await org.api(api("/incubation/my-applications"))).json()) as { id: string; status: string; receiptNo: string | null }[];
    expect(apps.length).toBeGreaterThan(0);
    const expected = await numbers(
      "incubation.application",
      apps.map((a) => a.id),
    );
    expect(apps.map((a) => a.receiptNo)).toEqual(expected);
    const numbered = expected.filter((n): n is string => n !== null);
    expect(numbered.length).toBeGreaterThan(0);
    const page = await (await org.fetch(`/d/${d.code}/incubation/my`)).text();
    for (const no of numbered) expect(page).toContain(`办件编号 <span class="receipt">${no}</span>`);
  });

  it("shows another organization's member none of these numbers, and another district's user nothing", async () => {
    const bids = (await (await org.api(api("/projects/bids"))).json()) as { receiptNo: string | null }[];
    const apps = (await (await org.api(api("/incubation/my-applications"))).json()) as { receiptNo: string | null }[];
    const theirs = [...bids, ...apps].map((x) => x.receiptNo).filter((n): n is string => n !== null);
    const other = [await neighbour.api(api("/projects/bids")), await neighbour.api(api("/incubation/my-applications")), await neighbour.fetch(`/d/${d.code}/projects/my-bids`), await neighbour.fetch(`/d/${d.code}/incubation/my`)];
    for (const res of other) {
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const no of theirs) expect(text).not.toContain(no);
    }
    const elsewhere = "150299";
    await districtWith(elsewhere);
    const foreign = new Browser();
    await foreign.signIn(elsewhere, (await createUser(elsewhere, "DISTRICTS_0", [{ role: "district_admin" }])).email);
    expect((await foreign.api(api("/projects/bids"))).status).toBe(404);
    expect((await foreign.fetch(`/d/${d.code}/incubation/my`)).status).toBe(404);
  });
});
