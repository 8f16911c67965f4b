import type { Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { AppError } from "../../http/errors";
import { t } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { newId } from "../../lib/ids";
import { entryStatements, exitStatements } from "./credit";
import { transferCandidateOf } from "./credit-candidates";
import { currentGrade } from "./grade-adjustments";
import type { EntryRow } from "./queries";

// Two years on the abnormal list (serious-list ground (一), 民政部令第60号): the registration
// authority puts the organization on the serious list, so the daily job only proposes it
// (credit-candidates.ts) and a person confirms here. The abnormal entry ends and the
// serious entry begins in one batch, guarded on the abnormal entry still being active, so
// two confirmations cannot both move it.

/** Confirms a standing two-year proposal: the abnormal entry moves to the serious list today. */
export async function confirmTransfer(data: DistrictData, entry: EntryRow, note: string, actor: { id: string; role: string }, now: string): Promise<string> {
  const today = beijingDate(now);
  const proposal = await transferCandidateOf(data, today, entry);
  if (!proposal) throw new AppError({ status: 409, code: "conflict", message: "disclosure.candidate.gone" });
  const seriousId = newId();
  const years = data.district.settings.abnormalToSeriousYears;
  const statements: Compilable[] = [
    ...exitStatements(data, entry, "transferred", today, note, actor, now),
    ...entryStatements(data, {
      id: seriousId,
      organizationId: entry.organization_id,
      list: "serious",
      reasonCode: "abnormal_two_years",
      reason: `${t("zh-CN", "disclosure.reason.abnormal_two_years")}：${entry.reason}`,
      legalBasis: t("zh-CN", "disclosure.credit.transferLegalBasis", { years }),
      decidingBody: entry.deciding_body,
      decidedOn: today,
      eventOn: proposal.formedOn,
      needsRectification: false,
      sourceEntryId: entry.id,
      actor,
      now,
      eventKind: "transferred_in",
      note,
      grade: await currentGrade(data, entry.organization_id),
    }),
  ];
  await data.write(
    statements,
    { action: "credit.transferred", targetType: "credit_entry", targetId: entry.id, after: { serious: seriousId, on: today, note } },
    { stale: () => new AppError({ status: 409, code: "not_active", message: "disclosure.credit.notActive" }) },
  );
  return seriousId;
}
