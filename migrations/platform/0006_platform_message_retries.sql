-- Messages to operators are retried like a district's: a failed send waits with backoff
-- (next_attempt_at) and is picked up again by the five-minute dispatch and the queue,
-- until it is sent or, after its tries, dead for an operator to send again. The language
-- is kept with the message, since a retry has no request to take it from.
ALTER TABLE platform_messages ADD COLUMN next_attempt_at TEXT NOT NULL DEFAULT '';
ALTER TABLE platform_messages ADD COLUMN locale TEXT NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));
UPDATE platform_messages SET next_attempt_at = created_at;
CREATE INDEX platform_messages_due ON platform_messages (status, next_attempt_at);
