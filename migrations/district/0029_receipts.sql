-- Receipt numbers (办件编号) such as 150203-2026-000123: the district, the year of
-- submission in Beijing time and a sequence per district and year. The number is taken in
-- the same batch as the submission (MAX + 1 inside the batch, which D1 runs as one
-- transaction); the primary key refuses a duplicate should two writers ever interleave.
-- The check code lets someone without an account look the receipt up without making the
-- sequence enumerable. One receipt per submitted record, kept on resubmission.
CREATE TABLE receipts (
  district_id  TEXT NOT NULL,
  year         INTEGER NOT NULL,
  seq          INTEGER NOT NULL CHECK (seq > 0),
  kind         TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  check_code   TEXT NOT NULL,
  issued_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, year, seq),
  UNIQUE (district_id, kind, subject_id)
);
