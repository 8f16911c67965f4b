-- The platform registry: which districts exist, how requests reach them, where their
-- data lives. District data itself never lives here (see migrations/district).

CREATE TABLE districts (
  code            TEXT PRIMARY KEY CHECK (length(code) = 6 AND code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'),
  name_zh         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  parent_name_zh  TEXT NOT NULL DEFAULT '',   -- e.g. 包头市: shown with the district name
  parent_name_en  TEXT NOT NULL DEFAULT '',
  shard           TEXT NOT NULL,              -- name of the D1 binding holding its data
  status          TEXT NOT NULL CHECK (status IN ('onboarding', 'active', 'suspended')),
  status_reason   TEXT,
  settings_json   TEXT NOT NULL,              -- validated by src/tenants/settings.ts
  modules_json    TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX districts_by_shard ON districts (shard);

CREATE TABLE district_hostnames (
  hostname       TEXT PRIMARY KEY,           -- lower-case, no port
  district_code  TEXT NOT NULL REFERENCES districts (code) ON DELETE CASCADE
);
CREATE INDEX district_hostnames_by_district ON district_hostnames (district_code);

-- One e-mail address belongs to at most one district (an account can hold roles in one
-- district only). The account itself lives in the district's shard; this row is the
-- platform-wide claim on the address and lets a sign-in at the platform root find it.
CREATE TABLE account_directory (
  email          TEXT PRIMARY KEY,           -- normalized (trimmed, lower-case)
  district_code  TEXT NOT NULL REFERENCES districts (code) ON DELETE CASCADE,
  user_id        TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX account_directory_by_district ON account_directory (district_code);

-- Platform operators are separate from district accounts.
CREATE TABLE operators (
  id              TEXT PRIMARY KEY,
  email           TEXT NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  password_hash   TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

CREATE TABLE operator_sessions (
  id_hash         TEXT PRIMARY KEY,          -- SHA-256 of the cookie token; the token is never stored
  operator_id     TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  created_at      TEXT NOT NULL,
  last_seen_at    TEXT NOT NULL,
  expires_at      TEXT NOT NULL              -- absolute limit
);
CREATE INDEX operator_sessions_by_operator ON operator_sessions (operator_id);
CREATE INDEX operator_sessions_by_expiry ON operator_sessions (expires_at);

CREATE TABLE operator_login_failures (
  email           TEXT NOT NULL,
  failed_at       TEXT NOT NULL
);
CREATE INDEX operator_login_failures_by_email ON operator_login_failures (email, failed_at);

-- The operators' own hash-chained audit trail (chain 'platform'); districts have theirs.
CREATE TABLE platform_audit_events (
  seq             INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  at              TEXT NOT NULL,
  actor_id        TEXT,
  actor_role      TEXT NOT NULL,
  action          TEXT NOT NULL,
  target_type     TEXT NOT NULL,
  target_id       TEXT,
  summary_json    TEXT NOT NULL,
  request_id      TEXT,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);
