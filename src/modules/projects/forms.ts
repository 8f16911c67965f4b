import * as z from "zod/mini";
import type { FieldError } from "../../http/errors";
import { toFieldErrors } from "../../http/validation";
import type { Locale } from "../../i18n/messages";
import { checkedValues } from "../../ui/form";

// Browser forms of the module. Some inputs are lists (categories, budget lines, the
// team), which a form sends as plain keys (`categoryIds.<id>`, `line3Amount`,
// `team.<id>`); they are gathered into the same shape the JSON API takes and checked
// by the same schema, and errors are named back by the form's fields.

export const LINE_ROWS = 8;

/** Where a schema path shows on the form. */
function formField(path: string): string {
  const line = /^lines\.(\d+)\.(\w+)$/.exec(path);
  if (line) return `line${Number(line[1]) + 1}${line[2] === "amountYuan" ? "Amount" : line[2] === "item" ? "Item" : "Kind"}`;
  if (path.startsWith("team")) return "team";
  if (path.startsWith("categoryIds")) return "categoryIds";
  return path;
}

export function parseForm<S extends z.ZodMiniType>(locale: Locale, schema: S, input: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: FieldError[] } {
  const result = z.safeParse(schema, input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: toFieldErrors(result.error, locale, input).map((e) => ({ ...e, field: formField(e.field) })) };
}

export function callFromForm(values: Record<string, string>) {
  const { _csrf: _ignored, ...rest } = values;
  const plain = Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith("categoryIds.")));
  return { ...plain, categoryIds: checkedValues(rest, "categoryIds") };
}

export function bidFromForm(values: Record<string, string>) {
  const lines = [];
  for (let i = 1; i <= LINE_ROWS; i++) {
    const item = values[`line${i}Item`] ?? "";
    const amount = values[`line${i}Amount`] ?? "";
    if (item.trim() === "" && amount.trim() === "") continue;
    lines.push({ kind: values[`line${i}Kind`] ?? "", item, amountYuan: amount });
  }
  const team = checkedValues(values, "team").map((workerId) => ({ workerId, lead: values.lead === workerId }));
  const pick = (k: string) => values[k] ?? "";
  return {
    title: pick("title"),
    categoryId: pick("categoryId"),
    targetGroup: pick("targetGroup"),
    beneficiaries: pick("beneficiaries") || "0",
    activities: pick("activities"),
    indicators: pick("indicators"),
    communityCode: pick("communityCode"),
    volunteers: pick("volunteers") || "0",
    lines,
    team,
    ...(values.version ? { version: values.version } : {}),
  };
}
