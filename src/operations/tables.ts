import type { DistrictMovesTable } from "../data/schema";

// The PLATFORM tables of operations are in src/data/schema.ts with the registry's; the
// shard table below marks a district whose rows are being loaded in whole
// (migrations/district/0006_bulk_load.sql).

export type MovePhase = DistrictMovesTable["phase"];

export interface DistrictLoadsTable {
  district_id: string;
  kind: "restore" | "move";
  started_at: string;
}

export interface OperationsTables {
  district_loads: DistrictLoadsTable;
}

declare module "../data/schema" {
  interface DistrictTables extends OperationsTables {}
}
