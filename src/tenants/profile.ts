import * as z from "zod/mini";
import { line } from "../http/fields";

// A district's public profile beyond its names: how residents and organizations reach
// the civil affairs bureau, and the short text the pages show as its mark. It is the
// bureau's public information, never a person's.

const optionalEmail = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.maxLength(254),
  z.refine((v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "invalid_email"),
);

// Office numbers as printed: 0472-1234567, (0472) 123 4567, +86 472 1234567.
const officePhone = z.string().check(z.trim(), z.maxLength(30), z.regex(/^[0-9+()\- ]*$/, "invalid_format"));

export const profileSchema = z.strictObject({
  address: z._default(line(0, 120), ""),
  phone: z._default(officePhone, ""),
  email: z._default(optionalEmail, ""),
  logoText: z._default(line(0, 20), ""),
});

export type DistrictProfile = z.output<typeof profileSchema>;

export const EMPTY_PROFILE: DistrictProfile = z.parse(profileSchema, {});
