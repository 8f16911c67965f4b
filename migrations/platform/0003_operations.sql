-- Operations: scheduled runs with their per-district outcomes, failed jobs waiting for
-- a retry, and moves of a district between shards (see src/operations).

-- Set while a district must not be written (its data is being moved between shards):
-- writes answer 503 with Retry-After, reads go on. NULL the rest of the time.
ALTER TABLE districts ADD COLUMN write_lock TEXT CHECK (write_lock IN ('moving'));

-- One row per scheduled run: when, which trigger, and what each job did per district.
CREATE TABLE job_runs (
  id             TEXT PRIMARY KEY,
  cron           TEXT NOT NULL,
  scheduled_at   TEXT NOT NULL,              -- the trigger's time, the jobs' clock
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  districts      INTEGER NOT NULL DEFAULT 0,
  failures       INTEGER NOT NULL DEFAULT 0,
  outcomes_json  TEXT NOT NULL DEFAULT '[]'  -- [{job, district, changed, error?, retry?}]
);
CREATE INDEX job_runs_by_time ON job_runs (scheduled_at);

-- A job that failed (or was skipped) for one district, run again by every following
-- trigger until it succeeds.
CREATE TABLE job_retries (
  job            TEXT NOT NULL,
  district_code  TEXT NOT NULL,
  first_failed_at TEXT NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 1,
  last_error     TEXT NOT NULL,
  PRIMARY KEY (job, district_code)
);

-- A district's move from one shard to another. The phase says where an interrupted
-- move stands, so that it can be resumed or rolled back:
--   copying  → rows are being copied (the district is read-only)
--   copied   → the target holds exactly the rows of the source (counts checked)
--   switched → the registry points at the target; the source rows are being removed
--   done / rolled_back → finished; the row stays as history
CREATE TABLE district_moves (
  id             TEXT PRIMARY KEY,
  district_code  TEXT NOT NULL,
  from_shard     TEXT NOT NULL,
  to_shard       TEXT NOT NULL,
  phase          TEXT NOT NULL CHECK (phase IN ('copying', 'copied', 'switched', 'done', 'rolled_back')),
  counts_json    TEXT NOT NULL DEFAULT '{}', -- rows per table copied, and files checked
  started_by     TEXT NOT NULL,
  started_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  last_error     TEXT
);
-- At most one unfinished move per district.
CREATE UNIQUE INDEX district_moves_open ON district_moves (district_code) WHERE phase NOT IN ('done', 'rolled_back');
