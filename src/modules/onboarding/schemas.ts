import * as z from "zod/mini";
import { email, line, newPassword } from "../../http/fields";
import { profileSchema } from "../../tenants/profile";
import { modulesSchema, settingsSchema } from "../../tenants/settings";
import { COMMUNITY_KINDS, SUBDISTRICT_KINDS } from "./areas-csv";
import { INVITABLE_ROLES } from "./tables";

// Inputs of the onboarding and administration pages and API.

/** The registry row's version the form was rendered from (optimistic concurrency). */
const version = z.coerce.number().check(z.int(), z.gte(0));

export const profileFormSchema = z.strictObject({
  version,
  nameZh: line(1, 60),
  nameEn: line(1, 120),
  parentNameZh: line(0, 60),
  parentNameEn: line(0, 120),
  ...profileSchema.shape,
});

export const subdistrictFormSchema = z.strictObject({
  code: z.string().check(z.trim(), z.regex(/^\d{9}$/, "area_code_format")),
  name: line(1, 60),
  kind: z.enum(SUBDISTRICT_KINDS),
  nameEn: z._default(line(0, 120), ""),
});

export const communityFormSchema = z.strictObject({
  parent: z.string().check(z.trim(), z.regex(/^\d{9}$/, "area_parent_missing")),
  code: z.string().check(z.trim(), z.regex(/^\d{12}$/, "area_code_format")),
  name: line(1, 60),
  kind: z.enum(COMMUNITY_KINDS),
  nameEn: z._default(line(0, 120), ""),
});

export const areaEditSchema = z.strictObject({
  name: line(1, 60),
  kind: z.string().check(z.maxLength(4)),
  nameEn: z._default(line(0, 120), ""),
  population: z._default(z.string().check(z.maxLength(20)), ""),
});

/** The language an invitation is written in: the invitee has none on file yet. */
const invitationLocale = z._default(z.enum(["zh-CN", "en"]), "zh-CN");

export const inviteSchema = z.strictObject({
  email: email(),
  role: z.enum(INVITABLE_ROLES),
  scope: z._default(z.string().check(z.trim(), z.regex(/^(\d{9}|\d{12})?$/, "scope_required")), ""),
  locale: invitationLocale,
});

export const acceptSchema = z.strictObject({
  displayName: line(1, 40),
  password: newPassword(),
});

/** Checkbox forms and the settings form arrive as loose key-value pairs; checked in code. */
export const looseForm = z.record(z.string(), z.string());

export const settingsBodySchema = z.strictObject({ version, settings: settingsSchema });
export const modulesBodySchema = z.strictObject({
  version,
  modules: modulesSchema.check(z.minLength(1, "modules_required")),
});

// ----- operator console -----

// Province-level prefixes of the national division codes (GB/T 2260).
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);

/** A county-level code: six digits, a real province prefix, and not a city's own code (…00). */
export function isCountyCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCES.has(Number(code.slice(0, 2))) && code.slice(2, 4) !== "00" && code.slice(4) !== "00";
}

export const createDistrictSchema = z.strictObject({
  code: z.string().check(z.trim(), z.refine(isCountyCode, "code_format")),
  nameZh: line(1, 60),
  nameEn: line(1, 120),
  parentNameZh: z._default(line(0, 60), ""),
  parentNameEn: z._default(line(0, 120), ""),
  hostnames: z._default(z.string().check(z.maxLength(2000)), ""),
  shard: z._default(z.string().check(z.maxLength(40)), "auto"),
});

export const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const reasonSchema = z.strictObject({ reason: line(2, 200) });
export const operatorInviteSchema = z.strictObject({ email: email(), locale: invitationLocale });
export const deleteSchema = z.strictObject({ confirm: z._default(z.string().check(z.trim(), z.maxLength(20)), "") });

/** The confirmation of a previewed hierarchy import: the stored file and the plan shown. */
export const importConfirmSchema = z.strictObject({
  upload: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, "invalid_format")),
  digest: z.string().check(z.regex(/^[0-9a-f]{8}$/, "invalid_format")),
});
