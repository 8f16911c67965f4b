import type { DistrictData } from "../../data/district-data";
import { sql } from "kysely";
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

/** Working days to an answer, as a histogram: days → how many needs. */
export type Answers = Map<number, number>;

/** The median of a histogram's values listed out; null when it is empty. */
export function histogramMedian(answers: Answers): number | null {
  const days = [...answers.keys()].sort((a, b) => a - b);
  const count = days.reduce((sum, d) => sum + answers.get(d)!, 0);
  if (count === 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const d of days) {
      seen += answers.get(d)!;
      if (seen > k) return d;
    }
    return 0;
  };
  return count % 2 ? at(count >> 1) : (at((count >> 1) - 1) + at(count >> 1)) / 2;
}

interface Tally {
  received: number;
  answered: number;
  answers: Answers;
}

const newTally = (): Tally => ({ received: 0, answered: 0, answers: new Map() });
const figures = (t: Tally): NeedFigures => ({ received: t.received, answered: t.answered, medianDays: histogramMedian(t.answers) });

/** A community and category that has needs, with its figures: a row of the open data. */
export type CommunityCategoryFigures = { communityCode: string; category: NeedCategory } & NeedFigures;

const received = (data: DistrictData) => data.selectFrom("linkage_needs").where("status", "<>", "merged");

/**
 * A page of the communities and categories that have needs, in the summary index's order
 * (community code, then category code), with their figures: the page's pairs first, then
 * the figures of the communities they span, so a page reads the same however many there are.
 */
export async function needFiguresPage(data: DistrictData, window: { offset: number; limit: number }): Promise<CommunityCategoryFigures[]> {
  const pairs = await received(data).select(["community_code", "category"]).groupBy(["community_code", "category"]).orderBy("community_code").orderBy("category").limit(window.limit).offset(window.offset).execute();
  if (!pairs.length) return [];
  const summaries = await needSummaries(data, { from: pairs[0]!.community_code, to: pairs.at(-1)!.community_code });
  const figures = new Map(summaries.flatMap((s) => s.byCategory.map((f) => [`${s.communityCode} ${f.category}`, f])));
  return pairs.map((p) => ({ ...figures.get(`${p.community_code} ${p.category}`)!, communityCode: p.community_code }));
}

/** How many communities and categories have needs: the rows of the open data. */
export async function needFiguresCount(data: DistrictData): Promise<number> {
  const row = await received(data).select(sql<number>`count(distinct community_code || ' ' || category)`.as("n")).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * One summary per community that has needs (all communities when none is given), categories
 * in their fixed order. Each need carries its working days to the first answer, fixed when
 * it was answered, so SQLite counts needs by community, category and working days from one
 * index: a request reads a row per distinct figure, however many needs there are.
 */
export async function needSummaries(data: DistrictData, communities?: string | { from: string; to: string }): Promise<CommunityNeedSummary[]> {
  let q = data
    .selectFrom("linkage_needs")
    .select(["community_code", "category", "answer_working_days as days", sql<number>`count(*)`.as("needs")])
    .where("status", "<>", "merged");
  if (typeof communities === "string") q = q.where("community_code", "=", communities);
  else if (communities) q = q.where("community_code", ">=", communities.from).where("community_code", "<=", communities.to);
  const rows = await q.groupBy(["community_code", "category", "answer_working_days"]).orderBy("community_code").orderBy("category").orderBy("answer_working_days").execute();
  const byCommunity = new Map<string, { all: Tally; byCategory: Map<string, Tally> }>();
  for (const r of rows) {
    const community = byCommunity.get(r.community_code) ?? { all: newTally(), byCategory: new Map<string, Tally>() };
    byCommunity.set(r.community_code, community);
    const category = community.byCategory.get(r.category) ?? newTally();
    community.byCategory.set(r.category, category);
    const n = Number(r.needs);
    for (const t of [community.all, category]) {
      t.received += n;
      if (r.days === null) continue;
      t.answered += n;
      t.answers.set(r.days, (t.answers.get(r.days) ?? 0) + n);
    }
  }
  return [...byCommunity].map(([code, c]) => ({
    communityCode: code,
    ...figures(c.all),
    byCategory: NEED_CATEGORIES.filter((category) => c.byCategory.has(category)).map((category) => ({ category, ...figures(c.byCategory.get(category)!) })),
  }));
}
