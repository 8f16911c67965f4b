-- Two years on the abnormal list (民政部令第60号, serious-list ground (一)) is proposed to
-- the credit-list staff like the other grounds instead of being moved by the daily job,
-- so a dismissal may now be kept for it too: its period is the day the two years ended.
-- SQLite cannot alter a CHECK, so the table is rebuilt (no other table refers to it).
CREATE TABLE credit_candidate_dismissals_rebuilt (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  ground           TEXT NOT NULL CHECK (ground IN ('annual_report', 'repeated_penalties', 'abnormal_two_years')),
  period           TEXT NOT NULL,
  reason           TEXT NOT NULL,
  dismissed_by     TEXT NOT NULL,
  dismissed_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
INSERT INTO credit_candidate_dismissals_rebuilt SELECT district_id, id, organization_id, ground, period, reason, dismissed_by, dismissed_at FROM credit_candidate_dismissals;
DROP TABLE credit_candidate_dismissals;
ALTER TABLE credit_candidate_dismissals_rebuilt RENAME TO credit_candidate_dismissals;
CREATE UNIQUE INDEX credit_candidate_dismissals_once ON credit_candidate_dismissals (district_id, organization_id, ground, period);
