import { type Locale, t } from "../../i18n/messages";

const yuan = (n: number) => n.toLocaleString("en-US");

/** A stated pay range as a person reads it; unstated reads "negotiable", as postings say. */
export function payLabel(l: Locale, min: number | null, max: number | null): string {
  if (min && max) return t(l, "posts.pay.range", { min: yuan(min), max: yuan(max) });
  if (min) return t(l, "posts.pay.from", { min: yuan(min) });
  if (max) return t(l, "posts.pay.upTo", { max: yuan(max) });
  return t(l, "posts.pay.negotiable");
}
