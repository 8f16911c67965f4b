-- A permission recipient may be reached through a permission other than its kind's (an
-- objection alert goes to the staff of the module that owns the notice). That permission
-- gets a column of its own instead of riding ahead of the area in recipient_ref
-- ("projects.manage@150203"), so the area column holds an area and nothing else.
ALTER TABLE notification_events ADD COLUMN recipient_permission TEXT;

-- Events written in the old form: the permission is what comes before the '@' (area codes
-- are digits, so no plain area contains one), the area what follows it.
UPDATE notification_events
  SET recipient_permission = substr(recipient_ref, 1, instr(recipient_ref, '@') - 1),
      recipient_ref = substr(recipient_ref, instr(recipient_ref, '@') + 1)
  WHERE recipient_type = 'permission' AND instr(recipient_ref, '@') > 0;

-- Codes that verify a mobile number at organization sign-up, sent by SMS as an address
-- message. The number is kept only as a keyed hash (to count codes per number); the
-- code only as a hash.
CREATE TABLE phone_verifications (
  district_id  TEXT NOT NULL,
  id           TEXT NOT NULL,
  phone_hash   TEXT NOT NULL,
  code_hash    TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  used_at      TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (district_id, id)
);
CREATE INDEX phone_verifications_by_phone ON phone_verifications (district_id, phone_hash, created_at);
