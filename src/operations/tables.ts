// PLATFORM tables of src/operations (migrations/platform/0003_operations.sql).

export type MovePhase = "copying" | "copied" | "switched" | "done" | "rolled_back";

export interface OperationsTables {
  job_runs: {
    id: string;
    cron: string;
    scheduled_at: string;
    started_at: string;
    finished_at: string | null;
    districts: number;
    failures: number;
    outcomes_json: string;
  };
  job_retries: {
    job: string;
    district_code: string;
    first_failed_at: string;
    attempts: number;
    last_error: string;
  };
  district_moves: {
    id: string;
    district_code: string;
    from_shard: string;
    to_shard: string;
    phase: MovePhase;
    counts_json: string;
    started_by: string;
    started_at: string;
    updated_at: string;
    last_error: string | null;
  };
}
