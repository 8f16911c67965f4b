-- Operators belong to no district, so the district channels cannot reach them. The
-- platform has its own sending channel (e-mail: an operator is known by an address),
-- configured like a district's with the credential sealed, its own message log shown
-- on the operator's outbox page, and its own password reset codes.

CREATE TABLE platform_channels (
  channel           TEXT PRIMARY KEY CHECK (channel IN ('email')),
  mode              TEXT NOT NULL CHECK (mode IN ('off', 'outbox', 'provider')),
  config_json       TEXT NOT NULL DEFAULT '{}',   -- endpoint, sender: nothing secret
  secret_protected  TEXT,                         -- the API key, sealed like personal data
  version           INTEGER NOT NULL DEFAULT 1,
  updated_by        TEXT,
  updated_at        TEXT NOT NULL
);

CREATE TABLE platform_messages (
  id            TEXT PRIMARY KEY,
  operator_id   TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL,                  -- a notification kind, rendered when sent and shown
  params_json   TEXT NOT NULL,                  -- the kind's parameters, secret ones sealed
  channel       TEXT NOT NULL CHECK (channel IN ('email')),
  status        TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'outbox', 'dead', 'skipped')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT,
  provider_ref  TEXT,
  created_at    TEXT NOT NULL,
  sent_at       TEXT
);
CREATE INDEX platform_messages_by_time ON platform_messages (created_at);

CREATE TABLE operator_password_resets (
  id            TEXT PRIMARY KEY,
  operator_id   TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  code_hash     TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);
CREATE INDEX operator_password_resets_by_operator ON operator_password_resets (operator_id, created_at);
