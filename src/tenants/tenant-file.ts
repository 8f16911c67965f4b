import * as z from "zod/mini";
import { issueMessage } from "../http/validation";
import { isMessageKey } from "../i18n/messages";
import { EMPTY_PROFILE, profileSchema } from "./profile";
import { DEFAULT_SETTINGS, modulesSchema, settingsSchema } from "./settings";

// The declarative description of one district: the file format of tenants/*.json.
// `npm run tenants:apply` validates each file with this schema and upserts it.

const areaName = z.string().check(z.trim(), z.minLength(1), z.maxLength(60));

const communitySchema = z.strictObject({
  code: z.string().check(z.regex(/^\d{12}$/, "12-digit statistical code")),
  name: areaName,
  nameEn: z.optional(z.string().check(z.maxLength(120))),
  kind: z._default(z.enum(["社区", "村"]), "社区"),
});

const subdistrictSchema = z.strictObject({
  code: z.string().check(z.regex(/^\d{9}$/, "9-digit statistical code")),
  name: areaName,
  nameEn: z.optional(z.string().check(z.maxLength(120))),
  kind: z._default(z.enum(["街道", "镇", "乡"]), "街道"),
  communities: z._default(z.array(communitySchema), []),
});

const hostnameSchema = z.string().check(z.trim(), z.toLowerCase(), z.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, "hostname"));

export const tenantFileSchema = z
  .strictObject({
    code: z.string().check(z.regex(/^\d{6}$/, "6-digit division code")),
    name: z.strictObject({
      zh: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
      en: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
    }),
    parentName: z._default(z.strictObject({ zh: z.string(), en: z.string() }), { zh: "", en: "" }),
    status: z._default(z.enum(["onboarding", "active", "suspended"]), "active"),
    shard: z.string().check(z.regex(/^DISTRICTS_\d+$/, "a shard binding such as DISTRICTS_0")),
    hostnames: z._default(z.array(hostnameSchema), []),
    modules: z._default(modulesSchema, ["incubation", "posts", "disclosure", "projects", "linkage"]),
    settings: z._default(settingsSchema, DEFAULT_SETTINGS),
    profile: z._default(profileSchema, EMPTY_PROFILE),
    subdistricts: z._default(z.array(subdistrictSchema), []),
  })
  .check(
    z.superRefine((t, ctx) => {
      const seen = new Set<string>();
      t.subdistricts.forEach((s, i) => {
        if (!s.code.startsWith(t.code)) ctx.addIssue({ code: "custom", message: `must start with the district code ${t.code}`, path: ["subdistricts", i, "code"], input: s.code });
        if (seen.has(s.code)) ctx.addIssue({ code: "custom", message: "duplicate code", path: ["subdistricts", i, "code"], input: s.code });
        seen.add(s.code);
        s.communities.forEach((c, j) => {
          if (!c.code.startsWith(s.code)) ctx.addIssue({ code: "custom", message: `must start with its sub-district code ${s.code}`, path: ["subdistricts", i, "communities", j, "code"], input: c.code });
          if (seen.has(c.code)) ctx.addIssue({ code: "custom", message: "duplicate code", path: ["subdistricts", i, "communities", j, "code"], input: c.code });
          seen.add(c.code);
        });
      });
    }),
  );

export type TenantFile = z.output<typeof tenantFileSchema>;

/**
 * Validation problems as "file: path: message" lines, for people fixing a file by
 * hand. The schema's own texts (such as "6-digit division code") are kept; zod's
 * generic ones are replaced by the English field messages the API uses.
 */
export function describeTenantErrors(fileName: string, error: z.core.$ZodError, input: unknown): string {
  return error.issues
    .map((issue) => {
      const own = issue.message && !issue.message.startsWith("Invalid") && !isMessageKey(`field.${issue.message}`);
      const message = own ? issue.message : issueMessage(issue, "en", input).message;
      return `${fileName}: ${issue.path.length ? issue.path.join(".") : "(file)"}: ${message}`;
    })
    .join("\n");
}
