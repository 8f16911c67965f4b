import type { TodoContext, TodoItem } from "../core/module-contract";
import { t } from "../i18n/messages";
import { knownKinds, subjectKind } from "./kinds";
import type { AssignmentRow } from "./scoring";

// The reviewer's open assignments on the to-do page: those still waiting for a
// declaration or for scores, of every registered kind, each linking to the same page
// as the inbox.

export async function reviewTodos({ data, user, locale, base, settings, now }: TodoContext): Promise<TodoItem[]> {
  const kinds = knownKinds();
  if (!kinds.length) return [];
  const rows = (await data
    .selectFrom("review_assignments")
    .selectAll()
    .where("reviewer_id", "=", user.id)
    .where("subject_kind", "in", kinds)
    .where("status", "in", ["awaiting_declaration", "clear"])
    .where("submitted_at", "is", null)
    .orderBy("assigned_at")
    .execute()) as AssignmentRow[];
  const env = { locale, settings, now: now.toISOString() };
  return Promise.all(
    rows
      .map((a) => ({ a, kind: subjectKind(a.subject_kind) }))
      .filter(({ a, kind }) => kind.canScore.forReviewer(a))
      .map(async ({ a, kind }) => {
        const summary = await kind.render(data, a, env);
        return {
          what: `${kind.label[locale]} · ${t(locale, `review.status.${a.status}`)}`,
          title: `${summary.title}（${summary.context}）`,
          href: `${base}/review/${a.id}`,
          due: null,
          overdue: false,
        };
      }),
  );
}
