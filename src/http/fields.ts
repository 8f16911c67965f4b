import * as z from "zod/mini";
import { isValidUscc } from "../lib/uscc";

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

export const email = () =>
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "invalid_email"));

/** A new password: 10-128 characters with at least one letter and one digit. */
export const newPassword = () =>
  z.string().check(
    z.minLength(10),
    z.maxLength(128),
    z.refine((v) => /\p{L}/u.test(v) && /\d/.test(v), "weak_password"),
  );

/** A password being checked: only bounded, so that a long input cannot cost hashing time. */
export const givenPassword = () => z.string().check(z.minLength(1), z.maxLength(128));

export const uscc = () =>
  z.string().check(z.trim(), z.toUpperCase(), z.refine(isValidUscc, "uscc_invalid"));
