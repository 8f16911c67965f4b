import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg } from "./fixtures";

// The JSON API serves a disclosure as the public page does: every version's structured
// content (a correction adds a version), for verified organizations only, under the
// organization it belongs to; the OpenAPI document describes it.

const D = "150993";
const { db } = await districtWith(D, { shard: "DISTRICTS_1" });

async function disclosure(orgId: string, id: string) {
  await db.batch([
    db
      .prepare(
        "INSERT INTO disclosures (district_id, id, organization_id, kind, report_year, title, current_version, first_published_at, updated_at) VALUES (?, ?, ?, 'annual_report', 2025, '2025年度工作报告', 2, '2026-03-01T02:00:00Z', '2026-04-01T02:00:00Z')",
      )
      .bind(D, id, orgId),
    db
      .prepare("INSERT INTO disclosure_versions (district_id, disclosure_id, version, title, content_json, correction_note, published_at, published_by) VALUES (?, ?, 1, '2025年度工作报告', ?, NULL, '2026-03-01T02:00:00Z', 'u')")
      .bind(D, id, JSON.stringify({ assets: "100000.00", activities: "开展助老服务" })),
    db
      .prepare("INSERT INTO disclosure_versions (district_id, disclosure_id, version, title, content_json, correction_note, published_at, published_by) VALUES (?, ?, 2, '2025年度工作报告', ?, '更正资产总额', '2026-04-01T02:00:00Z', 'u')")
      .bind(D, id, JSON.stringify({ assets: "120000.00", activities: "开展助老服务" })),
  ]);
}

describe("disclosures in the JSON API", () => {
  it("returns every version's content under its organization, 404 under another or for an unverified one, and is in OpenAPI", async () => {
    const org = await insertOrg(db, D, { name: "接口公开测试中心" });
    const other = await insertOrg(db, D, { name: "另一家测试中心" });
    const unverified = await insertOrg(db, D, { name: "未核实的测试中心", verification: "unverified" });
    await disclosure(org.id, "dis-api-1");
    await disclosure(unverified.id, "dis-api-2");
    const b = new Browser();
    const res = await b.fetch(`/d/${D}/api/v1/organizations/${org.id}/disclosures/dis-api-1`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { versions: { version: number; content: Record<string, string>; correctionNote: string | null }[]; reportYear: number; version: number };
    expect(body).toMatchObject({ reportYear: 2025, version: 2 });
    expect(body.versions.map((v) => [v.version, v.content.assets, v.correctionNote])).toEqual([
      [2, "120000.00", "更正资产总额"],
      [1, "100000.00", null],
    ]);
    expect((await b.fetch(`/d/${D}/api/v1/organizations/${other.id}/disclosures/dis-api-1`)).status).toBe(404);
    expect((await b.fetch(`/d/${D}/api/v1/organizations/${unverified.id}/disclosures/dis-api-2`)).status).toBe(404);
    const openapi = (await (await b.fetch("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain("/organizations/{orgId}/disclosures/{disclosureId}");
  });
});
