import type { CompiledQuery } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { addWorkingDays, endOfBeijingDay } from "../../lib/beijing-time";
import type { ModuleSeed } from "../../seed/demo";
import { rankOf, totalOf } from "./assessment";
import type { Figures } from "./assessment-figures";
import { INDICATORS } from "./seed-meetings";
import { ASSESSMENT_KIND } from "./subject-kinds";

// A demo assessment on public notice (公示): this year's ranking of 沼潭街道's
// communities, put on notice two days ago, so a new user sees the notice, may object to
// it, and sees it settle into the published ranking. The frozen figures are as they stood
// when it was put on notice. Fixed ids; idempotent.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

/** Communities of 沼潭街道 and their figures when the ranking went on notice. */
const COMMUNITIES: Record<string, { code: string; name: string; figures: Figures }[]> = {
  "150203": [
    { code: "150203001001", name: "和平路社区", figures: { needs_on_time: 95, meetings_held: 4, actions_on_time: 90, workers_per_10k: 5.2 } },
    { code: "150203001002", name: "沼潭社区", figures: { needs_on_time: 80, meetings_held: 3, actions_on_time: 75, workers_per_10k: 3.8 } },
    { code: "150203001003", name: "包钢七小社区", figures: { needs_on_time: 88.9, meetings_held: 4, actions_on_time: 100, workers_per_10k: 2.9 } },
    { code: "150203001004", name: "富强路社区", figures: { needs_on_time: 66.7, meetings_held: 2, actions_on_time: 50, workers_per_10k: 4.4 } },
  ],
};

export const linkageNoticeSeed: ModuleSeed = async (district, ctx) => {
  const d = district.code;
  const communities = COMMUNITIES[d];
  if (!communities) return [];
  const year = Number(new Date(Date.parse(ctx.now) + 8 * 3600_000).toISOString().slice(0, 4));
  const id = `demo-${d}-assessment-${year}-community`;
  const noticeId = `${id}-notice`;
  const admin = ctx.personId("admin");
  const title = `${year}年度沼潭街道社区三社联动观摩评比`;
  const startsAt = new Date(Date.parse(ctx.now) - 2 * 86400_000).toISOString();
  const endsAt = endOfBeijingDay(addWorkingDays(startsAt, 5));
  const noItems = { id: "", title: "", lockedAt: null, items: [] };
  const totals = communities.map((c) => totalOf(INDICATORS, c.figures, noItems, []));
  const ranks = rankOf(totals);
  const put = <T extends keyof DistrictDB>(table: T, values: Record<string, unknown> | Record<string, unknown>[]) =>
    db
      .insertInto(table)
      .values(values as never)
      .onConflict((oc) => oc.doNothing())
      .compile();
  const out: CompiledQuery[] = [
    put("rubrics", { district_id: d, id: `${id}-rubric`, title, locked_at: null, created_at: startsAt }),
    put("public_notices", {
      district_id: d,
      id: noticeId,
      subject_kind: ASSESSMENT_KIND,
      batch_id: id,
      title: `${title}结果公示`,
      body: `${title}的得分和名次现予公示。对结果有异议的，请在公示期内提出。`,
      reviewers_text: "",
      starts_at: startsAt,
      ends_at: endsAt,
      status: "open",
      published_by: admin,
      published_at: startsAt,
      closed_at: null,
    }),
    put("linkage_assessments", {
      district_id: d,
      id,
      year,
      level: "community",
      title,
      rubric_id: `${id}-rubric`,
      status: "scoring",
      published_at: null,
      published_by: admin,
      notice_id: noticeId,
      created_by: admin,
      version: 2,
      created_at: startsAt,
      updated_at: startsAt,
    }),
    put(
      "linkage_assessment_indicators",
      INDICATORS.map((i) => ({ district_id: d, assessment_id: id, ...i })),
    ),
    put(
      "linkage_assessment_subjects",
      communities.map((c, i) => ({ district_id: d, id: `${id}-${c.code}`, assessment_id: id, area_code: c.code, total: totals[i], rank: ranks[i], figures: JSON.stringify(c.figures), final: 0 })),
    ),
    put(
      "notice_items",
      communities.map((c, i) => ({ district_id: d, notice_id: noticeId, subject_id: `${id}-${c.code}`, label: `${c.name}（第 ${ranks[i]} 名）`, proposed_outcome: "linkage_ranked", score: totals[i], outcome: "pending" })),
    ),
  ];
  return out;
};
