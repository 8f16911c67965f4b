import type { Compilable } from "kysely";
import * as z from "zod/mini";
import type { DistrictData } from "../data/district-data";
import { line, paragraph } from "../http/fields";
import { newId } from "../lib/ids";

// Rubrics: weighted items, each scored from 0 to its maximum. Once the first score is
// saved the rubric is locked, so every reviewer scores against the same items.

export const rubricItemSchema = z.strictObject({
  /** Optional indicator area grouping items (e.g. 基础条件, 内部治理 in evaluations). */
  area: z.optional(line(0, 30)),
  title: line(1, 60),
  description: z._default(paragraph(0, 500), ""),
  weight: z.number().check(z.gt(0), z.lte(100)),
  maxScore: z.number().check(z.gt(0), z.lte(1000)),
});
export const rubricItemsSchema = z.array(rubricItemSchema).check(z.minLength(1), z.maxLength(30));
export type RubricItemInput = z.output<typeof rubricItemSchema>;

export interface Rubric {
  id: string;
  title: string;
  lockedAt: string | null;
  items: { id: string; position: number; area: string; title: string; description: string; weight: number; maxScore: number }[];
}

function itemRows(rubricId: string, items: readonly RubricItemInput[]) {
  return items.map((item, position) => ({
    id: newId(),
    rubric_id: rubricId,
    position,
    area: item.area ?? "",
    title: item.title,
    description: item.description,
    weight: item.weight,
    max_score: item.maxScore,
  }));
}

/** Statements that create a rubric with its items (9 bound values an item with district_id: chunks of 11). */
export function createRubric(data: DistrictData, rubricId: string, title: string, items: readonly RubricItemInput[], now: string): Compilable[] {
  const rows = itemRows(rubricId, items);
  const statements: Compilable[] = [data.insertInto("rubrics", { id: rubricId, title, locked_at: null, created_at: now })];
  for (let i = 0; i < rows.length; i += 11) statements.push(data.insertInto("rubric_items", rows.slice(i, i + 11)));
  return statements;
}

/** Statements that replace a rubric's items; the batch fails if scoring has started. */
export function replaceRubricItems(data: DistrictData, rubricId: string, items: readonly RubricItemInput[]): Compilable[] {
  const rows = itemRows(rubricId, items);
  const statements: Compilable[] = [data.guard(data.selectFrom("rubrics").select("id").where("id", "=", rubricId).where("locked_at", "is", null)), data.deleteFrom("rubric_items").where("rubric_id", "=", rubricId)];
  for (let i = 0; i < rows.length; i += 11) statements.push(data.insertInto("rubric_items", rows.slice(i, i + 11)));
  return statements;
}

export async function loadRubric(data: DistrictData, rubricId: string): Promise<Rubric | null> {
  const [rubrics, items] = await data.read<Record<string, unknown>>([
    data.selectFrom("rubrics").select(["id", "title", "locked_at"]).where("id", "=", rubricId),
    data.selectFrom("rubric_items").selectAll().where("rubric_id", "=", rubricId).orderBy("position"),
  ]);
  const rubric = rubrics?.[0];
  if (!rubric) return null;
  return {
    id: String(rubric.id),
    title: String(rubric.title),
    lockedAt: (rubric.locked_at as string | null) ?? null,
    items: (items ?? []).map((i) => ({
      id: String(i.id),
      position: Number(i.position),
      area: String(i.area ?? ""),
      title: String(i.title),
      description: String(i.description),
      weight: Number(i.weight),
      maxScore: Number(i.max_score),
    })),
  };
}
