import type { CompiledQuery } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { addDays, beijingToday } from "../../lib/beijing-time";
import type { ModuleSeed } from "../../seed/demo";
import { rankOf, SCORED_MAX, totalOf } from "./assessment";
import type { Figures } from "./assessment-figures";
import type { Metric } from "./assessment-tables";
import { ASSESSMENT_KIND } from "./subject-kinds";
import type { Society } from "./tables";

// Demo joint meetings of 昆都仑区 with their decisions and action items (done on time,
// done late, open, overdue), last year's published assessment of the 街道 and this
// year's, with the demo reviewer's tasks in the review inbox. Fixed ids; idempotent.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

interface DemoMeeting {
  key: string;
  area: string; // after the district's code
  title: string;
  daysAgo: number;
  place: string;
  agenda: string;
  minutes: string;
  decisions: string;
  summary: string;
  people: [Society, string][];
  actions: { key: string; title: string; owner: ["person" | "organization", string]; dueInDays: number; doneInDays?: number; note?: string; need?: string }[];
}

const MEETINGS: Record<string, DemoMeeting[]> = {
  "150203": [
    {
      key: "zt-q3",
      area: "001",
      title: "沼潭街道三社联动联席会议（第三季度）",
      daysAgo: 70,
      place: "沼潭街道党群服务中心",
      agenda: "一、老年助餐点选址与运营；二、四点半课堂志愿者招募；三、上季度事项办理情况。",
      minutes: "街道、社区两委、阳光社工中心和居民代表共同研究了和平路社区居民提出的助餐需求，社工中心介绍了周边三处可用场地。",
      decisions: "1. 助餐点设在和平路社区活动中心一楼；2. 阳光社工中心牵头制定运营方案；3. 四点半课堂由沼潭社区招募大学生志愿者。",
      summary: "会议确定在和平路社区活动中心设立老年助餐点，由阳光社工中心牵头运营；四点半课堂将招募大学生志愿者。",
      people: [
        ["committee", "李强"],
        ["committee", "张丽"],
        ["organization", "昆都仑区阳光社会工作服务中心"],
        ["social_worker", "陈静"],
        ["resident", "刘桂兰"],
      ],
      actions: [
        { key: "plan", title: "制定助餐点运营方案", owner: ["organization", "昆都仑区阳光社会工作服务中心"], dueInDays: 14, doneInDays: 12, note: "方案已报街道审定。", need: "meals" },
        { key: "volunteers", title: "招募四点半课堂志愿者 10 名", owner: ["person", "沼潭社区 王娜"], dueInDays: 21, doneInDays: 30, note: "招募到 12 名，比计划晚一周。" },
        { key: "kitchen", title: "助餐点厨房消防验收", owner: ["person", "沼潭街道 李强"], dueInDays: 45 },
      ],
    },
    {
      key: "hp-council",
      area: "001001",
      title: "和平路社区居民议事会",
      daysAgo: 20,
      place: "和平路社区活动室",
      agenda: "楼道照明和无障碍坡道改造。",
      minutes: "居民代表反映 3 号楼楼道灯长期不亮、5 号楼入口缺少坡道；物业和社工站参加。",
      decisions: "物业一周内修复楼道灯；坡道改造列入社区需求清单，申请公益创投项目支持。",
      summary: "",
      people: [
        ["committee", "张丽"],
        ["social_worker", "陈静"],
        ["resident", "刘桂兰"],
        ["resident", "王建国"],
      ],
      actions: [
        { key: "light", title: "修复 3 号楼楼道灯", owner: ["person", "物业 赵经理"], dueInDays: 7, doneInDays: 5, note: "已更换灯具。", need: "light" },
        { key: "ramp", title: "坡道改造报公益创投", owner: ["person", "和平路社区 张丽"], dueInDays: 40, need: "ramp" },
      ],
    },
    {
      key: "ly-q3",
      area: "002",
      title: "林荫路街道三社联动联席会议",
      daysAgo: 40,
      place: "林荫路街道会议室",
      agenda: "就业技能培训需求与邻里互助。",
      minutes: "邻里互助协会介绍了家政培训的合作机构。",
      decisions: "邻里互助协会联系职业培训学校，下月开班。",
      summary: "林荫路街道将与邻里互助协会合作，为居民开设家政和养老护理技能培训班。",
      people: [
        ["committee", "林荫路街道 高峰"],
        ["organization", "昆都仑区邻里互助协会"],
        ["government", "区人社局 何平"],
      ],
      actions: [{ key: "training", title: "联系职业培训学校开班", owner: ["organization", "昆都仑区邻里互助协会"], dueInDays: 30, doneInDays: 28, note: "首期 20 人已开班。" }],
    },
  ],
};

/** Last year's figures per 街道, as frozen when the demo assessment was published. */
const LAST_YEAR: Record<string, Figures> = {
  "001": { needs_on_time: 92.3, meetings_held: 4, actions_on_time: 87.5, workers_per_10k: 4.2 },
  "002": { needs_on_time: 85, meetings_held: 3, actions_on_time: 100, workers_per_10k: 3.1 },
  "003": { needs_on_time: 70.6, meetings_held: 2, actions_on_time: 66.7, workers_per_10k: 2.5 },
  "004": { needs_on_time: 88.9, meetings_held: 4, actions_on_time: 80, workers_per_10k: 5.6 },
};
export const INDICATORS: { metric: Metric; weight: number; target: number }[] = [
  { metric: "needs_on_time", weight: 30, target: 90 },
  { metric: "meetings_held", weight: 20, target: 4 },
  { metric: "actions_on_time", weight: 30, target: 90 },
  { metric: "workers_per_10k", weight: 20, target: 5 },
];

/** This year's weights of the computed indicators; the two scored items carry 15 each. */
const CURRENT_WEIGHTS: Record<Metric, number> = { needs_on_time: 25, meetings_held: 15, actions_on_time: 20, workers_per_10k: 10 };

export const linkageMeetingsSeed: ModuleSeed = async (district, ctx) => {
  const d = district.code;
  const meetings = MEETINGS[d];
  if (!meetings) return [];
  const today = beijingToday(Date.parse(ctx.now));
  const staff = ctx.personId("jiedao");
  const out: CompiledQuery[] = [];
  const put = <T extends keyof DistrictDB>(table: T, values: Record<string, unknown> | Record<string, unknown>[]) =>
    out.push(
      db
        .insertInto(table)
        .values(values as never)
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  for (const m of meetings) {
    const id = `demo-${d}-meeting-${m.key}`;
    const held = addDays(today, -m.daysAgo);
    const at = `${held}T08:00:00.000Z`;
    put("linkage_meetings", {
      district_id: d,
      id,
      area_code: `${d}${m.area}`,
      title: m.title,
      held_on: held,
      place: m.place,
      agenda: m.agenda,
      minutes: m.minutes,
      decisions: m.decisions,
      public_summary: m.summary,
      published: m.summary ? 1 : 0,
      created_by: staff,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    put(
      "linkage_meeting_participants",
      m.people.map(([society, name], i) => ({ district_id: d, meeting_id: id, seq: i + 1, society, name })),
    );
    for (const a of m.actions) {
      const due = addDays(held, a.dueInDays);
      const done = a.doneInDays !== undefined ? addDays(held, a.doneInDays) : null;
      put("linkage_actions", {
        district_id: d,
        id: `${id}-${a.key}`,
        meeting_id: id,
        title: a.title,
        owner_kind: a.owner[0],
        owner_name: a.owner[1],
        due_on: due,
        status: done ? "done" : "open",
        done_on: done,
        note: a.note ?? "",
        overdue: !done && due < today ? 1 : 0,
        need_id: a.need ? `demo-${d}-need-${a.need}` : null,
        contract_id: null,
        created_by: staff,
        version: 1,
        created_at: at,
        updated_at: done ? `${done}T08:00:00.000Z` : at,
      });
    }
  }
  const year = Number(today.slice(0, 4));
  assessments(d, year, ctx.now, ctx.personId("admin"), ctx.personId("reviewer"), put);
  return out;
};

function assessments(d: string, year: number, now: string, admin: string, reviewer: string, put: (table: keyof DistrictDB, values: Record<string, unknown> | Record<string, unknown>[]) => void): void {
  const streets = Object.keys(LAST_YEAR);
  // Last year's, published: computed indicators only, totals and ranks frozen.
  const past = `demo-${d}-assessment-${year - 1}`;
  put("rubrics", { district_id: d, id: `${past}-rubric`, title: `${year - 1}年度三社联动观摩评比`, locked_at: null, created_at: now });
  put("linkage_assessments", {
    district_id: d,
    id: past,
    year: year - 1,
    level: "subdistrict",
    title: `${year - 1}年度三社联动观摩评比`,
    rubric_id: `${past}-rubric`,
    status: "published",
    published_at: `${year}-01-20T02:00:00.000Z`,
    published_by: admin,
    created_by: admin,
    version: 2,
    created_at: now,
    updated_at: now,
  });
  put(
    "linkage_assessment_indicators",
    INDICATORS.map((i) => ({ district_id: d, assessment_id: past, ...i })),
  );
  const noItems = { id: "", title: "", lockedAt: null, items: [] };
  const totals = streets.map((s) => totalOf(INDICATORS, LAST_YEAR[s]!, noItems, []));
  const ranks = rankOf(totals);
  put(
    "linkage_assessment_subjects",
    streets.map((s, i) => ({ district_id: d, id: `${past}-${s}`, assessment_id: past, area_code: `${d}${s}`, total: totals[i], rank: ranks[i], figures: JSON.stringify(LAST_YEAR[s]) })),
  );
  // This year's, being scored: two items for the reviewers, whose tasks wait in the inbox.
  const current = `demo-${d}-assessment-${year}`;
  const rubric = `${current}-rubric`;
  put("rubrics", { district_id: d, id: rubric, title: `${year}年度三社联动观摩评比`, locked_at: null, created_at: now });
  put("rubric_items", [
    { district_id: d, id: `${rubric}-mechanism`, rubric_id: rubric, position: 0, title: "联动机制建设", description: "联席会议制度、需求传导和分工是否健全。", weight: 15, max_score: SCORED_MAX, area: "" },
    { district_id: d, id: `${rubric}-visit`, rubric_id: rubric, position: 1, title: "现场观摩", description: "观摩现场的服务成效与居民评价。", weight: 15, max_score: SCORED_MAX, area: "" },
  ]);
  put("linkage_assessments", {
    district_id: d,
    id: current,
    year,
    level: "subdistrict",
    title: `${year}年度三社联动观摩评比`,
    rubric_id: rubric,
    status: "scoring",
    published_at: null,
    published_by: null,
    created_by: admin,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  put(
    "linkage_assessment_indicators",
    INDICATORS.map((i) => ({ district_id: d, assessment_id: current, ...i, weight: CURRENT_WEIGHTS[i.metric] })),
  );
  put(
    "linkage_assessment_subjects",
    streets.map((s) => ({ district_id: d, id: `${current}-${s}`, assessment_id: current, area_code: `${d}${s}`, total: null, rank: null, figures: "{}" })),
  );
  put(
    "review_assignments",
    streets.map((s) => ({
      district_id: d,
      id: `${current}-${s}-review`,
      subject_kind: ASSESSMENT_KIND,
      subject_id: `${current}-${s}`,
      rubric_id: rubric,
      reviewer_id: reviewer,
      scorer_role: "reviewer",
      status: "awaiting_declaration",
      conflict_reason: null,
      declared_at: null,
      submitted_at: null,
      assigned_by: admin,
      assigned_at: now,
    })),
  );
}
