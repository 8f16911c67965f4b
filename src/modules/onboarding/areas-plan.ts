import { CompiledQuery, type Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { crc32 } from "../../lib/crc32";
import { type AreaInput, type ExistingArea, importStatements } from "./areas-csv";

// A re-imported code list is an update: each checked line is compared with what the
// district has, and the admin sees what would be added, renamed, revoked or restored
// before anything is written. Areas missing from the file are left as they are, so a
// file may cover one 街道 only.

export const CHANGES = ["added", "renamed", "updated", "revoked", "restored"] as const;
export type Change = (typeof CHANGES)[number];

export interface PlannedChange {
  change: Change;
  row: AreaInput;
  before: ExistingArea | null;
}

function changeOf(row: AreaInput, before: ExistingArea | undefined): Change | null {
  if (!before) return "added";
  if (row.status !== before.status) return row.status === "revoked" ? "revoked" : "restored";
  if (row.name !== before.name) return "renamed";
  const population = row.population ?? before.population;
  return row.nameEn !== before.nameEn || row.kind !== before.kind || population !== before.population ? "updated" : null;
}

/** The lines that change something, in file order. */
export function planImport(rows: readonly AreaInput[], existing: ReadonlyMap<string, ExistingArea>): PlannedChange[] {
  const plan: PlannedChange[] = [];
  for (const row of rows) {
    const before = existing.get(row.code);
    const change = changeOf(row, before);
    if (change) plan.push({ change, row, before: before ?? null });
  }
  return plan;
}

export function countChanges(plan: readonly PlannedChange[]): Record<Change, number> {
  const counts = Object.fromEntries(CHANGES.map((c) => [c, 0])) as Record<Change, number>;
  for (const p of plan) counts[p.change]++;
  return counts;
}

/** Identifies a previewed plan, so that a confirmation applies exactly what was shown. */
export function planDigest(plan: readonly PlannedChange[]): string {
  const text = JSON.stringify(plan.map((p) => [p.change, p.row.code, p.row.name, p.row.nameEn, p.row.kind, p.row.population, p.row.status]));
  return crc32(new TextEncoder().encode(text)).toString(16).padStart(8, "0");
}

/**
 * The plan as statements for one batch: new areas inserted, the others updated in
 * place from JSON (one bound parameter per chunk). A blank population keeps the known one.
 */
export function planStatements(data: DistrictData, plan: readonly PlannedChange[], now: string): Compilable[] {
  const statements = importStatements(
    data,
    plan.filter((p) => p.change === "added").map((p) => p.row),
    now,
  );
  const updates = plan.filter((p) => p.change !== "added").map((p) => ({ code: p.row.code, name: p.row.name, nameEn: p.row.nameEn, kind: p.row.kind, population: p.row.population, status: p.row.status }));
  for (let i = 0; i < updates.length; i += 2000) {
    const query = CompiledQuery.raw(
      `UPDATE areas SET name_zh = j.value ->> '$.name', name_en = j.value ->> '$.nameEn', kind = j.value ->> '$.kind',
         population = coalesce(j.value ->> '$.population', areas.population), status = j.value ->> '$.status', updated_at = ?
       FROM json_each(?) AS j
       WHERE areas.district_id = ? AND areas.code = j.value ->> '$.code'`,
      [now, JSON.stringify(updates.slice(i, i + 2000)), data.districtId],
    );
    statements.push({ compile: () => query });
  }
  return statements;
}
