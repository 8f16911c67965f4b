import { sql, type CompiledQuery } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { protect, lookupHash } from "../../lib/personal-data";
import { addDays, addMonths, beijingDate } from "../../lib/beijing-time";
import type { DemoDistrict, ModuleSeed, SeedContext } from "../../seed/demo";
import { DEFAULT_SETTINGS } from "../../tenants/settings";
import type { MajorChangeContent, ProjectContent } from "./disclosures";
import { filingStatusSql, gradeFor, gradeTerm, type GradeBands } from "./rules";
import { evaluationRoundSeed } from "./seed-evaluation";
import { orgsOf } from "./seed-organizations";
import type { ServiceField } from "./schemas";
import { usccCheckCharacter } from "../../lib/uscc";
import type { AnnualReportContent } from "./disclosures";

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

export type Filing = "on_time" | "late" | "missing" | "new";

export interface SeedOrg {
  key: string;
  name?: string; // absent: a base demo organization (src/seed/demo.ts) being completed
  type?: string;
  typeDigit?: "1" | "2" | "3" | "9";
  area?: string | null;
  registeredOn: string | "new";
  authority: string;
  /** Absent: registered by the district's own bureau. */
  registrationScope?: "other" | "filed";
  domicile: string;
  scope: string;
  legalRep: string;
  fields: ServiceField[];
  filing: Filing;
  grade?: { total: number; yearsAgo: number };
  legalRepPrivate?: { id: string; phone: string };
}

const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 Beijing time

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
  const orgs = orgsOf(code);
  const id = (key: string) => ctx.orgId(key);
  const out: CompiledQuery[] = [];
  const push = (q: { compile(): CompiledQuery }) => out.push(q.compile());

  // ----- registry
  for (const [i, o] of orgs.entries()) {
    const registeredOn = o.registeredOn === "new" ? addMonths(today, -3) : o.registeredOn;
    const details = {
      registration_authority: o.authority,
      registration_scope: o.registrationScope ?? ("own" as const),
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
    // Foundations report by 31 March, other types by 31 May (DEFAULT_SETTINGS).
    const [early, late] = o.type === "基金会" ? ["03-12", "03-20"] : ["05-12", "05-20"];
    if (o.filing === "on_time") {
      filings.push([year - 3, `${year - 2}-${early}`], [year - 2, `${year - 1}-${late}`]);
      const thisSeason = addDays(today, -7) < `${year}-${late}` ? addDays(today, -7) : `${year}-${late}`;
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
      .set({ filing_status: filingStatusSql(today, DEFAULT_SETTINGS) })
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

  // ----- grades: announced some years ago, their term by the revised rule (from 1 January
  // after the announcement to 31 December of the fifth year); the oldest have expired.
  const validity = DEFAULT_SETTINGS.gradeValidityYears;
  for (const o of orgs) {
    if (!o.grade) continue;
    const grade = gradeFor(o.grade.total, bands);
    if (!grade) continue;
    const awardedOn = addMonths(today, -12 * o.grade.yearsAgo - 2);
    const { validFrom, validUntil } = gradeTerm(awardedOn, validity);
    const expired = validUntil < today;
    push(
      sqlOf
        .insertInto("organization_grades")
        .values({
          district_id: code,
          id: `demo-${code}-grade-${o.key}`,
          organization_id: id(o.key),
          evaluation_id: null,
          grade,
          total: o.grade.total,
          scale: bands.scale,
          awarded_on: awardedOn,
          valid_from: validFrom,
          valid_until: validUntil,
          announcement_id: null,
          status: expired ? "expired" : "valid",
          ended_on: expired ? addDays(validUntil, 1) : null,
        })
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
  // A warning (nothing to rectify); a new penalty restarted the clock; left automatically.
  const d2 = addMonths(today, -14);
  const restart = addMonths(today, -10);
  const left = addMonths(restart, DEFAULT_SETTINGS.abnormalListAutoExitMonths);
  entry({ key: "auto", org: autoExit!, list: "abnormal", reasonCode: "minor_penalty", reason: "因未按规定办理负责人变更备案受到警告处罚", basis, decidedOn: d2, needs: false, clock: restart, exitedOn: left, exitReason: "auto" });
  event("auto-1", "auto", autoExit!, "entered", d2, "因未按规定办理负责人变更备案受到警告处罚");
  event("auto-2", "auto", autoExit!, "new_event", restart, "再次受到警告处罚", { clockStartedOn: restart });
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

  evaluationRoundSeed({ code, today, year, bands, orgs, district, ctx, id, push });
  return out;
};
