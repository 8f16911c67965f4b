import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { prefixRange } from "../../auth/scope";
import { byRelevanceThenPinyin, mergeById, organizationInitials, organizationNameContains } from "../../lib/name-search";
import { nameKey } from "./rules";
import { areasQuery, toAreaMap, type AreaMap } from "./queries";
import type { DirectoryQuery } from "./schemas";

// The public organization directory. Each filter matches an index of 0005_disclosure.sql
// (district_id, verification, <filter column>, name_key), so a district of 10,000
// organizations is searched without reading the table (test/disclosure/portal.test.ts
// checks the query plans). A name keyword is found anywhere in the name through the
// name grams (src/lib/name-search.ts): its prefix matches (by index, in order) and its
// matches anywhere, each bounded, merged and shown by relevance, then in pinyin order.
// Browsing without a keyword pages in pinyin order through indexes ending in (sort_key, id).

export const PAGE_SIZE = 20;
/**
 * The count stops here: "more than 200" tells a visitor to narrow the search just as
 * well as an exact figure, and counting stays as cheap at 100,000 organizations as at
 * 1,000 (it never reads past the first COUNT_LIMIT + 1 matches).
 */
export const COUNT_LIMIT = 200;

/** Looks like (the start of) a 统一社会信用代码 rather than a name. */
export function isCreditCodeQuery(q: string): boolean {
  const v = q.toUpperCase();
  return /^[0-9A-HJ-NPQRTUWXY]{4,18}$/.test(v) && /\d.*\d/.test(v);
}

/** The filters; the name or code as a prefix, or (`anywhere`) a name keyword anywhere in the name. */
function filtered(data: DistrictData, q: DirectoryQuery, anywhere = false) {
  let query = data.selectFrom("organizations").where("organizations.verification", "=", "verified");
  if (q.q && anywhere) query = query.where(organizationNameContains(data.districtId, q.q));
  else if (q.q) {
    const [low, high] = isCreditCodeQuery(q.q) ? prefixRange(q.q.toUpperCase()) : prefixRange(nameKey(q.q));
    const column = isCreditCodeQuery(q.q) ? "organizations.uscc" : "organizations.name_key";
    query = query.where(column, ">=", low).where(column, "<", high);
  }
  if (q.type) query = query.where("organizations.org_type", "=", q.type);
  if (q.area) {
    const [low, high] = prefixRange(q.area);
    query = query.where("organizations.area_code", ">=", low).where("organizations.area_code", "<", high);
  }
  if (q.grade === "expired" || q.grade === "none") query = query.where("organizations.grade_status", "=", q.grade);
  else if (q.grade) query = query.where("organizations.grade_status", "=", "valid").where("organizations.grade", "=", q.grade);
  if (q.list) query = query.where("organizations.list_status", "=", q.list);
  if (q.filing) query = query.where("organizations.filing_status", "=", q.filing);
  if (q.field) {
    const field = q.field;
    query = query.where("organizations.id", "in", data.selectFrom("organization_service_fields").select("organization_service_fields.organization_id").where("organization_service_fields.field", "=", field));
  }
  return query;
}

export const DIRECTORY_COLUMNS = [
  "organizations.id",
  "organizations.name",
  "organizations.uscc",
  "organizations.kind",
  "organizations.org_type",
  "organizations.area_code",
  "organizations.registered_on",
  "organizations.grade",
  "organizations.grade_status",
  "organizations.grade_valid_until",
  "organizations.list_status",
  "organizations.filing_status",
  "organizations.last_report_year",
  "organizations.last_report_filed_on",
] as const;

type Found = readonly Record<string, unknown>[] | undefined;

/**
 * The statements of one search (sent in one round trip, with others the page needs) and
 * how their results make the page. Without a name keyword: the page's rows in pinyin order
 * straight from a filter's index on sort_key (migrations/district/0033), and the matches
 * counted up to COUNT_LIMIT. With one: up to COUNT_LIMIT + 1 prefix matches and as many
 * matches anywhere (and, for letters, names with those pinyin initials), ranked here, so
 * an exact or prefix match is never crowded out.
 */
export function directoryQueries(data: DistrictData, q: DirectoryQuery): { queries: Compilable[]; result(found: Found[]): DirectoryResult } {
  const start = (q.page - 1) * PAGE_SIZE;
  if (q.q && !isCreditCodeQuery(q.q)) {
    const bounded = (anywhere: boolean) => {
      const query = filtered(data, q, anywhere).select(DIRECTORY_COLUMNS);
      return (anywhere ? query : query.orderBy("organizations.name_key").orderBy("organizations.id")).limit(COUNT_LIMIT + 1);
    };
    const queries: Compilable[] = [bounded(false), bounded(true)];
    const initials = organizationInitials(q.q);
    if (initials)
      queries.push(
        filtered(data, { ...q, q: "" })
          .select(DIRECTORY_COLUMNS)
          .where(initials)
          .orderBy("organizations.sort_key")
          .orderBy("organizations.id")
          .limit(COUNT_LIMIT + 1),
      );
    return {
      queries,
      result(found) {
        const all = byRelevanceThenPinyin(mergeById(...(found as unknown as DirectoryRow[][]).map((rows) => rows ?? [])), q.q);
        return { rows: all.slice(start, start + PAGE_SIZE), total: Math.min(all.length, COUNT_LIMIT), more: all.length > COUNT_LIMIT };
      },
    };
  }
  return {
    queries: [
      filtered(data, q).select(DIRECTORY_COLUMNS).orderBy("organizations.sort_key").orderBy("organizations.id").limit(PAGE_SIZE).offset(start),
      filtered(data, q)
        .select(sql<number>`1`.as("n"))
        .limit(COUNT_LIMIT + 1),
    ],
    result([rows, counted]) {
      const n = counted?.length ?? 0;
      return { rows: (rows ?? []) as unknown as DirectoryRow[], total: Math.min(n, COUNT_LIMIT), more: n > COUNT_LIMIT };
    },
  };
}

export interface DirectoryResult {
  rows: DirectoryRow[];
  /** Matches counted up to COUNT_LIMIT; `more` says there are more than that. */
  total: number;
  more: boolean;
}

export interface DirectoryRow {
  id: string;
  name: string;
  uscc: string | null;
  kind: string;
  org_type: string;
  area_code: string | null;
  registered_on: string | null;
  grade: string | null;
  grade_status: string;
  grade_valid_until: string | null;
  list_status: string;
  filing_status: string;
  last_report_year: number | null;
  last_report_filed_on: string | null;
}

export async function searchDirectory(data: DistrictData, q: DirectoryQuery): Promise<DirectoryResult> {
  const search = directoryQueries(data, q);
  return search.result(await data.read<Record<string, unknown>>(search.queries));
}

/** The directory page: results, count and the area names for labels and filters, in one round trip. */
export async function directoryPage(data: DistrictData, q: DirectoryQuery): Promise<DirectoryResult & { areas: AreaMap }> {
  const search = directoryQueries(data, q);
  const found = await data.read<Record<string, unknown>>([...search.queries, areasQuery(data)]);
  return { ...search.result(found.slice(0, -1)), areas: toAreaMap(found.at(-1) ?? []) };
}
