import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { isoDate } from "../../src/http/fields";
import { beijingToday } from "../../src/lib/beijing-time";
import { parseDateText } from "../../src/lib/date-text";

describe("dates as staff type them", () => {
  it("reads the common Chinese forms as the same calendar day", () => {
    for (const text of ["2026-05-31", "2026-5-31", "2026年5月31日", "2026 年 05 月 31 日", "2026/5/31", "2026.5.31", "２０２６年５月３１日", "2026年5月31号", "5月31日"]) {
      expect(parseDateText(text, "2026-01-10"), text).toBe("2026-05-31");
    }
    expect(parseDateText("5月31日", "2027-03-01")).toBe("2027-05-31");
  });

  it("refuses what is not a real day", () => {
    for (const text of ["2026-02-30", "2026年13月1日", "31/5/2026", "5-31", "明天", "", "2026年5月"]) {
      expect(parseDateText(text, "2026-01-10"), text).toBeNull();
    }
    expect(parseDateText("2月29日", "2027-01-01")).toBeNull();
    expect(parseDateText("2月29日", "2028-01-01")).toBe("2028-02-29");
  });

  it("is what every date field of every form accepts", () => {
    const schema = isoDate();
    expect(z.parse(schema, "2026年5月31日")).toBe("2026-05-31");
    expect(z.parse(schema, "5月31日")).toBe(`${beijingToday().slice(0, 4)}-05-31`);
    const refused = z.safeParse(schema, "5月32日");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("date_invalid");
  });
});
