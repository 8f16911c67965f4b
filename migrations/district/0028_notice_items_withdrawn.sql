-- A notice item may be withdrawn: when an upheld objection to one item sends a whole
-- batch back (an assessment ranks its areas together, so one area's corrected score moves
-- every rank), the other items leave the notice too, and the public reads that rather than
-- "final". SQLite cannot widen a CHECK in place, so the table is rebuilt with every row kept.

ALTER TABLE notice_items RENAME TO notice_items_old;
DROP INDEX notice_items_by_subject;

CREATE TABLE notice_items (
  district_id       TEXT NOT NULL,
  notice_id         TEXT NOT NULL,
  subject_id        TEXT NOT NULL,
  label             TEXT NOT NULL,     -- what the public reads, e.g. the organization's name
  proposed_outcome  TEXT NOT NULL,
  score             REAL,
  outcome           TEXT NOT NULL CHECK (outcome IN ('pending', 'final', 'overturned', 'withdrawn')),
  PRIMARY KEY (district_id, notice_id, subject_id),
  FOREIGN KEY (district_id, notice_id) REFERENCES public_notices (district_id, id)
);
CREATE INDEX notice_items_by_subject ON notice_items (district_id, subject_id);

INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome)
  SELECT district_id, notice_id, subject_id, label, proposed_outcome, score, outcome FROM notice_items_old;
DROP TABLE notice_items_old;
