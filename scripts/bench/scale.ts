import type { CompiledQuery, Insertable } from "kysely";
import { accountStatements } from "../../src/auth/provision";
import { createKysely } from "../../src/data/kysely";
import type { DistrictDB } from "../../src/data/schema";
import { idCheckCharacter } from "../../src/lib/id-number";
import { lookupHash, mask, protect } from "../../src/lib/personal-data";
import { usccCheckCharacter } from "../../src/lib/uscc";
import { addDays, addMonths, beijingDate } from "../../src/lib/beijing-time";
import { annualReport } from "../../src/modules/disclosure/seed";
import { filingStatusSql, gradeFor, gradeValidUntil } from "../../src/modules/disclosure/rules";
import { SERVICE_FIELDS, type ServiceField } from "../../src/modules/disclosure/schemas";
import type { Snapshot } from "../../src/modules/posts/posts";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { DEFAULT_SETTINGS } from "../../src/tenants/settings";

// A benchmark district at a real district's scale, generated deterministically (the
// same rows on every run) so that runs compare. Every row is one the product could
// have written: valid credit codes and ID numbers, personal data encrypted with the
// district's key, derived directory columns consistent with grades, lists and filings.

const db = createKysely<DistrictDB>(null as unknown as D1Database);
type Row<T extends keyof DistrictDB> = Insertable<DistrictDB[T]>;

/** What to generate for one district. `full` adds disclosures, people, posts and applications. */
export interface ScaleSpec {
  tenant: TenantFile;
  organizations: number;
  full: boolean;
}

export interface ScaleContext {
  now: string;
  passwordHash: string;
  personalDataKey: string;
}

export const BENCH_SIZES = { disclosures: 30_000, socialWorkers: 2_000, posts: 500, applications: 5_000 } as const;

/** A small, fast, seedable generator (mulberry32): the same district on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

export const BRANDS = [
  "阳光",
  "春晖",
  "邻里",
  "同心",
  "康乐",
  "爱心",
  "启航",
  "青禾",
  "暖阳",
  "友善",
  "和美",
  "乐龄",
  "星火",
  "绿荫",
  "善水",
  "明德",
  "德馨",
  "惠民",
  "安康",
  "众善",
  "晨曦",
  "馨园",
  "润泽",
  "携手",
  "彩虹",
  "蒲公英",
  "向日葵",
  "红石榴",
  "北疆",
  "草原",
  "钢城",
  "黄河",
  "阴山",
  "赛罕",
  "敕勒",
  "鹿城",
  "包钢",
  "昆仑",
  "青山",
  "沼潭",
];
const THEMES: { word: string; fields: ServiceField[] }[] = [
  { word: "养老", fields: ["elderly"] },
  { word: "助老", fields: ["elderly", "volunteering"] },
  { word: "助残", fields: ["disability"] },
  { word: "康复", fields: ["disability", "health"] },
  { word: "青少年", fields: ["children", "education"] },
  { word: "儿童", fields: ["children"] },
  { word: "家庭", fields: ["children", "assistance"] },
  { word: "心理", fields: ["health"] },
  { word: "健康", fields: ["health"] },
  { word: "文化", fields: ["culture"] },
  { word: "法律", fields: ["legal"] },
  { word: "环保", fields: ["environment"] },
  { word: "就业", fields: ["employment"] },
  { word: "社区治理", fields: ["governance"] },
  { word: "救助", fields: ["assistance"] },
  { word: "志愿", fields: ["volunteering"] },
];
const TYPES = [
  { type: "社会服务机构", digit: "2", share: 0.45, suffixes: ["服务中心", "社会工作服务社", "服务站"] },
  { type: "社会团体", digit: "1", share: 0.3, suffixes: ["协会", "促进会", "联合会"] },
  { type: "社区社会组织", digit: "9", share: 0.2, suffixes: ["志愿服务队", "互助会", "服务队"] },
  { type: "基金会", digit: "3", share: 0.05, suffixes: ["基金会"] },
] as const;
const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红梅鹏飞建华建国志强海燕晓东丹宁慧颖";

function personName(r: ReturnType<typeof random>): string {
  const given = GIVEN.length;
  const a = GIVEN[r.int(given)]!;
  return `${r.pick([...SURNAMES])}${a}${r.chance(0.6) ? GIVEN[r.int(given)]! : ""}`;
}

function usccOf(digit: string, districtCode: string, serial: number): string {
  const first17 = `5${digit}${districtCode}${String(serial).padStart(9, "0")}`;
  return first17 + usccCheckCharacter(first17);
}

const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 Beijing time

/** The organization ids of a benchmark district, in generation order. */
export const benchOrgId = (code: string, n: number) => `bench-${code}-org-${n}`;

/**
 * The directory search the benchmark measures: a name prefix and two filters, broad
 * enough to fill the first page in a district of any size, so that the growth runs
 * render the same amount and differ only in the data behind them.
 */
export function directorySearch(tenant: TenantFile): string {
  return `q=${encodeURIComponent(tenant.name.zh)}&type=${encodeURIComponent("社会服务机构")}&list=none`;
}

/**
 * Statements that add `spec.organizations` organizations (and, for a full district,
 * disclosures, reviewers, applicants, calls with reviewed applications, posts and
 * social workers) to a district that tenants/ and the demo seed already created.
 */
export async function scaleStatements(spec: ScaleSpec, ctx: ScaleContext): Promise<{ platform: CompiledQuery[]; shard: CompiledQuery[] }> {
  const code = spec.tenant.code;
  const r = random(Number(code));
  const today = beijingDate(ctx.now);
  const year = Number(today.slice(0, 4));
  const settings = DEFAULT_SETTINGS;
  const bands = settings.gradeBands;
  const subdistricts = spec.tenant.subdistricts;
  const communities = subdistricts.flatMap((s) => s.communities.map((c) => ({ ...c, subdistrict: s.code })));
  const districtName = spec.tenant.name.zh;
  const authority = `${spec.tenant.parentName.zh}${districtName}民政局`;

  const organizations: Row<"organizations">[] = [];
  const fields: Row<"organization_service_fields">[] = [];
  const grades: Row<"organization_grades">[] = [];
  const entries: Row<"credit_list_entries">[] = [];
  const events: Row<"credit_list_events">[] = [];
  const disclosures: Row<"disclosures">[] = [];
  const versions: Row<"disclosure_versions">[] = [];
  const admin = `demo-${code}-admin`;

  for (let n = 0; n < spec.organizations; n++) {
    const id = benchOrgId(code, n);
    const roll = r.next();
    let acc = 0;
    const type = TYPES.find((t) => (acc += t.share) > roll) ?? TYPES[0];
    const foundingTeam = n % 25 === 24;
    const theme = r.pick(THEMES);
    const community = r.pick(communities);
    const prefix = r.chance(0.6) ? districtName : community.name;
    const name = foundingTeam ? `${community.name}${r.pick(BRANDS)}${theme.word}发起团队` : `${prefix}${r.pick(BRANDS)}${theme.word}${r.pick(type.suffixes)}`;
    const registeredOn = foundingTeam ? null : r.chance(0.03) ? addDays(today, -30 - r.int(150)) : `${2005 + r.int(year - 2006)}-${String(1 + r.int(12)).padStart(2, "0")}-${String(1 + r.int(28)).padStart(2, "0")}`;
    const org: Row<"organizations"> = {
      district_id: code,
      id,
      name,
      uscc: foundingTeam ? null : usccOf(type.digit, code, 100_000 + n),
      kind: foundingTeam ? "founding_team" : "registered",
      org_type: foundingTeam ? "" : type.type,
      area_code: r.chance(0.7) ? community.code : community.subdistrict,
      verification: foundingTeam || r.chance(0.02) ? "unverified" : "verified",
      registration_authority: foundingTeam ? "" : authority,
      registered_on: registeredOn,
      domicile: `${spec.tenant.parentName.zh}${districtName}${community.name}${1 + r.int(200)} 号`,
      business_scope: `开展${theme.word}服务、社区活动和志愿服务，承接政府购买服务项目。`,
      legal_rep_name: personName(r),
      // Every row names every column: a multi-row insert fills the missing ones with NULL, not the default.
      grade: null,
      grade_status: "none",
      grade_valid_until: null,
      list_status: "none",
      filing_status: "none",
      last_report_year: null,
      last_report_filed_on: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    organizations.push(org);
    for (const field of new Set<ServiceField>([...theme.fields, ...(r.chance(0.4) ? [r.pick(SERVICE_FIELDS)] : [])])) {
      fields.push({ district_id: code, organization_id: id, field });
    }
    if (foundingTeam) continue;

    // Grades: about a third was evaluated at some point in the last seven years.
    if (r.chance(0.35)) {
      const total = Math.round((50 + r.next() * 50) * 2) / 2;
      const grade = gradeFor(total, bands);
      if (grade) {
        const awardedOn = addMonths(today, -1 - r.int(84));
        const validUntil = gradeValidUntil(awardedOn, settings.gradeValidityYears);
        const expired = validUntil < today;
        grades.push({
          district_id: code,
          id: `bench-${code}-grade-${n}`,
          organization_id: id,
          evaluation_id: null,
          grade,
          total,
          scale: bands.scale,
          awarded_on: awardedOn,
          valid_until: validUntil,
          status: expired ? "expired" : "valid",
          ended_on: expired ? addDays(validUntil, 1) : null,
        });
        Object.assign(org, { grade, grade_status: expired ? "expired" : "valid", grade_valid_until: validUntil });
      }
    }

    // Credit lists: a few organizations are listed now, a few more left in the past year.
    const listRoll = r.next();
    if (listRoll < 0.06) {
      const list = listRoll < 0.005 ? "serious" : "abnormal";
      const exited = listRoll >= 0.04;
      const decidedOn = addDays(today, -(exited ? 200 + r.int(300) : 10 + r.int(600)));
      const exitedOn = exited ? addDays(decidedOn, 60 + r.int(120)) : null;
      const entryId = `bench-${code}-cl-${n}`;
      const reason = list === "serious" ? "列入活动异常名录满2年未改正" : r.pick(["未按规定报送年度工作报告", "通过登记的住所无法取得联系", "未按期完成整改通知书要求的整改事项"]);
      entries.push({
        district_id: code,
        id: entryId,
        organization_id: id,
        list,
        reason,
        legal_basis: "《社会组织信用信息管理办法》",
        deciding_body: authority,
        decided_on: decidedOn,
        exited_on: exitedOn,
        created_at: at(decidedOn),
        reason_code: list === "serious" ? "abnormal_two_years" : "other",
        event_on: addDays(decidedOn, -3),
        needs_rectification: 1,
        clock_started_on: decidedOn,
        exit_reason: exitedOn ? "rectified" : null,
        exit_note: exitedOn ? "整改完成，经核实移出。" : null,
        created_by: admin,
      });
      events.push({
        district_id: code,
        id: `${entryId}-entered`,
        entry_id: entryId,
        organization_id: id,
        kind: "entered",
        on_date: decidedOn,
        note: reason,
        detail_json: "{}",
        public: 1,
        actor_id: null,
        actor_role: "district_admin",
        at: at(decidedOn),
      });
      if (exitedOn)
        events.push({
          district_id: code,
          id: `${entryId}-exited`,
          entry_id: entryId,
          organization_id: id,
          kind: "exited",
          on_date: exitedOn,
          note: "",
          detail_json: JSON.stringify({ reason: "rectified" }),
          public: 1,
          actor_id: null,
          actor_role: "district_admin",
          at: at(exitedOn),
        });
      if (!exitedOn) org.list_status = list;
    }

    // Disclosures: annual reports for the last three years (most on time), projects for some.
    if (spec.full && registeredOn && org.verification === "verified") {
      let newest: [number, string] | null = null;
      for (const reportYear of [year - 3, year - 2, year - 1]) {
        if (registeredOn > `${reportYear}-12-31`) continue;
        const filingRoll = r.next();
        if (reportYear === year - 1 && filingRoll < 0.12) continue; // not filed (yet)
        const filedOn = filingRoll < 0.85 ? `${reportYear + 1}-0${3 + r.int(3)}-${String(1 + r.int(28)).padStart(2, "0")}` : `${reportYear + 1}-0${6 + r.int(3)}-${String(1 + r.int(28)).padStart(2, "0")}`;
        if (filedOn > today) continue;
        const disclosureId = `bench-${code}-ar-${n}-${reportYear}`;
        const title = `${reportYear}年度工作报告`;
        disclosures.push({ district_id: code, id: disclosureId, organization_id: id, kind: "annual_report", report_year: reportYear, title, current_version: 1, first_published_at: at(filedOn), updated_at: at(filedOn) });
        versions.push({ district_id: code, disclosure_id: disclosureId, version: 1, title, content_json: JSON.stringify(annualReport(id, reportYear)), correction_note: null, published_at: at(filedOn), published_by: admin });
        newest = [reportYear, filedOn];
      }
      if (newest) Object.assign(org, { last_report_year: newest[0], last_report_filed_on: newest[1] });
      if (r.chance(0.45)) {
        const disclosureId = `bench-${code}-pj-${n}`;
        const title = `社区${theme.word}服务项目`;
        const startOn = `${year - 1}-0${1 + r.int(6)}-01`;
        disclosures.push({ district_id: code, id: disclosureId, organization_id: id, kind: "project", report_year: null, title, current_version: 1, first_published_at: at(startOn), updated_at: at(startOn) });
        const content = {
          projectKind: "purchased_service",
          funder: authority,
          amount: (50 + r.int(500)) * 100_000,
          startOn,
          endOn: `${year - 1}-12-31`,
          beneficiaries: `辖区${theme.word}服务对象`,
          description: `为辖区居民提供${theme.word}服务，建立服务台账，定期回访。`,
        };
        versions.push({ district_id: code, disclosure_id: disclosureId, version: 1, title, content_json: JSON.stringify(content), correction_note: null, published_at: at(startOn), published_by: admin });
      }
    }
  }

  const shard: CompiledQuery[] = [
    ...chunked("organizations", organizations),
    ...chunked("organization_service_fields", fields),
    ...chunked("organization_grades", grades),
    ...chunked("credit_list_entries", entries),
    ...chunked("credit_list_events", events),
    ...chunked("disclosures", disclosures),
    ...chunked("disclosure_versions", versions),
    // The same rule the daily job applies, for every organization of the district.
    db
      .updateTable("organizations")
      .set({ filing_status: filingStatusSql(today, settings.annualReportDue) })
      .where("district_id", "=", code)
      .compile(),
  ];
  const platform: CompiledQuery[] = [];
  if (spec.full) {
    const people = peopleStatements(code, spec.tenant, ctx);
    platform.push(...people.platform);
    shard.push(...people.shard, ...incubationStatements(code, spec.organizations, ctx, r), ...postStatements(code, spec.tenant, ctx, r), ...(await workerStatements(code, spec.tenant, ctx, r)));
  }
  return { platform, shard };
}

/** Multi-row inserts of a size D1 accepts (statements are sent inline, without bound parameters). */
function chunked<T extends keyof DistrictDB>(table: T, rows: Row<T>[], size = 100): CompiledQuery[] {
  const out: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += size)
    out.push(
      db
        .insertInto(table)
        .values(rows.slice(i, i + size) as never)
        .compile(),
    );
  return out;
}

export const BENCH_REVIEWERS = 20;
export const BENCH_APPLICANTS = 16;
export const benchApplicantEmail = (i: number, domain: string) => `bench-applicant-${i}@${domain}`;
const emailDomain = (tenant: TenantFile) => (tenant.code === "150203" ? "kdl.example.cn" : `${tenant.code}.example.cn`);

/** Reviewers for the calls and one applicant account for each of the first organizations. */
function peopleStatements(code: string, tenant: TenantFile, ctx: ScaleContext) {
  const platform: CompiledQuery[] = [];
  const shard: CompiledQuery[] = [];
  const add = (s: { platform: CompiledQuery[]; shard: CompiledQuery[] }) => {
    platform.push(...s.platform);
    shard.push(...s.shard);
  };
  for (let i = 0; i < BENCH_REVIEWERS; i++) {
    add(
      accountStatements(
        { districtCode: code, id: `bench-${code}-reviewer-${i}`, email: `bench-reviewer-${i}@${emailDomain(tenant)}`, displayName: `评审专家 ${i + 1}`, passwordHash: ctx.passwordHash, grants: [{ role: "reviewer" }] },
        ctx.now,
      ),
    );
  }
  for (let i = 0; i < BENCH_APPLICANTS; i++) {
    add(
      accountStatements(
        {
          districtCode: code,
          id: `bench-${code}-applicant-${i}`,
          email: benchApplicantEmail(i, emailDomain(tenant)),
          displayName: `申报人 ${i + 1}`,
          passwordHash: ctx.passwordHash,
          grants: [{ role: "org_member", organizationId: benchOrgId(code, i) }],
        },
        ctx.now,
      ),
    );
  }
  return { platform, shard };
}

export const benchCallId = (code: string, c: number) => `bench-${code}-call-${c}`;
export const BENCH_CALLS = 50;
/** The call whose applications are being reviewed now (the staff review queue). */
export const REVIEW_CALL = BENCH_CALLS - 2;
/** The open call the benchmark applicants are drafting for. */
export const OPEN_CALL = BENCH_CALLS - 1;
export const benchDraftId = (code: string, i: number) => `bench-${code}-app-${OPEN_CALL}-${i}`;

/**
 * A park with fifty calls: long-decided ones, one under review now (three reviewers
 * per application, two of them done) and one open with drafts; 5,000 applications.
 */
function incubationStatements(code: string, orgCount: number, ctx: ScaleContext, r: ReturnType<typeof random>): CompiledQuery[] {
  const admin = `demo-${code}-admin`;
  const park = `bench-${code}-park`;
  const rubric = `bench-${code}-rubric`;
  const now = Date.parse(ctx.now);
  const iso = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const items = [30, 30, 25, 15];
  const out: CompiledQuery[] = [
    db
      .insertInto("parks")
      .values({
        district_id: code,
        id: park,
        name: "社会组织孵化园（二期）",
        level: "district",
        area_code: null,
        operator_name: "第三方运营机构",
        address: "钢铁大街 99 号",
        description: "为初创期社会组织提供场地、能力建设和资源对接。",
        services_json: JSON.stringify(["venue", "capacity_building", "resource_matching"]),
        physical: 1,
        virtual: 1,
        version: 1,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .compile(),
    db
      .insertInto("rubrics")
      .values({ district_id: code, id: rubric, title: "入驻评审标准（二期）", locked_at: iso(-700), created_at: iso(-720) })
      .compile(),
    ...items.map((points, i) =>
      db
        .insertInto("rubric_items")
        .values({ district_id: code, id: `${rubric}-item-${i}`, rubric_id: rubric, position: i, title: ["公益属性与社会需求", "项目可行性", "团队能力", "发展潜力"][i]!, description: "", weight: points, max_score: points })
        .compile(),
    ),
  ];
  const calls: Row<"calls">[] = [];
  const callReviewers: Row<"call_reviewers">[] = [];
  const applications: Row<"applications">[] = [];
  const appEvents: Row<"application_events">[] = [];
  const assignments: Row<"review_assignments">[] = [];
  const scores: Row<"review_scores">[] = [];
  const perCall = BENCH_SIZES.applications / BENCH_CALLS;
  const form = JSON.stringify({ orgIntro: "扎根社区，长期开展为老、助残和青少年服务。", plan: "孵化期内完善内部治理，开展两个社区服务项目。", needs: ["venue", "capacity_building"], teamSize: 6, founders: [], foundersSigned: false });
  for (let c = 0; c < BENCH_CALLS; c++) {
    const callId = benchCallId(code, c);
    const open = c === OPEN_CALL;
    const opens = open ? iso(-5) : iso(-14 * (BENCH_CALLS - c) - 20);
    const closes = open ? iso(20) : iso(-14 * (BENCH_CALLS - c) - 6);
    calls.push({
      district_id: code,
      id: callId,
      park_id: park,
      title: `第 ${c + 1} 批入驻招募`,
      opens_at: opens,
      closes_at: closes,
      places: 6,
      eligibility_text: "服务本区居民的社会组织或发起团队。",
      materials_json: JSON.stringify([{ key: "plan", label: "孵化计划书", required: true }]),
      rubric_id: rubric,
      notice_working_days: 5,
      status: open ? "published" : "closed",
      created_by: admin,
      created_at: opens,
    });
    const reviewers = [0, 1, 2].map((k) => `bench-${code}-reviewer-${(c + k * 7) % BENCH_REVIEWERS}`);
    for (const user of reviewers) callReviewers.push({ district_id: code, call_id: callId, user_id: user });
    for (let k = 0; k < perCall; k++) {
      // The open call's first applications are the benchmark applicants' drafts.
      const orgIndex = open ? k : (c * perCall + k * 13) % orgCount;
      const appId = `bench-${code}-app-${c}-${k}`;
      const status = open ? (k < BENCH_APPLICANTS || r.chance(0.5) ? "draft" : "submitted") : c === REVIEW_CALL ? "in_review" : k < 6 ? "admitted" : r.chance(0.1) ? "withdrawn" : "rejected";
      const submitted = status === "draft" ? null : new Date(Date.parse(opens) + (1 + r.int(10)) * 86_400_000).toISOString();
      applications.push({
        district_id: code,
        id: appId,
        call_id: callId,
        organization_id: benchOrgId(code, orgIndex),
        applicant_id: open && k < BENCH_APPLICANTS ? `bench-${code}-applicant-${k}` : admin,
        status,
        form_json: form,
        version: status === "draft" ? 1 : 3,
        submitted_at: submitted,
        eligibility_due_on: submitted ? addDays(submitted.slice(0, 10), 7) : null,
        eligibility_done_at: submitted && status !== "submitted" ? submitted : null,
        decided_at: ["admitted", "rejected"].includes(status) ? closes : null,
        created_at: submitted ?? opens,
        updated_at: submitted ?? opens,
      });
      const steps =
        status === "draft"
          ? ["draft"]
          : status === "submitted"
            ? ["draft", "submitted"]
            : status === "withdrawn"
              ? ["draft", "submitted", "withdrawn"]
              : status === "in_review"
                ? ["draft", "submitted", "in_review"]
                : ["draft", "submitted", "in_review", status];
      steps.forEach((to, i) =>
        appEvents.push({
          district_id: code,
          id: `${appId}-ev-${i}`,
          application_id: appId,
          at: new Date(Date.parse(submitted ?? opens) + i * 86_400_000).toISOString(),
          from_status: i ? steps[i - 1]! : null,
          to_status: to,
          actor_id: null,
          actor_role: i < 2 ? "org_member" : "district_admin",
          note: "",
        }),
      );
      if (!steps.includes("in_review")) continue;
      reviewers.forEach((reviewer, j) => {
        const assignmentId = `${appId}-as-${j}`;
        const done = c !== REVIEW_CALL || j < 2;
        assignments.push({
          district_id: code,
          id: assignmentId,
          subject_kind: "incubation_application",
          subject_id: appId,
          rubric_id: rubric,
          reviewer_id: reviewer,
          scorer_role: "reviewer",
          status: "clear",
          conflict_reason: null,
          declared_at: closes,
          submitted_at: done ? closes : null,
          assigned_by: admin,
          assigned_at: closes,
        });
        if (done) items.forEach((points, i) => scores.push({ district_id: code, assignment_id: assignmentId, item_id: `${rubric}-item-${i}`, score: Math.round(points * (0.5 + r.next() * 0.5) * 2) / 2, comment: "", scored_at: closes }));
      });
    }
  }
  return [
    ...out,
    ...chunked("calls", calls),
    ...chunked("call_reviewers", callReviewers),
    ...chunked("applications", applications),
    ...chunked("application_events", appEvents),
    ...chunked("review_assignments", assignments),
    ...chunked("review_scores", scores),
  ];
}

/** 500 posts at departments, communities and stations, each with its revisions. */
function postStatements(code: string, tenant: TenantFile, ctx: ScaleContext, r: ReturnType<typeof random>): CompiledQuery[] {
  const admin = `demo-${code}-admin`;
  const hosts: Row<"post_hosts">[] = [
    ...tenant.subdistricts.map((s) => ({
      district_id: code,
      id: `bench-${code}-host-${s.code}`,
      host_type: "station" as const,
      name: `${s.name}社会工作服务站`,
      area_code: s.code,
      organization_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })),
    ...tenant.subdistricts.flatMap((s) =>
      s.communities.map((c) => ({ district_id: code, id: `bench-${code}-host-${c.code}`, host_type: "community" as const, name: `${c.name}居民委员会`, area_code: c.code, organization_id: null, created_at: ctx.now, updated_at: ctx.now })),
    ),
    ...["民政局", "文体旅游局", "教育局", "卫生健康委员会"].map((dept, i) => ({
      district_id: code,
      id: `bench-${code}-host-dept-${i}`,
      host_type: "department" as const,
      name: `${tenant.name.zh}${dept}`,
      area_code: null,
      organization_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })),
  ];
  const posts: Row<"posts">[] = [];
  const revisions: Row<"post_revisions">[] = [];
  const titles = ["社区养老服务社工", "青少年成长辅导社工", "困境儿童关爱社工", "社区矫正社工", "禁毒社工", "残疾人康复社工", "社会救助社工", "社区治理社工"];
  for (let n = 0; n < BENCH_SIZES.posts; n++) {
    const host = hosts[n % hosts.length]!;
    const id = `bench-${code}-post-${n}`;
    const status = r.chance(0.1) ? "draft" : r.chance(0.7) ? "open" : r.chance(0.6) ? "filled" : "closed";
    const created = addDays(beijingDate(ctx.now), -30 - r.int(700));
    const fields = {
      title: r.pick(titles),
      kind: r.pick(["administrative", "professional", "assistant"] as const),
      mode: r.pick(["post_development", "issue_specific", "platform_integration"] as const),
      funding: r.pick(["government_purchased", "host_funded"] as const),
      qualification: r.pick(["none", "assistant", "intermediate", "senior"] as const),
      headcount: 1 + r.int(3),
    };
    const text = { work_content: "开展个案、小组和社区工作。", responsibilities: "建立服务档案，按月报送服务记录。", work_steps: "需求评估、服务计划、实施、评估。" };
    const snapshot = (s: string): Snapshot => ({
      title: fields.title,
      host: host.name,
      hostId: host.id,
      area: host.area_code ?? "",
      kind: fields.kind,
      mode: fields.mode,
      funding: fields.funding,
      workContent: text.work_content,
      responsibilities: text.responsibilities,
      workSteps: text.work_steps,
      qualification: fields.qualification,
      headcount: String(fields.headcount),
      status: s,
    });
    const history = status === "draft" ? ["draft"] : status === "open" ? ["draft", "open"] : ["draft", "open", status];
    posts.push({
      district_id: code,
      id,
      host_id: host.id,
      area_code: host.area_code ?? null,
      ...fields,
      ...text,
      status,
      version: history.length,
      created_by: admin,
      created_at: at(created),
      updated_at: at(addDays(created, history.length - 1)),
    });
    history.forEach((s, i) => revisions.push({ district_id: code, post_id: id, revision: i + 1, editor_id: admin, editor_name: "区民政局", edited_at: at(addDays(created, i)), snapshot_json: JSON.stringify(snapshot(s)) }));
  }
  return [...chunked("post_hosts", hosts), ...chunked("posts", posts), ...chunked("post_revisions", revisions)];
}

/** 2,000 social workers; ID numbers (valid GB 11643) and phones encrypted, hashed and masked. */
async function workerStatements(code: string, tenant: TenantFile, ctx: ScaleContext, r: ReturnType<typeof random>): Promise<CompiledQuery[]> {
  const areas = tenant.subdistricts.flatMap((s) => [s.code, ...s.communities.map((c) => c.code)]);
  const workers: Row<"social_workers">[] = [];
  const qualifications: Row<"worker_qualifications">[] = [];
  for (let n = 0; n < BENCH_SIZES.socialWorkers; n++) {
    const birth = `${1965 + 18 * Math.floor(n / 1000) + r.int(18)}${String(1 + r.int(12)).padStart(2, "0")}${String(1 + r.int(28)).padStart(2, "0")}`;
    const first17 = `${code}${birth}${String(n % 1000).padStart(3, "0")}`;
    const idNumber = first17 + idCheckCharacter(first17);
    const phone = `139${String(47_000_000 + n).padStart(8, "0")}`;
    const qualification = r.pick(["none", "assistant", "assistant", "intermediate", "senior"] as const);
    const id = `bench-${code}-worker-${n}`;
    const certificate = qualification === "none" ? null : `BT${code}${String(n).padStart(6, "0")}`;
    workers.push({
      district_id: code,
      id,
      name: personName(r),
      area_code: r.chance(0.9) ? r.pick(areas) : null,
      qualification,
      certificate_no: certificate,
      id_number_protected: await protect(idNumber, ctx.personalDataKey),
      id_number_hash: await lookupHash("id_number", idNumber, ctx.personalDataKey),
      id_number_masked: mask("id_number", idNumber),
      phone_protected: await protect(phone, ctx.personalDataKey),
      phone_hash: await lookupHash("phone", phone, ctx.personalDataKey),
      phone_masked: mask("phone", phone),
      user_id: null,
      version: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    if (certificate) qualifications.push({ district_id: code, id: `${id}-qual`, worker_id: id, qualification, certificate_no: certificate, recorded_on: "2024-01-01", recorded_by: `demo-${code}-admin`, created_at: ctx.now });
  }
  return [...chunked("social_workers", workers), ...chunked("worker_qualifications", qualifications)];
}
