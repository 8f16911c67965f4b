import { describe, expect, it } from "vitest";
import { addWorkingDays, atBeijing, beijingDate, beijingDateTime, beijingDayStart, beijingToday, beijingWallClock, endOfBeijingDay } from "../../src/lib/beijing-time";

describe("Beijing time", () => {
  it("reads an instant's calendar day and wall clock in UTC+8", () => {
    expect(beijingDate("2026-03-01T15:59:59.999Z")).toBe("2026-03-01");
    expect(beijingDate("2026-03-01T16:00:00.000Z")).toBe("2026-03-02");
    expect(beijingToday(Date.parse("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
    expect(beijingDateTime("2026-05-04T01:30:15Z")).toBe("2026-05-04 09:30");
    expect(beijingDateTime("2026-05-04T01:30:15Z", "second")).toBe("2026-05-04 09:30:15");
    expect(beijingWallClock("2026-05-04T20:00:00Z").getUTCDate()).toBe(5);
  });

  it("bounds a Beijing day as UTC instants", () => {
    expect(beijingDayStart("2026-03-02")).toBe("2026-03-01T16:00:00.000Z");
    expect(beijingDayStart("2026-03-02", 1)).toBe("2026-03-02T16:00:00.000Z");
    expect(endOfBeijingDay("2026-03-02")).toBe("2026-03-02T15:59:59.999Z");
    expect(new Date(atBeijing("2026-03-02", "00:00:00")).toISOString()).toBe(beijingDayStart("2026-03-02"));
  });

  it("counts working days from the Beijing date, skipping weekends", () => {
    // Friday 2026-03-06 17:00 Beijing: five working days later is Friday 2026-03-13.
    expect(addWorkingDays("2026-03-06T09:00:00Z", 5)).toBe("2026-03-13");
  });
});
