import * as z from "zod/mini";
import { email, idNumber as idNumberField, line, mobilePhone, newPassword, organizationName, paragraph } from "../../http/fields";
import { isValidUscc, socialOrganizationUsccProblem } from "../../lib/uscc";
import type { MessageKey } from "../../i18n/messages";
import { ASSOCIATION_SUBTYPES, CREDIT_LISTS, FILING_STATUSES, GRADES } from "./tables";

// Input schemas of the module, built from src/http/fields.ts. Page forms send strings;
// the few JSON endpoints use the same schemas so there is one definition of valid.

/** Organization types as stored (the registry's Chinese terms), with their message keys. */
export const ORG_TYPES = [
  { value: "社会团体", key: "disclosure.orgType.association" },
  { value: "社会服务机构", key: "disclosure.orgType.service" },
  { value: "基金会", key: "disclosure.orgType.foundation" },
  { value: "社区社会组织", key: "disclosure.orgType.community" },
] as const satisfies readonly { value: string; key: MessageKey }[];
export const ORG_TYPE_VALUES = ORG_TYPES.map((o) => o.value) as [string, ...string[]];

export function orgTypeKey(value: string): MessageKey {
  return ORG_TYPES.find((o) => o.value === value)?.key ?? "disclosure.orgType.none";
}

export const SERVICE_FIELDS = ["elderly", "children", "disability", "assistance", "education", "health", "culture", "governance", "legal", "environment", "volunteering", "employment"] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];

import { ABNORMAL_REASONS, REASON_CODES, SERIOUS_REASONS } from "./credit-grounds";
export { ABNORMAL_REASONS, REASON_CODES, SERIOUS_REASONS };

export const PROJECT_KINDS = ["own", "purchased_service", "venture"] as const;
export const CHANGE_TYPES = ["name", "domicile", "legal_rep", "business_scope", "charter", "other"] as const;

// ---------------------------------------------------------------- field helpers

function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const dateField = () => z.string().check(z.trim(), z.refine(isRealDate, "date_invalid"));
export const optionalDate = () =>
  z._default(
    z.string().check(
      z.trim(),
      z.refine((v) => v === "" || isRealDate(v), "date_invalid"),
    ),
    "",
  );

/** Yuan with up to two decimals, as text; converted to fen (integer) by toFen. */
export const money = () =>
  z.string().check(
    z.trim(),
    z.refine((v) => /^\d{1,12}(\.\d{1,2})?$/.test(v.replace(/,/g, "")), "money_invalid"),
  );
export const optionalMoney = () =>
  z._default(
    z.string().check(
      z.trim(),
      z.refine((v) => v === "" || /^\d{1,12}(\.\d{1,2})?$/.test(v.replace(/,/g, "")), "money_invalid"),
    ),
    "",
  );

export function toFen(text: string): number {
  const [yuan, cents = ""] = text.replace(/,/g, "").split(".");
  return Number(yuan) * 100 + Number(cents.padEnd(2, "0"));
}

export function formatYuan(fen: number, locale: string): string {
  return (fen / 100).toLocaleString(locale === "en" ? "en-US" : "zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

// The legal representative's ID number and phone follow the same rules as everyone's.
const idNumber = () => z._default(idNumberField({ optional: true }), "");
const phone = () => z._default(mobilePhone({ optional: true }), "");

const checkbox = () => z.optional(z.string());

// ---------------------------------------------------------------- registry

// The boxes of a ChoiceGroup named "serviceFields" (src/ui/form.tsx).
const serviceFieldBoxes = Object.fromEntries(SERVICE_FIELDS.map((f) => [`serviceFields.${f}`, checkbox()])) as Record<`serviceFields.${ServiceField}`, ReturnType<typeof checkbox>>;

export const organizationSchema = z
  .strictObject({
    name: organizationName(2, 100),
    confirmDuplicateName: checkbox(),
    kind: z.enum(["registered", "founding_team"]),
    uscc: z._default(z.string().check(z.trim(), z.toUpperCase(), z.maxLength(18)), ""),
    orgType: z._default(z.union([z.enum(ORG_TYPE_VALUES), z.literal("")]), ""),
    associationSubtype: z._default(z.enum(ASSOCIATION_SUBTYPES), "other"),
    registrationAuthority: z._default(line(0, 60), ""),
    registrationScope: z._default(z.enum(["own", "other", "filed"]), "own"),
    registeredOn: optionalDate(),
    domicile: z._default(line(0, 200), ""),
    businessScope: z._default(paragraph(0, 1000), ""),
    legalRepName: z._default(line(0, 40), ""),
    legalRepIdNumber: idNumber(),
    legalRepPhone: phone(),
    clearPersonal: checkbox(),
    areaCode: z._default(z.string().check(z.trim(), z.regex(/^(\d{9}|\d{12})?$/)), ""),
    version: z._default(z.string(), ""),
    ...serviceFieldBoxes,
  })
  .check(
    z.superRefine((v, ctx) => {
      // A community organization filed (备案) with a 街道 has no credit code of its own.
      if (v.kind === "registered" && v.registrationScope !== "filed" && v.uscc === "") ctx.addIssue({ code: "custom", message: "uscc_required", path: ["uscc"], input: v.uscc });
      else if (v.uscc !== "" && !isValidUscc(v.uscc)) ctx.addIssue({ code: "custom", message: "uscc_invalid", path: ["uscc"], input: v.uscc });
      else if (v.uscc !== "") {
        const problem = socialOrganizationUsccProblem(v.uscc, v.orgType);
        if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["uscc"], input: v.uscc });
      }
    }),
  );
export type OrganizationInput = z.output<typeof organizationSchema>;

export function serviceFieldsOf(input: Record<string, unknown>): ServiceField[] {
  return SERVICE_FIELDS.filter((f) => input[`serviceFields.${f}`] !== undefined && input[`serviceFields.${f}`] !== "");
}

export const claimSchema = z.strictObject({
  position: line(1, 40),
  statement: paragraph(10, 1000),
});
export const claimWithAccountSchema = z.strictObject({
  position: line(1, 40),
  statement: paragraph(10, 1000),
  displayName: line(1, 40),
  email: email(),
  password: newPassword(),
});
export const decisionSchema = z.strictObject({
  decision: z.enum(["accept", "refuse"]),
  note: z._default(paragraph(0, 1000), ""),
});

// ---------------------------------------------------------------- disclosures

const currentYear = () => new Date().getUTCFullYear();

export const annualReportSchema = z.strictObject({
  reportYear: z.string().check(
    z.trim(),
    z.refine((v) => /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) < currentYear(), "year_invalid"),
  ),
  assets: money(),
  liabilities: money(),
  incomeDonations: money(),
  incomeGrants: money(),
  incomeServices: money(),
  incomeDues: money(),
  incomeOther: money(),
  expensePrograms: money(),
  expenseAdmin: money(),
  expenseFundraising: money(),
  expenseOther: money(),
  activities: paragraph(10, 4000),
});

export const projectSchema = z
  .strictObject({
    title: line(2, 100),
    projectKind: z.enum(PROJECT_KINDS),
    funder: z._default(line(0, 100), ""),
    amount: optionalMoney(),
    startOn: dateField(),
    endOn: optionalDate(),
    beneficiaries: z._default(line(0, 200), ""),
    description: paragraph(10, 4000),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.endOn !== "" && v.endOn < v.startOn) ctx.addIssue({ code: "custom", message: "date_order", path: ["endOn"], input: v.endOn });
    }),
  );

export const majorChangeSchema = z.strictObject({
  title: line(2, 100),
  changeType: z.enum(CHANGE_TYPES),
  effectiveOn: dateField(),
  before: z._default(line(0, 500), ""),
  after: z._default(line(0, 500), ""),
  description: z._default(paragraph(0, 2000), ""),
});

export const correctionFields = {
  correctionNote: paragraph(5, 500),
  version: z.string().check(z.regex(/^\d+$/)),
};

// ---------------------------------------------------------------- credit lists

export const creditEntrySchema = z
  .strictObject({
    list: z.enum(CREDIT_LISTS),
    reasonCode: z.enum(REASON_CODES),
    reason: paragraph(2, 1000),
    // Empty: the ground's reference in the 办法 is recorded.
    legalBasis: z._default(z.string().check(z.trim(), z.maxLength(200)), ""),
    decidingBody: line(2, 100),
    decidedOn: dateField(),
    eventOn: dateField(),
    // Asked only for "other" grounds; every listed ground decides it (credit-grounds.ts).
    needsRectification: z._default(z.enum(["1", "0", ""]), ""),
  })
  .check(
    z.superRefine((v, ctx) => {
      const allowed: readonly string[] = v.list === "abnormal" ? ABNORMAL_REASONS : SERIOUS_REASONS;
      if (!allowed.includes(v.reasonCode)) ctx.addIssue({ code: "invalid_value", values: [...allowed], path: ["reasonCode"], input: v.reasonCode });
      if (v.reasonCode === "other" && v.needsRectification === "") ctx.addIssue({ code: "custom", message: "required", path: ["needsRectification"], input: v.needsRectification });
      if (v.eventOn > v.decidedOn) ctx.addIssue({ code: "custom", message: "date_order", path: ["decidedOn"], input: v.decidedOn });
    }),
  );

export const creditCorrectionSchema = z.strictObject({
  reason: paragraph(2, 1000),
  legalBasis: line(2, 200),
  decidingBody: line(2, 100),
  note: paragraph(2, 500),
  version: z.string().check(z.regex(/^\d+$/)),
});

export const creditEventSchema = z.strictObject({
  onDate: dateField(),
  note: paragraph(2, 1000),
});
export const creditNoteSchema = z.strictObject({ note: paragraph(2, 1000) });
export const creditRequestSchema = z.strictObject({ content: paragraph(5, 2000) });
/** Dismissing a proposed entry: the period it was proposed for, and why not. */
export const candidateDismissalSchema = z.strictObject({ period: line(1, 20), entry: z._default(line(0, 40), ""), dismissReason: paragraph(5, 1000) });

// ---------------------------------------------------------------- evaluations

/** A tracking or verification evaluation's decision about a grade. */
export const adjustmentSchema = z.strictObject({
  kind: z.enum(["tracking", "verification"]),
  outcome: z.enum(["kept", "raised", "lowered", "cancelled"]),
  toGrade: z._default(z.union([z.enum(GRADES), z.literal("")]), ""),
  reason: paragraph(5, 1000),
  decidedOn: dateField(),
});

/** The results announcement (评估结果公告) of a round. */
export const announcementSchema = z.strictObject({
  title: line(2, 100),
  documentNo: z._default(z.string().check(z.trim(), z.maxLength(60)), ""),
  announcedOn: dateField(),
});

export const roundSchema = z.strictObject({
  title: line(4, 60),
  year: z.string().check(
    z.trim(),
    z.refine((v) => /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= currentYear() + 1, "year_invalid"),
  ),
});
export const assignSchema = z.record(z.string(), z.string());
export const declarationSchema = z
  .strictObject({
    workedFor: z.enum(["no", "yes"]),
    lastWorkedOn: optionalDate(),
    otherConflict: z._default(paragraph(0, 500), ""),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.workedFor === "yes" && v.lastWorkedOn === "") ctx.addIssue({ code: "custom", message: "date_invalid", path: ["lastWorkedOn"], input: v.lastWorkedOn });
    }),
  );
export const appealSchema = z.strictObject({ content: paragraph(10, 2000) });
export const appealAnswerSchema = z
  .strictObject({
    outcome: z.enum(["upheld", "dismissed"]),
    answer: paragraph(5, 2000),
    revisedTotal: z._default(z.string().check(z.trim()), ""),
    committeeDecidedOn: dateField(),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.outcome === "upheld" && !(v.revisedTotal !== "" && Number.isFinite(Number(v.revisedTotal)) && Number(v.revisedTotal) >= 0)) {
        ctx.addIssue({ code: "custom", message: "score_invalid", path: ["revisedTotal"], input: v.revisedTotal });
      }
    }),
  );
export const objectionHandlingSchema = z.strictObject({
  outcome: z.enum(["upheld", "dismissed"]),
  note: paragraph(2, 1000),
});

// ---------------------------------------------------------------- public

export const directoryQuerySchema = z.object({
  q: z._default(z.string().check(z.trim(), z.maxLength(50)), ""),
  type: z._default(z.string().check(z.maxLength(20)), ""),
  field: z._default(z.union([z.enum(SERVICE_FIELDS), z.literal("")]), ""),
  area: z._default(z.string().check(z.regex(/^(\d{9})?$/)), ""),
  grade: z._default(z.union([z.enum(GRADES), z.literal("expired"), z.literal("none"), z.literal("")]), ""),
  list: z._default(z.union([z.enum(CREDIT_LISTS), z.literal("none"), z.literal("")]), ""),
  filing: z._default(z.union([z.enum(FILING_STATUSES), z.literal("")]), ""),
  page: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 1),
});
export type DirectoryQuery = z.output<typeof directoryQuerySchema>;

/** A page of a public list (credit lists). */
export const listPageQuerySchema = z.object({
  page: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 1),
  q: z._default(z.string().check(z.trim(), z.maxLength(50)), ""),
});
