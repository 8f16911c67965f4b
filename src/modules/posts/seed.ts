import { sql, type CompiledQuery } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { idCheckCharacter } from "../../lib/id-number";
import { lookupHash, mask, protect } from "../../lib/personal-data";
import type { DemoDistrict, ModuleSeed, SeedContext } from "../../seed/demo";
import type { Snapshot } from "./posts";
import type { DistrictSpec, HostSpec } from "./seed-spec";
import { QS } from "./seed-qingshan";
import { KDL } from "./seed-kundulun";
import { type RegistrationPeriod, registrationPeriod, renewalStart } from "./certification";

// Demo data of the post module for both demo districts: hosts (departments,
// communities, social-work stations, organizations), posts in every state with their
// revisions, social workers with protected ID numbers and phones, training,
// certificate registrations, assignments (one a rotation, one below the post's level by
// the district admin's exception), assessments, rewards and applications.
//
// Idempotent: fixed ids; rows that exist are left alone. Assignments and applications
// are inserted only when absent (their triggers check places even for rows an upsert
// would skip), and posts reach their final state by version-guarded updates.
// The data itself is in seed-kundulun.ts and seed-qingshan.ts.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

const SPECS: Record<string, DistrictSpec> = { "150203": KDL, "150204": QS };

/** An 18-character ID number with its GB 11643 check character. */
export function demoIdNumber(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + idCheckCharacter(first17);
}

/** Inserts a row unless one with its id exists, without touching the row's triggers otherwise. */
function insertIfAbsent(table: "post_assignments" | "post_applications", row: Record<string, string | number | null>): CompiledQuery {
  const columns = Object.keys(row);
  return sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) SELECT ${sql.join(columns.map((c) => sql.val(row[c])))} WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(table)} WHERE district_id = ${row.district_id} AND id = ${row.id})`.compile(db);
}

const at = (date: string, time = "09:00:00") => `${date}T${time}.000Z`;
// Demo listing terms: pay by the post's required qualification (yuan per month), office
// hours, the host's office line in Baotou's area code (0472), a month to apply.
const PAY: Record<string, [number, number]> = { none: [3800, 4500], assistant: [4200, 5200], intermediate: [5000, 6500], senior: [6000, 8000] };
const HOURS = "周一至周五 8:30—12:00，14:30—17:30";
const officeLine = (index: number) => `0472-51${String(2000 + index * 37).padStart(5, "0")}`;
const monthAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export const postsSeed: ModuleSeed = async (district: DemoDistrict, ctx: SeedContext) => {
  const spec = SPECS[district.code];
  if (!spec) return [];
  const d = district.code;
  const id = (kind: string, key: string) => `demo-${d}-${kind}-${key}`;
  const hostId = (h: HostSpec) => (h.org ? `org-${ctx.orgId(h.org)}` : id("host", h.key));
  const hosts = new Map(spec.hosts.map((h) => [h.key, h]));
  const admin = ctx.personId("admin");
  const adminName = district.people.find((p) => p.key === "admin")!.name;
  const out: CompiledQuery[] = [];

  for (const h of spec.hosts) {
    out.push(
      db
        .insertInto("post_hosts")
        .values({ district_id: d, id: hostId(h), host_type: h.type, name: h.name, area_code: h.area, organization_id: h.org ? ctx.orgId(h.org) : null, created_at: ctx.now, updated_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  }

  // Posts: revision 1 (draft), then open, an optional revised description, assignments
  // while open, and the final status last.
  const finalSteps: CompiledQuery[] = [];
  for (const p of spec.posts) {
    const host = hosts.get(p.host)!;
    const postId = id("post", p.key);
    const [payMin, payMax] = PAY[p.qualification]!;
    const terms = { pay_min: payMin, pay_max: payMax, working_hours: HOURS, contact_phone: officeLine(spec.hosts.indexOf(host)), closes_on: monthAfter(p.createdOn) };
    const snapshot = (over: Partial<Snapshot>): Snapshot => ({
      title: p.title,
      host: host.name,
      hostId: hostId(host),
      area: p.area ?? "",
      kind: p.kind,
      mode: p.mode,
      funding: p.funding,
      workContent: p.work.join("\n"),
      responsibilities: p.duties.join("\n"),
      workSteps: p.steps.join("\n"),
      qualification: p.qualification,
      headcount: String(p.headcount),
      pay: `${payMin}-${payMax}`,
      workingHours: HOURS,
      contactPhone: terms.contact_phone,
      closesOn: terms.closes_on,
      status: "draft",
      ...over,
    });
    const early = p.revised ? { workContent: p.revised.work.join("\n"), headcount: String(p.revised.headcount) } : {};
    const revisions: { snapshot: Snapshot; on: string; by: string }[] = [{ snapshot: snapshot({ ...early }), on: p.createdOn, by: adminName }];
    if (p.status !== "draft") revisions.push({ snapshot: snapshot({ ...early, status: "open" }), on: nextDay(p.createdOn), by: adminName });
    if (p.revised) revisions.push({ snapshot: snapshot({ status: "open" }), on: p.revised.on, by: p.revised.by });
    if (p.status === "filled" || p.status === "closed") revisions.push({ snapshot: snapshot({ status: p.status }), on: nextDay(revisions.at(-1)!.on), by: adminName });
    const whileOpen = p.status === "draft" ? "draft" : "open";
    const openVersion = p.status === "filled" || p.status === "closed" ? revisions.length - 1 : revisions.length;
    out.push(
      db
        .insertInto("posts")
        .values({
          district_id: d,
          id: postId,
          host_id: hostId(host),
          area_code: p.area,
          title: p.title,
          kind: p.kind,
          mode: p.mode,
          funding: p.funding,
          work_content: p.work.join("\n"),
          responsibilities: p.duties.join("\n"),
          work_steps: p.steps.join("\n"),
          qualification: p.qualification,
          headcount: p.headcount,
          ...terms,
          status: whileOpen,
          version: openVersion,
          created_by: admin,
          created_at: at(p.createdOn),
          updated_at: at(revisions[openVersion - 1]!.on),
        })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
    for (const [i, r] of revisions.entries()) {
      out.push(
        db
          .insertInto("post_revisions")
          .values({ district_id: d, post_id: postId, revision: i + 1, editor_id: null, editor_name: r.by, edited_at: at(r.on, "10:30:00"), snapshot_json: JSON.stringify(r.snapshot) })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
    }
    if (openVersion < revisions.length) {
      finalSteps.push(
        db
          .updateTable("posts")
          .set({ status: p.status, version: revisions.length, updated_at: at(revisions.at(-1)!.on) })
          .where("district_id", "=", d)
          .where("id", "=", postId)
          .where("version", "=", openVersion)
          .compile(),
      );
    }
  }

  for (const w of spec.workers) {
    const idNumber = demoIdNumber(w.region, w.birth, w.sequence);
    const workerId = id("worker", w.key);
    out.push(
      db
        .insertInto("social_workers")
        .values({
          district_id: d,
          id: workerId,
          name: w.name,
          area_code: w.area,
          qualification: w.qualification,
          certificate_no: w.certificate ?? null,
          id_number_protected: await protect(idNumber, ctx.personalDataKey),
          id_number_hash: await lookupHash("id_number", idNumber, ctx.personalDataKey),
          id_number_masked: mask("id_number", idNumber),
          phone_protected: await protect(w.phone, ctx.personalDataKey),
          phone_hash: await lookupHash("phone", w.phone, ctx.personalDataKey),
          phone_masked: mask("phone", w.phone),
          user_id: w.person ? ctx.personId(w.person) : null,
          version: 1,
          created_at: ctx.now,
          updated_at: ctx.now,
        })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
    if (w.qualification !== "none") {
      out.push(
        db
          .insertInto("worker_qualifications")
          .values({ district_id: d, id: id("qual", w.key), worker_id: workerId, qualification: w.qualification, certificate_no: w.certificate ?? null, recorded_on: w.qualifiedOn ?? "2024-01-01", recorded_by: admin, created_at: ctx.now })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
    }
  }

  for (const [i, x] of spec.trainings.entries()) {
    out.push(
      db
        .insertInto("worker_trainings")
        .values({ district_id: d, id: id("training", String(i + 1)), worker_id: id("worker", x.worker), form: x.form, title: x.title, hours: x.hours, provider: x.provider, held_on: x.on, created_by: admin, created_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  }

  // Each registration opens the period the rule gives it (certification.ts).
  let previous: { worker: string; period: RegistrationPeriod } | null = null;
  for (const [i, r] of spec.registrations.entries()) {
    const before = previous?.worker === r.worker ? previous.period : null;
    const period = registrationPeriod(renewalStart(before, r.on));
    previous = { worker: r.worker, period };
    out.push(
      db
        .insertInto("worker_registrations")
        .values({ district_id: d, id: id("registration", String(i + 1)), worker_id: id("worker", r.worker), kind: before ? "renewal" : "first", registered_on: r.on, starts_on: period.startsOn, valid_until: period.validUntil, recorded_by: admin, created_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  }

  for (const a of spec.assignments) {
    out.push(
      insertIfAbsent("post_assignments", {
        district_id: d,
        id: id("assignment", a.key),
        post_id: id("post", a.post),
        worker_id: id("worker", a.worker),
        starts_on: a.starts,
        ends_on: a.ends ?? null,
        end_reason: a.reason ?? null,
        rotated_from: a.rotatedFrom ? id("assignment", a.rotatedFrom) : null,
        application_id: null,
        qualification_override: a.override ?? null,
        override_by: a.override ? admin : null,
        created_by: admin,
        created_at: at(a.starts),
        updated_at: at(a.ends ?? a.starts),
      }),
    );
  }

  for (const [i, a] of spec.applications.entries()) {
    out.push(
      insertIfAbsent("post_applications", {
        district_id: d,
        id: id("application", String(i + 1)),
        post_id: id("post", a.post),
        worker_id: id("worker", a.worker),
        motivation: a.motivation,
        status: a.status,
        decided_by: a.status === "submitted" ? null : admin,
        decided_at: a.status === "submitted" ? null : at(nextDay(a.on)),
        decision_note: a.note ?? "",
        assignment_id: null,
        created_at: at(a.on),
        updated_at: at(a.on),
      }),
    );
  }

  out.push(...finalSteps);

  for (const [i, s] of spec.assessments.entries()) {
    out.push(
      db
        .insertInto("worker_assessments")
        .values({ district_id: d, id: id("assessment", String(i + 1)), assignment_id: id("assignment", s.assignment), year: s.year, score: s.score, grade: s.grade, assessor_name: s.assessor, assessor_id: admin, comments: s.comments, created_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  }

  for (const [i, r] of spec.rewards.entries()) {
    out.push(
      db
        .insertInto("worker_rewards")
        .values({ district_id: d, id: id("reward", String(i + 1)), worker_id: id("worker", r.worker), kind: r.kind, title: r.title, awarded_on: r.on, awarding_body: r.body, amount_yuan: r.amount ?? null, created_by: admin, created_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  }
  return out;
};

/** The demo values that must never appear on a public page (for tests). */
export function demoPersonalValues(districtCode: string): { idNumbers: string[]; phones: string[] } {
  const spec = SPECS[districtCode];
  if (!spec) return { idNumbers: [], phones: [] };
  return { idNumbers: spec.workers.map((w) => demoIdNumber(w.region, w.birth, w.sequence)), phones: spec.workers.map((w) => w.phone) };
}
