import type { Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { ASSOCIATION_SUBTYPES, type AssociationSubtype } from "./tables";
import { lockedThroughCopies } from "./evaluation-simplified";
import { aggregateByRole, createRubric, loadRubric, type RoleAggregate, type Rubric, type RubricItemInput } from "../../review";

// Evaluation is by organization type (《社会组织评估管理办法》, 民政部 revised, in force
// 2026-03-01: 分类评估): social groups, social service agencies and foundations each
// have their own indicator system of 1,000 points (docs/domain.md, "Rubrics by
// organization type", for the sources and which numbers are verified). A round opens
// with one rubric per type, copied from the district's latest round or else from these
// defaults; staff may change a type's
// rubric until its first score locks it. An evaluation keeps the rubric of its
// organization's type at enrolment, so later edits never move a score already given.

export const EVALUATED_TYPES = ["社会团体", "社会服务机构", "基金会"] as const;
export type EvaluatedType = (typeof EVALUATED_TYPES)[number];

type Indicator = [area: string, title: string, points: number];

const BASE: Indicator[] = [
  ["基础条件", "法人资格", 40],
  ["基础条件", "章程与登记备案", 30],
  ["基础条件", "办公条件与人员", 30],
];
const OPINION: Indicator[] = [
  ["社会评价", "内部评价", 50],
  ["社会评价", "外部评价", 100],
];

/** First-level indicators and their points (of 1,000) by type. */
const TEMPLATES: Record<EvaluatedType, Indicator[]> = {
  社会团体: [
    ...BASE,
    ["内部治理", "组织机构", 80],
    ["内部治理", "党建工作", 60],
    ["内部治理", "财务管理", 100],
    ["内部治理", "档案与证章管理", 60],
    ["工作绩效", "业务活动", 200],
    ["工作绩效", "诚信建设", 100],
    ["工作绩效", "信息公开", 80],
    ["工作绩效", "品牌与创新", 70],
    ...OPINION,
  ],
  社会服务机构: [
    ...BASE,
    ["内部治理", "组织机构", 120],
    ["内部治理", "党建工作", 80],
    ["内部治理", "人力资源管理", 80],
    ["内部治理", "财务管理", 120],
    ["内部治理", "档案与证章管理", 50],
    ["业务活动和诚信建设", "业务活动", 150],
    ["业务活动和诚信建设", "诚信建设", 80],
    ["业务活动和诚信建设", "信息公开", 70],
    ...OPINION,
  ],
  基金会: [
    ["基础条件", "法人资格", 20],
    ["基础条件", "章程与登记备案", 40],
    ["内部治理", "组织机构", 50],
    ["内部治理", "党建工作", 50],
    ["内部治理", "人力资源管理", 50],
    ["内部治理", "档案与证章管理", 15],
    ["内部治理", "财务管理", 255],
    ["工作绩效", "公益项目", 200],
    ["工作绩效", "信息公开", 100],
    ["工作绩效", "诚信建设", 100],
    ["社会评价", "内部评价", 40],
    ["社会评价", "外部评价", 80],
  ],
};

/**
 * The default rubric of a type on the district's scale: weight = standard points, so
 * weighted and point totals agree. What each indicator looks at is the district's to
 * write (the demo passes its notes).
 */
export function rubricTemplate(type: EvaluatedType, scale: number, about: Readonly<Record<string, string>> = {}): RubricItemInput[] {
  const factor = scale / 1000;
  return TEMPLATES[type].map(([area, title, points]) => ({ area, title, description: about[title] ?? "", weight: points * factor, maxScore: points * factor }));
}

export function isEvaluatedType(value: string | null | undefined): value is EvaluatedType {
  return (EVALUATED_TYPES as readonly string[]).includes(value ?? "");
}

/**
 * The statements that give a new round its rubrics, and the round's map of them: the
 * district's own from its latest round on the same scale (as staff last edited them, the
 * kinds of 社会团体 with a rubric of their own included), else the defaults above.
 */
export async function typeRubrics(data: DistrictData, title: string, scale: number, now: string): Promise<{ statements: Compilable[]; map: Record<string, string> }> {
  const last = await data.selectFrom("evaluation_rounds").select(["type_rubrics_json", "bands_json"]).where("type_rubrics_json", "<>", "{}").orderBy("opened_at", "desc").limit(1).executeTakeFirst();
  const carried = last && (JSON.parse(last.bands_json) as { scale: number }).scale === scale ? rubricMap(last) : {};
  const map: Record<string, string> = {};
  const statements: Compilable[] = [];
  for (const key of new Set([...EVALUATED_TYPES, ...Object.keys(carried)])) {
    const type = key.split(":")[0] as EvaluatedType;
    const from = carried[key] ? await loadRubric(data, carried[key]) : null;
    map[key] = newId();
    statements.push(...createRubric(data, map[key], `${title} · ${keyTitle(key)}`, from?.items ?? rubricTemplate(type, scale), now));
  }
  return { statements, map };
}

/** A rubric's key in words for its title: "社会团体 · 行业协会商会". */
export const keyTitle = (key: string) => key.replace(/:(\w+)/, (_, s) => ` · ${t("zh-CN", `disclosure.subtype.${s as "other"}`)}`);

/** The round's map from a rubric's key (a type, or 社会团体 with a sub-type: "社会团体:industry") to the rubric. */
export const rubricMap = (round: { type_rubrics_json: string }) => JSON.parse(round.type_rubrics_json) as Partial<Record<string, string>>;

/** The rubric an organization is scored on in the round: its sub-type's, else its type's, else the round's common one (rounds opened before types). */
export function rubricIdFor(round: { rubric_id: string; type_rubrics_json: string }, orgType: string | null, subtype = "other"): string {
  const map = rubricMap(round);
  return (isEvaluatedType(orgType) && (map[`${orgType}:${subtype}`] || map[orgType])) || round.rubric_id;
}

/** The round's rubrics by key, types in the order of EVALUATED_TYPES each followed by its sub-types; a round opened before types has its common one (key ""). */
export async function roundTypeRubrics(data: DistrictData, round: { rubric_id: string; type_rubrics_json: string }): Promise<{ key: string; rubric: Rubric }[]> {
  const map = rubricMap(round);
  const rank = (key: string) => {
    const [type, sub] = key.split(":");
    return EVALUATED_TYPES.indexOf(type as EvaluatedType) * 10 + (sub ? ASSOCIATION_SUBTYPES.indexOf(sub as AssociationSubtype) + 1 : 0);
  };
  const keys = Object.keys(map).sort((a, b) => rank(a) - rank(b));
  const out: { key: string; rubric: Rubric }[] = [];
  for (const key of keys) {
    const rubric = await loadRubric(data, map[key]!);
    if (rubric) out.push({ key, rubric: await lockedThroughCopies(data, rubric) });
  }
  const common = out.length ? null : await loadRubric(data, round.rubric_id);
  return common ? [{ key: "", rubric: common }] : out;
}

/** Totals by scorer role of evaluations that may each have their own rubric. */
export async function totalsByRubric(data: DistrictData, rows: readonly { id: string; rubric_id: string }[]): Promise<Map<string, Map<string, RoleAggregate>>> {
  const result = new Map<string, Map<string, RoleAggregate>>();
  for (const rubricId of new Set(rows.map((r) => r.rubric_id))) {
    const rubric = await loadRubric(data, rubricId);
    if (!rubric) continue;
    const ids = rows.filter((r) => r.rubric_id === rubricId).map((r) => r.id);
    for (const [id, roles] of await aggregateByRole(data, rubric, ids)) result.set(id, roles);
  }
  return result;
}
