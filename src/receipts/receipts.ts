import * as z from "zod/mini";
import { CompiledQuery, type Compilable } from "kysely";
import type { ReceiptKind } from "../core/module-contract";
import type { DistrictData } from "../data/district-data";
import { beijingDate } from "../lib/beijing-time";

// Receipt numbers (办件编号): `<district>-<year>-<sequence>` plus a check code. The number
// is allocated by the statement issueReceipt() returns, placed in the same write as the
// submission, so a refused submission takes no number and two submissions never share one.

const CHECK_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I/L: read aloud and typed from paper

function newCheckCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => CHECK_ALPHABET[b % CHECK_ALPHABET.length]).join("");
}

export function formatReceiptNo(district: string, year: number, seq: number): string {
  return `${district}-${year}-${String(seq).padStart(6, "0")}`;
}

/** A typed number split into its parts; null when it cannot be one. */
export function parseReceiptNo(typed: string): { district: string; year: number; seq: number } | null {
  const m = /^(\d{6})-?(\d{4})-?(\d{6,9})$/.exec(typed.replace(/\s/g, "").replace(/[－—–]/g, "-"));
  return m ? { district: m[1]!, year: Number(m[2]), seq: Number(m[3]) } : null;
}

/**
 * The statement that gives the record its receipt, for the submission's write. A record
 * that already has one (a returned application resubmitted) keeps it.
 */
export function issueReceipt(data: DistrictData, kind: string, subjectId: string, now: string): Compilable {
  const year = Number(beijingDate(now).slice(0, 4));
  const compiled = CompiledQuery.raw(
    `insert into receipts (district_id, year, seq, kind, subject_id, check_code, issued_at)
     select ?, ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? from receipts where district_id = ? and year = ?
     on conflict (district_id, kind, subject_id) do nothing`,
    [data.districtId, year, kind, subjectId, newCheckCode(), now, data.districtId, year],
  );
  return { compile: () => compiled };
}

export type Receipt = { no: string; check: string; kind: string; subjectId: string; issuedAt: string };

function toReceipt(data: DistrictData, row: { year: number; seq: number; check_code: string; kind: string; subject_id: string; issued_at: string }): Receipt {
  return { no: formatReceiptNo(data.districtId, row.year, row.seq), check: row.check_code, kind: row.kind, subjectId: row.subject_id, issuedAt: row.issued_at };
}

const COLUMNS = ["year", "seq", "check_code", "kind", "subject_id", "issued_at"] as const;

/** The receipt of a record, for its submitter's confirmation page. */
export async function receiptOf(data: DistrictData, kind: string, subjectId: string): Promise<Receipt | null> {
  const row = await data.selectFrom("receipts").select(COLUMNS).where("kind", "=", kind).where("subject_id", "=", subjectId).executeTakeFirst();
  return row ? toReceipt(data, row) : null;
}

/** The receipt a number and check code name in this district; null for anything else. */
export async function findReceipt(data: DistrictData, no: string, check: string): Promise<Receipt | null> {
  const parsed = parseReceiptNo(no.trim());
  if (!parsed || parsed.district !== data.districtId) return null;
  const row = await data.selectFrom("receipts").select(COLUMNS).where("year", "=", parsed.year).where("seq", "=", parsed.seq).executeTakeFirst();
  if (!row || row.check_code !== check.trim().toUpperCase()) return null;
  return toReceipt(data, row);
}

const kinds = new Map<string, ReceiptKind>();

export function registerReceiptKinds(list: readonly ReceiptKind[]): void {
  for (const kind of list) kinds.set(kind.name, kind);
}

export function receiptKind(name: string): ReceiptKind | undefined {
  return kinds.get(name);
}

/** A record's receipt in the JSON API, where its page shows it: null before the record is submitted. */
export const receiptOutput = z.nullable(z.object({ no: z.string(), check: z.string(), issuedAt: z.string() }));

export async function receiptJson(data: DistrictData, kind: string, subjectId: string): Promise<z.output<typeof receiptOutput>> {
  const receipt = await receiptOf(data, kind, subjectId);
  return receipt && { no: receipt.no, check: receipt.check, issuedAt: receipt.issuedAt };
}

/** The receipt numbers of several records of one kind, for a list. */
export async function receiptNumbers(data: DistrictData, kind: string, subjectIds: readonly string[]): Promise<Map<string, string>> {
  const rows = subjectIds.length ? await data.selectFrom("receipts").select(["subject_id", "year", "seq"]).where("kind", "=", kind).where("subject_id", "in", subjectIds).execute() : [];
  return new Map(rows.map((r) => [r.subject_id, formatReceiptNo(data.districtId, r.year, r.seq)]));
}
