-- Grades adjusted during their term under the revised 《社会组织评估管理办法》 (in force
-- 2026-03-01): tracking evaluations (跟踪评估) of sampled 4A-and-above organizations and
-- verification evaluations (核查评估) when something may affect a grade raise, lower,
-- keep or cancel it; a serious-list entry suspends the grade until its verification
-- (docs/domain.md, "Evaluation grades").

-- organization_grades gains the statuses 'adjusted' (replaced by an adjusted grade of the
-- same term), 'cancelled' and 'suspended'; SQLite cannot alter a CHECK, so the table is
-- rebuilt (no other table refers to it).
CREATE TABLE organization_grades_rebuilt (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  evaluation_id    TEXT,
  grade            TEXT NOT NULL CHECK (grade IN ('5A', '4A', '3A', '2A', '1A')),
  total            REAL,
  scale            INTEGER NOT NULL,
  awarded_on       TEXT NOT NULL,
  valid_until      TEXT NOT NULL,       -- last day it is valid
  status           TEXT NOT NULL CHECK (status IN ('valid', 'expired', 'superseded', 'adjusted', 'cancelled', 'suspended')),
  ended_on         TEXT,
  valid_from       TEXT,
  announcement_id  TEXT,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
INSERT INTO organization_grades_rebuilt (district_id, id, organization_id, evaluation_id, grade, total, scale, awarded_on, valid_until, status, ended_on, valid_from, announcement_id)
  SELECT district_id, id, organization_id, evaluation_id, grade, total, scale, awarded_on, valid_until, status, ended_on, valid_from, announcement_id FROM organization_grades;
DROP TABLE organization_grades;
ALTER TABLE organization_grades_rebuilt RENAME TO organization_grades;
CREATE INDEX organization_grades_by_status ON organization_grades (district_id, status, valid_until);
CREATE INDEX organization_grades_by_org ON organization_grades (district_id, organization_id, awarded_on);
CREATE INDEX organization_grades_by_announcement ON organization_grades (district_id, announcement_id);

-- Every decision about a grade during its term, with its reason: public history.
CREATE TABLE grade_adjustments (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  grade_id         TEXT NOT NULL,       -- the grade decided about
  kind             TEXT NOT NULL CHECK (kind IN ('tracking', 'verification', 'credit_list')),
  outcome          TEXT NOT NULL CHECK (outcome IN ('kept', 'raised', 'lowered', 'cancelled', 'suspended')),
  from_grade       TEXT NOT NULL,
  to_grade         TEXT,                -- NULL when cancelled or suspended
  new_grade_id     TEXT,                -- the adjusted grade, when raised or lowered
  reason           TEXT NOT NULL,
  decided_on       TEXT NOT NULL,
  decided_by       TEXT NOT NULL,       -- a user id, or 'system'
  at               TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
CREATE INDEX grade_adjustments_by_org ON grade_adjustments (district_id, organization_id, decided_on);
CREATE INDEX grade_adjustments_by_date ON grade_adjustments (district_id, decided_on);
