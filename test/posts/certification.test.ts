import { describe, expect, it } from "vitest";
import { educationStatus, meetsQualification, registrationPeriod, registrationState, renewalStart } from "../../src/modules/posts/certification";

// The certificate rules at their boundaries, with "today" given: registration valid for
// 3 years with renewal in its last 3 months (民发〔2009〕44号), and 72 / 90 hours of
// continuing education per registration period (社会工作者继续教育办法).

describe("required qualification", () => {
  it("admits the level asked for and every level above, nothing below", () => {
    expect(meetsQualification("assistant", "assistant")).toBe(true);
    expect(meetsQualification("senior", "intermediate")).toBe(true);
    expect(meetsQualification("none", "none")).toBe(true);
    expect(meetsQualification("assistant", "intermediate")).toBe(false);
    expect(meetsQualification("none", "assistant")).toBe(false);
    expect(meetsQualification("intermediate", "senior")).toBe(false);
  });
});

describe("registration period", () => {
  it("runs through the same day three years on, renewal opening three months before that", () => {
    // 2026-03-01 is a Sunday: the renewal deadline is the Monday (民法典 第二百零三条).
    expect(registrationPeriod("2023-03-01")).toEqual({ startsOn: "2023-03-01", validUntil: "2026-03-01", renewFrom: "2025-12-01", renewBy: "2026-03-02" });
    // No 29 February in 2027: the month's last day is the period's last (民法典 第二百零二条).
    expect(registrationPeriod("2024-02-29")).toEqual({ startsOn: "2024-02-29", validUntil: "2027-02-28", renewFrom: "2026-11-28", renewBy: "2027-03-01" });
    // A working day stays the deadline.
    expect(registrationPeriod("2023-03-03").renewBy).toBe("2026-03-03");
  });

  it("is current before the renewal window, due within it up to the last day, overdue after", () => {
    const p = registrationPeriod("2023-03-03");
    expect(registrationState(p, "2025-12-02")).toBe("current");
    expect(registrationState(p, "2025-12-03")).toBe("due");
    expect(registrationState(p, "2026-03-03")).toBe("due");
    expect(registrationState(p, "2026-03-04")).toBe("overdue");
  });

  it("moves the last day off weekends and public holidays to the next working day (民法典 第二百零三条)", () => {
    // Ends on a Sunday: due through the Monday, overdue from the Tuesday.
    const sunday = registrationPeriod("2023-03-01");
    expect(registrationState(sunday, "2026-03-02")).toBe("due");
    expect(registrationState(sunday, "2026-03-03")).toBe("overdue");
    // Ends on National Day: the 2026 holiday runs 1–7 October, so the deadline is the 8th.
    const national = registrationPeriod("2023-10-01");
    expect(national.validUntil).toBe("2026-10-01");
    expect(national.renewBy).toBe("2026-10-08");
    expect(registrationState(national, "2026-10-07")).toBe("due");
    expect(registrationState(national, "2026-10-08")).toBe("due");
    expect(registrationState(national, "2026-10-09")).toBe("overdue");
    // A renewal on the deferred day is in time: the next period runs on without a gap.
    expect(renewalStart(national, "2026-10-08")).toBe("2026-10-02");
    expect(renewalStart(national, "2026-10-09")).toBe("2026-10-09");
    // A 调休 working Saturday ends the holiday: 2026-10-10 is a working day.
    expect(registrationPeriod("2023-10-10").renewBy).toBe("2026-10-10");
  });

  it("lets a renewal made in time run on from the current period, a late one start the day it is made", () => {
    const p = registrationPeriod("2023-03-01");
    expect(renewalStart(null, "2023-03-01")).toBe("2023-03-01");
    expect(renewalStart(p, "2026-01-10")).toBe("2026-03-02");
    expect(renewalStart(p, "2026-03-01")).toBe("2026-03-02");
    expect(renewalStart(p, "2026-03-02")).toBe("2026-03-02");
    expect(renewalStart(p, "2026-03-05")).toBe("2026-03-05");
  });
});

describe("continuing education", () => {
  const p = registrationPeriod("2023-03-01");
  const hours = (h: number, heldOn: string) => ({ hours: h, heldOn });

  it("asks 72 hours of an assistant social worker and 90 of a social worker or senior", () => {
    expect(educationStatus("assistant", p, [hours(72, "2024-01-01")], "2024-06-01")).toEqual({ required: 72, hours: 72, state: "met" });
    expect(educationStatus("assistant", p, [hours(71.5, "2024-01-01")], "2024-06-01")).toMatchObject({ required: 72, state: "in_progress" });
    expect(educationStatus("intermediate", p, [hours(89.9, "2024-01-01")], "2024-06-01")).toMatchObject({ required: 90, state: "in_progress" });
    expect(educationStatus("senior", p, [hours(60, "2024-01-01"), hours(30, "2025-01-01")], "2024-06-01")).toMatchObject({ required: 90, hours: 90, state: "met" });
  });

  it("counts training on the period's first and last day, not the day before or after", () => {
    const s = educationStatus("assistant", p, [hours(10, "2023-02-28"), hours(20, "2023-03-01"), hours(30, "2026-03-01"), hours(40, "2026-03-02")], "2024-06-01");
    expect(s.hours).toBe(50);
  });

  it("is due from the renewal window while short, and overdue once the renewal deadline has passed short", () => {
    const short = [hours(10, "2024-01-01")];
    expect(educationStatus("assistant", p, short, "2025-11-30").state).toBe("in_progress");
    expect(educationStatus("assistant", p, short, "2025-12-01").state).toBe("due");
    expect(educationStatus("assistant", p, short, "2026-03-01").state).toBe("due");
    // The last day is a Sunday: the Monday is still in time.
    expect(educationStatus("assistant", p, short, "2026-03-02").state).toBe("due");
    expect(educationStatus("assistant", p, short, "2026-03-03").state).toBe("overdue");
    expect(educationStatus("assistant", p, [hours(72, "2024-01-01")], "2026-03-02").state).toBe("met");
  });
});
