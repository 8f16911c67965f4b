import { afterAll, describe, expect, it, vi } from "vitest";
import { Browser, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg } from "./fixtures";

// Credit information is to be recorded within 5 working days after it forms (民政部令第60号):
// measured from the day it formed to the day it was recorded, on the State Council holiday
// calendar. Information formed on 2026-09-24: the Mid-Autumn and National Day holidays
// leave 2026-10-09 as the fifth working day, and 2026-10-10 (an adjusted working Saturday)
// as the sixth, so the same fact recorded a day later is late, though decided in time.

const D = "150995";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);

afterAll(() => {
  vi.useRealTimers();
});

async function recordOn(day: string, name: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.parse(`${day}T10:00:00+08:00`));
  const staff = new Browser();
  await staff.signIn(D, admin.email);
  const org = await insertOrg(db, D, { name });
  const res = await staff.submit(
    `/d/${D}/manage/organizations/${org.id}/credit`,
    { list: "abnormal", reasonCode: "minor_penalty", reason: "受到警告处罚", legalBasis: "", decidingBody: "测试区民政局", eventOn: "2026-09-24", decidedOn: "2026-09-30", needsRectification: "" },
    `/d/${D}/manage/organizations/${org.id}/credit/new`,
  );
  expect(res.status, await res.clone().text()).toBe(303);
  return { staff, entryPage: await (await staff.fetch(res.headers.get("location")!)).text() };
}

describe("timeliness of credit records", () => {
  it("counts working days from the day the information formed to the day it was recorded, and shows late records", async () => {
    const inTime = await recordOn("2026-10-09", "按时录入测试协会");
    expect(inTime.entryPage).not.toContain("才录入");
    const late = await recordOn("2026-10-10", "超期录入测试协会");
    expect(late.entryPage).toContain("信息形成 6 个工作日后才录入（规定 5 个工作日内）。");
    const list = await (await late.staff.fetch(`/d/${D}/manage/credit`)).text();
    const row = (name: string) => list.slice(list.indexOf(name), list.indexOf("</tr>", list.indexOf(name)));
    expect(row("按时录入测试协会")).toContain("按时");
    expect(row("超期录入测试协会")).toContain("超期录入（6 个工作日）");
  });
});
