import type { DistrictData } from "../data/district-data";
import { notFound } from "../http/errors";
import { findKind, knownKinds } from "./kinds";

// Reads behind the public notice pages and feed (and the portal's latest notices): only
// notices of a registered subject kind exist.

export interface NoticeRow {
  id: string;
  subject_kind: string;
  title: string;
  body: string;
  reviewers_text: string;
  starts_at: string;
  ends_at: string;
  status: "open" | "closed";
  published_at: string;
}

export async function latestNotices(data: DistrictData, limit: number): Promise<NoticeRow[]> {
  const kinds = knownKinds();
  if (kinds.length === 0) return [];
  return (await data
    .selectFrom("public_notices")
    .select(["id", "subject_kind", "title", "body", "reviewers_text", "starts_at", "ends_at", "status", "published_at"])
    .where("subject_kind", "in", kinds)
    .orderBy("published_at", "desc")
    .limit(limit)
    .execute()) as NoticeRow[];
}

export async function noticePage(data: DistrictData, id: string) {
  const [notices, items, objections] = await data.read<Record<string, unknown>>([
    data.selectFrom("public_notices").select(["id", "subject_kind", "title", "body", "reviewers_text", "starts_at", "ends_at", "status", "published_at"]).where("id", "=", id),
    data.selectFrom("notice_items").select(["subject_id", "label", "proposed_outcome", "score", "outcome"]).where("notice_id", "=", id).orderBy("label"),
    data
      .selectFrom("notice_objections")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("notice_id", "=", id),
  ]);
  const notice = notices?.[0] as NoticeRow | undefined;
  // A notice of a kind no module serves does not exist.
  if (!notice || !findKind(notice.subject_kind)) throw notFound();
  return {
    notice,
    items: (items ?? []) as { subject_id: string; label: string; proposed_outcome: string; score: number | null; outcome: string }[],
    objections: Number(objections?.[0]?.n ?? 0),
  };
}
