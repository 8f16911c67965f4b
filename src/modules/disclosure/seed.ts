import { sql, type CompiledQuery } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { protect, lookupHash } from "../../lib/personal-data";
import { addDays, addMonths, addWorkingDays, beijingDate, endOfBeijingDay } from "../../lib/beijing-time";
import type { DemoDistrict, ModuleSeed, SeedContext } from "../../seed/demo";
import { usccCheckCharacter } from "../../lib/uscc";
import { DEFAULT_SETTINGS } from "../../tenants/settings";
import type { AnnualReportContent, MajorChangeContent, ProjectContent } from "./disclosures";
import { rubricTemplate } from "./evaluations";
import { filingStatusSql, gradeFor, gradeValidUntil, type GradeBands } from "./rules";
import type { ServiceField } from "./schemas";

// Demo data of the disclosure module for both demo districts: a registry of realistic
// organizations with their basic information, annual reports filed on time, late or
// not at all, projects and a corrected major change, grades (one expired), credit-list
// entries with their history, and an evaluation round whose proposed grades are on
// public notice. Dates are relative to the day of seeding; ids are fixed and every
// statement skips what exists, so seeding again keeps what demo users changed.

const sqlOf = createKysely<DistrictDB>(null as unknown as D1Database);

/** The demo tenants' score bands (tenants/*.json): Qingshan scores out of 1000. */
const BANDS: Record<string, GradeBands> = {
  "150204": { scale: 1000, minimums: { "5A": 951, "4A": 851, "3A": 751, "2A": 651, "1A": 501 } },
};
const NOTICE_DAYS: Record<string, number> = { "150204": 7 };

type Filing = "on_time" | "late" | "missing" | "new";

interface SeedOrg {
  key: string;
  name?: string; // absent: a base demo organization (src/seed/demo.ts) being completed
  type?: string;
  typeDigit?: "1" | "2" | "3" | "9";
  area?: string | null;
  registeredOn: string | "new";
  authority: string;
  domicile: string;
  scope: string;
  legalRep: string;
  fields: ServiceField[];
  filing: Filing;
  grade?: { total: number; yearsAgo: number };
  legalRepPrivate?: { id: string; phone: string };
}

function orgsOf(code: string): SeedOrg[] {
  if (code === "150203") {
    const authority = "包头市昆都仑区民政局";
    return [
      {
        key: "sunshine",
        registeredOn: "2014-09-16",
        authority,
        domicile: "包头市昆都仑区沼潭街道和平路 12 号",
        scope: "为社区老年人、困境儿童和残疾人提供专业社会工作服务；社会工作人才培训；政府购买服务项目承接。",
        legalRep: "刘洋",
        fields: ["elderly", "children", "disability"],
        filing: "on_time",
        grade: { total: 93.5, yearsAgo: 2 },
        legalRepPrivate: { id: "150203198503120020", phone: "13904721234" },
      },
      { key: "neighbours", registeredOn: "2016-03-02", authority, domicile: "包头市昆都仑区林荫路街道青年路 8 号", scope: "组织邻里互助、志愿服务和社区议事协商活动。", legalRep: "高建国", fields: ["volunteering", "governance"], filing: "on_time", grade: { total: 76, yearsAgo: 4 } },
      { key: "silver", registeredOn: "2019-05-20", authority: "沼潭街道办事处（备案）", domicile: "包头市昆都仑区沼潭社区居委会", scope: "组织低龄老年人开展助老志愿服务。", legalRep: "周秀兰", fields: ["elderly", "volunteering"], filing: "on_time" },
      {
        key: "d01",
        name: "昆都仑区青少年成长服务中心",
        type: "社会服务机构",
        typeDigit: "2",
        area: "150203003",
        registeredOn: "2013-11-08",
        authority,
        domicile: "包头市昆都仑区前进道街道胜利路 31 号",
        scope: "青少年课后托管、心理辅导和成长营活动。",
        legalRep: "孙丽",
        fields: ["children", "education"],
        filing: "on_time",
        grade: { total: 86, yearsAgo: 1 },
      },
      {
        key: "d02",
        name: "昆都仑区慈善总会",
        type: "社会团体",
        typeDigit: "1",
        area: null,
        registeredOn: "2006-04-12",
        authority,
        domicile: "包头市昆都仑区钢铁大街 56 号",
        scope: "募集善款善物，开展扶贫济困、安老助孤、助学助医等慈善活动。",
        legalRep: "马志刚",
        fields: ["assistance", "elderly", "education"],
        filing: "on_time",
        grade: { total: 91, yearsAgo: 3 },
      },
      {
        key: "d03",
        name: "昆都仑区助残志愿者协会",
        type: "社会团体",
        typeDigit: "1",
        area: "150203004",
        registeredOn: "2012-07-19",
        authority,
        domicile: "包头市昆都仑区友谊大街团结社区",
        scope: "组织志愿者为残疾人提供康复陪护、就业辅导和出行帮助。",
        legalRep: "何晓东",
        fields: ["disability", "volunteering", "employment"],
        filing: "late",
        grade: { total: 82, yearsAgo: 6 },
      },
      {
        key: "d04",
        name: "昆都仑区阳光家园康复服务中心",
        type: "社会服务机构",
        typeDigit: "2",
        area: "150203005",
        registeredOn: "2015-01-27",
        authority,
        domicile: "包头市昆都仑区少先路阳光社区",
        scope: "为智力、精神残疾人提供日间照料和康复训练。",
        legalRep: "韩冬梅",
        fields: ["disability", "health"],
        filing: "on_time",
        grade: { total: 72.5, yearsAgo: 2 },
      },
      { key: "d05", name: "昆都仑区和美家庭服务中心", type: "社会服务机构", typeDigit: "2", area: "150203002", registeredOn: "2017-08-03", authority, domicile: "包头市昆都仑区林荫路社区", scope: "家庭教育指导、婚姻家庭辅导。", legalRep: "郭敏", fields: ["children", "governance"], filing: "missing" },
      {
        key: "d06",
        name: "昆都仑区老年大学校友会",
        type: "社会团体",
        typeDigit: "1",
        area: "150203001",
        registeredOn: "2011-10-10",
        authority,
        domicile: "包头市昆都仑区富强路社区",
        scope: "组织老年人文化学习、文艺演出和健身活动。",
        legalRep: "李淑珍",
        fields: ["elderly", "culture"],
        filing: "on_time",
        grade: { total: 65, yearsAgo: 3 },
      },
      { key: "d07", name: "昆都仑区心灵港湾心理咨询服务中心", type: "社会服务机构", typeDigit: "2", area: "150203006", registeredOn: "2018-12-14", authority, domicile: "包头市昆都仑区昆北社区", scope: "心理健康讲座、危机干预和个案辅导。", legalRep: "王海燕", fields: ["health"], filing: "late" },
      { key: "d08", name: "昆都仑区绿色家园环保协会", type: "社会团体", typeDigit: "1", area: "150203004", registeredOn: "2016-06-05", authority, domicile: "包头市昆都仑区友谊社区", scope: "垃圾分类宣传、社区绿化和环保志愿活动。", legalRep: "赵明", fields: ["environment", "volunteering"], filing: "on_time" },
      { key: "d09", name: "昆都仑区法律援助志愿服务中心", type: "社会服务机构", typeDigit: "2", area: "150203003", registeredOn: "2015-09-22", authority, domicile: "包头市昆都仑区前进道社区", scope: "为困难群众提供法律咨询和人民调解协助。", legalRep: "陈立新", fields: ["legal"], filing: "on_time" },
      { key: "d10", name: "昆都仑区新就业青年创业服务社", type: "社会服务机构", typeDigit: "2", area: "150203005", registeredOn: "new", authority, domicile: "包头市昆都仑区白云社区", scope: "为青年提供创业培训和就业信息服务。", legalRep: "张宇航", fields: ["employment", "education"], filing: "new" },
      { key: "d11", name: "昆都仑区民间文艺促进会", type: "社会团体", typeDigit: "1", area: "150203002", registeredOn: "2010-03-30", authority, domicile: "包头市昆都仑区钢铁大街社区", scope: "挖掘整理民间文艺，组织群众文化活动。", legalRep: "杨建华", fields: ["culture"], filing: "missing" },
      {
        key: "d12",
        name: "昆都仑区卜尔汉图镇农村互助养老协会",
        type: "社区社会组织",
        typeDigit: "9",
        area: "150203100001",
        registeredOn: "2020-04-16",
        authority: "卜尔汉图镇人民政府（备案）",
        domicile: "包头市昆都仑区卜尔汉图村村委会",
        scope: "组织农村互助养老和邻里探访。",
        legalRep: "白玉林",
        fields: ["elderly", "assistance"],
        filing: "on_time",
      },
      { key: "d13", name: "昆都仑区社区治理研究与发展中心", type: "社会服务机构", typeDigit: "2", area: "150203001", registeredOn: "2019-02-26", authority, domicile: "包头市昆都仑区和平路社区", scope: "社区治理咨询、居民议事培训和社区营造项目。", legalRep: "吕晨", fields: ["governance"], filing: "on_time" },
      { key: "d14", name: "昆都仑区春晖助学基金会", type: "基金会", typeDigit: "3", area: null, registeredOn: "2014-12-01", authority: "包头市民政局", domicile: "包头市昆都仑区阿尔丁大街 88 号", scope: "资助家庭经济困难学生完成学业。", legalRep: "冯国庆", fields: ["education", "assistance"], filing: "on_time" },
    ];
  }
  const authority = "包头市青山区民政局";
  return [
    {
      key: "harmony",
      registeredOn: "2015-05-11",
      authority,
      domicile: "包头市青山区先锋道街道先锋道社区",
      scope: "社区社会工作服务、困境家庭帮扶和社会工作督导。",
      legalRep: "冯晓",
      fields: ["assistance", "children", "elderly"],
      filing: "on_time",
      grade: { total: 868, yearsAgo: 3 },
      legalRepPrivate: { id: "150204198807150016", phone: "15847201234" },
    },
    { key: "culture", registeredOn: "2013-08-19", authority, domicile: "包头市青山区文化路社区", scope: "组织社区文化节、文艺团队交流和群众文化培训。", legalRep: "褚红梅", fields: ["culture"], filing: "on_time", grade: { total: 771, yearsAgo: 2 } },
    {
      key: "q01",
      name: "青山区夕阳红居家养老服务中心",
      type: "社会服务机构",
      typeDigit: "2",
      area: "150204002",
      registeredOn: "2012-10-22",
      authority,
      domicile: "包头市青山区幸福路社区",
      scope: "居家养老上门服务、老年餐桌和日间照料。",
      legalRep: "卫东",
      fields: ["elderly", "health"],
      filing: "on_time",
      grade: { total: 962, yearsAgo: 1 },
    },
    {
      key: "q02",
      name: "青山区北重职工志愿服务协会",
      type: "社会团体",
      typeDigit: "1",
      area: "150204004003",
      registeredOn: "2011-05-09",
      authority,
      domicile: "包头市青山区北重社区",
      scope: "组织企业职工参与社区志愿服务。",
      legalRep: "蒋伟",
      fields: ["volunteering"],
      filing: "late",
      grade: { total: 690, yearsAgo: 6 },
    },
    { key: "q03", name: "青山区启明星儿童发展中心", type: "社会服务机构", typeDigit: "2", area: "150204001", registeredOn: "2016-02-15", authority, domicile: "包头市青山区科学路社区", scope: "孤独症儿童康复训练和家长支持。", legalRep: "沈静", fields: ["children", "disability", "health"], filing: "on_time" },
    {
      key: "q04",
      name: "青山区万青路社区邻里中心",
      type: "社区社会组织",
      typeDigit: "9",
      area: "150204003001",
      registeredOn: "2021-06-01",
      authority: "万青路街道办事处（备案）",
      domicile: "包头市青山区万青路社区",
      scope: "邻里互助、社区议事和便民服务。",
      legalRep: "韩磊",
      fields: ["governance", "volunteering"],
      filing: "on_time",
    },
    { key: "q05", name: "青山区安康医疗救助基金会", type: "基金会", typeDigit: "3", area: null, registeredOn: "2010-11-30", authority: "包头市民政局", domicile: "包头市青山区钢铁大街 17 号", scope: "资助困难群众大病医疗救助。", legalRep: "杨帆", fields: ["health", "assistance"], filing: "missing" },
    { key: "q06", name: "青山区就业创业促进会", type: "社会团体", typeDigit: "1", area: "150204002", registeredOn: "2017-09-12", authority, domicile: "包头市青山区民主路社区", scope: "就业培训、创业指导和用工对接。", legalRep: "朱红", fields: ["employment"], filing: "on_time" },
    { key: "q07", name: "青山区环境保护志愿者协会", type: "社会团体", typeDigit: "1", area: "150204004", registeredOn: "2014-04-04", authority, domicile: "包头市青山区自由路社区", scope: "环保宣传、河道巡护和垃圾分类指导。", legalRep: "秦亮", fields: ["environment", "volunteering"], filing: "on_time" },
    { key: "q08", name: "青山区和睦家庭矛盾调解服务中心", type: "社会服务机构", typeDigit: "2", area: "150204001", registeredOn: "new", authority, domicile: "包头市青山区富民社区", scope: "家庭矛盾调解和法律咨询。", legalRep: "尤佳", fields: ["legal", "governance"], filing: "new" },
  ];
}

function hash(text: string): number {
  let h = 7;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

export function annualReport(key: string, year: number): AnnualReportContent {
  const h = hash(`${key}${year}`);
  const base = 200_000 + (h % 1_800_000);
  const fen = (yuan: number) => Math.round(yuan) * 100;
  return {
    assets: fen(base * 1.4),
    liabilities: fen(base * 0.2),
    income: { donations: fen(base * 0.25), grants: fen(base * 0.15), services: fen(base * 0.5), dues: fen(base * 0.05), other: fen(base * 0.05) },
    expenses: { programs: fen(base * 0.78), admin: fen(base * 0.12), fundraising: fen(base * 0.02), other: fen(base * 0.03) },
    activities: `${year}年开展社区服务活动 ${20 + (h % 60)} 场，服务居民 ${1000 + (h % 9000)} 人次；承接政府购买服务项目 ${1 + (h % 4)} 个，组织志愿者 ${50 + (h % 300)} 人次参与。`,
  };
}

const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 Beijing time

/** A valid 统一社会信用代码 (as src/seed/demo.ts makes them; a runtime import of it would be circular). */
function uscc(typeDigit: string, districtCode: string, serial: number): string {
  const first17 = `5${typeDigit}${districtCode}${String(serial).padStart(9, "0")}`;
  return first17 + usccCheckCharacter(first17);
}

export const disclosureSeed: ModuleSeed = async (district: DemoDistrict, ctx: SeedContext): Promise<CompiledQuery[]> => {
  // A district still onboarding has no registry to disclose yet.
  if (district.onboarding) return [];
  const code = district.code;
  const today = beijingDate(ctx.now);
  const year = Number(today.slice(0, 4));
  const bands = BANDS[code] ?? DEFAULT_SETTINGS.gradeBands;
  const due = DEFAULT_SETTINGS.annualReportDue;
  const orgs = orgsOf(code);
  const id = (key: string) => ctx.orgId(key);
  const out: CompiledQuery[] = [];
  const push = (q: { compile(): CompiledQuery }) => out.push(q.compile());

  // ----- registry
  for (const [i, o] of orgs.entries()) {
    const registeredOn = o.registeredOn === "new" ? addMonths(today, -3) : o.registeredOn;
    const details = {
      registration_authority: o.authority,
      registered_on: registeredOn,
      domicile: o.domicile,
      business_scope: o.scope,
      legal_rep_name: o.legalRep,
      ...(o.legalRepPrivate
        ? {
            legal_rep_id_protected: await protect(o.legalRepPrivate.id, ctx.personalDataKey),
            legal_rep_id_hash: await lookupHash("id_number", o.legalRepPrivate.id, ctx.personalDataKey),
            legal_rep_phone_protected: await protect(o.legalRepPrivate.phone, ctx.personalDataKey),
          }
        : {}),
    };
    if (o.name) {
      push(
        sqlOf
          .insertInto("organizations")
          .values({
            district_id: code,
            id: id(o.key),
            name: o.name,
            uscc: uscc(o.typeDigit ?? "2", code, 2000 + i),
            kind: "registered",
            org_type: o.type ?? "",
            area_code: o.area ?? null,
            verification: "verified",
            ...details,
            created_at: ctx.now,
            updated_at: ctx.now,
          })
          .onConflict((oc) => oc.doNothing()),
      );
    } else {
      // A base demo organization: fill in what is still blank, keep what a demo user set.
      push(sqlOf.updateTable("organizations").set(details).where("district_id", "=", code).where("id", "=", id(o.key)).where("registered_on", "is", null));
    }
    for (const field of o.fields)
      push(
        sqlOf
          .insertInto("organization_service_fields")
          .values({ district_id: code, organization_id: id(o.key), field })
          .onConflict((oc) => oc.doNothing()),
      );
  }

  // ----- annual reports: on time, late, missing (overdue) or not yet due
  for (const o of orgs) {
    const filings: [number, string][] = [];
    if (o.filing === "on_time") {
      filings.push([year - 3, `${year - 2}-05-12`], [year - 2, `${year - 1}-04-20`]);
      const thisSeason = addDays(today, -7) < `${year}-05-20` ? addDays(today, -7) : `${year}-05-20`;
      if (thisSeason >= `${year}-02-01`) filings.push([year - 1, thisSeason]);
    } else if (o.filing === "late") {
      filings.push([year - 2, `${year - 1}-07-10`]);
    }
    for (const [reportYear, filedOn] of filings) {
      const disclosureId = `demo-${code}-ar-${o.key}-${reportYear}`;
      const title = `${reportYear}年度工作报告`;
      push(
        sqlOf
          .insertInto("disclosures")
          .values({ district_id: code, id: disclosureId, organization_id: id(o.key), kind: "annual_report", report_year: reportYear, title, current_version: 1, first_published_at: at(filedOn), updated_at: at(filedOn) })
          .onConflict((oc) => oc.doNothing()),
      );
      push(
        sqlOf
          .insertInto("disclosure_versions")
          .values({ district_id: code, disclosure_id: disclosureId, version: 1, title, content_json: JSON.stringify(annualReport(o.key, reportYear)), correction_note: null, published_at: at(filedOn), published_by: ctx.personId("admin") })
          .onConflict((oc) => oc.doNothing()),
      );
    }
    const newest = filings.at(-1);
    if (newest) {
      push(sqlOf.updateTable("organizations").set({ last_report_year: newest[0], last_report_filed_on: newest[1] }).where("district_id", "=", code).where("id", "=", id(o.key)).where("last_report_year", "is", null));
    }
  }
  push(
    sqlOf
      .updateTable("organizations")
      .set({ filing_status: filingStatusSql(today, due) })
      .where("district_id", "=", code),
  );

  // ----- projects and a corrected major change
  const main = orgs[0]!;
  const project: ProjectContent = {
    projectKind: "purchased_service",
    funder: code === "150203" ? "包头市昆都仑区民政局" : "包头市青山区民政局",
    amount: 28_000_000,
    startOn: `${year - 1}-03-01`,
    endOn: `${year - 1}-12-31`,
    beneficiaries: "辖区 60 岁以上独居、空巢老人",
    description: "为独居、空巢老人提供上门探访、助餐助洁、健康监测和心理慰藉服务，建立一户一档服务台账。",
  };
  const projectId = `demo-${code}-pj-${main.key}`;
  push(
    sqlOf
      .insertInto("disclosures")
      .values({ district_id: code, id: projectId, organization_id: id(main.key), kind: "project", report_year: null, title: "社区居家养老服务项目", current_version: 1, first_published_at: at(`${year - 1}-03-05`), updated_at: at(`${year - 1}-03-05`) })
      .onConflict((oc) => oc.doNothing()),
  );
  push(
    sqlOf
      .insertInto("disclosure_versions")
      .values({ district_id: code, disclosure_id: projectId, version: 1, title: "社区居家养老服务项目", content_json: JSON.stringify(project), correction_note: null, published_at: at(`${year - 1}-03-05`), published_by: ctx.personId("admin") })
      .onConflict((oc) => oc.doNothing()),
  );
  const changeId = `demo-${code}-mc-${main.key}`;
  const change: MajorChangeContent = { changeType: "domicile", effectiveOn: `${year - 1}-09-01`, before: "原住所（旧址）", after: main.domicile, description: "经理事会决议并报登记管理机关核准，变更住所。" };
  const corrected: MajorChangeContent = { ...change, before: `${main.domicile.replace(/\d+ 号$/, "")}3 号（旧址）` };
  push(
    sqlOf
      .insertInto("disclosures")
      .values({ district_id: code, id: changeId, organization_id: id(main.key), kind: "major_change", report_year: null, title: "住所变更", current_version: 2, first_published_at: at(`${year - 1}-09-05`), updated_at: at(`${year - 1}-09-12`) })
      .onConflict((oc) => oc.doNothing()),
  );
  push(
    sqlOf
      .insertInto("disclosure_versions")
      .values({ district_id: code, disclosure_id: changeId, version: 1, title: "住所变更", content_json: JSON.stringify(change), correction_note: null, published_at: at(`${year - 1}-09-05`), published_by: ctx.personId("admin") })
      .onConflict((oc) => oc.doNothing()),
  );
  push(
    sqlOf
      .insertInto("disclosure_versions")
      .values({ district_id: code, disclosure_id: changeId, version: 2, title: "住所变更", content_json: JSON.stringify(corrected), correction_note: "补正变更前住所的门牌号。", published_at: at(`${year - 1}-09-12`), published_by: ctx.personId("admin") })
      .onConflict((oc) => oc.doNothing()),
  );

  // ----- grades (validity from the default settings; one has expired)
  const validity = DEFAULT_SETTINGS.gradeValidityYears;
  for (const o of orgs) {
    if (!o.grade) continue;
    const grade = gradeFor(o.grade.total, bands);
    if (!grade) continue;
    const awardedOn = addMonths(today, -12 * o.grade.yearsAgo - 2);
    const validUntil = gradeValidUntil(awardedOn, validity);
    const expired = validUntil < today;
    push(
      sqlOf
        .insertInto("organization_grades")
        .values({ district_id: code, id: `demo-${code}-grade-${o.key}`, organization_id: id(o.key), evaluation_id: null, grade, total: o.grade.total, scale: bands.scale, awarded_on: awardedOn, valid_until: validUntil, status: expired ? "expired" : "valid", ended_on: expired ? addDays(validUntil, 1) : null })
        .onConflict((oc) => oc.doNothing()),
    );
    push(
      sqlOf
        .updateTable("organizations")
        .set({ grade, grade_status: expired ? "expired" : "valid", grade_valid_until: validUntil })
        .where("district_id", "=", code)
        .where("id", "=", id(o.key))
        .where("grade_status", "=", "none"),
    );
  }

  // ----- credit lists, with history
  const body = code === "150203" ? "包头市昆都仑区民政局" : "包头市青山区民政局";
  const entry = (e: { key: string; org: string; list: "abnormal" | "serious"; reasonCode: string; reason: string; basis: string; decidedOn: string; needs: boolean; clock?: string; exitedOn?: string; exitReason?: "auto" | "transferred" | "rectified"; source?: string }) => {
    push(
      sqlOf
        .insertInto("credit_list_entries")
        .values({
          district_id: code,
          id: `demo-${code}-cl-${e.key}`,
          organization_id: id(e.org),
          list: e.list,
          reason: e.reason,
          legal_basis: e.basis,
          deciding_body: body,
          decided_on: e.decidedOn,
          exited_on: e.exitedOn ?? null,
          created_at: at(e.decidedOn),
          reason_code: e.reasonCode,
          event_on: addDays(e.decidedOn, -3),
          needs_rectification: e.needs ? 1 : 0,
          clock_started_on: e.clock ?? e.decidedOn,
          exit_reason: e.exitReason ?? null,
          exit_note: e.exitedOn ? "" : null,
          source_entry_id: e.source ? `demo-${code}-cl-${e.source}` : null,
          created_by: ctx.personId("admin"),
        })
        .onConflict((oc) => oc.doNothing()),
    );
  };
  const event = (key: string, entryKey: string, org: string, kind: string, onDate: string, note = "", detail: Record<string, unknown> = {}) =>
    push(
      sqlOf
        .insertInto("credit_list_events")
        .values({
          district_id: code,
          id: `demo-${code}-ce-${key}`,
          entry_id: `demo-${code}-cl-${entryKey}`,
          organization_id: id(org),
          kind,
          on_date: onDate,
          note,
          detail_json: JSON.stringify(detail),
          public: 1,
          actor_id: null,
          actor_role: kind === "exited" || kind === "transferred_in" ? "system" : "district_admin",
          at: at(onDate),
        })
        .onConflict((oc) => oc.doNothing()),
    );
  const basis = "《社会组织信用信息管理办法》";
  const [missing, autoExit, transferred, rectify] = code === "150203" ? ["d05", "d08", "d11", "d07"] : ["q05", "q07", "q02", "harmony"];
  // Overdue annual report: on the abnormal list, rectification needed.
  const d1 = addMonths(today, -3);
  entry({ key: "overdue", org: missing!, list: "abnormal", reasonCode: "annual_report", reason: `未按规定报送${year - 2}年度工作报告`, basis, decidedOn: d1, needs: true });
  event("overdue-1", "overdue", missing!, "entered", d1, `未按规定报送${year - 2}年度工作报告`);
  // Unreachable, nothing to rectify; a new event restarted the clock; left automatically.
  const d2 = addMonths(today, -14);
  const restart = addMonths(today, -10);
  const left = addMonths(restart, DEFAULT_SETTINGS.abnormalListAutoExitMonths);
  entry({ key: "auto", org: autoExit!, list: "abnormal", reasonCode: "unreachable", reason: "通过登记的住所无法取得联系", basis, decidedOn: d2, needs: false, clock: restart, exitedOn: left, exitReason: "auto" });
  event("auto-1", "auto", autoExit!, "entered", d2, "通过登记的住所无法取得联系");
  event("auto-2", "auto", autoExit!, "new_event", restart, "再次核查仍无法联系", { clockStartedOn: restart });
  event("auto-3", "auto", autoExit!, "exited", left, "", { reason: "auto" });
  // Two years on the abnormal list: moved to the serious list.
  const d3 = addMonths(today, -37);
  const moved = addMonths(d3, DEFAULT_SETTINGS.abnormalToSeriousYears * 12);
  entry({ key: "old", org: transferred!, list: "abnormal", reasonCode: "rectification", reason: "未按期完成整改通知书要求的整改事项", basis, decidedOn: d3, needs: true, exitedOn: moved, exitReason: "transferred" });
  event("old-1", "old", transferred!, "entered", d3, "未按期完成整改通知书要求的整改事项");
  event("old-2", "old", transferred!, "exited", moved, "", { reason: "transferred" });
  entry({ key: "serious", org: transferred!, list: "serious", reasonCode: "abnormal_two_years", reason: "列入活动异常名录满2年：未按期完成整改通知书要求的整改事项", basis: `${basis}（列入活动异常名录满2年）`, decidedOn: moved, needs: false, source: "old" });
  event("serious-1", "serious", transferred!, "transferred_in", moved, "列入活动异常名录满2年");
  // An entry the demo organization user can act on (report rectification, object).
  const d4 = addMonths(today, -1);
  entry({ key: "rectify", org: rectify!, list: "abnormal", reasonCode: "rectification", reason: "年度检查发现财务票据管理不规范，未按期完成整改", basis, decidedOn: d4, needs: true });
  event("rectify-1", "rectify", rectify!, "entered", d4, "年度检查发现财务票据管理不规范，未按期完成整改");
  for (const key of [missing!, autoExit!, transferred!, rectify!]) {
    push(
      sqlOf
        .updateTable("organizations")
        .set({
          list_status: sql`case
            when exists (select 1 from credit_list_entries e where e.district_id = organizations.district_id and e.organization_id = organizations.id and e.list = 'serious' and e.exited_on is null) then 'serious'
            when exists (select 1 from credit_list_entries e where e.district_id = organizations.district_id and e.organization_id = organizations.id and e.list = 'abnormal' and e.exited_on is null) then 'abnormal'
            else 'none' end`,
        })
        .where("district_id", "=", code)
        .where("id", "=", id(key)),
    );
  }

  // ----- an evaluation round with proposed grades on public notice
  const roundId = `demo-${code}-round-${year}`;
  const rubricId = `demo-${code}-rubric-${year}`;
  const opened = addDays(today, -20);
  push(
    sqlOf
      .insertInto("rubrics")
      .values({ district_id: code, id: rubricId, title: `${year}年度社会组织等级评估`, locked_at: at(opened), created_at: at(opened) })
      .onConflict((oc) => oc.doNothing()),
  );
  rubricTemplate(bands.scale).forEach((item, position) =>
    push(
      sqlOf
        .insertInto("rubric_items")
        .values({ district_id: code, id: `${rubricId}-${position}`, rubric_id: rubricId, position, area: item.area ?? "", title: item.title, description: item.description, weight: item.weight, max_score: item.maxScore })
        .onConflict((oc) => oc.doNothing()),
    ),
  );
  push(
    sqlOf
      .insertInto("evaluation_rounds")
      .values({ district_id: code, id: roundId, title: `${year}年度社会组织等级评估`, year, rubric_id: rubricId, bands_json: JSON.stringify(bands), status: "open", opened_by: ctx.personId("admin"), opened_at: at(opened) })
      .onConflict((oc) => oc.doNothing()),
  );
  const noticeId = `demo-${code}-notice-${year}`;
  const inNotice =
    code === "150203"
      ? [
          ["d08", 84.5],
          ["d09", 71],
          ["d13", 58],
        ]
      : [
          ["q03", 905],
          ["q06", 812],
          ["q04", 640],
        ];
  const noticeEnds = endOfBeijingDay(addWorkingDays(ctx.now, NOTICE_DAYS[code] ?? DEFAULT_SETTINGS.publicNoticeWorkingDays));
  const labels = new Map(orgs.map((o) => [o.key, o.name ?? district.organizations.find((x) => x.key === o.key)?.name ?? o.key]));
  push(
    sqlOf
      .insertInto("public_notices")
      .values({
        district_id: code,
        id: noticeId,
        subject_kind: "evaluation",
        batch_id: roundId,
        title: `${year}年度社会组织等级评估拟定等级公示`,
        body: "以下社会组织的评估等级经评估委员会审定，现予公示。公示期间，如有异议可提出；参评组织可申请复核。",
        reviewers_text: district.people
          .filter((p) => p.role === "reviewer" || p.role === "evaluator")
          .map((p) => p.name)
          .join("、"),
        starts_at: ctx.now,
        ends_at: noticeEnds,
        status: "open",
        published_by: ctx.personId("admin"),
        published_at: ctx.now,
        closed_at: null,
      })
      .onConflict((oc) => oc.doNothing()),
  );
  for (const [key, total] of inNotice as [string, number][]) {
    const grade = gradeFor(total, bands);
    const evaluationId = `demo-${code}-ev-${key}`;
    push(
      sqlOf
        .insertInto("evaluations")
        .values({
          district_id: code,
          id: evaluationId,
          round_id: roundId,
          organization_id: id(key),
          status: "in_notice",
          self_total: Math.round(total * 1.04 * 10) / 10,
          evaluator_total: Math.round(total * 0.98 * 10) / 10,
          committee_total: total,
          total,
          proposed_grade: grade,
          final_grade: null,
          notice_id: noticeId,
          version: 2,
          enrolled_by: ctx.personId("admin"),
          enrolled_at: at(opened),
          finalized_at: null,
        })
        .onConflict((oc) => oc.doNothing()),
    );
    push(
      sqlOf
        .insertInto("notice_items")
        .values({ district_id: code, notice_id: noticeId, subject_id: evaluationId, label: labels.get(key)!, proposed_outcome: grade ?? "未达到等级", score: total, outcome: "pending" })
        .onConflict((oc) => oc.doNothing()),
    );
  }
  // One organization still being scored, with the demo scorers assigned (awaiting their declarations).
  const scoringKey = code === "150203" ? "silver" : "q07";
  const scoringId = `demo-${code}-ev-${scoringKey}`;
  push(
    sqlOf
      .insertInto("evaluations")
      .values({
        district_id: code,
        id: scoringId,
        round_id: roundId,
        organization_id: id(scoringKey),
        status: "enrolled",
        self_total: null,
        evaluator_total: null,
        committee_total: null,
        total: null,
        proposed_grade: null,
        final_grade: null,
        notice_id: null,
        version: 1,
        enrolled_by: ctx.personId("admin"),
        enrolled_at: at(opened),
        finalized_at: null,
      })
      .onConflict((oc) => oc.doNothing()),
  );
  for (const p of district.people.filter((x) => x.role === "evaluator" || x.role === "reviewer")) {
    push(
      sqlOf
        .insertInto("review_assignments")
        .values({
          district_id: code,
          id: `${scoringId}-${p.key}`,
          subject_kind: "evaluation",
          subject_id: scoringId,
          rubric_id: rubricId,
          reviewer_id: ctx.personId(p.key),
          scorer_role: p.role === "evaluator" ? "evaluator" : "committee",
          status: "awaiting_declaration",
          conflict_reason: null,
          declared_at: null,
          submitted_at: null,
          assigned_by: ctx.personId("admin"),
          assigned_at: at(opened),
        })
        .onConflict((oc) => oc.doNothing()),
    );
  }
  return out;
};
