-- District data. Every table carries district_id, first in its keys and indexes, and
-- references other rows through (district_id, id) so that no row can point into
-- another district. Handlers reach these tables only through src/data/district-data.ts.

-- The 区-街道-社区 hierarchy below the district. Codes are statistical division codes:
-- 9 digits for a sub-district (街道/乡镇), 12 for a community (社区/村). A code starts
-- with its parent's code, so "at or below" is a prefix range on the code.
CREATE TABLE areas (
  district_id   TEXT NOT NULL,
  code          TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('subdistrict', 'community')),
  parent_code   TEXT,
  name_zh       TEXT NOT NULL,
  name_en       TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL DEFAULT '',    -- 街道 / 镇 / 社区 / 村
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, code),
  CHECK ((level = 'subdistrict' AND length(code) = 9 AND parent_code IS NULL)
      OR (level = 'community' AND length(code) = 12 AND parent_code = substr(code, 1, 9)))
);
CREATE INDEX areas_by_parent ON areas (district_id, parent_code, code);

CREATE TABLE users (
  district_id          TEXT NOT NULL,
  id                   TEXT NOT NULL,
  email                TEXT NOT NULL,         -- normalized
  display_name         TEXT NOT NULL,
  password_hash        TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  locale               TEXT NOT NULL DEFAULT 'zh-CN',
  password_changed_at  TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, email)
);

-- Social organizations known to the district. The disclosure module extends this
-- registry; the foundation needs it for organization accounts.
CREATE TABLE organizations (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  name          TEXT NOT NULL,
  uscc          TEXT,                        -- 统一社会信用代码; NULL for a founding team
  kind          TEXT NOT NULL CHECK (kind IN ('registered', 'founding_team')),
  org_type      TEXT NOT NULL DEFAULT '',    -- 社会团体 / 社会服务机构 / 基金会 / 社区社会组织
  area_code     TEXT,                        -- lowest level it belongs to
  verification  TEXT NOT NULL CHECK (verification IN ('unverified', 'verified')),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, uscc),
  FOREIGN KEY (district_id, area_code) REFERENCES areas (district_id, code)
);
CREATE INDEX organizations_by_name ON organizations (district_id, name);
CREATE INDEX organizations_by_area ON organizations (district_id, area_code);

-- A role held by a user, with its scope: the district itself, a sub-district or a
-- community (by area code), or an organization for org_member.
CREATE TABLE role_grants (
  district_id      TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  role             TEXT NOT NULL CHECK (role IN ('district_admin', 'subdistrict_staff', 'community_staff',
                                                 'reviewer', 'evaluator', 'org_member', 'social_worker')),
  scope_area       TEXT NOT NULL DEFAULT '', -- '' = the whole district
  organization_id  TEXT,
  created_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, user_id, role, scope_area),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id) ON DELETE CASCADE,
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id),
  CHECK ((role = 'org_member') = (organization_id IS NOT NULL))
);
CREATE INDEX role_grants_by_role ON role_grants (district_id, role, scope_area);
CREATE INDEX role_grants_by_organization ON role_grants (district_id, organization_id);

CREATE TABLE sessions (
  district_id    TEXT NOT NULL,
  id_hash        TEXT NOT NULL,               -- SHA-256 of the cookie token
  user_id        TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  expires_at     TEXT NOT NULL,               -- absolute limit
  PRIMARY KEY (district_id, id_hash),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_by_user ON sessions (district_id, user_id);
CREATE INDEX sessions_by_expiry ON sessions (district_id, expires_at);

-- Failed sign-ins by e-mail address, whether or not an account exists, so that the
-- lockout itself says nothing about which addresses are registered.
CREATE TABLE login_failures (
  district_id   TEXT NOT NULL,
  email         TEXT NOT NULL,
  failed_at     TEXT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (district_id, email, failed_at);

-- Append-only, hash-chained per district: hash = SHA-256(prev_hash + canonical event).
-- seq is dense per district; a concurrent append loses on the primary key and retries.
CREATE TABLE audit_events (
  district_id    TEXT NOT NULL,
  seq            INTEGER NOT NULL,
  id             TEXT NOT NULL,
  at             TEXT NOT NULL,
  actor_id       TEXT,
  actor_role     TEXT NOT NULL,
  action         TEXT NOT NULL,
  target_type    TEXT NOT NULL,
  target_id      TEXT,
  summary_json   TEXT NOT NULL,
  request_id     TEXT,
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL,
  PRIMARY KEY (district_id, seq)
);
CREATE INDEX audit_events_by_actor ON audit_events (district_id, actor_id, seq);
CREATE INDEX audit_events_by_action ON audit_events (district_id, action, seq);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

-- Credit lists exist from the start so that eligibility checks can consult them; the
-- disclosure module maintains them.
CREATE TABLE credit_list_entries (
  district_id      TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  list             TEXT NOT NULL CHECK (list IN ('abnormal', 'serious')),
  reason           TEXT NOT NULL,
  legal_basis      TEXT NOT NULL,
  deciding_body    TEXT NOT NULL,
  decided_on       TEXT NOT NULL,
  exited_on        TEXT,
  created_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, organization_id) REFERENCES organizations (district_id, id)
);
CREATE INDEX credit_list_entries_by_org ON credit_list_entries (district_id, organization_id, exited_on);
