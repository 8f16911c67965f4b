import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import type { Locale } from "../i18n/messages";
import { HtmlEscapedCallbackPhase, resolveCallback } from "hono/utils/html";
import { stackTables } from "../ui/table-cards";

// An error summary must say which field each message is about ("单位名称：此项必填。",
// never "此项必填。" alone). The summary is drawn above its form, before the fields and
// their labels exist, so every summary entry carries an empty slot naming the field's
// id (src/ui/form.tsx), and this step fills each slot with the text of that field's
// <label> or <legend> once the whole page is rendered. One place, every form. A form
// that passes its labels to the summary (ErrorSummary's labels) leaves no slot to fill.

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

/** The page with its summary labels filled and its hand-written tables stacked; a page with neither is returned untouched after two substring checks. */
export function finishPage(html: string, locale: Locale): string {
  return stackTables(fillSummaryLabels(html, locale));
}

/**
 * Finishes every page rendered through `c.html` (and, through cachedHtml, every cached
 * public page) as its string is produced, so no response body is read back and re-encoded.
 */
export function finishPagesAsRendered(c: Context<AppEnv>): void {
  const html = c.html;
  const finish = (s: unknown) => finishPage(String(s), c.get("locale") ?? "zh-CN");
  c.html = ((body: unknown, ...rest: unknown[]) => {
    const send = html as (b: string, ...r: unknown[]) => Response | Promise<Response>;
    if (typeof body === "string") return send(finish(body), ...rest);
    return resolveCallback(body as string, HtmlEscapedCallbackPhase.Stringify, false, {}).then((s) => send(finish(s), ...rest));
  }) as typeof c.html;
}

export const summaryLabels: MiddlewareHandler<AppEnv> = async (c, next) => {
  finishPagesAsRendered(c);
  await next();
};
