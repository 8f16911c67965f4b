// Kysely types of migrations/district/0029_receipts.sql.

export interface ReceiptsTable {
  district_id: string;
  year: number;
  seq: number;
  kind: string;
  subject_id: string;
  check_code: string;
  issued_at: string;
}

export interface ReceiptsTables {
  receipts: ReceiptsTable;
}

declare module "../data/schema" {
  interface DistrictTables extends ReceiptsTables {}
}
