import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import type { Locale } from "../i18n/messages";
import { stackTables } from "../ui/table-cards";

// An error summary must say which field each message is about ("单位名称：此项必填。",
// never "此项必填。" alone). The summary is drawn above its form, before the fields and
// their labels exist, so every summary entry carries an empty slot naming the field's
// id (src/ui/form.tsx), and this step fills each slot with the text of that field's
// <label> or <legend> once the whole page is rendered. One place, every form.

export const LABEL_SLOT = "data-label-of";

const SLOT = new RegExp(`<span ${LABEL_SLOT}="([^"]+)"></span>`, "g");

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The visible text of the label (or fieldset legend) of the field `id`, as escaped HTML. */
export function labelText(html: string, id: string): string | null {
  const at = escapeRegExp(id);
  const m = new RegExp(`<label for="${at}"[^>]*>([\\s\\S]*?)</label>`).exec(html) ?? new RegExp(`<fieldset[^>]* id="${at}"[^>]*>\\s*<legend[^>]*>([\\s\\S]*?)</legend>`).exec(html);
  if (!m) return null;
  // The HTML is already escaped; dropping tags (a "required" mark, an icon) leaves text.
  const text = m[1]!
    .replace(/<[^>]*>/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text || null;
}

export function fillSummaryLabels(html: string, locale: Locale): string {
  if (!html.includes(LABEL_SLOT)) return html;
  const sep = locale === "en" ? ": " : "：";
  return html.replace(SLOT, (slot, id: string) => {
    const label = labelText(html, id);
    return label ? `<span ${LABEL_SLOT}="${id}">${label}${sep}</span>` : slot;
  });
}

export const summaryLabels: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!(c.res.headers.get("content-type") ?? "").startsWith("text/html") || !c.res.body) return;
  const html = await c.res.text();
  const filled = stackTables(fillSummaryLabels(html, c.get("locale") ?? "zh-CN"));
  if (filled === html) {
    c.res = new Response(html, c.res);
    return;
  }
  const headers = new Headers(c.res.headers);
  headers.delete("content-length");
  const status = c.res.status;
  // Cleared first, so that Hono does not copy the old length back onto the new body.
  c.res = undefined;
  c.res = new Response(filled, { status, headers });
};
