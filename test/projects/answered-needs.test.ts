import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { projectWorld, signedContract } from "./fixtures";

// A funded project's own pages list the residents' needs its call cites: the public page
// counts them by category and community, never with the resident's words; the contract
// page shows each need to the buyer and the community's staff, counted to the
// organization; nothing of it through another district.

const w = await projectWorld("171303");
const other = await projectWorld("171304", "DISTRICTS_1");
const contract = await signedContract(w);
const callId = (await w.db.prepare("SELECT call_id FROM project_bids WHERE district_id = ? AND id = ?").bind(w.code, contract.bidId).first<{ call_id: string }>())!.call_id;
for (const [id, category] of [
  ["need-a", "elderly"],
  ["need-b", "elderly"],
] as const) {
  await w.db
    .prepare(
      `INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, resident_name, status, priority, due_on, received_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'visit', '王大爷', 'accepted', 'high', '2026-01-10', '2026-01-02T02:00:00Z', '2026-01-02T02:00:00Z', '2026-01-02T02:00:00Z')`,
    )
    .bind(w.code, id, `R${id}`, `${w.code}001001`, category, `独居老人无人探访（${id}）`)
    .run();
  await w.db.prepare("INSERT INTO project_call_needs (district_id, call_id, need_id, cited_by, cited_at) VALUES (?, ?, ?, NULL, '2026-01-05T00:00:00Z')").bind(w.code, callId, id).run();
}

describe("needs a funded project answers", () => {
  it("counts them on the public page without the residents' words", async () => {
    const html = await (await new Browser().fetch(w.path(`/projects/funded/${contract.id}?lang=zh-CN`))).text();
    expect(html).toContain("回应的居民需求（2 条）");
    expect(html).toMatch(/养老助老 · [^<]*：2 条/);
    expect(html).not.toContain("独居老人无人探访");
    expect(html).not.toContain("王大爷");
    expect((await new Browser().fetch(other.path(`/projects/funded/${contract.id}`))).status).toBe(404);
  });

  it("lists each need on the contract page for its staff, and counts them for the organization", async () => {
    for (const who of [w.admin, w.community]) {
      const html = await (await who.b.fetch(w.path(`/projects/contracts/${contract.id}?lang=zh-CN`))).text();
      expect(html).toContain("独居老人无人探访（need-a）");
      expect(html).toContain("已受理，列入社区需求清单");
      expect(html).toContain(`/linkage/needs/need-b`);
      expect(html).not.toContain("王大爷");
    }
    const org = await (await w.org.b.fetch(w.path(`/projects/contracts/${contract.id}?lang=zh-CN`))).text();
    expect(org).toContain("回应的居民需求（2 条）");
    expect(org).not.toContain("独居老人无人探访");
  });
});
