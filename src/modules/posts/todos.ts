import type { TodoContext, TodoItem } from "../../core/module-contract";
import { t } from "../../i18n/messages";
import { sql, type SqlBool } from "kysely";
import { areaCondition, isStaff, viewerOf } from "./scope";

// Posts' to-dos: applications to open posts waiting for a decision, for staff of the
// post's area and for the organization that hosts it (both may decide); each links to
// the post's page where it is decided.

export async function postsTodos({ data, user, locale: l, base }: TodoContext): Promise<TodoItem[]> {
  const viewer = viewerOf(user);
  if (!isStaff(viewer) && viewer.organizations.length === 0) return [];
  const hostedByViewer = viewer.organizations.length ? sql<SqlBool>`post_hosts.organization_id IN (${sql.join(viewer.organizations)})` : sql<SqlBool>`1 = 0`;
  const waiting = await data
    .selectFrom("post_applications")
    .innerJoin("posts", (j) => j.onRef("posts.district_id", "=", "post_applications.district_id").onRef("posts.id", "=", "post_applications.post_id"))
    .innerJoin("post_hosts", (j) => j.onRef("post_hosts.district_id", "=", "posts.district_id").onRef("post_hosts.id", "=", "posts.host_id"))
    .innerJoin("social_workers", (j) => j.onRef("social_workers.district_id", "=", "post_applications.district_id").onRef("social_workers.id", "=", "post_applications.worker_id"))
    .select(["post_applications.id", "posts.id as post_id", "posts.title", "social_workers.name"])
    .where("post_applications.status", "=", "submitted")
    .where(sql<SqlBool>`(${areaCondition("posts.area_code", viewer)} OR ${hostedByViewer})`)
    .orderBy("post_applications.created_at")
    .execute();
  return waiting.map((a) => ({ what: t(l, "posts.todo.application"), title: `${a.name}（${a.title}）`, href: `${base}/posts/${a.post_id}`, due: null, overdue: false, about: { type: "post_application", id: a.id } }));
}
