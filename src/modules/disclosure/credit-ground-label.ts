import { type Locale, type MessageKey, t } from "../../i18n/messages";
import { creditGround, NUMERALS } from "./credit-grounds";

// Kept apart from the grounds' catalogue: the catalogue feeds the schemas, which the
// message catalogues reach through the module list, so it must not import them back.

/**
 * A ground as people read it, with its item in the 办法's list of grounds for that list,
 * e.g. "第（六）项 通过登记的住所无法取得联系"; a code outside the catalogue reads as its label.
 */
export function groundLabel(l: Locale, list: string, code: string): string {
  const label = t(l, `disclosure.reason.${code}` as MessageKey);
  const ground = creditGround(list, code);
  return ground ? t(l, "disclosure.ground.item", { zh: NUMERALS[ground.item] ?? "", n: ground.item, label }) : label;
}
