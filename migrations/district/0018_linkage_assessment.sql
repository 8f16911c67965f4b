-- The annual linkage assessment (观摩评比) of 街道 or communities, the needs a project
-- call answers, and residents' ratings of the project that answered their need.

-- One assessment a year and level: indicators computed from the records, items scored by
-- reviewers on the review engine's rubric, totals and ranks frozen when published.
CREATE TABLE linkage_assessments (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  level         TEXT NOT NULL CHECK (level IN ('subdistrict', 'community')),
  title         TEXT NOT NULL,
  rubric_id     TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'scoring' CHECK (status IN ('scoring', 'published')),
  published_at  TEXT,
  published_by  TEXT,
  created_by    TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, year, level),
  CHECK (status = 'scoring' OR published_at IS NOT NULL)
);

CREATE TRIGGER linkage_assessments_version_check BEFORE UPDATE ON linkage_assessments
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'linkage_assessments.version_conflict'); END;

-- The computed indicators of an assessment: weight in the total, and the value that earns
-- the full weight (a share in percent, a count, or certified social workers per 10,000).
CREATE TABLE linkage_assessment_indicators (
  district_id    TEXT NOT NULL,
  assessment_id  TEXT NOT NULL,
  metric         TEXT NOT NULL CHECK (metric IN ('needs_on_time', 'meetings_held', 'actions_on_time', 'workers_per_10k')),
  weight         REAL NOT NULL CHECK (weight >= 0 AND weight <= 100),
  target         REAL NOT NULL CHECK (target > 0),
  PRIMARY KEY (district_id, assessment_id, metric),
  FOREIGN KEY (district_id, assessment_id) REFERENCES linkage_assessments (district_id, id)
);

-- Each assessed area is a review subject; total, rank and figures are set on publishing.
CREATE TABLE linkage_assessment_subjects (
  district_id    TEXT NOT NULL,
  id             TEXT NOT NULL,
  assessment_id  TEXT NOT NULL,
  area_code      TEXT NOT NULL,
  total          REAL,
  rank           INTEGER,
  figures        TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, assessment_id, area_code),
  FOREIGN KEY (district_id, assessment_id) REFERENCES linkage_assessments (district_id, id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code)
);

-- The needs a projects call says it answers (chosen from the accepted needs of its area).
CREATE TABLE project_call_needs (
  district_id  TEXT NOT NULL,
  call_id      TEXT NOT NULL,
  need_id      TEXT NOT NULL,
  cited_by     TEXT,
  cited_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, call_id, need_id),
  FOREIGN KEY (district_id, call_id) REFERENCES project_calls (district_id, id),
  FOREIGN KEY (district_id, need_id) REFERENCES linkage_needs (district_id, id)
);
CREATE INDEX project_call_needs_by_need ON project_call_needs (district_id, need_id);

-- A resident's rating of a completed project that answered their need: one per need and project.
CREATE TABLE linkage_need_ratings (
  district_id  TEXT NOT NULL,
  need_id      TEXT NOT NULL,
  contract_id  TEXT NOT NULL,
  rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment      TEXT NOT NULL DEFAULT '',
  rated_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, need_id, contract_id),
  FOREIGN KEY (district_id, need_id) REFERENCES linkage_needs (district_id, id)
);
