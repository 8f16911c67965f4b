-- Notifications (src/notifications/). A module adds an event to the outbox in the same
-- batch as the change that causes it, so a change that rolled back leaves no event and
-- a committed one cannot lose its event. The queue consumer turns each event into one
-- delivery per recipient and channel and records every attempt.

CREATE TABLE notification_events (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  kind            TEXT NOT NULL,                 -- a kind declared in a module manifest
  recipient_type  TEXT NOT NULL CHECK (recipient_type IN ('person', 'organization', 'permission')),
  recipient_ref   TEXT NOT NULL,                 -- user id, organization id, or scope area ('' = district)
  params_json     TEXT NOT NULL,                 -- the kind's parameters: labels, dates, no personal data
  target_type     TEXT NOT NULL,
  target_id       TEXT,
  urgent          INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
  state           TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'resolved', 'done')),
  created_at      TEXT NOT NULL,
  resolved_at     TEXT,
  PRIMARY KEY (district_id, id)
);
CREATE INDEX notification_events_by_state ON notification_events (district_id, state, created_at);
CREATE INDEX notification_events_by_target ON notification_events (district_id, target_type, target_id);

-- One message to one person by one channel. The unique key makes a redelivered queue
-- message find the delivery it already made instead of making (and sending) another.
CREATE TABLE notification_deliveries (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  channel         TEXT NOT NULL CHECK (channel IN ('inbox', 'sms', 'email', 'wechat')),
  status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'outbox', 'digest', 'dead', 'skipped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claimed_at      TEXT,
  sent_at         TEXT,
  read_at         TEXT,
  last_error      TEXT,
  provider_ref    TEXT,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  UNIQUE (district_id, event_id, user_id, channel),
  FOREIGN KEY (district_id, event_id) REFERENCES notification_events (district_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_deliveries_inbox ON notification_deliveries (district_id, user_id, channel, read_at, created_at);
CREATE INDEX notification_deliveries_due ON notification_deliveries (district_id, status, next_attempt_at);

-- Every attempt to hand a message to a provider, with its outcome. Errors are the
-- provider's status and code only: its text may echo a phone number or an address.
CREATE TABLE notification_attempts (
  district_id   TEXT NOT NULL,
  delivery_id   TEXT NOT NULL,
  attempt       INTEGER NOT NULL,
  at            TEXT NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('sent', 'failed', 'throttled', 'outbox')),
  detail        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (district_id, delivery_id, attempt),
  FOREIGN KEY (district_id, delivery_id) REFERENCES notification_deliveries (district_id, id) ON DELETE CASCADE
);

-- A district's channels. `mode`: off, outbox (recorded as if sent: development and demo),
-- provider (sent through the provider's HTTP API). Credentials are encrypted with the
-- personal-data key and never shown again after entry.
CREATE TABLE notification_channels (
  district_id        TEXT NOT NULL,
  channel            TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'wechat')),
  mode               TEXT NOT NULL CHECK (mode IN ('off', 'outbox', 'provider')),
  config_json        TEXT NOT NULL DEFAULT '{}',
  secret_protected   TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  updated_by         TEXT,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (district_id, channel)
);

-- How a person may be reached besides the inbox and their sign-in e-mail address.
CREATE TABLE notification_contacts (
  district_id      TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  phone_protected  TEXT,
  wechat_openid    TEXT,
  digest           INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1)),
  unsubscribe_key  TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (district_id, user_id),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX notification_contacts_by_key ON notification_contacts (district_id, unsubscribe_key);

-- A person's choice of channels for one kind; no row: every channel the district enables.
CREATE TABLE notification_preferences (
  district_id   TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  kind          TEXT NOT NULL,
  channels      TEXT NOT NULL,                    -- comma-separated, of sms,email,wechat
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, user_id, kind),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id) ON DELETE CASCADE
);

-- Password reset by a one-time code sent through notifications (src/auth/password-reset.tsx).
-- Only a hash of the code is kept; a code is good for 15 minutes and five tries.
CREATE TABLE password_resets (
  district_id   TEXT NOT NULL,
  id            TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  code_hash     TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, id),
  FOREIGN KEY (district_id, user_id) REFERENCES users (district_id, id) ON DELETE CASCADE
);
CREATE INDEX password_resets_by_user ON password_resets (district_id, user_id, created_at);
