import { describe, expect, it } from "vitest";
import { proposedLabel } from "../../src/review/notice-pages";
import { clearRegistryCache } from "../../src/district-lookup/district-registry";
import { Browser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// A public notice names each proposed outcome in the reader's language: a kind's code
// ("admit", "award") never reaches the page; words a kind wrote itself (a grade) stay.
// Like a paper notice it closes with the issuing body, the date and the supervision
// phone from the district's profile.

const A = await districtWith("170402", { ...POSTS_CAST });
await testEnv.PLATFORM.prepare("UPDATE districts SET profile_json = ? WHERE code = ?")
  .bind(JSON.stringify({ phone: "0472-5550123" }), A.code)
  .run();
clearRegistryCache();

describe("public notice labels", () => {
  it("labels the kinds' outcome codes in both languages and keeps words as they are", () => {
    expect(proposedLabel("admit", "zh-CN")).toBe("拟同意入驻");
    expect(proposedLabel("admit", "en")).toBe("Proposed for admission");
    expect(proposedLabel("award", "zh-CN")).toBe("拟立项资助");
    expect(proposedLabel("3A", "en")).toBe("3A");
  });

  it("shows no outcome code on the notice page", async () => {
    const now = new Date();
    const iso = (days: number) => new Date(now.getTime() + days * 86400000).toISOString();
    await A.db.batch([
      A.db
        .prepare(
          "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, 'nt1', 'incubation_application', 'b1', '入驻公示', '', '', ?, ?, 'open', 'u', ?, NULL)",
        )
        .bind(A.code, iso(-1), iso(5), iso(-1)),
      A.db.prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome) VALUES (?, 'nt1', 's1', '阳光社工', 'admit', 86.5, 'pending')").bind(A.code),
    ]);
    for (const [lang, label] of [
      ["zh-CN", "拟同意入驻"],
      ["en", "Proposed for admission"],
    ]) {
      const res = await new Browser().fetch(A.path(`/notices/nt1?lang=${lang}`));
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`>${label}</td>`);
      expect(html).not.toMatch(/>admit</);
      expect(html).toContain("0472-5550123");
      expect(html).toMatch(lang === "en" ? /Issued by: [^<]+ Civil Affairs Bureau<br\/?>\d{4}-\d{2}-\d{2}/ : /发布单位：[^<]+民政局<br\/?>\d{4}-\d{2}-\d{2}/);
    }
  });
});
