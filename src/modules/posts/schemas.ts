import * as z from "zod/mini";
import { email, idNumber, isoDate, line, mobilePhone, paragraph } from "../../http/fields";
import { beijingToday } from "../../lib/beijing-time";
import type { PostStatus } from "./tables";

// The vocabulary of the module (identifiers; the labels are in messages.ts) and the
// input schemas of its forms and API, shared by both.

export const HOST_TYPES = ["department", "community", "station", "organization"] as const;
export const POST_KINDS = ["administrative", "professional", "assistant"] as const;
export const EMBEDDING_MODES = ["post_development", "issue_specific", "platform_integration"] as const;
export const FUNDINGS = ["government_purchased", "host_funded"] as const;
export const QUALIFICATIONS = ["none", "assistant", "intermediate", "senior"] as const;
export const POST_STATUSES = ["draft", "open", "filled", "closed"] as const;
export const TRAINING_FORMS = ["centralized", "short_course", "correspondence", "internship", "exchange"] as const;
export const END_REASONS = ["completed", "rotation", "resigned", "other"] as const;
export const GRADES = ["excellent", "competent", "basically_competent", "incompetent"] as const;
export const REWARD_KINDS = ["material", "honour", "promotion"] as const;
export const APPLICATION_STATUSES = ["submitted", "accepted", "declined", "withdrawn"] as const;

/** draft → open → filled → closed; a filled post reopens when a place frees up. */
export const TRANSITIONS: Record<PostStatus, readonly PostStatus[]> = {
  draft: ["open", "closed"],
  open: ["filled", "closed"],
  filled: ["open", "closed"],
  closed: [],
};

/** A statistical area code, or "" for the district level. */
const areaCode = () => z._default(z.string().check(z.trim(), z.regex(/^(\d{9}|\d{12})?$/, "invalid_format")), "");
const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(40));
const version = () => z.coerce.number().check(z.int(), z.gte(1));
const optionalDate = () => z._default(isoDate({ optional: true }), "");
/** Empty form fields and absent JSON fields read as "" for optional text. */
const optionalText = (max: number) => z._default(paragraph(0, max), "");

/** Yuan per month as typed (or sent as a number); empty when the post does not state it. */
const yuanPerMonth = () =>
  z._default(
    z.coerce.string().check(
      z.trim(),
      z.overwrite((v) => v.normalize("NFKC").replace(/[,，\s]/g, "")),
      z.regex(/^(\d{3,6})?$/, "pay_invalid"),
    ),
    "",
  );
/** A 固定电话 with its area code (and extension), or a 400/800 service number. */
const OFFICE_PHONE = /^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|[48]00-?\d{3}-?\d{4})$/;
/**
 * The phone on a public post: the host's office line, published like the host's name.
 * A mobile number belongs to a person, and personal phones never go on public pages.
 */
const officePhone = () =>
  z._default(
    z.string().check(
      z.overwrite((v) =>
        v
          .normalize("NFKC")
          .replace(/[\s()（）]/g, "")
          .replace(/转/g, "-"),
      ),
      z.refine((v) => !/^1\d{10}$/.test(v), "office_phone_mobile"),
      z.refine((v) => v === "" || /^1\d{10}$/.test(v) || OFFICE_PHONE.test(v), "office_phone_invalid"),
    ),
    "",
  );

/** A stated pay range runs upwards; a closing date of a new post is not already past. */
function listingTerms<T extends { payMin: string; payMax: string; closesOn: string }>(options: { newPost: boolean }) {
  return z.superRefine<T>((v, ctx) => {
    if (v.payMin && v.payMax && Number(v.payMax) < Number(v.payMin)) ctx.addIssue({ code: "custom", message: "pay_range_order", path: ["payMax"], input: v.payMax });
    if (options.newPost && v.closesOn && v.closesOn < beijingToday()) ctx.addIssue({ code: "custom", message: "closes_in_past", path: ["closesOn"], input: v.closesOn });
  });
}

export const postFields = {
  title: line(2, 60),
  hostId: id(),
  areaCode: areaCode(),
  kind: z.enum(POST_KINDS),
  mode: z.enum(EMBEDDING_MODES),
  funding: z.enum(FUNDINGS),
  workContent: paragraph(10, 4000),
  responsibilities: paragraph(10, 4000),
  workSteps: paragraph(10, 4000),
  qualification: z.enum(QUALIFICATIONS),
  headcount: z.coerce.number().check(z.int(), z.gte(1), z.lte(200)),
  payMin: yuanPerMonth(),
  payMax: yuanPerMonth(),
  workingHours: z._default(line(0, 60), ""),
  contactPhone: officePhone(),
  closesOn: optionalDate(),
};
export const postInput = z.strictObject(postFields).check(listingTerms({ newPost: true }));
export const postEditInput = z.strictObject({ ...postFields, version: version() }).check(listingTerms({ newPost: false }));
export type PostInput = z.output<typeof postInput>;

export const transitionInput = z.strictObject({ to: z.enum(POST_STATUSES), version: version() });

export const hostInput = z.strictObject({
  hostType: z.enum(HOST_TYPES),
  name: z._default(line(0, 60), ""),
  areaCode: areaCode(),
  organizationId: z._default(z.string().check(z.trim(), z.maxLength(40)), ""),
});

const certificateNo = () => z._default(z.string().check(z.trim(), z.toUpperCase(), z.regex(/^([A-Z0-9-]{6,30})?$/, "invalid_format")), "");

/** Qualification and certificate go together: a certified worker has a number, an uncertified one none. */
function certificateMatchesLevel<T extends { qualification: string; certificateNo: string; qualifiedOn: string }>() {
  return z.superRefine<T>((v, ctx) => {
    if (v.qualifiedOn > beijingToday()) ctx.addIssue({ code: "custom", message: "date_in_future", path: ["qualifiedOn"], input: v.qualifiedOn });
    if (v.qualification !== "none" && v.certificateNo === "") {
      ctx.addIssue({ code: "custom", message: "certificate_required", path: ["certificateNo"], input: v.certificateNo });
    } else if (v.qualification === "none" && v.certificateNo !== "") {
      ctx.addIssue({ code: "custom", message: "certificate_without_level", path: ["certificateNo"], input: v.certificateNo });
    }
  });
}

const workerFields = {
  name: line(2, 30),
  areaCode: areaCode(),
  qualification: z.enum(QUALIFICATIONS),
  certificateNo: certificateNo(),
  /** When the qualification was obtained, for the career path; empty = today. */
  qualifiedOn: z._default(isoDate({ optional: true }), ""),
};
export const workerInput = z.strictObject({ ...workerFields, idNumber: idNumber(), phone: mobilePhone() }).check(certificateMatchesLevel());
/** An edit leaves the ID number and phone as they are unless new ones are typed in. */
export const workerEditInput = z
  .strictObject({
    ...workerFields,
    idNumber: z._default(idNumber({ optional: true }), ""),
    phone: z._default(mobilePhone({ optional: true }), ""),
    version: version(),
  })
  .check(certificateMatchesLevel());
export type WorkerInput = z.output<typeof workerInput>;
export type WorkerEditInput = z.output<typeof workerEditInput>;

export const revealInput = z.strictObject({ field: z.enum(["id_number", "phone"]) });
export const linkAccountInput = z.strictObject({ email: email() });

export const trainingInput = z.strictObject({
  form: z.enum(TRAINING_FORMS),
  title: line(2, 80),
  hours: z.coerce.number().check(z.gt(0), z.lte(2000)),
  provider: line(2, 80),
  heldOn: isoDate(),
});

/** The end, when given, is not before the start. */
function endNotBeforeStart<T extends { startsOn: string; endsOn: string }>() {
  return z.superRefine<T>((v, ctx) => {
    if (v.endsOn !== "" && v.startsOn !== "" && v.endsOn < v.startsOn) {
      ctx.addIssue({ code: "custom", message: "end_before_start", path: ["endsOn"], input: v.endsOn });
    }
  });
}

/** The district admin's reason for placing a worker below the post's required qualification. */
const overrideReason = () => optionalText(500);
export const assignmentInput = z.strictObject({ workerId: id(), startsOn: isoDate(), endsOn: optionalDate(), overrideReason: overrideReason() }).check(endNotBeforeStart());
export const endAssignmentInput = z.strictObject({ endsOn: isoDate(), reason: z.enum(["completed", "resigned", "other"]) });
export const rotationInput = z.strictObject({ postId: id(), startsOn: isoDate(), endsOn: optionalDate(), overrideReason: overrideReason() }).check(endNotBeforeStart());
export const registrationInput = z.strictObject({ registeredOn: isoDate() });

export const applicationInput = z.strictObject({ motivation: paragraph(10, 1000) });
export const decisionInput = z.strictObject({ decision: z.enum(["accept", "decline"]), startsOn: optionalDate(), note: optionalText(500) }).check(
  z.superRefine((v, ctx) => {
    if (v.decision === "accept" && v.startsOn === "") ctx.addIssue({ code: "custom", message: "start_required", path: ["startsOn"], input: v.startsOn });
  }),
);

export const assessmentInput = z.strictObject({
  year: z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)),
  score: z.coerce.number().check(z.gte(0), z.lte(100)),
  grade: z.enum(GRADES),
  assessorName: line(2, 60),
  comments: optionalText(2000),
});

export const rewardInput = z
  .strictObject({
    kind: z.enum(REWARD_KINDS),
    title: line(2, 80),
    awardedOn: isoDate(),
    awardingBody: line(2, 60),
    // Forms send "" for an empty amount; JSON may send a number or leave it out.
    amountYuan: z._default(
      z
        .pipe(
          z.union([z.number(), z.string().check(z.trim())]),
          z.transform((v) => (v === "" ? null : Number(v))),
        )
        .check(z.refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 10_000_000), "amount_invalid")),
      null,
    ),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.kind !== "material" && v.amountYuan !== null) ctx.addIssue({ code: "custom", message: "amount_only_material", path: ["amountYuan"], input: v.amountYuan });
    }),
  );

// Query strings: unknown parameters are ignored, because every page also takes
// ?lang= and ?elder= (src/i18n/locale.ts). The API refuses unknown values of a filter;
// pages read an empty or unknown one as "no filter" (a filter form sends kind=).
export const listPostsQuery = z.object({ status: z.optional(z.enum(POST_STATUSES)) });
export const listWorkersQuery = z.object({ q: z.optional(z.string().check(z.trim(), z.maxLength(30))) });
export const openPostsQuery = z.object({ kind: z.optional(z.enum(POST_KINDS)), mode: z.optional(z.enum(EMBEDDING_MODES)) });

function pageFilter<const T extends readonly string[]>(values: T) {
  return z.optional(
    z.pipe(
      z.string(),
      z.transform((v) => ((values as readonly string[]).includes(v) ? (v as T[number]) : undefined)),
    ),
  );
}
export const postsPageQuery = z.object({ status: pageFilter(POST_STATUSES) });
export const openPostsPageQuery = z.object({ kind: pageFilter(POST_KINDS), mode: pageFilter(EMBEDDING_MODES) });
export const workersPageQuery = z.object({ q: z.optional(z.string().check(z.trim(), z.maxLength(30))) });
