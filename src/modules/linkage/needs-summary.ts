import type { DistrictData } from "../../data/district-data";
import { beijingDate, workingDaysBetween } from "../../lib/beijing-time";
import { NEED_CATEGORIES, type NeedCategory } from "./tables";

// Residents' needs counted, never listed: what a community's public page and the open
// data show. Only category, dates and whether an answer was given are read, so no
// description, name, phone or photo can reach a public figure. A merged need is counted
// once, under the need it was merged into.

export interface NeedFigures {
  received: number;
  answered: number;
  /** Median working days from receipt to the first answer, of the answered ones; null when none. */
  medianDays: number | null;
}

export interface CommunityNeedSummary extends NeedFigures {
  communityCode: string;
  byCategory: ({ category: NeedCategory } & NeedFigures)[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figures(rows: readonly { received_at: string; answered_at: string | null }[]): NeedFigures {
  const days = rows.filter((r) => r.answered_at).map((r) => workingDaysBetween(beijingDate(r.received_at), beijingDate(r.answered_at!)));
  return { received: rows.length, answered: days.length, medianDays: median(days) };
}

/** One summary per community that has needs (all communities when none is given), categories in their fixed order. */
export async function needSummaries(data: DistrictData, communityCode?: string): Promise<CommunityNeedSummary[]> {
  let q = data.selectFrom("linkage_needs").select(["community_code", "category", "received_at", "answered_at"]).where("status", "!=", "merged");
  if (communityCode) q = q.where("community_code", "=", communityCode);
  const rows = await q.orderBy("community_code").execute();
  const byCommunity = new Map<string, typeof rows>();
  for (const r of rows) byCommunity.set(r.community_code, [...(byCommunity.get(r.community_code) ?? []), r]);
  return [...byCommunity].map(([code, list]) => ({
    communityCode: code,
    ...figures(list),
    byCategory: NEED_CATEGORIES.map((category) => ({ category, ...figures(list.filter((r) => r.category === category)) })).filter((c) => c.received > 0),
  }));
}
