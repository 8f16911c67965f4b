import { runJobs } from "../../src/jobs";
import { DAILY, EVERY_FIVE_MINUTES } from "../../src/jobs/crons";
import { newId } from "../../src/lib/ids";
import { nowIso } from "../../src/lib/time";
import { usccCheckCharacter } from "../../src/lib/uscc";
import { beijingDate } from "../../src/lib/beijing-time";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { Browser, createUser, testEnv } from "../helpers";
import { districtWith, type Shard } from "../fixtures/district";

// Shared set-up for the disclosure module's tests (districts come from
// test/fixtures/district.ts, settings included): organizations inserted
// directly (fast, for tests that are not about the registry forms), and the scheduled jobs run at a chosen Beijing date.

export const today = () => beijingDate(nowIso());

export async function districtData(code: string): Promise<DistrictData> {
  const d = (await findDistrict(testEnv, code))!;
  return new DistrictData(d, shardDatabase(testEnv, d.shard));
}

let serial = 100;
/** A valid code of a social organization registered by civil affairs; `type` 1 社会团体, 2 社会服务机构, 3 基金会. */
export function uscc(code: string, type = "2"): string {
  const first17 = `5${type}${code}${String(serial++).padStart(9, "0")}`;
  return first17 + usccCheckCharacter(first17);
}

export interface OrgSpec {
  name?: string;
  kind?: "registered" | "founding_team";
  orgType?: string;
  area?: string | null;
  registeredOn?: string | null;
  verification?: "verified" | "unverified";
  grade?: string | null;
  gradeStatus?: "none" | "valid" | "expired";
  gradeValidUntil?: string | null;
  listStatus?: "none" | "abnormal" | "serious";
  filingStatus?: string;
}

export async function insertOrg(db: D1Database, code: string, spec: OrgSpec = {}): Promise<{ id: string; uscc: string | null; name: string }> {
  const id = newId();
  const now = nowIso();
  const kind = spec.kind ?? "registered";
  const code18 = kind === "registered" ? uscc(code) : null;
  const name = spec.name ?? `测试社会组织${id.slice(-6)}`;
  await db
    .prepare(
      `INSERT INTO organizations (district_id, id, name, uscc, kind, org_type, area_code, verification, registered_on, grade, grade_status, grade_valid_until, list_status, filing_status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      code,
      id,
      name,
      code18,
      kind,
      spec.orgType ?? "社会服务机构",
      spec.area ?? null,
      spec.verification ?? "verified",
      spec.registeredOn === undefined ? "2015-01-01" : spec.registeredOn,
      spec.grade ?? null,
      spec.gradeStatus ?? "none",
      spec.gradeValidUntil ?? null,
      spec.listStatus ?? "none",
      spec.filingStatus ?? "none",
      now,
      now,
    )
    .run();
  return { id, uscc: code18, name };
}

/** Milliseconds of a Beijing wall-clock time on a date (default: one minute past midnight). */
export function beijing(date: string, time = "00:01:00"): number {
  return Date.parse(`${date}T${time}+08:00`);
}

export const runDaily = (date: string, time?: string) => runJobs(testEnv, DAILY, beijing(date, time));
export const runFrequent = (ms: number) => runJobs(testEnv, EVERY_FIVE_MINUTES, ms);

export function changed(runs: Awaited<ReturnType<typeof runJobs>>, code: string, job: string): number {
  const run = runs.find((r) => r.district === code && r.job === job);
  if (run?.error) throw new Error(run.error);
  return run?.changed ?? 0;
}

export async function row<T = Record<string, unknown>>(db: D1Database, sql: string, ...params: unknown[]): Promise<T> {
  return (await db
    .prepare(sql)
    .bind(...params)
    .first<T>())!;
}

export async function rows<T = Record<string, unknown>>(db: D1Database, sql: string, ...params: unknown[]): Promise<T[]> {
  return (
    await db
      .prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;
}

/**
 * A district admin on a fixed clock: before each test the clock is set to 10:00 Beijing
 * time on `today` and the admin signs in afresh (a session follows the clock), after it
 * the real clock returns. `b` is that test's browser.
 */
export async function adminOnFixedClock(code: string, shard: Shard, today: string): Promise<{ id: string; email: string; readonly b: Browser }> {
  const admin = await createUser(code, shard, [{ role: "district_admin" }]);
  let b = new Browser();
  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(`${today}T10:00:00+08:00`));
    b = new Browser();
    await b.signIn(code, admin.email);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return {
    ...admin,
    get b() {
      return b;
    },
  };
}

/** The clock of every test in the file stands at this Beijing date, 10:00. */
export function clockAt(date: string): void {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(`${date}T10:00:00+08:00`));
  });
  afterAll(() => {
    vi.useRealTimers();
  });
}

/**
 * The credit staff's set-up: district `code` with its admin signed in as `staff`; with
 * `other`, a second district on the same shard whose admin is signed in as `stranger`.
 */
export async function creditStaff(code: string, shard: Shard, other?: string) {
  const { db } = await districtWith(code, { shard });
  const admin = await createUser(code, shard, [{ role: "district_admin" }]);
  const staff = new Browser();
  await staff.signIn(code, admin.email);
  const stranger = new Browser();
  if (other) {
    await districtWith(other, { shard });
    const otherAdmin = await createUser(other, shard, [{ role: "district_admin" }]);
    await stranger.signIn(other, otherAdmin.email);
  }
  return { db, admin, staff, stranger };
}
