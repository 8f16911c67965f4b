import type { DistrictData } from "../../data/district-data";
import { addDays, addWorkingDays } from "../../lib/beijing-time";
import { creditGround, groundReference } from "./credit-grounds";
import { filingStatus, reportDueFor, reportDueOn } from "./rules";

// Candidates for the abnormal-activity list found in the registry: an organization whose
// annual report is overdue (民政部令第60号, abnormal-list ground (一): 未按照规定时限和要求
// 向登记管理机关报送年度工作报告) is proposed to the credit-list staff and never listed by
// itself. Staff open the entry form filled in from the facts and decide; an organization
// already on a list, dissolved or otherwise no longer active is not proposed.

/** The 办法 asks credit information to be recorded within this many working days after it forms. */
export const RECORD_WITHIN_WORKING_DAYS = 5;

export interface ListingCandidate {
  organizationId: string;
  name: string;
  /** The report year that is missing and the day it was due. */
  year: number;
  dueOn: string;
  /** The day the information formed (the first day the report was late) and the day it should be recorded by. */
  formedOn: string;
  recordBy: string;
}

export async function overdueReportCandidates(data: DistrictData, today: string, organizationId?: string): Promise<ListingCandidate[]> {
  let query = data
    .selectFrom("organizations")
    .select(["id", "name", "kind", "org_type", "registered_on", "last_report_year", "last_report_filed_on"])
    .where("filing_status", "=", "overdue")
    .where("kind", "=", "registered")
    .where("registration_status", "=", "active")
    .where("registration_scope", "=", "own")
    .where("list_status", "=", "none");
  if (organizationId) query = query.where("id", "=", organizationId);
  const rows = await query.orderBy("name_key").limit(200).execute();
  const settings = data.district.settings;
  const candidates: ListingCandidate[] = [];
  for (const org of rows) {
    // The indexed column may lag a day behind the clock; the rule itself decides.
    const filing = filingStatus(org, today, settings);
    if (filing.status !== "overdue" || filing.year === null) continue;
    const dueOn = reportDueOn(filing.year, reportDueFor(org.org_type, settings));
    const formedOn = addDays(dueOn, 1);
    candidates.push({ organizationId: org.id, name: org.name, year: filing.year, dueOn, formedOn, recordBy: addWorkingDays(formedOn, RECORD_WITHIN_WORKING_DAYS) });
  }
  return candidates;
}

/** The entry form as the candidate fills it in; staff may still change every field or not submit. */
export function candidateEntryValues(c: ListingCandidate, today: string, decidingBody: string): Record<string, string> {
  return {
    list: "abnormal",
    reasonCode: "annual_report",
    reason: `未按照规定时限和要求向登记管理机关报送${c.year}年度工作报告（应于${c.dueOn}前报送）。`,
    legalBasis: groundReference(creditGround("abnormal", "annual_report")!),
    decidingBody,
    eventOn: c.formedOn,
    decidedOn: today,
    needsRectification: "1",
  };
}
