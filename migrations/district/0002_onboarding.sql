-- District onboarding and administration (see src/modules/onboarding).

-- One-time invitation links: the first district admin (issued by a platform operator)
-- and staff (issued by a district admin). Only the SHA-256 of the link's token is
-- stored; the link is shown once to whoever issued it. A link works until it expires,
-- is used, is revoked, or is replaced by a resend (which issues a new token).
CREATE TABLE invitations (
  district_id          TEXT NOT NULL,
  id                   TEXT NOT NULL,
  token_hash           TEXT NOT NULL,
  email                TEXT NOT NULL,            -- normalized
  role                 TEXT NOT NULL CHECK (role IN ('district_admin', 'subdistrict_staff', 'community_staff', 'reviewer', 'evaluator')),
  scope_area           TEXT NOT NULL DEFAULT '', -- '' = the whole district
  status               TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
  invited_by           TEXT,                     -- district user; NULL when a platform operator invited
  invited_by_operator  TEXT,                     -- platform operator id, for the first admin
  expires_at           TEXT NOT NULL,
  sent_count           INTEGER NOT NULL DEFAULT 1,
  accepted_at          TEXT,
  accepted_user_id     TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, token_hash),
  FOREIGN KEY (district_id, invited_by) REFERENCES users (district_id, id),
  FOREIGN KEY (district_id, accepted_user_id) REFERENCES users (district_id, id),
  CHECK ((invited_by IS NULL) <> (invited_by_operator IS NULL))
);
-- At most one open invitation per address: a second one is a resend.
CREATE UNIQUE INDEX invitations_one_pending ON invitations (district_id, email) WHERE status = 'pending';
CREATE INDEX invitations_by_status ON invitations (district_id, status, created_at);

-- Offboarding: a platform operator deletes a district after a typed confirmation. The
-- audit log is append-only (0001), and stays so for everything except a sanctioned
-- offboarding: the row below exists only while the operator's deletion of that
-- district runs (src/modules/onboarding/district-tables.ts inserts it, deletes every
-- row of the district, then deletes it). No other code writes this table.
CREATE TABLE offboardings (
  district_id   TEXT NOT NULL PRIMARY KEY,
  operator_id   TEXT NOT NULL,
  started_at    TEXT NOT NULL
);

DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM offboardings o WHERE o.district_id = OLD.district_id)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
