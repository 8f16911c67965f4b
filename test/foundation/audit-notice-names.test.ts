import { describe, expect, it } from "vitest";
import { settleNotices } from "../../src/review";
import { registerSubjectKind, subjectKind } from "../../src/review/kinds";
import { newId } from "../../src/lib/ids";
import { districtWith } from "../fixtures/district";
import { dataOf } from "../notifications/helpers";

// A notice that settles is written to the audit log naming the notice; the log page shows
// its title, never its id, in either language.

const d = await districtWith("150296", { people: { admin: "district_admin" } });
// A subject kind whose settling changes nothing else, so that only the engine's own event is written.
registerSubjectKind({ ...subjectKind("incubation_application"), kind: "audit_probe", finalize: async () => [], overturn: async () => [] });

async function endedNotice(title: string): Promise<{ id: string; subject: string }> {
  const id = newId();
  const subject = newId();
  const past = new Date(Date.now() - 86_400_000).toISOString();
  await d.db
    .prepare(
      "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, 'audit_probe', 'b1', ?, '', '', ?, ?, 'open', 'system', ?, NULL)",
    )
    .bind(d.code, id, title, past, past, past)
    .run();
  await d.db.prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome) VALUES (?, ?, ?, '某组织', 'admit', 80, 'pending')").bind(d.code, id, subject).run();
  return { id, subject };
}

describe("audit log: settled notices", () => {
  it("names the notice by its title, and shows no id", async () => {
    const notice = await endedNotice("2026 年审计测试公示");
    expect(await settleNotices(await dataOf(d.code), new Date().toISOString())).toBeGreaterThan(0);
    const event = await d.db.prepare("SELECT summary_json AS summary FROM audit_events WHERE district_id = ? AND action = 'notice.finalized'").bind(d.code).first<{ summary: string }>();
    expect(JSON.parse(event!.summary)).toMatchObject({ after: { notice: notice.id } });
    for (const [lang, label] of [
      ["zh-CN", "公示: 2026 年审计测试公示"],
      ["en", "Notice: 2026 年审计测试公示"],
    ] as const) {
      const page = await (await d.admin.b.fetch(d.path(`/audit?action=notice.finalized&lang=${lang}`))).text();
      expect(page).toContain(label);
      expect(page).not.toContain(notice.id);
      expect(page).not.toContain(notice.subject);
    }
  });
});
