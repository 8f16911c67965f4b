import { describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { testEnv } from "../helpers";

// Items put on notice before notice items recorded their area take it from their subject
// (migration 0039, kind by kind): an incubation application its park's, a project bid its
// call's, an evaluation its organization's; an assessment's items stay the district's, and
// so does a subject whose own area is unset.

const d = await districtWith("150997", { organizations: 2, people: { admin: "district_admin" } });
const A = `${d.code}001`;
const B = `${d.code}002001`;
const now = new Date().toISOString();

/** Migration 0039's back-fill, as each runtime's test pool hands it over. */
function backfill(): string[] {
  const migration = (testEnv as unknown as { TEST_DISTRICT_MIGRATIONS: { name: string; queries?: string[]; sql?: string }[] }).TEST_DISTRICT_MIGRATIONS.find((m) => m.name.startsWith("0039_"))!;
  return migration.queries ? migration.queries.filter((q) => /^UPDATE notice_items/.test(q.trim())) : [...(migration.sql ?? "").matchAll(/^UPDATE notice_items[^;]*;/gm)].map((m) => m[0]);
}

const run = (sql: string, ...params: unknown[]) => d.db.prepare(sql).bind(...params);

async function notice(id: string, kind: string, subjects: readonly string[]) {
  await d.db.batch([
    run(
      "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, ?, 'b1', '公示', '公示内容', '', ?, ?, 'open', ?, ?, NULL)",
      d.code,
      id,
      kind,
      now,
      now,
      d.admin.id,
      now,
    ),
    ...subjects.map((s) => run("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome) VALUES (?, ?, ?, '某组织', 'admit', 80, 'pending')", d.code, id, s)),
  ]);
}

describe("the notice item area back-fill", () => {
  it("gives each existing item its subject's area, by kind", async () => {
    const [org1, org2] = d.orgIds;
    await d.db.batch([
      run("UPDATE organizations SET area_code = ? WHERE district_id = ? AND id = ?", B, d.code, org1),
      run("UPDATE organizations SET area_code = NULL WHERE district_id = ? AND id = ?", d.code, org2),
      run("INSERT INTO rubrics (district_id, id, title, created_at) VALUES (?, 'r1', '评分表', ?)", d.code, now),
      ...[
        ["park-a", A],
        ["park-d", null],
      ].map(([id, area]) =>
        run(
          "INSERT INTO parks (district_id, id, name, level, area_code, operator_name, address, services_json, physical, virtual, created_at, updated_at) VALUES (?, ?, '孵化园', 'subdistrict', ?, '运营方', '地址', '[]', 1, 0, ?, ?)",
          d.code,
          id,
          area,
          now,
          now,
        ),
      ),
      ...["a", "d"].map((p) =>
        run(
          "INSERT INTO calls (district_id, id, park_id, title, opens_at, closes_at, places, eligibility_text, materials_json, rubric_id, notice_working_days, status, created_by, created_at) VALUES (?, ?, ?, '入驻招募', '2026-01-01', '2026-02-01', 3, '条件', '[]', 'r1', 5, 'published', ?, ?)",
          d.code,
          `call-${p}`,
          `park-${p}`,
          d.admin.id,
          now,
        ),
      ),
      ...["a", "d"].map((p) =>
        run(
          "INSERT INTO applications (district_id, id, call_id, organization_id, applicant_id, status, form_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'in_notice', '{}', ?, ?)",
          d.code,
          `app-${p}`,
          `call-${p}`,
          org1,
          d.admin.id,
          now,
          now,
        ),
      ),
      ...[
        ["pc-a", A],
        ["pc-d", null],
      ].map(([id, area]) =>
        run(
          "INSERT INTO project_calls (district_id, id, kind, title, description, needs, year, area_code, opens_on, closes_on, project_cap_yuan, total_budget_yuan, min_registration_months, allow_founding_teams, admin_cap_percent, instalments, materials, status, created_at, updated_at) VALUES (?, ?, 'venture', '公益创投', '说明', '需求', 2026, ?, '2026-01-01', '2026-02-01', 100, 100, 0, 1, 10, '[]', '[]', 'published', ?, ?)",
          d.code,
          id,
          area,
          now,
          now,
        ),
      ),
      ...["a", "d"].map((p) =>
        run(
          "INSERT INTO project_bids (district_id, id, call_id, organization_id, title, target_group, beneficiaries, activities, indicators, volunteers, amount_yuan, status, created_at, updated_at) VALUES (?, ?, ?, ?, '项目', '居民', 10, '活动', '指标', 1, 50, 'in_review', ?, ?)",
          d.code,
          `bid-${p}`,
          `pc-${p}`,
          org1,
          now,
          now,
        ),
      ),
      run("INSERT INTO evaluation_rounds (district_id, id, title, year, rubric_id, bands_json, status, opened_by, opened_at) VALUES (?, 'round', '评估', 2026, 'r1', '[]', 'open', ?, ?)", d.code, d.admin.id, now),
      ...[
        ["ev-b", org1],
        ["ev-d", org2],
      ].map(([id, org]) => run("INSERT INTO evaluations (district_id, id, round_id, organization_id, status, enrolled_by, enrolled_at) VALUES (?, ?, 'round', ?, 'in_notice', ?, ?)", d.code, id, org, d.admin.id, now)),
    ]);
    await notice("n-inc", "incubation_application", ["app-a", "app-d"]);
    await notice("n-bid", "project_bid", ["bid-a", "bid-d"]);
    await notice("n-ev", "evaluation", ["ev-b", "ev-d"]);
    // An assessment's subject ids name no incubation, bid or evaluation: it stays the district's.
    await notice("n-as", "linkage_assessment", ["app-a"]);

    const statements = backfill();
    expect(statements).toHaveLength(3);
    for (const q of statements) await d.db.prepare(q).run();
    const items = (await run("SELECT notice_id, subject_id, area_code FROM notice_items WHERE district_id = ? ORDER BY notice_id, subject_id", d.code).all()).results;
    expect(items).toEqual([
      { notice_id: "n-as", subject_id: "app-a", area_code: "" },
      { notice_id: "n-bid", subject_id: "bid-a", area_code: A },
      { notice_id: "n-bid", subject_id: "bid-d", area_code: "" },
      { notice_id: "n-ev", subject_id: "ev-b", area_code: B },
      { notice_id: "n-ev", subject_id: "ev-d", area_code: "" },
      { notice_id: "n-inc", subject_id: "app-a", area_code: A },
      { notice_id: "n-inc", subject_id: "app-d", area_code: "" },
    ]);
  });
});
