import { describe, expect, it } from "vitest";
import { routeTable } from "../../src/http/routes";
import { nowIso } from "../../src/lib/time";
import { Browser, createUser, testEnv } from "../helpers";
import { insertOrg, row, today } from "../disclosure/fixtures";
import { submittedApplication, world } from "../incubation/fixtures";

// Every route of the review engine × every subject kind (and one nobody registered) ×
// every kind of caller: anonymous, the assigned scorer, another scorer, staff managing
// the subject, the applicant organization. Roles alone cannot show that a route acts
// on the right kind's rules; this walks both.

const D = "150981";
const SHARD = "DISTRICTS_0";
const db = testEnv.DISTRICTS_0;
const w = await world(D, SHARD);
const { id: applicationId, version } = await submittedApplication(w);
expect((await w.admin.api(`/d/${D}/api/v1/incubation/applications/${applicationId}/eligibility`, { method: "POST", json: { outcome: "pass", reasons: "材料齐全。", version } })).status).toBe(200);

const evaluators = [await createUser(D, SHARD, [{ role: "evaluator" }]), await createUser(D, SHARD, [{ role: "evaluator" }])];
const evaluatorBrowser = new Browser();
await evaluatorBrowser.signIn(D, evaluators[0]!.email);
const round = await w.admin.submit(`/d/${D}/manage/evaluations`, { title: "矩阵测试批次", year: today().slice(0, 4) }, `/d/${D}/manage/evaluations`);
const roundId = /\/manage\/evaluations\/([^?]+)/.exec(round.headers.get("location")!)![1]!;
const org = await insertOrg(db, D, { name: "矩阵测试社会组织", registeredOn: "2015-06-01" });
expect((await w.admin.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: org.uscc! })).status).toBe(303);
const evaluationId = (await row<{ id: string }>(db, "SELECT id FROM evaluations WHERE district_id = ? AND organization_id = ?", D, org.id)).id;
expect((await w.admin.submit(`/d/${D}/manage/evaluation/${evaluationId}/assign`, { [`evaluators.${evaluators[0]!.id}`]: "1" })).status).toBe(303);

const assignmentOf = async (subjectId: string, reviewerId: string) =>
  await row<{ id: string; rubric_id: string }>(db, "SELECT id, rubric_id FROM review_assignments WHERE district_id = ? AND subject_id = ? AND reviewer_id = ?", D, subjectId, reviewerId);
const appAssignment = await assignmentOf(applicationId, w.reviewers[0]!.id);
const evalAssignment = await assignmentOf(evaluationId, evaluators[0]!.id);
// A kind no module registered: it exists in the table but not for the engine.
const strayId = `stray${Date.now()}`;
await db
  .prepare(
    "INSERT INTO review_assignments (district_id, id, subject_kind, subject_id, rubric_id, reviewer_id, scorer_role, status, conflict_reason, declared_at, submitted_at, assigned_by, assigned_at) VALUES (?, ?, 'unregistered', 'x1', ?, ?, 'reviewer', 'awaiting_declaration', NULL, NULL, NULL, NULL, ?)",
  )
  .bind(D, strayId, appAssignment.rubric_id, w.reviewers[0]!.id, nowIso())
  .run();

async function notice(kind: string, batchId: string) {
  const id = `n-${kind}-${Date.now()}`;
  const now = nowIso();
  await db
    .prepare(
      "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, ?, ?, '矩阵公示', '', '', ?, ?, 'open', 'system', ?, NULL)",
    )
    .bind(D, id, kind, batchId, now, new Date(Date.now() + 86_400_000).toISOString(), now)
    .run();
  await db.prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome) VALUES (?, ?, 's1', '某组织', 'admit', 80, 'pending')").bind(D, id).run();
  return id;
}

type Kind = "incubation_application" | "evaluation" | "unregistered";
const KINDS: Kind[] = ["incubation_application", "evaluation", "unregistered"];
const subject = {
  incubation_application: {
    assignment: appAssignment.id,
    owner: w.reviewers[0]!.browser,
    other: w.reviewers[1]!.browser,
    declaration: { conflicted: false },
    pageDeclaration: { conflicted: "no", reason: "" },
    wrongDeclaration: { workedFor: "no", lastWorkedOn: "", otherConflict: "" },
    moveTo: w.reviewers[2]!.id,
    notice: await notice("incubation_application", w.callId),
  },
  evaluation: {
    assignment: evalAssignment.id,
    owner: evaluatorBrowser,
    other: w.reviewers[1]!.browser,
    declaration: { workedFor: "no", lastWorkedOn: "", otherConflict: "" },
    pageDeclaration: { workedFor: "no", lastWorkedOn: "", otherConflict: "" },
    wrongDeclaration: { conflicted: false },
    moveTo: evaluators[1]!.id,
    notice: await notice("evaluation", roundId),
  },
  unregistered: {
    assignment: strayId,
    owner: w.reviewers[0]!.browser,
    other: w.reviewers[1]!.browser,
    declaration: { conflicted: false },
    pageDeclaration: { conflicted: "no", reason: "" },
    wrongDeclaration: {},
    moveTo: w.reviewers[2]!.id,
    notice: await notice("unregistered", "b1"),
  },
};

type Caller = "anonymous" | "owner" | "otherScorer" | "staff" | "applicant";
const CALLERS: Caller[] = ["anonymous", "owner", "otherScorer", "staff", "applicant"];
function browser(caller: Caller, kind: Kind): Browser {
  if (caller === "anonymous") return new Browser();
  if (caller === "owner") return subject[kind].owner;
  if (caller === "otherScorer") return subject[kind].other;
  return caller === "staff" ? w.admin : w.applicant;
}

const api = (b: Browser, path: string, method = "GET", json?: unknown) => b.api(`/d/${D}/api/v1${path}`, { method, json });
const page = (b: Browser, path: string) => b.fetch(`/d/${D}${path}`);
const post = async (b: Browser, path: string, form: Record<string, string>) => {
  if (!b.cookies.has("csrf")) await b.fetch(`/d/${D}/login`); // a page with a form, which makes the token
  return b.fetch(`/d/${D}${path}`, { method: "POST", form: { _csrf: b.csrf, ...form } });
};

/** Not a scorer (401 signed out, 403 signed in), or not this scorer's / not a known kind (404). */
function refused(caller: Caller, kind: Kind, isPage: boolean, method = "GET"): number | null {
  if (caller === "anonymous") return isPage && method === "GET" ? 303 : 401;
  if (caller === "staff" || caller === "applicant") return 403;
  if (caller === "otherScorer" || kind === "unregistered") return 404;
  return null;
}

// Each row: a route of the engine, how to call it, and what the assigned scorer gets.
interface Row {
  method: string;
  path: string;
  page: boolean;
  run(b: Browser, kind: Kind): Promise<Response>;
  owner(kind: Exclude<Kind, "unregistered">): number;
}
const assignmentRows: Row[] = [
  { method: "GET", path: "/review/:assignmentId", page: true, run: (b, k) => page(b, `/review/${subject[k].assignment}`), owner: () => 200 },
  { method: "GET", path: "/api/v1/review/assignments/:id", page: false, run: (b, k) => api(b, `/review/assignments/${subject[k].assignment}`), owner: () => 409 },
  { method: "PUT", path: "/api/v1/review/assignments/:id/scores", page: false, run: (b, k) => api(b, `/review/assignments/${subject[k].assignment}/scores`, "PUT", { scores: [], submit: false }), owner: () => 409 },
  { method: "POST", path: "/api/v1/review/assignments/:id/declaration", page: false, run: (b, k) => api(b, `/review/assignments/${subject[k].assignment}/declaration`, "POST", subject[k].wrongDeclaration), owner: () => 422 },
  { method: "POST", path: "/review/:assignmentId/scores", page: true, run: (b, k) => post(b, `/review/${subject[k].assignment}/scores`, {}), owner: () => 409 },
];

describe("engine routes × subject kinds × callers", () => {
  it("covers every route the engine registers", () => {
    const engine = routeTable.filter((r) => r.realm === "district" && /^\/(review|evaluation-tasks|notices|api\/v1\/(review|notices))(\/|\.|$)/.test(r.path));
    expect(engine.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        "GET /review",
        "GET /review/:assignmentId",
        "POST /review/:assignmentId/declaration",
        "POST /review/:assignmentId/scores",
        "GET /evaluation-tasks",
        "GET /evaluation-tasks/:assignmentId",
        "POST /evaluation-tasks/:assignmentId/declare",
        "POST /evaluation-tasks/:assignmentId/scores",
        "GET /notices",
        "GET /notices/:noticeId",
        "POST /notices/:noticeId/objections",
        "GET /notices.atom",
        "GET /api/v1/review/assignments",
        "GET /api/v1/review/assignments/:id",
        "POST /api/v1/review/assignments/:id/declaration",
        "PUT /api/v1/review/assignments/:id/scores",
        "POST /api/v1/review/assignments/:id/move",
        "GET /api/v1/notices",
        "GET /api/v1/notices/:id",
        "POST /api/v1/notices/:id/objections",
        "POST /api/v1/notices/objections/:id/handle",
      ].sort(),
    );
  });

  for (const row of assignmentRows) {
    for (const kind of KINDS) {
      for (const caller of CALLERS) {
        it(`${row.method} ${row.path} · ${kind} · ${caller}`, async () => {
          const res = await row.run(browser(caller, kind), kind);
          expect(res.status, await res.clone().text()).toBe(refused(caller, kind, row.page, row.method) ?? row.owner(kind as Exclude<Kind, "unregistered">));
        });
      }
    }
  }

  it("lists each scorer's assignments of the registered kinds only, in the inbox and the API", async () => {
    for (const kind of ["incubation_application", "evaluation"] as const) {
      const { owner, assignment } = subject[kind];
      const listed = (await (await api(owner, "/review/assignments")).json()) as { id: string; kind: { id: string } }[];
      expect(listed.map((a) => a.id)).toContain(assignment);
      expect(listed.find((a) => a.id === assignment)!.kind.id).toBe(kind);
      expect(listed.map((a) => a.id)).not.toContain(strayId);
      const inbox = await (await page(owner, "/review")).text();
      expect(inbox).toContain(`/review/${assignment}`);
      expect(inbox).not.toContain(strayId);
      expect((await page(subject[kind].other, "/review")).status).toBe(200);
      expect(await (await page(subject[kind].other, "/review")).text()).not.toContain(`/review/${assignment}"`);
    }
    for (const caller of ["staff", "applicant"] as const) {
      expect((await page(browser(caller, "evaluation"), "/review")).status).toBe(403);
      expect((await api(browser(caller, "evaluation"), "/review/assignments")).status).toBe(403);
    }
    expect((await page(new Browser(), "/review")).status).toBe(303);
  });

  it("keeps the old evaluation task URLs, redirecting to the one inbox", async () => {
    const res = await page(evaluatorBrowser, "/evaluation-tasks");
    expect([res.status, res.headers.get("location")]).toEqual([301, `/d/${D}/review`]);
    const one = await page(evaluatorBrowser, `/evaluation-tasks/${evalAssignment.id}`);
    expect([one.status, one.headers.get("location")]).toEqual([301, `/d/${D}/review/${evalAssignment.id}`]);
    const form = await post(evaluatorBrowser, `/evaluation-tasks/${evalAssignment.id}/declare`, {});
    expect([form.status, form.headers.get("location")]).toEqual([308, `/d/${D}/review/${evalAssignment.id}/declaration`]);
  });

  it("moves an assignment by the subject kind's staff and rules", async () => {
    for (const kind of KINDS) {
      const { assignment, moveTo } = subject[kind];
      expect((await api(new Browser(), `/review/assignments/${assignment}/move`, "POST", { reviewerId: moveTo })).status).toBe(401);
      expect((await api(w.reviewers[1]!.browser, `/review/assignments/${assignment}/move`, "POST", { reviewerId: moveTo })).status).toBe(kind === "unregistered" ? 404 : 403);
      expect((await api(w.applicant, `/review/assignments/${assignment}/move`, "POST", { reviewerId: moveTo })).status).toBe(kind === "unregistered" ? 404 : 403);
      if (kind === "unregistered") {
        expect((await api(w.admin, `/review/assignments/${assignment}/move`, "POST", { reviewerId: moveTo })).status).toBe(404);
        continue;
      }
      // An evaluator's task goes to another evaluator, an application's to a reviewer.
      const wrong = kind === "evaluation" ? w.reviewers[2]!.id : evaluators[1]!.id;
      expect((await api(w.admin, `/review/assignments/${assignment}/move`, "POST", { reviewerId: wrong })).status).toBe(422);
    }
  });

  it("declares and scores through each kind's own rules", async () => {
    for (const kind of ["incubation_application", "evaluation"] as const) {
      const { owner, assignment, declaration } = subject[kind];
      expect((await api(owner, `/review/assignments/${assignment}/declaration`, "POST", declaration)).status).toBe(204);
      expect((await api(owner, `/review/assignments/${assignment}/declaration`, "POST", declaration)).status).toBe(409);
      const view = (await (await api(owner, `/review/assignments/${assignment}`)).json()) as { subject: { kind: string }; rubric: { items: { id: string; maxScore: number }[] } };
      expect(view.subject.kind).toBe(kind);
      const scores = view.rubric.items.map((i) => ({ itemId: i.id, score: i.maxScore }));
      expect((await api(owner, `/review/assignments/${assignment}/scores`, "PUT", { scores, submit: true })).status).toBe(204);
      expect((await api(owner, `/review/assignments/${assignment}/scores`, "PUT", { scores, submit: true })).status).toBe(409);
    }
    const e = await row<{ evaluator_total: number }>(db, "SELECT evaluator_total FROM evaluations WHERE district_id = ? AND id = ?", D, evaluationId);
    expect(e.evaluator_total).toBeGreaterThan(0);
  });

  it("serves and takes objections on notices of the registered kinds only, handled by the kind's staff", async () => {
    for (const kind of KINDS) {
      const id = subject[kind].notice;
      const known = kind !== "unregistered";
      for (const caller of CALLERS) {
        const b = browser(caller, kind);
        expect((await page(b, `/notices/${id}`)).status, `${kind} ${caller}`).toBe(known ? 200 : 404);
        expect((await api(b, `/notices/${id}`)).status, `${kind} ${caller}`).toBe(known ? 200 : 404);
      }
      const filed = await api(new Browser(), `/notices/${id}/objections`, "POST", { subjectId: "s1", name: "张三", contact: "13800000000", content: "矩阵测试异议。" });
      expect(filed.status).toBe(known ? 201 : 404);
      expect((await post(new Browser(), `/notices/${id}/objections`, { subjectId: "", name: "李四", contact: "13900000000", content: "矩阵测试异议。" })).status).toBe(known ? 303 : 404);
      if (!known) continue;
      const objection = ((await filed.json()) as { id: string }).id;
      const handle = (b: Browser) => api(b, `/notices/objections/${objection}/handle`, "POST", { upheld: false, note: "经核实不成立。" });
      expect((await handle(new Browser())).status).toBe(401);
      expect((await handle(subject[kind].owner)).status).toBe(403);
      expect((await handle(w.applicant)).status).toBe(403);
      expect((await handle(w.admin)).status).toBe(204);
      expect((await handle(w.admin)).status).toBe(409);
    }
    const list = await (await page(new Browser(), "/notices")).text();
    expect(list).toContain("孵化入驻");
    expect(list).toContain("等级评估");
    expect((await page(new Browser(), "/notices.atom")).status).toBe(200);
  });
});
