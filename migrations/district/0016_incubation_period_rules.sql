-- Incubation after admission: the end of the period, the registration deadline of
-- founding teams, the space freed on exit, and the exit assessment scored by a panel.
--
-- An incubation whose period ended without renewal stays 'active' with exit_due_on set
-- ("exit assessment due") until staff record the panel's outcome; the daily job sets
-- exit_due_on and registration_overdue_on, and frees a space once its handback date
-- has come (space_freed_on).

ALTER TABLE incubations ADD COLUMN exit_due_on TEXT;
ALTER TABLE incubations ADD COLUMN registration_overdue_on TEXT;
ALTER TABLE incubations ADD COLUMN space_freed_on TEXT;
ALTER TABLE incubations ADD COLUMN end_reason TEXT;
CREATE INDEX incubations_by_status_end ON incubations (district_id, status, planned_end_on);

-- One exit assessment by a panel: a rubric of its own (locked at the first score) and
-- reviewer assignments of subject kind 'incubation_exit' whose subject is this row.
CREATE TABLE exit_reviews (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  incubation_id   TEXT NOT NULL,
  rubric_id       TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('in_review', 'decided')),
  opened_by       TEXT NOT NULL,
  opened_at       TEXT NOT NULL,
  decided_at      TEXT,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, incubation_id) REFERENCES incubations (district_id, id),
  FOREIGN KEY (district_id, rubric_id) REFERENCES rubrics (district_id, id)
);
CREATE INDEX exit_reviews_by_incubation ON exit_reviews (district_id, incubation_id, status);
-- At most one panel at work per incubation.
CREATE UNIQUE INDEX exit_reviews_one_open ON exit_reviews (district_id, incubation_id) WHERE status = 'in_review';

-- The recorded outcome names the panel whose mean score it carries.
ALTER TABLE exit_assessments ADD COLUMN exit_review_id TEXT;
