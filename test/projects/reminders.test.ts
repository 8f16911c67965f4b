import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { addDays, api, json, projectWorld, runJob, signedContract } from "./fixtures";

// The project chain's reminders: an instalment's first "due" (at signing, at a passed
// evaluation) tells the buyer's staff; evaluations fall due at the middle and the end of
// the term (the daily job, once per stage, on a fixed clock, and a to-do until opened);
// an opened evaluation tells each evaluator; the staff pages show how each went.

const w = await projectWorld("171302");
const evaluator = await w.add("evaluator");
const contract = await signedContract(w);
const events = (kind: string, target = contract.id) => countRows(w.db, "notification_events", "district_id = ? AND kind = ? AND target_id = ?", w.code, kind, target);
const at = (date: string) => `${date}T01:00:00.000Z`;

describe("project reminders", () => {
  it("tells the buyer when the signing instalment falls due, and the bid's page shows how its messages went", async () => {
    expect(await events("projects.instalment_due")).toBe(1);
    const due = await w.db
      .prepare("SELECT recipient_type, recipient_ref, params_json FROM notification_events WHERE district_id = ? AND kind = 'projects.instalment_due'")
      .bind(w.code)
      .first<{ recipient_type: string; recipient_ref: string; params_json: string }>();
    expect(due).toMatchObject({ recipient_type: "permission", recipient_ref: "" });
    expect(JSON.parse(due!.params_json)).toMatchObject({ seq: "1", dueOn: addDays(w.today, 15) });
    const bid = await (await w.admin.b.fetch(w.path(`/projects/bids/${contract.bidId}?lang=zh-CN`))).text();
    expect(bid).toMatch(/发送情况: (待发送|(站内消息|短信|电子邮件|微信)：)/);
    // The organization's own view of the bid shows no delivery line.
    expect(await (await w.org.b.fetch(w.path(`/projects/bids/${contract.bidId}?lang=zh-CN`))).text()).not.toContain("发送情况");
  });

  it("reminds the buyer once per stage as the term passes its middle and its end, as a to-do until opened", async () => {
    // The term moved so that its middle has passed today: 200 days ago to 100 days ahead.
    await w.db.prepare("UPDATE project_contracts SET starts_on = ?, ends_on = ?, version = version + 1 WHERE district_id = ? AND id = ?").bind(addDays(w.today, -200), addDays(w.today, 100), w.code, contract.id).run();
    expect(await runJob(w, "projects.evaluations_due", at(addDays(w.today, -60)))).toBe(0);
    expect(await runJob(w, "projects.evaluations_due", at(w.today))).toBe(1);
    expect(await runJob(w, "projects.evaluations_due", at(w.today))).toBe(0);
    expect(await events("projects.midterm_evaluation_due")).toBe(1);
    const todo = await (await w.admin.b.fetch(w.path("/todo?lang=zh-CN"))).text();
    expect(todo).toContain("中期评估待开展");
    expect(await (await w.sub.b.fetch(w.path("/todo?lang=zh-CN"))).text()).not.toContain("中期评估待开展");

    const opened = await json<{ id: string }>(await w.admin.b.api(api(w, `/projects/contracts/${contract.id}/evaluations`), { method: "POST", json: { stage: "midterm", evaluatorIds: [evaluator.id] } }), 201);
    const told = await w.db.prepare("SELECT recipient_type, recipient_ref FROM notification_events WHERE district_id = ? AND kind = 'projects.evaluation_assigned' AND target_id = ?").bind(w.code, opened.id).first();
    expect(told).toMatchObject({ recipient_type: "person", recipient_ref: evaluator.id });
    expect(await (await w.admin.b.fetch(w.path("/todo?lang=zh-CN"))).text()).not.toContain("中期评估待开展");
    const page = await (await w.admin.b.fetch(w.path(`/projects/contracts/${contract.id}?lang=zh-CN`))).text();
    expect(page).toMatch(/评估中[^<]*发送情况: /);

    // At the end of the term the final evaluation is due: one reminder more, then none.
    const end = at(addDays(w.today, 101));
    expect(await runJob(w, "projects.evaluations_due", end)).toBe(1);
    expect(await runJob(w, "projects.evaluations_due", end)).toBe(0);
    expect(await events("projects.final_evaluation_due")).toBe(1);
  });
});
