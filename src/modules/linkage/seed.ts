import { type CompiledQuery, sql } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { addDays, addWorkingDays, beijingToday, workingDaysBetween } from "../../lib/beijing-time";
import { lookupHash, protect } from "../../lib/personal-data";
import type { ModuleSeed } from "../../seed/demo";
import { DEMO_NEEDS } from "./seed-data";

// Demo data of the linkage module, from seed-data.ts. Idempotent: fixed ids, existing
// rows left alone.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

export const linkageSeed: ModuleSeed = async (district, ctx) => {
  const needs = DEMO_NEEDS[district.code] ?? [];
  const d = district.code;
  const id = (key: string) => `demo-${d}-need-${key}`;
  const today = beijingToday(Date.parse(ctx.now));
  const staff = ctx.personId("shequ");
  const answerDays = 5;
  const out: CompiledQuery[] = [];
  for (const n of needs) {
    const received = `${addDays(today, -n.daysAgo)}T02:30:00.000Z`;
    const answered = n.answeredAfterDays !== undefined ? `${addDays(today, -n.daysAgo + n.answeredAfterDays)}T06:00:00.000Z` : n.status === "merged" ? received : null;
    const overdue = n.status === "received" && workingDaysBetween(received.slice(0, 10), today) > answerDays ? 1 : 0;
    const row = {
      district_id: d,
      id: id(n.key),
      receipt_code: n.receipt,
      community_code: `${d}${n.community}`,
      category: n.category,
      description: n.description,
      location: n.location,
      source: n.source,
      resident_name: n.name,
      phone: n.phone ? await protect(n.phone, ctx.personalDataKey) : null,
      phone_lookup: n.phone ? await lookupHash("phone", n.phone, ctx.personalDataKey) : null,
      r2_key: null,
      photo_type: null,
      status: n.status,
      priority: n.priority ?? null,
      answer: n.answer ?? "",
      merged_into: n.mergedInto ? id(n.mergedInto) : null,
      due_on: addWorkingDays(received, answerDays),
      overdue,
      received_at: received,
      answered_at: answered,
      answer_working_days: answered ? workingDaysBetween(received.slice(0, 10), answered.slice(0, 10)) : null,
      answered_by: answered ? staff : null,
      entered_by: n.source === "online" ? null : staff,
      version: 1,
      created_at: received,
      updated_at: answered ?? received,
    };
    out.push(
      db
        .insertInto("linkage_needs")
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  }
  // Residents per community (8,000 to 16,999, fixed by the code), so the per-10,000 figures
  // of the dashboard and the assessment show; a figure someone has entered is kept.
  if (needs.length) out.push(db.updateTable("areas").set({ population: sql<number>`8000 + (CAST(substr(code, -3) AS INTEGER) * 1373) % 9000` }).where("district_id", "=", d).where("level", "=", "community").where("population", "is", null).compile());
  return out;
};
