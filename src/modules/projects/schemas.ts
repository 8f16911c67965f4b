import * as z from "zod/mini";
import { isoDate, line, mobilePhone, paragraph } from "../../http/fields";

// The vocabulary of the module (identifiers; labels are in messages.ts) and the input
// schemas shared by its forms and its JSON API.

export const PURCHASE_METHODS = ["commission", "subsidy", "post", "voucher"] as const;
export const CALL_KINDS = ["venture", "purchase"] as const;
export const CALL_STATUSES = ["draft", "published", "closed"] as const;
export const BID_STATUSES = ["draft", "submitted", "returned", "withdrawn", "in_review", "awarded", "rejected"] as const;
export const LINE_KINDS = ["personnel", "activities", "materials", "admin"] as const;
export const CONTRACT_STATUSES = ["pending", "signed", "terminated", "completed"] as const;
export const INSTALMENT_STATUSES = ["scheduled", "due", "paid", "cancelled"] as const;
export const GATES = ["signing", "midterm", "final"] as const;
export const PARTIES = ["buyer", "implementer", "community"] as const;
export type Party = (typeof PARTIES)[number];

const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
const version = () => z.coerce.number().check(z.int(), z.gte(1));
const yuan = (max = 100_000_000) => z.coerce.number().check(z.int(), z.gte(0), z.lte(max));
const count = (max: number) => z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(max)), 0);
const flag = () => z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(1)), 0);
const optionalText = (max: number) => z._default(paragraph(0, max), "");
/** A 街道's code, or "" for the district level. */
const subdistrict = () => z._default(z.string().check(z.trim(), z.regex(/^(\d{9})?$/, "invalid_format")), "");
/** A community's code, or "" for none chosen yet. */
const community = () => z._default(z.string().check(z.trim(), z.regex(/^(\d{12})?$/, "invalid_format")), "");
const year = () => z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100));

export const categoryInput = z.strictObject({
  nameZh: line(2, 30),
  nameEn: line(2, 60),
  purchaseMethod: z.enum(PURCHASE_METHODS),
});
export type CategoryInput = z.output<typeof categoryInput>;

export const budgetInput = z.strictObject({
  year: year(),
  categoryId: id(),
  areaCode: subdistrict(),
  amountYuan: yuan(),
});
export type BudgetInput = z.output<typeof budgetInput>;
export const budgetEditInput = z.strictObject({ amountYuan: yuan(), version: version() });
export const budgetsQuery = z.strictObject({ year: z.optional(year()) });

export const callInput = z.strictObject({
  kind: z.enum(CALL_KINDS),
  title: line(4, 80),
  description: paragraph(10, 4000),
  needs: optionalText(2000),
  year: year(),
  areaCode: subdistrict(),
  categoryIds: z.array(id()).check(z.minLength(1), z.maxLength(20)),
  opensOn: isoDate(),
  closesOn: isoDate(),
  projectCapYuan: yuan().check(z.gte(1)),
  totalBudgetYuan: yuan().check(z.gte(1)),
  minRegistrationMonths: count(240),
  allowFoundingTeams: flag(),
  adminCapPercent: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(50)), 10),
  instalments: z._default(z.string().check(z.trim(), z.regex(/^\d{1,3}(,\d{1,3}){0,11}$/, "invalid_format")), "30,40,30"),
  materials: optionalText(2000),
});
export type CallInput = z.output<typeof callInput>;

export const bidLine = z.strictObject({ kind: z.enum(LINE_KINDS), item: line(1, 60), amountYuan: yuan(10_000_000) });
export const bidTeamMember = z.strictObject({ workerId: id(), lead: z._default(z.boolean(), false) });

/** A draft may be incomplete; submission checks completeness (bids.ts). */
export const bidDraftInput = z.strictObject({
  title: z._default(line(0, 80), ""),
  categoryId: z._default(z.string().check(z.trim(), z.maxLength(40)), ""),
  targetGroup: optionalText(1000),
  beneficiaries: count(1_000_000),
  activities: optionalText(4000),
  indicators: optionalText(4000),
  communityCode: community(),
  volunteers: count(10_000),
  lines: z._default(z.array(bidLine).check(z.maxLength(30)), []),
  team: z._default(z.array(bidTeamMember).check(z.maxLength(30)), []),
  version: z.optional(version()),
});
export type BidDraftInput = z.output<typeof bidDraftInput>;

export const versionInput = z.strictObject({ version: version() });
export const returnInput = z.strictObject({ reason: paragraph(2, 1000), version: version() });

export const contractInput = z.strictObject({
  startsOn: isoDate(),
  endsOn: isoDate(),
  deliverables: paragraph(10, 4000),
});
export type ContractInput = z.output<typeof contractInput>;
export const confirmInput = z.strictObject({ party: z.enum(PARTIES), version: version() });
export const paymentInput = z.strictObject({ paidOn: isoDate(), reference: line(2, 60) });
export const QUALIFICATION_LEVELS = ["none", "assistant", "intermediate", "senior"] as const;

export const serviceRecordInput = z.strictObject({
  heldOn: isoDate(),
  place: line(2, 80),
  participants: z.coerce.number().check(z.int(), z.gte(0), z.lte(100_000)),
  summary: paragraph(4, 2000),
  workerId: z._default(z.string().check(z.trim(), z.maxLength(40)), ""),
});
export type ServiceRecordInput = z.output<typeof serviceRecordInput>;
export const expenditureInput = z.strictObject({
  lineNo: z.coerce.number().check(z.int(), z.gte(1), z.lte(50)),
  spentOn: isoDate(),
  amountYuan: yuan(10_000_000).check(z.gte(1)),
  description: line(2, 120),
});
export type ExpenditureInput = z.output<typeof expenditureInput>;

export const reviewSetupInput = z.strictObject({
  reviewerIds: z.array(id()).check(z.minLength(1), z.maxLength(15)),
  roadshowOn: z._default(z.union([z.literal(""), isoDate()]), ""),
  roadshowPlace: z._default(line(0, 80), ""),
  version: version(),
});
export type ReviewSetupInput = z.output<typeof reviewSetupInput>;
export const eligibilityInput = z.strictObject({ outcome: z.enum(["pass", "reject"]), reasons: optionalText(1000), version: version() }).check(
  z.superRefine((v, ctx) => {
    if (v.outcome === "reject" && v.reasons.length < 2) ctx.addIssue({ code: "custom", message: "required", path: ["reasons"], input: v.reasons });
  }),
);
export type EligibilityInput = z.output<typeof eligibilityInput>;
export const proposalChangeInput = z.strictObject({ included: z.boolean(), reason: paragraph(2, 500), version: version() });
export type ProposalChangeInput = z.output<typeof proposalChangeInput>;
export const awardNoticeInput = z.strictObject({ body: paragraph(10, 4000) });

export const EVALUATION_STAGES = ["midterm", "final"] as const;
export const EVALUATION_STATUSES = ["open", "passed", "failed", "terminated"] as const;
export const evaluationOpenInput = z.strictObject({ stage: z.enum(EVALUATION_STAGES), evaluatorIds: z.array(id()).check(z.minLength(1), z.maxLength(9)) });
export type EvaluationOpenInput = z.output<typeof evaluationOpenInput>;
export const evaluationDecisionInput = z.strictObject({ reasons: optionalText(2000), version: version() });
export type EvaluationDecisionInput = z.output<typeof evaluationDecisionInput>;

/** A resident's feedback through the project's public link (the consent is checked beside it). */
export const feedbackInput = z.object({
  rating: z.enum(["1", "2", "3", "4", "5"]),
  comment: optionalText(500),
  phone: z._default(mobilePhone({ optional: true }), ""),
  consent: z.optional(z.string()),
});
export type FeedbackInput = z.output<typeof feedbackInput>;

export const CHANGE_KINDS = ["budget", "lead", "term"] as const;
/** A change the implementer asks for; which fields count depends on the kind. */
export const changeInput = z.strictObject({
  kind: z.enum(CHANGE_KINDS),
  fromLine: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(20)), 0),
  toLine: z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(20)), 0),
  amountYuan: z._default(yuan(10_000_000), 0),
  workerId: z._default(z.string().check(z.trim(), z.maxLength(40)), ""),
  endsOn: z._default(isoDate({ optional: true }), ""),
  reason: paragraph(2, 1000),
});
export type ChangeInput = z.output<typeof changeInput>;
export const changeDecisionInput = z.strictObject({ approve: z.coerce.number().check(z.int(), z.gte(0), z.lte(1)), reasons: optionalText(1000), version: version() });
export type ChangeDecisionInput = z.output<typeof changeDecisionInput>;
