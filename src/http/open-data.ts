import type { Context } from "hono";
import type { AppEnv } from "../env";
import { CSV_CONTENT_TYPE, toCsv } from "../lib/csv";
import { conditional } from "./cache";
import { publicOrigin } from "./origin";

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
