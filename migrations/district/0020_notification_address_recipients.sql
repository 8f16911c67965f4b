-- Address recipients (an invitee, an objector: someone reached at an e-mail address or
-- mobile number, without an account) get their own recipient type, and an event may
-- carry the language its recipient chose. SQLite cannot widen a CHECK in place, so the
-- outbox is rebuilt: events with their deliveries and attempts, in one migration, every
-- row kept. The old tables are renamed first (their foreign keys follow the renames),
-- the new ones created under the final names, the rows copied, and the old ones dropped
-- child first, so no cascade removes anything.

ALTER TABLE notification_attempts RENAME TO notification_attempts_old;
ALTER TABLE notification_deliveries RENAME TO notification_deliveries_old;
ALTER TABLE notification_events RENAME TO notification_events_old;
DROP INDEX notification_events_by_state;
DROP INDEX notification_events_by_target;
DROP INDEX notification_deliveries_inbox;
DROP INDEX notification_deliveries_due;

CREATE TABLE notification_events (
  district_id     TEXT NOT NULL,
  id              TEXT NOT NULL,
  kind            TEXT NOT NULL,                 -- a kind declared in a module manifest
  recipient_type  TEXT NOT NULL CHECK (recipient_type IN ('person', 'organization', 'permission', 'address')),
  recipient_ref   TEXT NOT NULL,                 -- user id, organization id, scope area ('' = district), or a sealed address
  locale          TEXT CHECK (locale IN ('zh-CN', 'en')), -- an address recipient's language, where they chose one
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

-- Address events were stored as 'person' with the sealed address (protect(): "v1." then
-- the ciphertext) as their reference; no user id has that shape.
INSERT INTO notification_events (district_id, id, kind, recipient_type, recipient_ref, locale, params_json, target_type, target_id, urgent, state, created_at, resolved_at)
  SELECT district_id, id, kind, CASE WHEN recipient_type = 'person' AND recipient_ref LIKE 'v1.%' THEN 'address' ELSE recipient_type END,
         recipient_ref, NULL, params_json, target_type, target_id, urgent, state, created_at, resolved_at
  FROM notification_events_old;
INSERT INTO notification_deliveries (district_id, id, event_id, user_id, channel, status, attempts, next_attempt_at, claimed_at, sent_at, read_at, last_error, provider_ref, created_at)
  SELECT district_id, id, event_id, user_id, channel, status, attempts, next_attempt_at, claimed_at, sent_at, read_at, last_error, provider_ref, created_at
  FROM notification_deliveries_old;
INSERT INTO notification_attempts (district_id, delivery_id, attempt, at, outcome, detail)
  SELECT district_id, delivery_id, attempt, at, outcome, detail FROM notification_attempts_old;

DROP TABLE notification_attempts_old;
DROP TABLE notification_deliveries_old;
DROP TABLE notification_events_old;

-- The language an objector used when filing, so that the outcome reaches them in it.
ALTER TABLE notice_objections ADD COLUMN locale TEXT CHECK (locale IN ('zh-CN', 'en'));
