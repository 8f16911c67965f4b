import type { DistrictData } from "../../../data/district-data";
import { deliveryLabels } from "../../../notifications/log";
import { aggregate, loadRubric } from "../../../review";
import { buysAt, type ProjectActor } from "../actor";
import type { ContractView } from "./contracts";
import { evaluationsOf, type EvaluationView } from "./evaluations";
import { feedbackSummary, type FeedbackSummary } from "./feedback";
import { sameDistrict } from "../../../data/joins";

// What the contract page shows of its evaluations: each round with its result, how many
// evaluators have scored the one in progress, the beneficiaries' satisfaction, and for
// the buyer the district's evaluators to choose from.

export interface EvaluationBoard {
  evaluations: (EvaluationView & { scored: number; pending: number })[];
  feedback: FeedbackSummary;
  /** The district's third-party evaluators; empty for anyone but the buyer. */
  pool: { id: string; name: string }[];
  canManage: boolean;
  /** For the buyer: how the message to each evaluation's evaluators went, by evaluation id. */
  delivery: Map<string, string>;
}

export async function evaluationBoard(data: DistrictData, actor: ProjectActor, contract: ContractView, mayManage: boolean): Promise<EvaluationBoard> {
  const canManage = mayManage && buysAt(actor, contract.call.areaCode);
  const [evaluations, feedback, pool] = await Promise.all([
    evaluationsOf(data, contract.id),
    feedbackSummary(data, contract.id),
    canManage
      ? data
          .selectFrom("role_grants")
          .innerJoin("users", sameDistrict("users", "role_grants.user_id"))
          .select(["users.id", "users.display_name as name"])
          .distinct()
          .where("role_grants.role", "=", "evaluator")
          .orderBy("users.display_name")
          .limit(200)
          .execute()
      : Promise.resolve([]),
  ]);
  const rows = await Promise.all(
    evaluations.map(async (e) => {
      if (e.status !== "open") return { ...e, scored: 0, pending: 0 };
      const rubric = await loadRubric(data, e.rubricId);
      const result = rubric ? (await aggregate(data, rubric, [e.id])).get(e.id) : undefined;
      return { ...e, scored: result?.counted ?? 0, pending: result?.pending ?? 0 };
    }),
  );
  const delivery = canManage
    ? await deliveryLabels(
        data,
        actor.locale,
        "project_evaluation",
        evaluations.map((e) => e.id),
      )
    : new Map<string, string>();
  return { evaluations: rows, feedback, pool, canManage, delivery };
}
