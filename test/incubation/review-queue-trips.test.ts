import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { plans, recordedBrowser, type Recording } from "../fixtures/recording-shard";
import { Browser, loadDemoDistrict } from "../helpers";

// The review queue, served for real: the session lookup and one batch, whatever the
// number of applications and reviews, on the API and on the staff page (whose notices and
// objections join the ranking's batch; the page also counts the bell's unread messages
// in the session's batch, as every signed-in page does). In that batch each application's
// figures are one row found by its key (review_figures, kept by triggers when scores are
// handed in): no score, rubric item or assignment is read, nothing is summed per view, and
// no statement reads a whole table.

await loadDemoDistrict(kundulun);
const K = "150203";
const CALL = `demo-${K}-inc-call-open`;

describe("the review queue's round trips", () => {
  it("are the session and one batch, with each application's figures read by key and no full scan", async () => {
    const staff = new Browser();
    expect((await staff.signIn(K, "admin@kdl.example.cn", DEMO_PASSWORD)).status).toBe(303);
    for (const path of [`/d/${K}/api/v1/incubation/calls/${CALL}/ranking`, `/d/${K}/incubation/manage/calls/${CALL}`]) {
      const recording: Recording = { statements: [], trips: [] };
      const res = await recordedBrowser(recording, staff).fetch(path);
      expect(res.status, path).toBe(200);
      // The session and its roles first; a page also counts the bell's unread messages in that batch.
      expect(recording.trips[0], path).toBe(path.includes("/api/") ? "batch of 2" : "batch of 3");
      // Then one batch: the call with its park and its rubric's lock, and the applications
      // each with its figures on its own row, two statements (five when the park, the rubric
      // and the figures were statements of their own), and two more for the page's notices.
      expect(recording.trips.slice(1), path).toEqual([path.includes("/api/") ? "batch of 2" : "batch of 4"]);
      const details = await plans(recording.statements);
      expect(
        details.filter((p) => /^SCAN (?!CONSTANT ROW|\(subquery-\d+\))/.test(p.detail)).map((p) => p.detail),
        path,
      ).toEqual([]);
      expect(
        details.filter((p) => /review_scores|review_assignments|rubric_items/.test(p.detail)).map((p) => p.detail),
        path,
      ).toEqual([]);
      expect(details.filter((p) => /^SEARCH review_figures USING INDEX \S+ \(district_id=\? AND subject_id=\?\)/.test(p.detail)).length, path).toBe(1);
    }
  });
});
