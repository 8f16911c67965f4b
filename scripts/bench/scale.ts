import type { CompiledQuery, Insertable } from "kysely";
import { createKysely } from "../../src/data/kysely";
import type { DistrictDB } from "../../src/data/schema";
import { addDays, addMonths, beijingDate } from "../../src/lib/beijing-time";
import { annualReport } from "../../src/modules/disclosure/seed";
import { filingStatusSql, gradeFor, gradeValidUntil } from "../../src/modules/disclosure/rules";
import { SERVICE_FIELDS, type ServiceField } from "../../src/modules/disclosure/schemas";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { DEFAULT_SETTINGS } from "../../src/tenants/settings";
import { TYPES, THEMES, BRANDS, usccOf, at, random, personName } from "./scale-random";
import { chunked, peopleStatements, postStatements, incubationStatements, workerStatements } from "./scale-rows";

// A benchmark district at a real district's scale, generated deterministically (the
// same rows on every run) so that runs compare. Every row is one the product could
// have written: valid credit codes and ID numbers, personal data encrypted with the
// district's key, derived directory columns consistent with grades, lists and filings.

export const db = createKysely<DistrictDB>(null as unknown as D1Database);
export type Row<T extends keyof DistrictDB> = Insertable<DistrictDB[T]>;

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
    const type =
      TYPES.find((t) => {
        acc += t.share;
        return acc > roll;
      }) ?? TYPES[0];
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
