import { sql, type Compilable } from "kysely";
import { isUniqueViolation } from "../../data/kysely";
import type { DistrictData } from "../../data/district-data";
import type { Env } from "../../env";
import type { DisclosureActor } from "./actor";
import { MAX_ATTACHMENT_BYTES, sniffType } from "../../http/attachments";
import { AppError, notFound } from "../../http/errors";
import { newId } from "../../lib/ids";
import { discardFile, storeFile } from "../../operations/files";
import { beijingDate } from "../../lib/beijing-time";
import { filingStatusSql } from "./rules";
import { toFen, type annualReportSchema, type majorChangeSchema, type projectSchema } from "./schemas";
import type { DisclosureKind } from "./tables";
import type * as z from "zod/mini";

// Disclosures: published once, corrected by adding versions. A correction never
// changes an earlier version; the disclosure row only points at the newest one. An
// annual report also moves the organization's filing status.

export interface AnnualReportContent {
  assets: number; // fen
  liabilities: number;
  income: { donations: number; grants: number; services: number; dues: number; other: number };
  expenses: { programs: number; admin: number; fundraising: number; other: number };
  activities: string;
}
export interface ProjectContent {
  projectKind: string;
  funder: string;
  amount: number | null;
  startOn: string;
  endOn: string | null;
  beneficiaries: string;
  description: string;
}
export interface MajorChangeContent {
  changeType: string;
  effectiveOn: string;
  before: string;
  after: string;
  description: string;
}

export function annualContent(v: z.output<typeof annualReportSchema>): AnnualReportContent {
  return {
    assets: toFen(v.assets),
    liabilities: toFen(v.liabilities),
    income: { donations: toFen(v.incomeDonations), grants: toFen(v.incomeGrants), services: toFen(v.incomeServices), dues: toFen(v.incomeDues), other: toFen(v.incomeOther) },
    expenses: { programs: toFen(v.expensePrograms), admin: toFen(v.expenseAdmin), fundraising: toFen(v.expenseFundraising), other: toFen(v.expenseOther) },
    activities: v.activities,
  };
}

export function projectContent(v: z.output<typeof projectSchema>): ProjectContent {
  return { projectKind: v.projectKind, funder: v.funder, amount: v.amount ? toFen(v.amount) : null, startOn: v.startOn, endOn: v.endOn || null, beneficiaries: v.beneficiaries, description: v.description };
}

export function majorChangeContent(v: z.output<typeof majorChangeSchema>): MajorChangeContent {
  return { changeType: v.changeType, effectiveOn: v.effectiveOn, before: v.before, after: v.after, description: v.description };
}

/** Form values that show a stored version again (for a correction form). */
export function contentToForm(kind: DisclosureKind, content: unknown): Record<string, string> {
  const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? "" : (fen / 100).toFixed(2));
  if (kind === "annual_report") {
    const c = content as AnnualReportContent;
    return {
      assets: yuan(c.assets),
      liabilities: yuan(c.liabilities),
      incomeDonations: yuan(c.income.donations),
      incomeGrants: yuan(c.income.grants),
      incomeServices: yuan(c.income.services),
      incomeDues: yuan(c.income.dues),
      incomeOther: yuan(c.income.other),
      expensePrograms: yuan(c.expenses.programs),
      expenseAdmin: yuan(c.expenses.admin),
      expenseFundraising: yuan(c.expenses.fundraising),
      expenseOther: yuan(c.expenses.other),
      activities: c.activities,
    };
  }
  if (kind === "project") {
    const c = content as ProjectContent;
    return { projectKind: c.projectKind, funder: c.funder, amount: yuan(c.amount), startOn: c.startOn, endOn: c.endOn ?? "", beneficiaries: c.beneficiaries, description: c.description };
  }
  const c = content as MajorChangeContent;
  return { changeType: c.changeType, effectiveOn: c.effectiveOn, before: c.before, after: c.after, description: c.description };
}

/** Publishes a new disclosure for the organization; returns its id. */
export async function publishDisclosure(data: DistrictData, actor: DisclosureActor, input: { organizationId: string; kind: DisclosureKind; reportYear: number | null; title: string; content: unknown }, now: string): Promise<string> {
  const today = beijingDate(now);
  const id = newId();
  const statements: Compilable[] = [
    data.insertInto("disclosures", {
      id,
      organization_id: input.organizationId,
      kind: input.kind,
      report_year: input.reportYear,
      title: input.title,
      current_version: 1,
      first_published_at: now,
      updated_at: now,
    }),
    data.insertInto("disclosure_versions", { disclosure_id: id, version: 1, title: input.title, content_json: JSON.stringify(input.content), correction_note: null, published_at: now, published_by: actor.id }),
  ];
  if (input.kind === "annual_report" && input.reportYear !== null) {
    const year = input.reportYear;
    // Only a newer year moves the filing date; filing an old year late changes nothing newer.
    statements.push(
      data
        .updateTable("organizations")
        .set({
          last_report_filed_on: sql`case when coalesce(last_report_year, 0) < ${year} then ${today} else last_report_filed_on end`,
          last_report_year: sql`max(coalesce(last_report_year, 0), ${year})`,
          updated_at: now,
        })
        .where("id", "=", input.organizationId),
      data
        .updateTable("organizations")
        .set({ filing_status: filingStatusSql(today, data.district.settings) })
        .where("id", "=", input.organizationId),
    );
  }
  try {
    await data.write(statements, { action: "disclosure.published", targetType: "disclosure", targetId: id, after: { organization: input.organizationId, kind: input.kind, year: input.reportYear, title: input.title } });
  } catch (error) {
    if (isUniqueViolation(error, "disclosures")) throw new AppError({ status: 409, code: "duplicate_year", message: "disclosure.d.duplicateYear", params: { year: input.reportYear ?? "" } });
    throw error;
  }
  return id;
}

/** Adds a version; refused (409) if someone else corrected it since `expectedVersion` was read. */
export async function correctDisclosure(data: DistrictData, actor: DisclosureActor, input: { disclosureId: string; expectedVersion: number; title: string; content: unknown; note: string }, now: string): Promise<number> {
  const next = input.expectedVersion + 1;
  const stale = () => new AppError({ status: 409, code: "conflict", message: "disclosure.d.stale" });
  await data.write(
    [
      data.guard(data.selectFrom("disclosures").select("id").where("id", "=", input.disclosureId).where("current_version", "=", input.expectedVersion)),
      data.insertInto("disclosure_versions", {
        disclosure_id: input.disclosureId,
        version: next,
        title: input.title,
        content_json: JSON.stringify(input.content),
        correction_note: input.note,
        published_at: now,
        published_by: actor.id,
      }),
      data.updateTable("disclosures").set({ current_version: next, title: input.title, updated_at: now }).where("id", "=", input.disclosureId),
    ],
    { action: "disclosure.corrected", targetType: "disclosure", targetId: input.disclosureId, after: { version: next, note: input.note } },
    { stale, rules: { "unique:disclosure_versions": stale } },
  );
  return next;
}

/** The type of a file from its first bytes; names and browsers' claims are not trusted. */

/** A file name safe to store and to send back in Content-Disposition. */
export function cleanFilename(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>]/g, "")
    .trim();
  return (base || "attachment").slice(0, 120);
}

export async function addAttachment(data: DistrictData, env: Env, actor: DisclosureActor, input: { disclosure: { id: string; current_version: number }; file: File }, now: string): Promise<string> {
  const { disclosure, file } = input;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes);
  if (!type || bytes.byteLength > MAX_ATTACHMENT_BYTES || bytes.byteLength === 0) throw new AppError({ status: 422, code: "bad_file", message: "disclosure.d.badFile" });
  const id = newId();
  const key = `${data.districtId}/disclosures/${disclosure.id}/${id}`;
  const filename = cleanFilename(file.name);
  await storeFile(env, key, bytes, { httpMetadata: { contentType: type }, customMetadata: { district: data.districtId, disclosure: disclosure.id } });
  try {
    await data.write(
      [
        data.insertInto("disclosure_attachments", {
          id,
          disclosure_id: disclosure.id,
          version: disclosure.current_version,
          filename,
          content_type: type,
          size: bytes.byteLength,
          r2_key: key,
          uploaded_by: actor.id,
          uploaded_at: now,
        }),
      ],
      { action: "disclosure.attachment_added", targetType: "disclosure", targetId: disclosure.id, after: { attachment: id, filename, type, size: bytes.byteLength } },
    );
  } catch (error) {
    // The record is what makes a file visible: without it, the object must not linger.
    await discardFile(env, key);
    throw error;
  }
  return id;
}

export async function disclosureOfOrganization(data: DistrictData, id: string, organizationId: string) {
  const row = await data
    .selectFrom("disclosures")
    .select(["id", "organization_id", "kind", "report_year", "title", "current_version", "first_published_at"])
    .where("id", "=", id)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}
