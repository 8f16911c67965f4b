import type { District } from "../fixtures/district";
import { Browser } from "../helpers";

// A resident's need through the public form of the district's first community, as a
// resident without an account leaves it, and the row it became.

/** Submits the form; answers the receipt code the resident is sent on to. */
export async function residentNeed(d: Pick<District, "path">, fields: Record<string, string>): Promise<string> {
  const form = d.path("/n/001001");
  const b = new Browser();
  const once = /name="_once" value="([^"]+)"/.exec(await (await b.fetch(form)).text())![1]!;
  const res = await b.fetch(form, { method: "POST", form: { _csrf: b.csrf, _once: once, category: "elderly", description: "希望有人定期探访独居老人。", ...fields } });
  return /\/needs\/status\/([A-Z0-9]+)/.exec(res.headers.get("location")!)![1]!;
}

export const needOf = (d: Pick<District, "db" | "code">, receipt: string) => d.db.prepare("SELECT id, version FROM linkage_needs WHERE district_id = ? AND receipt_code = ?").bind(d.code, receipt).first<{ id: string; version: number }>();
