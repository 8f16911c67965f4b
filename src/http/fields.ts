import * as z from "zod/mini";
import { isValidIdNumber, isValidMobile, normalizeMobile } from "../lib/id-number";
import { normalizeName } from "../lib/names";
import { beijingToday } from "../lib/beijing-time";
import { isValidUscc } from "../lib/uscc";
import { normalizeDateText } from "../lib/date-text";

// The building blocks of every input schema, so that all text is trimmed, normalized,
// bounded and free of control characters in one way everywhere. Messages here are
// keys of the "field." group in src/i18n/messages.ts.

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_SINGLE_LINE = /[\u0000-\u001f\u007f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One line of text, trimmed, NFC-normalized, min..max characters. */
export function line(min: number, max: number) {
  return z.string().check(
    z.trim(),
    z.normalize("NFC"),
    z.minLength(min),
    z.maxLength(max),
    z.refine((v) => !CONTROL_CHARS_SINGLE_LINE.test(v), "control_chars"),
  );
}

/** Several lines (a description, a comment). */
export function paragraph(min: number, max: number) {
  return z.string().check(
    z.trim(),
    z.normalize("NFC"),
    z.minLength(min),
    z.maxLength(max),
    z.refine((v) => !CONTROL_CHARS_MULTI_LINE.test(v), "control_chars"),
  );
}

/** An organization's name: one line, stored in its normalised form (src/lib/names.ts). */
export function organizationName(min: number, max: number) {
  return z.string().check(
    z.overwrite(normalizeName),
    z.minLength(min),
    z.maxLength(max),
    z.refine((v) => !CONTROL_CHARS_SINGLE_LINE.test(v), "control_chars"),
  );
}

export const email = () => z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "invalid_email"));

/** A new password: 10-128 characters with at least one letter and one digit. */
export const newPassword = () =>
  z.string().check(
    z.minLength(10),
    z.maxLength(128),
    z.refine((v) => /\p{L}/u.test(v) && /\d/.test(v), "weak_password"),
  );

/** A password being checked: only bounded, so that a long input cannot cost hashing time. */
export const givenPassword = () => z.string().check(z.minLength(1), z.maxLength(128));

export const uscc = () => z.string().check(z.trim(), z.toUpperCase(), z.refine(isValidUscc, "uscc_invalid"));

/** 居民身份证号码: 18 characters, real birth date, GB 11643 check character. `optional`: "" passes. */
export const idNumber = (options: { optional?: boolean } = {}) =>
  z.string().check(
    z.trim(),
    z.toUpperCase(),
    z.refine((v) => (options.optional && v === "") || isValidIdNumber(v, beijingToday()), "id_number_invalid"),
  );

/** A mainland mobile number, stored as its 11 digits. `optional`: "" passes. */
export const mobilePhone = (options: { optional?: boolean } = {}) =>
  z.string().check(
    z.overwrite(normalizeMobile),
    z.refine((v) => (options.optional && v === "") || isValidMobile(v), "phone_invalid"),
  );

export function isIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v && v >= "1950-01-01" && v <= "2100-12-31";
}

/** A calendar date, stored YYYY-MM-DD (what <input type="date"> sends); typed Chinese forms are accepted (src/lib/date-text.ts). `optional`: "" passes. */
export const isoDate = (options: { optional?: boolean } = {}) =>
  z.string().check(
    z.overwrite((v) => normalizeDateText(v, beijingToday())),
    z.refine((v) => (options.optional && v === "") || isIsoDate(v), "date_invalid"),
  );
