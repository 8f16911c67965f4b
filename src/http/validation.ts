import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { isMessageKey, t, type Locale, type MessageKey } from "../i18n/messages";
import { AppError, validationFailed, type FieldError } from "./errors";

// Reading and checking request input. JSON bodies go through readJson, browser forms
// through readForm; both apply a zod schema and report problems field by field in
// the user's language. Nothing downstream ever sees unchecked input.

const typeNames: Record<string, MessageKey> = {
  string: "type.string",
  number: "type.number",
  int: "type.number",
  boolean: "type.boolean",
  object: "type.object",
  array: "type.array",
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

export function issueMessage(issue: z.core.$ZodIssue, locale: Locale, input: unknown): { code: string; message: string } {
  const value = valueAt(input, issue.path);
  // Empty and missing read the same to a person: "this field is required".
  if ((value === undefined || (typeof value === "string" && value.trim() === "")) && issue.code !== "unrecognized_keys" && issue.code !== "custom") {
    return { code: "required", message: t(locale, "field.required") };
  }
  switch (issue.code) {
    case "invalid_type": {
      const expected = typeNames[issue.expected] ?? "type.string";
      return { code: "invalid_type", message: t(locale, "field.invalid_type", { expected: t(locale, expected) }) };
    }
    case "too_small":
      if (issue.origin === "string") {
        const min = Number(issue.minimum);
        return min <= 1 ? { code: "required", message: t(locale, "field.required") } : { code: "too_short", message: t(locale, "field.too_short", { min }) };
      }
      return { code: "too_small", message: t(locale, "field.too_small", { min: Number(issue.minimum) }) };
    case "too_big":
      return issue.origin === "string" ? { code: "too_long", message: t(locale, "field.too_long", { max: Number(issue.maximum) }) } : { code: "too_big", message: t(locale, "field.too_big", { max: Number(issue.maximum) }) };
    case "invalid_value":
      return { code: "invalid_choice", message: t(locale, "field.invalid_choice") };
    case "unrecognized_keys":
      return { code: "unknown_field", message: t(locale, "field.unknown_field", { keys: issue.keys.join(", ") }) };
    default: {
      // Our own checks carry a message key of the "field." group.
      const key = `field.${issue.message}`;
      if (isMessageKey(key)) return { code: issue.message, message: t(locale, key) };
      return { code: "invalid_format", message: t(locale, "field.invalid_format") };
    }
  }
}

/** One message per field (the first problem found), so a form says one thing per input. */
export function toFieldErrors(error: z.core.$ZodError, locale: Locale, input: unknown): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "(body)";
    if (!byField.has(field)) byField.set(field, { field, ...issueMessage(issue, locale, input) });
  }
  return [...byField.values()];
}

function mediaType(c: Context<AppEnv>): string {
  return (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Decodes a body as strict UTF-8: invalid bytes are refused, never replaced. */
async function utf8Body(c: Context<AppEnv>): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError({ status: 400, code: "invalid_encoding", message: "error.invalid_encoding" });
  }
}

/** Parses and validates a JSON request body. Throws a problem the error handler renders. */
export async function readJson<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const type = mediaType(c);
  if (type !== "application/json") {
    throw new AppError({ status: 415, code: "unsupported_media_type", message: "error.unsupported_media_type", params: { type: type || "(none)" } });
  }
  const text = await utf8Body(c);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError({ status: 400, code: "malformed_json", message: "error.malformed_json" });
  }
  return parsed(schema, body, c.var.locale);
}

/**
 * A route's own query parameters. The language and elder-mode switches ride on every
 * page's links (src/i18n/locale.ts), so they are taken out before a route's own schema.
 */
export function ownQuery(c: Context<AppEnv>): Record<string, string> {
  const { lang: _lang, elder: _elder, ...query } = c.req.query();
  return query;
}

/** Validates query-string parameters. */
/** A page number from 1, as paged lists and files read it. */
export const pageNumber = z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100_000)), 1);

export function readQuery<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S): z.output<S> {
  return parsed(schema, ownQuery(c), c.var.locale);
}

/** `value` as `schema` reads it, or a 422 whose errors name the fields. */
export function parsed<S extends z.ZodMiniType>(schema: S, value: unknown, locale: Locale): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationFailed(toFieldErrors(result.error, locale, value));
  return result.data;
}

export type FormResult<T> = { ok: true; data: T; values: Record<string, string> } | { ok: false; errors: FieldError[]; values: Record<string, string> };

/**
 * Parses a browser form (urlencoded or multipart). Invalid input is returned, not
 * thrown, so the page can show the form again with the user's values and the errors
 * beside each field. The CSRF field and the one-time submission token are handled
 * earlier (src/http/csrf.ts, src/http/submissions.ts) and are not part of the data.
 */
export async function readForm<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S): Promise<FormResult<z.output<S>>> {
  const type = mediaType(c);
  let values: Record<string, string> = {};
  if (type === "application/x-www-form-urlencoded") {
    const text = await utf8Body(c);
    values = Object.fromEntries(new URLSearchParams(text));
  } else if (type === "multipart/form-data") {
    const body = await c.req.parseBody();
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") values[k] = v;
  } else {
    throw new AppError({ status: 415, code: "unsupported_media_type", message: "error.unsupported_media_type", params: { type: type || "(none)" } });
  }
  const { _csrf: _ignored, _once: _alsoIgnored, ...fields } = values;
  const result = z.safeParse(schema, fields);
  if (!result.success) return { ok: false, errors: toFieldErrors(result.error, c.var.locale, fields), values: fields };
  return { ok: true, data: result.data, values: fields };
}
