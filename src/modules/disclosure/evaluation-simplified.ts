import { type Compilable, sql } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { createRubric, loadRubric, replaceRubricItems, type Rubric, type RubricItemInput } from "../../review";
import type { DistrictSettings } from "../../tenants/settings";
import { isBonus } from "./evaluation-rubric-edit";

// 简化实地评估: a re-evaluation applied for within the first 2 years of a grade's term
// "可以适当简化实地评估的程序和内容" (《社会组织评估管理办法》, 民政部 revised, in force
// 2026-03-01, as released 2026-01-27). The text does not say what is simplified, so the
// district names the first-level areas a simplified review leaves out (setting
// simplifiedOnsiteSkip, default 基础条件: legal status, statutes and premises, which change
// least between evaluations). Such an evaluation is scored on a rubric of its own, its
// type's without those areas, so every scorer, check and total sees only what is scored;
// its grade is read on its total brought to the full scale (docs/domain.md).

const MARK = "~";

/** The areas the district leaves out of a simplified on-site review. */
export const skippedAreas = (settings: Pick<DistrictSettings, "simplifiedOnsiteSkip">) => settings.simplifiedOnsiteSkip.split(/[、,，;；\s]+/).filter(Boolean);

const keptItems = (rubric: Rubric, areas: readonly string[]) => rubric.items.filter((i) => isBonus(i) || !areas.includes(i.area));
const baseMax = (items: Rubric["items"]) => items.reduce((s, i) => s + (isBonus(i) ? 0 : i.maxScore), 0);

/**
 * The rubric a simplified re-evaluation is scored on and the statements creating it: its
 * type's rubric without the skipped areas (bonus items stay). The type's rubric itself
 * when that would leave nothing out, or nothing to score.
 */
export async function simplifiedRubric(data: DistrictData, typeRubricId: string, evaluationId: string, now: string): Promise<{ rubricId: string; statements: Compilable[] }> {
  const rubric = await loadRubric(data, typeRubricId);
  const kept = rubric ? keptItems(rubric, skippedAreas(data.district.settings)) : [];
  if (!rubric || kept.length === rubric.items.length || baseMax(kept) <= 0) return { rubricId: typeRubricId, statements: [] };
  const id = `${typeRubricId}${MARK}${evaluationId}`;
  return { rubricId: id, statements: createRubric(data, id, `${rubric.title} · 简化实地评估`, kept, now) };
}

/**
 * An edit of a type's rubric carries to the simplified rubrics made from it; one already
 * scored fails the batch, so the first score of a simplified evaluation locks its type's
 * rubric as well.
 */
export async function simplifiedRubricUpdates(data: DistrictData, typeRubricId: string, items: readonly RubricItemInput[]): Promise<Compilable[]> {
  const derived = await data.selectFrom("evaluations").select("rubric_id").where("rubric_id", "like", `${typeRubricId}${MARK}%`).execute();
  const areas = skippedAreas(data.district.settings);
  const kept = items.filter((i) => isBonus(i) || !areas.includes(i.area ?? ""));
  return derived.flatMap((d) => replaceRubricItems(data, d.rubric_id, kept));
}

/**
 * A type's rubric as staff see it: locked from the first score on any simplified copy of
 * it too, since an edit carries to the copies and a scored copy refuses it; so the round
 * page says so before a save is tried, not after.
 */
export async function lockedThroughCopies(data: DistrictData, rubric: Rubric): Promise<Rubric> {
  if (rubric.lockedAt || rubric.id.includes(MARK)) return rubric;
  const first = await data
    .selectFrom("rubrics")
    .select((eb) => eb.fn.min<string | null>("locked_at").as("at"))
    .where("id", "like", `${rubric.id}${MARK}%`)
    .executeTakeFirst();
  return first?.at ? { ...rubric, lockedAt: first.at } : rubric;
}

/** What a simplified evaluation's rubric leaves out of its type's (none for any other). */
export async function skippedItems(data: DistrictData, rubric: Rubric): Promise<Rubric["items"]> {
  const at = rubric.id.indexOf(MARK);
  if (at < 0) return [];
  const source = await loadRubric(data, rubric.id.slice(0, at));
  const kept = new Set(rubric.items.map((i) => `${i.area}|${i.title}`));
  return source?.items.filter((i) => !kept.has(`${i.area}|${i.title}`)) ?? [];
}

/**
 * The total a grade is read on. The bands are set on the full scale, so a simplified
 * evaluation's total counts in proportion to the points it was scored on: 680 of 800
 * on a 1,000 scale reads as 850. Any other evaluation's total is read as it is.
 */
export async function gradeTotal(data: DistrictData, rubricId: string, total: number, scale: number): Promise<number> {
  if (!rubricId.includes(MARK)) return total;
  const rubric = await loadRubric(data, rubricId);
  const base = rubric ? baseMax(rubric.items) : 0;
  return base > 0 ? Math.round(((total * scale) / base) * 100) / 100 : total;
}

/** The points an evaluation is scored out of (bonus items included), in SQL beside its row. */
export const rubricMaxSql = (data: DistrictData) => sql<number>`(SELECT coalesce(sum(ri.max_score), 0) FROM rubric_items ri WHERE ri.district_id = ${data.districtId} AND ri.rubric_id = evaluations.rubric_id)`;
