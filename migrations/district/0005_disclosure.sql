-- Information disclosure, evaluation grades and credit lists (src/modules/disclosure).
-- Extends the foundation's organizations and credit_list_entries; adds disclosures
-- with their versions, claims, credit-list history and requests, evaluations and grades.

-- ---------------------------------------------------------------- organization registry
ALTER TABLE organizations ADD COLUMN name_key TEXT NOT NULL DEFAULT '';  -- normalized name for prefix search (trigger below)
ALTER TABLE organizations ADD COLUMN registration_authority TEXT NOT NULL DEFAULT '';  -- 登记管理机关
ALTER TABLE organizations ADD COLUMN registered_on TEXT;                  -- 成立登记日期 (YYYY-MM-DD)
ALTER TABLE organizations ADD COLUMN domicile TEXT NOT NULL DEFAULT '';  -- 住所
ALTER TABLE organizations ADD COLUMN business_scope TEXT NOT NULL DEFAULT '';  -- 业务范围
ALTER TABLE organizations ADD COLUMN legal_rep_name TEXT NOT NULL DEFAULT '';   -- 法定代表人 (public, as on the certificate)
-- The legal representative's ID number and phone: src/lib/personal-data.ts, never public.
ALTER TABLE organizations ADD COLUMN legal_rep_id_protected TEXT;
ALTER TABLE organizations ADD COLUMN legal_rep_id_hash TEXT;
ALTER TABLE organizations ADD COLUMN legal_rep_phone_protected TEXT;
-- Derived columns kept current by every write that changes them (and by the daily jobs
-- for what changes with the date), so that the public directory filters on an index.
ALTER TABLE organizations ADD COLUMN grade TEXT CHECK (grade IS NULL OR grade IN ('5A', '4A', '3A', '2A', '1A'));
ALTER TABLE organizations ADD COLUMN grade_valid_until TEXT;
ALTER TABLE organizations ADD COLUMN grade_status TEXT NOT NULL DEFAULT 'none' CHECK (grade_status IN ('none', 'valid', 'expired'));
ALTER TABLE organizations ADD COLUMN list_status TEXT NOT NULL DEFAULT 'none' CHECK (list_status IN ('none', 'abnormal', 'serious'));
ALTER TABLE organizations ADD COLUMN filing_status TEXT NOT NULL DEFAULT 'none' CHECK (filing_status IN ('none', 'not_due', 'on_time', 'late', 'overdue'));
ALTER TABLE organizations ADD COLUMN last_report_year INTEGER;            -- newest annual report published
ALTER TABLE organizations ADD COLUMN last_report_filed_on TEXT;           -- its first publication date (corrections do not move it)
ALTER TABLE organizations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Name search is a prefix range on name_key: spaces removed, ASCII lower-cased, the same
-- way src/modules/disclosure/directory.ts normalizes what a visitor types. A trigger keeps
-- it right for every writer, including sign-up.
UPDATE organizations SET name_key = lower(replace(replace(name, ' ', ''), '　', ''));
CREATE TRIGGER organizations_name_key_insert AFTER INSERT ON organizations
BEGIN
  UPDATE organizations SET name_key = lower(replace(replace(NEW.name, ' ', ''), '　', ''))
  WHERE district_id = NEW.district_id AND id = NEW.id;
END;
CREATE TRIGGER organizations_name_key_update AFTER UPDATE OF name ON organizations
BEGIN
  UPDATE organizations SET name_key = lower(replace(replace(NEW.name, ' ', ''), '　', ''))
  WHERE district_id = NEW.district_id AND id = NEW.id;
END;

-- One index per directory filter, each ending in (name_key, id) so results come out in
-- the directory's order without sorting; the public directory only lists verified organizations.
CREATE INDEX organizations_directory ON organizations (district_id, verification, name_key, id);
CREATE INDEX organizations_by_type ON organizations (district_id, verification, org_type, name_key, id);
CREATE INDEX organizations_by_grade ON organizations (district_id, verification, grade_status, grade, name_key, id);
CREATE INDEX organizations_by_grade_status ON organizations (district_id, verification, grade_status, name_key, id);
CREATE INDEX organizations_by_list ON organizations (district_id, verification, list_status, name_key, id);
CREATE INDEX organizations_by_filing ON organizations (district_id, verification, filing_status, name_key, id);
CREATE INDEX organizations_by_area_listed ON organizations (district_id, verification, area_code);
CREATE INDEX organizations_by_legal_rep_id ON organizations (district_id, legal_rep_id_hash);

-- 服务领域: several per organization.
CREATE TABLE organization_service_fields (
  district_id      TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  field            TEXT NOT NULL,
  PRIMARY KEY (district_id, organization_id, field),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
CREATE INDEX organization_service_fields_by_field ON organization_service_fields (district_id, field, organization_id);

-- An account asks to act for an organization already in the registry; staff verify.
CREATE TABLE organization_claims (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  position         TEXT NOT NULL,       -- the claimant's post in the organization
  statement        TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
  filed_at         TEXT NOT NULL,
  decided_by       TEXT,
  decided_at       TEXT,
  decision_note    TEXT,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id)
);
CREATE INDEX organization_claims_by_status ON organization_claims (district_id, status, filed_at);
CREATE UNIQUE INDEX organization_claims_one_pending ON organization_claims (district_id, organization_id, user_id) WHERE status = 'pending';

-- ---------------------------------------------------------------- disclosures
-- A disclosure is what an organization published; its content lives in versions. A
-- correction adds a version and never touches an earlier one.
CREATE TABLE disclosures (
  district_id         TEXT NOT NULL,
  id                  TEXT NOT NULL,
  organization_id     TEXT NOT NULL,
  kind                TEXT NOT NULL CHECK (kind IN ('annual_report', 'project', 'major_change')),
  report_year         INTEGER,          -- annual reports only
  title               TEXT NOT NULL,
  current_version     INTEGER NOT NULL DEFAULT 1,
  first_published_at  TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, organization_id, kind, report_year),  -- one annual report a year (NULLs are distinct)
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id),
  CHECK ((kind = 'annual_report') = (report_year IS NOT NULL))
);
CREATE INDEX disclosures_by_org ON disclosures (district_id, organization_id, first_published_at);
CREATE INDEX disclosures_recent ON disclosures (district_id, first_published_at);

CREATE TABLE disclosure_versions (
  district_id      TEXT NOT NULL,
  disclosure_id    TEXT NOT NULL,
  version          INTEGER NOT NULL,
  title            TEXT NOT NULL,
  content_json     TEXT NOT NULL,
  correction_note  TEXT,                -- why it was corrected (NULL for the original)
  published_at     TEXT NOT NULL,
  published_by     TEXT NOT NULL,
  PRIMARY KEY (district_id, disclosure_id, version),
  FOREIGN KEY (district_id, disclosure_id) REFERENCES disclosures (district_id, id)
);

CREATE TABLE disclosure_attachments (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  disclosure_id    TEXT NOT NULL,
  version          INTEGER NOT NULL,    -- the version it was published with
  filename         TEXT NOT NULL,
  content_type     TEXT NOT NULL,       -- from the file's bytes, not its name
  size             INTEGER NOT NULL,
  r2_key           TEXT NOT NULL,
  uploaded_by      TEXT NOT NULL,
  uploaded_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, disclosure_id) REFERENCES disclosures (district_id, id)
);
CREATE INDEX disclosure_attachments_by_disclosure ON disclosure_attachments (district_id, disclosure_id, version);

-- ---------------------------------------------------------------- credit lists
-- An active entry has exited_on NULL (the incubation module refuses applications on that).
ALTER TABLE credit_list_entries ADD COLUMN reason_code TEXT NOT NULL DEFAULT 'other';
ALTER TABLE credit_list_entries ADD COLUMN event_on TEXT;               -- when the event happened
ALTER TABLE credit_list_entries ADD COLUMN needs_rectification INTEGER NOT NULL DEFAULT 1 CHECK (needs_rectification IN (0, 1));
ALTER TABLE credit_list_entries ADD COLUMN clock_started_on TEXT;       -- restarted by every new event
ALTER TABLE credit_list_entries ADD COLUMN rectification_verified_on TEXT;
ALTER TABLE credit_list_entries ADD COLUMN exit_due_on TEXT;            -- verified rectification: exit by this date
ALTER TABLE credit_list_entries ADD COLUMN exit_reason TEXT CHECK (exit_reason IS NULL OR exit_reason IN ('rectified', 'auto', 'application', 'transferred', 'revoked'));
ALTER TABLE credit_list_entries ADD COLUMN exit_note TEXT;
ALTER TABLE credit_list_entries ADD COLUMN exited_by TEXT;
ALTER TABLE credit_list_entries ADD COLUMN source_entry_id TEXT;        -- abnormal entry a serious one came from
ALTER TABLE credit_list_entries ADD COLUMN created_by TEXT;
ALTER TABLE credit_list_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX credit_list_entries_by_list ON credit_list_entries (district_id, list, exited_on, decided_on);

-- Everything that happened to an entry, in order: entry, new events, corrections,
-- objections, rectification, applications, exit. Nothing here is ever updated.
CREATE TABLE credit_list_events (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  entry_id         TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  kind             TEXT NOT NULL,
  on_date          TEXT NOT NULL,
  note             TEXT NOT NULL DEFAULT '',
  detail_json      TEXT NOT NULL DEFAULT '{}',
  public           INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
  actor_id         TEXT,
  actor_role       TEXT NOT NULL,
  at               TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, entry_id) REFERENCES credit_list_entries (district_id, id)
);
CREATE INDEX credit_list_events_by_entry ON credit_list_events (district_id, entry_id, at);
CREATE INDEX credit_list_events_by_org ON credit_list_events (district_id, organization_id, at);

-- What an organization asks about an entry: an objection (异议), a finished
-- rectification to verify (整改), or an application to leave the serious list.
CREATE TABLE credit_requests (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  entry_id         TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('objection', 'rectification', 'exit')),
  content          TEXT NOT NULL,
  filed_by         TEXT NOT NULL,
  filed_at         TEXT NOT NULL,
  answer_due_on    TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
  answer           TEXT,
  answered_by      TEXT,
  answered_at      TEXT,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, entry_id) REFERENCES credit_list_entries (district_id, id)
);
CREATE INDEX credit_requests_by_status ON credit_requests (district_id, status, filed_at);
CREATE INDEX credit_requests_by_entry ON credit_requests (district_id, entry_id, filed_at);
CREATE UNIQUE INDEX credit_requests_one_pending ON credit_requests (district_id, entry_id, kind) WHERE status = 'pending';

-- ---------------------------------------------------------------- evaluations and grades
-- Indicator areas (基础条件, 内部治理, 工作绩效, 社会评价 …) group a rubric's items.
ALTER TABLE rubric_items ADD COLUMN area TEXT NOT NULL DEFAULT '';

CREATE TABLE evaluation_rounds (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  title         TEXT NOT NULL,
  year          INTEGER NOT NULL,
  rubric_id     TEXT NOT NULL,
  bands_json    TEXT NOT NULL,          -- the score bands in force when the round opened
  status        TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_by     TEXT NOT NULL,
  opened_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, rubric_id) REFERENCES rubrics (district_id, id)
);
CREATE INDEX evaluation_rounds_by_status ON evaluation_rounds (district_id, status, opened_at);

CREATE TABLE evaluations (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  round_id         TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('enrolled', 'in_notice', 'final', 'returned')),
  self_total       REAL,
  evaluator_total  REAL,
  committee_total  REAL,
  total            REAL,               -- the committee's total, in the round's points
  proposed_grade   TEXT,               -- NULL with a total: below the lowest band
  final_grade      TEXT,
  notice_id        TEXT,
  version          INTEGER NOT NULL DEFAULT 1,
  enrolled_by      TEXT NOT NULL,
  enrolled_at      TEXT NOT NULL,
  finalized_at     TEXT,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, round_id, organization_id),
  FOREIGN KEY (district_id, round_id) REFERENCES evaluation_rounds (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
CREATE INDEX evaluations_by_org ON evaluations (district_id, organization_id, enrolled_at);

-- 复核: filed during the notice, answered in writing by a deadline.
CREATE TABLE evaluation_appeals (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  evaluation_id    TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  notice_id        TEXT NOT NULL,
  content          TEXT NOT NULL,
  filed_by         TEXT NOT NULL,
  filed_at         TEXT NOT NULL,
  answer_due_on    TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'dismissed')),
  answer           TEXT,
  revised_total    REAL,
  answered_by      TEXT,
  answered_at      TEXT,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, evaluation_id, notice_id),
  FOREIGN KEY (district_id, evaluation_id) REFERENCES evaluations (district_id, id)
);
CREATE INDEX evaluation_appeals_by_status ON evaluation_appeals (district_id, status, answer_due_on);

-- Every grade ever awarded; at most one is valid per organization.
CREATE TABLE organization_grades (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  evaluation_id    TEXT,
  grade            TEXT NOT NULL CHECK (grade IN ('5A', '4A', '3A', '2A', '1A')),
  total            REAL,
  scale            INTEGER NOT NULL,
  awarded_on       TEXT NOT NULL,
  valid_until      TEXT NOT NULL,       -- last day it is valid
  status           TEXT NOT NULL CHECK (status IN ('valid', 'expired', 'superseded')),
  ended_on         TEXT,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
CREATE INDEX organization_grades_by_status ON organization_grades (district_id, status, valid_until);
CREATE INDEX organization_grades_by_org ON organization_grades (district_id, organization_id, awarded_on);
