import type { Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { AppError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import type { ApplicationStatus } from "./tables";

// The application's state machine, in one table. Every transition is written as a
// guarded batch: it applies only if the application is still in a "from" state at the
// version the actor saw, so two staff deciding at once cannot both win.

export const TRANSITIONS = {
  submit: { from: ["draft", "returned"], to: "submitted" },
  withdraw: { from: ["draft", "submitted", "returned", "in_review"], to: "withdrawn" },
  pass: { from: ["submitted"], to: "in_review" },
  return: { from: ["submitted"], to: "returned" },
  reject_eligibility: { from: ["submitted"], to: "rejected" },
  propose: { from: ["in_review"], to: "proposed" },
  reject: { from: ["in_review"], to: "rejected" },
  publish: { from: ["proposed"], to: "in_notice" },
  finalize: { from: ["in_notice"], to: "admitted" },
  overturn: { from: ["in_notice"], to: "in_review" },
} as const satisfies Record<string, { from: readonly ApplicationStatus[]; to: ApplicationStatus }>;

export type Action = keyof typeof TRANSITIONS;

export function allowedActions(status: ApplicationStatus): Action[] {
  return (Object.keys(TRANSITIONS) as Action[]).filter((a) => (TRANSITIONS[a].from as readonly string[]).includes(status));
}

/** 409 naming the actions possible from the current state. */
export function illegalTransition(status: ApplicationStatus, locale: Locale): AppError {
  const allowed = allowedActions(status);
  return new AppError({
    status: 409,
    code: "illegal_transition",
    message: "inc.illegal",
    params: { status: t(locale, `inc.status.${status}`), allowed: allowed.map((a) => t(locale, `inc.action.${a}`)).join("、") || "—" },
    extra: { status, allowed },
  });
}

export interface TransitionInput {
  application: { id: string; status: ApplicationStatus; version: number };
  action: Action;
  expectedVersion?: number; // from the client; defaults to the version just read
  note?: string;
  set?: Record<string, string | number | null>;
  now: string;
  locale: Locale;
}

/** Guard + update + history event; throws 409 before writing if the action is impossible now. */
export function transition(data: DistrictData, input: TransitionInput): Compilable[] {
  const rule = TRANSITIONS[input.action];
  const { application } = input;
  if (!(rule.from as readonly string[]).includes(application.status)) throw illegalTransition(application.status, input.locale);
  const version = input.expectedVersion ?? application.version;
  return [
    data.guard(
      data
        .selectFrom("applications")
        .select("id")
        .where("id", "=", application.id)
        .where("version", "=", version)
        .where("status", "in", [...rule.from]),
    ),
    data
      .updateTable("applications")
      .set({ ...(input.set ?? {}), status: rule.to, version: version + 1, updated_at: input.now })
      .where("id", "=", application.id),
    data.insertInto("application_events", {
      id: newId(),
      application_id: application.id,
      at: input.now,
      from_status: application.status,
      to_status: rule.to,
      actor_id: data.actor.id,
      actor_role: data.actor.role,
      note: input.note ?? "",
    }),
  ];
}
