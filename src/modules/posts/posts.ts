import type { ExpressionBuilder } from "kysely";
import type { DistrictData } from "../../data/district-data";
import type { DistrictDB } from "../../data/schema";
import { notFound } from "../../http/errors";
import { type Locale, t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { beijingToday } from "../../lib/beijing-time";
import { loadAreas, type Areas } from "./areas";
import { changedFields, type FieldKind } from "./diff";
import { conflict, fieldProblem } from "./rules";
import { TRANSITIONS, type PostInput } from "./schemas";
import { areaCondition, areaInScope, isStaff, type PostsActor, type Viewer } from "./scope";
import type { EmbeddingMode, Funding, HostType, PostKind, PostStatus, Qualification } from "./tables";

// Posts: creation, revision (every change a new immutable revision), the status
// machine, and the lists staff, organizations and the public see.

export interface PostView {
  id: string;
  hostId: string;
  hostName: string;
  hostType: HostType;
  hostArea: string | null;
  hostOrganizationId: string | null;
  areaCode: string | null;
  title: string;
  kind: PostKind;
  mode: EmbeddingMode;
  funding: Funding;
  workContent: string;
  responsibilities: string;
  workSteps: string;
  qualification: Qualification;
  headcount: number;
  payMin: number | null;
  payMax: number | null;
  workingHours: string;
  contactPhone: string;
  closesOn: string | null;
  status: PostStatus;
  version: number;
  updatedAt: string;
  active: number;
}

type PostsEB = ExpressionBuilder<DistrictDB, "posts" | "post_hosts">;

/** Assignments holding a place today (the same rule as the database triggers). */
export function activeAssignments(eb: PostsEB, today: string) {
  return eb
    .selectFrom("post_assignments as a")
    .select((e) => e.fn.countAll<number>().as("n"))
    .whereRef("a.district_id", "=", "posts.district_id")
    .whereRef("a.post_id", "=", "posts.id")
    .where((e) => e.or([e("a.ends_on", "is", null), e("a.ends_on", ">", today)]));
}

export function postsQuery(data: DistrictData) {
  const today = beijingToday();
  return data
    .selectFrom("posts")
    .innerJoin("post_hosts", (j) => j.onRef("post_hosts.district_id", "=", "posts.district_id").onRef("post_hosts.id", "=", "posts.host_id"))
    .select((eb) => [
      "posts.id",
      "posts.host_id as hostId",
      "post_hosts.name as hostName",
      "post_hosts.host_type as hostType",
      "post_hosts.area_code as hostArea",
      "post_hosts.organization_id as hostOrganizationId",
      "posts.area_code as areaCode",
      "posts.title",
      "posts.kind",
      "posts.mode",
      "posts.funding",
      "posts.work_content as workContent",
      "posts.responsibilities",
      "posts.work_steps as workSteps",
      "posts.qualification",
      "posts.headcount",
      "posts.pay_min as payMin",
      "posts.pay_max as payMax",
      "posts.working_hours as workingHours",
      "posts.contact_phone as contactPhone",
      "posts.closes_on as closesOn",
      "posts.status",
      "posts.version",
      "posts.updated_at as updatedAt",
      activeAssignments(eb, today).as("active"),
    ]);
}

/** Posts the viewer manages: at or below their staff areas, or hosted by their organization. */
export function postVisible(v: Viewer) {
  return (eb: PostsEB) => eb.or([areaCondition("posts.area_code", v), ...(v.organizations.length ? [eb("post_hosts.organization_id", "in", v.organizations)] : [])]);
}

export function toPostView(row: Record<string, unknown>): PostView {
  return { ...(row as unknown as PostView), active: Number(row.active ?? 0), headcount: Number(row.headcount) };
}

/** One post the viewer manages, or 404 (also for another district's or another scope's post). */
export async function getPost(data: DistrictData, actor: PostsActor, postId: string): Promise<PostView> {
  const row = await postsQuery(data).where("posts.id", "=", postId).where(postVisible(actor)).executeTakeFirst();
  if (!row) throw notFound();
  return toPostView(row);
}

export async function getOpenPost(data: DistrictData, postId: string): Promise<PostView> {
  const row = await postsQuery(data).where("posts.id", "=", postId).where("posts.status", "=", "open").executeTakeFirst();
  if (!row) throw notFound();
  return toPostView(row);
}

// ----- Hosts the viewer may use --------------------------------------------------

export interface HostChoice {
  id: string;
  name: string;
  type: HostType;
  areaCode: string | null;
  organizationId: string | null;
  /** An organization user's own organization becomes a host on its first post. */
  missing?: boolean;
}

export async function hostChoices(data: DistrictData, v: Viewer): Promise<HostChoice[]> {
  const [hosts, orgs] = await data.read<Record<string, string | null>>([
    data
      .selectFrom("post_hosts")
      .select(["id", "name", "host_type", "area_code", "organization_id"])
      .where((eb) => eb.or([...(isStaff(v) ? [areaCondition("post_hosts.area_code", v)] : []), ...(v.organizations.length ? [eb("post_hosts.organization_id", "in", v.organizations)] : []), eb.val(0).$castTo<boolean>()]))
      .orderBy("host_type")
      .orderBy("name"),
    data
      .selectFrom("organizations")
      .select(["id", "name", "area_code"])
      .where("id", "in", v.organizations.length ? v.organizations : [""]),
  ]);
  const choices: HostChoice[] = (hosts ?? []).map((h) => ({
    id: h.id!,
    name: h.name!,
    type: h.host_type as HostType,
    areaCode: h.area_code ?? null,
    organizationId: h.organization_id ?? null,
  }));
  for (const o of orgs ?? []) {
    if (!choices.some((h) => h.organizationId === o.id)) {
      choices.push({ id: orgHostId(o.id!), name: o.name!, type: "organization", areaCode: o.area_code ?? null, organizationId: o.id!, missing: true });
    }
  }
  return choices;
}

export const orgHostId = (organizationId: string) => `org-${organizationId}`;

/** Checks host and location against the viewer's reach; the statements to run first, if any. */
async function placePost(data: DistrictData, v: PostsActor, input: Pick<PostInput, "hostId" | "areaCode">, areas: Areas, now: string) {
  const locale = v.locale;
  const host = (await hostChoices(data, v)).find((h) => h.id === input.hostId);
  if (!host) throw fieldProblem(locale, 422, "hostId", "posts.error.hostNotAllowed");
  const area = input.areaCode || null;
  if (area && !areas.has(area)) throw fieldProblem(locale, 422, "areaCode", "posts.error.areaUnknown");
  // Acting for one's own organization needs no staff scope; staff place posts in theirs.
  const asOrganization = host.organizationId !== null && v.organizations.includes(host.organizationId);
  const withinHost = host.areaCode === null || area?.startsWith(host.areaCode) === true;
  if (!withinHost || (!asOrganization && !areaInScope(v, area))) throw fieldProblem(locale, 422, "areaCode", "posts.error.areaNotAllowed");
  const ensureHost = host.missing
    ? [data.insertInto("post_hosts", { id: host.id, host_type: "organization", name: host.name, area_code: host.areaCode, organization_id: host.organizationId, created_at: now, updated_at: now }).onConflict((oc) => oc.doNothing())]
    : [];
  return { host, area, ensureHost };
}

// ----- Revisions -------------------------------------------------------------------

export const SNAPSHOT_FIELDS = [
  { key: "title", kind: "short" },
  { key: "host", kind: "short" },
  { key: "area", kind: "short" },
  { key: "kind", kind: "short" },
  { key: "mode", kind: "short" },
  { key: "funding", kind: "short" },
  { key: "workContent", kind: "long" },
  { key: "responsibilities", kind: "long" },
  { key: "workSteps", kind: "long" },
  { key: "qualification", kind: "short" },
  { key: "headcount", kind: "short" },
  { key: "pay", kind: "short" },
  { key: "workingHours", kind: "short" },
  { key: "contactPhone", kind: "short" },
  { key: "closesOn", kind: "short" },
  { key: "status", kind: "short" },
] as const satisfies readonly { key: string; kind: FieldKind }[];

export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number]["key"];
/** A post as one revision recorded it: host by name (as it was then), area by code ("" = district). */
export type Snapshot = Record<SnapshotField, string> & { hostId: string };

type Terms = { payMin: string | number | null; payMax: string | number | null; closesOn: string | null };

/** A pay range as one revision records it: "6000-8000", "6000-" (a floor), or "" when not stated. */
const payText = (p: Terms) => (p.payMin || p.payMax ? `${p.payMin || ""}-${p.payMax || ""}` : "");

/** The listing terms as the posts table holds them. */
function termColumns(input: PostInput) {
  return {
    pay_min: input.payMin ? Number(input.payMin) : null,
    pay_max: input.payMax ? Number(input.payMax) : null,
    working_hours: input.workingHours,
    contact_phone: input.contactPhone,
    closes_on: input.closesOn || null,
  };
}

function snapshotOf(p: Omit<PostInput, "areaCode" | keyof Terms> & Terms & { areaCode: string | null; hostName: string; status: PostStatus }): Snapshot {
  return {
    title: p.title,
    host: p.hostName,
    hostId: p.hostId,
    area: p.areaCode ?? "",
    kind: p.kind,
    mode: p.mode,
    funding: p.funding,
    workContent: p.workContent,
    responsibilities: p.responsibilities,
    workSteps: p.workSteps,
    qualification: p.qualification,
    headcount: String(p.headcount),
    pay: payText(p),
    workingHours: p.workingHours,
    contactPhone: p.contactPhone,
    closesOn: p.closesOn ?? "",
    status: p.status,
  };
}

function currentSnapshot(p: PostView): Snapshot {
  return snapshotOf({ ...p, hostName: p.hostName });
}

function revisionInsert(data: DistrictData, v: Viewer, postId: string, revision: number, snapshot: Snapshot, at: string) {
  return data.insertInto("post_revisions", {
    post_id: postId,
    revision,
    editor_id: v.id,
    editor_name: v.name,
    edited_at: at,
    snapshot_json: JSON.stringify(snapshot),
  });
}

export async function createPost(data: DistrictData, v: PostsActor, input: PostInput, now: string): Promise<string> {
  const { host, area, ensureHost } = await placePost(data, v, input, await loadAreas(data), now);
  const id = newId();
  const snapshot = snapshotOf({ ...input, areaCode: area, hostName: host.name, status: "draft" });
  await data.write(
    [
      ...ensureHost,
      data.insertInto("posts", {
        id,
        host_id: host.id,
        area_code: area,
        title: input.title,
        kind: input.kind,
        mode: input.mode,
        funding: input.funding,
        work_content: input.workContent,
        responsibilities: input.responsibilities,
        work_steps: input.workSteps,
        qualification: input.qualification,
        headcount: input.headcount,
        ...termColumns(input),
        status: "draft",
        version: 1,
        created_by: v.id,
        created_at: now,
        updated_at: now,
      }),
      revisionInsert(data, v, id, 1, snapshot, now),
    ],
    { action: "post.created", targetType: "post", targetId: id, after: { title: input.title, host: host.name, area, kind: input.kind, mode: input.mode, headcount: input.headcount } },
  );
  return id;
}

/** A new revision of the description; false when nothing changed (no revision is made). */
export async function revisePost(data: DistrictData, v: PostsActor, post: PostView, input: PostInput & { version: number }, now: string): Promise<boolean> {
  if (input.version !== post.version) throw conflict("error.conflict", {}, { currentVersion: post.version });
  const { host, area, ensureHost } = await placePost(data, v, input, await loadAreas(data), now);
  if (input.headcount < post.active) throw fieldProblem(v.locale, 422, "headcount", "posts.error.headcountBelowActive", { active: post.active });
  const before = currentSnapshot(post);
  const after = snapshotOf({ ...input, areaCode: area, hostName: host.name, status: post.status });
  const changes = changedFields(SNAPSHOT_FIELDS, before, after);
  if (changes.length === 0 && before.hostId === after.hostId) return false;
  const next = post.version + 1;
  await data.write(
    [
      ...ensureHost,
      data
        .updateTable("posts")
        .set({
          host_id: host.id,
          area_code: area,
          title: input.title,
          kind: input.kind,
          mode: input.mode,
          funding: input.funding,
          work_content: input.workContent,
          responsibilities: input.responsibilities,
          work_steps: input.workSteps,
          qualification: input.qualification,
          headcount: input.headcount,
          ...termColumns(input),
          version: next,
          updated_at: now,
        })
        .where("id", "=", post.id),
      revisionInsert(data, v, post.id, next, after, now),
    ],
    { action: "post.revised", targetType: "post", targetId: post.id, after: { revision: next, changed: changes.map((ch) => ch.field) } },
    {
      rules: {
        "posts.headcount_below_active": () => fieldProblem(v.locale, 409, "headcount", "posts.error.headcountBelowActive", { active: post.active }),
        "unique:post_revisions": () => conflict("error.conflict"),
      },
    },
  );
  return true;
}

export function transitionRefusal(l: Locale, from: PostStatus, to: PostStatus) {
  const allowed = TRANSITIONS[from];
  return conflict(
    "posts.error.transition",
    {
      from: t(l, `posts.status.${from}`),
      to: t(l, `posts.status.${to}`),
      allowed: allowed.length ? allowed.map((s) => t(l, `posts.status.${s}`)).join(t(l, "posts.listSeparator")) : t(l, "posts.none"),
    },
    { code: "illegal_transition", from, to, allowed },
  );
}

export async function transitionPost(data: DistrictData, v: PostsActor, post: PostView, to: PostStatus, version: number, now: string): Promise<void> {
  if (!TRANSITIONS[post.status].includes(to)) throw transitionRefusal(v.locale, post.status, to);
  if (version !== post.version) throw conflict("error.conflict", {}, { currentVersion: post.version });
  const next = post.version + 1;
  const snapshot = { ...currentSnapshot(post), status: to };
  await data.write(
    [data.updateTable("posts").set({ status: to, version: next, updated_at: now }).where("id", "=", post.id), revisionInsert(data, v, post.id, next, snapshot, now)],
    { action: "post.status_changed", targetType: "post", targetId: post.id, before: { status: post.status }, after: { status: to, revision: next } },
    { rules: { "unique:post_revisions": () => conflict("error.conflict") } },
  );
}
