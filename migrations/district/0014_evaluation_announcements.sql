-- Evaluation grades under the revised 《社会组织评估管理办法》 (民政部, in force 2026-03-01):
-- results are announced (公告) after the public notice (公示) settles, and the
-- announcement's date drives the grade's term (docs/domain.md, "Evaluation grades").

CREATE TABLE evaluation_announcements (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  round_id      TEXT NOT NULL,
  title         TEXT NOT NULL,
  document_no   TEXT NOT NULL DEFAULT '',   -- the bureau's document number, as printed
  announced_on  TEXT NOT NULL,              -- Beijing date of the announcement
  published_by  TEXT NOT NULL,
  published_at  TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, round_id) REFERENCES evaluation_rounds (district_id, id)
);
CREATE INDEX evaluation_announcements_by_date ON evaluation_announcements (district_id, announced_on);

-- Set when the evaluation's result is in an announcement; a settled result without one
-- awards nothing yet.
ALTER TABLE evaluations ADD COLUMN announcement_id TEXT;
-- A re-evaluation within the first two years of a grade's term: the on-site part may be
-- simplified (评估管理办法 2026).
ALTER TABLE evaluations ADD COLUMN simplified_onsite INTEGER NOT NULL DEFAULT 0;
CREATE INDEX evaluations_by_round_announcement ON evaluations (district_id, round_id, status, announcement_id);

-- First day of the grade's term (1 January after the announcement); NULL on grades
-- awarded before the revision, whose term ran from awarded_on.
ALTER TABLE organization_grades ADD COLUMN valid_from TEXT;
ALTER TABLE organization_grades ADD COLUMN announcement_id TEXT;
CREATE INDEX organization_grades_by_announcement ON organization_grades (district_id, announcement_id);
