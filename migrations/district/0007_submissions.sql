-- Double submits (src/http/submissions.ts): the first response to a form's one-time
-- token or to an API client's Idempotency-Key, replayed to a repeat of the same request.
-- A row with no status is a request still being handled. Rows go after a day.
CREATE TABLE submissions (
  district_id   TEXT NOT NULL,
  key_hash      TEXT NOT NULL,              -- SHA-256 of who sent it and the token
  request_hash  TEXT NOT NULL,              -- SHA-256 of method, path and body
  status        INTEGER,
  location      TEXT,
  content_type  TEXT,
  body          TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (district_id, key_hash)
);
CREATE INDEX submissions_by_age ON submissions (district_id, created_at);
