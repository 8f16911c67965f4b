import * as z from "zod/mini";
import { verifyChain, type ChainReport } from "../audit/chain";
import type { Actor } from "../audit/append";
import { platformData } from "../data/platform-data";
import type { Env } from "../env";
import { bytesToHex, randomToken } from "../lib/crypto";
import { nowIso } from "../lib/time";
import { protect } from "../lib/personal-data";
import { countDistrictRows, deleteDistrictRows, type DistrictTable, type StoredFile } from "../modules";
import { runCompiled, tenantStatements } from "../tenants/apply";
import { tenantFileSchema } from "../tenants/tenant-file";
import { clearRegistryCache, shardDatabase, shardNames } from "../district-lookup/district-registry";
import { beginLoad, endLoad, insertRows, loadOrder } from "./bulk";
import { unzip, ZipError } from "./unzip";

// Restoring a district from its data export (src/modules/onboarding/export.ts) into
// an empty district: the ZIP is read and every file's SHA-256 checked against the
// manifest before anything is written; then the registry record (from tenant.json),
// the files, every table's rows and the address claims are loaded, and the counts and
// the audit chain are checked. The export never carries sign-in secrets, so restored
// accounts have no usable password (each person sets a new one) and pending
// invitations must be sent again; sessions and sign-in failures start empty.
// Personal data, which the export carries readable, is encrypted again on the way in.

export class RestoreRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`restore refused: ${problems.join("; ")}`);
  }
}

/** A password hash that no password matches (src/auth/password.ts rejects its format). */
export const RESTORED_PASSWORD = "restored$reset-required";

const manifestSchema = z.object({
  format: z.literal("sanshe-district-export"),
  version: z.literal(1),
  district: z.object({ code: z.string() }),
  files: z.array(
    z.object({
      path: z.string(),
      table: z.optional(z.string()),
      rows: z.optional(z.number()),
      protectedColumns: z.optional(z.array(z.string())),
      file: z.optional(z.object({ key: z.string(), contentType: z.nullable(z.string()), metadata: z.record(z.string(), z.string()) })),
      bytes: z.number(),
      sha256: z.string(),
    }),
  ),
});

export interface RestoreReport {
  district: string;
  shard: string;
  rows: Record<string, number>;
  files: number;
  accounts: number;
  chain: ChainReport;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/** Reads the export and checks it whole; throws RestoreRefused listing every problem. */
export async function readExport(zipBytes: Uint8Array) {
  let entries: Map<string, Uint8Array>;
  try {
    entries = await unzip(zipBytes);
  } catch (error) {
    throw new RestoreRefused([error instanceof ZipError ? error.message : `unreadable ZIP: ${String(error)}`]);
  }
  const text = (name: string) => new TextDecoder().decode(entries.get(name));
  if (!entries.has("manifest.json")) throw new RestoreRefused(["manifest.json is missing"]);
  const parsed = z.safeParse(manifestSchema, JSON.parse(text("manifest.json")));
  if (!parsed.success) throw new RestoreRefused([`manifest.json is not a district export manifest: ${parsed.error.message}`]);
  const manifest = parsed.data;
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const content = entries.get(f.path);
    if (!content) problems.push(`${f.path}: missing from the ZIP`);
    else if (content.length !== f.bytes) problems.push(`${f.path}: ${content.length} bytes, the manifest says ${f.bytes}`);
    else if ((await sha256(content)) !== f.sha256) problems.push(`${f.path}: SHA-256 does not match the manifest`);
  }
  for (const name of entries.keys()) if (name !== "manifest.json" && !listed.has(name)) problems.push(`${name}: not in the manifest`);
  if (problems.length) throw new RestoreRefused(problems);
  const tenant = z.safeParse(tenantFileSchema, JSON.parse(text("tenant.json")));
  if (!tenant.success) throw new RestoreRefused([`tenant.json is not valid: ${tenant.error.message}`]);
  if (tenant.data.code !== manifest.district.code) throw new RestoreRefused([`tenant.json is district ${tenant.data.code}, the manifest ${manifest.district.code}`]);
  return { manifest, tenant: tenant.data, entries };
}

/** The exported row made storable: personal data encrypted again. */
async function storable(row: Record<string, unknown>, protectedColumns: string[], env: Env): Promise<Record<string, unknown>> {
  const out = { ...row };
  for (const column of protectedColumns) {
    if (typeof out[column] === "string") out[column] = await protect(out[column], env.PERSONAL_DATA_KEY);
  }
  return out;
}

/**
 * Loads the export into `code`'s empty district. `shard` picks the shard when the
 * registry no longer knows the district (default: the one in tenant.json).
 */
export async function restoreDistrict(env: Env, zipBytes: Uint8Array, actor: Actor, options: { shard?: string } = {}): Promise<RestoreReport> {
  const { manifest, tenant, entries } = await readExport(zipBytes);
  const code = tenant.code;
  const platform = platformData(env);
  const existing = await platform.selectFrom("districts").select(["shard"]).where("code", "=", code).executeTakeFirst();
  const shardName = existing?.shard ?? options.shard ?? tenant.shard;
  if (!shardNames(env).includes(shardName)) throw new RestoreRefused([`shard ${shardName} is not configured`]);
  const db = shardDatabase(env, shardName);

  // Refuse before writing anything: the district must be empty and its addresses free.
  const problems: string[] = [];
  const present = Object.entries(await countDistrictRows(db, code)).filter(([, n]) => n > 0);
  if (present.length) problems.push(`district ${code} is not empty on ${shardName}: ${present.map(([t, n]) => `${t} ${n}`).join(", ")}`);
  if (env.FILES && (await env.FILES.list({ prefix: `${code}/`, limit: 1 })).objects.length) problems.push(`FILES already holds files under ${code}/`);
  const tableFiles = manifest.files.filter((f) => f.table);
  const rowsOf = (table: string) => {
    const entry = tableFiles.find((f) => f.table === table);
    return entry ? (JSON.parse(new TextDecoder().decode(entries.get(entry.path))) as Record<string, unknown>[]) : [];
  };
  const users = rowsOf("users") as { id: string; email: string; created_at: string }[];
  if (users.length) {
    const taken = await platform
      .selectFrom("account_directory")
      .select(["email", "district_code"])
      .where(
        "email",
        "in",
        users.map((u) => u.email),
      )
      .where("district_code", "<>", code)
      .execute();
    for (const t of taken) problems.push(`address ${t.email} belongs to district ${t.district_code}`);
  }
  if (tenant.hostnames.length) {
    const taken = await platform.selectFrom("district_hostnames").select(["hostname", "district_code"]).where("hostname", "in", tenant.hostnames).where("district_code", "<>", code).execute();
    for (const t of taken) problems.push(`hostname ${t.hostname} belongs to district ${t.district_code}`);
  }
  const tables = await loadOrder(db);
  for (const f of tableFiles) if (!tables.some((t) => t.name === f.table)) problems.push(`table ${f.table} does not exist on ${shardName}: apply the migrations first`);
  if (problems.length) throw new RestoreRefused(problems);

  // The registry record first, suspended so that nobody uses a half-loaded district.
  const now = nowIso();
  const registry = tenantStatements({ ...tenant, shard: shardName, status: "suspended" }, now);
  await runCompiled(env.PLATFORM, registry.platform);
  await runCompiled(env.PLATFORM, [platform.updateTable("districts").set({ status_reason: "restoring", suspended_from: null }).where("code", "=", code).compile()]);
  clearRegistryCache();

  const rows: Record<string, number> = {};
  let files = 0;
  try {
    // Files before rows: a row never names a file that is not there.
    for (const f of manifest.files) {
      if (!f.file || !env.FILES) continue;
      const stored: StoredFile = f.file;
      await env.FILES.put(stored.key, entries.get(f.path)!, { ...(stored.contentType ? { httpMetadata: { contentType: stored.contentType } } : {}), customMetadata: stored.metadata });
      files++;
    }
    await beginLoad(db, code, "restore");
    for (const table of tables) {
      const entry = tableFiles.find((f) => f.table === table.name);
      if (!entry) continue;
      const exported = rowsOf(table.name);
      const ready = await Promise.all(exported.map((row) => storable({ ...row, district_id: code }, entry.protectedColumns ?? [], env)));
      // Omitted secrets: passwords are set anew, invitation links can only be sent again.
      if (table.columns.includes("password_hash")) for (const row of ready) row.password_hash ??= RESTORED_PASSWORD;
      if (table.columns.includes("token_hash")) for (const row of ready) row.token_hash ??= `restored-${randomToken(24)}`;
      rows[table.name] = await insertRows(db, restoredColumns(table, ready), ready);
    }
    await endLoad(db, code);
    const counted = await countDistrictRows(db, code);
    const differ = tableFiles.filter((f) => (counted[f.table!] ?? 0) !== f.rows);
    if (differ.length) throw new Error(`row counts differ after the restore: ${differ.map((f) => `${f.table} ${counted[f.table!] ?? 0}/${f.rows}`).join(", ")}`);
    const events = await db
      .prepare("SELECT seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash FROM audit_events WHERE district_id = ? ORDER BY seq")
      .bind(code)
      .all<Parameters<typeof verifyChain>[1][number]>();
    const chain = await verifyChain(code, events.results);
    if (!chain.ok) throw new Error(`the restored audit chain does not verify (first break at seq ${chain.firstBreak?.seq}: ${chain.firstBreak?.problem})`);

    await platform.write(
      [
        ...users.map((u) =>
          platform
            .insertInto("account_directory")
            .values({ email: u.email, district_code: code, user_id: u.id, created_at: u.created_at })
            .onConflict((oc) => oc.column("email").doNothing()),
        ),
        platform
          .updateTable("districts")
          .set((eb) => ({ status: tenant.status, status_reason: null, updated_at: nowIso(), version: eb("version", "+", 1) }))
          .where("code", "=", code),
      ],
      actor,
      { action: "district.restored", targetType: "district", targetId: code, after: { shard: shardName, rows, files, exportedAt: (manifest as { exportedAt?: string }).exportedAt ?? null } },
    );
    clearRegistryCache();
    return { district: code, shard: shardName, rows, files, accounts: users.length, chain };
  } catch (error) {
    // Leave nothing half-restored: the rows, files and registry record go again.
    console.error(`restore of district ${code} failed, undoing it:`, error);
    await endLoad(db, code).catch(() => {});
    for (let done = false, tries = 0; !done && tries < 20; tries++) done = (await deleteDistrictRows(db, code, actor.id ?? "restore").catch(() => ({ done: true }))).done;
    for (const f of manifest.files) if (f.file && env.FILES) await env.FILES.delete(f.file.key).catch(() => {});
    if (!existing) await runCompiled(env.PLATFORM, [platform.deleteFrom("district_hostnames").where("district_code", "=", code).compile(), platform.deleteFrom("districts").where("code", "=", code).compile()]).catch(() => {});
    clearRegistryCache();
    throw error;
  }
}

/** The table's columns that the rows carry (so that a column the export lacks takes its default). */
function restoredColumns(table: DistrictTable, rows: Record<string, unknown>[]): DistrictTable {
  const first = rows[0];
  if (!first) return table;
  return { ...table, columns: table.columns.filter((c) => c in first) };
}
