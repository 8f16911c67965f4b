-- Residents' needs (居民需求) of the linkage module: what residents or staff report for a
-- community, and how the community answered. A resident follows a need by its receipt
-- code; a need merged into another keeps its code and shows the other's answer.
--
-- The phone is personal data: stored encrypted (src/lib/personal-data.ts) with a keyed
-- hash for per-phone limits, never shown on a public page.

CREATE TABLE linkage_needs (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  receipt_code     TEXT NOT NULL,
  community_code   TEXT NOT NULL,
  category         TEXT NOT NULL CHECK (category IN ('elderly', 'children', 'disability', 'health', 'environment', 'safety', 'facilities', 'culture', 'employment', 'neighbourhood', 'other')),
  description      TEXT NOT NULL,
  location         TEXT NOT NULL DEFAULT '',
  source           TEXT NOT NULL CHECK (source IN ('online', 'grid_worker', 'residents_council', 'visit', 'hotline', 'wechat', 'other')),
  resident_name    TEXT NOT NULL DEFAULT '',
  phone            TEXT,                   -- encrypted
  phone_lookup     TEXT,                   -- keyed hash of the number
  r2_key           TEXT,                   -- the optional photo
  photo_type       TEXT CHECK (photo_type IS NULL OR photo_type IN ('image/png', 'image/jpeg')),
  status           TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'accepted', 'solved', 'referred', 'declined', 'merged')),
  priority         TEXT CHECK (priority IS NULL OR priority IN ('high', 'normal', 'low')),
  answer           TEXT NOT NULL DEFAULT '', -- plain words for the resident
  merged_into      TEXT,
  due_on           TEXT NOT NULL,          -- Beijing date by which staff answer
  overdue          INTEGER NOT NULL DEFAULT 0 CHECK (overdue IN (0, 1)),
  received_at      TEXT NOT NULL,
  answered_at      TEXT,
  answered_by      TEXT,
  entered_by       TEXT,                   -- staff who entered it (NULL: the resident online)
  version          INTEGER NOT NULL DEFAULT 1,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, receipt_code),
  FOREIGN KEY (district_id, community_code) REFERENCES areas (district_id, code),
  CHECK (length(community_code) = 12),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  CHECK (status <> 'accepted' OR priority IS NOT NULL),
  CHECK (status NOT IN ('declined', 'referred', 'solved') OR length(answer) > 0)
);
CREATE INDEX linkage_needs_by_community ON linkage_needs (district_id, community_code, status, received_at);
CREATE INDEX linkage_needs_open ON linkage_needs (district_id, status, overdue, due_on);
CREATE INDEX linkage_needs_merged ON linkage_needs (district_id, merged_into);

CREATE TRIGGER linkage_needs_version_check BEFORE UPDATE ON linkage_needs
WHEN NEW.version IS NOT OLD.version + 1
BEGIN SELECT RAISE(ABORT, 'linkage_needs.version_conflict'); END;
