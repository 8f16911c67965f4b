import { isMessageKey, type Locale, t } from "../i18n/messages";

/** Operators' actions on a district, each labelled in both languages under audit.action.<code>. */
export const DISTRICT_ACTIONS = ["district.created", "district.admin_invited", "district.admin_invitation_resent", "district.suspended", "district.reactivated", "district.deletion_started", "district.deleted", "district.restored"] as const;

/** An audit action as a person reads it; an action without a label yet keeps its code. */
export function actionLabel(l: Locale, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(l, key) : action;
}
