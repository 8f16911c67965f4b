import { describe, expect, it } from "vitest";
import { DISTRICT_ACTIONS } from "../../src/audit/action-label";
import { setUpModules } from "../../src/core/module-contract";
import { ROLES } from "../../src/data/schema";
import { isMessageKey, LOCALES, t } from "../../src/i18n/messages";
import { REASON_CODES } from "../../src/modules/disclosure/credit-grounds";
import { REGISTRATION_STATUSES } from "../../src/modules/disclosure/registration";
import { CHANGE_TYPES, ORG_TYPES, orgTypeKey, PROJECT_KINDS, SERVICE_FIELDS } from "../../src/modules/disclosure/schemas";
import { ADJUSTMENT_KINDS, ADJUSTMENT_OUTCOMES, CREDIT_LISTS, FILING_STATUSES, GRADE_STATUSES } from "../../src/modules/disclosure/tables";
import { APPLICATION_STATUSES as INCUBATION_STATUSES, PARK_SERVICES } from "../../src/modules/incubation/tables";
import { STEPS } from "../../src/modules/onboarding/config";
import { invitationState } from "../../src/modules/onboarding/invitations";
import { INVITABLE_ROLES } from "../../src/modules/onboarding/tables";
import {
  APPLICATION_STATUSES as POST_APPLICATION_STATUSES,
  END_REASONS,
  EMBEDDING_MODES,
  FUNDINGS,
  GRADES as POST_GRADES,
  HOST_TYPES,
  POST_KINDS,
  POST_STATUSES,
  QUALIFICATIONS,
  REWARD_KINDS,
  TRAINING_FORMS,
} from "../../src/modules/posts/schemas";
import { MODULES as MODULE_LIST } from "../../src/modules";
import { proposedLabel } from "../../src/review/notice-pages";
import { MODULES } from "../../src/tenants/settings";

// The catalog holds the modules' messages once they are set up, as the Worker's entry does.
setUpModules(MODULE_LIST);

// Every stored code a person reads (a status, kind, outcome, reason or role) goes through
// a label in both languages; a code without one would be shown raw. Each row pairs a set of
// codes (the constant the code validates against, or the column's type where there is no
// constant) with the message prefix its pages use.

const labelled: [prefix: string, codes: readonly string[]][] = [
  ["role.", [...ROLES, ...INVITABLE_ROLES]],
  ["audit.action.", DISTRICT_ACTIONS],
  ["module.", MODULES],
  ["staff.status.", ["active", "disabled"]],
  ["platform.status.", ["onboarding", "active", "suspended"]],
  ["onboarding.step.", STEPS],
  ["onboarding.staff.state.", (["accepted", "revoked", "pending"] as const).flatMap((status) => [invitationState({ status, expires_at: "2000-01-01T00:00:00Z" }), invitationState({ status, expires_at: "2999-01-01T00:00:00Z" })])],
  ["review.status.", ["awaiting_declaration", "clear", "conflicted", "moved"]],
  ["review.notice.outcome.", ["pending", "final", "overturned", "withdrawn"]],
  ["inc.status.", INCUBATION_STATUSES],
  ["inc.service.", PARK_SERVICES],
  ["inc.incubation.status.", ["active", "graduated", "eliminated"]],
  ["inc.space.", ["workstation", "office", "meeting_room", "available", "occupied", "maintenance"]],
  ["inc.milestone.", ["registered", "first_project", "first_grant", "other"]],
  ["inc.exit.", ["graduated", "extended", "eliminated"]],
  ["posts.hostType.", HOST_TYPES],
  ["posts.kind.", POST_KINDS],
  ["posts.mode.", EMBEDDING_MODES],
  ["posts.funding.", FUNDINGS],
  ["posts.qualification.", QUALIFICATIONS],
  ["posts.status.", POST_STATUSES],
  ["posts.training.", TRAINING_FORMS],
  ["posts.endReason.", END_REASONS],
  ["posts.grade.", POST_GRADES],
  ["posts.reward.", REWARD_KINDS],
  ["posts.application.", POST_APPLICATION_STATUSES],
  ["disclosure.kind.", ["annual_report", "project", "major_change"]],
  ["disclosure.grade.status.", GRADE_STATUSES],
  ["disclosure.adjust.kind.", ADJUSTMENT_KINDS],
  ["disclosure.adjust.outcome.", ADJUSTMENT_OUTCOMES],
  ["disclosure.list.", [...CREDIT_LISTS, "none"]],
  ["disclosure.list.exit.", ["rectified", "auto", "application", "transferred", "revoked"]],
  ["disclosure.filing.short.", FILING_STATUSES],
  ["disclosure.field.", SERVICE_FIELDS],
  ["disclosure.d.projectKind.", PROJECT_KINDS],
  ["disclosure.d.changeType.", CHANGE_TYPES],
  ["disclosure.reason.", REASON_CODES],
  ["disclosure.registration.status.", REGISTRATION_STATUSES],
  ["disclosure.org.kind.", ["registered", "founding_team"]],
  ["disclosure.org.verification.", ["unverified", "verified"]],
  ["disclosure.credit.request.", ["objection", "rectification", "exit"]],
  ["disclosure.credit.requestStatus.", ["pending", "accepted", "refused"]],
  ["disclosure.eval.status.", ["enrolled", "in_notice", "final", "returned"]],
  ["disclosure.eval.appealStatus.", ["pending", "upheld", "dismissed"]],
];

const han = /\p{Script=Han}/u;

function expectLabel(key: string, code: string) {
  expect(isMessageKey(key), `${key} has no label`).toBe(true);
  if (!isMessageKey(key)) return;
  const [zh, en] = LOCALES.map((l) => t(l, key));
  expect(zh, `${key} in zh-CN`).toMatch(han);
  expect(en!.trim(), `${key} in English`).not.toBe("");
  expect(en, `${key} in English is the code`).not.toBe(code);
}

describe("every code shown to people has a label in both languages", () => {
  it.each(labelled)("%s", (prefix, codes) => {
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expectLabel(`${prefix}${code}`, code);
  });

  it("organization types and proposed review outcomes", () => {
    for (const o of ORG_TYPES) expectLabel(orgTypeKey(o.value), o.value);
    for (const outcome of ["admit", "award"]) {
      for (const l of LOCALES) expect(proposedLabel(outcome, l)).not.toBe(outcome);
    }
  });
});
