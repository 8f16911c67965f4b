import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { DAILY, EVERY_FIVE_MINUTES } from "../../src/jobs/crons";
import { addDays, beijingToday } from "../../src/lib/beijing-time";
import { countRows, createOrganization, testEnv } from "../helpers";
import { incubationVersion, panelScores, scoredByOne, signInAgain, submittedApplication, world, type World } from "./fixtures";

// Incubation after admission on a fixed clock (docs/domain.md, incubation parks): the
// period's end makes the exit assessment due, the panel scores it, the space is freed
// on its handback date; an unregistered founding team is marked overdue the day after
// its deadline and staff decide; a credit listing after applying stops the admission.

const DB = () => testEnv.DISTRICTS_0;

async function runAt(w: World, time: number, cron: string) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
  await signInAgain(w);
}

/** The daily run on a Beijing date (at 01:00 there). */
const daily = (w: World, date: string) => runAt(w, Date.parse(`${date}T01:00:00+08:00`), DAILY);

const row = <T>(sql: string, ...binds: unknown[]) =>
  DB()
    .prepare(sql)
    .bind(...binds)
    .first<T>();

/** An organization admitted earlier, in incubation with the given dates. */
async function inIncubation(w: World, id: string, dates: { planned_end_on: string; registration_due_on?: string }, organizationId = w.orgId) {
  const now = new Date().toISOString();
  await DB()
    .prepare(
      "INSERT INTO applications (district_id, id, call_id, organization_id, applicant_id, status, form_json, version, created_at, updated_at) SELECT ?, ?, ?, ?, id, 'admitted', '{}', 5, ?, ? FROM users WHERE district_id = ? AND email = ?",
    )
    .bind(w.district, `app-${id}`, w.callId, organizationId, now, now, w.district, w.applicantEmail)
    .run();
  await DB()
    .prepare(
      "INSERT INTO incubations (district_id, id, application_id, park_id, organization_id, space_id, virtual, started_on, planned_end_on, renewals_used, registration_due_on, status, version) VALUES (?, ?, ?, ?, ?, NULL, 1, '2026-01-10', ?, 0, ?, 'active', 1)",
    )
    .bind(w.district, id, `app-${id}`, w.parkId, organizationId, dates.planned_end_on, dates.registration_due_on ?? null)
    .run();
}

const api = (w: World, path: string, method: string, json: unknown) => w.admin.api(`/d/${w.district}/api/v1${path}`, { method, json });

describe("end of the incubation period", () => {
  it("makes the exit assessment due the day after the period, lets a panel decide, and frees the space on its handback date", async () => {
    const w = await world("310201");
    await inIncubation(w, "inc-p", { planned_end_on: "2027-01-10" });
    const space = await api(w, `/incubation/parks/${w.parkId}/spaces`, "POST", { kind: "office", label: "B-02", capacity: 3 });
    const spaceId = ((await space.json()) as { id: string }).id;
    expect((await api(w, "/incubation/incubations/inc-p/space", "POST", { spaceId, version: 1 })).status).toBe(204);

    await daily(w, "2027-01-10"); // the period's last day
    expect((await row<{ exit_due_on: string | null }>("SELECT exit_due_on FROM incubations WHERE id = 'inc-p'"))!.exit_due_on).toBeNull();
    await daily(w, "2027-01-11");
    await daily(w, "2027-01-12"); // marked once
    expect((await row<{ exit_due_on: string }>("SELECT exit_due_on FROM incubations WHERE id = 'inc-p'"))!.exit_due_on).toBe("2027-01-11");
    expect(await countRows(DB(), "audit_events", "district_id = ? AND action = 'incubation.exit_due'", w.district)).toBe(1);
    const todo = await (await w.admin.fetch(`/d/${w.district}/incubation/manage`)).text();
    expect(todo).toContain(`阳光社工${w.district}`);
    expect(todo).toContain("待出壳评估 (2027-01-11)");
    expect(await (await w.applicant.fetch(`/d/${w.district}/incubation/incubations/inc-p`)).text()).toContain("待出壳评估（自 2027-01-11）");

    // Extended by the panel: the next period ends a year later and nothing is due until then.
    await panelScores(w, "inc-p");
    expect((await api(w, "/incubation/incubations/inc-p/exit", "POST", { outcome: "extended", reasons: "尚需一期孵化", version: await incubationVersion("inc-p") })).status).toBe(204);
    const extended = await row<{ exit_due_on: string | null; planned_end_on: string }>("SELECT exit_due_on, planned_end_on FROM incubations WHERE id = 'inc-p'");
    expect(extended).toEqual({ exit_due_on: null, planned_end_on: "2028-01-10" });
    await daily(w, "2028-01-10");
    expect((await row<{ exit_due_on: string | null }>("SELECT exit_due_on FROM incubations WHERE id = 'inc-p'"))!.exit_due_on).toBeNull();
    await daily(w, "2028-01-11");
    expect((await row<{ exit_due_on: string }>("SELECT exit_due_on FROM incubations WHERE id = 'inc-p'"))!.exit_due_on).toBe("2028-01-11");

    // Graduated: the space stays occupied until its handback date, then is free.
    await panelScores(w, "inc-p", [0.9, 0.85, 0.95]);
    expect((await api(w, "/incubation/incubations/inc-p/exit", "POST", { outcome: "graduated", reasons: "已登记并独立运作", version: await incubationVersion("inc-p") })).status).toBe(204);
    const ended = await row<{ handback_due_on: string }>("SELECT handback_due_on FROM incubations WHERE id = 'inc-p'");
    expect(ended!.handback_due_on).toBe(addDays(beijingToday(), 30));
    await daily(w, addDays(ended!.handback_due_on, -1));
    expect((await row<{ status: string }>("SELECT status FROM park_spaces WHERE id = ?", spaceId))!.status).toBe("occupied");
    await daily(w, ended!.handback_due_on);
    expect((await row<{ status: string }>("SELECT status FROM park_spaces WHERE id = ?", spaceId))!.status).toBe("available");
    expect((await row<{ space_freed_on: string }>("SELECT space_freed_on FROM incubations WHERE id = 'inc-p'"))!.space_freed_on).toBe(ended!.handback_due_on);
  });
});

describe("founding team's registration deadline", () => {
  it("marks the team overdue the day after its deadline; staff extend the deadline or end the incubation", async () => {
    const w = await world("310202");
    await inIncubation(w, "inc-r", { planned_end_on: "2027-12-31", registration_due_on: "2026-12-31" });
    const registered = await createOrganization(w.district, w.shard, "已登记的团队");
    await inIncubation(w, "inc-s", { planned_end_on: "2027-12-31", registration_due_on: "2026-12-31" }, registered);
    expect((await api(w, "/incubation/incubations/inc-s/milestones", "POST", { milestone: "registered", onDate: "2026-12-20" })).status).toBe(201);

    await daily(w, "2026-12-31"); // the deadline itself
    expect((await row<{ registration_overdue_on: string | null }>("SELECT registration_overdue_on FROM incubations WHERE id = 'inc-r'"))!.registration_overdue_on).toBeNull();
    await daily(w, "2027-01-01");
    expect((await row<{ registration_overdue_on: string }>("SELECT registration_overdue_on FROM incubations WHERE id = 'inc-r'"))!.registration_overdue_on).toBe("2027-01-01");
    expect((await row<{ registration_overdue_on: string | null }>("SELECT registration_overdue_on FROM incubations WHERE id = 'inc-s'"))!.registration_overdue_on).toBeNull();
    expect(await (await w.admin.fetch(`/d/${w.district}/incubation/manage`)).text()).toContain("逾期未登记，待决定 (2027-01-01)");

    // A new deadline must lie after today; the form keeps what staff typed.
    const d = `/d/${w.district}`;
    const past = await w.admin.submit(`${d}/incubation/incubations/inc-r/registration`, { decision: "extend", dueOn: "2026-01-05", reasons: "登记材料已递交民政局", version: "1" });
    expect(past.status).toBe(422);
    const page = await past.text();
    expect(page).toContain("新的期限须晚于今天");
    expect(page).toContain("登记材料已递交民政局");
    expect((await w.admin.submit(`${d}/incubation/incubations/inc-r/registration`, { decision: "extend", dueOn: "2027-06-30", reasons: "登记材料已递交民政局", version: "1" })).status).toBe(303);
    expect(await row("SELECT registration_due_on, registration_overdue_on FROM incubations WHERE id = 'inc-r'")).toEqual({ registration_due_on: "2027-06-30", registration_overdue_on: null });

    await daily(w, "2027-06-30");
    expect((await row<{ registration_overdue_on: string | null }>("SELECT registration_overdue_on FROM incubations WHERE id = 'inc-r'"))!.registration_overdue_on).toBeNull();
    await daily(w, "2027-07-01");
    expect((await row<{ registration_overdue_on: string }>("SELECT registration_overdue_on FROM incubations WHERE id = 'inc-r'"))!.registration_overdue_on).toBe("2027-07-01");
    const end = await api(w, "/incubation/incubations/inc-r/registration", "POST", { decision: "end", reasons: "延期后仍未登记", version: await incubationVersion("inc-r") });
    expect(end.status).toBe(204);
    expect(await row("SELECT status, end_reason FROM incubations WHERE id = 'inc-r'")).toEqual({ status: "eliminated", end_reason: "延期后仍未登记" });
    expect(await (await w.applicant.fetch(`${d}/incubation/incubations/inc-r`)).text()).toContain("延期后仍未登记");
    // Nothing left to decide.
    expect((await api(w, "/incubation/incubations/inc-s/registration", "POST", { decision: "end", reasons: "x", version: await incubationVersion("inc-s") })).status).toBe(409);
  });
});

describe("credit check at admission", () => {
  it("does not admit an organization put on a credit list after it applied, and tells staff why", async () => {
    const w = await world("310203");
    const app = await submittedApplication(w);
    await api(w, `/incubation/applications/${app.id}/eligibility`, "POST", { outcome: "pass", reasons: "符合条件", version: app.version });
    await scoredByOne(w, app.id);
    expect((await api(w, `/incubation/applications/${app.id}/decision`, "POST", { outcome: "admit", reasons: "计划可行", version: app.version + 1 })).status).toBe(200);
    const notice = await api(w, `/incubation/calls/${w.callId}/notice`, "POST", { body: "公示期内如有异议，请实名反映。" });
    const noticeId = ((await notice.json()) as { id: string }).id;
    const endsAt = ((await (await w.admin.fetch(`/d/${w.district}/api/v1/notices/${noticeId}`)).json()) as { ends_at: string }).ends_at;
    // Listed during the notice, after the application passed the first credit check.
    await DB()
      .prepare(
        "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, exited_on, created_at) VALUES (?, 'cle-1', ?, 'serious', '弄虚作假骗取登记', '《社会组织信用信息管理办法》第十八条', '区民政局', ?, NULL, ?)",
      )
      .bind(w.district, w.orgId, beijingToday(), new Date().toISOString())
      .run();
    await runAt(w, Date.parse(endsAt) + 60_000, EVERY_FIVE_MINUTES);
    const after = (await (await w.applicant.api(`/d/${w.district}/api/v1/incubation/applications/${app.id}`)).json()) as { status: string };
    expect(after.status).toBe("rejected");
    expect(await countRows(DB(), "incubations", "application_id = ?", app.id)).toBe(0);
    const staffPage = await (await w.admin.fetch(`/d/${w.district}/incubation/manage/applications/${app.id}`)).text();
    expect(staffPage).toContain("在申请后被列入严重违法失信名单，不予入驻");
    expect(staffPage).toContain("弄虚作假骗取登记");
  });
});

describe("another district's incubation", () => {
  it("answers its exit panel, exit outcome and registration decision with 404, through pages and API", async () => {
    const a = await world("310204", "DISTRICTS_0");
    const b = await world("310205", "DISTRICTS_1");
    await testEnv.DISTRICTS_1.prepare(
      "INSERT INTO applications (district_id, id, call_id, organization_id, applicant_id, status, form_json, version, created_at, updated_at) SELECT ?, 'app-b', ?, ?, id, 'admitted', '{}', 5, ?, ? FROM users WHERE district_id = ? AND email = ?",
    )
      .bind(b.district, b.callId, b.orgId, new Date().toISOString(), new Date().toISOString(), b.district, b.applicantEmail)
      .run();
    await testEnv.DISTRICTS_1.prepare(
      "INSERT INTO incubations (district_id, id, application_id, park_id, organization_id, virtual, started_on, planned_end_on, registration_due_on, registration_overdue_on, status, version) VALUES (?, 'inc-b', 'app-b', ?, ?, 1, '2026-01-10', '2027-01-10', '2026-07-10', '2026-07-11', 'active', 1)",
    )
      .bind(b.district, b.parkId, b.orgId)
      .run();
    const d = `/d/${a.district}`;
    expect((await api(a, "/incubation/incubations/inc-b/exit-panel", "POST", { reviewerIds: a.reviewers.map((r) => r.id), version: 1 })).status).toBe(404);
    expect((await api(a, "/incubation/incubations/inc-b/exit", "POST", { outcome: "graduated", reasons: "x", version: 1 })).status).toBe(404);
    expect((await api(a, "/incubation/incubations/inc-b/registration", "POST", { decision: "end", reasons: "x", version: 1 })).status).toBe(404);
    expect((await a.admin.submit(`${d}/incubation/incubations/inc-b/registration`, { decision: "end", reasons: "x", version: "1" })).status).toBe(404);
    expect((await a.admin.fetch(`${d}/incubation/incubations/inc-b`)).status).toBe(404);
    expect(await (await a.admin.fetch(`${d}/incubation/manage`)).text()).not.toContain("inc-b");
    expect((await testEnv.DISTRICTS_1.prepare("SELECT status FROM incubations WHERE id = 'inc-b'").first<{ status: string }>())!.status).toBe("active");
  });
});
