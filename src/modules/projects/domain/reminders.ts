import { sql } from "kysely";
import { sameDistrict } from "../../../data/joins";
import type { DistrictData } from "../../../data/district-data";
import { notify } from "../../../core/module-contract";
import { addDays } from "../../../lib/beijing-time";
import { finalEvaluationDue, midtermEvaluationDue } from "../notifications";

// Evaluations fall due by the contract's term: the mid-term one at the middle of the term
// (when an instalment waits on it), the final one at its end. The daily job tells the
// buyer's staff once per stage while that stage's evaluation has not been opened; the
// contract remembers the last reminder, and the write is guarded on it, so a second run
// or a concurrent one sends nothing more.

export type DueStage = "midterm" | "final";

/** The day a stage's evaluation falls due. */
export function evaluationDueOn(startsOn: string, endsOn: string, stage: DueStage): string {
  if (stage === "final") return endsOn;
  const days = Math.round((Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000);
  return addDays(startsOn, Math.floor(days / 2));
}

export interface DueEvaluation {
  contractId: string;
  title: string;
  areaCode: string | null;
  stage: DueStage;
  dueOn: string;
  told: "" | "midterm" | "final";
}

/** Signed contracts whose next evaluation is due by `today` and not yet opened (optionally within the buyer's condition). */
export async function dueEvaluations(data: DistrictData, today: string, scope?: (q: ReturnType<typeof dueQuery>) => ReturnType<typeof dueQuery>): Promise<DueEvaluation[]> {
  const q = dueQuery(data, today);
  const rows = await (scope ? scope(q) : q).execute();
  const out: DueEvaluation[] = [];
  for (const r of rows) {
    const final = r.final_opened === 0 && r.ends_on <= today;
    const midterm = !final && r.midterm_gate > 0 && r.midterm_opened === 0 && evaluationDueOn(r.starts_on, r.ends_on, "midterm") <= today;
    if (!final && !midterm) continue;
    const stage: DueStage = final ? "final" : "midterm";
    out.push({ contractId: r.id, title: r.title, areaCode: r.area_code, stage, dueOn: evaluationDueOn(r.starts_on, r.ends_on, stage), told: r.evaluation_due_told });
  }
  return out;
}

function dueQuery(data: DistrictData, today: string) {
  const count = (table: "project_evaluations" | "project_instalments", column: "stage" | "gate", value: DueStage) =>
    sql<number>`(select count(*) from ${sql.table(table)} x where x.district_id = project_contracts.district_id and x.contract_id = project_contracts.id and ${sql.ref(`x.${column}`)} = ${value})`;
  return data
    .selectFrom("project_contracts")
    .innerJoin("project_bids as b", sameDistrict("b", "project_contracts.bid_id"))
    .innerJoin("project_calls as k", sameDistrict("k", "b.call_id"))
    .select([
      "project_contracts.id",
      "project_contracts.starts_on",
      "project_contracts.ends_on",
      "project_contracts.evaluation_due_told",
      "b.title",
      "k.area_code",
      count("project_evaluations", "stage", "midterm").as("midterm_opened"),
      count("project_evaluations", "stage", "final").as("final_opened"),
      count("project_instalments", "gate", "midterm").as("midterm_gate"),
    ])
    .where("project_contracts.status", "=", "signed")
    .where("project_contracts.starts_on", "<=", today)
    .limit(500);
}

/** The daily job: one reminder per contract and stage. Answers how many were sent. */
export async function remindDueEvaluations(data: DistrictData, today: string): Promise<number> {
  let sent = 0;
  for (const d of await dueEvaluations(data, today)) {
    if (d.told === d.stage || d.told === "final") continue;
    const kind = d.stage === "final" ? finalEvaluationDue : midtermEvaluationDue;
    const written = await data.writeIfCurrent(
      [
        data.guard(data.selectFrom("project_contracts").select("id").where("id", "=", d.contractId).where("evaluation_due_told", "=", d.told)),
        data.updateTable("project_contracts").set({ evaluation_due_told: d.stage, version: sql<number>`version + 1` }).where("id", "=", d.contractId).where("evaluation_due_told", "=", d.told),
        notify(data, kind, { to: d.areaCode ?? "", params: { bid: d.title, dueOn: d.dueOn, contractId: d.contractId }, target: { type: "project_contract", id: d.contractId } }),
      ],
      { action: "projects.evaluation_due", targetType: "project_contract", targetId: d.contractId, after: { stage: d.stage, dueOn: d.dueOn } },
    );
    if (written) sent += 1;
  }
  return sent;
}
