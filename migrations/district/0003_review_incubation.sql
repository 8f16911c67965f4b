-- The shared review and public-notice engine (src/review) and the incubation module
-- (src/modules/incubation).

-- A guard statement inserts 0 here when its precondition does not hold; the CHECK then
-- fails and the whole batch rolls back. This is how a D1 batch says "only if the record
-- is still in the state (and version) I read" without interactive transactions.
CREATE TABLE write_guards (ok INTEGER NOT NULL CHECK (ok = 1));

-- ---------------------------------------------------------------- review engine
CREATE TABLE rubrics (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  title         TEXT NOT NULL,
  locked_at     TEXT,                 -- set by the first score: items cannot change after
  created_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id)
);

CREATE TABLE rubric_items (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  rubric_id     TEXT NOT NULL,
  position      INTEGER NOT NULL,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  weight        REAL NOT NULL CHECK (weight > 0),
  max_score     REAL NOT NULL CHECK (max_score > 0),
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, rubric_id) REFERENCES rubrics (district_id, id) ON DELETE CASCADE
);
CREATE INDEX rubric_items_by_rubric ON rubric_items (district_id, rubric_id, position);

-- One reviewer (in one scorer role) on one subject. A reviewer declares conflicts of
-- interest before seeing the subject; a conflicted assignment never scores and can be
-- moved to someone else.
CREATE TABLE review_assignments (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  subject_kind    TEXT NOT NULL,      -- e.g. incubation_application
  subject_id      TEXT NOT NULL,
  rubric_id       TEXT NOT NULL,
  reviewer_id     TEXT NOT NULL,
  scorer_role     TEXT NOT NULL DEFAULT 'reviewer',
  status          TEXT NOT NULL CHECK (status IN ('awaiting_declaration', 'clear', 'conflicted', 'moved')),
  conflict_reason TEXT,
  declared_at     TEXT,
  submitted_at    TEXT,               -- all items scored and handed in
  assigned_by     TEXT,
  assigned_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, subject_id, reviewer_id, scorer_role),
  FOREIGN KEY (district_id, reviewer_id) REFERENCES users (district_id, id),
  FOREIGN KEY (district_id, rubric_id) REFERENCES rubrics (district_id, id)
);
CREATE INDEX review_assignments_by_reviewer ON review_assignments (district_id, reviewer_id, status);
CREATE INDEX review_assignments_by_subject ON review_assignments (district_id, subject_id);

CREATE TABLE review_scores (
  district_id    TEXT NOT NULL,
  assignment_id  TEXT NOT NULL,
  item_id        TEXT NOT NULL,
  score          REAL NOT NULL,
  comment        TEXT NOT NULL DEFAULT '',
  scored_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, assignment_id, item_id),
  FOREIGN KEY (district_id, assignment_id) REFERENCES review_assignments (district_id, id),
  FOREIGN KEY (district_id, item_id) REFERENCES rubric_items (district_id, id)
);

-- Decisions with their reasons; a later decision on the same subject supersedes.
CREATE TABLE review_decisions (
  district_id    TEXT NOT NULL,
  id             TEXT NOT NULL,
  subject_kind   TEXT NOT NULL,
  subject_id     TEXT NOT NULL,
  outcome        TEXT NOT NULL,
  reasons        TEXT NOT NULL,
  decided_by     TEXT NOT NULL,
  decided_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id)
);
CREATE INDEX review_decisions_by_subject ON review_decisions (district_id, subject_id, decided_at);

-- 公示: a window during which anyone may object to the listed proposals.
CREATE TABLE public_notices (
  district_id    TEXT NOT NULL,
  id             TEXT NOT NULL,
  subject_kind   TEXT NOT NULL,
  batch_id       TEXT NOT NULL,      -- e.g. the call the proposals come from
  title          TEXT NOT NULL,
  body           TEXT NOT NULL DEFAULT '',
  reviewers_text TEXT NOT NULL DEFAULT '', -- the reviewers' names as local practice publishes them
  starts_at      TEXT NOT NULL,
  ends_at        TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  published_by   TEXT NOT NULL,
  published_at   TEXT NOT NULL,
  closed_at      TEXT,
  PRIMARY KEY (district_id, id)
);
CREATE INDEX public_notices_by_status ON public_notices (district_id, status, ends_at);
CREATE INDEX public_notices_by_batch ON public_notices (district_id, batch_id);

CREATE TABLE notice_items (
  district_id       TEXT NOT NULL,
  notice_id         TEXT NOT NULL,
  subject_id        TEXT NOT NULL,
  label             TEXT NOT NULL,     -- what the public reads, e.g. the organization's name
  proposed_outcome  TEXT NOT NULL,
  score             REAL,
  outcome           TEXT NOT NULL CHECK (outcome IN ('pending', 'final', 'overturned')),
  PRIMARY KEY (district_id, notice_id, subject_id),
  FOREIGN KEY (district_id, notice_id) REFERENCES public_notices (district_id, id)
);
CREATE INDEX notice_items_by_subject ON notice_items (district_id, subject_id);

CREATE TABLE notice_objections (
  district_id        TEXT NOT NULL,
  id                 TEXT NOT NULL,
  notice_id          TEXT NOT NULL,
  subject_id         TEXT,            -- NULL: about the notice as a whole
  name               TEXT NOT NULL,
  contact_protected  TEXT NOT NULL,   -- src/lib/personal-data.ts; never shown publicly
  content            TEXT NOT NULL,
  filed_at           TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('received', 'upheld', 'dismissed')),
  handling_note      TEXT,
  handled_by         TEXT,
  handled_at         TEXT,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, notice_id) REFERENCES public_notices (district_id, id)
);
CREATE INDEX notice_objections_by_notice ON notice_objections (district_id, notice_id, status);

-- ---------------------------------------------------------------- incubation
CREATE TABLE parks (
  district_id    TEXT NOT NULL,
  id             TEXT NOT NULL,
  name           TEXT NOT NULL,
  level          TEXT NOT NULL CHECK (level IN ('district', 'subdistrict', 'community')),
  area_code      TEXT,                -- NULL for a district-level park
  operator_name  TEXT NOT NULL,
  address        TEXT NOT NULL,
  description    TEXT NOT NULL DEFAULT '',
  services_json  TEXT NOT NULL,       -- subset of the six services
  physical       INTEGER NOT NULL CHECK (physical IN (0, 1)),
  virtual        INTEGER NOT NULL CHECK (virtual IN (0, 1)),
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code)
);
CREATE INDEX parks_by_area ON parks (district_id, area_code);

CREATE TABLE park_spaces (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  park_id       TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('workstation', 'office', 'meeting_room')),
  label         TEXT NOT NULL,
  capacity      INTEGER NOT NULL CHECK (capacity > 0),
  status        TEXT NOT NULL CHECK (status IN ('available', 'occupied', 'maintenance')),
  created_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, park_id) REFERENCES parks (district_id, id)
);
CREATE INDEX park_spaces_by_park ON park_spaces (district_id, park_id, status);

CREATE TABLE calls (
  district_id          TEXT NOT NULL,
  id                   TEXT NOT NULL,
  park_id              TEXT NOT NULL,
  title                TEXT NOT NULL,
  opens_at             TEXT NOT NULL,
  closes_at            TEXT NOT NULL,
  places               INTEGER NOT NULL CHECK (places > 0),
  eligibility_text     TEXT NOT NULL,
  materials_json       TEXT NOT NULL,   -- [{ key, label, required }]
  rubric_id            TEXT NOT NULL,
  notice_working_days  INTEGER NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('published', 'closed')),
  created_by           TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, park_id) REFERENCES parks (district_id, id),
  FOREIGN KEY (district_id, rubric_id) REFERENCES rubrics (district_id, id),
  CHECK (closes_at > opens_at)
);
CREATE INDEX calls_by_park ON calls (district_id, park_id, closes_at);
CREATE INDEX calls_by_status ON calls (district_id, status, closes_at);

-- The call's pool of expert reviewers.
CREATE TABLE call_reviewers (
  district_id  TEXT NOT NULL,
  call_id      TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  PRIMARY KEY (district_id, call_id, user_id),
  FOREIGN KEY (district_id, call_id) REFERENCES calls (district_id, id),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id)
);

CREATE TABLE applications (
  district_id          TEXT NOT NULL,
  id                   TEXT NOT NULL,
  call_id              TEXT NOT NULL,
  organization_id      TEXT NOT NULL,
  applicant_id         TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'in_review', 'proposed', 'in_notice', 'admitted', 'rejected', 'withdrawn')),
  form_json            TEXT NOT NULL,   -- the applicant's own words; staff never edit it
  version              INTEGER NOT NULL DEFAULT 1,
  submitted_at         TEXT,            -- first submission
  eligibility_due_on   TEXT,            -- answer deadline (working days from settings)
  eligibility_done_at  TEXT,
  decided_at           TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, call_id, organization_id),   -- a double-clicked "apply" makes one
  FOREIGN KEY (district_id, call_id) REFERENCES calls (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id),
  FOREIGN KEY (district_id, applicant_id) REFERENCES users (district_id, id)
);
CREATE INDEX applications_by_call ON applications (district_id, call_id, status);
CREATE INDEX applications_by_org ON applications (district_id, organization_id, updated_at);
CREATE INDEX applications_by_status ON applications (district_id, status, eligibility_due_on);

-- What happened to an application, in order, for the applicant and staff to read.
CREATE TABLE application_events (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  application_id  TEXT NOT NULL,
  at              TEXT NOT NULL,
  from_status     TEXT,
  to_status       TEXT NOT NULL,
  actor_id        TEXT,
  actor_role      TEXT NOT NULL,
  note            TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, application_id) REFERENCES applications (district_id, id)
);
CREATE INDEX application_events_by_application ON application_events (district_id, application_id, at);

CREATE TABLE application_attachments (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  application_id  TEXT NOT NULL,
  material_key    TEXT NOT NULL,
  filename        TEXT NOT NULL,
  content_type    TEXT NOT NULL,
  size            INTEGER NOT NULL,
  r2_key          TEXT NOT NULL,
  uploaded_by     TEXT NOT NULL,
  uploaded_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, application_id) REFERENCES applications (district_id, id)
);
CREATE INDEX application_attachments_by_application ON application_attachments (district_id, application_id);

-- 入壳: an admitted organization's stay in a park.
CREATE TABLE incubations (
  district_id          TEXT NOT NULL,
  id                   TEXT NOT NULL,
  application_id       TEXT NOT NULL,
  park_id              TEXT NOT NULL,
  organization_id      TEXT NOT NULL,
  space_id             TEXT,            -- NULL: virtual incubation or not yet allocated
  virtual              INTEGER NOT NULL CHECK (virtual IN (0, 1)),
  started_on           TEXT NOT NULL,
  planned_end_on       TEXT NOT NULL,
  renewals_used        INTEGER NOT NULL DEFAULT 0,
  registration_due_on  TEXT,            -- founding teams must register by then
  status               TEXT NOT NULL CHECK (status IN ('active', 'graduated', 'eliminated')),
  ended_on             TEXT,
  handback_due_on      TEXT,
  version              INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, application_id),
  FOREIGN KEY (district_id, park_id) REFERENCES parks (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id),
  FOREIGN KEY (district_id, space_id) REFERENCES park_spaces (district_id, id)
);
CREATE INDEX incubations_by_park ON incubations (district_id, park_id, status);
CREATE INDEX incubations_by_org ON incubations (district_id, organization_id);

CREATE TABLE incubation_services (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  incubation_id   TEXT NOT NULL,
  service         TEXT NOT NULL,   -- one of the park services
  on_date         TEXT NOT NULL,
  description     TEXT NOT NULL,
  provider        TEXT NOT NULL DEFAULT '',
  recorded_by     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, incubation_id) REFERENCES incubations (district_id, id)
);
CREATE INDEX incubation_services_by_incubation ON incubation_services (district_id, incubation_id, on_date);

CREATE TABLE incubation_milestones (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  incubation_id   TEXT NOT NULL,
  milestone       TEXT NOT NULL CHECK (milestone IN ('registered', 'first_project', 'first_grant', 'other')),
  on_date         TEXT NOT NULL,
  note            TEXT NOT NULL DEFAULT '',
  recorded_by     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, incubation_id) REFERENCES incubations (district_id, id)
);
CREATE INDEX incubation_milestones_by_incubation ON incubation_milestones (district_id, incubation_id, on_date);

-- 出壳评估 and renewals: every assessment kept, the incubation row carries the result.
CREATE TABLE exit_assessments (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  incubation_id   TEXT NOT NULL,
  outcome         TEXT NOT NULL CHECK (outcome IN ('graduated', 'extended', 'eliminated')),
  score           REAL NOT NULL CHECK (score >= 0 AND score <= 100),
  reasons         TEXT NOT NULL,
  assessed_by     TEXT NOT NULL,
  assessed_at     TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, incubation_id) REFERENCES incubations (district_id, id)
);
CREATE INDEX exit_assessments_by_incubation ON exit_assessments (district_id, incubation_id, assessed_at);
