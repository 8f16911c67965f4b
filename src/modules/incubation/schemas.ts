import * as z from "zod/mini";
import { isoDate as date, line, paragraph } from "../../http/fields";
import { conflictDeclaration, rubricItemsSchema } from "../../review";
import { PARK_SERVICES } from "./tables";

const isoInstant = z.string().check(z.refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), "invalid_format"));
const isoDate = date();
const id = z.string().check(z.minLength(1), z.maxLength(64));
const version = z.int().check(z.gte(1));

export const parkSchema = z.strictObject({
  name: line(2, 80),
  level: z.enum(["district", "subdistrict", "community"]),
  areaCode: z.nullable(z.string().check(z.regex(/^\d{9}(\d{3})?$/, "invalid_format"))),
  operatorName: line(2, 80),
  address: line(2, 120),
  description: z._default(paragraph(0, 2000), ""),
  services: z.array(z.enum(PARK_SERVICES)).check(z.minLength(1)),
  physical: z.boolean(),
  virtual: z.boolean(),
});

export const parkUpdateSchema = z.strictObject({
  name: line(2, 80),
  operatorName: line(2, 80),
  address: line(2, 120),
  description: z._default(paragraph(0, 2000), ""),
  services: z.array(z.enum(PARK_SERVICES)).check(z.minLength(1)),
  physical: z.boolean(),
  virtual: z.boolean(),
  version,
});

export const spaceUpdateSchema = z.strictObject({
  status: z.enum(["available", "occupied", "maintenance"]),
  capacity: z.optional(z.int().check(z.gte(1), z.lte(500))),
});

export const spaceSchema = z.strictObject({
  kind: z.enum(["workstation", "office", "meeting_room"]),
  label: line(1, 40),
  capacity: z.int().check(z.gte(1), z.lte(500)),
});

export const materialSchema = z.strictObject({
  key: z.string().check(z.regex(/^[a-z][a-z0-9_]{1,30}$/, "invalid_format")),
  label: line(1, 60),
  required: z.boolean(),
});

export const callSchema = z
  .strictObject({
    parkId: id,
    title: line(2, 100),
    opensAt: isoInstant,
    closesAt: isoInstant,
    places: z.int().check(z.gte(1), z.lte(500)),
    eligibilityText: paragraph(1, 3000),
    materials: z.array(materialSchema).check(z.maxLength(20)),
    rubric: rubricItemsSchema,
    reviewerIds: z.array(id).check(z.maxLength(30)),
    noticeWorkingDays: z.optional(z.int().check(z.gte(1), z.lte(30))),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (Date.parse(v.closesAt) <= Date.parse(v.opensAt)) ctx.addIssue({ code: "custom", message: "closes_before_opens", path: ["closesAt"], input: v.closesAt });
    }),
  );

export const rubricUpdateSchema = z.strictObject({ rubric: rubricItemsSchema });

const founderSchema = z.strictObject({ name: line(1, 40), role: z._default(line(0, 40), "") });

/** A draft may be incomplete; limits still apply so nothing oversized is stored. */
export const draftSchema = z.strictObject({
  orgIntro: z._default(paragraph(0, 2000), ""),
  plan: z._default(paragraph(0, 3000), ""),
  needs: z._default(z.array(z.enum(PARK_SERVICES)), []),
  teamSize: z._default(z.nullable(z.int().check(z.gte(1), z.lte(1000))), null),
  founders: z._default(z.array(founderSchema).check(z.maxLength(30)), []),
  foundersSigned: z._default(z.boolean(), false),
});
export type ApplicationForm = z.output<typeof draftSchema>;

/** What a submission must contain. */
export const completeSchema = z.strictObject({
  orgIntro: paragraph(20, 2000),
  plan: paragraph(20, 3000),
  needs: z.array(z.enum(PARK_SERVICES)).check(z.minLength(1)),
  teamSize: z.int().check(z.gte(1), z.lte(1000)),
  founders: z.array(founderSchema).check(z.maxLength(30)),
  foundersSigned: z.boolean(),
});

export const submitSchema = z.strictObject({ version, confirm: z.literal(true) });
export const versionOnlySchema = z.strictObject({ version });

export const eligibilitySchema = z.strictObject({
  outcome: z.enum(["pass", "return", "reject"]),
  reasons: paragraph(1, 2000),
  version,
});

export const decisionSchema = z.strictObject({
  outcome: z.enum(["admit", "reject"]),
  reasons: paragraph(1, 2000),
  version,
});

export const assignSchema = z.strictObject({ reviewerIds: z.array(id).check(z.minLength(1), z.maxLength(30)) });

/** The reviewer's conflict declaration, as every kind of the review engine asks it. */
export const declarationSchema = conflictDeclaration;

export const noticeSchema = z.strictObject({
  title: z.optional(line(2, 100)),
  body: z._default(paragraph(0, 3000), ""),
  startsAt: z.optional(isoInstant),
});

export const allocateSchema = z.strictObject({ spaceId: z.nullable(id), version });
export const serviceRecordSchema = z.strictObject({
  service: z.enum(PARK_SERVICES),
  onDate: isoDate,
  description: paragraph(1, 1000),
  provider: z._default(line(0, 80), ""),
});
export const milestoneSchema = z.strictObject({
  milestone: z.enum(["registered", "first_project", "first_grant", "other"]),
  onDate: isoDate,
  note: z._default(paragraph(0, 500), ""),
});
/** Staff record the outcome of an exit assessment once its panel has scored; the score is the panel's mean. */
export const exitSchema = z.strictObject({
  outcome: z.enum(["graduated", "extended", "eliminated"]),
  reasons: paragraph(1, 2000),
  version,
});

/** The panel that scores an exit assessment (评审小组); its size is checked with its own message. */
export const exitPanelSchema = z.strictObject({
  reviewerIds: z.array(id).check(z.maxLength(9)),
  version,
});

export const registrationDecisionSchema = z.strictObject({
  decision: z.enum(["extend", "end"]),
  dueOn: z.optional(isoDate),
  reasons: paragraph(1, 2000),
  version,
});
