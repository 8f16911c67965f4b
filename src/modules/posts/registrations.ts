import type * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import { beijingToday } from "../../lib/beijing-time";
import { newId } from "../../lib/ids";
import { type EducationStatus, educationStatus, periodOf, type RegistrationPeriod, registrationPeriod, type RegistrationState, registrationState, renewalStart } from "./certification";
import { fieldProblem } from "./rules";
import type { PostsActor } from "./scope";
import type { registrationInput } from "./schemas";
import type { RegistrationKind } from "./tables";

import type { WorkerView } from "./workers";
import type { TrainingView } from "./listings";

// A worker's certificate registrations (登记, 再登记) and, for each registration period,
// the continuing-education hours from their training records, with the states staff and
// the worker see on the profile. The rules themselves are in certification.ts.

export interface RegistrationView extends RegistrationPeriod {
  id: string;
  kind: RegistrationKind;
  registeredOn: string;
  /** Continuing education within this period. */
  education: EducationStatus;
}

export interface CertificateStatus {
  /** Whether the worker holds a qualification, without which nothing is registered. */
  qualified: boolean;
  /** Newest first. */
  registrations: RegistrationView[];
  /** "unregistered" when qualified and nothing is recorded yet. */
  state: RegistrationState | "unregistered" | null;
  current: RegistrationView | null;
}

export async function registrationsOf(data: DistrictData, workerId: string): Promise<{ id: string; kind: RegistrationKind; registeredOn: string; startsOn: string; validUntil: string }[]> {
  return data.selectFrom("worker_registrations").select(["id", "kind", "registered_on as registeredOn", "starts_on as startsOn", "valid_until as validUntil"]).where("worker_id", "=", workerId).orderBy("starts_on", "desc").execute();
}

/** The worker's registrations and continuing education as of `today` (Beijing date). */
export function certificateStatus(worker: Pick<WorkerView, "qualification">, rows: Awaited<ReturnType<typeof registrationsOf>>, trainings: readonly Pick<TrainingView, "hours" | "heldOn">[], today = beijingToday()): CertificateStatus {
  const level = worker.qualification;
  if (level === "none") return { qualified: false, registrations: [], state: null, current: null };
  const registrations = rows.map((r) => {
    // The stored end is the rule's end for the period's start; the rule gives the window and deadline.
    const period = periodOf(r.startsOn, r.validUntil);
    return { ...period, id: r.id, kind: r.kind, registeredOn: r.registeredOn, education: educationStatus(level, period, trainings, today) };
  });
  const current = registrations[0] ?? null;
  return { qualified: true, registrations, current, state: current ? registrationState(current, today) : "unregistered" };
}

/**
 * Records a registration. The first opens a period on its date; a renewal made while the
 * current period runs opens the next one the day after it ends (certification.ts). Two
 * people recording at once cannot both open a period: the unique key on the start and
 * the guard on the newest registration refuse the second.
 */
export async function recordRegistration(data: DistrictData, actor: PostsActor, worker: WorkerView, input: z.output<typeof registrationInput>, now: string): Promise<string> {
  const l = actor.locale;
  if (worker.qualification === "none") throw fieldProblem(l, 422, "registeredOn", "posts.error.registrationNoQualification");
  if (input.registeredOn > beijingToday(Date.parse(now))) throw fieldProblem(l, 422, "registeredOn", "posts.error.registrationFuture");
  const [latest] = await registrationsOf(data, worker.id);
  if (latest && input.registeredOn < latest.registeredOn) throw fieldProblem(l, 422, "registeredOn", "posts.error.registrationBefore", { date: latest.registeredOn });
  const previous = latest ? periodOf(latest.startsOn, latest.validUntil) : null;
  const period = registrationPeriod(renewalStart(previous, input.registeredOn));
  const kind: RegistrationKind = latest ? "renewal" : "first";
  const id = newId();
  // Someone else's registration since this one was read: the batch is refused.
  let since = data.selectFrom("worker_registrations").select("id").where("worker_id", "=", worker.id);
  if (latest) since = since.where("starts_on", ">", latest.startsOn);
  await data.write(
    [
      data.guard(
        data
          .selectFrom("social_workers")
          .select("id")
          .where("id", "=", worker.id)
          .where((eb) => eb.not(eb.exists(since))),
      ),
      data.insertInto("worker_registrations", {
        id,
        worker_id: worker.id,
        kind,
        registered_on: input.registeredOn,
        starts_on: period.startsOn,
        valid_until: period.validUntil,
        recorded_by: actor.id,
        created_at: now,
      }),
    ],
    { action: "registration.recorded", targetType: "social_worker", targetId: worker.id, after: { registration: id, kind, registeredOn: input.registeredOn, startsOn: period.startsOn, validUntil: period.validUntil } },
    {
      stale: () => fieldProblem(l, 409, "registeredOn", "posts.error.registrationExists"),
      rules: { "unique:worker_registrations": () => fieldProblem(l, 409, "registeredOn", "posts.error.registrationExists") },
    },
  );
  return id;
}
