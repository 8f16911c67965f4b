import * as z from "zod/mini";
import { isoDate, line, mobilePhone, paragraph } from "../../http/fields";
import type { FieldError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { receiptOutput } from "../../receipts/receipts";
import { NEED_CATEGORIES, NEED_PRIORITIES, NEED_STATUSES, STAFF_SOURCES } from "./tables";

// Input schemas shared by the module's forms and its JSON API.

const optionalText = (max: number) => z._default(line(0, max), "");
const version = () => z.coerce.number().check(z.int(), z.gte(1));

/** What a resident sends (the photo and the consent are checked beside it). */
export const residentNeedInput = z.object({
  category: z.enum(NEED_CATEGORIES),
  description: paragraph(5, 1000),
  location: optionalText(100),
  name: optionalText(40),
  phone: z._default(mobilePhone({ optional: true }), ""),
  consent: z.optional(z.string()),
});

/** A need staff heard on a visit, at a residents' council, on the phone… */
export const staffNeedInput = z.strictObject({
  communityCode: z.string().check(z.trim(), z.regex(/^\d{12}$/, "invalid_format")),
  source: z.enum(STAFF_SOURCES as unknown as readonly ["grid_worker", ...string[]]),
  category: z.enum(NEED_CATEGORIES),
  description: paragraph(5, 1000),
  location: optionalText(100),
  name: optionalText(40),
  phone: z._default(mobilePhone({ optional: true }), ""),
});

/** An answer; whether it needs a priority or words is checked by answerProblems(). */
export const answerInput = z.strictObject({
  outcome: z.enum(["accepted", "solved", "referred", "declined"]),
  category: z.enum(NEED_CATEGORIES),
  priority: z._default(z.union([z.enum(NEED_PRIORITIES), z.literal("")]), ""),
  answer: z._default(paragraph(0, 1000), ""),
  version: version(),
});
export type AnswerForm = z.output<typeof answerInput>;

/** Accepting needs a priority; every other answer needs words the resident will read. */
export function answerProblems(v: AnswerForm, l: Locale): FieldError[] {
  const errors: FieldError[] = [];
  if (v.outcome === "accepted" && v.priority === "") errors.push({ field: "priority", code: "required", message: t(l, "linkage.answer.priorityRequired") });
  if (v.outcome !== "accepted" && v.answer === "") errors.push({ field: "answer", code: "required", message: t(l, "linkage.answer.textRequired") });
  return errors;
}

export const mergeInput = z.strictObject({ target: z.string().check(z.trim(), z.minLength(1), z.maxLength(12)), version: version() });

export const needListQuery = z.object({
  status: z.optional(z.enum([...NEED_STATUSES, "open", "overdue"])),
  community: z.optional(z.string().check(z.regex(/^\d{12}$/))),
});

export const needOutput = z.object({
  id: z.string(),
  receiptCode: z.string(),
  communityCode: z.string(),
  category: z.enum(NEED_CATEGORIES),
  source: z.string(),
  status: z.enum(NEED_STATUSES),
  priority: z.nullable(z.enum(NEED_PRIORITIES)),
  answer: z.string(),
  mergedInto: z.nullable(z.string()),
  dueOn: z.string(),
  overdue: z.boolean(),
  receivedAt: z.string(),
  answeredAt: z.nullable(z.string()),
  version: z.number(),
});

export const publicStatusOutput = z.object({
  receiptCode: z.string(),
  receipt: receiptOutput,
  communityCode: z.string(),
  category: z.enum(NEED_CATEGORIES),
  receivedAt: z.string(),
  status: z.enum(NEED_STATUSES),
  merged: z.boolean(),
  statusText: z.string(),
  priority: z.nullable(z.enum(NEED_PRIORITIES)),
  answer: z.string(),
  dueOn: z.string(),
  answeredAt: z.nullable(z.string()),
});

const date = () => isoDate();

/** A meeting as the form sends it: participants as one text field per society. */
export const meetingInput = z.strictObject({
  areaCode: z._default(z.string().check(z.trim(), z.regex(/^(\d{9}|\d{12})?$/, "invalid_format")), ""),
  title: line(2, 100),
  heldOn: date(),
  place: optionalText(100),
  agenda: paragraph(2, 4000),
  minutes: z._default(paragraph(0, 20000), ""),
  decisions: z._default(paragraph(0, 8000), ""),
  publicSummary: z._default(paragraph(0, 4000), ""),
  committee: z._default(paragraph(0, 2000), ""),
  organization: z._default(paragraph(0, 2000), ""),
  social_worker: z._default(paragraph(0, 2000), ""),
  resident: z._default(paragraph(0, 2000), ""),
  government: z._default(paragraph(0, 2000), ""),
});

export const meetingUpdateInput = z.strictObject({
  minutes: z._default(paragraph(0, 20000), ""),
  decisions: z._default(paragraph(0, 8000), ""),
  publicSummary: z._default(paragraph(0, 4000), ""),
  published: z._default(z.enum(["0", "1"]), "0"),
  version: version(),
});

export const actionInput = z.strictObject({
  title: line(2, 200),
  ownerKind: z.enum(["person", "organization"]),
  ownerName: line(1, 100),
  dueOn: date(),
  needReceipt: optionalText(12),
  contractId: optionalText(40),
});

/** The action form in the browser: with the words its contract search looks for. */
export const actionForm = z.extend(actionInput, { contractQuery: optionalText(100), find: z.optional(z.literal("1")) });

export const actionDoneInput = z.strictObject({ doneOn: date(), note: z._default(paragraph(0, 2000), ""), version: version() });
