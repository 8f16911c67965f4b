import * as z from "zod/mini";
import { line, paragraph } from "../http/fields";

// JSON bodies of the engine's API, the same for every subject kind. A declaration's
// body is the kind's own (SubjectKind.canScore.declaration).

const id = z.string().check(z.minLength(1), z.maxLength(64));

export const scoresSchema = z.strictObject({
  scores: z.array(z.strictObject({ itemId: id, score: z.number(), comment: z._default(paragraph(0, 1000), "") })).check(z.maxLength(30)),
  submit: z._default(z.boolean(), false),
});

export const moveSchema = z.strictObject({ reviewerId: id });

/** Any JSON object: the subject kind validates it against its own declaration. */
export const declarationBodySchema = z.record(z.string(), z.unknown());

export const objectionSchema = z.strictObject({
  subjectId: z._default(z.string().check(z.maxLength(64)), ""),
  name: line(1, 40),
  contact: line(5, 100),
  content: paragraph(5, 3000),
});

export const handleObjectionSchema = z.strictObject({ upheld: z.boolean(), note: paragraph(1, 2000) });

/** The objection form on a notice's page. */
export const noticeObjectionFormSchema = z.strictObject({
  subjectId: z._default(z.string().check(z.maxLength(40)), ""),
  name: line(1, 40),
  contact: line(5, 60),
  content: paragraph(5, 2000),
});

/** No conflict, or a conflict with its reason (then required). */
export const conflictDeclaration = z.strictObject({ conflicted: z.boolean(), reason: z._default(paragraph(0, 500), "") }).check(
  z.superRefine((v, ctx) => {
    if (v.conflicted && !v.reason) ctx.addIssue({ code: "custom", message: "required", path: ["reason"], input: v.reason });
  }),
);
