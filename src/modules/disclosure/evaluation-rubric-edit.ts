import { lockedThroughCopies, simplifiedRubricUpdates } from "./evaluation-simplified";
import type { DistrictData } from "../../data/district-data";
import { AppError, type FieldError, notFound } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { createRubric, loadRubric, replaceRubricItems, round2, type Rubric, type RubricItemInput } from "../../review";
import type { DisclosureActor } from "./actor";
import { keyTitle, rubricMap } from "./evaluation-rubrics";
import type { RoundRow } from "./evaluations";
import { orgTypeKey } from "./schemas";

// Staff shape each of a round's rubrics (a type's, or a 社会团体 sub-type's) until its
// first score locks it: the indicators, their points, their order, and the bonus items
// (加分项 / 附加项, scored on top of the scale, as local indicator systems do). The
// indicators other than bonus ones must add up to the round's scale, because the grade
// bands are set on that scale.

/** Bonus items are the indicator area of that name, as local indicator tables group them. */
export const BONUS_AREA = "加分项";
export const MAX_INDICATORS = 30;
const FIELDS = ["order", "area", "title", "points", "bonus", "description"] as const;
export const RUBRIC_FORM_KEY = new RegExp(`^(rubricFor|rows|items\\.\\d{1,2}\\.(${FIELDS.join("|")}))$`);

export type Row = Record<(typeof FIELDS)[number], string>;

export const isBonus = (item: { area?: string }) => item.area === BONUS_AREA;

/** The points of a rubric's scored indicators and of its bonus items. */
export function rubricTotals(items: readonly { area?: string; maxScore: number }[]): { base: number; bonus: number } {
  const sum = (bonus: boolean) => round2(items.reduce((s, i) => s + (isBonus(i) === bonus ? i.maxScore : 0), 0));
  return { base: sum(false), bonus: sum(true) };
}

/** The form's rows: what was typed, or the rubric's items and a blank row to add an indicator (one a save). */
export function formRows(rubric: Rubric, values?: Record<string, string>): Row[] {
  if (!values) {
    const rows = rubric.items.map((i, n) => ({ order: String(n + 1), area: isBonus(i) ? "" : i.area, title: i.title, points: String(i.maxScore), bonus: isBonus(i) ? "1" : "", description: i.description }));
    return rows.length < MAX_INDICATORS ? [...rows, blankRow()] : rows;
  }
  const count = Math.min(MAX_INDICATORS, Number(values.rows) || 1);
  return Array.from({ length: count }, (_, i) => Object.fromEntries(FIELDS.map((f) => [f, values[`items.${i}.${f}`] ?? ""])) as Row);
}

function blankRow(): Row {
  return { order: "", area: "", title: "", points: "", bonus: "", description: "" };
}

/** The typed rows as indicators in their order, or each problem beside its field. */
export function indicatorsFrom(values: Record<string, string>, scale: number, l: Locale): { items: RubricItemInput[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const refuse = (field: string, code: string, message: string) => errors.push({ field, code, message });
  const rows: { item: RubricItemInput; order: number; n: number }[] = [];
  formRows({ id: "", title: "", lockedAt: null, items: [] }, values).forEach((row, n) => {
    const [order, area, title, points, description] = [row.order, row.area, row.title, row.points, row.description].map((v) => v.trim()) as [string, string, string, string, string];
    if (!title && !points && !area && !description) return;
    const at = (f: string) => `items.${n}.${f}`;
    if (!title) refuse(at("title"), "required", t(l, "field.required"));
    else if (title.length > 60) refuse(at("title"), "too_long", t(l, "field.too_long", { max: 60 }));
    if (area.length > 30) refuse(at("area"), "too_long", t(l, "field.too_long", { max: 30 }));
    if (description.length > 500) refuse(at("description"), "too_long", t(l, "field.too_long", { max: 500 }));
    const value = Number(points);
    if (!points) refuse(at("points"), "required", t(l, "field.required"));
    else if (!/^\d{1,4}(\.\d{1,2})?$/.test(points) || value <= 0 || value > scale) refuse(at("points"), "points_invalid", t(l, "disclosure.rubric.pointsInvalid", { max: scale }));
    if (order && !/^\d{1,2}$/.test(order)) refuse(at("order"), "invalid_format", t(l, "field.invalid_format"));
    const bonus = row.bonus === "1";
    rows.push({ item: { area: bonus ? BONUS_AREA : area, title, description, weight: value, maxScore: value }, order: order ? Number(order) : 100, n });
  });
  if (!rows.length) refuse("items.0.title", "required", t(l, "field.required"));
  const items = rows.sort((a, b) => a.order - b.order || a.n - b.n).map((r) => r.item);
  const { base } = rubricTotals(items);
  if (!errors.length && Math.abs(base - scale) > 0.001) refuse("total", "total_mismatch", t(l, "disclosure.rubric.totalMismatch", { total: base, scale }));
  return { items, errors };
}

/**
 * The rubric a form's key names in the round ("" is the common rubric of a round opened
 * before types); a kind of 社会团体 without its own names the 社会团体 one, which its
 * first save copies.
 */
export function rubricIdOf(round: RoundRow, key: string): string {
  const map = rubricMap(round);
  const id = key === "" && !Object.keys(map).length ? round.rubric_id : map[key] || (/^社会团体:(industry|academic|federation|professional)$/.test(key) && map.社会团体);
  if (!id) throw notFound();
  return id;
}

/** A rubric's key as coded audit fields, labelled in the reader's language. */
function keyFields(key: string) {
  const [type, subtype] = key.split(":");
  return { orgType: type ? orgTypeKey(type).replace("disclosure.orgType.", "") : undefined, subtype };
}

const locked = () => new AppError({ status: 409, code: "rubric_locked", message: "disclosure.rubric.locked" });

export async function saveRoundRubric(data: DistrictData, _actor: DisclosureActor, input: { round: RoundRow; key: string; items: RubricItemInput[] }, now: string): Promise<void> {
  const { round, key, items } = input;
  const map = rubricMap(round);
  const rubricId = rubricIdOf(round, key);
  if (!map[key] && key) {
    // A kind of 社会团体 gets a rubric of its own, the round's map naming it in the same batch.
    const id = newId();
    await data.write(
      [
        data.guard(data.selectFrom("evaluation_rounds").select("id").where("id", "=", round.id).where("type_rubrics_json", "=", round.type_rubrics_json)),
        ...createRubric(data, id, `${round.title} · ${keyTitle(key)}`, items, now),
        data
          .updateTable("evaluation_rounds")
          .set({ type_rubrics_json: JSON.stringify({ ...map, [key]: id }) })
          .where("id", "=", round.id),
      ],
      { action: "evaluation.subtype_rubric_added", targetType: "evaluation_round", targetId: round.id, after: { ...keyFields(key), total: rubricTotals(items).base, bonusTotal: rubricTotals(items).bonus } },
      { stale: () => new AppError({ status: 409, code: "conflict", message: "disclosure.manage.stale" }) },
    );
    return;
  }
  const loaded = await loadRubric(data, rubricId);
  if (!loaded) throw notFound();
  const rubric = await lockedThroughCopies(data, loaded);
  if (rubric.lockedAt) throw locked();
  // The change as a person reads it: indicators added and removed (a changed one is both), or only their order.
  const view = (i: { area?: string; title: string; maxScore: number; description: string }) => ({
    indicator: i.title,
    indicatorArea: isBonus(i) ? undefined : i.area || undefined,
    points: i.maxScore,
    bonus: isBonus(i) || undefined,
    about: i.description || undefined,
  });
  const sign = (i: Parameters<typeof view>[0]) => JSON.stringify(view(i));
  const before = rubric.items.map(sign);
  const after = items.map(sign);
  const added = items.filter((i) => !before.includes(sign(i))).map(view);
  const removed = rubric.items.filter((i) => !after.includes(sign(i))).map(view);
  const reordered = !added.length && !removed.length && before.join() !== after.join();
  await data.write(
    [...replaceRubricItems(data, rubricId, items), ...(await simplifiedRubricUpdates(data, rubricId, items))],
    {
      action: "evaluation.rubric_changed",
      targetType: "evaluation_round",
      targetId: round.id,
      after: { ...keyFields(key), indicatorsAdded: added, indicatorsRemoved: removed, reordered: reordered || undefined, total: rubricTotals(items).base, bonusTotal: rubricTotals(items).bonus },
    },
    { stale: locked },
  );
}
