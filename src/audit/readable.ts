import type { DistrictData } from "../data/district-data";
import { isMessageKey, type Locale, t } from "../i18n/messages";

// An audit event as a person reads it: the record by its name, and the summary as
// labelled fields with labelled values. The stored summary (and the API) keep every
// detail; a field with no label yet, or an id of a record no name is known for, is left
// out of the page rather than shown as a code.

const ID = /^[0-9a-z]{9}[0-9a-f]{16}$/;
const AREA_CODE = /^\d{6,12}$/;

interface Summary {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  note?: string;
}

interface Event {
  target_type: string;
  target_id: string | null;
  summary: unknown;
}

/** Where a coded value's label lives, by the summary field it is in. */
const CODE_PREFIXES: Record<string, string[]> = {
  role: ["role."],
  modules: ["module."],
  step: ["onboarding.step."],
  list: ["disclosure.list."],
  qualification: ["posts.qualification."],
  field: ["audit.field."],
  fields: ["audit.field."],
  changed: ["audit.field."],
  orgType: ["disclosure.orgType."],
  subtype: ["disclosure.subtype."],
  associationSubtype: ["disclosure.subtype."],
  kind: ["disclosure.kind.", "disclosure.credit.request.", "disclosure.adjust.kind.", "posts.kind."],
};

const CODE = /^[a-z]+(_[a-z]+)*$/;

/** Where a status's label lives, by the kind of record. */
const STATUS_PREFIXES: Record<string, string> = {
  application: "inc.status.",
  incubation: "inc.incubation.status.",
  post: "posts.status.",
  district: "platform.status.",
  user: "staff.status.",
  linkage_need: "linkage.status.",
  linkage_action: "linkage.status.",
  evaluation: "disclosure.eval.status.",
  organization: "disclosure.registration.status.",
  project_bid: "projects.bidStatus.",
  project_call: "projects.callStatus.",
};

function visit(value: unknown, found: (s: string) => void): void {
  if (typeof value === "string") found(value);
  else if (value && typeof value === "object") for (const v of Object.values(value)) visit(v, found);
}

/** The names of the people, organizations, notices and areas the events refer to, by id or area code. */
export async function recordNames(data: DistrictData, l: Locale, events: readonly Event[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  const codes = new Set<string>();
  const collect = (s: string) => {
    if (ID.test(s)) ids.add(s);
    else if (AREA_CODE.test(s)) codes.add(s);
  };
  for (const e of events) {
    if (e.target_id) collect(e.target_id);
    visit(e.summary, collect);
  }
  const names = new Map<string, string>();
  const idList = [...ids];
  const codeList = [...codes];
  for (let i = 0; i < idList.length; i += 90) {
    const chunk = idList.slice(i, i + 90);
    const [users, orgs, notices] = await Promise.all([
      data.selectFrom("users").select(["id", "display_name as name"]).where("id", "in", chunk).execute(),
      data.selectFrom("organizations").select(["id", "name"]).where("id", "in", chunk).execute(),
      data.selectFrom("public_notices").select(["id", "title as name"]).where("id", "in", chunk).execute(),
    ]);
    for (const r of [...users, ...orgs, ...notices]) names.set(r.id, r.name);
  }
  for (let i = 0; i < codeList.length; i += 90) {
    const rows = await data
      .selectFrom("areas")
      .select(["code", "name_zh", "name_en"])
      .where("code", "in", codeList.slice(i, i + 90))
      .execute();
    for (const r of rows) names.set(r.code, l === "en" ? r.name_en || r.name_zh : r.name_zh);
  }
  return names;
}

function label(l: Locale, prefixes: readonly string[], code: string): string | null {
  for (const p of prefixes) {
    const key = p + code;
    if (isMessageKey(key)) return t(l, key);
  }
  return null;
}

function valueText(l: Locale, targetType: string, key: string, v: unknown, names: Map<string, string>): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "boolean") return t(l, v ? "audit.yes" : "audit.no");
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    if (ID.test(v)) return names.get(v) ?? null;
    if (AREA_CODE.test(v) && names.has(v)) return names.get(v)!;
    const prefixes = CODE_PREFIXES[key] ?? (key === "status" && STATUS_PREFIXES[targetType] ? [STATUS_PREFIXES[targetType]] : null);
    const coded = prefixes ? label(l, prefixes, v) : null;
    return coded ?? (CODE.test(v) ? null : v);
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => valueText(l, targetType, key, x, names)).filter((x) => x !== null);
    return parts.length ? parts.join("、") : null;
  }
  if (typeof v === "object") return fieldsText(l, targetType, v as Record<string, unknown>, {}, names) || null;
  return null;
}

function fieldsText(l: Locale, targetType: string, after: Record<string, unknown>, before: Record<string, unknown>, names: Map<string, string>): string {
  const parts: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const labelKey = `audit.field.${key}`;
    if (!isMessageKey(labelKey)) continue;
    const now = valueText(l, targetType, key, after[key], names);
    const was = key in before ? valueText(l, targetType, key, before[key], names) : null;
    const text = was !== null && key in after && was !== now ? `${was} → ${now ?? "—"}` : (now ?? was);
    if (text) parts.push(`${t(l, labelKey)}: ${text}`);
  }
  return parts.join(l === "en" ? "; " : "；");
}

/** The event's summary as labelled fields, with names for ids and labels for codes. */
export function summaryText(l: Locale, e: Event, names: Map<string, string>): string {
  const s = (e.summary ?? {}) as Summary;
  const text = fieldsText(l, e.target_type, s.after ?? {}, s.before ?? {}, names);
  const note = s.note ? `${t(l, "audit.field.note")}: ${s.note}` : "";
  return [text, note].filter(Boolean).join(l === "en" ? "; " : "；");
}

/** The record an event was done to: its kind, and its name where one is known. */
export function targetText(l: Locale, e: Event, names: Map<string, string>): string {
  const kind = label(l, ["audit.targetType."], e.target_type) ?? t(l, "audit.record");
  const name = e.target_id ? names.get(e.target_id) : undefined;
  return name ? `${kind}: ${name}` : kind;
}
