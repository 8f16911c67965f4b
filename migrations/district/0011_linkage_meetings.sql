-- Joint meetings (联席会议) of the three societies and their action items, and the
-- resident population of each area (for figures per 10,000 residents).

-- A meeting of the district, a 街道 (area_code of 9 digits) or a community (12 digits).
CREATE TABLE linkage_meetings (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  area_code       TEXT,                        -- NULL: the district itself
  title           TEXT NOT NULL,
  held_on         TEXT NOT NULL,               -- Beijing date
  place           TEXT NOT NULL DEFAULT '',
  agenda          TEXT NOT NULL,
  minutes         TEXT NOT NULL DEFAULT '',
  decisions       TEXT NOT NULL DEFAULT '',
  public_summary  TEXT NOT NULL DEFAULT '',    -- shown publicly once published
  published       INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  created_by      TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code),
  CHECK (published = 0 OR length(public_summary) > 0)
);
CREATE INDEX linkage_meetings_by_area ON linkage_meetings (district_id, area_code, held_on);
CREATE INDEX linkage_meetings_by_date ON linkage_meetings (district_id, held_on);

CREATE TRIGGER linkage_meetings_version_check BEFORE UPDATE ON linkage_meetings
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'linkage_meetings.version_conflict'); END;

-- Who took part, by society: community committees (社区两委), social organizations,
-- social workers, resident representatives, government departments.
CREATE TABLE linkage_meeting_participants (
  district_id  TEXT NOT NULL,
  meeting_id   TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  society      TEXT NOT NULL CHECK (society IN ('committee', 'organization', 'social_worker', 'resident', 'government')),
  name         TEXT NOT NULL,
  PRIMARY KEY (district_id, meeting_id, seq),
  FOREIGN KEY (district_id, meeting_id) REFERENCES linkage_meetings (district_id, id)
);

CREATE TABLE linkage_meeting_files (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  meeting_id    TEXT NOT NULL,
  r2_key        TEXT NOT NULL,
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  created_by    TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, meeting_id) REFERENCES linkage_meetings (district_id, id)
);
CREATE INDEX linkage_meeting_files_by_meeting ON linkage_meeting_files (district_id, meeting_id);

-- An action item decided at a meeting: an owner (a person or an organization), a due
-- date, done or not; it may point at a resident's need or a funded project.
CREATE TABLE linkage_actions (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  meeting_id    TEXT NOT NULL,
  title         TEXT NOT NULL,
  owner_kind    TEXT NOT NULL CHECK (owner_kind IN ('person', 'organization')),
  owner_name    TEXT NOT NULL,
  due_on        TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  done_on       TEXT,
  note          TEXT NOT NULL DEFAULT '',
  overdue       INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
  need_id       TEXT,
  contract_id   TEXT,                          -- a funded project (projects module)
  created_by    TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, meeting_id) REFERENCES linkage_meetings (district_id, id),
  FOREIGN KEY (district_id, need_id) REFERENCES linkage_needs (district_id, id),
  CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX linkage_actions_by_meeting ON linkage_actions (district_id, meeting_id);
CREATE INDEX linkage_actions_open ON linkage_actions (district_id, status, due_on);

CREATE TRIGGER linkage_actions_version_check BEFORE UPDATE ON linkage_actions
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'linkage_actions.version_conflict'); END;

-- Residents (常住人口) of a 街道 or community, from the area records or their CSV import.
ALTER TABLE areas ADD COLUMN population INTEGER CHECK (population IS NULL OR population >= 0);
