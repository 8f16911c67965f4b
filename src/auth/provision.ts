import { sql, type CompiledQuery, type Expression, type SqlBool } from "kysely";
import { createKysely } from "../data/kysely";
import { platformSql } from "../data/platform-data";
import type { DistrictDB, Role } from "../data/schema";

// Statements that create an account with its roles: used by the demo seed, by tests,
// and by staff invitations. They compile without a database so that the Worker can
// batch them and the scripts can inline them into SQL files.

const shardSql = createKysely<DistrictDB>(null as unknown as D1Database);

export interface AccountSpec {
  districtCode: string;
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  status?: "active" | "disabled";
  /** The language the account starts in; zh-CN when not given. */
  locale?: "zh-CN" | "en";
  grants: { role: Role; scopeArea?: string; organizationId?: string | null }[];
}

/**
 * `ifAbsent` skips rows that exist (the demo seed). `userOnlyIf` inserts the user row
 * only when a SQL condition holds as the batch runs (INSERT … SELECT … WHERE), e.g. "the
 * invitation is still open": a batch cannot branch on an earlier statement's result.
 * The role grants are not guarded on purpose: they reference the user, so when the
 * condition fails they break the foreign key and the whole batch rolls back, audit
 * event included, instead of half-creating an account.
 */
export function accountStatements(a: AccountSpec, now: string, options: { ifAbsent?: boolean; userOnlyIf?: Expression<SqlBool> } = {}) {
  const userRow = {
    district_id: a.districtCode,
    id: a.id,
    email: a.email,
    display_name: a.displayName,
    password_hash: a.passwordHash,
    status: a.status ?? "active",
    locale: a.locale ?? "zh-CN",
    password_changed_at: now,
    created_at: now,
    updated_at: now,
  };
  const columns = Object.keys(userRow) as (keyof typeof userRow)[];
  const user = options.userOnlyIf
    ? shardSql
        .insertInto("users")
        .columns(columns)
        .expression(shardSql.selectNoFrom(columns.map((c) => sql.val(userRow[c]).as(c)) as never).where(options.userOnlyIf))
    : shardSql.insertInto("users").values(userRow);
  const grants = a.grants.map((g) => {
    const q = shardSql.insertInto("role_grants").values({
      district_id: a.districtCode,
      user_id: a.id,
      role: g.role,
      scope_area: g.scopeArea ?? "",
      organization_id: g.organizationId ?? null,
      created_at: now,
    });
    return (options.ifAbsent ? q.onConflict((oc) => oc.doNothing()) : q).compile();
  });
  const directory = platformSql.insertInto("account_directory").values({ email: a.email, district_code: a.districtCode, user_id: a.id, created_at: now });
  return {
    platform: [(options.ifAbsent ? directory.onConflict((oc) => oc.doNothing()) : directory).compile()] as CompiledQuery[],
    shard: [(options.ifAbsent ? user.onConflict((oc) => oc.doNothing()) : user).compile(), ...grants] as CompiledQuery[],
  };
}
