import type { CompiledQuery } from "kysely";
import { accountStatements } from "../../src/auth/provision";
import type { DistrictDB } from "../../src/data/schema";
import { idCheckCharacter } from "../../src/lib/id-number";
import { lookupHash, mask, protect } from "../../src/lib/personal-data";
import { addDays, beijingDate } from "../../src/lib/beijing-time";
import type { Snapshot } from "../../src/modules/posts/posts";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { type Row, type ScaleContext, benchOrgId, db, BENCH_SIZES } from "./scale";
import { type random, at, personName } from "./scale-random";

// The rows a full benchmark district adds beside its organizations: reviewers and
// applicant accounts, incubation calls with applications and scores, posts with their
// revisions, and social workers with protected personal data.

/** Multi-row inserts of a size D1 accepts (statements are sent inline, without bound parameters). */
export function chunked<T extends keyof DistrictDB>(table: T, rows: Row<T>[], size = 100): CompiledQuery[] {
  const out: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += size)
    out.push(
      db
        .insertInto(table)
        .values(rows.slice(i, i + size) as never)
        .compile(),
    );
  return out;
}

export const BENCH_REVIEWERS = 20;
export const BENCH_APPLICANTS = 16;
export const benchApplicantEmail = (i: number, domain: string) => `bench-applicant-${i}@${domain}`;
const emailDomain = (tenant: TenantFile) => (tenant.code === "150203" ? "kdl.example.cn" : `${tenant.code}.example.cn`);

/** Reviewers for the calls and one applicant account for each of the first organizations. */
export function peopleStatements(code: string, tenant: TenantFile, ctx: ScaleContext) {
  const platform: CompiledQuery[] = [];
  const shard: CompiledQuery[] = [];
  const add = (s: { platform: CompiledQuery[]; shard: CompiledQuery[] }) => {
    platform.push(...s.platform);
    shard.push(...s.shard);
  };
  for (let i = 0; i < BENCH_REVIEWERS; i++) {
    add(
      accountStatements(
        { districtCode: code, id: `bench-${code}-reviewer-${i}`, email: `bench-reviewer-${i}@${emailDomain(tenant)}`, displayName: `评审专家 ${i + 1}`, passwordHash: ctx.passwordHash, grants: [{ role: "reviewer" }] },
        ctx.now,
      ),
    );
  }
  for (let i = 0; i < BENCH_APPLICANTS; i++) {
    add(
      accountStatements(
        {
          districtCode: code,
          id: `bench-${code}-applicant-${i}`,
          email: benchApplicantEmail(i, emailDomain(tenant)),
          displayName: `申报人 ${i + 1}`,
          passwordHash: ctx.passwordHash,
          grants: [{ role: "org_member", organizationId: benchOrgId(code, i) }],
        },
        ctx.now,
      ),
    );
  }
  return { platform, shard };
}

export const benchCallId = (code: string, c: number) => `bench-${code}-call-${c}`;
export const BENCH_CALLS = 50;
/** The call whose applications are being reviewed now (the staff review queue). */
export const REVIEW_CALL = BENCH_CALLS - 2;
/** The open call the benchmark applicants are drafting for. */
export const OPEN_CALL = BENCH_CALLS - 1;
export const benchDraftId = (code: string, i: number) => `bench-${code}-app-${OPEN_CALL}-${i}`;

/**
 * A park with fifty calls: long-decided ones, one under review now (three reviewers
 * per application, two of them done) and one open with drafts; 5,000 applications.
 */
export function incubationStatements(code: string, orgCount: number, ctx: ScaleContext, r: ReturnType<typeof random>): CompiledQuery[] {
  const admin = `demo-${code}-admin`;
  const park = `bench-${code}-park`;
  const rubric = `bench-${code}-rubric`;
  const now = Date.parse(ctx.now);
  const iso = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const items = [30, 30, 25, 15];
  const out: CompiledQuery[] = [
    db
      .insertInto("parks")
      .values({
        district_id: code,
        id: park,
        name: "社会组织孵化园（二期）",
        level: "district",
        area_code: null,
        operator_name: "第三方运营机构",
        address: "钢铁大街 99 号",
        description: "为初创期社会组织提供场地、能力建设和资源对接。",
        services_json: JSON.stringify(["venue", "capacity_building", "resource_matching"]),
        physical: 1,
        virtual: 1,
        version: 1,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .compile(),
    db
      .insertInto("rubrics")
      .values({ district_id: code, id: rubric, title: "入驻评审标准（二期）", locked_at: iso(-700), created_at: iso(-720) })
      .compile(),
    ...items.map((points, i) =>
      db
        .insertInto("rubric_items")
        .values({ district_id: code, id: `${rubric}-item-${i}`, rubric_id: rubric, position: i, title: ["公益属性与社会需求", "项目可行性", "团队能力", "发展潜力"][i]!, description: "", weight: points, max_score: points })
        .compile(),
    ),
  ];
  const calls: Row<"calls">[] = [];
  const callReviewers: Row<"call_reviewers">[] = [];
  const applications: Row<"applications">[] = [];
  const appEvents: Row<"application_events">[] = [];
  const assignments: Row<"review_assignments">[] = [];
  const scores: Row<"review_scores">[] = [];
  const perCall = BENCH_SIZES.applications / BENCH_CALLS;
  const form = JSON.stringify({ orgIntro: "扎根社区，长期开展为老、助残和青少年服务。", plan: "孵化期内完善内部治理，开展两个社区服务项目。", needs: ["venue", "capacity_building"], teamSize: 6, founders: [], foundersSigned: false });
  for (let c = 0; c < BENCH_CALLS; c++) {
    const callId = benchCallId(code, c);
    const open = c === OPEN_CALL;
    const opens = open ? iso(-5) : iso(-14 * (BENCH_CALLS - c) - 20);
    const closes = open ? iso(20) : iso(-14 * (BENCH_CALLS - c) - 6);
    calls.push({
      district_id: code,
      id: callId,
      park_id: park,
      title: `第 ${c + 1} 批入驻招募`,
      opens_at: opens,
      closes_at: closes,
      places: 6,
      eligibility_text: "服务本区居民的社会组织或发起团队。",
      materials_json: JSON.stringify([{ key: "plan", label: "孵化计划书", required: true }]),
      rubric_id: rubric,
      notice_working_days: 5,
      status: open ? "published" : "closed",
      created_by: admin,
      created_at: opens,
    });
    const reviewers = [0, 1, 2].map((k) => `bench-${code}-reviewer-${(c + k * 7) % BENCH_REVIEWERS}`);
    for (const user of reviewers) callReviewers.push({ district_id: code, call_id: callId, user_id: user });
    for (let k = 0; k < perCall; k++) {
      // The open call's first applications are the benchmark applicants' drafts.
      const orgIndex = open ? k : (c * perCall + k * 13) % orgCount;
      const appId = `bench-${code}-app-${c}-${k}`;
      const status = open ? (k < BENCH_APPLICANTS || r.chance(0.5) ? "draft" : "submitted") : c === REVIEW_CALL ? "in_review" : k < 6 ? "admitted" : r.chance(0.1) ? "withdrawn" : "rejected";
      const submitted = status === "draft" ? null : new Date(Date.parse(opens) + (1 + r.int(10)) * 86_400_000).toISOString();
      applications.push({
        district_id: code,
        id: appId,
        call_id: callId,
        organization_id: benchOrgId(code, orgIndex),
        applicant_id: open && k < BENCH_APPLICANTS ? `bench-${code}-applicant-${k}` : admin,
        status,
        form_json: form,
        version: status === "draft" ? 1 : 3,
        submitted_at: submitted,
        eligibility_due_on: submitted ? addDays(submitted.slice(0, 10), 7) : null,
        eligibility_done_at: submitted && status !== "submitted" ? submitted : null,
        decided_at: ["admitted", "rejected"].includes(status) ? closes : null,
        created_at: submitted ?? opens,
        updated_at: submitted ?? opens,
      });
      const steps =
        status === "draft"
          ? ["draft"]
          : status === "submitted"
            ? ["draft", "submitted"]
            : status === "withdrawn"
              ? ["draft", "submitted", "withdrawn"]
              : status === "in_review"
                ? ["draft", "submitted", "in_review"]
                : ["draft", "submitted", "in_review", status];
      for (const [i, to] of steps.entries())
        appEvents.push({
          district_id: code,
          id: `${appId}-ev-${i}`,
          application_id: appId,
          at: new Date(Date.parse(submitted ?? opens) + i * 86_400_000).toISOString(),
          from_status: i ? steps[i - 1]! : null,
          to_status: to,
          actor_id: null,
          actor_role: i < 2 ? "org_member" : "district_admin",
          note: "",
        });
      if (!steps.includes("in_review")) continue;
      reviewers.forEach((reviewer, j) => {
        const assignmentId = `${appId}-as-${j}`;
        const done = c !== REVIEW_CALL || j < 2;
        assignments.push({
          district_id: code,
          id: assignmentId,
          subject_kind: "incubation_application",
          subject_id: appId,
          rubric_id: rubric,
          reviewer_id: reviewer,
          scorer_role: "reviewer",
          status: "clear",
          conflict_reason: null,
          declared_at: closes,
          submitted_at: done ? closes : null,
          assigned_by: admin,
          assigned_at: closes,
        });
        if (done)
          for (const [i, points] of items.entries())
            scores.push({ district_id: code, assignment_id: assignmentId, item_id: `${rubric}-item-${i}`, score: Math.round(points * (0.5 + r.next() * 0.5) * 2) / 2, comment: "", scored_at: closes });
      });
    }
  }
  return [
    ...out,
    ...chunked("calls", calls),
    ...chunked("call_reviewers", callReviewers),
    ...chunked("applications", applications),
    ...chunked("application_events", appEvents),
    ...chunked("review_assignments", assignments),
    ...chunked("review_scores", scores),
  ];
}

/** 500 posts at departments, communities and stations, each with its revisions. */
export function postStatements(code: string, tenant: TenantFile, ctx: ScaleContext, r: ReturnType<typeof random>): CompiledQuery[] {
  const admin = `demo-${code}-admin`;
  const hosts: Row<"post_hosts">[] = [
    ...tenant.subdistricts.map((s) => ({
      district_id: code,
      id: `bench-${code}-host-${s.code}`,
      host_type: "station" as const,
      name: `${s.name}社会工作服务站`,
      area_code: s.code,
      organization_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })),
    ...tenant.subdistricts.flatMap((s) =>
      s.communities.map((c) => ({ district_id: code, id: `bench-${code}-host-${c.code}`, host_type: "community" as const, name: `${c.name}居民委员会`, area_code: c.code, organization_id: null, created_at: ctx.now, updated_at: ctx.now })),
    ),
    ...["民政局", "文体旅游局", "教育局", "卫生健康委员会"].map((dept, i) => ({
      district_id: code,
      id: `bench-${code}-host-dept-${i}`,
      host_type: "department" as const,
      name: `${tenant.name.zh}${dept}`,
      area_code: null,
      organization_id: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })),
  ];
  const posts: Row<"posts">[] = [];
  const revisions: Row<"post_revisions">[] = [];
  const titles = ["社区养老服务社工", "青少年成长辅导社工", "困境儿童关爱社工", "社区矫正社工", "禁毒社工", "残疾人康复社工", "社会救助社工", "社区治理社工"];
  for (let n = 0; n < BENCH_SIZES.posts; n++) {
    const host = hosts[n % hosts.length]!;
    const id = `bench-${code}-post-${n}`;
    const status = r.chance(0.1) ? "draft" : r.chance(0.7) ? "open" : r.chance(0.6) ? "filled" : "closed";
    const created = addDays(beijingDate(ctx.now), -30 - r.int(700));
    const fields = {
      title: r.pick(titles),
      kind: r.pick(["administrative", "professional", "assistant"] as const),
      mode: r.pick(["post_development", "issue_specific", "platform_integration"] as const),
      funding: r.pick(["government_purchased", "host_funded"] as const),
      qualification: r.pick(["none", "assistant", "intermediate", "senior"] as const),
      headcount: 1 + r.int(3),
    };
    const text = { work_content: "开展个案、小组和社区工作。", responsibilities: "建立服务档案，按月报送服务记录。", work_steps: "需求评估、服务计划、实施、评估。" };
    const snapshot = (s: string): Snapshot => ({
      title: fields.title,
      host: host.name,
      hostId: host.id,
      area: host.area_code ?? "",
      kind: fields.kind,
      mode: fields.mode,
      funding: fields.funding,
      workContent: text.work_content,
      responsibilities: text.responsibilities,
      workSteps: text.work_steps,
      qualification: fields.qualification,
      headcount: String(fields.headcount),
      pay: "",
      workingHours: "",
      contactPhone: "",
      closesOn: "",
      status: s,
    });
    const history = status === "draft" ? ["draft"] : status === "open" ? ["draft", "open"] : ["draft", "open", status];
    posts.push({
      district_id: code,
      id,
      host_id: host.id,
      area_code: host.area_code ?? null,
      ...fields,
      ...text,
      status,
      version: history.length,
      created_by: admin,
      created_at: at(created),
      updated_at: at(addDays(created, history.length - 1)),
    });
    for (const [i, s] of history.entries()) revisions.push({ district_id: code, post_id: id, revision: i + 1, editor_id: admin, editor_name: "区民政局", edited_at: at(addDays(created, i)), snapshot_json: JSON.stringify(snapshot(s)) });
  }
  return [...chunked("post_hosts", hosts), ...chunked("posts", posts), ...chunked("post_revisions", revisions)];
}

/** 2,000 social workers; ID numbers (valid GB 11643) and phones encrypted, hashed and masked. */
export async function workerStatements(code: string, tenant: TenantFile, ctx: ScaleContext, r: ReturnType<typeof random>): Promise<CompiledQuery[]> {
  const areas = tenant.subdistricts.flatMap((s) => [s.code, ...s.communities.map((c) => c.code)]);
  const workers: Row<"social_workers">[] = [];
  const qualifications: Row<"worker_qualifications">[] = [];
  for (let n = 0; n < BENCH_SIZES.socialWorkers; n++) {
    const birth = `${1965 + 18 * Math.floor(n / 1000) + r.int(18)}${String(1 + r.int(12)).padStart(2, "0")}${String(1 + r.int(28)).padStart(2, "0")}`;
    const first17 = `${code}${birth}${String(n % 1000).padStart(3, "0")}`;
    const idNumber = first17 + idCheckCharacter(first17);
    const phone = `139${String(47_000_000 + n).padStart(8, "0")}`;
    const qualification = r.pick(["none", "assistant", "assistant", "intermediate", "senior"] as const);
    const id = `bench-${code}-worker-${n}`;
    const certificate = qualification === "none" ? null : `BT${code}${String(n).padStart(6, "0")}`;
    workers.push({
      district_id: code,
      id,
      name: personName(r),
      area_code: r.chance(0.9) ? r.pick(areas) : null,
      qualification,
      certificate_no: certificate,
      id_number_protected: await protect(idNumber, ctx.personalDataKey),
      id_number_hash: await lookupHash("id_number", idNumber, ctx.personalDataKey),
      id_number_masked: mask("id_number", idNumber),
      phone_protected: await protect(phone, ctx.personalDataKey),
      phone_hash: await lookupHash("phone", phone, ctx.personalDataKey),
      phone_masked: mask("phone", phone),
      user_id: null,
      version: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    if (certificate) qualifications.push({ district_id: code, id: `${id}-qual`, worker_id: id, qualification, certificate_no: certificate, recorded_on: "2024-01-01", recorded_by: `demo-${code}-admin`, created_at: ctx.now });
  }
  return [...chunked("social_workers", workers), ...chunked("worker_qualifications", qualifications)];
}
