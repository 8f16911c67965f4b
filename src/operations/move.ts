import type { Compilable } from "kysely";
import type { Actor } from "../audit/append";
import { platformData } from "../data/platform-data";
import type { Env } from "../env";
import { AppError } from "../http/errors";
import { newId } from "../lib/ids";
import { nowIso } from "../lib/time";
import { countDistrictRows, deleteDistrictRows, districtTables } from "../modules";
import { clearRegistryCache, findDistrict, shardDatabase, shardNames } from "../district-lookup/district-registry";
import { beginLoad, copyDistrictRows, endLoad } from "./bulk";
import type { DistrictMovesTable } from "../data/schema";
import type { MovePhase } from "./tables";

// Moving a live district to another shard (how a shard nearing D1's 10 GB is relieved):
//   1. start: the registry row gets a write lock (writes answer 503, reads go on) and a
//      district_moves row in phase "copying", in one batch;
//   2. wait until every isolate has seen the lock (the registry cache lives 10 s);
//   3. copy every row to the target and count both sides: "copied";
//   4. switch the registry to the target: "switched";
//   5. wait for the caches again, delete the rows from the source, lift the lock: "done".
// Each phase is recorded before the next begins, so a move interrupted anywhere can be
// resumed (a half-done copy is cleared from the target and started again) or, before
// the switch, rolled back. Files stay where they are: the one FILES bucket serves every
// shard; the move counts the files its rows name and reports any that are missing.

export type MoveRecord = DistrictMovesTable;

export interface MoveReport {
  id: string;
  district: string;
  from: string;
  to: string;
  phase: MovePhase;
  rows: Record<string, number>;
  /** Files the rows name (they stay in FILES), and any of them missing there. */
  files: number;
  missingFiles: string[];
}

/** How long the registry cache may hold a district's old state (src/district-lookup/district-registry.ts). */
export const REGISTRY_SETTLE_MS = 11_000;

const platformDb = (env: Env) => platformData(env);

function audit(env: Env, actor: Actor, queries: readonly Compilable[], action: string, move: { id: string; district: string; from: string; to: string }, after: Record<string, unknown> = {}) {
  return platformData(env).write(queries, actor, {
    action,
    targetType: "district",
    targetId: move.district,
    after: { move: move.id, from: move.from, to: move.to, ...after },
  });
}

/** The district's unfinished move, if any. */
export async function openMove(env: Env, code: string): Promise<MoveRecord | null> {
  return (await platformDb(env).selectFrom("district_moves").selectAll().where("district_code", "=", code).where("phase", "not in", ["done", "rolled_back"]).executeTakeFirst()) ?? null;
}

export async function movesOf(env: Env, code: string): Promise<MoveRecord[]> {
  return platformDb(env).selectFrom("district_moves").selectAll().where("district_code", "=", code).orderBy("started_at", "desc").limit(20).execute();
}

export function moveReport(move: MoveRecord): MoveReport {
  const counts = JSON.parse(move.counts_json) as { rows?: Record<string, number>; files?: number; missingFiles?: string[] };
  return { id: move.id, district: move.district_code, from: move.from_shard, to: move.to_shard, phase: move.phase, rows: counts.rows ?? {}, files: counts.files ?? 0, missingFiles: counts.missingFiles ?? [] };
}

async function setPhase(env: Env, move: MoveRecord, phase: MovePhase, extra: { counts?: unknown; error?: string | null } = {}): Promise<MoveRecord> {
  const now = nowIso();
  const next = { ...move, phase, updated_at: now, ...(extra.counts !== undefined ? { counts_json: JSON.stringify(extra.counts) } : {}), ...(extra.error !== undefined ? { last_error: extra.error } : {}) };
  await platformDb(env).updateTable("district_moves").set({ phase, updated_at: now, counts_json: next.counts_json, last_error: next.last_error }).where("id", "=", move.id).execute();
  return next;
}

/** Locks the district and records the move. Refuses a move that cannot succeed. */
export async function startMove(env: Env, code: string, toShard: string, actor: Actor): Promise<MoveRecord> {
  const district = await findDistrict(env, code, { fresh: true });
  if (!district) throw new AppError({ status: 404, code: "district_not_found", message: "error.district_not_found" });
  if (!shardNames(env).includes(toShard)) throw new AppError({ status: 422, code: "unknown_shard", message: "ops.move.unknownShard" });
  if (district.shard === toShard) throw new AppError({ status: 409, code: "same_shard", message: "ops.move.sameShard" });
  if (await openMove(env, code)) throw new AppError({ status: 409, code: "move_in_progress", message: "ops.move.busy" });
  const target = shardDatabase(env, toShard);
  const already = await countDistrictRows(target, code);
  if (Object.values(already).some((n) => n > 0)) throw new AppError({ status: 409, code: "target_not_empty", message: "ops.move.targetNotEmpty" });
  const platform = platformDb(env);
  const now = nowIso();
  const move: MoveRecord = { id: newId(), district_code: code, from_shard: district.shard, to_shard: toShard, phase: "copying", counts_json: "{}", started_by: actor.id ?? actor.role, started_at: now, updated_at: now, last_error: null };
  await audit(
    env,
    actor,
    [
      platform.insertInto("district_moves").values(move),
      // Only if the district is still where we read it: a concurrent move or edit wins.
      platform
        .updateTable("districts")
        .set((eb) => ({ write_lock: "moving", updated_at: now, version: eb("version", "+", 1) }))
        .where("code", "=", code)
        .where("shard", "=", district.shard),
    ],
    "district.move_started",
    { id: move.id, district: code, from: district.shard, to: toShard },
  );
  clearRegistryCache();
  return move;
}

/**
 * Files are not copied (one FILES bucket serves every shard) but counted: every file
 * the district's rows name, and how many of them are missing from FILES.
 */
async function countFiles(env: Env, db: D1Database, code: string): Promise<{ files: number; missingFiles: string[] }> {
  const tables = (await districtTables(db)).filter((t) => t.columns.includes("r2_key"));
  let files = 0;
  const missingFiles: string[] = [];
  for (const table of tables) {
    const { results } = await db.prepare(`SELECT r2_key FROM "${table.name}" WHERE district_id = ? AND r2_key IS NOT NULL`).bind(code).all<{ r2_key: string }>();
    for (const row of results) {
      files++;
      if (env.FILES && !(await env.FILES.head(row.r2_key))) missingFiles.push(row.r2_key);
    }
  }
  return { files, missingFiles };
}

const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * Takes the district's open move from wherever it stands to "done". `settleMs` is
 * how long to wait after the lock before copying (the registry cache's lifetime).
 */
export async function resumeMove(env: Env, code: string, actor: Actor, options: { settleMs?: number } = {}): Promise<MoveReport> {
  let move = await openMove(env, code);
  if (!move) throw new AppError({ status: 409, code: "no_open_move", message: "ops.move.noOpenMove" });
  const source = shardDatabase(env, move.from_shard);
  const target = shardDatabase(env, move.to_shard);
  try {
    if (move.phase === "copying") {
      // Every isolate must have seen the lock before the copy starts.
      await sleep(Date.parse(move.started_at) + (options.settleMs ?? REGISTRY_SETTLE_MS) - Date.now());
      // A copy interrupted before is cleared and made again from the start.
      for (let done = false; !done; ) done = (await deleteDistrictRows(target, code, move.started_by)).done;
      await beginLoad(target, code, "move");
      const rows = await copyDistrictRows(source, target, code);
      await endLoad(target, code);
      const [from, to] = [await countDistrictRows(source, code), await countDistrictRows(target, code)];
      const mismatch = Object.keys(from).filter((t) => from[t] !== (to[t] ?? 0) || from[t] !== rows[t]);
      if (mismatch.length) throw new Error(`row counts differ after the copy: ${mismatch.map((t) => `${t} ${from[t]} → ${to[t] ?? 0}`).join(", ")}`);
      const files = await countFiles(env, target, code);
      move = await setPhase(env, move, "copied", { counts: { rows, ...files }, error: null });
    }
    if (move.phase === "copied") {
      const platform = platformDb(env);
      const now = nowIso();
      await audit(
        env,
        actor,
        [
          platform
            .updateTable("districts")
            .set((eb) => ({ shard: move!.to_shard, updated_at: now, version: eb("version", "+", 1) }))
            .where("code", "=", code)
            .where("shard", "=", move!.from_shard),
          platform.updateTable("district_moves").set({ phase: "switched", updated_at: now }).where("id", "=", move.id).where("phase", "=", "copied"),
        ],
        "district.move_switched",
        { id: move.id, district: code, from: move.from_shard, to: move.to_shard },
        { rows: moveReport(move).rows },
      );
      clearRegistryCache();
      move = { ...move, phase: "switched", updated_at: now };
    }
    if (move.phase === "switched") {
      // Isolates that still hold the old registry entry read from the source: keep its
      // rows until every cache has expired.
      await sleep(Date.parse(move.updated_at) + (options.settleMs ?? REGISTRY_SETTLE_MS) - Date.now());
      for (let done = false; !done; ) done = (await deleteDistrictRows(source, code, move.started_by)).done;
      const now = nowIso();
      const platform = platformDb(env);
      await audit(
        env,
        actor,
        [
          platform
            .updateTable("districts")
            .set((eb) => ({ write_lock: null, updated_at: now, version: eb("version", "+", 1) }))
            .where("code", "=", code),
          platform.updateTable("district_moves").set({ phase: "done", updated_at: now, last_error: null }).where("id", "=", move.id),
        ],
        "district.move_done",
        { id: move.id, district: code, from: move.from_shard, to: move.to_shard },
      );
      clearRegistryCache();
      move = { ...move, phase: "done", updated_at: now };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = String((error as Error)?.message ?? error).slice(0, 500);
    await platformDb(env)
      .updateTable("district_moves")
      .set({ last_error: message, updated_at: nowIso() })
      .where("id", "=", move.id)
      .execute()
      .catch(() => {});
    throw error;
  }
  return moveReport(move);
}

/**
 * Abandons an open move that has not switched the registry yet: the copied rows are
 * removed from the target and the district is writable again on its own shard.
 */
export async function rollbackMove(env: Env, code: string, actor: Actor): Promise<MoveReport> {
  const move = await openMove(env, code);
  if (!move) throw new AppError({ status: 409, code: "no_open_move", message: "ops.move.noOpenMove" });
  if (move.phase === "switched") throw new AppError({ status: 409, code: "move_switched", message: "ops.move.tooLate" });
  const target = shardDatabase(env, move.to_shard);
  for (let done = false; !done; ) done = (await deleteDistrictRows(target, code, move.started_by)).done;
  await endLoad(target, code);
  const now = nowIso();
  const platform = platformDb(env);
  await audit(
    env,
    actor,
    [
      platform
        .updateTable("districts")
        .set((eb) => ({ write_lock: null, updated_at: now, version: eb("version", "+", 1) }))
        .where("code", "=", code)
        .where("shard", "=", move.from_shard),
      platform.updateTable("district_moves").set({ phase: "rolled_back", updated_at: now }).where("id", "=", move.id),
    ],
    "district.move_rolled_back",
    { id: move.id, district: code, from: move.from_shard, to: move.to_shard },
  );
  clearRegistryCache();
  return moveReport({ ...move, phase: "rolled_back" });
}
