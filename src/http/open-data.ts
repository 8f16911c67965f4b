import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { CSV_CONTENT_TYPE, toCsv } from "../lib/csv";
import { conditional } from "./cache";
import { notFound } from "./errors";
import { publicOrigin } from "./origin";
import type { MessageKey } from "../i18n/messages";
import { MODULES } from "../modules";
import type { routes } from "./routes";
import { pageNumber, readQuery } from "./validation";

// One shape for every open-data file (/open-data/v1/<dataset>.csv and .json): the
// documented fields only, in their order; reusable for a minute and revalidated by its
// ETag; a Link header to the fields' documentation on /open-data and, for a paged
// dataset, to the next page (also `next` in the JSON, beside the total `count`).

export interface OpenField {
  name: string;
  type: string;
  zh: string;
  en: string;
}

export interface OpenDataFile {
  dataset: string;
  fields: readonly OpenField[];
  count: number;
  records: readonly object[];
  /** A paged dataset's page, page size and the address of the next page (null on the last). */
  paging?: { page: number; limit: number; next: string | null };
}

/** Records in one page of an open-data file, at most and by default. */
export const OPEN_DATA_LIMIT = 1000;

/** An open-data file as /open-data documents it; declared in its module's manifest (`openData`). */
export interface OpenDataset {
  dataset: string;
  /** Its heading on /open-data. */
  title: MessageKey;
  fields: readonly OpenField[];
}

/** A dataset served a page at a time: its rows in its public list's order, and how many there are. */
export interface PagedDataset extends OpenDataset {
  rows(c: Context<AppEnv>, window: { offset: number; limit: number }): Promise<readonly object[]>;
  count(c: Context<AppEnv>): Promise<number>;
}

/**
 * Registers /open-data/v1/<dataset>.csv and .json, each a page (`?page=` from 1, `?limit=`
 * records, at most and by default OPEN_DATA_LIMIT), so that a file costs the same however
 * big the district grows; past the last page is 404, a larger limit a 422.
 */
export function registerPagedOpenData(r: ReturnType<typeof routes>, set: PagedDataset): void {
  for (const format of ["csv", "json"] as const) {
    r.get(`/open-data/v1/${set.dataset}.${format}`, "public", async (c) => {
      const { page, limit } = readQuery(c, pageQuery());
      const [records, count] = await Promise.all([set.rows(c, { offset: (page - 1) * limit, limit }), set.count(c)]);
      if (!records.length && page > 1) throw notFound();
      const next = page * limit < count ? `${siteOf(c)}/open-data/v1/${set.dataset}.${format}?page=${page + 1}${limit === OPEN_DATA_LIMIT ? "" : `&limit=${limit}`}` : null;
      return openDataFile(c, format, { dataset: set.dataset, fields: set.fields, count, records, paging: { page, limit, next } });
    });
  }
  // /open-data documents the datasets the manifests declare, in whichever Worker serves it.
  if (!MODULES.some((m) => m.openData?.().some((d) => d.dataset === set.dataset))) throw new Error(`open data ${set.dataset}: declare it in its module's manifest (openData)`);
}

// Built on first use: on Node an import cycle can evaluate a module's top level before
// the constants it names are set.
let pageSchema: ReturnType<typeof buildPageQuery> | null = null;
const buildPageQuery = () => z.object({ page: pageNumber, limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(OPEN_DATA_LIMIT)), OPEN_DATA_LIMIT) });
const pageQuery = () => (pageSchema ??= buildPageQuery());

/** The district's public address, which open-data links start with. */
export const siteOf = (c: Context<AppEnv>) => `${publicOrigin(c)}${c.var.base}`;

export function openDataFile(c: Context<AppEnv>, format: "csv" | "json", file: OpenDataFile): Promise<Response> {
  const schema = `${siteOf(c)}/open-data#${file.dataset}`;
  const next = file.paging?.next;
  const headers: Record<string, string> = { link: `<${schema}>; rel="describedby"${next ? `, <${next}>; rel="next"` : ""}` };
  const values = (r: object) => file.fields.map((f) => (r as Record<string, string | number | null>)[f.name] ?? null);
  if (format === "csv") {
    headers["content-disposition"] = `inline; filename="${c.var.district.code}-${file.dataset}.csv"`;
    return conditional(c, toCsv([file.fields.map((f) => f.name), ...file.records.map(values)]), { contentType: CSV_CONTENT_TYPE, reusable: true, headers });
  }
  const body = JSON.stringify({
    dataset: file.dataset,
    district: c.var.district.code,
    schema,
    fields: file.fields.map((f) => ({ name: f.name, type: f.type, description: { "zh-CN": f.zh, en: f.en } })),
    count: file.count,
    ...file.paging,
    records: file.records.map((r) => Object.fromEntries(file.fields.map((f, i) => [f.name, values(r)[i]]))),
  });
  return conditional(c, body, { contentType: "application/json; charset=utf-8", reusable: true, headers });
}
