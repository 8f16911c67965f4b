import { describe, expect, it } from "vitest";
import { Icon } from "../../src/ui/icons";
import * as z from "zod/mini";
import { conflictFrom } from "../../src/modules/disclosure/evaluations";
import { evaluationEligibility, filingStatus, filingStatusSql, gradeFor, gradeTerm, hasCertificate, OVERDUE_RED_AFTER_DAYS, reevaluationCloses, simplifiedOnsite, type GradeBands } from "../../src/modules/disclosure/rules";
import { FilingBadge } from "../../src/modules/disclosure/views";
import { DEFAULT_SETTINGS, settingsSchema } from "../../src/tenants/settings";
import qingshan from "../../tenants/150204-qingshan.json";
import { districtData, insertOrg, rows } from "./fixtures";
import { districtWith } from "../fixtures/district";

// The disclosure rules as functions of dates and settings: grade bands on both
// scales, validity, annual-report filing status (in code and as the SQL the directory
// filters on), evaluation eligibility and the reviewers' cooling-off period.

const hundred: GradeBands = DEFAULT_SETTINGS.gradeBands;
const thousand = qingshan.settings.gradeBands as GradeBands;

describe("grade bands", () => {
  it("maps every boundary of the 100-point scale (90 / 80 / 70 / 60 / 50)", () => {
    expect(hundred).toEqual({ scale: 100, minimums: { "5A": 90, "4A": 80, "3A": 70, "2A": 60, "1A": 50 } });
    const cases: [number, string | null][] = [
      [100, "5A"],
      [90, "5A"],
      [89.99, "4A"],
      [89.5, "4A"],
      [80, "4A"],
      [79.99, "3A"],
      [70, "3A"],
      [69.99, "2A"],
      [60, "2A"],
      [59.99, "1A"],
      [50, "1A"],
      [49.99, null],
      [0, null],
    ];
    for (const [total, grade] of cases) expect(gradeFor(total, hundred), String(total)).toBe(grade);
  });

  it("maps every boundary of the 1000-point scale, each lower bound inclusive (“950 分以上” includes 950)", () => {
    expect(thousand).toEqual({ scale: 1000, minimums: { "5A": 950, "4A": 850, "3A": 750, "2A": 650, "1A": 500 } });
    // Committee totals are means and can be fractional: nothing falls between two bands.
    const cases: [number, string | null][] = [
      [1000, "5A"],
      [951, "5A"],
      [950.5, "5A"],
      [950, "5A"],
      [949.99, "4A"],
      [949.5, "4A"],
      [850, "4A"],
      [849.99, "3A"],
      [750, "3A"],
      [749.5, "2A"],
      [650, "2A"],
      [649.99, "1A"],
      [500, "1A"],
      [499.99, null],
      [0, null],
    ];
    for (const [total, grade] of cases) expect(gradeFor(total, thousand), String(total)).toBe(grade);
  });

  it("refuses bands that overlap or run out of order when settings are saved", () => {
    const refuse = (minimums: Record<string, number>, scale = 100) => z.safeParse(settingsSchema, { gradeBands: { scale, minimums } }).success;
    expect(refuse({ "5A": 90, "4A": 80, "3A": 70, "2A": 60, "1A": 50 })).toBe(true);
    expect(refuse({ "5A": 90, "4A": 90, "3A": 70, "2A": 60, "1A": 50 })).toBe(false); // 5A and 4A overlap
    expect(refuse({ "5A": 80, "4A": 90, "3A": 70, "2A": 60, "1A": 50 })).toBe(false); // out of order
    expect(refuse({ "5A": 950, "4A": 80, "3A": 70, "2A": 60, "1A": 50 })).toBe(false); // beyond the scale
    expect(refuse({ "5A": 90, "4A": 80, "3A": 70, "2A": 60, "1A": 0 })).toBe(false); // no lower edge
    expect(refuse({ "5A": 951, "4A": 851, "3A": 751, "2A": 651, "1A": 501 }, 1000)).toBe(true);
    // Bands are lower edges of adjoining ranges: a gap cannot be expressed at all.
    expect(Object.keys(hundred.minimums)).toEqual(["5A", "4A", "3A", "2A", "1A"]);
  });

  it("runs a grade's term from 1 January after the announcement to 31 December of the fifth year", () => {
    expect(gradeTerm("2026-03-01", 5)).toEqual({ validFrom: "2027-01-01", validUntil: "2031-12-31" });
    // The first and last day of a year announce into the same term.
    expect(gradeTerm("2026-01-01", 5)).toEqual({ validFrom: "2027-01-01", validUntil: "2031-12-31" });
    expect(gradeTerm("2026-12-31", 5)).toEqual({ validFrom: "2027-01-01", validUntil: "2031-12-31" });
    expect(gradeTerm("2027-01-01", 5)).toEqual({ validFrom: "2028-01-01", validUntil: "2032-12-31" });
    expect(gradeTerm("2024-02-29", 5)).toEqual({ validFrom: "2025-01-01", validUntil: "2029-12-31" });
    expect(gradeTerm("2026-06-30", 3)).toEqual({ validFrom: "2027-01-01", validUntil: "2029-12-31" });
  });

  it("offers a certificate for valid grades of 3A and above only", () => {
    expect(hasCertificate({ grade: "5A", status: "valid" })).toBe(true);
    expect(hasCertificate({ grade: "3A", status: "valid" })).toBe(true);
    expect(hasCertificate({ grade: "2A", status: "valid" })).toBe(false);
    expect(hasCertificate({ grade: "4A", status: "expired" })).toBe(false);
  });
});

describe("annual-report filing status", () => {
  const due = "05-31";
  const org = (registered_on: string | null, last_report_year: number | null = null, last_report_filed_on: string | null = null, kind = "registered") => ({ kind, registered_on, last_report_year, last_report_filed_on });

  it("reads on time, days late, overdue days (amber, then red) and not yet due", () => {
    expect(filingStatus(org("2015-01-01", 2025, "2026-04-30"), "2026-06-10", due)).toEqual({ status: "on_time", year: 2025, days: 0, severity: "ok" });
    expect(filingStatus(org("2015-01-01", 2025, "2026-05-31"), "2026-06-10", due).status).toBe("on_time");
    expect(filingStatus(org("2015-01-01", 2025, "2026-06-12"), "2026-07-01", due)).toEqual({ status: "late", year: 2025, days: 12, severity: "amber" });
    // Report 2025 due 2026-05-31: missing on 2026-06-01 is one day overdue.
    expect(filingStatus(org("2015-01-01", 2024, "2025-05-01"), "2026-06-01", due)).toEqual({ status: "overdue", year: 2025, days: 1, severity: "amber" });
    expect(filingStatus(org("2015-01-01", 2024, "2025-05-01"), `2026-06-${String(OVERDUE_RED_AFTER_DAYS).padStart(2, "0")}`, due).severity).toBe("amber");
    expect(filingStatus(org("2015-01-01", 2024, "2025-05-01"), "2026-07-01", due)).toEqual({ status: "overdue", year: 2025, days: 31, severity: "red" });
    // Before this year's due date, last year's filing decides.
    expect(filingStatus(org("2015-01-01", 2024, "2025-05-01"), "2026-03-01", due)).toEqual({ status: "on_time", year: 2024, days: 0, severity: "ok" });
    expect(filingStatus(org("2015-01-01", 2024, "2025-07-10"), "2026-03-01", due)).toEqual({ status: "late", year: 2024, days: 40, severity: "amber" });
    expect(filingStatus(org("2015-01-01"), "2026-03-01", due)).toMatchObject({ status: "overdue", year: 2024, severity: "red" });
    // Registered in 2025: its first report (2025) is due 2026-05-31.
    expect(filingStatus(org("2025-04-01"), "2026-03-01", due)).toEqual({ status: "not_due", year: 2025, days: 0, severity: "neutral" });
    expect(filingStatus(org("2025-04-01"), "2026-06-02", due)).toMatchObject({ status: "overdue", days: 2 });
    expect(filingStatus(org("2026-02-01"), "2026-09-01", due).status).toBe("not_due");
    expect(filingStatus(org(null), "2026-09-01", due).status).toBe("none");
    expect(filingStatus(org("2015-01-01", null, null, "founding_team"), "2026-09-01", due).status).toBe("none");
  });

  it("marks overdue filings amber then red with words and a symbol, never by colour alone", () => {
    const render = (today: string) => String(FilingBadge({ l: "zh-CN", org: org("2015-01-01", 2024, "2025-05-01"), today, due }));
    const amber = render("2026-06-11");
    expect(amber).toContain('class="badge amber"');
    expect(amber).toContain(String(Icon({ name: "up" })));
    expect(amber).toContain("2025年度报告已逾期 11 天未报送");
    const red = render("2026-08-01");
    expect(red).toContain('class="badge red"');
    expect(red).toContain(String(Icon({ name: "cross" })));
    expect(red).toContain("已逾期 62 天");
    const en = String(FilingBadge({ l: "en", org: org("2015-01-01", 2025, "2026-06-12"), today: "2026-07-01", due }));
    expect(en).toContain("2025 report filed 12 days late");
  });

  it("dates a foundation's report by 31 March and other types' by 31 May, both district settings", () => {
    const foundation = { ...org("2015-01-01", 2024, "2025-03-20"), org_type: "基金会" };
    const agency = { ...org("2015-01-01", 2024, "2025-05-20"), org_type: "社会服务机构" };
    expect(DEFAULT_SETTINGS).toMatchObject({ annualReportDue: "05-31", annualReportDueFoundation: "03-31" });
    expect(filingStatus(foundation, "2026-03-31", DEFAULT_SETTINGS)).toMatchObject({ status: "on_time", year: 2024 });
    expect(filingStatus(foundation, "2026-04-01", DEFAULT_SETTINGS)).toEqual({ status: "overdue", year: 2025, days: 1, severity: "amber" });
    expect(filingStatus(agency, "2026-04-01", DEFAULT_SETTINGS)).toMatchObject({ status: "on_time", year: 2024 });
    expect(filingStatus(agency, "2026-06-01", DEFAULT_SETTINGS)).toEqual({ status: "overdue", year: 2025, days: 1, severity: "amber" });
    expect(filingStatus({ ...foundation, last_report_year: 2025, last_report_filed_on: "2026-04-01" }, "2026-06-01", DEFAULT_SETTINGS)).toEqual({ status: "late", year: 2025, days: 1, severity: "amber" });
    expect(filingStatus({ ...foundation, last_report_year: 2025, last_report_filed_on: "2026-04-01" }, "2026-06-01", { ...DEFAULT_SETTINGS, annualReportDueFoundation: "04-30" }).status).toBe("on_time");
  });

  it("computes the same status in SQL (the directory's indexed column) as in code", async () => {
    const d = await districtWith("150901", { shard: "DISTRICTS_0" });
    const specs = [
      org("2015-01-01", 2025, "2026-04-30"),
      org("2015-01-01", 2025, "2026-06-12"),
      org("2015-01-01", 2024, "2025-05-01"),
      org("2015-01-01", 2024, "2025-07-10"),
      org("2015-01-01", 2023, "2024-05-01"),
      org("2015-01-01"),
      org("2024-12-31"),
      org("2025-01-01"),
      org("2025-12-31", 2025, "2026-01-10"),
      org("2026-02-01"),
      org(null),
      org("2015-01-01", null, null, "founding_team"),
    ];
    // Each case once as a foundation (due 03-31 by default) and once as a social service agency (05-31).
    const cases: { spec: (typeof specs)[number] & { org_type: string }; id: string }[] = [];
    for (const s of specs) {
      for (const orgType of ["基金会", "社会服务机构"]) {
        const o = await insertOrg(d.db, d.code, { kind: s.kind as "registered", registeredOn: s.registered_on, orgType });
        await d.db.prepare("UPDATE organizations SET last_report_year = ?, last_report_filed_on = ? WHERE district_id = ? AND id = ?").bind(s.last_report_year, s.last_report_filed_on, d.code, o.id).run();
        cases.push({ spec: { ...s, org_type: orgType }, id: o.id });
      }
    }
    const data = await districtData(d.code);
    for (const dues of [due, DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, annualReportDueFoundation: "04-30" }]) {
      for (const today of ["2026-01-01", "2026-03-01", "2026-03-31", "2026-04-01", "2026-05-01", "2026-05-31", "2026-06-01", "2026-06-12", "2026-12-31", "2027-06-01"]) {
        await data.writeUnaudited([data.updateTable("organizations").set({ filing_status: filingStatusSql(today, dues) })]);
        const stored = await rows<{ id: string; filing_status: string }>(d.db, "SELECT id, filing_status FROM organizations WHERE district_id = ?", d.code);
        for (const c of cases) expect(stored.find((r) => r.id === c.id)!.filing_status, `${today} ${JSON.stringify(c.spec)}`).toBe(filingStatus(c.spec, today, dues).status);
      }
    }
  });
});

describe("evaluation eligibility and recusal", () => {
  const base = { kind: "registered", verification: "verified", registered_on: "2024-03-10", grade_status: "none", grade_valid_until: null, grade_valid_from: null, list_status: "none", filing_status: "on_time", registration_scope: "own" };
  const keys = (org: typeof base | Record<string, unknown>, today: string) => evaluationEligibility({ ...base, ...org }, today, DEFAULT_SETTINGS).map((r) => r.key);

  it("needs the configured full years of registration, last year's report and no credit list", () => {
    expect(evaluationEligibility(base, "2026-03-10", DEFAULT_SETTINGS)).toEqual([]);
    expect(evaluationEligibility(base, "2026-03-09", DEFAULT_SETTINGS)).toEqual([{ key: "disclosure.eligibility.tooNew", params: { years: 2, date: "2026-03-10" } }]);
    expect(keys({ grade_status: "expired" }, "2026-06-01")).toEqual([]);
    expect(keys({ list_status: "abnormal" }, "2026-06-01")).toEqual(["disclosure.eligibility.onList"]);
    expect(keys({ list_status: "serious" }, "2026-06-01")).toEqual(["disclosure.eligibility.onList"]);
    expect(keys({ filing_status: "overdue" }, "2026-06-01")).toEqual(["disclosure.eligibility.reportOverdue"]);
    // A report filed late, or not yet due, is no bar.
    expect(keys({ filing_status: "late" }, "2026-06-01")).toEqual([]);
    expect(keys({ filing_status: "not_due" }, "2026-06-01")).toEqual([]);
    expect(keys({ kind: "founding_team" }, "2026-06-01")).toEqual(["disclosure.eligibility.notRegistered"]);
    expect(evaluationEligibility(base, "2027-03-09", { ...DEFAULT_SETTINGS, evaluationEligibleAfterYears: 3 }).map((r) => r.key)).toEqual(["disclosure.eligibility.tooNew"]);
  });

  it("allows re-evaluation within the first 4 years of a valid grade's term, simplified on site within the first 2", () => {
    // Announced in 2026: the term is 2027-01-01 to 2031-12-31.
    const graded = { grade_status: "valid", grade_valid_from: "2027-01-01", grade_valid_until: "2031-12-31" };
    expect(reevaluationCloses({ ...base, ...graded }, DEFAULT_SETTINGS)).toBe("2030-12-31");
    expect(keys(graded, "2026-12-15")).toEqual([]); // announced, term not yet begun
    expect(keys(graded, "2027-01-01")).toEqual([]);
    expect(keys(graded, "2030-12-31")).toEqual([]);
    expect(evaluationEligibility({ ...base, ...graded }, "2031-01-01", DEFAULT_SETTINGS)).toEqual([{ key: "disclosure.eligibility.reevaluationClosed", params: { date: "2030-12-31", until: "2031-12-31" } }]);
    expect(simplifiedOnsite({ ...base, ...graded }, "2027-01-01", DEFAULT_SETTINGS)).toBe(true);
    expect(simplifiedOnsite({ ...base, ...graded }, "2028-12-31", DEFAULT_SETTINGS)).toBe(true);
    expect(simplifiedOnsite({ ...base, ...graded }, "2029-01-01", DEFAULT_SETTINGS)).toBe(false);
    expect(simplifiedOnsite({ ...base, grade_status: "expired" }, "2027-01-01", DEFAULT_SETTINGS)).toBe(false);
    // A grade recorded before the revision: its term is read back from its last day.
    const legacy = { grade_status: "valid", grade_valid_from: null, grade_valid_until: "2029-03-14" };
    expect(reevaluationCloses({ ...base, ...legacy }, DEFAULT_SETTINGS)).toBe("2028-12-31");
  });

  it("makes a reviewer who worked for the organization within the cooling-off years recuse", () => {
    expect(conflictFrom({ workedFor: "yes", lastWorkedOn: "2024-06-02", otherConflict: "" }, "2026-06-01", 2, "zh-CN")).toContain("未满 2 年回避期");
    expect(conflictFrom({ workedFor: "yes", lastWorkedOn: "2024-06-01", otherConflict: "" }, "2026-06-01", 2, "zh-CN")).toBeNull();
    expect(conflictFrom({ workedFor: "no", lastWorkedOn: "", otherConflict: "" }, "2026-06-01", 2, "zh-CN")).toBeNull();
    expect(conflictFrom({ workedFor: "no", lastWorkedOn: "", otherConflict: "配偶在该组织任理事" }, "2026-06-01", 2, "zh-CN")).toBe("配偶在该组织任理事");
  });
});
