-- Residents told by text message when a project answering their need has ended, and the
-- linkage assessment's results put on public notice (公示) before they are final.

-- One row per need and completed project whose resident has been sent the rating link,
-- so the daily job sends it once. The outbox row is written in the same batch.
CREATE TABLE linkage_need_project_notices (
  district_id  TEXT NOT NULL,
  need_id      TEXT NOT NULL,
  contract_id  TEXT NOT NULL,
  sent_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, need_id, contract_id),
  FOREIGN KEY (district_id, need_id) REFERENCES linkage_needs (district_id, id)
);

-- The public notice the results are on (NULL while scoring, and again after an upheld
-- objection sends them back); each area's result is final once its notice item settles.
ALTER TABLE linkage_assessments ADD COLUMN notice_id TEXT;
ALTER TABLE linkage_assessment_subjects ADD COLUMN final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1));
