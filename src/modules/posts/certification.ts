import { addDays, addMonths } from "../../lib/beijing-time";
import { isWorkingDay } from "../../lib/holiday-calendar";
import type { Qualification } from "./tables";

// The national rules on a social worker's certificate, as pure functions of a date so
// that every boundary is tested with a fixed "today" (docs/domain.md, social-work posts):
//   - 社会工作者职业水平证书登记办法 (民发〔2009〕44号): a registration is valid for 3 years;
//     再登记 is applied for within the 3 months before it runs out.
//   - 社会工作者继续教育办法: within each registration period, 助理社会工作师 at least
//     72 hours of continuing education, 社会工作师 and 高级社会工作师 at least 90 hours.
//   - 民法典 第二百零一条、第二百零二条: a period counted in years starts the day after the
//     registration, and its last day is the corresponding day of the last year (the end of
//     the month when that day does not exist, as for 29 February).
//   - 民法典 第二百零三条: when that last day is a legal rest day, the period ends on the day
//     after the rest days. The registration period is counted as a civil-law period (above)
//     and no rule on certificates says otherwise (第二百零四条), so the renewal deadline moves
//     to the first working day on or after the last day (State Council holiday calendar,
//     weekends and 调休 included): a worker cannot file with a closed registration office.
//     The dates of the period itself stay as counted; only "overdue" starts later.

/** Levels in order: a post asking for one is open to that level and every level above. */
export const QUALIFICATION_RANK: Record<Qualification, number> = { none: 0, assistant: 1, intermediate: 2, senior: 3 };

export function meetsQualification(held: Qualification, required: Qualification): boolean {
  return QUALIFICATION_RANK[held] >= QUALIFICATION_RANK[required];
}

export const REGISTRATION_YEARS = 3;
export const RENEWAL_WINDOW_MONTHS = 3;

/** Continuing-education hours each registration period asks for, by level. */
export const EDUCATION_HOURS: Record<Exclude<Qualification, "none">, number> = { assistant: 72, intermediate: 90, senior: 90 };

export type RegistrationState = "current" | "due" | "overdue";
export type EducationState = "met" | "in_progress" | "due" | "overdue";

export interface RegistrationPeriod {
  /** First day of the period. */
  startsOn: string;
  /** Last day the registration is valid. */
  validUntil: string;
  /** First day of the window in which 再登记 is applied for. */
  renewFrom: string;
  /** Last day 再登记 is in time: `validUntil`, or the working day after the rest days it falls on. */
  renewBy: string;
}

/** The first working day on or after `date` (民法典 第二百零三条第一款). */
export function deadlineOn(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** A period from its stored start and end. */
export function periodOf(startsOn: string, validUntil: string): RegistrationPeriod {
  return { startsOn, validUntil, renewFrom: addMonths(validUntil, -RENEWAL_WINDOW_MONTHS), renewBy: deadlineOn(validUntil) };
}

/** The period a registration made on `startsOn` covers: valid through the same day 3 years on. */
export function registrationPeriod(startsOn: string): RegistrationPeriod {
  return periodOf(startsOn, addMonths(startsOn, REGISTRATION_YEARS * 12));
}

/**
 * Where a renewal's period starts: the day after the current one ends when it is renewed
 * in time, by `renewBy` (the periods run on without a gap or an overlap), else the day it is recorded.
 */
export function renewalStart(previous: RegistrationPeriod | null, registeredOn: string): string {
  if (previous && registeredOn <= previous.renewBy) return addDays(previous.validUntil, 1);
  return registeredOn;
}

export function registrationState(period: RegistrationPeriod, today: string): RegistrationState {
  if (today > period.renewBy) return "overdue";
  return today >= period.renewFrom ? "due" : "current";
}

export interface EducationStatus {
  required: number;
  hours: number;
  state: EducationState;
}

/**
 * Continuing education within one registration period: the hours of the training held
 * in it against what the level asks for. Short hours are "due" once the renewal window
 * opens (再登记 asks for them) and "overdue" once the renewal deadline has passed.
 */
export function educationStatus(level: Exclude<Qualification, "none">, period: RegistrationPeriod, trainings: readonly { hours: number; heldOn: string }[], today: string): EducationStatus {
  const required = EDUCATION_HOURS[level];
  const sum = trainings.filter((x) => x.heldOn >= period.startsOn && x.heldOn <= period.validUntil).reduce((s, x) => s + Number(x.hours), 0);
  const hours = Math.round(sum * 10) / 10;
  if (hours >= required) return { required, hours, state: "met" };
  if (today > period.renewBy) return { required, hours, state: "overdue" };
  return { required, hours, state: today >= period.renewFrom ? "due" : "in_progress" };
}
