import type { Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { prefixRange } from "../../auth/scope";
import { byRelevanceThenPinyin, mergeById, organizationNameContains } from "../../lib/name-search";
import { nameKey } from "./rules";
import { areasQuery, toAreaMap, type AreaMap } from "./queries";
import type { DirectoryQuery } from "./schemas";

// The public organization directory. Each filter matches an index of 0005_disclosure.sql
// (district_id, verification, <filter column>, name_key), so a district of 10,000
// organizations is searched without reading the table (test/disclosure/portal.test.ts
// checks the query plans). A name keyword is found anywhere in the name through the
// name grams (src/lib/name-search.ts): its prefix matches (by index, in order) and its
// matches anywhere, each bounded, merged and shown by relevance, then in pinyin order.

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
 * how their results make the page. Without a name keyword: every match's key for the
 * pinyin order, the count and the page's ids. With one: up to COUNT_LIMIT + 1 prefix matches and as many matches
 * anywhere, ranked here, so an exact or prefix match is never crowded out.
 */
export function directoryQueries(data: DistrictData, q: DirectoryQuery): { queries: Compilable[]; result(found: Found[]): DirectoryResult } {
  if (q.q && !isCreditCodeQuery(q.q)) {
    const bounded = (anywhere: boolean) => {
      const query = filtered(data, q, anywhere).select(DIRECTORY_COLUMNS);
      return (anywhere ? query : query.orderBy("organizations.name_key").orderBy("organizations.id")).limit(COUNT_LIMIT + 1);
    };
    return {
      queries: [bounded(false), bounded(true)],
      result([prefix, anywhere]) {
        const all = byRelevanceThenPinyin(mergeById((prefix ?? []) as unknown as DirectoryRow[], (anywhere ?? []) as unknown as DirectoryRow[]), q.q);
        const start = (q.page - 1) * PAGE_SIZE;
        return { rows: all.slice(start, start + PAGE_SIZE), total: Math.min(all.length, COUNT_LIMIT), more: all.length > COUNT_LIMIT };
      },
    };
  }
  // Browsing: every match's key, sorted here in pinyin order (SQLite knows only code
  // order, and a stored pinyin key would need a pinyin table in the bundle). The keys come
  // from the filter's index without reading the table; the page's rows follow by id.
  const keys = filtered(data, q)
    .select(["organizations.id", "organizations.name_key as name"])
    .orderBy("organizations.name_key")
    .orderBy("organizations.id")
    .limit(PINYIN_BROWSE_LIMIT + 1);
  return {
    queries: [keys],
    result([found]) {
      const all = (found ?? []) as unknown as { id: string; name: string }[];
      const counted = { total: Math.min(all.length, COUNT_LIMIT), more: all.length > COUNT_LIMIT };
      const start = (q.page - 1) * PAGE_SIZE;
      if (all.length > PINYIN_BROWSE_LIMIT) return { rows: [], ...counted, page: { offset: start } };
      return {
        rows: [],
        ...counted,
        page: {
          ids: byRelevanceThenPinyin(all, "")
            .slice(start, start + PAGE_SIZE)
            .map((r) => r.id),
        },
      };
    },
  };
}

/**
 * Above this many matches a browse pages in code order through the index instead: sorting
 * them here would cost more per page than a directory page may. No district's register
 * comes near it; a search word or a filter brings the matches under it again.
 */
export const PINYIN_BROWSE_LIMIT = 5000;

/** The page's rows of a browse, in the order its ids (or its offset in code order) give. */
async function browseRows(data: DistrictData, q: DirectoryQuery, result: DirectoryResult): Promise<DirectoryResult> {
  const page = result.page;
  if (!page) return result;
  const base = filtered(data, q).select(DIRECTORY_COLUMNS);
  if (page.ids) {
    if (!page.ids.length) return { ...result, page: undefined };
    const rows = (await base.where("organizations.id", "in", page.ids).execute()) as unknown as DirectoryRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { ...result, rows: page.ids.flatMap((id) => byId.get(id) ?? []), page: undefined };
  }
  const rows = await base
    .orderBy("organizations.name_key")
    .orderBy("organizations.id")
    .limit(PAGE_SIZE)
    .offset(page.offset ?? 0)
    .execute();
  return { ...result, rows: rows as unknown as DirectoryRow[], page: undefined };
}

export interface DirectoryResult {
  rows: DirectoryRow[];
  /** Matches counted up to COUNT_LIMIT; `more` says there are more than that. */
  total: number;
  more: boolean;
  /** A browse's page still to be read: its ids in order, or its offset in code order. */
  page?: { ids?: string[]; offset?: number } | undefined;
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
  return browseRows(data, q, search.result(await data.read<Record<string, unknown>>(search.queries)));
}

/** The directory page: results, count and the area names for labels and filters, in one round trip. */
export async function directoryPage(data: DistrictData, q: DirectoryQuery): Promise<DirectoryResult & { areas: AreaMap }> {
  const search = directoryQueries(data, q);
  const found = await data.read<Record<string, unknown>>([...search.queries, areasQuery(data)]);
  return { ...(await browseRows(data, q, search.result(found.slice(0, -1)))), areas: toAreaMap(found.at(-1) ?? []) };
}
