import { afterAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "../../src/auth/password";
import { addWorkingDays, workingDaysBetween } from "../../src/lib/beijing-time";
import { calendarFor, isWorkingDay } from "../../src/lib/holiday-calendar";
import { parseDates } from "../../src/platform/calendar";
import { DEMO_OPERATOR, demoOperatorStatement } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { Browser, countRows, PASSWORD, testEnv } from "../helpers";

// Working-day deadlines follow the State Council's holiday calendar: the shipped 2025 and
// 2026 notices, and whatever year a platform operator enters from a later notice.

await runCompiled(testEnv.PLATFORM, [demoOperatorStatement(await hashPassword(PASSWORD, testEnv.PASSWORD_PEPPER!), new Date().toISOString())]);

const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 in Beijing

describe("working days on the 2026 calendar", () => {
  it("skips the National Day holiday and counts its weekend working day", () => {
    expect(isWorkingDay("2026-10-01")).toBe(false);
    expect(isWorkingDay("2026-10-07")).toBe(false);
    expect(isWorkingDay("2026-10-10")).toBe(true); // Saturday worked in exchange
    // 5 working days after Wednesday 30 September: 8, 9, 10 (Sat), 12, 13 October.
    expect(addWorkingDays(at("2026-09-30"), 5)).toBe("2026-10-13");
    expect(addWorkingDays(at("2026-09-30"), 1)).toBe("2026-10-08");
  });

  it("skips the Mid-Autumn holiday and counts Sunday 20 September", () => {
    expect(isWorkingDay("2026-09-20")).toBe(true);
    expect(isWorkingDay("2026-09-25")).toBe(false);
    expect(addWorkingDays(at("2026-09-19"), 1)).toBe("2026-09-20");
    expect(addWorkingDays(at("2026-09-24"), 1)).toBe("2026-09-28");
  });

  it("counts working days between two dates on the same calendar", () => {
    expect(workingDaysBetween("2026-09-30", "2026-10-09")).toBe(2);
    expect(workingDaysBetween("2026-09-30", "2026-09-30")).toBe(0);
  });

  it("uses the 2025 Spring Festival with its Sunday and Saturday worked", () => {
    expect(addWorkingDays(at("2025-01-24"), 1)).toBe("2025-01-26");
    expect(addWorkingDays(at("2025-01-27"), 1)).toBe("2025-02-05");
    expect(isWorkingDay("2025-02-08")).toBe(true);
  });

  it("falls back to Monday to Friday for a year with no calendar", () => {
    expect(calendarFor(2031)).toBeNull();
    expect(isWorkingDay("2031-10-01")).toBe(true); // a Wednesday
    expect(addWorkingDays(at("2031-10-03"), 1)).toBe("2031-10-06"); // Friday → Monday
  });
});

describe("reading dates the way the notice writes them", () => {
  it("reads single dates, Chinese dates and ranges with an abbreviated end", () => {
    expect(parseDates("10月1日至7日、9月20日\n2027-01-01", 2027)).toEqual({
      dates: ["2027-01-01", "2027-09-20", "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"],
    });
    expect(parseDates("2027年2月6日到2027年2月8日", 2027)).toEqual({ dates: ["2027-02-06", "2027-02-07", "2027-02-08"] });
    expect(parseDates("2月30日", 2027)).toEqual({ bad: "2月30日" });
    expect(parseDates("国庆", 2027)).toEqual({ bad: "国庆" });
  });
});

describe("the operator's calendar page", () => {
  afterAll(() => vi.useRealTimers());

  async function operator() {
    const b = new Browser();
    expect((await b.submit("/platform/login", { email: DEMO_OPERATOR.email, password: PASSWORD })).status).toBe(303);
    return b;
  }

  it("says which year is missing, on the console and the calendar page", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-26T02:00:00Z"));
    const b = await operator();
    expect(await (await b.fetch("/platform")).text()).toContain("尚未录入 2027 年的节假日安排");
    const page = await (await b.fetch("/platform/calendar")).text();
    expect(page).toContain("尚未录入 2027 年的节假日安排");
    expect(page).toContain("国务院办公厅关于2026年部分节假日安排的通知");
    vi.useRealTimers();
  });

  it("refuses unreadable or contradictory dates field by field, keeps what was typed and writes nothing", async () => {
    const b = await operator();
    const res = await b.submit("/platform/calendar", { year: "2030", holidays: "10月1日至7日\n国庆", workdays: "10月1日、10月2日", source: "测试通知" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("无法识别“国庆”");
    expect(html).toContain("10月1日至7日");
    expect(await countRows(testEnv.PLATFORM, "holiday_calendars")).toBe(0);
    const both = await (await b.submit("/platform/calendar", { year: "2030", holidays: "10月1日至7日", workdays: "10月5日", source: "测试通知" })).text();
    expect(both).toContain("2030-10-05 不能既放假又上班");
    expect(await countRows(testEnv.PLATFORM, "holiday_calendars")).toBe(0);
  });

  it("saves a year, audited, and deadlines follow it at once", async () => {
    const b = await operator();
    expect(addWorkingDays(at("2030-09-30"), 1)).toBe("2030-10-01");
    const res = await b.submit("/platform/calendar", { year: "2030", holidays: "10月1日至7日", workdays: "9月29日、10月12日", source: "国务院办公厅关于2030年部分节假日安排的通知（测试）" });
    expect(res.status).toBe(303);
    expect(addWorkingDays(at("2030-09-30"), 1)).toBe("2030-10-08");
    expect(isWorkingDay("2030-10-12")).toBe(true);
    expect(calendarFor(2030)?.entered).toBe(true);
    const events = await testEnv.PLATFORM.prepare("SELECT action, target_id FROM platform_audit_events WHERE action = 'platform.holiday_calendar_saved'").all();
    expect(events.results).toEqual([{ action: "platform.holiday_calendar_saved", target_id: "2030" }]);
    expect(await (await b.fetch("/platform/calendar")).text()).toContain("运营人员录入");
  });

  it("is for operators only", async () => {
    expect((await new Browser().fetch("/platform/calendar")).status).toBe(303);
    expect((await new Browser().submit("/platform/calendar", { year: "2030", holidays: "10月1日", source: "x" })).status).toBeGreaterThanOrEqual(400);
  });
});
